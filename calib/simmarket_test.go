package calib

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// simStart is the first day of the simulated histories.
var simStart = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

// simMarketHistory runs the model's own Market in daily steps (dtYears =
// 1/DaysPerYear, so one row is one step of the fit's clock) and records a
// Coin Metrics-like history of days+1 rows: row 0 is the start state, row j
// the state after step j. Each day's block count is drawn Poisson around
// the market's expected count and the recorded hashrate is the true one
// times count/expected, as Coin Metrics' HashRate (difficulty × count) is;
// fees and issuance are the per-block figures times the count. With
// exact set, counts are the expected ones and the hashrate is exact.
func simMarketHistory(t testing.TB, p market.MarketParams, days int, seed uint64, exact bool) *History {
	t.Helper()
	h, err := simMarket(p, days, seed, exact)
	require.NoError(t, err)
	return h
}

// simMarket is simMarketHistory returning the market's error.
func simMarket(p market.MarketParams, days int, seed uint64, exact bool) (*History, error) {
	m, err := market.NewMarket(p, dt)
	if err != nil {
		return nil, err
	}
	r := dist.New(seed, 0)
	noise := dist.New(seed, 1) // block-count noise on its own stream
	h := &History{
		Dates:       make([]time.Time, days+1),
		PriceUSD:    make([]float64, days+1),
		HashrateTHs: make([]float64, days+1),
		Difficulty:  make([]float64, days+1),
		Blocks:      make([]float64, days+1),
		FeesBTC:     make([]float64, days+1),
		IssuanceBTC: make([]float64, days+1),
	}
	s := m.Start()
	for j := 0; j <= days; j++ {
		if j > 0 {
			m.Step(&s, r)
		}
		expected := s.BlocksMined
		subsidy := 0.0
		if j == 0 {
			// The start state mined nothing: record a day at the target
			// rate and the start's subsidy.
			expected = 144
			subsidy = s.SubsidyBTC
		} else {
			subsidy = (s.RewardBTC - s.BlocksMined*s.FeesPerBlockBTC) / s.BlocksMined
		}
		n := expected
		if !exact {
			n = float64(noise.Poisson(expected))
		}
		h.Dates[j] = simStart.AddDate(0, 0, j)
		h.PriceUSD[j] = s.BTCPriceUSD
		h.HashrateTHs[j] = s.HashrateEHs * 1e6 * n / expected
		h.Difficulty[j] = s.Difficulty
		h.Blocks[j] = n
		h.FeesBTC[j] = s.FeesPerBlockBTC * n
		h.IssuanceBTC[j] = subsidy * n
	}
	return h, nil
}

// marginalEfficiencyAt returns e₀·e^{−g·t} after days daily steps.
func marginalEfficiencyAt(p market.NetworkParams, days int) float64 {
	return p.MarginalEfficiencyJPerTH * math.Exp(-p.TrendGrowthPerYear*float64(days)*dt)
}
