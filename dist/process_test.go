package dist

import (
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// procK is the number of standard errors a Monte Carlo check may be off by.
const procK = 4.5

// procStepFunc advances one path by dt, drawing whatever it needs from r.
type procStepFunc func(x, dt float64, r *Rand) float64

// procGrid is a horizon and the step used to reach it.
type procGrid struct{ horizon, dt float64 }

// procGrids are the step patterns every process is checked on: one monthly step,
// one yearly step, and twelve monthly steps composed into a year.
var procGrids = []procGrid{{1.0 / 12, 1.0 / 12}, {1, 1}, {1, 1.0 / 12}}

// procPaths returns the number of paths for the i-th parameter set of a
// moment test: 100000 for the first, 40000 for the variations after it
// (enough for their SE-scaled checks, and it keeps the package quick).
func procPaths(i int) int {
	if i == 0 {
		return 100000
	}
	return 40000
}

func (g procGrid) String() string {
	return "T=" + gridFrac(g.horizon) + "/dt=" + gridFrac(g.dt)
}

func gridFrac(v float64) string {
	switch v {
	case 1.0 / 12:
		return "1/12"
	case 1:
		return "1"
	}
	return "?"
}

// simulateTerminal simulates n paths from x0 to the horizon of g and returns the
// terminal values. Path i uses the stream (seed, i).
func simulateTerminal(t *testing.T, n int, seed uint64, x0 float64, g procGrid, step procStepFunc) []float64 {
	t.Helper()
	steps := int(math.Round(g.horizon / g.dt))
	if math.Abs(float64(steps)*g.dt-g.horizon) > 1e-12 {
		t.Fatalf("horizon %v is not a multiple of dt %v", g.horizon, g.dt)
	}
	xs := make([]float64, n)
	r := New(seed, 0)
	for i := range xs {
		r.Reset(seed, uint64(i))
		x := x0
		for s := 0; s < steps; s++ {
			x = step(x, g.dt, r)
		}
		xs[i] = x
	}
	return xs
}

// checkProcMoments compares the sample mean and variance of xs with their exact
// values, within procK standard errors.
func checkProcMoments(t *testing.T, name string, xs []float64, mean, variance float64) {
	t.Helper()
	m, se := mctest.MeanSE(xs)
	mctest.WithinSE(t, name+" mean", m, mean, se, procK)
	v, vse := mctest.VarSE(xs)
	mctest.WithinSE(t, name+" variance", v, variance, vse, procK)
}

// logsOf returns the natural logarithms of xs.
func logsOf(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = math.Log(x)
	}
	return out
}

// TestValidateErrors checks that every bad parameter is reported with its
// JSON name and value, and that constructors return the zero value then.
func TestValidateErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	gen2 := func(a, b float64) [][]float64 { return [][]float64{{-a, a}, {b, -b}} }
	two := []float64{0.1, 0.2}
	cases := []struct {
		name string
		err  error
		want []string
	}{
		{"GBM negative vol", errOf(NewGBM(0.1, -0.5)), []string{"volPerYear = -0.5"}},
		{"GBM NaN vol", errOf(NewGBM(0.1, nan)), []string{"volPerYear = NaN"}},
		{"GBM infinite drift", errOf(NewGBM(inf, 0.2)), []string{"driftPerYear = +Inf"}},
		{"Merton", errOf(NewMerton(nan, -1, -2, 60, -0.1)), []string{
			"driftPerYear = NaN", "volPerYear = -1", "jumpsPerYear = -2", "jumpMeanLog = 60", "jumpSDLog = -0.1"}},
		{"Merton NaN jump", errOf(NewMerton(0, 0.2, nan, nan, nan)), []string{
			"jumpsPerYear = NaN", "jumpMeanLog = NaN", "jumpSDLog = NaN"}},
		{"Kou probabilities", errOf(NewKou(0, 0.2, 1, 1.2, 0.1, 0.1)), []string{"upProb = 1.2"}},
		{"Kou negative prob", errOf(NewKou(0, 0.2, 1, -0.1, 0.1, 0.1)), []string{"upProb = -0.1"}},
		{"Kou up mean 1", errOf(NewKou(0, 0.2, 1, 0.5, 1, 0.1)), []string{"upMeanLog = 1"}},
		{"Kou up mean NaN", errOf(NewKou(0, 0.2, 1, 0.5, nan, -0.1)), []string{"upMeanLog = NaN", "downMeanLog = -0.1"}},
		{"Kou vol", errOf(NewKou(0, -0.2, -1, 0.5, 0.1, 0.1)), []string{"volPerYear = -0.2", "jumpsPerYear = -1"}},
		{"OU", errOf(NewOU(nan, -1, -0.3)), []string{"level = NaN", "speedPerYear = -1", "volPerYear = -0.3"}},
		{"ExpOU", errOf(NewExpOU(0, nan, -1, -2, -3, 0, 6)), []string{
			"level = 0", "speedPerYear = NaN", "volPerYear = -1", "floor = -2", "jumpsPerYear = -3", "jumpSDLog = 6"}},
		{"CIR", errOf(NewCIR(-0.1, -1, nan)), []string{"level = -0.1", "speedPerYear = -1", "volPerYear = NaN"}},
		{"Regime no regimes", errOf(NewRegimeGBM(nil, nil, nil)), []string{"len(driftPerYear) = 0"}},
		{"Regime too many", errOf(NewRegimeGBM(make([]float64, 17), make([]float64, 17), nil)), []string{"len(driftPerYear) = 17"}},
		{"Regime vol length", errOf(NewRegimeGBM(two, []float64{0.2}, gen2(1, 1))), []string{"len(volPerYear) = 1"}},
		{"Regime bad vol", errOf(NewRegimeGBM(two, []float64{-0.2, nan}, gen2(1, 1))), []string{"volPerYear[0] = -0.2", "volPerYear[1] = NaN"}},
		{"Regime generator rows", errOf(NewRegimeGBM(two, two, [][]float64{{-1, 1}})), []string{"len(generatorPerYear) = 1"}},
		{"Regime generator row sum", errOf(NewRegimeGBM(two, two, [][]float64{{-1, 2}, {1, -1}})), []string{"sum(generatorPerYear[0]) = 1"}},
		{"Regime negative rate", errOf(NewRegimeGBM(two, two, [][]float64{{0.5, -0.5}, {1, -1}})), []string{"generatorPerYear[0][1] = -0.5"}},
		{"Regime NaN rate", errOf(NewRegimeGBM(two, two, [][]float64{{nan, 1}, {1, nan}})), []string{"generatorPerYear[0][0] = NaN", "generatorPerYear[1][1] = NaN"}},
		{"Regime huge rate", errOf(NewRegimeGBM(two, two, gen2(2e6, 1))), []string{"generatorPerYear[0][1] = 2e+06"}},
		{"Transition row sum", errOf(NewRegimeGBMFromTransition(two, two, [][]float64{{0.9, 0.2}, {0.1, 0.9}})), []string{"sum(transitionPerYear[0]) = 1.1"}},
		{"Transition entry", errOf(NewRegimeGBMFromTransition(two, two, [][]float64{{1.1, -0.1}, {0.1, 0.9}})), []string{
			"transitionPerYear[0][0] = 1.1", "transitionPerYear[0][1] = -0.1"}},
		{"Transition shape", errOf(NewRegimeGBMFromTransition(two, two, [][]float64{{1, 0}, {0.1, 0.8, 0.1}})), []string{"len(transitionPerYear[1]) = 3"}},
		{"Transition negative eigenvalue", errOf(NewRegimeGBMFromTransition(two, two, [][]float64{{0.2, 0.8}, {0.8, 0.2}})), []string{
			"transitionPerYear = [[0.2 0.8] [0.8 0.2]]: must be embeddable"}},
		{"Transition singular", errOf(NewRegimeGBMFromTransition(two, two, [][]float64{{0.5, 0.5}, {0.5, 0.5}})), []string{
			"transitionPerYear = [[0.5 0.5] [0.5 0.5]]: must be embeddable"}},
		{"Transition negative logarithm", errOf(NewRegimeGBMFromTransition([]float64{0, 0, 0}, []float64{0.1, 0.1, 0.1},
			[][]float64{{0.5, 0.5, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}})), []string{"transitionPerYear (logarithm [0][2]) = -0.37"}},
		{"Regime zero value", RegimeGBM{}.Validate(), []string{"len(driftPerYear) = 0"}},
		{"dt zero", ValidateDt(0), []string{"dt = 0"}},
		{"dt negative", ValidateDt(-1.0 / 12), []string{"dt = -0.0833"}},
		{"dt NaN", ValidateDt(nan), []string{"dt = NaN"}},
		{"BS call", errOf(BlackScholesCall(0, -1, nan, -0.2, 0)), []string{
			"spot = 0", "strike = -1", "ratePerYear = NaN", "volPerYear = -0.2", "years = 0"}},
		{"BS put", errOf(BlackScholesPut(100, 100, 0.05, nan, -1)), []string{"volPerYear = NaN", "years = -1"}},
		{"Merton call", errOf(MertonCall(100, 100, 0.05, 0.2, -1, 0, 9, 1)), []string{"jumpsPerYear = -1", "jumpSDLog = 9"}},
		{"Merton put", errOf(MertonPut(100, inf, 0.05, 0.2, 1, nan, 0.1, 1)), []string{"strike = +Inf", "jumpMeanLog = NaN"}},
		{"Merton series too long", errOf(MertonCall(100, 100, 0.05, 0.2, 1e6, 0, 0.1, 1)), []string{"jumpsPerYear·(1+k)·years = 1.00"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.err == nil {
				t.Fatalf("no error, want one mentioning %q", c.want)
			}
			for _, w := range c.want {
				if !strings.Contains(c.err.Error(), w) {
					t.Errorf("error %q does not mention %q", c.err, w)
				}
			}
		})
	}
}

func errOf[T any](_ T, err error) error { return err }

// TestConstructorsAcceptValid checks that valid parameters construct, the
// result validates, and a failed construction returns the zero value.
func TestConstructorsAcceptValid(t *testing.T) {
	for name, err := range map[string]error{
		"GBM":        errOf(NewGBM(-0.3, 0)),
		"Merton":     errOf(NewMerton(0.1, 0.5, 0, 0, 0)),
		"Kou":        errOf(NewKou(0.1, 0.5, 3, 1, 0.99, 0)),
		"OU":         errOf(NewOU(-2, 0, 0)),
		"ExpOU":      errOf(NewExpOU(50, 0, 0.3, 0, 0, 0, 0)),
		"CIR":        errOf(NewCIR(0, 0, 0.3)),
		"Regime":     errOf(NewRegimeGBM([]float64{0.1}, []float64{0.3}, [][]float64{{0}})),
		"Transition": errOf(NewRegimeGBMFromTransition([]float64{0.1, 0}, []float64{0.3, 0.5}, [][]float64{{1, 0}, {0, 1}})),
		"dt":         ValidateDt(1.0 / 365),
	} {
		if err != nil {
			t.Errorf("%s: unexpected error %v", name, err)
		}
	}
	if g, err := NewGBM(0.1, -1); err == nil || g != (GBM{}) {
		t.Errorf("NewGBM with a bad vol = %+v, %v; want the zero value and an error", g, err)
	}
	if k, err := NewKou(0.1, 0.2, 1, 2, 0.1, 0.1); err == nil || k != (Kou{}) {
		t.Errorf("NewKou with a bad probability = %+v, %v; want the zero value and an error", k, err)
	}
}

// TestNonPositiveDtLeavesStateAlone checks the documented behaviour of Step
// for a dt that is not positive: the input comes back and nothing is drawn.
func TestNonPositiveDtLeavesStateAlone(t *testing.T) {
	regime, err := NewRegimeGBM([]float64{0.1, -0.1}, []float64{0.2, 0.4}, [][]float64{{-2, 2}, {3, -3}})
	if err != nil {
		t.Fatal(err)
	}
	steps := map[string]func(x, dt float64, r *Rand) float64{
		"GBM":    func(x, dt float64, r *Rand) float64 { return GBM{0.1, 0.3}.Step(x, dt, 1) },
		"Merton": func(x, dt float64, r *Rand) float64 { return Merton{0.1, 0.3, 2, -0.1, 0.2}.Step(x, dt, 1, r) },
		"Kou":    func(x, dt float64, r *Rand) float64 { return Kou{0.1, 0.3, 2, 0.4, 0.1, 0.2}.Step(x, dt, 1, r) },
		"OU":     func(x, dt float64, r *Rand) float64 { return OU{1, 2, 0.3}.Step(x, dt, 1) },
		"ExpOU":  func(x, dt float64, r *Rand) float64 { return ExpOU{10, 2, 0.3, 0, 2, 0.1, 0.2}.Step(x, dt, 1, r) },
		"CIR":    func(x, dt float64, r *Rand) float64 { return CIR{0.04, 1, 0.2}.Step(x, dt, r) },
		"Regime": func(x, dt float64, r *Rand) float64 { y, _ := regime.Step(x, 1, dt, 1, r); return y },
	}
	for name, step := range steps {
		for _, dt := range []float64{0, -0.5, math.NaN()} {
			r, ref := New(3, 4), New(3, 4)
			if got := step(1.7, dt, r); got != 1.7 {
				t.Errorf("%s.Step(1.7, dt=%v) = %v, want 1.7", name, dt, got)
			}
			if r.Uint64() != ref.Uint64() {
				t.Errorf("%s.Step with dt=%v drew from the stream", name, dt)
			}
		}
	}
}

// TestStepsDoNotAllocate checks that one step of every process allocates
// nothing, including the jump and regime-switch branches.
func TestStepsDoNotAllocate(t *testing.T) {
	regime, err := NewRegimeGBM([]float64{0.1, -0.1, 0}, []float64{0.2, 0.4, 0.6},
		[][]float64{{-30, 20, 10}, {5, -15, 10}, {10, 10, -20}})
	if err != nil {
		t.Fatal(err)
	}
	var clock DefaultClock
	merton := Merton{0.1, 0.3, 30, -0.1, 0.2}
	kou := Kou{0.1, 0.3, 40, 0.4, 0.1, 0.2} // ≥ 2 jumps of a sign in most steps
	expOU := ExpOU{10, 2, 0.3, 5, 30, 0.1, 0.2}
	cir := CIR{0.04, 1, 0.5}
	r := New(1, 2)
	x := 1.0
	cases := map[string]func(){
		"GBM":          func() { x = GBM{0.1, 0.3}.Step(1, 0.25, r.Norm()) },
		"GBM.Advance":  func() { x, _ = GBM{0.1, 0.3}.Advance(1, 0, 0.25, r.Norm(), r) },
		"Merton":       func() { x = merton.Step(1, 0.25, r.Norm(), r) },
		"Kou":          func() { x = kou.Step(1, 0.25, r.Norm(), r) },
		"Kou.Advance":  func() { x, _ = PriceProcess(kou).Advance(1, 0, 0.25, r.Norm(), r) },
		"RegimeGBM":    func() { x, _ = regime.Step(1, 1, 0.25, r.Norm(), r) },
		"Regime (any)": func() { x, _ = PriceProcess(regime).Advance(1, 2, 0.25, r.Norm(), r) },
		"OU":           func() { x = OU{1, 2, 0.3}.Step(1, 0.25, r.Norm()) },
		"ExpOU":        func() { x = expOU.Step(10, 0.25, r.Norm(), r) },
		"CIR":          func() { x = cir.Step(0.04, 0.25, r) },
		"DefaultClock": func() { clock.Reset(r); clock.Step(0.5, 0.25) },
		"SurvivalProb": func() { x = SurvivalProb(0.5, 0.25) },
	}
	for name, f := range cases {
		if a := testing.AllocsPerRun(1000, f); a != 0 {
			t.Errorf("%s: %v allocations per step, want 0", name, a)
		}
	}
	_ = x
}

// streamSignature returns the next few raw words of r, to compare stream
// positions.
func streamSignature(r *Rand) [4]uint64 {
	return [4]uint64{r.Uint64(), r.Uint64(), r.Uint64(), r.Uint64()}
}

// TestFixedDrawCounts checks that Merton and Kou consume a fixed sequence of
// draws per step whether or not jumps occur, so that a plain and a mirrored
// stream stay aligned step after step.
func TestFixedDrawCounts(t *testing.T) {
	merton := Merton{0.05, 0.4, 3, -0.1, 0.2}
	kou := Kou{0.05, 0.4, 3, 0.4, 0.1, 0.2}
	const dt = 0.5 // λ·dt = 1.5: jump steps and no-jump steps both occur
	jumped := map[string][2]int{}
	for path := uint64(0); path < 200; path++ {
		// Merton: one uniform (count) and one normal (summed size).
		r, ref := New(9, path), New(9, path)
		x := merton.Step(1, dt, 0, r)
		n := ref.Poisson(merton.JumpsPerYear * dt)
		ref.Norm()
		if streamSignature(r) != streamSignature(ref) {
			t.Fatalf("Merton path %d (%d jumps): stream position differs from one uniform and one normal", path, n)
		}
		c := jumped["Merton"]
		c[min(n, 1)]++
		jumped["Merton"] = c
		_ = x

		// Kou: two Poisson counts (one uniform each) and two uniforms.
		r, ref = New(9, path), New(9, path)
		kou.Step(1, dt, 0, r)
		nu := ref.Poisson(kou.JumpsPerYear * kou.UpProb * dt)
		nd := ref.Poisson(kou.JumpsPerYear * (1 - kou.UpProb) * dt)
		ref.Uniform()
		ref.Uniform()
		if streamSignature(r) != streamSignature(ref) {
			t.Fatalf("Kou path %d (%d+%d jumps): stream position differs from four uniforms", path, nu, nd)
		}
		c = jumped["Kou"]
		c[min(nu+nd, 1)]++
		jumped["Kou"] = c
	}
	for name, c := range jumped {
		if c[0] == 0 || c[1] == 0 {
			t.Errorf("%s: steps without/with jumps = %v; the test needs both", name, c)
		}
	}

	// Antithetic alignment over many steps: the diffusion shock drawn from
	// the same stream after each step stays exactly mirrored.
	plain, mirror := New(5, 5), New(5, 5)
	mirror.SetMirror(true)
	xp, xm := 1.0, 1.0
	for s := 0; s < 240; s++ {
		zp, zm := plain.Norm(), mirror.Norm()
		if zp != -zm {
			t.Fatalf("step %d: plain z = %v, mirrored z = %v; streams fell out of alignment", s, zp, zm)
		}
		xp = kou.Step(merton.Step(xp, 1.0/12, zp, plain), 1.0/12, zp, plain)
		xm = kou.Step(merton.Step(xm, 1.0/12, zm, mirror), 1.0/12, zm, mirror)
	}
}
