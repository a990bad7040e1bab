package dist

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// samplerCase is one distribution under test.
type samplerCase struct {
	name string
	d    Distribution
	// moments: the variance is finite (and the fourth moment too, so that
	// VarSE is meaningful); otherwise only the law is tested.
	moments bool
	// discrete: integer valued; tested by frequencies instead of KS.
	discrete bool
}

func mustLogNormalFromMeanSD(t testing.TB, mean, sd float64) LogNormal {
	t.Helper()
	d, err := LogNormalFromMeanSD(mean, sd)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func samplerCases(t testing.TB) []samplerCase {
	return []samplerCase{
		{name: "Uniform", d: Uniform{Min: -2, Max: 5}, moments: true},
		{name: "Normal", d: Normal{Mu: 1.5, Sigma: 2}, moments: true},
		{name: "LogNormal", d: LogNormal{Mu: 0.1, Sigma: 0.25}, moments: true},
		{name: "LogNormalMeanSD", d: mustLogNormalFromMeanSD(t, 100, 30), moments: true},
		{name: "StudentT/df10", d: StudentT{Mu: 1, Scale: 2, DF: 10}, moments: true},
		{name: "StudentT/df1.5", d: StudentT{Mu: -3, Scale: 0.5, DF: 1.5}},
		{name: "StudentT/df1", d: StudentT{Mu: 0, Scale: 1, DF: 1}},
		{name: "StudentT/df0.3", d: StudentT{Mu: 0, Scale: 1, DF: 0.3}},
		{name: "Exponential", d: Exponential{Rate: 0.5}, moments: true},
		{name: "Poisson/inversion", d: Poisson{Lambda: 3.5}, moments: true, discrete: true},
		{name: "Poisson/PTRS", d: Poisson{Lambda: 40}, moments: true, discrete: true},
		{name: "Gamma/shape2.5", d: Gamma{Shape: 2.5, Scale: 3}, moments: true},
		{name: "Gamma/shape0.4", d: Gamma{Shape: 0.4, Scale: 1}, moments: true},
		{name: "Beta/2,5", d: Beta{Alpha: 2, Beta: 5}, moments: true},
		{name: "Beta/0.5,0.5", d: Beta{Alpha: 0.5, Beta: 0.5}, moments: true},
		{name: "Beta/0.3,4", d: Beta{Alpha: 0.3, Beta: 4}, moments: true},
		{name: "Triangular", d: Triangular{Min: 1, Mode: 2, Max: 6}, moments: true},
		{name: "Triangular/modeAtMin", d: Triangular{Min: 0, Mode: 0, Max: 1}, moments: true},
		{name: "PERT/classic", d: PERT{Min: 12, Mode: 18, Max: 30}, moments: true},
		{name: "PERT/lambda2", d: PERT{Min: 0, Mode: 9, Max: 10, Lambda: 2}, moments: true},
		{name: "PERT/modeAtMax", d: PERT{Min: -1, Mode: 1, Max: 1, Lambda: 8}, moments: true},
	}
}

// TestSamplerMoments compares the sample mean and variance of 1e5 draws with
// Mean() and Variance(), within 4.5 standard errors.
func TestSamplerMoments(t *testing.T) {
	const n = 100000
	xs := make([]float64, n)
	for i, c := range samplerCases(t) {
		if !c.moments {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			r := New(11, uint64(i))
			for k := range xs {
				xs[k] = c.d.Sample(r)
			}
			m, seM := mctest.MeanSE(xs)
			v, seV := mctest.VarSE(xs)
			mctest.WithinSE(t, "sample mean", m, c.d.Mean(), seM, 4.5)
			mctest.WithinSE(t, "sample variance", v, c.d.Variance(), seV, 4.5)
		})
	}
}

// ksStatistic returns the one-sample Kolmogorov–Smirnov statistic of xs
// (sorted in place) against cdf.
func ksStatistic(xs []float64, cdf func(float64) float64) float64 {
	sort.Float64s(xs)
	n := float64(len(xs))
	var d float64
	for i, x := range xs {
		f := cdf(x)
		d = math.Max(d, math.Max(f-float64(i)/n, float64(i+1)/n-f))
	}
	return d
}

// TestSamplerKS runs a Kolmogorov–Smirnov test of 20 000 draws against the
// CDF of every continuous distribution, at significance 1e-3.
func TestSamplerKS(t *testing.T) {
	const n = 20000
	crit := mctest.KSCritical(n, 1e-3)
	xs := make([]float64, n)
	for i, c := range samplerCases(t) {
		if c.discrete {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			r := New(12, uint64(i))
			for k := range xs {
				xs[k] = c.d.Sample(r)
			}
			if d := ksStatistic(xs, c.d.CDF); !(d <= crit) {
				t.Errorf("KS statistic D = %.5f, critical value %.5f at alpha 1e-3", d, crit)
			}
		})
	}
}

// TestKSDetectsWrongLaw checks that the KS test above has power: draws from
// a distribution tested against a slightly different CDF must fail it.
func TestKSDetectsWrongLaw(t *testing.T) {
	const n = 20000
	crit := mctest.KSCritical(n, 1e-3)
	xs := make([]float64, n)
	r := New(13, 0)
	for k := range xs {
		xs[k] = Gamma{Shape: 2.5, Scale: 3}.Sample(r)
	}
	if d := ksStatistic(xs, Gamma{Shape: 2.5, Scale: 3.2}.CDF); d <= crit {
		t.Errorf("scale 3 draws against scale 3.2 CDF: D = %.5f ≤ critical %.5f; the test has no power", d, crit)
	}
}

// TestQuantileInvertsCDF checks CDF(Quantile(p)) = p and
// Quantile(CDF(x)) = x on a grid of probabilities.
func TestQuantileInvertsCDF(t *testing.T) {
	ps := []float64{1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-6}
	for _, c := range samplerCases(t) {
		t.Run(c.name, func(t *testing.T) {
			for _, p := range ps {
				x := c.d.Quantile(p)
				if c.discrete {
					// Smallest k with CDF(k) ≥ p.
					if x != math.Floor(x) || c.d.CDF(x) < p || (x > 0 && c.d.CDF(x-1) >= p) {
						t.Errorf("Quantile(%g) = %v: CDF there %v, CDF one below %v", p, x, c.d.CDF(x), c.d.CDF(x-1))
					}
					if q := c.d.Quantile(c.d.CDF(x)); q != x {
						t.Errorf("Quantile(CDF(%v)) = %v", x, q)
					}
					continue
				}
				mctest.WithinRel(t, fmt.Sprintf("CDF(Quantile(%g))", p), c.d.CDF(x), p, 1e-9)
				mctest.WithinRel(t, fmt.Sprintf("Quantile(CDF(%g))", x), c.d.Quantile(c.d.CDF(x)), x, 1e-9)
			}
		})
	}
}

// TestPublishedQuantiles compares quantiles with values from tables or
// closed forms.
func TestPublishedQuantiles(t *testing.T) {
	for _, c := range []struct {
		name string
		got  float64
		want float64
	}{
		// Φ⁻¹(0.975) = 1.959963984540054 (Abramowitz and Stegun, table 26.5).
		{"Normal 97.5%", Normal{Mu: 1, Sigma: 2}.Quantile(0.975), 1 + 2*1.959963984540054},
		// t_{0.975, 10} = 2.228138851986274 (t table).
		{"StudentT 97.5%", StudentT{Mu: 1, Scale: 2, DF: 10}.Quantile(0.975), 1 + 2*2.228138851986274},
		// Cauchy (df = 1): quantile tan(π(p − ½)); at 0.9, tan(0.4π).
		{"StudentT df1 90%", StudentT{Mu: 0, Scale: 3, DF: 1}.Quantile(0.9), 3 * math.Tan(0.4*math.Pi)},
		{"Exponential median", Exponential{Rate: 0.5}.Quantile(0.5), 2 * math.Ln2},
		{"Exponential tiny p", Exponential{Rate: 2}.Quantile(1e-12), 0.5e-12},
		{"LogNormal median", LogNormal{Mu: 0.7, Sigma: 0.4}.Quantile(0.5), math.Exp(0.7)},
		{"Uniform 30%", Uniform{Min: -2, Max: 5}.Quantile(0.3), -2 + 0.3*7},
		// Triangular median with mode ≤ midpoint: max − √((max−min)(max−mode)/2).
		{"Triangular median", Triangular{Min: 1, Mode: 2, Max: 6}.Quantile(0.5), 6 - math.Sqrt(5*4/2.0)},
		// Gamma with shape 1 is exponential with rate 1/scale.
		{"Gamma shape 1", Gamma{Shape: 1, Scale: 3}.Quantile(0.8), -3 * math.Log(0.2)},
		// Beta(1, 2) has CDF 1 − (1−x)², quantile 1 − √(1−p).
		{"Beta(1,2)", Beta{Alpha: 1, Beta: 2}.Quantile(0.75), 0.5},
		// PERT(0, 5, 10) is 10·Beta(3, 3), symmetric about 5.
		{"PERT symmetric median", PERT{Min: 0, Mode: 5, Max: 10}.Quantile(0.5), 5},
		// Poisson(1): P(0) = e⁻¹ = 0.368, P(≤1) = 2e⁻¹ = 0.736.
		{"Poisson(1) 50%", Poisson{Lambda: 1}.Quantile(0.5), 1},
		{"Poisson(1) 36%", Poisson{Lambda: 1}.Quantile(0.36), 0},
		{"Poisson(1) 74%", Poisson{Lambda: 1}.Quantile(0.74), 2},
		{"Poisson(1) CDF(1.7)", Poisson{Lambda: 1}.CDF(1.7), 2 / math.E},
		{"Gamma CDF(mean) shape 1", Gamma{Shape: 1, Scale: 2}.CDF(2), 1 - 1/math.E},
		// For small x, P(a, x) = x^a/Γ(a+1)·(1 − a·x/(a+1) + …): at a = 0.4
		// and p = 1e-6 the quantile is ≈ 7e-16 and the correction negligible.
		{"Gamma small shape, small p", Gamma{Shape: 0.4, Scale: 2}.Quantile(1e-6), 2 * math.Pow(1e-6*math.Gamma(1.4), 1/0.4)},
	} {
		mctest.WithinRel(t, c.name, c.got, c.want, 1e-10)
	}
}

// TestQuantileEdges checks the ends of the quantile functions and that
// probabilities outside [0, 1] give NaN rather than a panic.
func TestQuantileEdges(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		name   string
		d      Distribution
		q0, q1 float64
	}{
		{"Uniform", Uniform{Min: -2, Max: 5}, -2, 5},
		{"Normal", Normal{Mu: 0, Sigma: 1}, -inf, inf},
		{"LogNormal", LogNormal{Mu: 0, Sigma: 1}, 0, inf},
		{"StudentT", StudentT{Mu: 0, Scale: 1, DF: 3}, -inf, inf},
		{"Exponential", Exponential{Rate: 1}, 0, inf},
		{"Poisson", Poisson{Lambda: 2}, 0, inf},
		{"Gamma", Gamma{Shape: 2, Scale: 1}, 0, inf},
		{"Beta", Beta{Alpha: 2, Beta: 3}, 0, 1},
		{"Triangular", Triangular{Min: 1, Mode: 2, Max: 6}, 1, 6},
		{"PERT", PERT{Min: 1, Mode: 2, Max: 6}, 1, 6},
		{"Constant", Constant{Value: 4}, 4, 4},
	} {
		if q := c.d.Quantile(0); q != c.q0 {
			t.Errorf("%s: Quantile(0) = %v, want %v", c.name, q, c.q0)
		}
		if q := c.d.Quantile(1); q != c.q1 {
			t.Errorf("%s: Quantile(1) = %v, want %v", c.name, q, c.q1)
		}
		for _, p := range []float64{-0.1, 1.1, math.NaN(), inf} {
			if q := c.d.Quantile(p); !math.IsNaN(q) {
				t.Errorf("%s: Quantile(%v) = %v, want NaN", c.name, p, q)
			}
		}
		if f := c.d.CDF(math.NaN()); !math.IsNaN(f) {
			t.Errorf("%s: CDF(NaN) = %v, want NaN", c.name, f)
		}
		if f := c.d.CDF(-inf); f != 0 {
			t.Errorf("%s: CDF(-Inf) = %v, want 0", c.name, f)
		}
		if f := c.d.CDF(inf); f != 1 {
			t.Errorf("%s: CDF(+Inf) = %v, want 1", c.name, f)
		}
	}
}

// TestMirrorInversion checks that the inversion samplers turn a mirrored
// stream into exactly the mirrored quantile: the plain draw is Quantile(u)
// and the mirrored draw Quantile(1−u), for u the plain stream's uniform.
func TestMirrorInversion(t *testing.T) {
	for _, d := range []Distribution{
		Uniform{Min: -2, Max: 5},
		Exponential{Rate: 0.5},
		Triangular{Min: 1, Mode: 2, Max: 6},
		Triangular{Min: 0, Mode: 1, Max: 1},
	} {
		plain, mirror, us := New(5, 9), New(5, 9), New(5, 9)
		mirror.SetMirror(true)
		for i := 0; i < 10000; i++ {
			u := us.Uniform()
			x, xm := d.Sample(plain), d.Sample(mirror)
			if x != d.Quantile(u) || xm != d.Quantile(1-u) {
				t.Fatalf("%T draw %d: plain %v mirrored %v, want Quantile(u) = %v and Quantile(1−u) = %v",
					d, i, x, xm, d.Quantile(u), d.Quantile(1-u))
			}
			if s := d.CDF(x) + d.CDF(xm); math.Abs(s-1) > 1e-12 {
				t.Fatalf("%T draw %d: CDF(x) + CDF(mirrored x) = %v, want 1", d, i, s)
			}
		}
	}
}

// TestMirrorNormal checks the antithetic property of the samplers driven by
// one normal: Normal draws reflect about Mu, LogNormal draws multiply to
// exp(2·Mu).
func TestMirrorNormal(t *testing.T) {
	plain, mirror := New(6, 1), New(6, 1)
	mirror.SetMirror(true)
	centred := Normal{Mu: 0, Sigma: 3}
	shifted := Normal{Mu: 10, Sigma: 3}
	ln := LogNormal{Mu: 0.3, Sigma: 0.8}
	for i := 0; i < 10000; i++ {
		if x, xm := centred.Sample(plain), centred.Sample(mirror); xm != -x {
			t.Fatalf("draw %d: Normal(0, 3) plain %v mirrored %v, want exact negation", i, x, xm)
		}
		x, xm := shifted.Sample(plain), shifted.Sample(mirror)
		mctest.WithinAbs(t, "Normal(10, 3): x + mirrored x", x+xm, 20, 1e-13)
		y, ym := ln.Sample(plain), ln.Sample(mirror)
		mctest.WithinRel(t, "LogNormal: y · mirrored y", y*ym, math.Exp(0.6), 1e-14)
	}
}

// TestValidation checks that every bad parameter is reported with its name
// and value, that the constructors refuse it, and that an unvalidated bad
// value neither panics nor draws, returning NaN instead.
func TestValidation(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name string
		d    Distribution
		ctor func() error
		want []string // substrings of the error
	}{
		{"uniform min NaN", Uniform{Min: nan, Max: 1}, func() error { _, err := NewUniform(nan, 1); return err }, []string{"min = NaN: must be a finite number"}},
		{"uniform max +Inf", Uniform{Min: 0, Max: inf}, func() error { _, err := NewUniform(0, inf); return err }, []string{"max = +Inf: must be a finite number"}},
		{"uniform min > max", Uniform{Min: 5, Max: 1}, func() error { _, err := NewUniform(5, 1); return err }, []string{"max = 1: must be > min = 5"}},
		{"uniform min = max", Uniform{Min: 2, Max: 2}, func() error { _, err := NewUniform(2, 2); return err }, []string{"max = 2: must be > min = 2"}},
		{"normal sigma < 0", Normal{Mu: 0, Sigma: -1}, func() error { _, err := NewNormal(0, -1); return err }, []string{"sigma = -1: must be > 0"}},
		{"normal sigma 0", Normal{Mu: 0, Sigma: 0}, func() error { _, err := NewNormal(0, 0); return err }, []string{"sigma = 0: must be > 0"}},
		{"normal mu -Inf", Normal{Mu: -inf, Sigma: 1}, func() error { _, err := NewNormal(-inf, 1); return err }, []string{"mu = -Inf: must be a finite number"}},
		{"lognormal sigma NaN", LogNormal{Mu: 0, Sigma: nan}, func() error { _, err := NewLogNormal(0, nan); return err }, []string{"sigma = NaN: must be > 0"}},
		{"lognormal median < 0", LogNormal{}, func() error { _, err := LogNormalFromMedian(-2, 0.3); return err }, []string{"median = -2: must be > 0"}},
		{"lognormal dispersion 0", LogNormal{}, func() error { _, err := LogNormalFromMedian(2, 0); return err }, []string{"dispersion = 0: must be > 0"}},
		{"lognormal mean 0", LogNormal{}, func() error { _, err := LogNormalFromMeanSD(0, 1); return err }, []string{"mean = 0: must be > 0"}},
		{"lognormal sd -1", LogNormal{}, func() error { _, err := LogNormalFromMeanSD(1, -1); return err }, []string{"sd = -1: must be > 0"}},
		{"lognormal sd overflow", LogNormal{}, func() error { _, err := LogNormalFromMeanSD(1e-200, 1e200); return err }, []string{"sd = 1e+200: must be such that"}},
		{"studentT df 0", StudentT{Mu: 0, Scale: 1, DF: 0}, func() error { _, err := NewStudentT(0, 1, 0); return err }, []string{"df = 0: must be > 0"}},
		{"studentT df < 0", StudentT{Mu: 0, Scale: 1, DF: -3}, func() error { _, err := NewStudentT(0, 1, -3); return err }, []string{"df = -3: must be > 0"}},
		{"studentT scale < 0 and df Inf", StudentT{Mu: 0, Scale: -1, DF: inf}, func() error { _, err := NewStudentT(0, -1, inf); return err }, []string{"scale = -1: must be > 0", "df = +Inf: must be > 0 and finite"}},
		{"exponential rate < 0", Exponential{Rate: -2}, func() error { _, err := NewExponential(-2); return err }, []string{"rate = -2: must be > 0"}},
		{"exponential rate Inf", Exponential{Rate: inf}, func() error { _, err := NewExponential(inf); return err }, []string{"rate = +Inf: must be > 0 and finite"}},
		{"poisson lambda 0", Poisson{Lambda: 0}, func() error { _, err := NewPoisson(0); return err }, []string{"lambda = 0: must be > 0"}},
		{"poisson lambda NaN", Poisson{Lambda: nan}, func() error { _, err := NewPoisson(nan); return err }, []string{"lambda = NaN: must be > 0"}},
		{"gamma shape < 0", Gamma{Shape: -1, Scale: 1}, func() error { _, err := NewGamma(-1, 1); return err }, []string{"shape = -1: must be > 0"}},
		{"gamma scale < 0", Gamma{Shape: 1, Scale: -0.5}, func() error { _, err := NewGamma(1, -0.5); return err }, []string{"scale = -0.5: must be > 0"}},
		{"beta alpha 0 beta NaN", Beta{Alpha: 0, Beta: nan}, func() error { _, err := NewBeta(0, nan); return err }, []string{"alpha = 0: must be in (0, 1e+08]", "beta = NaN: must be in (0, 1e+08]"}},
		{"triangular mode < min", Triangular{Min: 1, Mode: 0, Max: 3}, func() error { _, err := NewTriangular(1, 0, 3); return err }, []string{"mode = 0: must be in [1, 3]"}},
		{"triangular mode > max", Triangular{Min: 1, Mode: 4, Max: 3}, func() error { _, err := NewTriangular(1, 4, 3); return err }, []string{"mode = 4: must be in [1, 3]"}},
		{"triangular min > max", Triangular{Min: 4, Mode: 3, Max: 2}, func() error { _, err := NewTriangular(4, 3, 2); return err }, []string{"max = 2: must be > min = 4"}},
		{"triangular mode NaN", Triangular{Min: 0, Mode: nan, Max: 1}, func() error { _, err := NewTriangular(0, nan, 1); return err }, []string{"mode = NaN: must be in [0, 1]"}},
		{"pert mode > max", PERT{Min: 0, Mode: 11, Max: 10}, func() error { _, err := NewPERT(0, 11, 10, 0); return err }, []string{"mode = 11: must be in [0, 10]"}},
		{"pert lambda < 0", PERT{Min: 0, Mode: 5, Max: 10, Lambda: -1}, func() error { _, err := NewPERT(0, 5, 10, -1); return err }, []string{"lambda = -1: must be ≥ 0"}},
		{"pert min Inf", PERT{Min: -inf, Mode: 5, Max: 10}, func() error { _, err := NewPERT(-inf, 5, 10, 0); return err }, []string{"min = -Inf: must be a finite number"}},
		{"constant NaN", Constant{Value: nan}, func() error { _, err := NewConstant(nan); return err }, []string{"value = NaN: must be a finite number"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.ctor()
			if err == nil {
				t.Fatal("constructor accepted bad parameters")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("constructor error %q does not contain %q", err, w)
				}
			}
			if (c.d == LogNormal{}) {
				return // the constructor's parameters have no struct form
			}
			verr := c.d.Validate()
			if verr == nil || verr.Error() != err.Error() {
				t.Errorf("Validate() = %v, constructor error %v: want the same", verr, err)
			}
			r, ref := New(3, 3), New(3, 3)
			if x := c.d.Sample(r); !math.IsNaN(x) {
				t.Errorf("Sample = %v, want NaN", x)
			}
			if r.Uint64() != ref.Uint64() {
				t.Error("Sample on bad parameters consumed the stream")
			}
			for name, v := range map[string]float64{
				"Mean": c.d.Mean(), "Variance": c.d.Variance(), "CDF(0.5)": c.d.CDF(0.5), "Quantile(0.5)": c.d.Quantile(0.5),
			} {
				if !math.IsNaN(v) {
					t.Errorf("%s = %v, want NaN", name, v)
				}
			}
			if p, ok := c.d.(Poisson); ok {
				if k := p.Draw(r); k != 0 {
					t.Errorf("Draw = %d, want 0", k)
				}
			}
		})
	}
}

// TestConstructorsAccept checks that valid parameters build the value given.
func TestConstructorsAccept(t *testing.T) {
	check := func(got Distribution, err error, want Distribution) {
		t.Helper()
		if err != nil || got != want {
			t.Errorf("got %+v, %v; want %+v", got, err, want)
		}
	}
	u, err := NewUniform(-1, 1)
	check(u, err, Uniform{-1, 1})
	n, err := NewNormal(2, 3)
	check(n, err, Normal{2, 3})
	ln, err := NewLogNormal(0.5, 0.2)
	check(ln, err, LogNormal{0.5, 0.2})
	st, err := NewStudentT(1, 2, 0.5)
	check(st, err, StudentT{1, 2, 0.5})
	e, err := NewExponential(3)
	check(e, err, Exponential{3})
	p, err := NewPoisson(0.1)
	check(p, err, Poisson{0.1})
	g, err := NewGamma(0.2, 5)
	check(g, err, Gamma{0.2, 5})
	b, err := NewBeta(0.5, 9)
	check(b, err, Beta{0.5, 9})
	tr, err := NewTriangular(0, 0, 1)
	check(tr, err, Triangular{0, 0, 1})
	pe, err := NewPERT(1, 3, 3, 0)
	check(pe, err, PERT{1, 3, 3, 0})
	co, err := NewConstant(-4)
	check(co, err, Constant{-4})
}

// TestSampleAllocs checks that no sampler allocates.
func TestSampleAllocs(t *testing.T) {
	r := New(1, 1)
	for _, c := range samplerCases(t) {
		d := c.d
		if a := testing.AllocsPerRun(1000, func() { d.Sample(r) }); a != 0 {
			t.Errorf("%s: Sample allocates %v times per call", c.name, a)
		}
	}
	p := Poisson{Lambda: 30}
	if a := testing.AllocsPerRun(1000, func() { p.Draw(r) }); a != 0 {
		t.Errorf("Poisson.Draw allocates %v times per call", a)
	}
	co := Constant{Value: 1}
	if a := testing.AllocsPerRun(1000, func() { co.Sample(r) }); a != 0 {
		t.Errorf("Constant.Sample allocates %v times per call", a)
	}
}

func BenchmarkSample(b *testing.B) {
	for _, c := range append(samplerCases(b), samplerCase{name: "Constant", d: Constant{Value: 1}}) {
		b.Run(c.name, func(b *testing.B) {
			r := New(1, 1)
			d := c.d
			b.ReportAllocs()
			var s float64
			for b.Loop() {
				s += d.Sample(r)
			}
			if math.IsNaN(s) {
				b.Fatal("NaN draw")
			}
		})
	}
}
