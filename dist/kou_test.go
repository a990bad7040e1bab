package dist

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mathext"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

func TestKouMoments(t *testing.T) {
	for i, k := range []Kou{
		{DriftPerYear: 0.1, VolPerYear: 0.3, JumpsPerYear: 3, UpProb: 0.4, UpMeanLog: 0.1, DownMeanLog: 0.15},
		{DriftPerYear: 0, VolPerYear: 0.15, JumpsPerYear: 8, UpProb: 0.7, UpMeanLog: 0.05, DownMeanLog: 0.08},
		{DriftPerYear: 0.05, VolPerYear: 0.2, JumpsPerYear: 1, UpProb: 0, UpMeanLog: 0.9, DownMeanLog: 0.3},
		{DriftPerYear: 0.05, VolPerYear: 0.2, JumpsPerYear: 2, UpProb: 1, UpMeanLog: 0.12, DownMeanLog: 0},
	} {
		step := func(x, dt float64, r *Rand) float64 { return k.Step(x, dt, r.Norm(), r) }
		for _, gr := range procGrids {
			xs := simulateTerminal(t, procPaths(i), 13, 100, gr, step)
			checkProcMoments(t, "Kou"+gr.String(), xs, k.Mean(100, gr.horizon), k.Variance(100, gr.horizon))
			s := k.VolPerYear
			logMean := math.Log(100) + (k.DriftPerYear-k.JumpsPerYear*k.JumpExpMinusOne()-0.5*s*s+k.JumpsPerYear*k.JumpMean())*gr.horizon
			ey2 := k.JumpVariance() + k.JumpMean()*k.JumpMean()
			checkProcMoments(t, "Kou"+gr.String()+" log", logsOf(xs), logMean, (s*s+k.JumpsPerYear*ey2)*gr.horizon)
		}
	}
}

// TestKouJumpSizes checks the summed jump sizes Step uses against n times
// the single-jump mean and variance, for sums of 1 to 40 jumps (the gamma
// quantile path for 2 and more jumps of a sign).
func TestKouJumpSizes(t *testing.T) {
	k := Kou{JumpsPerYear: 1, UpProb: 0.35, UpMeanLog: 0.12, DownMeanLog: 0.2}
	for _, n := range []int{1, 2, 5, 40} {
		const draws = 100000
		ys := make([]float64, draws)
		r := New(14, uint64(n))
		for i := range ys {
			var up int64
			for j := 0; j < n; j++ {
				if r.Uniform() < k.UpProb {
					up++
				}
			}
			ys[i] = k.jumpSum(up, int64(n)-up, r.Uniform(), r.Uniform())
		}
		nf := float64(n)
		checkProcMoments(t, fmt.Sprintf("Kou sum of %d jumps", n), ys, nf*k.JumpMean(), nf*k.JumpVariance())
	}
}

// TestKouJumpClosedForms checks the jump moments against direct integrals of
// the double-exponential density, computed by the trapezoid rule.
func TestKouJumpClosedForms(t *testing.T) {
	k := Kou{UpProb: 0.3, UpMeanLog: 0.2, DownMeanLog: 0.1}
	density := func(y float64) float64 {
		if y >= 0 {
			return k.UpProb / k.UpMeanLog * math.Exp(-y/k.UpMeanLog)
		}
		return (1 - k.UpProb) / k.DownMeanLog * math.Exp(y/k.DownMeanLog)
	}
	integrate := func(f func(float64) float64) float64 {
		const lo, hi, n = -8.0, 12.0, 400000
		h := (hi - lo) / n
		s := 0.5 * (f(lo)*density(lo) + f(hi)*density(hi))
		for i := 1; i < n; i++ {
			y := lo + float64(i)*h
			if y == 0 {
				// The density jumps at 0: average its two sides.
				s += f(0) * 0.5 * (density(0) + (1-k.UpProb)/k.DownMeanLog)
				continue
			}
			s += f(y) * density(y)
		}
		return s * h
	}
	mean := integrate(func(y float64) float64 { return y })
	mctest.WithinRel(t, "JumpMean", k.JumpMean(), mean, 1e-6)
	mctest.WithinRel(t, "JumpVariance", k.JumpVariance(), integrate(func(y float64) float64 { return (y - mean) * (y - mean) }), 1e-6)
	mctest.WithinRel(t, "JumpExpMinusOne", k.JumpExpMinusOne(), integrate(func(y float64) float64 { return math.Expm1(y) }), 1e-6)
	if v := (Kou{VolPerYear: 0.2, JumpsPerYear: 1, UpProb: 0.5, UpMeanLog: 0.5, DownMeanLog: 0.1}).Variance(1, 1); !math.IsInf(v, 1) {
		t.Errorf("Variance with UpMeanLog = 1/2 is %v, want +Inf", v)
	}
	if v := (Kou{VolPerYear: 0.2, JumpsPerYear: 1, UpProb: 0, UpMeanLog: 0.7, DownMeanLog: 0.1}).Variance(1, 1); math.IsInf(v, 0) || math.IsNaN(v) {
		t.Errorf("Variance without up jumps is %v, want finite", v)
	}
}

// TestGammaQuantile checks the inverse of the regularized incomplete gamma
// function by round trip, in both tails and for small and large shapes.
func TestGammaQuantile(t *testing.T) {
	vs := []float64{0x1p-53, 1e-15, 1e-9, 1e-4, 0.01, 0.2, 0.5, 0.7, 0.99, 1 - 1e-6, 1 - 1e-12, 1 - 0x1p-53}
	r := New(27, 0)
	for i := 0; i < 200; i++ {
		vs = append(vs, r.Uniform())
	}
	for _, n := range []int64{1, 2, 3, 4, 5, 7, 11, 25, 60, 200, 201, 5000} {
		for _, v := range vs {
			a := float64(n)
			x := gammaIntQuantile(n, v)
			if !(x > 0) || math.IsInf(x, 0) {
				t.Errorf("gammaIntQuantile(%v, %v) = %v, want positive and finite", a, v, x)
				continue
			}
			if v <= 0.5 {
				mctest.WithinRel(t, "P(a, quantile)", mathext.GammaIncReg(a, x), v, 1e-10)
			} else {
				mctest.WithinRel(t, "Q(a, quantile)", mathext.GammaIncRegComp(a, x), 1-v, 1e-10)
			}
		}
	}
}
