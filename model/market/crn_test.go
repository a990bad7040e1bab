package market

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
)

// marketField reads one State field for the common-random-numbers tests.
type marketField struct {
	name string
	get  func(s *State) float64
}

var (
	fPrice     = marketField{"BTC price", func(s *State) float64 { return s.BTCPriceUSD }}
	fHashrate  = marketField{"hashrate", func(s *State) float64 { return s.HashrateEHs }}
	fDiff      = marketField{"difficulty", func(s *State) float64 { return s.Difficulty }}
	fHeight    = marketField{"height", func(s *State) float64 { return float64(s.Height) }}
	fBlocks    = marketField{"blocks mined", func(s *State) float64 { return s.BlocksMined }}
	fHashprice = marketField{"hashprice", func(s *State) float64 { return s.HashpriceUSDPerPHDay }}
	fFees      = marketField{"fees", func(s *State) float64 { return s.FeesPerBlockBTC }}
	fPower     = marketField{"power", func(s *State) float64 { return s.PowerUSDPerMWh }}
	fGPU       = marketField{"GPU rent", func(s *State) float64 { return s.GPURentUSDPerHour }}
	fColo      = marketField{"colocation rent", func(s *State) float64 { return s.ColoRentUSDPerKWMonth }}
	fHazard    = marketField{"rated neocloud hazard", func(s *State) float64 { return s.TenantHazardPerYear[RatedNeocloud] }}
)

// TestMarketCommonRandomNumbers changes one component's parameters at a
// time, including every parameter that changes how many draws the
// component makes (jump rates, jump sizes, regime switching rates, the
// price model itself), and checks that every State field the component
// cannot affect stays bit for bit the same on every step of every path,
// plain and mirrored, while the changed component does move.
func TestMarketCommonRandomNumbers(t *testing.T) {
	network := []marketField{fPrice, fHashrate, fDiff, fHeight, fBlocks, fHashprice, fFees}
	gpuSide := []marketField{fGPU, fColo, fHazard}
	cases := []struct {
		name   string
		change func(p *MarketParams)
		same   []marketField
		moved  marketField
	}{
		{"gpu.pipelineGW 0", func(p *MarketParams) { p.GPU.PipelineGW = 0 }, append(network, fPower), fGPU},
		{"gpu.pipelineGW 30", func(p *MarketParams) { p.GPU.PipelineGW = 30 }, append(network, fPower), fGPU},
		{"gpu.generationDecayPerYear", func(p *MarketParams) { p.GPU.GenerationDecayPerYear = 0.5 }, append(network, fPower), fGPU},
		{"gpu regime rates", func(p *MarketParams) { p.GPU.TightToGlutPerYear, p.GPU.GlutToTightPerYear = 5, 0 }, append(network, fPower), fGPU},
		{"gpu no switching", func(p *MarketParams) { p.GPU.TightToGlutPerYear = 0 }, append(network, fPower), fGPU},
		{"gpu jump size", func(p *MarketParams) { p.GPU.OversupplyJumpMeanLog = 0.6 }, append(network, fPower), fGPU},
		{"gpu jumps without pipeline", func(p *MarketParams) { p.GPU.OversupplyJumpsPerYear = 3 }, append(network, fPower), fGPU},
		{"fees.jumpsPerYear 0", func(p *MarketParams) { p.Fees.JumpsPerYear = 0 }, append([]marketField{fPrice, fPower}, gpuSide...), fFees},
		{"fees.jumpsPerYear 12", func(p *MarketParams) { p.Fees.JumpsPerYear = 12 }, append([]marketField{fPrice, fPower}, gpuSide...), fFees},
		{"fees jump sizes", func(p *MarketParams) { p.Fees.JumpMeanLog, p.Fees.JumpSDLog = -1, 2 }, append([]marketField{fPrice, fPower}, gpuSide...), fFees},
		{"power.jumpsPerYear 0", func(p *MarketParams) { p.Power.JumpsPerYear = 0 }, append(network, gpuSide...), fPower},
		{"power.jumpsPerYear 20", func(p *MarketParams) { p.Power.JumpsPerYear = 20 }, append(network, gpuSide...), fPower},
		{"power jump sizes", func(p *MarketParams) { p.Power.JumpMeanLog, p.Power.JumpSDLog = 1.5, 1 }, append(network, gpuSide...), fPower},
		{"btcPrice.jumpsPerYear 0", func(p *MarketParams) { p.BTCPrice.JumpsPerYear = 0 }, append([]marketField{fFees, fPower}, gpuSide...), fPrice},
		{"btcPrice kou", func(p *MarketParams) {
			p.BTCPrice = PriceModel{Model: PriceKou, DriftPerYear: 0.04, VolPerYear: 0.49, JumpsPerYear: 20, UpProb: 0.4, UpMeanLog: 0.1, DownMeanLog: 0.12}
		}, append([]marketField{fFees, fPower}, gpuSide...), fPrice},
		{"btcPrice regime", func(p *MarketParams) {
			p.BTCPrice = PriceModel{Model: PriceRegime, RegimeDriftsPerYear: []float64{0.3, -0.5}, RegimeVolsPerYear: []float64{0.4, 0.8},
				RegimeGeneratorPerYear: [][]float64{{-2, 2}, {3, -3}}}
		}, append([]marketField{fFees, fPower}, gpuSide...), fPrice},
		{"btcPrice gbm", func(p *MarketParams) { p.BTCPrice = PriceModel{Model: PriceGBM, DriftPerYear: 0.04, VolPerYear: 0.5} },
			append([]marketField{fFees, fPower}, gpuSide...), fPrice},
	}
	const paths, steps = 12, 120
	base, err := NewMarket(DefaultMarketParams(), 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultMarketParams()
			tc.change(&p)
			m, err := NewMarket(p, 1.0/12)
			if err != nil {
				t.Fatal(err)
			}
			moved := false
			for path := range uint64(paths) {
				mirror := path%2 == 1
				ra, rb := dist.New(5, path/2), dist.New(5, path/2)
				ra.SetMirror(mirror)
				rb.SetMirror(mirror)
				a, b := base.Start(), m.Start()
				for k := 1; k <= steps; k++ {
					base.Step(&a, ra)
					m.Step(&b, rb)
					for _, f := range tc.same {
						if x, y := f.get(&a), f.get(&b); math.Float64bits(x) != math.Float64bits(y) {
							t.Fatalf("path %d step %d: %s %v with the default market, %v with %s", path, k, f.name, x, y, tc.name)
						}
					}
					if tc.moved.get(&a) != tc.moved.get(&b) {
						moved = true
					}
				}
			}
			if !moved {
				t.Errorf("%s never moved: the case tests nothing", tc.moved.name)
			}
		})
	}
}

// TestMarketStreamConsumptionFixed checks that a step takes the same words
// of the market stream whatever the parameters: after any number of steps
// of two markets that draw very differently, the next word of their
// streams is the same.
func TestMarketStreamConsumptionFixed(t *testing.T) {
	calm := DefaultMarketParams()
	calm.Fees.JumpsPerYear, calm.Power.JumpsPerYear, calm.GPU.PipelineGW, calm.BTCPrice.JumpsPerYear = 0, 0, 0, 0
	calm.GPU.TightToGlutPerYear, calm.GPU.GlutToTightPerYear = 0, 0
	wild := DefaultMarketParams()
	wild.Fees.JumpsPerYear, wild.Power.JumpsPerYear, wild.GPU.PipelineGW, wild.BTCPrice.JumpsPerYear = 300, 300, 900, 300
	wild.GPU.TightToGlutPerYear, wild.GPU.GlutToTightPerYear = 90, 90
	ma, err := NewMarket(calm, 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := NewMarket(wild, 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	for _, mirror := range []bool{false, true} {
		ra, rb := dist.New(8, 1), dist.New(8, 1)
		ra.SetMirror(mirror)
		rb.SetMirror(mirror)
		a, b := ma.Start(), mb.Start()
		for k := range 60 {
			ma.Step(&a, ra)
			mb.Step(&b, rb)
			if x, y := ra.Uint64(), rb.Uint64(); x != y {
				t.Fatalf("mirror %v, after step %d: next words %x and %x differ", mirror, k+1, x, y)
			}
		}
	}
}

// TestMarketAntitheticStillHalvesVariance checks that antithetic pairs of
// market paths (mirrored stream and sub-streams) still pair: for a payoff
// monotone in the shocks, the BTC price after one year, the variance of a
// pair's mean is below half the variance of one path.
func TestMarketAntitheticStillHalvesVariance(t *testing.T) {
	m, err := NewMarket(DefaultMarketParams(), 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	const n = 4000
	single, pairs := make([]float64, n), make([]float64, n)
	for i := range n {
		var x [2]float64
		for j, mirror := range []bool{false, true} {
			r := dist.New(9, uint64(i))
			r.SetMirror(mirror)
			s := m.Start()
			for range 12 {
				m.Step(&s, r)
			}
			x[j] = s.BTCPriceUSD
		}
		single[i] = x[0]
		pairs[i] = 0.5 * (x[0] + x[1])
	}
	vs, vp := variance(single), variance(pairs)
	if !(vp < 0.5*vs) {
		t.Errorf("variance of antithetic pair means %.4g, of single paths %.4g: want below half", vp, vs)
	}
}

func variance(xs []float64) float64 {
	var m, v float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return v / float64(len(xs)-1)
}

// TestStepAllocatesNothingEveryPriceModel checks that the market's
// sub-streams stay on Step's stack whatever the price process (each is
// stepped through its concrete type).
func TestStepAllocatesNothingEveryPriceModel(t *testing.T) {
	for _, pm := range []PriceModel{
		DefaultPriceModel(),
		{Model: PriceGBM, DriftPerYear: 0.04, VolPerYear: 0.5},
		{Model: PriceKou, DriftPerYear: 0.04, VolPerYear: 0.49, JumpsPerYear: 20, UpProb: 0.4, UpMeanLog: 0.1, DownMeanLog: 0.12},
		{Model: PriceRegime, RegimeDriftsPerYear: []float64{0.3, -0.5}, RegimeVolsPerYear: []float64{0.4, 0.8}, RegimeGeneratorPerYear: [][]float64{{-2, 2}, {3, -3}}},
	} {
		p := DefaultMarketParams()
		p.BTCPrice = pm
		m, err := NewMarket(p, 1.0/12)
		if err != nil {
			t.Fatal(err)
		}
		r := dist.New(62, 0)
		s := m.Start()
		if n := testing.AllocsPerRun(1000, func() { m.Step(&s, r) }); n != 0 {
			t.Errorf("%s: Step allocates %v times per call, want 0", pm.Model, n)
		}
	}
}
