package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// niceStep returns the step of the form {1, 2, 5}·10^k that divides span
// > 0 into the number of intervals closest to target (by ratio), preferring
// fewer intervals on a tie.
func niceStep(span float64, target int) float64 {
	raw := span / float64(target)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	best, bestErr := 0.0, math.Inf(1)
	for _, m := range []float64{1, 2, 5, 10} {
		step := m * mag
		if e := math.Abs(math.Log(step / raw)); e < bestErr-1e-12 || (math.Abs(e-bestErr) <= 1e-12 && step > best) {
			best, bestErr = step, e
		}
	}
	return best
}

// decimalsFor returns the decimals that show every multiple of step
// exactly: 0 for steps ≥ 1, else the position of the step's digit.
func decimalsFor(step float64) int {
	if step >= 1 {
		return 0
	}
	return int(math.Ceil(-math.Log10(step) - 1e-9))
}

// linearTicks labels a linear axis at multiples of a {1, 2, 5}·10^k step,
// about Target of them (7 if 0), with minor ticks between, written with
// the decimals the step needs, commas between thousands and a typographic
// minus.
type linearTicks struct {
	Target int
}

// Ticks implements plot.Ticker.
func (t linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return []plot.Tick{{Value: lo, Label: fmtSig(lo)}}
	}
	target := t.Target
	if target <= 0 {
		target = 7
	}
	step := niceStep(hi-lo, target)
	minor := step / 5
	if m := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9)); math.Abs(m-2) < 1e-9 {
		minor = step / 4
	}
	dec := decimalsFor(step)
	var ticks []plot.Tick
	for k := math.Ceil(lo/minor - 1e-9); k*minor <= hi+minor*1e-9; k++ {
		v := k * minor
		if math.Abs(v) < minor*1e-9 {
			v = 0
		}
		tk := plot.Tick{Value: v}
		if r := v / step; math.Abs(r-math.Round(r)) < 1e-6 {
			tk.Label = fmtFixed(v, dec)
			if dec == 0 && math.Abs(v) >= 1000 {
				tk.Label = fmtSig(v)
			}
		}
		ticks = append(ticks, tk)
	}
	return ticks
}

// yearTicks labels a time axis in calendar years (2026, 2027, …) at the
// smallest step of 1, 2, 5, 10 … 1000 years giving at most 12 intervals,
// with yearly (quarterly for a yearly step) minor ticks.
type yearTicks struct{}

// Ticks implements plot.Ticker.
func (yearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return []plot.Tick{{Value: lo, Label: strconv.Itoa(int(math.Round(lo)))}}
	}
	step := 1.0
	for _, s := range []float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000} {
		step = s
		if (hi-lo)/s <= 12 {
			break
		}
	}
	minor := 1.0
	if step == 1 {
		minor = 0.25
	}
	var ticks []plot.Tick
	for k := math.Ceil(lo/minor - 1e-9); k*minor <= hi+1e-9; k++ {
		v := k * minor
		tk := plot.Tick{Value: v}
		if r := v / step; math.Abs(r-math.Round(r)) < 1e-9 {
			tk.Label = strconv.Itoa(int(math.Round(v)))
		}
		ticks = append(ticks, tk)
	}
	return ticks
}

// logTicks labels a logarithmic axis of positive values at mantissas
// {1, 2, 5}·10^k (or every integer mantissa over a short range, or powers
// of ten over a long one), written with k/M/B suffixes: 20 k, 50 k, 100 k,
// 1 M. Minor ticks fall on every integer mantissa.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return []plot.Tick{{Value: lo, Label: fmtSuffix(lo)}}
	}
	decades := math.Log10(hi / lo)
	var major []float64
	switch {
	case decades > 6:
		major = []float64{1}
	case decades > 3:
		major = []float64{1, 3}
	case decades > 0.7:
		major = []float64{1, 2, 5}
	default:
		major = []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	}
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		p := math.Pow(10, e)
		for m := 1.0; m <= 9; m++ {
			v := m * p
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			tk := plot.Tick{Value: v}
			for _, mm := range major {
				if m == mm {
					tk.Label = fmtSuffix(v)
				}
			}
			if decades <= 6 || m == 1 {
				ticks = append(ticks, tk)
			}
		}
	}
	return ticks
}

// padRange widens [lo, hi] by share of its span on each side, and to at
// least 1 unit in all.
func padRange(lo, hi, share float64) (float64, float64) {
	m := math.Max((hi-lo)*share, math.Max(0.5-(hi-lo)/2, 0))
	return lo - m, hi + m
}
