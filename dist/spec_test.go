package dist

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// specCase is a valid spec of each kind with its mean and variance worked
// out by hand from the parameters.
type specCase struct {
	spec       Spec
	mean, vari float64
}

func specCases() []specCase {
	return []specCase{
		{Fixed(7), 7, 0},
		{Fixed(0), 0, 0},
		{UniformSpec(2, 6), 4, 16.0 / 12},
		{NormalSpec(-1, 0.5), -1, 0.25},
		{Spec{Kind: KindNormal, Sigma: 2}, 0, 4},
		{LogNormalSpec(2, 0.5), 2 * math.Exp(0.125), math.Expm1(0.25) * 4 * math.Exp(0.25)},
		{Spec{Kind: KindLogNormal, MeanValue: 100, SD: 30}, 100, 900},
		{Spec{Kind: KindLogNormal, Mu: 0.5, Sigma: 0.2}, math.Exp(0.52), math.Expm1(0.04) * math.Exp(1.04)},
		{Spec{Kind: KindLogNormal, Sigma: 0.2}, math.Exp(0.02), math.Expm1(0.04) * math.Exp(0.04)},
		{Spec{Kind: KindStudentT, Mu: 5, Scale: 2, DF: 6}, 5, 4 * 6.0 / 4},
		{Spec{Kind: KindExponential, Rate: 4}, 0.25, 1.0 / 16},
		{Spec{Kind: KindPoisson, MeanValue: 3}, 3, 3},
		{Spec{Kind: KindGamma, Shape: 2, Scale: 3}, 6, 18},
		{Spec{Kind: KindBeta, Alpha: 2, Beta: 6}, 0.25, 2 * 6.0 / (64 * 9)},
		{TriangularSpec(1, 2, 6), 3, (1 + 4 + 36 - 2 - 6 - 12) / 18.0},
		{PERTSpec(12, 18, 30), 19, 7 * 11 / 7.0},
		{Spec{Kind: KindPERT, Min: 0, Mode: 2, Max: 10, Lambda: 3}, 16.0 / 5, (16.0 / 5) * (10 - 16.0/5) / 6},
	}
}

// TestSpecBuildsRightDistribution checks that each kind builds a sampler
// whose mean and variance are the hand-computed ones, and whose draws agree
// with them within 4.5 standard errors.
func TestSpecBuildsRightDistribution(t *testing.T) {
	const n = 40000
	xs := make([]float64, n)
	for i, c := range specCases() {
		t.Run(c.spec.String(), func(t *testing.T) {
			if err := c.spec.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			m, err := c.spec.Mean()
			if err != nil {
				t.Fatalf("Mean: %v", err)
			}
			mctest.WithinRel(t, "Spec.Mean", m, c.mean, 1e-12)
			s, err := c.spec.Sampler()
			if err != nil {
				t.Fatalf("Sampler: %v", err)
			}
			d := s.(Distribution)
			mctest.WithinRel(t, "Variance", d.Variance(), c.vari, 1e-12)
			r := New(21, uint64(i))
			for k := range xs {
				xs[k] = s.Sample(r)
			}
			if c.vari == 0 {
				for _, x := range xs {
					if x != c.mean {
						t.Fatalf("draw %v from a fixed spec, want %v", x, c.mean)
					}
				}
				return
			}
			sm, _ := mctest.MeanSE(xs)
			mctest.WithinSE(t, "sample mean", sm, c.mean, math.Sqrt(c.vari/n), 4.5)
		})
	}
}

// TestSpecJSONRoundTrip checks that marshalling then unmarshalling gives an
// identical Spec, for every kind and for a spec with every field set.
func TestSpecJSONRoundTrip(t *testing.T) {
	specs := []Spec{{}, {
		Kind: "anything", Value: 1, Min: -2.5, Max: 3e300, Mode: 1e-300, Lambda: 4, Mu: -0.1, Sigma: 0.3,
		Median: 2, Dispersion: 0.25, MeanValue: 1 / 3.0, SD: math.Pi, DF: 3, Scale: 5, Rate: 0.7,
		Shape: 2, Alpha: math.SmallestNonzeroFloat64, Beta: math.MaxFloat64,
	}}
	for _, c := range specCases() {
		specs = append(specs, c.spec)
	}
	for _, s := range specs {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("%v: %v", s, err)
		}
		var back Spec
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if back != s {
			t.Errorf("round trip of %+v through %s gave %+v", s, b, back)
		}
	}
}

// TestSpecJSONNames checks the JSON field names against the documented
// scenario format.
func TestSpecJSONNames(t *testing.T) {
	for _, c := range []struct {
		spec Spec
		want string
	}{
		{PERTSpec(12, 18, 30), `{"kind":"pert","min":12,"mode":18,"max":30}`},
		{LogNormalSpec(1.1, 0.15), `{"kind":"lognormal","median":1.1,"dispersion":0.15}`},
		{Fixed(0), `{"kind":"fixed"}`},
		{Spec{Kind: KindStudentT, Mu: 1, Scale: 2, DF: 4}, `{"kind":"studentT","mu":1,"df":4,"scale":2}`},
		{Spec{Kind: KindLogNormal, MeanValue: 5, SD: 1}, `{"kind":"lognormal","mean":5,"sd":1}`},
		{Spec{Kind: KindGamma, Shape: 2, Scale: 1, Rate: 3, Alpha: 4, Beta: 5, Lambda: 6, Sigma: 7, Value: 8},
			`{"kind":"gamma","value":8,"lambda":6,"sigma":7,"scale":1,"rate":3,"shape":2,"alpha":4,"beta":5}`},
	} {
		b, err := json.Marshal(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != c.want {
			t.Errorf("Marshal(%v) = %s, want %s", c.spec, b, c.want)
		}
	}
	var s Spec
	if err := json.Unmarshal([]byte(`{"kind":"beta","alpha":2,"beta":3}`), &s); err != nil || s != (Spec{Kind: KindBeta, Alpha: 2, Beta: 3}) {
		t.Errorf("Unmarshal beta = %+v, %v", s, err)
	}
}

// TestSpecValidation checks the errors for unknown kinds, stray parameters
// and bad parameters of the kind.
func TestSpecValidation(t *testing.T) {
	for _, c := range []struct {
		name string
		spec Spec
		want []string
	}{
		{"unknown kind", Spec{Kind: "weibull", Shape: 2}, []string{`kind = "weibull": must be one of "fixed", "uniform", "normal", "lognormal", "studentT", "exponential", "poisson", "gamma", "beta", "triangular", "pert"`}},
		{"empty kind", Spec{Min: 1}, []string{`kind = "": must be one of "fixed"`}},
		{"wrong case kind", Spec{Kind: "PERT", Min: 1, Mode: 2, Max: 3}, []string{`kind = "PERT": must be one of`}},
		{"stray mode", Spec{Kind: KindNormal, Sigma: 1, Mode: 3}, []string{`mode = 3: must be unset for kind "normal" (it takes mu, sigma)`}},
		{"two strays", Spec{Kind: KindExponential, Rate: 1, Mu: 2, Lambda: -1}, []string{`mu = 2: must be unset for kind "exponential"`, `lambda = -1: must be unset for kind "exponential"`}},
		{"stray NaN", Spec{Kind: KindFixed, Value: 1, Sigma: math.NaN()}, []string{`sigma = NaN: must be unset for kind "fixed"`}},
		{"poisson rate", Spec{Kind: KindPoisson, Rate: 2}, []string{`rate = 2: must be unset for kind "poisson" (it takes mean)`, "mean = 0: must be > 0"}},
		{"fixed Inf", Fixed(math.Inf(1)), []string{"value = +Inf: must be a finite number"}},
		{"uniform min > max", UniformSpec(3, 1), []string{"max = 1: must be > min = 3"}},
		{"normal no sigma", Spec{Kind: KindNormal, Mu: 1}, []string{"sigma = 0: must be > 0"}},
		{"lognormal none", Spec{Kind: KindLogNormal}, []string{"exactly one of the pairs (mu, sigma), (median, dispersion), (mean, sd); got none"}},
		{"lognormal two pairs", Spec{Kind: KindLogNormal, Sigma: 1, Median: 2, Dispersion: 0.1}, []string{"got (mu, sigma) and (median, dispersion)"}},
		{"lognormal half pair", Spec{Kind: KindLogNormal, Median: 2}, []string{"dispersion = 0: must be > 0"}},
		{"lognormal bad mean", Spec{Kind: KindLogNormal, MeanValue: -1, SD: 1}, []string{"mean = -1: must be > 0"}},
		{"studentT df", Spec{Kind: KindStudentT, Scale: 1, DF: -2}, []string{"df = -2: must be > 0"}},
		{"exponential rate", Spec{Kind: KindExponential, Rate: -1}, []string{"rate = -1: must be > 0"}},
		{"poisson mean", Spec{Kind: KindPoisson, MeanValue: -3}, []string{"mean = -3: must be > 0"}},
		{"gamma scale", Spec{Kind: KindGamma, Shape: 1}, []string{"scale = 0: must be > 0"}},
		{"beta", Spec{Kind: KindBeta, Alpha: 1}, []string{"beta = 0: must be in (0, 1e+08]"}},
		{"triangular mode", TriangularSpec(0, 5, 4), []string{"mode = 5: must be in [0, 4]"}},
		{"pert mode", PERTSpec(10, 3, 20), []string{"mode = 3: must be in [10, 20]"}},
		{"pert lambda", Spec{Kind: KindPERT, Min: 0, Mode: 1, Max: 2, Lambda: math.Inf(1)}, []string{"lambda = +Inf: must be ≥ 0 and ≤ 99999999"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.spec.Validate()
			if err == nil {
				t.Fatalf("Validate accepted %+v", c.spec)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if s, err2 := c.spec.Sampler(); s != nil || err2 == nil || err2.Error() != err.Error() {
				t.Errorf("Sampler() = %v, %v; want nil and the Validate error", s, err2)
			}
			if _, err2 := c.spec.Mean(); err2 == nil {
				t.Error("Mean() gave no error")
			}
		})
	}
}

// TestSpecMeanUndefined checks that a studentT with df ≤ 1 is a valid
// sampler without a mean.
func TestSpecMeanUndefined(t *testing.T) {
	s := Spec{Kind: KindStudentT, Mu: 1, Scale: 1, DF: 0.8}
	if _, err := s.Sampler(); err != nil {
		t.Fatalf("Sampler: %v", err)
	}
	_, err := s.Mean()
	if err == nil || !strings.Contains(err.Error(), "df = 0.8: must be > 1") {
		t.Errorf("Mean error = %v, want one naming df", err)
	}
}

// TestSpecFixedDrawsNothing checks the documented property that a fixed
// spec leaves the stream untouched.
func TestSpecFixedDrawsNothing(t *testing.T) {
	s, err := Fixed(3).Sampler()
	if err != nil {
		t.Fatal(err)
	}
	r, ref := New(4, 4), New(4, 4)
	s.Sample(r)
	if r.Uint64() != ref.Uint64() {
		t.Error("a fixed sampler consumed the stream")
	}
}

func TestSpecString(t *testing.T) {
	for _, c := range []struct {
		spec Spec
		want string
	}{
		{PERTSpec(12, 18, 30), "pert(min=12, mode=18, max=30)"},
		{Fixed(0), "fixed(value=0)"},
		{LogNormalSpec(1.1, 0.15), "lognormal(median=1.1, dispersion=0.15)"},
		{UniformSpec(0, 1), "uniform(max=1)"},
	} {
		if got := c.spec.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
	}
}

// TestKindsAllBuild checks that the list of kinds and the parameter table
// agree: every kind in Kinds has parameters and a spec case.
func TestKindsAllBuild(t *testing.T) {
	covered := map[Kind]bool{}
	for _, c := range specCases() {
		covered[c.spec.Kind] = true
	}
	if len(Kinds()) != len(kindParams) {
		t.Errorf("Kinds() has %d kinds, the parameter table %d", len(Kinds()), len(kindParams))
	}
	for _, k := range Kinds() {
		if _, ok := kindParams[k]; !ok {
			t.Errorf("kind %q has no parameter list", k)
		}
		if !covered[k] {
			t.Errorf("kind %q has no spec case", k)
		}
	}
}

// FuzzSpecJSON feeds arbitrary JSON to the Spec decoder: whatever decodes
// must validate without panicking, a valid spec must build a sampler whose
// draws are not NaN, and a decoded spec must survive a JSON round trip.
func FuzzSpecJSON(f *testing.F) {
	for _, c := range specCases() {
		b, _ := json.Marshal(c.spec)
		f.Add(b)
	}
	f.Add([]byte(`{"kind":"pert","min":1,"mode":0,"max":-1,"lambda":-3}`))
	f.Add([]byte(`{"kind":"beta","alpha":1e-320,"beta":1e308}`))
	f.Add([]byte(`{"kind":"lognormal","mean":1e-300,"sd":1e300}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Spec
		if err := json.Unmarshal(data, &s); err != nil {
			return
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", s, err)
		}
		var back Spec
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Fatalf("round trip of %+v gave %+v, %v", s, back, err)
		}
		smp, err := s.Sampler()
		if err != nil {
			if s.Validate() == nil {
				t.Fatalf("Sampler failed (%v) but Validate passed", err)
			}
			return
		}
		r := New(1, 2)
		for i := 0; i < 20; i++ {
			if x := smp.Sample(r); math.IsNaN(x) {
				t.Fatalf("%v: draw %d is NaN", s, i)
			}
		}
		_ = fmt.Sprint(s)
	})
}
