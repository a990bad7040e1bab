package sim

import (
	"fmt"
	"slices"

	"reflect"
	"testing"
)

// checkSane fails unless every number of res is finite (Result's float
// fields, the NPV samples and the bands) and its figures are consistent:
// for each strategy Min ≤ P1 ≤ … ≤ P99 ≤ Max, the mean within [Min, Max],
// VaR95 = −P5 ≤ −Min, VaR99 ≥ VaR95, ES ≥ VaR at both levels, ES99 ≥ ES95
// and ES ≤ −Min, probabilities in [0, 1], standard errors ≥ 0, every
// confidence interval ordered and containing its point estimate; for each
// comparison the mean difference within its interval and its quantiles
// ordered; each band's quantiles ordered at every point.
func checkSane(t *testing.T, what string, res *Result) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s: %s", what, fmt.Sprintf(format, args...))
	}
	walkFloats(reflect.ValueOf(res.Strategies), "strategies", func(path string, v float64) {
		if !finite(v) {
			fail("%s = %g", path, v)
		}
	})
	walkFloats(reflect.ValueOf(res.Comparisons), "comparisons", func(path string, v float64) {
		if !finite(v) {
			fail("%s = %g", path, v)
		}
	})
	if res.Bands != nil {
		walkFloats(reflect.ValueOf(res.Bands), "bands", func(path string, v float64) {
			if !finite(v) {
				fail("%s = %g", path, v)
			}
		})
	}
	for j, npv := range res.NPV {
		for i, v := range npv {
			if !finite(v) {
				fail("NPV[%d][%d] = %g", j, i, v)
			}
		}
	}
	prob := func(name string, p float64) {
		t.Helper()
		if !(p >= 0 && p <= 1) {
			fail("%s = %g, not a probability", name, p)
		}
	}
	contains := func(name string, ci [2]float64, x float64) {
		t.Helper()
		if !(ci[0] <= x && x <= ci[1]) {
			fail("%s = %v does not contain %g", name, ci, x)
		}
	}
	for _, s := range res.Strategies {
		q := s.Quantiles
		order := []float64{s.Min, q.P1, q.P5, q.P10, q.P25, q.P50, q.P75, q.P90, q.P95, q.P99, s.Max}
		for i := 1; i < len(order); i++ {
			if order[i] < order[i-1] {
				fail("%s: quantiles out of order: min, P1…P99, max = %v", s.Name, order)
				break
			}
		}
		if !(s.Min <= s.Mean && s.Mean <= s.Max) {
			fail("%s: mean %g outside [%g, %g]", s.Name, s.Mean, s.Min, s.Max)
		}
		if s.VaR95 != -q.P5 || s.VaR99 != -q.P1 {
			fail("%s: VaR95 %g, VaR99 %g; want −P5 = %g, −P1 = %g", s.Name, s.VaR95, s.VaR99, -q.P5, -q.P1)
		}
		if !(s.VaR95 <= -s.Min && s.VaR99 <= -s.Min) {
			fail("%s: VaR95 %g or VaR99 %g above the worst loss %g", s.Name, s.VaR95, s.VaR99, -s.Min)
		}
		if !(s.VaR99 >= s.VaR95) {
			fail("%s: VaR99 %g < VaR95 %g", s.Name, s.VaR99, s.VaR95)
		}
		if !(s.ES95 >= s.VaR95 && s.ES99 >= s.VaR99 && s.ES99 >= s.ES95 && s.ES99 <= -s.Min) {
			fail("%s: ES95 %g, VaR95 %g, ES99 %g, VaR99 %g, worst loss %g", s.Name, s.ES95, s.VaR95, s.ES99, s.VaR99, -s.Min)
		}
		if !(s.Stderr >= 0 && s.SD >= 0 && s.ProbLossStderr >= 0) {
			fail("%s: negative spread: stderr %g, sd %g, probLoss stderr %g", s.Name, s.Stderr, s.SD, s.ProbLossStderr)
		}
		prob(s.Name+".probLoss", s.ProbLoss)
		prob(s.Name+".irr.undefinedShare", s.IRR.UndefinedShare)
		prob(s.Name+".payback.neverShare", s.Payback.NeverShare)
		contains(s.Name+".meanCI95", s.MeanCI95, s.Mean)
		contains(s.Name+".var95CI95", s.VaR95CI95, s.VaR95)
		contains(s.Name+".var99CI95", s.VaR99CI95, s.VaR99)
		contains(s.Name+".es95CI95", s.ES95CI95, s.ES95)
		contains(s.Name+".es99CI95", s.ES99CI95, s.ES99)
		if s.IRR.Defined > 0 && !(s.IRR.P5PerYear <= s.IRR.MedianPerYear && s.IRR.MedianPerYear <= s.IRR.P95PerYear && s.IRR.P5PerYear > -1) {
			fail("%s: IRR P5, median, P95 = %g, %g, %g", s.Name, s.IRR.P5PerYear, s.IRR.MedianPerYear, s.IRR.P95PerYear)
		}
		if s.Payback.PaidBack > 0 && !(s.Payback.MedianMonths >= 0 && s.Payback.MedianMonths <= s.Payback.P90Months) {
			fail("%s: payback median %g, P90 %g", s.Name, s.Payback.MedianMonths, s.Payback.P90Months)
		}
	}
	for _, c := range res.Comparisons {
		contains(c.Name+" − "+c.Baseline+" meanDiffCI95", c.MeanDiffCI95, c.MeanDiff)
		prob(c.Name+".probAGreater", c.ProbAGreater)
		q := c.DiffQuantiles
		order := []float64{q.P1, q.P5, q.P10, q.P25, q.P50, q.P75, q.P90, q.P95, q.P99}
		for i := 1; i < len(order); i++ {
			if order[i] < order[i-1] {
				fail("%s: difference quantiles out of order: %v", c.Name, order)
				break
			}
		}
	}
	if b := res.Bands; b != nil {
		bands := append(slices.Clone(b.CumulativeCashUSD), b.Series...)
		for _, band := range bands {
			for k := range band.P50 {
				if !(band.P5[k] <= band.P25[k] && band.P25[k] <= band.P50[k] && band.P50[k] <= band.P75[k] && band.P75[k] <= band.P95[k]) {
					fail("band %s at point %d: %g %g %g %g %g", band.Name, k, band.P5[k], band.P25[k], band.P50[k], band.P75[k], band.P95[k])
					break
				}
			}
		}
	}
}

// walkFloats calls f with every float64 reachable from v and its path.
func walkFloats(v reflect.Value, path string, f func(string, float64)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkFloats(v.Elem(), path, f)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walkFloats(v.Field(i), path+"."+v.Type().Field(i).Name, f)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkFloats(v.Index(i), fmt.Sprintf("%s[%d]", path, i), f)
		}
	case reflect.Float64, reflect.Float32:
		f(path, v.Float())
	}
}
