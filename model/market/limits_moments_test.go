package market

import (
	"math"
	"testing"
)

// The bands against closed forms. A GBM with drift μ and volatility σ has
// log growth a·t ± 6σ√t, a = μ − σ²/2; for a < 0 the upper edge peaks at
// t* = 9σ²/a² with value −9σ²/a. A shock shifts the band from its time on.
// An exponential OU process started at its level L without jumps has log
// variance σ²(1 − e^(−2κT))/(2κ).
func TestLimitsBandsClosedForm(t *testing.T) {
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %.15g, want %.15g", what, got, want)
		}
	}
	a := 0.0 - 0.5*25 // μ = 0, σ = 5
	b := constLogBand(a, 25, 10, nil)
	near("GBM σ 5 peak", b.Hi, -9*25/a)
	near("GBM σ 5 peak time", b.HiYears, 9*25/(a*a))
	near("GBM σ 5 trough", b.Lo, a*10-6*5*math.Sqrt(10))
	// Drift 0.1, σ 0.2, a rally of +3 at 2 years and a crash of −5 at 4.
	shocks := []PriceShock{{TimeYears: 4, LogSize: -5}, {TimeYears: 2, LogSize: 3}}
	a = 0.1 - 0.02
	b = constLogBand(a, 0.04, 5, shocks)
	// The upper edge a·t + 1.2√t + shift rises on each interval: its
	// highest point is just before the crash, at 4 years with the rally.
	near("shocked peak", b.Hi, a*4+1.2*2+3)
	// The lower edge a·t − 1.2√t is lowest at t* = 9·0.04/a² = 56 > 5, so
	// at the end, after both shocks.
	near("shocked trough", b.Lo, a*5-1.2*math.Sqrt(5)-2)

	f := DefaultFeeParams()
	f.JumpsPerYear = 0
	e, err := f.Process()
	if err != nil {
		t.Fatal(err)
	}
	k, s := f.SpeedPerYear, f.VolPerYear
	near("fees without jumps", expOUHi(e, f.LevelBTC, 3), math.Log(f.LevelBTC)+6*s*math.Sqrt(-math.Expm1(-2*k*3)/(2*k)))
}

// The regime moments against the constant case and a two-state closed
// form. With equal regimes the band is the GBM's. With two regimes of
// equal volatility whose drifts differ, started in the stationary law
// (symmetric rates q), the occupation time of regime 0 has mean T/2 and
// variance T/(4q) − (1 − e^(−2qT))/(8q²) (the integrated covariance
// e^(−2q|s−u|)/4 of the indicator), so the log has mean
// (a₀ + a₁)T/2 and variance σ²T + (a₀ − a₁)²·that.
func TestLimitsRegimeMoments(t *testing.T) {
	q := [][]float64{{0, 3}, {3, 0}}
	mean, variance := regimeMoments(q, 0, []float64{0.3, 0.3}, []float64{0.16, 0.16}, 8, 16)
	for k := range mean {
		tk := 8 * float64(k) / 16
		if math.Abs(mean[k]-0.3*tk) > 1e-9 || math.Abs(variance[k]-0.16*tk) > 1e-9 {
			t.Errorf("equal regimes at %g years: mean %g, variance %g", tk, mean[k], variance[k])
		}
	}
	// Start in the stationary law by averaging the two starts.
	const qr, T = 2.0, 5.0
	a0, a1 := 0.5, -0.3
	q = [][]float64{{0, qr}, {qr, 0}}
	m0, v0 := regimeMoments(q, 0, []float64{a0, a1}, []float64{0.04, 0.04}, T, 10)
	m1, v1 := regimeMoments(q, 1, []float64{a0, a1}, []float64{0.04, 0.04}, T, 10)
	n := len(m0) - 1
	m := (m0[n] + m1[n]) / 2
	// Mixture: Var = average of conditional variances + variance of means.
	v := (v0[n]+v1[n])/2 + ((m0[n]-m)*(m0[n]-m)+(m1[n]-m)*(m1[n]-m))/2
	occVar := T/(4*qr) - (-math.Expm1(-2*qr*T))/(8*qr*qr)
	if math.Abs(m-(a0+a1)*T/2) > 1e-9 {
		t.Errorf("stationary mean %g, want %g", m, (a0+a1)*T/2)
	}
	if want := 0.04*T + (a0-a1)*(a0-a1)*occVar; math.Abs(v-want) > 1e-9 {
		t.Errorf("stationary variance %g, want %g", v, want)
	}
}
