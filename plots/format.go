package plots

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// minus is the typographic minus sign (U+2212), wider than a hyphen and the
// width of a plus, used in every number this package writes.
const minus = "\u2212"

// usdPerM is the number of USD in the unit of money axes, M USD.
const usdPerM = 1e6

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

// fmtThousands writes n with commas between thousands: 12,345.
func fmtThousands(n int) string {
	s := fmt.Sprint(n)
	out := ""
	for len(s) > 3 {
		out = "," + s[len(s)-3:] + out
		s = s[:len(s)-3]
	}
	return s + out
}

// fmtShare writes a share in [0, 1] as a percentage, with a decimal when
// the whole number would read 0 % or 100 % for a share that is neither.
func fmtShare(s float64) string {
	pct := fmtFixed(100*s, 0)
	if (pct == "0" && s > 0) || (pct == "100" && s < 1) {
		pct = fmtFixed(100*s, 1)
	}
	return pct + " %"
}
