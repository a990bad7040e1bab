package market

import (
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// stateAt returns a bare state at the given exact height with the
// difficulty that makes hashrateEHs mine at the target pace, whose epoch so
// far ran at the target pace too.
func stateAt(height int64, hashrateEHs float64) State {
	epochStart := height - height%RetargetInterval
	return State{
		HashrateEHs:  hashrateEHs,
		Difficulty:   EquilibriumDifficulty(hashrateEHs),
		Height:       height,
		blockPos:     float64(height),
		epochStart:   epochStart,
		epochSeconds: float64(height-epochStart) * TargetBlockSeconds,
	}
}

func TestMineSplitsBlocksAtHalving(t *testing.T) {
	// 1,049,900 lies in the epoch 1,048,320 (= 520 × 2,016) .. 1,050,335.
	s := stateAt(1_049_900, 1000)
	blocks, subsidy := mine(&s, 200*TargetBlockSeconds, 3)
	mctest.WithinRel(t, "blocks", blocks, 200, 1e-12)
	mctest.WithinRel(t, "subsidy BTC", subsidy, 100*3.125+100*1.5625, 1e-12)
	if s.HalvingsSinceStart != 1 || s.Height != 1_050_100 || s.SubsidyBTC != 1.5625 {
		t.Errorf("halvings %d, height %d, subsidy %v; want 1, 1,050,100, 1.5625", s.HalvingsSinceStart, s.Height, s.SubsidyBTC)
	}
	mctest.WithinRel(t, "halving time", s.lastHalvingYears, 3+100*TargetBlockSeconds/SecondsPerYear, 1e-12)
	d := s.Difficulty
	// 300 more blocks' time crosses the epoch end at 1,050,336 after 236
	// blocks; the epoch took exactly 2,016 × 600 s, so the difficulty stays.
	blocks, _ = mine(&s, 300*TargetBlockSeconds, 0)
	mctest.WithinRel(t, "blocks", blocks, 300, 1e-12)
	if s.epochStart != 1_050_336 {
		t.Errorf("epoch start %d, want 1,050,336", s.epochStart)
	}
	mctest.WithinRel(t, "difficulty after an on-target epoch", s.Difficulty, d, 1e-12)
	mctest.WithinRel(t, "seconds into the new epoch", s.epochSeconds, 64*TargetBlockSeconds, 1e-9)
}

func TestMineRetargetsAndContinuesAtNewRate(t *testing.T) {
	// Twice the hashrate the difficulty was set for: blocks every 300 s.
	s := stateAt(2016*500, 1000)
	s.HashrateEHs = 2000
	d := s.Difficulty
	// One full epoch at 300 s plus 10 blocks' worth at the new 600 s pace.
	blocks, _ := mine(&s, 2016*300+10*600, 0)
	mctest.WithinRel(t, "difficulty doubled", s.Difficulty, 2*d, 1e-12)
	mctest.WithinRel(t, "blocks", blocks, 2016+10, 1e-9)
	if s.epochStart != 2016*501 {
		t.Errorf("epoch start %d, want %d", s.epochStart, 2016*501)
	}
	// A hashrate 10× the difficulty's: the retarget is clamped at ×4.
	s = stateAt(2016*500, 1000)
	s.HashrateEHs = 10_000
	mine(&s, 2016*60, 0)
	mctest.WithinRel(t, "difficulty clamped at ×4", s.Difficulty, 4*d, 1e-12)
}

// constantHashrateMarket returns a market whose hashrate never moves.
func constantHashrateMarket(t *testing.T, dt float64) *Market {
	t.Helper()
	p := DefaultMarketParams()
	p.Network = p.Network.WithConstantHashrate()
	m, err := NewMarket(p, dt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// halvingTimes steps m from its start until horizonYears and returns the
// simulated times of the halvings on the way.
func halvingTimes(m *Market, r *dist.Rand, horizonYears float64) []float64 {
	var times []float64
	s := m.Start()
	for s.TimeYears < horizonYears-1e-9 {
		n := s.HalvingsSinceStart
		m.Step(&s, r)
		if s.HalvingsSinceStart > n {
			if s.HalvingsSinceStart > n+1 {
				times = append(times, math.NaN()) // a step with two halvings is recorded once; flag it
			}
			times = append(times, s.lastHalvingYears)
		}
	}
	return times
}

func TestHalvingsWithConstantHashrate(t *testing.T) {
	// Hand computation of the first halving from the default start: the
	// current epoch (979 of its blocks done at 600 s each) ends after 1,037
	// blocks at the start difficulty's rate; the next epoch runs at the
	// rate of the first retarget; from then on the difficulty matches the
	// hashrate exactly, so the remaining blocks to 1,050,000 take 600 s.
	p := DefaultMarketParams()
	h, d0 := p.Start.HashrateEHs, p.Start.Difficulty
	ta := 1037 / BlocksPerSecond(h, d0)
	d1 := Retarget(d0, 979*600+ta)
	tb := 2016 / BlocksPerSecond(h, d1)
	tc := float64(1_050_000-(929_376+2*2016)) * 600
	first := (ta + tb + tc) / SecondsPerYear
	gap := float64(HalvingInterval*TargetBlockSeconds) / SecondsPerYear

	for _, tc := range []struct {
		name string
		dt   float64
	}{{"daily", 1 / DaysPerYear}, {"monthly", 1.0 / 12}, {"quarterly", 0.25}, {"yearly", 1}} {
		t.Run(tc.name, func(t *testing.T) {
			m := constantHashrateMarket(t, tc.dt)
			times := halvingTimes(m, dist.New(7, 0), 7)
			if len(times) != 2 {
				t.Fatalf("got halvings at %v years, want 2 within 7 years", times)
			}
			mctest.WithinRel(t, "halving 5 (years)", times[0], first, 1e-12)
			mctest.WithinRel(t, "halving 6 − halving 5 (years)", times[1]-times[0], gap, 1e-10)
		})
	}
	// The first halving lands in April 2028, as docs/CALIBRATION.md §A projects.
	if first < 2.25 || first > 2.30 {
		t.Errorf("halving 5 at %.4f years after 2026-01-01, want April 2028 (2.25..2.30)", first)
	}
}

func TestHalvingsComeEarlierWithGrowingHashrate(t *testing.T) {
	const paths = 200
	m0 := constantHashrateMarket(t, 1.0/12)
	constant := halvingTimes(m0, dist.New(1, 0), 3)[0]

	p := DefaultMarketParams()
	p.Network.TrendGrowthPerYear = math.Log(1.5) // +50 %/yr
	p.Network.ErrorCorrectionPerYear = 0
	m, err := NewMarket(p, 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	r := dist.New(2, 0)
	first := make([]float64, paths)
	in2028 := 0
	for i := range first {
		r.Reset(2, uint64(i))
		times := halvingTimes(m, r, 3)
		if len(times) == 0 {
			t.Fatalf("path %d: no halving within 3 years", i)
		}
		first[i] = times[0]
		if first[i] >= 2 && first[i] < 3 {
			in2028++
		}
	}
	mean, se := mctest.MeanSE(first)
	// With the difficulty lagging a hashrate that grows 50 %/yr by about
	// one epoch, blocks come ≈ 1.5 % faster than 600 s: the halving moves
	// forward by about 2.3 % of its 2.3 years, ≈ 0.03 years.
	if !(mean+4*se < constant-0.01) {
		t.Errorf("mean halving time %.4f ± %.4f years with 50 %%/yr growth, want measurably before %.4f (constant hashrate)", mean, se, constant)
	}
	if in2028 <= paths/2 {
		t.Errorf("halving 5 in 2028 in %d of %d paths, want most", in2028, paths)
	}
}

func TestDefaultStartNearEquilibrium(t *testing.T) {
	p := DefaultMarketParams()
	st := p.Start
	hStar := BreakEvenHashrateEHs(3.125+st.FeesPerBlockBTC, st.BTCPriceUSD, p.Network.MarginalEfficiencyJPerTH, p.Network.MarginalPowerUSDPerMWh)
	if gap := math.Log(st.HashrateEHs / hStar); math.Abs(gap) > 0.1 {
		t.Errorf("start hashrate %.0f EH/s vs break-even %.0f EH/s: log gap %.3f, want within ±0.1", st.HashrateEHs, hStar, gap)
	}
	m, err := NewMarket(p, 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	// docs/CALIBRATION.md §B: hashprice 39.53 USD/PH/day on 2026-01-12 (at a
	// price near 91k); the start's instantaneous hashprice lies within 10 %.
	mctest.WithinRel(t, "start hashprice", m.Start().HashpriceUSDPerPHDay, 39.53, 0.1)
}

func TestPriceShockMovesHashpriceLessInTheLongRun(t *testing.T) {
	const paths = 200
	base := DefaultMarketParams()
	shocked := DefaultMarketParams()
	shocked.BTCPrice.Shocks = []PriceShock{{TimeYears: 0.51, LogSize: math.Log(0.5)}}
	mb, err := NewMarket(base, 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := NewMarket(shocked, 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	const impactStep, longStep = 7, 72 // the step containing 0.51 years; 6 years
	impact := make([]float64, paths)
	long := make([]float64, paths)
	r := dist.New(3, 0)
	for i := range paths {
		var hb, hs [longStep + 1]float64
		for k, m := range []*Market{mb, ms} {
			r.Reset(3, uint64(i))
			s := m.Start()
			for step := 1; step <= longStep; step++ {
				m.Step(&s, r)
				if k == 0 {
					hb[step] = s.HashpriceUSDPerPHDay
				} else {
					hs[step] = s.HashpriceUSDPerPHDay
				}
			}
		}
		impact[i] = math.Log(hs[impactStep] / hb[impactStep])
		long[i] = math.Log(hs[longStep] / hb[longStep])
	}
	mi, sei := mctest.MeanSE(impact)
	ml, sel := mctest.MeanSE(long)
	// On impact the hashprice falls with the price (the hashrate has barely
	// moved): close to ln 0.5.
	if !(mi < 0.9*math.Log(0.5)) {
		t.Errorf("impact on log hashprice %.4f ± %.4f, want close to ln 0.5 = %.4f", mi, sei, math.Log(0.5))
	}
	if !(math.Abs(ml)+4*sel < math.Abs(mi)-4*sei) {
		t.Errorf("long-run effect on log hashprice %.4f ± %.4f, want smaller in size than the impact %.4f ± %.4f", ml, sel, mi, sei)
	}
}

func TestHashrateErrorCorrectionIsExact(t *testing.T) {
	// Flat revenue (price and fees held still) and no noise: the log gap to
	// the break-even hashrate decays as e^(−κt) while H* grows at g, for
	// any step length. Start at twice the break-even hashrate.
	p := DefaultMarketParams()
	p.BTCPrice = PriceModel{Model: PriceGBM}
	p.Fees.VolPerYear, p.Fees.JumpsPerYear = 0, 0
	p.Fees.LevelBTC = p.Start.FeesPerBlockBTC
	p.Network.NoiseVolPerYear = 0
	p.Network.TrendGrowthPerYear = 0.2
	n := p.Network
	hStar0 := BreakEvenHashrateEHs(3.125+p.Start.FeesPerBlockBTC, p.Start.BTCPriceUSD, n.MarginalEfficiencyJPerTH, n.MarginalPowerUSDPerMWh)
	p.Start.HashrateEHs = 2 * hStar0
	for _, tc := range []struct {
		name  string
		dt    float64
		steps int
	}{{"monthly", 1.0 / 12, 18}, {"quarterly", 0.25, 6}, {"half-yearly", 0.5, 3}} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := NewMarket(p, tc.dt)
			if err != nil {
				t.Fatal(err)
			}
			s := m.Start()
			r := dist.New(8, 0)
			for range tc.steps {
				m.Step(&s, r)
			}
			want := math.Log(hStar0) + n.TrendGrowthPerYear*1.5 + math.Ln2*math.Exp(-n.ErrorCorrectionPerYear*1.5)
			mctest.WithinRel(t, "log hashrate after 1.5 years", math.Log(s.HashrateEHs), want, 1e-13)
		})
	}
}

func TestNetworkValidate(t *testing.T) {
	p := DefaultNetworkParams()
	if err := p.Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	p.ErrorCorrectionPerYear = -1
	p.NoiseVolPerYear = math.NaN()
	p.MarginalEfficiencyJPerTH = 0
	err := p.Validate()
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"errorCorrectionPerYear = -1", "noiseVolPerYear = NaN", "marginalEfficiencyJPerTH = 0"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	c := DefaultNetworkParams().WithConstantHashrate()
	if c.TrendGrowthPerYear != 0 || c.ErrorCorrectionPerYear != 0 || c.NoiseVolPerYear != 0 {
		t.Errorf("WithConstantHashrate left %+v", c)
	}
}
