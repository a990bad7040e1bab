package site

import (
	"math"

	"github.com/pivotrisk/pivotrisk/internal/vmath"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// CurtailBatch fills the curtailment memos of a batch of paths at once:
// Curtail for every path's prices, with the logarithms and the normal
// distribution functions evaluated over whole slices (internal/vmath). Each
// memo gets exactly the bits CurtailMemo.Update would give it. A
// CurtailBatch holds scratch for up to its capacity of paths and is used by
// one goroutine at a time.
type CurtailBatch struct {
	strike, mean, x, d, e []float64
}

// NewCurtailBatch returns a CurtailBatch for up to n paths (n ≥ 1).
func NewCurtailBatch(n int) *CurtailBatch {
	buf := make([]float64, 5*n)
	return &CurtailBatch{
		strike: buf[0*n : 1*n], mean: buf[1*n : 2*n], x: buf[2*n : 3*n],
		d: buf[3*n : 4*n], e: buf[4*n : 5*n],
	}
}

// Update sets memos[i] as memos[i].Update(&states[i], f) would, for every
// path i of the batch (len(states) = len(memos) ≤ the batch's capacity).
// It allocates nothing.
func (b *CurtailBatch) Update(memos []*CurtailMemo, states []market.State, f *Facility) {
	n := len(states)
	disp := f.SpotDispersion
	strike, mean, x := b.strike[:n], b.mean[:n], b.x[:n]
	for i := range states {
		s := &states[i]
		strike[i] = MiningRevenuePerMWh(s.HashpriceUSDPerPHDay, f.EfficiencyJPerTH, f.PoolFee) - f.DemandResponseUSDPerMWh
		mean[i] = s.PowerUSDPerMWh
		x[i] = 1 // a harmless argument where Curtail takes no logarithm
		if curtailSmooth(strike[i], mean[i], disp) {
			x[i] = strike[i] / mean[i]
		}
	}
	vmath.LogSlice(x, x)
	d, e := b.d[:n], b.e[:n]
	for i := range x {
		d[i] = curtailD(x[i], disp)
		e[i] = d[i] - disp
	}
	vmath.NormCDFSlice(d, d)
	vmath.NormCDFSlice(e, e)
	for i, m := range memos {
		q, c := d[i], mean[i]*e[i]
		if !curtailSmooth(strike[i], mean[i], disp) {
			q, c = Curtail(strike[i], mean[i], disp)
		}
		*m = CurtailMemo{ok: true, strike: math.Float64bits(strike[i]), mean: math.Float64bits(mean[i]),
			disp: math.Float64bits(disp), runShare: q, costPerMWh: c}
	}
}

// curtailSmooth reports whether Curtail takes the lognormal branch (a
// dispersion, a positive mean and a positive strike) rather than one of
// its flat cases.
func curtailSmooth(strike, mean, dispersion float64) bool {
	return dispersion != 0 && mean > 0 && strike > 0
}
