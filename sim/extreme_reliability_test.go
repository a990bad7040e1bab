package sim

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// extremeDaily sets daily steps over extremeYears years (365 steps a year:
// 12/365 months each).
func extremeDaily(sc *model.Scenario) {
	sc.Finance.HorizonYears = extremeYears
	sc.Finance.StepMonths = 12.0 / 365
}

// extremes are extreme but valid inputs, each alone and all together.
var extremes = []struct {
	name string
	set  func(sc *model.Scenario)
}{
	{"daily steps", extremeDaily},
	{"BTC volatility 3", func(sc *model.Scenario) { sc.Market.BTCPrice.VolPerYear = 3 }},
	{"50 BTC jumps a year", func(sc *model.Scenario) { sc.Market.BTCPrice.JumpsPerYear = 50 }},
	{"GPU rent at its floor", func(sc *model.Scenario) {
		sc.Market.Start.GPURentUSDPerHour = math.Nextafter(sc.Market.GPU.Floor.USDPerHour(), math.Inf(1))
	}},
	{"every tenant defaults at once", func(sc *model.Scenario) {
		// The largest hazard Validate accepts, 10 a year, for every class,
		// and the largest multiplier: over half the tenants default in the
		// first month.
		sc.Market.Credit.BaseHazardPerYear = market.ClassValues{Hyperscaler: 10, RatedNeocloud: 10, UnratedNeocloud: 10}
	}},
	{"discount rate 0", func(sc *model.Scenario) { sc.Finance.DiscountRatePerYear = 0 }},
}

// extremeScenario is the default scenario (with a GPU cloud strategy
// beside the lease, so that both businesses meet the extremes) with the
// named extremes applied; horizon monthly over 10 years unless daily.
func extremeScenario(t *testing.T, names ...string) *model.Scenario {
	t.Helper()
	sc := model.DefaultScenario()
	sc.Strategies = append(sc.Strategies, model.FullAI(0, site.DefaultGPUCloud()))
	for _, e := range extremes {
		for _, n := range names {
			if n == e.name {
				e.set(&sc)
			}
		}
	}
	if err := sc.Validate(); err != nil {
		t.Fatalf("%v: %v", names, err)
	}
	return &sc
}

// Each extreme input alone and all of them together: the run completes
// with the fewest paths a summary takes, every statistic is finite and
// the figures are consistent (checkSane). Daily steps over 30 years are
// 10,950 steps a path; those runs keep one or two strategies, and under
// the race detector cover extremeYears (3) years.
func TestExtremeInputs(t *testing.T) {
	cases := [][]string{}
	for _, e := range extremes {
		cases = append(cases, []string{e.name})
	}
	var all []string
	for _, e := range extremes {
		all = append(all, e.name)
	}
	cases = append(cases, all)
	for _, names := range cases {
		name := strings.Join(names, ", ")
		if len(names) > 1 {
			name = "all together"
		}
		t.Run(name, func(t *testing.T) {
			sc := extremeScenario(t, names...)
			if sc.Finance.Steps() > 1000 {
				// Daily steps: pure mining alone, or, with every extreme,
				// the strategies the credit and GPU extremes act on.
				sc.Strategies = []model.StrategySpec{model.PureMining()}
				if len(names) > 1 {
					sc.Strategies = []model.StrategySpec{model.Hybrid(0.5, 0, nil), model.FullAI(0, site.DefaultGPUCloud())}
				}
			}
			cfg := Config{Paths: MinSummaryPaths, Seed: 11, Workers: 2, Antithetic: true, BandPaths: 100}
			res, err := Run(context.Background(), sc, cfg)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			checkSane(t, name, res)
			if res.Run.Steps != sc.Finance.Steps() {
				t.Errorf("ran %d steps, want %d", res.Run.Steps, sc.Finance.Steps())
			}
		})
	}
	if sc := extremeScenario(t, "daily steps"); sc.Finance.Steps() != 365*extremeYears {
		t.Errorf("daily steps over %d years: %d steps", extremeYears, sc.Finance.Steps())
	}
}

// The mean NPV at a discount rate of 0 is the mean undiscounted cash: the
// sum of each path's free cash flows, checked against the cumulative cash
// band's last point on the band paths.
func TestZeroDiscountRateSumsCash(t *testing.T) {
	sc := extremeScenario(t, "discount rate 0")
	sc.Finance.HorizonYears = 3
	res, err := Run(context.Background(), sc, Config{Paths: MinSummaryPaths + 32, Seed: 2, Workers: 2, BandPaths: MaxBandPaths})
	if err != nil {
		t.Fatal(err)
	}
	last := len(res.Bands.TimeYears) - 1
	for j, band := range res.Bands.CumulativeCashUSD {
		// The cash band's median is the median of the undiscounted sums,
		// stored as float32: the NPVs' median must match it to float32
		// precision.
		got := float64(float32(res.Strategies[j].Quantiles.P50))
		if want := band.P50[last]; math.Abs(got-want) > 1e-6*math.Abs(want) {
			t.Errorf("%s: median NPV %g, median cumulative cash %g", band.Name, got, want)
		}
	}
}

// overflowStrategy books, every step, scale × (BTC price / start price):
// with a scale near the largest float64 its NPV overflows.
type overflowStrategy struct {
	scale, start float64
}

func (o overflowStrategy) Name() string { return "overflow" }
func (o overflowStrategy) NewRunner(site.Env) (site.Runner, error) {
	return overflowRunner{o}, nil
}

type overflowRunner struct{ o overflowStrategy }

func (overflowRunner) Reset(*market.State, *dist.Rand) {}
func (r overflowRunner) Step(s *market.State, rng *dist.Rand, cf *site.CashFlow) {
	*cf = r.book(s, rng)
}

func (r overflowRunner) book(s *market.State, _ *dist.Rand) site.CashFlow {
	return site.CashFlow{MiningUSD: r.o.scale * (s.BTCPriceUSD / r.o.start)}
}

// A number that genuinely overflows fails the run with the replayable
// *PathError, never a NaN or ±Inf in a summary: the strategy's NPV leaves
// float64 on some paths of an extreme market (volatility 3), Run names the
// lowest such path, the same for any worker count, and replaying it by
// hand meets the same value at the same step.
func TestOverflowIsAPathError(t *testing.T) {
	sc := extremeScenario(t, "BTC volatility 3")
	sc.Finance.HorizonYears = 2
	sc.Custom = []site.Strategy{overflowStrategy{scale: 1e306, start: sc.Market.Start.BTCPriceUSD}}
	var first *PathError
	for _, workers := range []int{1, 2, 5} {
		res, err := Run(context.Background(), sc, Config{Paths: 2000, Seed: 4, Workers: workers, Bands: &BandSet{}})
		var pe *PathError
		if res != nil || !errors.As(err, &pe) {
			t.Fatalf("workers %d: got %v, %v; want a *PathError", workers, res, err)
		}
		if pe.Strategy != "overflow" || (pe.Quantity != "NPV" && pe.Quantity != "free cash flow") || finite(pe.Value) {
			t.Fatalf("workers %d: %+v", workers, pe)
		}
		same := func(a, b *PathError) bool {
			x, y := *a, *b
			x.Value, y.Value = 0, 0
			return x == y && math.Float64bits(a.Value) == math.Float64bits(b.Value)
		}
		if first == nil {
			first = pe
		} else if !same(pe, first) {
			t.Errorf("workers %d: %+v, with 1 worker %+v", workers, pe, first)
		}
	}
	// Replay by hand, as the error says.
	plan, err := model.NewPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.NewSimulator()
	if err != nil {
		t.Fatal(err)
	}
	p.Reset(first.Seed, first.Path, false)
	j := plan.NumStrategies() - 1
	disc := math.Log1p(plan.DiscountRatePerYear())
	var npv float64
	for k := 1; k <= first.Step; k++ {
		_, cfs := p.Step()
		f := cfs[j].FreeCashUSD()
		npv += f * math.Exp(-float64(k)*plan.DtYears()*disc)
		if k < first.Step && (!finite(f) || !finite(npv)) {
			t.Fatalf("replay: not finite already at step %d", k)
		}
	}
	got := npv
	if first.Quantity == "free cash flow" {
		got = 1e306 * (p.State().BTCPriceUSD / sc.Market.Start.BTCPriceUSD)
	}
	if finite(got) {
		t.Errorf("replay of %v: %s is %g at step %d", first, first.Quantity, got, first.Step)
	}
}

// Huge but finite NPVs, whose sum leaves float64 (a constant 1e306 USD a
// step over two years: each NPV about 2e307): the run either summarizes them
// sanely or fails with an error naming the strategy and the statistic,
// never a NaN or ±Inf in a summary.
func TestHugeFiniteNPVs(t *testing.T) {
	sc := extremeScenario(t)
	sc.Finance.HorizonYears = 2
	sc.Strategies = sc.Strategies[:1]
	sc.Custom = []site.Strategy{funcStrategy{name: "huge", cash: func(*market.State, bool) float64 { return 1e306 }}}
	res, err := Run(context.Background(), sc, Config{Paths: MinSummaryPaths, Seed: 4, Workers: 2, Bands: &BandSet{}})
	if err != nil {
		if msg := err.Error(); !strings.Contains(msg, `"huge"`) || !strings.Contains(msg, "mean") {
			t.Fatalf("error %q does not name the strategy and the statistic", msg)
		}
		return
	}
	checkSane(t, "huge NPVs", res)
}
