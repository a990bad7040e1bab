package sim

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// replayPriced replays path i of a run of sc with cfg by hand, with
// model.Simulator and a PathPricer, and returns the pricer at the end.
func replayPriced(t *testing.T, plan *model.Plan, cfg Config, i uint64) *PathPricer {
	t.Helper()
	path, err := plan.NewSimulator()
	if err != nil {
		t.Fatal(err)
	}
	pr := NewPathPricer(plan)
	if cfg.Antithetic && i%2 == 1 {
		path.Reset(cfg.Seed, i-1, true)
	} else {
		path.Reset(cfg.Seed, i, false)
	}
	pr.Reset()
	for k := 1; k <= plan.Steps(); k++ {
		_, flows := path.Step()
		if err := pr.Book(k, flows); err != nil {
			t.Fatalf("path %d step %d: %v", i, k, err)
		}
	}
	return pr
}

// TestPathPricerReplaysRun replays paths of runs by hand (monthly and
// daily steps, with and without antithetic pairs, a first path other than
// 0) and checks that the PathPricer gives every strategy's NPV, IRR and
// payback bit for bit as Run does.
func TestPathPricerReplaysRun(t *testing.T) {
	daily := shortDefault(1)
	daily.Finance.StepMonths = 12.0 / 365
	for _, tc := range []struct {
		name string
		sc   *model.Scenario
		cfg  Config
	}{
		{"monthly", shortDefault(6), Config{Paths: 400, Seed: 11, FirstPath: 1000, Bands: &BandSet{}}},
		{"monthly antithetic", shortDefault(6), Config{Paths: 400, Seed: 12, Antithetic: true, Bands: &BandSet{}}},
		{"daily antithetic", daily, Config{Paths: 400, Seed: 13, Antithetic: true, Bands: &BandSet{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := mustRun(t, tc.sc, tc.cfg)
			plan, err := model.NewPlan(tc.sc)
			if err != nil {
				t.Fatal(err)
			}
			for _, off := range []int{0, 1, 2, 3, 57, 398, 399} {
				pr := replayPriced(t, plan, tc.cfg, tc.cfg.FirstPath+uint64(off))
				for j := range res.NPV {
					got := []float64{pr.NPVUSD(j), pr.IRRPerYear(j), pr.PaybackMonths(j)}
					want := []float64{res.NPV[j][off], res.IRRPerYear[j][off], res.PaybackMonths[j][off]}
					sameFloats(t, res.Strategies[j].Name, got, want)
				}
			}
		})
	}
}

// TestPathPricerHandCase prices three monthly steps booking −100, 60 and
// 60 USD at 12 % a year by hand: step k is discounted by 1.12^(−k/12),
// the cumulative cash is −100, −40, 20, the discounted cumulative cash
// turns non-negative at step 3, and the IRR is that of [0, −100, 60, 60]
// per month, annualized; the figures agree with NPV, IRR and Payback.
func TestPathPricerHandCase(t *testing.T) {
	flows := []float64{-100, 60, 60}
	st := funcStrategy{name: "hand", cash: func(s *market.State, _ bool) float64 { return flows[s.Step-1] }}
	sc := customOnly(0.25, st)
	sc.Finance.DiscountRatePerYear = 0.12
	plan, err := model.NewPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	pr := NewPathPricer(plan)
	cum := []float64{-100, -40, 20}
	var npv float64
	for k, f := range flows {
		if err := pr.Book(k+1, []site.CashFlow{(&funcRunner{f: st}).book(&market.State{Step: k + 1}, nil)}); err != nil {
			t.Fatal(err)
		}
		npv += f * math.Pow(1.12, -float64(k+1)/12)
		mctest.WithinRel(t, "NPV so far", pr.NPVUSD(0), npv, 1e-13)
		if pr.CumulativeCashUSD(0) != cum[k] || pr.Step() != k+1 {
			t.Errorf("step %d: cumulative cash %v at step %d, want %v", k+1, pr.CumulativeCashUSD(0), pr.Step(), cum[k])
		}
		if k < 2 && !math.IsNaN(pr.IRRPerYear(0)) {
			t.Errorf("step %d: IRR %v before the last step, want NaN", k+1, pr.IRRPerYear(0))
		}
	}
	all := []float64{0, -100, 60, 60}
	perStep := math.Pow(1.12, 1.0/12) - 1
	mctest.WithinRel(t, "NPV vs sim.NPV", pr.NPVUSD(0), NPV(perStep, all), 1e-13)
	mctest.WithinRel(t, "IRR per year", pr.IRRPerYear(0), AnnualizeRate(IRR(all), 12), 1e-12)
	if periods, ok := Payback(all, perStep); !ok || periods != 3 || pr.PaybackMonths(0) != 3 {
		t.Errorf("payback %v months, Payback %d periods (ok %v); want 3", pr.PaybackMonths(0), periods, ok)
	}
	pr.Reset()
	if pr.Step() != 0 || pr.NPVUSD(0) != 0 || pr.CumulativeCashUSD(0) != 0 || pr.PaybackMonths(0) != 0 {
		t.Errorf("after Reset: step %d, NPV %v, cash %v, payback %v; want all 0", pr.Step(), pr.NPVUSD(0), pr.CumulativeCashUSD(0), pr.PaybackMonths(0))
	}
}

// TestPathPricerErrors checks that Book refuses steps out of order, past
// the end and flows of the wrong length, and reports a free cash flow or
// an NPV that is not finite as a *PathError naming the strategy, the step
// and the quantity.
func TestPathPricerErrors(t *testing.T) {
	st := funcStrategy{name: "one", cash: func(*market.State, bool) float64 { return 1 }}
	plan, err := model.NewPlan(customOnly(0.25, st))
	if err != nil {
		t.Fatal(err)
	}
	pr := NewPathPricer(plan)
	one := []site.CashFlow{{MiningUSD: 1}}
	for _, tc := range []struct {
		name  string
		books func() error
		want  string
	}{
		{"step 2 first", func() error { return pr.Book(2, one) }, "step 2, want 1"},
		{"step 0", func() error { return pr.Book(0, one) }, "step 0, want 1"},
		{"two flows", func() error { return pr.Book(1, append(one, one...)) }, "2 cash flows, want 1"},
		{"past the end", func() error {
			for k := 1; k <= 3; k++ {
				if err := pr.Book(k, one); err != nil {
					return err
				}
			}
			return pr.Book(4, one)
		}, "step 4 after the last step 3"},
	} {
		pr.Reset()
		if err := tc.books(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
	for _, tc := range []struct {
		cf   site.CashFlow
		what string
	}{
		{site.CashFlow{MiningUSD: math.Inf(1)}, "free cash flow"},
		{site.CashFlow{MiningUSD: math.NaN()}, "free cash flow"},
		{site.CashFlow{MiningUSD: math.MaxFloat64}, "NPV"},
	} {
		pr.Reset()
		err := pr.Book(1, []site.CashFlow{{MiningUSD: math.MaxFloat64}})
		if err == nil {
			err = pr.Book(2, []site.CashFlow{tc.cf})
		}
		var pe *PathError
		if !errors.As(err, &pe) || pe.Strategy != "one" || pe.Step != 2 || pe.Quantity != tc.what || finite(pe.Value) {
			t.Errorf("%+v: error %v, want a PathError of strategy one at step 2 for %s", tc.cf, err, tc.what)
		}
	}
}
