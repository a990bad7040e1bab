// Package mctest holds the tolerance helpers that pivotrisk's tests share.
//
// Monte Carlo checks compare an estimate with its exact value using a
// tolerance derived from the estimate's standard error, never a bare magic
// number: WithinSE fails when |got − want| > k·se.
package mctest

import (
	"math"
	"testing"
)

// WithinSE fails the test when got is more than k standard errors se away
// from want, or when any of them is not finite.
func WithinSE(t testing.TB, name string, got, want, se, k float64) {
	t.Helper()
	if math.IsNaN(got) || math.IsInf(got, 0) {
		t.Errorf("%s = %v, want finite value near %v", name, got, want)
		return
	}
	if !(se >= 0) || math.IsInf(se, 0) {
		t.Errorf("%s: standard error %v is not finite and non-negative", name, se)
		return
	}
	if d := math.Abs(got - want); d > k*se {
		t.Errorf("%s = %.10g, want %.10g ± %.3g (%.1f standard errors of %.3g); off by %.2f SE",
			name, got, want, k*se, k, se, d/nonzero(se))
	}
}

// WithinRel fails the test when got differs from want by more than rel·|want|
// (or by more than rel when want is 0). Use it for deterministic numerics
// (closed forms, series, root finders), not for Monte Carlo estimates.
func WithinRel(t testing.TB, name string, got, want, rel float64) {
	t.Helper()
	if math.IsNaN(got) || math.IsInf(got, 0) {
		t.Errorf("%s = %v, want finite value near %v", name, got, want)
		return
	}
	scale := math.Abs(want)
	if scale == 0 {
		scale = 1
	}
	if d := math.Abs(got - want); d > rel*scale {
		t.Errorf("%s = %.12g, want %.12g (relative tolerance %.1e, off by %.2e)", name, got, want, rel, d/scale)
	}
}

// WithinAbs fails the test when |got − want| > tol.
func WithinAbs(t testing.TB, name string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.IsInf(got, 0) {
		t.Errorf("%s = %v, want finite value near %v", name, got, want)
		return
	}
	if d := math.Abs(got - want); d > tol {
		t.Errorf("%s = %.12g, want %.12g ± %.3g (off by %.3g)", name, got, want, tol, d)
	}
}

// MeanSE returns the sample mean of xs and its standard error s/√n.
func MeanSE(xs []float64) (mean, se float64) {
	n := float64(len(xs))
	var s float64
	for _, x := range xs {
		s += x
	}
	mean = s / n
	var ss float64
	for _, x := range xs {
		d := x - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / (n - 1) / n)
}

// VarSE returns the unbiased sample variance of xs and its standard error,
// estimated from the sample fourth central moment:
// SE² ≈ (m4 − s⁴·(n−3)/(n−1))/n.
func VarSE(xs []float64) (variance, se float64) {
	n := float64(len(xs))
	mean, _ := MeanSE(xs)
	var m2, m4 float64
	for _, x := range xs {
		d := (x - mean) * (x - mean)
		m2 += d
		m4 += d * d
	}
	variance = m2 / (n - 1)
	m4 /= n
	v := (m4 - variance*variance*(n-3)/(n-1)) / n
	return variance, math.Sqrt(math.Max(v, 0))
}

// KSCritical returns the Kolmogorov–Smirnov critical value of the one-sample
// statistic D_n at significance level alpha (large-n asymptotic form,
// sqrt(−ln(alpha/2)/2)/√n).
func KSCritical(n int, alpha float64) float64 {
	return math.Sqrt(-math.Log(alpha/2)/2) / math.Sqrt(float64(n))
}

func nonzero(x float64) float64 {
	if x == 0 {
		return math.SmallestNonzeroFloat64
	}
	return x
}
