package plots

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// minus is the typographic minus sign (U+2212), wider than a hyphen and the
// width of a plus, used in every number this package writes.
const minus = "\u2212"

// fmtFixed formats v with dec decimals and a typographic minus; a value
// that rounds to zero is written without a sign.
func fmtFixed(v float64, dec int) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.HasPrefix(s, "-") {
		if strings.Trim(s[1:], "0.") == "" {
			return s[1:]
		}
		return minus + s[1:]
	}
	return s
}

// fmtSig formats v with about three significant digits (at least one
// decimal below 100 in magnitude, none from 100 up, commas between
// thousands from 1,000 up): 45.3, −6.7, 0.312, 123, −1,150. It is the
// format of values quoted in legends and labels.
func fmtSig(v float64) string {
	a := math.Abs(v)
	switch {
	case math.Round(a) >= 1000 && a < 1e15:
		s := fmtThousands(int(math.Round(a)))
		if v < 0 {
			return minus + s
		}
		return s
	case a >= 100 || a == 0:
		return fmtFixed(v, 0)
	case a >= 10:
		return fmtFixed(v, 1)
	case a >= 1:
		return fmtFixed(v, 2)
	}
	return fmtFixed(v, min(6, 2-int(math.Floor(math.Log10(a)))))
}

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

// fmtSuffix writes a positive value with a thousands suffix: 500, 1.5 k,
// 20 k, 1 M, 2.5 B (at most two decimals, trailing zeros dropped).
func fmtSuffix(v float64) string {
	suffix := ""
	for _, s := range []struct {
		div  float64
		name string
	}{{1e9, " B"}, {1e6, " M"}, {1e3, " k"}} {
		if math.Abs(v) >= s.div {
			v /= s.div
			suffix = s.name
			break
		}
	}
	str := strconv.FormatFloat(v, 'f', 2, 64)
	str = strings.TrimRight(strings.TrimRight(str, "0"), ".")
	if strings.HasPrefix(str, "-") {
		str = minus + str[1:]
	}
	return str + suffix
}
