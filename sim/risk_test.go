package sim

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

func TestVaRESHand(t *testing.T) {
	// 20 NPVs: −10, −9, …, 9 in a scrambled order.
	samples := make([]float64, 20)
	for i := range samples {
		samples[i] = float64((i*7)%20 - 10)
	}
	orig := slices.Clone(samples)
	tests := []struct {
		level    float64
		var_, es float64
	}{
		{0.95, 10, 10},       // k = ⌈20·0.05⌉ = 1: the minimum, −10
		{0.9, 9, 9.5},        // k = 2: −9; mean(−10, −9)
		{0.8, 7, 8.5},        // k = 4: −7; mean(−10…−7)
		{0.5, 1, 5.5},        // k = 10: −1; mean(−10…−1)
		{0.3, -3, 49.0 / 14}, // k = 14: x_(14) = 3 is a gain; ES = −(−55+0+1+2+3)/14
		{0.999, 10, 10},      // k clamps to 1
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.level), func(t *testing.T) {
			v, err := VaR(samples, tt.level)
			if err != nil {
				t.Fatal(err)
			}
			e, err := ES(samples, tt.level)
			if err != nil {
				t.Fatal(err)
			}
			mctest.WithinRel(t, "VaR", v, tt.var_, 1e-15)
			mctest.WithinRel(t, "ES", e, tt.es, 1e-15)
			sorted := slices.Sorted(slices.Values(samples))
			sv, _ := SortedVaR(sorted, tt.level)
			se, _ := SortedES(sorted, tt.level)
			if sv != v || se != e {
				t.Errorf("SortedVaR, SortedES = %v, %v; want VaR, ES = %v, %v", sv, se, v, e)
			}
		})
	}
	if !slices.Equal(samples, orig) {
		t.Errorf("VaR/ES reordered their input")
	}
}

func TestVaRZeroIsPositiveZero(t *testing.T) {
	v, err := VaR([]float64{0, 1, 2, 3}, 0.75) // k = 1: the quantile is 0
	if err != nil {
		t.Fatal(err)
	}
	if v != 0 || math.Signbit(v) {
		t.Errorf("VaR = %v (sign bit %v), want +0", v, math.Signbit(v))
	}
}

func TestESAtLeastVaR(t *testing.T) {
	r := dist.New(3, 0)
	for trial := range 200 {
		n := 1 + trial*7%500
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = r.Norm() * math.Exp(2*r.Norm()) // heavy both tails
		}
		for _, level := range []float64{0.5, 0.9, 0.95, 0.99, 0.999} {
			v, err1 := VaR(xs, level)
			e, err2 := ES(xs, level)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if e < v {
				t.Fatalf("n = %d, level %v: ES = %v < VaR = %v", n, level, e, v)
			}
		}
	}
}

func TestRiskErrors(t *testing.T) {
	ok := []float64{1, 2, 3, 4}
	tests := []struct {
		name    string
		samples []float64
		level   float64
		want    string
	}{
		{"empty", nil, 0.95, "len(samples) = 0: must be ≥ 1"},
		{"NaN named by index", []float64{1, 2, 3, math.NaN(), 5}, 0.95, "samples[3] = NaN: must be a finite number"},
		{"+Inf", []float64{math.Inf(1), 2}, 0.95, "samples[0] = +Inf"},
		{"-Inf", []float64{1, math.Inf(-1)}, 0.95, "samples[1] = -Inf"},
		{"level 0", ok, 0, "level = 0: must be in (0, 1)"},
		{"level 1", ok, 1, "level = 1: must be in (0, 1)"},
		{"level negative", ok, -0.5, "level = -0.5: must be in (0, 1)"},
		{"level 95 as percent", ok, 95, "level = 95: must be in (0, 1)"},
		{"level NaN", ok, math.NaN(), "level = NaN: must be in (0, 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := VaR(tt.samples, tt.level)
			wantErr(t, err, tt.want)
			_, err = ES(tt.samples, tt.level)
			wantErr(t, err, tt.want)
			_, err = VaRCI(tt.samples, tt.level, 0.95)
			wantErr(t, err, tt.want)
			_, err = ESCI(tt.samples, tt.level, 0.95)
			wantErr(t, err, tt.want)
		})
	}
}

func TestSortedRiskErrors(t *testing.T) {
	tests := []struct {
		name   string
		sorted []float64
		level  float64
		want   string
	}{
		{"empty", nil, 0.95, "len(sorted) = 0: must be ≥ 1"},
		{"NaN sorts first", slices.Sorted(slices.Values([]float64{3, math.NaN(), 1})), 0.95, "sorted[0] = NaN"},
		{"-Inf first", []float64{math.Inf(-1), 1}, 0.95, "sorted[0] = -Inf"},
		{"+Inf last", []float64{1, 2, math.Inf(1)}, 0.95, "sorted[2] = +Inf"},
		{"level", []float64{1, 2}, 1.5, "level = 1.5: must be in (0, 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SortedVaR(tt.sorted, tt.level)
			wantErr(t, err, tt.want)
			_, err = SortedES(tt.sorted, tt.level)
			wantErr(t, err, tt.want)
			_, err = SortedVaRCI(tt.sorted, tt.level, 0.95)
			wantErr(t, err, tt.want)
			_, err = SortedESCI(tt.sorted, tt.level, 0.95)
			wantErr(t, err, tt.want)
		})
	}
}

func TestCIErrors(t *testing.T) {
	big := oneTo(1000)
	tests := []struct {
		name string
		fn   func() ([2]float64, error)
		want string
	}{
		{"VaR conf 0", func() ([2]float64, error) { return VaRCI(big, 0.95, 0) }, "conf = 0: must be in (0, 1)"},
		{"ES conf 1", func() ([2]float64, error) { return ESCI(big, 0.95, 1) }, "conf = 1: must be in (0, 1)"},
		{"VaR99 too few", func() ([2]float64, error) { return VaRCI(oneTo(367), 0.99, 0.95) }, "len(samples) = 367: must be ≥ 368"},
		{"VaR95 too few", func() ([2]float64, error) { return VaRCI(oneTo(71), 0.95, 0.95) }, "len(samples) = 71: must be ≥ 72"},
		{"ES99 one tail value", func() ([2]float64, error) { return ESCI(oneTo(100), 0.99, 0.95) }, "len(samples) = 100: must be ≥ 101"},
		{"ES95 one tail value", func() ([2]float64, error) { return SortedESCI(oneTo(20), 0.95, 0.95) }, "len(samples) = 20: must be ≥ 21"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.fn()
			wantErr(t, err, tt.want)
		})
	}
	// The minimum sizes the errors state are accepted.
	if _, err := VaRCI(oneTo(368), 0.99, 0.95); err != nil {
		t.Errorf("VaRCI with 368 values: %v", err)
	}
	if _, err := VaRCI(oneTo(72), 0.95, 0.95); err != nil {
		t.Errorf("VaRCI with 72 values: %v", err)
	}
	if _, err := ESCI(oneTo(101), 0.99, 0.95); err != nil {
		t.Errorf("ESCI with 101 values: %v", err)
	}
	if got := minPathsVaRCI(0.99, 0.95); got != MinSummaryPaths {
		t.Errorf("minPathsVaRCI(0.99, 0.95) = %d, MinSummaryPaths = %d", got, MinSummaryPaths)
	}
}

// TestOrderStatRanksExact checks the ranks of VaRCI against binomial
// probabilities summed term by term, for small n where that is exact.
func TestOrderStatRanksExact(t *testing.T) {
	for _, n := range []int{72, 100, 250, 400} {
		for _, p := range []float64{0.05, 0.01, 0.1} {
			for _, conf := range []float64{0.9, 0.95} {
				l, u, ok := orderStatRanks(n, p, conf)
				if !ok {
					continue
				}
				// cdf[j] = P(B ≤ j) by direct summation.
				cdf := make([]float64, n+1)
				var acc float64
				for j := 0; j <= n; j++ {
					acc += math.Exp(lchoose(n, j) + float64(j)*math.Log(p) + float64(n-j)*math.Log1p(-p))
					cdf[j] = acc
				}
				half := (1 - conf) / 2
				if !(cdf[l-1] <= half && (l == n || cdf[l] > half)) {
					t.Errorf("n=%d p=%v conf=%v: l=%d, F(l−1)=%v F(l)=%v, half=%v", n, p, conf, l, cdf[l-1], cdf[l], half)
				}
				if !(cdf[u-1] >= 1-half && (u == 1 || cdf[u-2] < 1-half)) {
					t.Errorf("n=%d p=%v conf=%v: u=%d, F(u−2)=%v F(u−1)=%v", n, p, conf, u, cdf[u-2], cdf[u-1])
				}
				if k := rank(n, p); !(l <= k && k <= u) {
					t.Errorf("n=%d p=%v: ranks [%d, %d] do not bracket the estimate's rank %d", n, p, l, u, k)
				}
				if cover := cdf[u-1] - cdf[l-1]; cover < conf {
					t.Errorf("n=%d p=%v: exact coverage %v < %v", n, p, cover, conf)
				}
			}
		}
	}
}

func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// family is a location-scale distribution with closed-form VaR and ES.
type family struct {
	name      string
	mu, scale float64
	draw      func(r *dist.Rand) float64  // a standard draw (location 0, scale 1)
	quantile  func(p float64) float64     // standard quantile
	pdf       func(x float64) float64     // standard density
	tailMean  func(level float64) float64 // E[Z | Z ≤ q_{1−level}] of the standard law
}

var (
	normalFamily = family{
		name: "normal", mu: 3e6, scale: 20e6,
		draw:     func(r *dist.Rand) float64 { return r.Norm() },
		quantile: distuv.UnitNormal.Quantile,
		pdf:      distuv.UnitNormal.Prob,
		// E[Z | Z ≤ −z_α] = −φ(z_α)/(1−α).
		tailMean: func(level float64) float64 {
			return -distuv.UnitNormal.Prob(distuv.UnitNormal.Quantile(level)) / (1 - level)
		},
	}
	t4 = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 4}
	// Student t with ν = 4: a standard draw is Z/√(χ²_4/4), χ²_4 = 2·Gamma(2).
	studentFamily = family{
		name: "student-t4", mu: -1e6, scale: 8e6,
		draw:     func(r *dist.Rand) float64 { return r.Norm() / math.Sqrt(2*r.Gamma(2)/4) },
		quantile: t4.Quantile,
		pdf:      t4.Prob,
		// E[T | T ≤ −t_α] = −(ν + t_α²)/(ν−1) · f_ν(t_α)/(1−α).
		tailMean: func(level float64) float64 {
			ta := t4.Quantile(level)
			return -(4 + ta*ta) / 3 * t4.Prob(ta) / (1 - level)
		},
	}
)

// TestVaRESClosedForms compares VaR and ES of 2·10⁵ draws with their closed
// forms: VaR = −(μ + σ·z_{1−α}) and ES = −μ − σ·E[Z | Z ≤ z_{1−α}]. The
// tolerance is 4.5 standard errors: for VaR the exact asymptotic one,
// √(p(1−p)/n)/f(q) with the true density; for ES the estimate behind ESCI.
func TestVaRESClosedForms(t *testing.T) {
	const n = 200000
	for fi, f := range []family{normalFamily, studentFamily} {
		r := dist.New(2024, uint64(fi))
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = f.mu + f.scale*f.draw(r)
		}
		for _, level := range []float64{0.95, 0.99} {
			t.Run(fmt.Sprintf("%s/%v", f.name, level), func(t *testing.T) {
				p := 1 - level
				zq := f.quantile(p)
				wantVaR := -(f.mu + f.scale*zq)
				wantES := -(f.mu + f.scale*f.tailMean(level))
				gotVaR, err := VaR(xs, level)
				if err != nil {
					t.Fatal(err)
				}
				gotES, err := ES(xs, level)
				if err != nil {
					t.Fatal(err)
				}
				seVaR := f.scale * math.Sqrt(p*(1-p)/n) / f.pdf(zq)
				mctest.WithinSE(t, "VaR", gotVaR, wantVaR, seVaR, 4.5)
				sorted := slices.Sorted(slices.Values(xs))
				_, seES, err := sortedESStderr(sorted, level)
				if err != nil {
					t.Fatal(err)
				}
				mctest.WithinSE(t, "ES", gotES, wantES, seES, 4.5)
			})
		}
	}
}

// TestCICoverage draws many independent small samples from a known
// distribution and counts how often each 95 % interval covers the true
// value; the share must be within 4 binomial standard errors of 0.95.
func TestCICoverage(t *testing.T) {
	const reps, conf = 1000, 0.95
	cases := []struct {
		f     family
		level float64
		n     int
	}{
		{normalFamily, 0.95, 1000},  // 50 values in the tail
		{normalFamily, 0.99, 5000},  // 50 values in the tail
		{studentFamily, 0.95, 5000}, // 250 values in the tail (heavy tails need more)
	}
	for ci, c := range cases {
		t.Run(fmt.Sprintf("%s/%v/n=%d", c.f.name, c.level, c.n), func(t *testing.T) {
			wantVaR := -(c.f.mu + c.f.scale*c.f.quantile(1-c.level))
			wantES := -(c.f.mu + c.f.scale*c.f.tailMean(c.level))
			wantMean := c.f.mu // both families have mean μ
			var coverMean, coverVaR, coverES int
			xs := make([]float64, c.n)
			for rep := range reps {
				r := dist.New(77+uint64(ci), uint64(rep))
				for i := range xs {
					xs[i] = c.f.mu + c.f.scale*c.f.draw(r)
				}
				_, mci, err := MeanCI(xs, conf)
				if err != nil {
					t.Fatal(err)
				}
				slices.Sort(xs)
				vci, err := SortedVaRCI(xs, c.level, conf)
				if err != nil {
					t.Fatal(err)
				}
				eci, err := SortedESCI(xs, c.level, conf)
				if err != nil {
					t.Fatal(err)
				}
				if mci[0] <= wantMean && wantMean <= mci[1] {
					coverMean++
				}
				if vci[0] <= wantVaR && wantVaR <= vci[1] {
					coverVaR++
				}
				if eci[0] <= wantES && wantES <= eci[1] {
					coverES++
				}
			}
			se := math.Sqrt(conf * (1 - conf) / reps)
			t.Logf("coverage over %d samples: mean %.3f, VaR %.3f, ES %.3f", reps, float64(coverMean)/reps, float64(coverVaR)/reps, float64(coverES)/reps)
			mctest.WithinSE(t, "mean CI coverage", float64(coverMean)/reps, conf, se, 4)
			mctest.WithinSE(t, "VaR CI coverage", float64(coverVaR)/reps, conf, se, 4)
			mctest.WithinSE(t, "ES CI coverage", float64(coverES)/reps, conf, se, 4)
		})
	}
}

func BenchmarkSortedVaRCI(b *testing.B) {
	sorted := oneTo(1000000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SortedVaRCI(sorted, 0.99, 0.95); err != nil {
			b.Fatal(err)
		}
	}
}
