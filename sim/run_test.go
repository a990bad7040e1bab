package sim

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// funcStrategy is a test strategy whose free cash in a step is a function
// of the market state. In Reset each path draws one uniform u and is "bad"
// when u < badProb; cash sees whether the path is bad.
type funcStrategy struct {
	name    string
	badProb float64
	cash    func(s *market.State, bad bool) float64
}

func (f funcStrategy) Name() string { return f.name }

func (f funcStrategy) NewRunner(site.Env) (site.Runner, error) { return &funcRunner{f: f}, nil }

type funcRunner struct {
	f   funcStrategy
	bad bool
}

func (r *funcRunner) Reset(_ *market.State, rng *dist.Rand) { r.bad = rng.Uniform() < r.f.badProb }

// Step books positive cash as revenue and negative cash as investment
// (CapexUSD), so a strategy that starts with an outflow has an IRR.
func (r *funcRunner) Step(s *market.State, rng *dist.Rand, cf *site.CashFlow) { *cf = r.book(s, rng) }

func (r *funcRunner) book(s *market.State, _ *dist.Rand) site.CashFlow {
	c := r.f.cash(s, r.bad)
	if c < 0 {
		return site.CashFlow{CapexUSD: -c}
	}
	return site.CashFlow{MiningUSD: c}
}

// booksStrategy books the same CashFlow on every path: books[k-1] at step k
// (nothing past the end).
type booksStrategy struct {
	name  string
	books []site.CashFlow
}

func (b booksStrategy) Name() string { return b.name }

func (b booksStrategy) NewRunner(site.Env) (site.Runner, error) { return b, nil }

func (b booksStrategy) Reset(*market.State, *dist.Rand) {}

func (b booksStrategy) Step(s *market.State, rng *dist.Rand, cf *site.CashFlow) { *cf = b.book(s, rng) }

func (b booksStrategy) book(s *market.State, _ *dist.Rand) site.CashFlow {
	if s.Step-1 < len(b.books) {
		return b.books[s.Step-1]
	}
	return site.CashFlow{}
}

// TestRunIRRDefinedOnlyForInvestments checks when a run reports a path's
// IRR: when the strategy invests (positive CapexUSD) no later than its first
// positive free cash flow, as IRR of its flows; otherwise undefined, even
// when the flows have a root (a borrowing rate).
func TestRunIRRDefinedOnlyForInvestments(t *testing.T) {
	invest := func(usd float64) site.CashFlow { return site.CashFlow{CapexUSD: usd} }
	earn := func(usd float64) site.CashFlow { return site.CashFlow{MiningUSD: usd} }
	loss := func(usd float64) site.CashFlow { return site.CashFlow{OpexUSD: usd} }
	tests := []struct {
		name    string
		books   []site.CashFlow
		defined bool
	}{
		{"investment then income", []site.CashFlow{invest(100), earn(60), earn(60)}, true},
		{"idle, then investment, then income", []site.CashFlow{{}, invest(100), earn(120)}, true},
		{"investment and income in the same step", []site.CashFlow{{MiningUSD: 10, CapexUSD: 100}, earn(120)}, true},
		// 100 then −110: the root 10 % a month is a borrowing rate.
		{"income then losses", []site.CashFlow{earn(100), loss(110)}, false},
		{"operating loss then income, no capital", []site.CashFlow{loss(1), earn(1000)}, false},
		{"income, then an investment", []site.CashFlow{earn(10), invest(100), earn(150)}, false},
		{"equipment sold first", []site.CashFlow{invest(-50), loss(10), earn(10)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := customOnly(0.25, booksStrategy{name: "books", books: tt.books})
			sc.Finance.DiscountRatePerYear = 0.12
			res := mustRun(t, sc, Config{Paths: MinSummaryPaths, Seed: 1, Bands: &BandSet{}})
			flows := []float64{0}
			for k := range 3 {
				var c site.CashFlow
				if k < len(tt.books) {
					c = tt.books[k]
				}
				flows = append(flows, c.FreeCashUSD())
			}
			got, s := res.IRRPerYear[0][0], res.Strategies[0].IRR
			if !tt.defined {
				if !math.IsNaN(got) || s.Defined != 0 || s.UndefinedShare != 1 {
					t.Errorf("IRR %v, summary %+v: want undefined on every path", got, s)
				}
				return
			}
			want := AnnualizeRate(IRR(flows), 12)
			if math.IsNaN(want) {
				t.Fatalf("IRR(%v) is undefined: the case is wrong", flows)
			}
			mctest.WithinRel(t, "IRR per year", got, want, 1e-12)
			if s.Defined != MinSummaryPaths || s.MedianPerYear != got {
				t.Errorf("summary %+v: want %d defined paths of IRR %v", s, MinSummaryPaths, got)
			}
		})
	}
}

// shortDefault is the default scenario cut to horizon years, to keep tests
// fast.
func shortDefault(years float64) *model.Scenario {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = years
	return &sc
}

// customOnly is the default market with only the given custom strategies,
// no tax, over horizon years in monthly steps.
func customOnly(years float64, st ...site.Strategy) *model.Scenario {
	sc := model.DefaultScenario()
	sc.Strategies = nil
	sc.Custom = st
	sc.Finance.HorizonYears = years
	sc.Finance.TaxRate = 0
	return &sc
}

func mustRun(t testing.TB, sc *model.Scenario, cfg Config) *Result {
	t.Helper()
	res, err := Run(context.Background(), sc, cfg)
	if err != nil {
		t.Fatalf("Run(%+v): %v", cfg, err)
	}
	return res
}

// sameFloats reports whether a and b hold the same float64 bits (so NaN
// equals NaN), naming the first difference.
func sameFloats(t *testing.T, what string, a, b []float64) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: lengths %d and %d", what, len(a), len(b))
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("%s[%d]: %v and %v differ", what, i, a[i], b[i])
		}
	}
}

// sameSamples checks that two results hold bit-identical samples, from
// offset off of a onwards.
func sameSamples(t *testing.T, what string, a, b *Result, off int) {
	t.Helper()
	n := len(b.NPV[0])
	for j := range b.NPV {
		sameFloats(t, what+" npv", a.NPV[j][off:off+n], b.NPV[j])
		sameFloats(t, what+" irr", a.IRRPerYear[j][off:off+n], b.IRRPerYear[j])
		sameFloats(t, what+" payback", a.PaybackMonths[j][off:off+n], b.PaybackMonths[j])
	}
}

func TestRunBitIdenticalAcrossWorkersAndShards(t *testing.T) {
	sc := shortDefault(3)
	const n = 2 * MinSummaryPaths
	for _, anti := range []bool{false, true} {
		base := mustRun(t, sc, Config{Paths: n, Seed: 7, Workers: 1, Antithetic: anti, BandPaths: 500})
		for _, w := range []int{2, 8} {
			got := mustRun(t, sc, Config{Paths: n, Seed: 7, Workers: w, Antithetic: anti, BandPaths: 500})
			sameSamples(t, "workers", base, got, 0)
			if !reflect.DeepEqual(base.Strategies, got.Strategies) {
				t.Errorf("antithetic %v: summaries differ between 1 and %d workers", anti, w)
			}
			if !reflect.DeepEqual(base.Comparisons, got.Comparisons) {
				t.Errorf("antithetic %v: comparisons differ between 1 and %d workers", anti, w)
			}
			if !reflect.DeepEqual(base.Bands, got.Bands) {
				t.Errorf("antithetic %v: bands differ between 1 and %d workers", anti, w)
			}
		}
		// Two halves reproduce the paths of the whole.
		lo := mustRun(t, sc, Config{Paths: n / 2, Seed: 7, Workers: 2, Antithetic: anti})
		hi := mustRun(t, sc, Config{Paths: n / 2, FirstPath: n / 2, Seed: 7, Workers: 2, Antithetic: anti})
		sameSamples(t, "first half", base, lo, 0)
		sameSamples(t, "second half", base, hi, n/2)
	}
	// The Config and Scenario a Result carries reproduce it.
	base := mustRun(t, sc, Config{Paths: MinSummaryPaths, Seed: 7, Antithetic: true})
	again := mustRun(t, base.Scenario, base.Config)
	sameSamples(t, "rerun from the result", base, again, 0)
	// A different seed gives different paths.
	other := mustRun(t, sc, Config{Paths: MinSummaryPaths, Seed: 8, Antithetic: true})
	if other.NPV[0][0] == base.NPV[0][0] {
		t.Errorf("seeds 7 and 8 gave the same first path")
	}
}

// factorStrategy books in step k the cash units·P_k·X_k·dt: the market's
// BTC price P_k times a lognormal factor X_k = exp((μ − σ²/2)·t_k + σ·W_k)
// that the strategy simulates from its own stream (E[X_k] = e^(μ·t_k)).
// The cash is an increasing function of every normal draw of the path, in
// the market and in the strategy, so antithetic pairs make it negatively
// correlated. (The factor keeps the test meaningful while the model holds
// the BTC price at its level, as its interim price process does; once the
// price moves, the cash is monotone in both.)
type factorStrategy struct {
	units, mu, sigma float64
}

func (f factorStrategy) Name() string { return "price-linked" }

func (f factorStrategy) NewRunner(env site.Env) (site.Runner, error) {
	return &factorRunner{f: f}, nil
}

type factorRunner struct {
	f    factorStrategy
	logX float64
}

func (r *factorRunner) Reset(*market.State, *dist.Rand) { r.logX = 0 }

func (r *factorRunner) Step(s *market.State, rng *dist.Rand, cf *site.CashFlow) { *cf = r.book(s, rng) }

func (r *factorRunner) book(s *market.State, rng *dist.Rand) site.CashFlow {
	dt := s.DtYears
	r.logX += (r.f.mu-r.f.sigma*r.f.sigma/2)*dt + r.f.sigma*math.Sqrt(dt)*rng.Norm()
	return site.CashFlow{MiningUSD: r.f.units * s.BTCPriceUSD * math.Exp(r.logX) * dt}
}

func TestRunMeanMatchesClosedFormAndAntitheticHalvesVariance(t *testing.T) {
	// A driftless GBM market price (E[P_k] = P0) and a factor with drift
	// 0.1 and volatility 0.4 a year, over one year in monthly steps.
	f := factorStrategy{units: 1000, mu: 0.1, sigma: 0.4}
	sc := customOnly(1, f)
	sc.Market.BTCPrice = market.PriceModel{Model: market.PriceGBM, DriftPerYear: 0, VolPerYear: 0.3}
	plan, err := model.NewPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	const n = 2000
	plain := mustRun(t, sc, Config{Paths: n, Seed: 11, Bands: &BandSet{}})
	anti := mustRun(t, sc, Config{Paths: n, Seed: 11, Antithetic: true, Bands: &BandSet{}})

	// E[NPV] = Σ_k units·P0·e^(μ·t_k)·dt·(1+r)^(−t_k), t_k = k·dt: the
	// price and the factor come from different streams, so they are
	// independent.
	dt, r := plan.DtYears(), plan.DiscountRatePerYear()
	p0 := sc.Market.Start.BTCPriceUSD
	var want float64
	for k := 1; k <= plan.Steps(); k++ {
		tk := float64(k) * dt
		want += f.units * p0 * math.Exp(f.mu*tk) * dt * math.Pow(1+r, -tk)
	}
	for _, res := range []*Result{plain, anti} {
		s := res.Strategies[0]
		mctest.WithinSE(t, "mean NPV (antithetic "+boolName(res.Config.Antithetic)+")", s.Mean, want, s.Stderr, 4.5)
	}

	// Path 2k of an antithetic run is path 2k of a plain run.
	for i := 0; i < n; i += 2 {
		if anti.NPV[0][i] != plain.NPV[0][i] {
			t.Fatalf("antithetic path %d = %v, plain path %d = %v: want the same path", i, anti.NPV[0][i], i, plain.NPV[0][i])
		}
	}
	// Antithetic pairs halve (or better) the variance of the mean.
	vp, va := plain.Strategies[0].Stderr, anti.Strategies[0].Stderr
	if ratio := va * va / (vp * vp); !(ratio <= 0.5) {
		t.Errorf("variance of the mean: antithetic/plain = %.3f, want ≤ 0.5", ratio)
	} else {
		t.Logf("variance of the mean: antithetic/plain = %.3f", ratio)
	}
	// The antithetic standard error is the pair-mean one.
	m := make([]float64, n/2)
	for i := range m {
		m[i] = (anti.NPV[0][2*i] + anti.NPV[0][2*i+1]) / 2
	}
	_, seWant := mctest.MeanSE(m)
	mctest.WithinRel(t, "pair-mean stderr", va, seWant, 1e-12)
}

func boolName(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func TestRunDiscountingHandCase(t *testing.T) {
	// Three monthly steps booking −100, 60 and 60 USD at an annual rate of
	// 12 %: step k is at k/12 years and discounted by 1.12^(−k/12).
	flows := []float64{-100, 60, 60}
	st := funcStrategy{name: "hand", cash: func(s *market.State, _ bool) float64 { return flows[s.Step-1] }}
	sc := customOnly(0.25, st)
	sc.Finance.DiscountRatePerYear = 0.12
	res := mustRun(t, sc, Config{Paths: MinSummaryPaths, Seed: 1})

	want := -100*math.Pow(1.12, -1.0/12) + 60*math.Pow(1.12, -2.0/12) + 60*math.Pow(1.12, -3.0/12)
	perStep := math.Pow(1.12, 1.0/12) - 1
	all := []float64{0, -100, 60, 60}
	mctest.WithinRel(t, "NPV vs hand formula", res.NPV[0][0], want, 1e-13)
	mctest.WithinRel(t, "NPV vs sim.NPV", res.NPV[0][0], NPV(perStep, all), 1e-13)
	wantIRR := AnnualizeRate(IRR(all), 12)
	mctest.WithinRel(t, "IRR per year", res.IRRPerYear[0][0], wantIRR, 1e-12)
	// Cumulative discounted cash: −99.06, −40.2, +18.0: payback at step 3.
	periods, ok := Payback(all, perStep)
	if !ok || periods != 3 || res.PaybackMonths[0][0] != 3 {
		t.Errorf("payback = %v months, Payback = %d periods (ok %v); want 3", res.PaybackMonths[0][0], periods, ok)
	}
	s := res.Strategies[0]
	if s.SD != 0 || s.Mean != res.NPV[0][0] {
		t.Errorf("deterministic flows: mean %v sd %v, want %v and 0", s.Mean, s.SD, res.NPV[0][0])
	}

	// Flows that never recover and flows never negative.
	for _, tc := range []struct {
		name  string
		flows []float64
		want  float64 // months; NaN for never
	}{
		{"never", []float64{-100, 10, 10}, math.NaN()},
		{"at once", []float64{5, -1, 3}, 0},
	} {
		st := funcStrategy{name: tc.name, cash: func(s *market.State, _ bool) float64 { return tc.flows[s.Step-1] }}
		res := mustRun(t, customOnly(0.25, st), Config{Paths: MinSummaryPaths, Bands: &BandSet{}})
		got := res.PaybackMonths[0][0]
		if math.Float64bits(got) != math.Float64bits(tc.want) && got != tc.want {
			t.Errorf("%s: payback %v months, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRunPairedStderrBelowUnpaired(t *testing.T) {
	// The default scenario: the hybrid and full AI see the same market and
	// the same conversion draws (common random numbers), so their
	// difference is far less noisy than independent runs would make it.
	sc := model.DefaultScenario()
	res := mustRun(t, &sc, Config{Paths: 2 * MinSummaryPaths, Seed: 3})
	for _, c := range res.Comparisons {
		want, err := Compare(res.NPV[indexOf(res, c.Name)], res.NPV[0])
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c.Comparison, want) || c.Baseline != res.Strategies[0].Name {
			t.Errorf("comparison %q is not Compare of its samples with the first strategy", c.Name)
		}
	}
	c, err := Compare(res.NPV[2], res.NPV[1])
	if err != nil {
		t.Fatal(err)
	}
	if !(c.PairedStderr < c.UnpairedStderr) {
		t.Errorf("%s vs %s: paired stderr %.4g, unpaired %.4g: want paired below unpaired",
			res.Strategies[2].Name, res.Strategies[1].Name, c.PairedStderr, c.UnpairedStderr)
	}
	t.Logf("paired %.4g vs unpaired %.4g", c.PairedStderr, c.UnpairedStderr)
}

func indexOf(r *Result, name string) int {
	for i, s := range r.Strategies {
		if s.Name == name {
			return i
		}
	}
	return -1
}

func TestRunTargetStdErr(t *testing.T) {
	sc := shortDefault(3)
	for _, anti := range []bool{false, true} {
		first := mustRun(t, sc, Config{Paths: 400, Seed: 5, Antithetic: anti})
		target := 0.75 * first.Run.MaxStderrUSD
		var prev *Result
		for _, w := range []int{1, 2} {
			cfg := Config{Paths: 400, Seed: 5, Workers: w, Antithetic: anti, TargetStdErrUSD: target, MaxPaths: 20000}
			res := mustRun(t, sc, cfg)
			if !res.Run.TargetMet {
				t.Fatalf("antithetic %v: target %.4g not met at %d paths", anti, target, res.Run.Paths)
			}
			for _, s := range res.Strategies {
				if s.Stderr > target {
					t.Errorf("%s: stderr %.4g above the target %.4g", s.Name, s.Stderr, target)
				}
			}
			ends := res.Run.BatchEnds
			if len(ends) < 2 || ends[0] != 400 || ends[len(ends)-1] != res.Run.Paths {
				t.Fatalf("batch ends %v: want 400 first and %d last", ends, res.Run.Paths)
			}
			// It stopped at the first batch that met the target.
			prevEnd := ends[len(ends)-2]
			var worst float64
			for _, s := range res.NPV {
				worst = math.Max(worst, meanSE(s[:prevEnd], anti))
			}
			if worst <= target {
				t.Errorf("the target was already met at %d paths (stderr %.4g)", prevEnd, worst)
			}
			if anti && res.Run.Paths%2 != 0 {
				t.Errorf("antithetic run stopped at an odd %d paths", res.Run.Paths)
			}
			// Same samples as a plain run of that many paths.
			plain := mustRun(t, sc, Config{Paths: res.Run.Paths, Seed: 5, Antithetic: anti, Bands: &BandSet{}})
			sameSamples(t, "target run vs plain run", plain, res, 0)
			if prev != nil && !reflect.DeepEqual(prev.Run.BatchEnds, res.Run.BatchEnds) {
				t.Errorf("batch ends %v with 1 worker, %v with 2", prev.Run.BatchEnds, res.Run.BatchEnds)
			}
			prev = res
		}
	}

	// An unreachable target stops at MaxPaths.
	res := mustRun(t, sc, Config{Paths: 400, Seed: 5, TargetStdErrUSD: 1, MaxPaths: 1000})
	if res.Run.TargetMet || res.Run.Paths != 1000 || !reflect.DeepEqual(res.Run.BatchEnds, []int{400, 1000}) {
		t.Errorf("unreachable target: met %v, %d paths, batches %v; want false, 1000, [400 1000]",
			res.Run.TargetMet, res.Run.Paths, res.Run.BatchEnds)
	}
}

func TestNextBatchEnd(t *testing.T) {
	q := TargetBatchQuantum
	for _, tc := range []struct {
		n        int
		se, tgt  float64
		maxPaths int
		want     int
	}{
		{400, 2, 1, 1e6, 400 + q},          // need 1600: one quantum (doubling would be 800)
		{10 * q, 1.1, 1, 1e6, 10*q + 3*q},  // need 12.1q: 2.1 → 3 quanta
		{10 * q, 3, 1, 1e6, 20 * q},        // need 90q: capped at doubling
		{10 * q, 1.01, 1, 1e6, 10*q + q},   // need 10.2q: at least one quantum
		{10 * q, 3, 1, 10*q + 5, 10*q + 5}, // capped at MaxPaths
		{10 * q, math.Inf(1), 1, 1e6, 20 * q},
	} {
		if got := nextBatchEnd(tc.n, tc.se, tc.tgt, tc.maxPaths); got != tc.want {
			t.Errorf("nextBatchEnd(%d, %g, %g, %d) = %d, want %d", tc.n, tc.se, tc.tgt, tc.maxPaths, got, tc.want)
		}
	}
}

func TestRunCancel(t *testing.T) {
	// Daily steps over 30 years: a path takes tens of milliseconds.
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 30
	sc.Finance.StepMonths = 360.0 / 10950
	ctx, cancel := context.WithCancel(context.Background())
	type out struct {
		err error
		at  time.Time
	}
	ch := make(chan out, 1)
	go func() {
		_, err := Run(ctx, &sc, Config{Paths: 4000, Seed: 1, Workers: 2})
		ch <- out{err, time.Now()}
	}()
	time.Sleep(50 * time.Millisecond)
	cancelled := time.Now()
	cancel()
	// The engine checks a flag every 256 steps (about a millisecond); the
	// generous bound only catches a run that ignores the cancellation
	// (4,000 such paths take minutes), even on a loaded machine or under
	// the race detector.
	select {
	case o := <-ch:
		if !errors.Is(o.err, context.Canceled) {
			t.Fatalf("Run after cancel: err = %v, want context.Canceled", o.err)
		}
		d := o.at.Sub(cancelled)
		t.Logf("returned %v after the cancel", d)
		if d > 3*time.Second {
			t.Errorf("Run returned %v after the cancel; want well under a second", d)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return within 30 s of the cancel")
	}

	// A context cancelled before the run, and a deadline.
	done, stop := context.WithCancel(context.Background())
	stop()
	if _, err := Run(done, &sc, Config{Paths: 400}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v, want context.Canceled", err)
	}
	dl, stop2 := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer stop2()
	if _, err := Run(dl, &sc, Config{Paths: 4000, Workers: 2}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: err = %v, want context.DeadlineExceeded", err)
	}
}

func TestRunPathError(t *testing.T) {
	inf := funcStrategy{name: "blows up", badProb: 0.02, cash: func(s *market.State, bad bool) float64 {
		if bad && s.Step == 2 {
			return math.Inf(1)
		}
		return 1
	}}
	huge := funcStrategy{name: "overflows", cash: func(*market.State, bool) float64 { return math.MaxFloat64 / 1.5 }}
	nan := funcStrategy{name: "nan", badProb: 0.01, cash: func(s *market.State, bad bool) float64 {
		if bad && s.Step == 3 {
			return math.NaN()
		}
		return 1
	}}
	big32 := funcStrategy{name: "beyond float32", cash: func(*market.State, bool) float64 { return 1e39 }}
	const seed = 99
	for _, tc := range []struct {
		st       funcStrategy
		anti     bool
		bands    *BandSet
		quantity string
		step     int
	}{
		{inf, false, nil, "free cash flow", 2},
		{inf, true, nil, "free cash flow", 2},
		{huge, false, &BandSet{}, "NPV", 2},
		{nan, false, nil, "free cash flow", 3},
		{big32, false, nil, "cumulative cash", 1},
	} {
		t.Run(tc.st.name+"/"+boolName(tc.anti), func(t *testing.T) {
			sc := customOnly(0.5, funcStrategy{name: "fine", cash: func(*market.State, bool) float64 { return 1 }}, tc.st)
			var first *PathError
			for _, w := range []int{1, 2, 8} {
				_, err := Run(context.Background(), sc, Config{Paths: 1000, Seed: seed, Workers: w, Antithetic: tc.anti, Bands: tc.bands})
				var pe *PathError
				if !errors.As(err, &pe) {
					t.Fatalf("workers %d: err = %v, want a *PathError", w, err)
				}
				if first == nil {
					first = pe
				} else if !samePathError(pe, first) {
					t.Errorf("workers %d report %+v, 1 worker %+v", w, *pe, *first)
				}
			}
			pe := first
			if pe.Seed != seed || pe.Strategy != tc.st.name || pe.Step != tc.step || pe.Quantity != tc.quantity || finite(float64(float32(pe.Value))) {
				t.Errorf("PathError %+v: want seed %d, strategy %q, step %d, %s not finite", *pe, seed, tc.st.name, tc.step, tc.quantity)
			}
			if pe.Mirror != (tc.anti && pe.Path%2 == 1) {
				t.Errorf("PathError %+v: mirror flag wrong", *pe)
			}
			msg := pe.Error()
			for _, want := range []string{"path " + strconv.FormatUint(pe.Path, 10), "seed 99", tc.st.name, "replay"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not mention %q", msg, want)
				}
			}

			// Replay by hand: the reported path books a non-finite value at
			// the reported step, and no path before it does.
			plan, err := model.NewPlan(sc)
			if err != nil {
				t.Fatal(err)
			}
			path, err := plan.NewSimulator()
			if err != nil {
				t.Fatal(err)
			}
			bad := func(i uint64) (int, bool) {
				if tc.anti && i%2 == 1 {
					path.Reset(seed, i-1, true)
				} else {
					path.Reset(seed, i, false)
				}
				var npv float64
				for k := 1; k <= plan.Steps(); k++ {
					_, cfs := path.Step()
					f := cfs[1].FreeCashUSD()
					npv += f // undiscounted: the discount factors here are ≥ 0.97
					if !finite(f) || !finite(npv) || (tc.bands == nil && !finite(float64(float32(npv)))) {
						return k, true
					}
				}
				return 0, false
			}
			if k, ok := bad(pe.Path); !ok || k != pe.Step {
				t.Errorf("replaying path %d: non-finite at step %d (%v), want step %d", pe.Path, k, ok, pe.Step)
			}
			for i := range pe.Path {
				if _, ok := bad(i); ok {
					t.Fatalf("path %d < %d also fails: not the lowest", i, pe.Path)
				}
			}
			// Replay with a Run starting at the path (at its pair with antithetic).
			_, err = Run(context.Background(), sc, Config{Paths: MinSummaryPaths, FirstPath: pe.Path &^ boolMask(pe.Mirror), Seed: seed, Antithetic: tc.anti, Bands: tc.bands})
			var again *PathError
			if !errors.As(err, &again) || !samePathError(again, pe) {
				t.Errorf("replay run: err = %v, want %v", err, pe)
			}
		})
	}
}

func boolMask(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// samePathError compares two PathErrors, NaN values equal.
func samePathError(a, b *PathError) bool {
	x, y := *a, *b
	x.Value, y.Value = 0, 0
	return x == y && math.Float64bits(a.Value) == math.Float64bits(b.Value)
}

func TestRunProgress(t *testing.T) {
	sc := shortDefault(3)
	var calls, inFlight, overlap atomic.Int64
	var lastDone, lastPlanned atomic.Int64
	var monotone atomic.Bool
	monotone.Store(true)
	cfg := Config{Paths: 1000, Seed: 2, Workers: 2, ProgressInterval: time.Millisecond,
		Progress: func(done, planned int) {
			if inFlight.Add(1) > 1 {
				overlap.Add(1)
			}
			if int64(done) < lastDone.Load() || done > planned {
				monotone.Store(false)
			}
			lastDone.Store(int64(done))
			lastPlanned.Store(int64(planned))
			calls.Add(1)
			inFlight.Add(-1)
		}}
	res := mustRun(t, sc, cfg)
	if calls.Load() < 1 || lastDone.Load() != 1000 || lastPlanned.Load() != 1000 {
		t.Errorf("progress: %d calls, last (%d, %d); want ≥ 1 call ending (1000, 1000)", calls.Load(), lastDone.Load(), lastPlanned.Load())
	}
	if overlap.Load() != 0 || !monotone.Load() {
		t.Errorf("progress calls overlapped (%d) or went backwards (%v)", overlap.Load(), !monotone.Load())
	}
	if res.Config.Progress != nil {
		t.Errorf("Result.Config keeps the Progress func")
	}
	t.Logf("%d progress calls", calls.Load())
}

func TestRunPathDoesNotAllocate(t *testing.T) {
	for _, anti := range []bool{false, true} {
		plan, err := model.NewPlan(shortDefault(3))
		if err != nil {
			t.Fatal(err)
		}
		// With the bands and an observer that allocates nothing of its own.
		obs := []Observer{&lowCash{}}
		r := newRun(plan, Config{Paths: 400, Seed: 1, Workers: 1, Antithetic: anti, Observers: obs}.resolved())
		if err := r.makeWorkers(); err != nil {
			t.Fatal(err)
		}
		r.grow(400)
		w := r.workers[0]
		off := 0
		// Band paths (the first 400) and the rest alike.
		if a := testing.AllocsPerRun(50, func() {
			if pe := w.runPath(off % 400); pe != nil {
				t.Fatal(pe)
			}
			off++
		}); a != 0 {
			t.Errorf("antithetic %v: runPath allocates %v times per path, want 0", anti, a)
		}
	}
}

// lowCash is an observer keeping each strategy's lowest cumulative cash
// over the paths it sees, allocating only in its first Begin.
type lowCash struct{}

func (*lowCash) NewPathObserver() PathObserver { return &lowCashPath{} }

type lowCashPath struct{ low []float64 }

func (p *lowCashPath) Begin(_ PathInfo, _ *market.State, pr *PathPricer) error {
	if p.low == nil {
		p.low = make([]float64, pr.NumStrategies())
	}
	return nil
}

func (p *lowCashPath) Step(_ int, _ *market.State, _ []site.CashFlow, pr *PathPricer) error {
	for j := range p.low {
		p.low[j] = min(p.low[j], pr.CumulativeCashUSD(j))
	}
	return nil
}

func (p *lowCashPath) End(*PathPricer) error { return nil }

func TestRunAllocationsDoNotGrowWithPaths(t *testing.T) {
	sc := shortDefault(1)
	allocs := func(n int) float64 {
		return testing.AllocsPerRun(2, func() {
			if _, err := Run(context.Background(), sc, Config{Paths: n, Seed: 1, Workers: 2}); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, big := allocs(MinSummaryPaths), allocs(4*MinSummaryPaths)
	// A per-path allocation would add at least 3·368 = 1,104; the slack of
	// 32 absorbs the runtime's own bookkeeping (goroutine starts, timers).
	if big > small+32 {
		t.Errorf("allocations per run: %v at %d paths, %v at %d: they grow with paths", small, MinSummaryPaths, big, 4*MinSummaryPaths)
	}
	t.Logf("allocations per run: %v at %d paths, %v at %d", small, MinSummaryPaths, big, 4*MinSummaryPaths)
}

func TestAnnualIRR(t *testing.T) {
	if v := annualIRR(math.NaN(), 12); !math.IsNaN(v) {
		t.Errorf("annualIRR(NaN) = %v, want NaN (undefined)", v)
	}
	if v, want := annualIRR(0.01, 12), AnnualizeRate(0.01, 12); v != want {
		t.Errorf("annualIRR(0.01, 12) = %v, want %v", v, want)
	}
	// (1 − 0.99)^12 − 1 rounds to −1, which Summarize rejects: kept just above.
	if v := annualIRR(-0.99, 12); v != math.Nextafter(-1, 0) {
		t.Errorf("annualIRR(-0.99, 12) = %v, want the float64 just above -1", v)
	}
	if v := annualIRR(1e4, 365); v != math.MaxFloat64 {
		t.Errorf("annualIRR(1e4, 365) = %v, want MaxFloat64", v)
	}
}

func TestRunErrors(t *testing.T) {
	sc := model.DefaultScenario()
	if _, err := Run(context.Background(), &sc, Config{}); err == nil || !strings.Contains(err.Error(), "paths = 0") {
		t.Errorf("zero paths: err = %v, want one naming paths = 0", err)
	}
	bad := model.DefaultScenario()
	bad.Finance.DiscountRatePerYear = -2
	if _, err := Run(context.Background(), &bad, Config{Paths: 400}); err == nil || !strings.Contains(err.Error(), "discountRatePerYear") {
		t.Errorf("bad scenario: err = %v, want one naming discountRatePerYear", err)
	}
	if _, err := Run(context.Background(), nil, Config{Paths: 400}); err == nil {
		t.Errorf("nil scenario: no error")
	}
}
