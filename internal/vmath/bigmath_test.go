package vmath

import (
	"math"
	"math/big"
)

// High-precision references for the tests: e^x and ln x in math/big at
// bigPrec bits, correctly rounded to float64 by big.Float.Float64 (the
// 256-bit values are far closer than any rounding boundary they could
// straddle in these tests).
const bigPrec = 256

func bigF(x float64) *big.Float { return new(big.Float).SetPrec(bigPrec).SetFloat64(x) }

// bigExpF returns e^x: x/2^s below 2^-8 in magnitude, its Taylor series,
// then s squarings.
func bigExpF(x *big.Float) *big.Float {
	y := new(big.Float).SetPrec(bigPrec + 64).Set(x)
	s := 0
	for y.MantExp(nil) > -8 && y.Sign() != 0 {
		y.SetMantExp(y, -1)
		s++
	}
	sum := new(big.Float).SetPrec(bigPrec + 64).SetInt64(1)
	term := new(big.Float).SetPrec(bigPrec + 64).SetInt64(1)
	for k := int64(1); k < 200; k++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetInt64(k))
		sum.Add(sum, term)
		if term.Sign() == 0 || term.MantExp(nil) < sum.MantExp(nil)-bigPrec-70 {
			break
		}
	}
	for range s {
		sum.Mul(sum, sum)
	}
	return sum
}

// bigExp returns e^x rounded to float64.
func bigExp(x float64) float64 {
	v, _ := bigExpF(bigF(x)).Float64()
	return v
}

// bigLogF returns ln x for x > 0 by Newton's iteration
// y ← y + 2(x − e^y)/(x + e^y) from a double-precision start.
func bigLogF(x *big.Float, start float64) *big.Float {
	y := bigF(start)
	for range 4 {
		e := bigExpF(y)
		num := new(big.Float).SetPrec(bigPrec).Sub(x, e)
		den := new(big.Float).SetPrec(bigPrec).Add(x, e)
		num.Quo(num, den)
		num.SetMantExp(num, 1)
		y.Add(y, num)
	}
	return y
}

// bigLog returns ln x rounded to float64 for positive finite x.
func bigLog(x float64) float64 {
	start := math.Log(x)
	if x < minNormal {
		start = math.Log(x*0x1p54) - 54*math.Ln2
	}
	v, _ := bigLogF(bigF(x), start).Float64()
	return v
}

// bigExpm1 returns e^x − 1 rounded to float64.
func bigExpm1(x float64) float64 {
	if math.Abs(x) < 0x1p-20 { // the series x + x²/2 + x³/6 + …
		sum, term := bigF(0), bigF(1)
		for k := int64(1); k <= 20; k++ {
			term.Mul(term, bigF(x))
			term.Quo(term, new(big.Float).SetInt64(k))
			sum.Add(sum, term)
		}
		v, _ := sum.Float64()
		return v
	}
	e := bigExpF(bigF(x))
	v, _ := e.Sub(e, bigF(1)).Float64()
	return v
}

// bigLog1p returns ln(1+x) rounded to float64 for x > −1.
func bigLog1p(x float64) float64 {
	if math.Abs(x) < 0x1p-20 { // the series x − x²/2 + x³/3 − …
		sum, pow := bigF(0), bigF(1)
		for k := int64(1); k <= 20; k++ {
			pow.Mul(pow, bigF(-x))
			term := new(big.Float).SetPrec(bigPrec).Quo(pow, new(big.Float).SetInt64(-k))
			sum.Add(sum, term)
		}
		v, _ := sum.Float64()
		return v
	}
	u := new(big.Float).SetPrec(bigPrec).Add(bigF(1), bigF(x))
	v, _ := bigLogF(u, math.Log1p(x)).Float64()
	return v
}
