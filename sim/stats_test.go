package sim

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// oneTo returns the sorted sample 1, 2, …, n, whose type-1 p-quantile is
// ⌈n·p⌉ itself.
func oneTo(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	return xs
}

func TestQuantileHandCases(t *testing.T) {
	tests := []struct {
		n    int
		p    float64
		want float64
	}{
		{10, 0, 1},
		{10, 0.05, 1},
		{10, 0.1, 1},
		{10, 0.11, 2},
		{10, 0.5, 5}, // type 1: the lower middle value
		{10, 0.51, 6},
		{10, 0.95, 10},
		{10, 1, 10},
		{1, 0, 1},
		{1, 0.5, 1},
		{1, 1, 1},
		{100, 0.07, 7}, // 0.07·100 = 7.000000000000001 in float64
		{100, 0.29, 29},
		{100, 0.57, 57},
		{20, 1 - 0.95, 1}, // 1−0.95 = 0.05000000000000004
		{1000, 1 - 0.99, 10},
		{1000, 0.0105, 11},
	}
	for _, tt := range tests {
		if got := Quantile(oneTo(tt.n), tt.p); got != tt.want {
			t.Errorf("Quantile(1..%d, %v) = %v, want %v", tt.n, tt.p, got, tt.want)
		}
	}
}

// TestRankDecimalProbabilities checks ⌈n·p⌉ against exact integer arithmetic
// for every probability with two or three decimals, and every tail 1−α of
// the usual levels, over sample sizes a run may have.
func TestRankDecimalProbabilities(t *testing.T) {
	for _, n := range []int{1, 7, 20, 100, 368, 1000, 4096, 10000, 123457, 1000000, 10000000} {
		for m := 0; m <= 1000; m++ {
			p := float64(m) / 1000
			want := max((n*m+999)/1000, 1) // ⌈n·m/1000⌉ in integers
			if got := rank(n, p); got != want {
				t.Fatalf("rank(%d, %v) = %d, want %d", n, p, got, want)
			}
		}
		for _, am := range []int{900, 950, 975, 990, 995, 999} { // α·1000
			level := float64(am) / 1000
			want := max((n*(1000-am)+999)/1000, 1)
			if got := tailCount(n, level); got != want {
				t.Errorf("tailCount(%d, %v) = %d, want %d", n, level, got, want)
			}
		}
	}
}

func TestQuantilePanics(t *testing.T) {
	tests := []struct {
		name   string
		sorted []float64
		p      float64
	}{
		{"empty", nil, 0.5},
		{"p below 0", oneTo(3), -0.01},
		{"p above 1", oneTo(3), 1.01},
		{"p NaN", oneTo(3), math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Quantile(%v, %v) did not panic", tt.sorted, tt.p)
				}
			}()
			Quantile(tt.sorted, tt.p)
		})
	}
}

func TestQuantilesMatchesQuantile(t *testing.T) {
	samples := []float64{3, -1, 4, 1, -5, 9, 2, 6}
	orig := slices.Clone(samples)
	ps := []float64{0, 0.125, 0.2, 0.5, 0.9, 1}
	got, err := Quantiles(samples, ps)
	if err != nil {
		t.Fatal(err)
	}
	// Sorted: −5 −1 1 2 3 4 6 9; ranks ⌈8p⌉ = 1, 1, 2, 4, 8, 8.
	want := []float64{-5, -5, -1, 2, 9, 9}
	if !slices.Equal(got, want) {
		t.Errorf("Quantiles = %v, want %v", got, want)
	}
	if !slices.Equal(samples, orig) {
		t.Errorf("Quantiles reordered its input: %v, was %v", samples, orig)
	}
}

func TestQuantilesErrors(t *testing.T) {
	tests := []struct {
		name    string
		samples []float64
		ps      []float64
		want    string
	}{
		{"empty", nil, []float64{0.5}, "len(samples) = 0: must be ≥ 1"},
		{"NaN sample", []float64{1, 2, math.NaN()}, []float64{0.5}, "samples[2] = NaN: must be a finite number"},
		{"Inf sample", []float64{math.Inf(-1), 2}, []float64{0.5}, "samples[0] = -Inf: must be a finite number"},
		{"p above 1", []float64{1, 2}, []float64{0.5, 1.5}, "ps[1] = 1.5: must be in [0, 1]"},
		{"p NaN", []float64{1, 2}, []float64{math.NaN()}, "ps[0] = NaN: must be in [0, 1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Quantiles(tt.samples, tt.ps)
			wantErr(t, err, tt.want)
		})
	}
}

// wantErr fails unless err is non-nil and its message contains want.
func wantErr(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", want)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
}

func TestSortedPercentiles(t *testing.T) {
	got := SortedPercentiles(oneTo(200))
	want := Percentiles{P1: 2, P5: 10, P10: 20, P25: 50, P50: 100, P75: 150, P90: 180, P95: 190, P99: 198}
	if got != want {
		t.Errorf("SortedPercentiles(1..200) = %+v, want %+v", got, want)
	}
}

func TestSortedFunctionsDoNotAllocate(t *testing.T) {
	sorted := oneTo(1000)
	for i := range sorted {
		sorted[i] -= 300
	}
	var sink float64
	allocs := testing.AllocsPerRun(100, func() {
		sink += Quantile(sorted, 0.37)
		v, _ := SortedVaR(sorted, 0.95)
		e, _ := SortedES(sorted, 0.99)
		p := SortedPercentiles(sorted)
		ci, _ := SortedVaRCI(sorted, 0.99, 0.95)
		ce, _ := SortedESCI(sorted, 0.95, 0.95)
		sink += v + e + p.P50 + ci[0] + ce[1]
	})
	if allocs != 0 {
		t.Errorf("sorted statistics allocate %v times per call, want 0", allocs)
	}
	_ = sink
}

func TestMeanCIHand(t *testing.T) {
	// 2, 4, 6, 8: mean 5, s² = (9+1+1+9)/3 = 20/3.
	mean, ci, err := MeanCI([]float64{2, 4, 6, 8}, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	h := distuv.UnitNormal.Quantile(0.975) * math.Sqrt(20.0/3/4)
	mctest.WithinRel(t, "mean", mean, 5, 1e-15)
	mctest.WithinRel(t, "ci[0]", ci[0], 5-h, 1e-14)
	mctest.WithinRel(t, "ci[1]", ci[1], 5+h, 1e-14)
}

func TestMeanCIErrors(t *testing.T) {
	tests := []struct {
		name    string
		samples []float64
		conf    float64
		want    string
	}{
		{"empty", nil, 0.95, "len(samples) = 0"},
		{"one value", []float64{1}, 0.95, "len(samples) = 1: must be ≥ 2"},
		{"NaN", []float64{1, math.NaN(), 3}, 0.95, "samples[1] = NaN"},
		{"conf 0", []float64{1, 2}, 0, "conf = 0: must be in (0, 1)"},
		{"conf 1", []float64{1, 2}, 1, "conf = 1: must be in (0, 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := MeanCI(tt.samples, tt.conf)
			wantErr(t, err, tt.want)
		})
	}
}

func TestProbLoss(t *testing.T) {
	t.Run("hand", func(t *testing.T) {
		// Two of five strictly below zero; zero itself is not a loss.
		p, se, err := ProbLoss([]float64{-3, 0, 5, -0.5, 2})
		if err != nil {
			t.Fatal(err)
		}
		mctest.WithinRel(t, "p", p, 0.4, 1e-15)
		mctest.WithinRel(t, "se", se, math.Sqrt(0.4*0.6/5), 1e-15)
	})
	t.Run("normal", func(t *testing.T) {
		// P(μ + σZ < 0) = Φ(−μ/σ).
		const mu, sigma, n = 2e6, 5e6, 100000
		r := dist.New(11, 0)
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = mu + sigma*r.Norm()
		}
		p, se, err := ProbLoss(xs)
		if err != nil {
			t.Fatal(err)
		}
		want := distuv.UnitNormal.CDF(-mu / sigma)
		mctest.WithinSE(t, "P(NPV<0)", p, want, math.Sqrt(want*(1-want)/n), 4.5)
		mctest.WithinRel(t, "stderr", se, math.Sqrt(want*(1-want)/n), 0.05)
	})
	t.Run("errors", func(t *testing.T) {
		_, _, err := ProbLoss(nil)
		wantErr(t, err, "len(samples) = 0")
		_, _, err = ProbLoss([]float64{1, math.Inf(1)})
		wantErr(t, err, "samples[1] = +Inf")
	})
}
