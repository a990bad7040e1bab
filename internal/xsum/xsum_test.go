package xsum

import (
	"encoding/json"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// refSum returns the exact sum of xs (and of their squares when sq) in
// math/big at a precision no sum of float64 squares can exceed, rounded
// to float64 by big.Float.
func refSum(xs []float64, sq bool) float64 {
	s := new(big.Float).SetPrec(5000)
	for _, x := range xs {
		t := new(big.Float).SetPrec(5000).SetFloat64(x)
		if sq {
			t.Mul(t, t)
		}
		s.Add(s, t)
	}
	f, _ := s.Float64()
	return f
}

// adversarial returns the test's inputs: cancellation, huge and tiny
// mixes, subnormals, values near the largest float64, and random spreads.
func adversarial() map[string][]float64 {
	r := rand.New(rand.NewPCG(1, 2))
	wide := make([]float64, 2000)
	for i := range wide {
		wide[i] = (r.Float64() - 0.5) * math.Ldexp(1, r.IntN(600)-300)
	}
	cancel := make([]float64, 0, 4002)
	for i := range 2000 {
		x := r.NormFloat64() * 1e16
		cancel = append(cancel, x, -x*(1+math.Ldexp(1, -52)*float64(i%3)))
	}
	cancel = append(cancel, 1e-300, 3)
	npv := make([]float64, 10000)
	for i := range npv {
		npv[i] = 2e7 + 3e6*r.NormFloat64()
	}
	return map[string][]float64{
		"empty":          {},
		"one":            {0.1},
		"1e100+1-1e100":  {1e100, 1, -1e100},
		"halfway ties":   {1, math.Ldexp(1, -53), math.Ldexp(1, -106)},
		"ties to even":   {1, math.Ldexp(1, -53)},
		"tiny and huge":  {math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, 1e-310},
		"subnormals":     {math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64, -4e-320, 2.5e-308},
		"near overflow":  {math.MaxFloat64 / 2, math.MaxFloat64 / 4, -math.MaxFloat64 / 8},
		"overflow":       {math.MaxFloat64, math.MaxFloat64},
		"cancellation":   cancel,
		"wide exponents": wide,
		"npv-like":       npv,
		"tenths":         repeat(0.1, 1_000_000),
	}
}

func repeat(x float64, n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = x
	}
	return xs
}

func TestSumMatchesBigReference(t *testing.T) {
	for name, xs := range adversarial() {
		t.Run(name, func(t *testing.T) {
			var a, sq Acc
			for _, x := range xs {
				a.Add(x)
				sq.AddSquare(x)
			}
			if got, want := a.Float64(), refSum(xs, false); !same(got, want) {
				t.Errorf("sum %v (%x), want %v (%x)", got, math.Float64bits(got), want, math.Float64bits(want))
			}
			if got, want := sq.Float64(), refSum(xs, true); !same(got, want) {
				t.Errorf("sum of squares %v, want %v", got, want)
			}
		})
	}
}

func same(a, b float64) bool { return a == b && math.Signbit(a) == math.Signbit(b) || a != a && b != b }

// TestSumOrderAndSplitIndependent sums the same values in reversed and
// shuffled order, and split into uneven parts merged in several orders:
// every way gives the same encoding and the same float64.
func TestSumOrderAndSplitIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for name, xs := range adversarial() {
		want := encode(t, sumOf(xs))
		perm := r.Perm(len(xs))
		shuffled := make([]float64, len(xs))
		for i, p := range perm {
			shuffled[i] = xs[p]
		}
		if got := encode(t, sumOf(shuffled)); got != want {
			t.Errorf("%s: shuffled sum encodes as %.60s, want %.60s", name, got, want)
		}
		cuts := []int{0, len(xs) / 7, len(xs) / 3, len(xs) / 3, len(xs)}
		parts := make([]Acc, len(cuts)-1)
		for i := range parts {
			parts[i] = sumOf(xs[cuts[i]:cuts[i+1]])
		}
		var fwd, back Acc
		for i := range parts {
			fwd.Merge(&parts[i])
			back.Merge(&parts[len(parts)-1-i])
		}
		if encode(t, fwd) != want || encode(t, back) != want {
			t.Errorf("%s: merged parts differ from the whole", name)
		}
	}
}

func sumOf(xs []float64) Acc {
	var a Acc
	for _, x := range xs {
		a.Add(x)
	}
	return a
}

func encode(t *testing.T, a Acc) string {
	t.Helper()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back Acc
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if g, w := back.Float64(), a.Float64(); !same(g, w) {
		t.Fatalf("%s reads back as %v, want %v", b, g, w)
	}
	return string(b)
}

func TestSpecialValues(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want float64
	}{
		{[]float64{1, math.Inf(1)}, math.Inf(1)},
		{[]float64{math.Inf(-1), 1}, math.Inf(-1)},
		{[]float64{math.Inf(1), math.Inf(-1)}, math.NaN()},
		{[]float64{math.NaN(), 1}, math.NaN()},
	} {
		a := sumOf(c.xs)
		if got := a.Float64(); !same(got, c.want) {
			t.Errorf("sum of %v = %v, want %v", c.xs, got, c.want)
		}
		encode(t, a)
	}
}

func TestUnmarshalRefuses(t *testing.T) {
	var a Acc
	for _, s := range []string{`"xyz"`, `"` + string(make([]byte, 0)) + `"`, `"1` + zeros(1200) + `"`} {
		if err := json.Unmarshal([]byte(s), &a); err == nil {
			t.Errorf("%.30s: no error", s)
		}
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

// refMoments returns the mean and sample variance of xs in math/big,
// rounded once.
func refMoments(xs []float64) (mean, variance float64) {
	const prec = 6000
	n := new(big.Float).SetPrec(prec).SetInt64(int64(len(xs)))
	s := new(big.Float).SetPrec(prec)
	for _, x := range xs {
		s.Add(s, new(big.Float).SetPrec(prec).SetFloat64(x))
	}
	m := new(big.Float).SetPrec(prec).Quo(s, n)
	ss := new(big.Float).SetPrec(prec)
	for _, x := range xs {
		d := new(big.Float).SetPrec(prec).SetFloat64(x)
		d.Sub(d, m)
		ss.Add(ss, d.Mul(d, d))
	}
	ss.Quo(ss, new(big.Float).SetPrec(prec).Sub(n, big.NewFloat(1)))
	mean, _ = new(big.Float).SetPrec(53).Set(m).Float64()
	variance, _ = new(big.Float).SetPrec(53).Set(ss).Float64()
	return mean, variance
}

func TestMomentsMatchBigReference(t *testing.T) {
	for name, xs := range adversarial() {
		if len(xs) < 2 || len(xs) > 20000 || name == "overflow" {
			continue
		}
		m := MomentsOf(xs)
		wm, wv := refMoments(xs)
		if got := m.Mean(); got != wm {
			t.Errorf("%s: mean %v, want %v", name, got, wm)
		}
		if got := m.Variance(); math.Abs(got-wv) > 1e-15*math.Abs(wv) {
			t.Errorf("%s: variance %v, want %v", name, got, wv)
		}
	}
	m := MomentsOf(repeat(0.1, 1000))
	if m.Mean() != 0.1 || m.Variance() != 0 || m.SD() != 0 {
		t.Errorf("1000 copies of 0.1: mean %v, variance %v, SD %v; want 0.1, 0, 0", m.Mean(), m.Variance(), m.SD())
	}
	big := Moments{}
	for _, x := range []float64{math.MaxFloat64 / 2, -math.MaxFloat64 / 2, math.MaxFloat64 / 2, -math.MaxFloat64 / 2} {
		big.Add(x)
	}
	if sd, want := big.SD(), math.MaxFloat64/math.Sqrt(3); math.IsInf(sd, 0) || math.Abs(sd-want) > 1e-15*want {
		t.Errorf("SD of ±MaxFloat64/2 = %v, want MaxFloat64/√3 = %v (finite)", sd, want)
	}
}

func BenchmarkAdd(b *testing.B) {
	xs := adversarial()["npv-like"]
	b.ReportAllocs()
	var m Moments
	for i := 0; b.Loop(); i++ {
		m.Add(xs[i%len(xs)])
	}
}
