package model

import (
	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// marketBatch steps a batch of paths' markets, one path after another.
type marketBatch struct {
	m    *market.Market
	subs []dist.Rand
}

func newMarketBatch(m *market.Market, n int) *marketBatch {
	return &marketBatch{m: m, subs: make([]dist.Rand, n)}
}

func (b *marketBatch) StepShocks(s []market.State, z [][market.NumShocks]float64, r []*dist.Rand) {
	for i := range s {
		b.m.StepShocks(&s[i], &z[i], r[i], &b.subs[i])
	}
}
