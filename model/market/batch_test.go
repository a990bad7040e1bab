package market

import (
	"fmt"
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/vmath"
)

// batchMarkets returns markets that exercise every branch of a step: each
// price model (Merton with many jumps, GBM, Kou, a switching regime
// chain), scheduled shocks, frequent fee and power spikes, a fast GPU regime
// chain with many oversupply shocks, each colocation elasticity case
// (0, ½, 1 and a general one), hazards past their cap, and a constant
// hashrate.
func batchMarkets(t *testing.T) map[string]*Market {
	t.Helper()
	out := map[string]*Market{}
	add := func(name string, dt float64, edit func(p *MarketParams)) {
		p := DefaultMarketParams()
		edit(&p)
		m, err := NewMarket(p, dt)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = m
	}
	add("default", 1.0/12, func(*MarketParams) {})
	add("tabulated", 1.0/12, func(*MarketParams) {})
	out["tabulated"].Tabulate(40) // the first 40 steps from the table, then computed
	add("merton-jumpy", 1.0/12, func(p *MarketParams) {
		p.BTCPrice.JumpsPerYear, p.BTCPrice.JumpSDLog = 60, 0.4
		p.BTCPrice.Shocks = []PriceShock{{TimeYears: 0.5, LogSize: -0.9}, {TimeYears: 2.01, LogSize: 0.4}}
	})
	add("gbm", 1.0/12, func(p *MarketParams) { p.BTCPrice.Model = PriceGBM })
	add("kou", 1.0/12, func(p *MarketParams) {
		p.BTCPrice.Model, p.BTCPrice.JumpsPerYear = PriceKou, 30
		p.BTCPrice.UpProb, p.BTCPrice.UpMeanLog, p.BTCPrice.DownMeanLog = 0.4, 0.05, 0.08
	})
	add("regime", 1.0/52, func(p *MarketParams) {
		p.BTCPrice.Model = PriceRegime
		p.BTCPrice.RegimeDriftsPerYear = []float64{0.5, -0.6, 0}
		p.BTCPrice.RegimeVolsPerYear = []float64{0.4, 0.9, 0.2}
		p.BTCPrice.RegimeGeneratorPerYear = [][]float64{{-8, 5, 3}, {10, -12, 2}, {4, 4, -8}}
		p.BTCPrice.StartRegime = 1
	})
	add("spiky", 1.0/12, func(p *MarketParams) {
		p.Fees.JumpsPerYear, p.Power.JumpsPerYear = 40, 25
		p.GPU.TightToGlutPerYear, p.GPU.GlutToTightPerYear, p.GPU.OversupplyJumpsPerYear = 30, 20, 12
		p.Colo.ElasticityToGPU = 1.7
		p.Credit.MaxMultiplier, p.Credit.UnderwrittenDeclinePerYear = 1.5, 0
		p.Credit.WrongWayElasticity = ClassValues{Hyperscaler: 3, RatedNeocloud: 3, UnratedNeocloud: 0.2}
	})
	add("colo0", 0.25, func(p *MarketParams) { p.Colo.ElasticityToGPU = 0 })
	add("colo1-constant-hashrate", 1.0/12, func(p *MarketParams) {
		p.Colo.ElasticityToGPU = 1
		p.Network = p.Network.WithConstantHashrate()
	})
	return out
}

// TestBatchStepIsStepShocks checks that a Batch leaves every path exactly
// where Market.StepShocks (with given shocks) and Market.StepWith (drawing
// them) leave it, field by field and bit for bit, with the path streams in
// lockstep: over many steps, for every market of batchMarkets, batch sizes
// from 1 to 67 (odd ones, and fewer paths than the Batch holds), paths at
// different steps, plain and mirrored streams side by side, with vmath's
// reference mode on and off.
func TestBatchStepIsStepShocks(t *testing.T) {
	for _, ref := range []bool{false, true} {
		was := vmath.SetReference(ref)
		for name, m := range batchMarkets(t) {
			for _, n := range []int{1, 3, 64, 67} {
				for _, drawn := range []bool{false, true} {
					t.Run(fmt.Sprintf("ref=%v/%s/n=%d/drawn=%v", ref, name, n, drawn), func(t *testing.T) {
						checkBatchSteps(t, m, n, 130, drawn)
					})
				}
			}
		}
		vmath.SetReference(was)
	}
}

// checkBatchSteps steps n paths (odd slots mirrored, slot i starting i mod 3
// steps in) steps times through a Batch of n+2 slots and one by one, and
// fails at the first difference.
func checkBatchSteps(t *testing.T, m *Market, n, steps int, drawn bool) {
	t.Helper()
	b := m.NewBatch(n + 2)
	got, want := make([]State, n), make([]State, n)
	rb, rp := make([]*dist.Rand, n), make([]*dist.Rand, n)
	zs := make([][NumShocks]float64, n)
	shocks := dist.New(99, uint64(n))
	var sub dist.Rand
	for i := range got {
		got[i] = m.Start()
		for range i % 3 { // paths at different steps
			m.StepWith(&got[i], dist.New(8, uint64(i)), &sub)
		}
		want[i] = got[i]
		rb[i], rp[i] = dist.New(7, uint64(i)), dist.New(7, uint64(i))
		rb[i].SetMirror(i%2 == 1)
		rp[i].SetMirror(i%2 == 1)
	}
	for k := range steps {
		if drawn {
			b.Step(got, rb)
		} else {
			for i := range zs {
				m.Correlated().Fill(zs[i][:], shocks)
				zs[i][1] *= 3 // reach the hashrate's and the rents' far ranges
			}
			b.StepShocks(got, zs, rb)
		}
		for i := range want {
			if drawn {
				m.StepWith(&want[i], rp[i], &sub)
			} else {
				m.StepShocks(&want[i], &zs[i], rp[i], &sub)
			}
			if !sameState(got[i], want[i]) {
				t.Fatalf("step %d path %d:\nbatch    %+v\nStepWith %+v", k+1, i, got[i], want[i])
			}
		}
	}
	for i := range rb {
		if rb[i].Uint64() != rp[i].Uint64() {
			t.Fatalf("path %d: the batch drew a different number of words from the path stream", i)
		}
	}
}

// sameState reports whether a and b are equal field by field, comparing
// floats by their bits.
func sameState(a, b State) bool {
	if a == b {
		return true
	}
	return fmt.Sprintf("%v", bitsOf(a)) == fmt.Sprintf("%v", bitsOf(b))
}

// bitsOf returns s's float fields as their bit patterns, so that NaNs
// compare equal to themselves.
func bitsOf(s State) []uint64 {
	fs := []float64{s.TimeYears, s.DtYears, s.BTCPriceUSD, s.HashrateEHs, s.Difficulty, s.SubsidyBTC,
		s.FeesPerBlockBTC, s.BlocksMined, s.RewardBTC, s.HashpriceUSDPerPHDay, s.PowerUSDPerMWh,
		s.GPURentUSDPerHour, s.GPUTrendUSDPerHour, s.ColoRentUSDPerKWMonth, s.blockPos, s.epochSeconds,
		s.lagLogPrice, s.gpuLogMargin, s.lastHalvingYears,
		s.TenantHazardPerYear[0], s.TenantHazardPerYear[1], s.TenantHazardPerYear[2],
		float64(s.Step), float64(s.PriceRegime), float64(s.Height), float64(s.HalvingsSinceStart),
		float64(s.GPURegime), float64(s.epochStart)}
	out := make([]uint64, len(fs))
	for i, f := range fs {
		out[i] = math.Float64bits(f)
	}
	return out
}

// TestBatchStepAllocatesNothing checks Batch.Step and Batch.StepShocks.
func TestBatchStepAllocatesNothing(t *testing.T) {
	m, err := NewMarket(DefaultMarketParams(), 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	const n = 64
	b := m.NewBatch(n)
	s := make([]State, n)
	r := make([]*dist.Rand, n)
	z := make([][NumShocks]float64, n)
	for i := range s {
		s[i], r[i] = m.Start(), dist.New(1, uint64(i))
	}
	if a := testing.AllocsPerRun(50, func() { b.Step(s, r) }); a != 0 {
		t.Errorf("Batch.Step: %v allocations per step, want 0", a)
	}
	if a := testing.AllocsPerRun(50, func() { b.StepShocks(s, z, r) }); a != 0 {
		t.Errorf("Batch.StepShocks: %v allocations per step, want 0", a)
	}
}

// TestBatchRefusesMismatchedSlices checks that a step of more paths than
// the Batch holds, or with fewer shock rows or streams than states, panics
// with a message naming the counts.
func TestBatchRefusesMismatchedSlices(t *testing.T) {
	m, err := NewMarket(DefaultMarketParams(), 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	b := m.NewBatch(2)
	r := []*dist.Rand{dist.New(1, 0), dist.New(1, 1), dist.New(1, 2)}
	for name, step := range map[string]func(){
		"too many":   func() { b.Step(make([]State, 3), r) },
		"streams":    func() { b.Step(make([]State, 2), r[:1]) },
		"shock rows": func() { b.StepShocks(make([]State, 2), make([][NumShocks]float64, 1), r[:2]) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			step()
		}()
	}
}
