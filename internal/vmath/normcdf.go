package vmath

import "math"

// The standard normal distribution function Φ(x) = erfc(−x/√2)/2 from
// W. J. Cody's rational Chebyshev approximations of erf and erfc
// ("Rational Chebyshev approximations for the error function", Math. Comp.
// 23 (1969) 631–637; the coefficients as in his SPECFUN routine CALERF),
// with y = |x|/√2:
//
//	y ≤ 0.46875:      erf(y)  = y·A(y²)/B(y²), Φ = 1/2 ± erf(y)/2
//	0.46875 < y ≤ 4:  erfc(y) = e^(−y²)·C(y)/D(y)
//	y > 4:            erfc(y) = e^(−y²)/y·(1/√π − w·P(w)/Q(w)), w = 1/y²
//
// and Φ = erfc(y)/2 for x < 0, 1 − erfc(y)/2 for x > 0. The factor
// e^(−y²) = e^(−x²/2) is computed from x itself, not from the rounded y:
// x² = t + e exactly (e = fma(x, x, −t)), e^(−x²/2) = e^(−t/2)·(1 − e/2),
// so its relative error stays near 1 ulp where a rounded y would cost
// 2y² ulps (1,400 at x = −38). Every polynomial is in Horner form with
// fused multiply-adds.
const (
	cdfErfMax = 0.46875            // y bound of the erf form
	cdfMidMax = 4.0                // y bound of the C/D form
	cdfAbsMax = 40.0               // |x| above: Φ is 0 or 1 in doubles
	invSqrt2  = 0.7071067811865476 // 1/√2
	invSqrtPi = 0.5641895835477563 // 1/√π
	signMask  = 1 << 63
)

// Cody's coefficients, in Horner order (highest power first).
var (
	// cdfA, cdfB: erf(y) = y·A(z)/B(z), z = y², B monic.
	cdfA = [5]float64{1.85777706184603153e-1, 3.16112374387056560e00,
		1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03}
	cdfB = [4]float64{2.36012909523441209e01, 2.44024637934444173e02,
		1.28261652607737228e03, 2.84423683343917062e03}
	// cdfC, cdfD: erfc(y)·e^(y²) = C(y)/D(y), D monic.
	cdfC = [9]float64{2.15311535474403846e-8, 5.64188496988670089e-1,
		8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
		8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
		1.23033935479799725e03}
	cdfD = [8]float64{1.57449261107098347e01, 1.17693950891312499e02,
		5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03,
		4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03}
	// cdfP, cdfQ: erfc(y)·y·e^(y²) = 1/√π − w·P(w)/Q(w), w = 1/y², Q monic.
	cdfP = [6]float64{1.63153871373020978e-2, 3.05326634961232344e-1,
		3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
		6.58749161529837803e-4}
	cdfQ = [5]float64{2.56852019228982242e00, 1.87295284992346047e00,
		5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3}
)

// horner returns c[0]·x^(n−1) + … + c[n−1] with fused multiply-adds.
func horner(c []float64, x float64) float64 {
	p := c[0]
	for _, a := range c[1:] {
		p = math.FMA(p, x, a)
	}
	return p
}

// hornerMonic returns x^n + c[0]·x^(n−1) + … + c[n−1].
func hornerMonic(c []float64, x float64) float64 {
	p := 1.0
	for _, a := range c {
		p = math.FMA(p, x, a)
	}
	return p
}

// cdfErfPart returns Φ(x) for |x|/√2 ≤ 0.46875, y = |x|/√2.
func cdfErfPart(x, y float64) float64 {
	z := y * y
	erf := y * horner(cdfA[:], z) / hornerMonic(cdfB[:], z)
	if x < 0 {
		erf = -erf
	}
	return math.FMA(erf, 0.5, 0.5)
}

// cdfGauss returns e^(−x²/2) for |x| ≤ 40 with x² split exactly.
func cdfGauss(x float64) float64 {
	t := x * x
	e := math.FMA(x, x, -t)
	g := expKernel(-0.5 * t)
	return math.FMA(g, -0.5*e, g)
}

// cdfMid returns erfc(y)·e^(y²) for 0.46875 < y ≤ 4.
func cdfMid(y float64) float64 {
	return horner(cdfC[:], y) / hornerMonic(cdfD[:], y)
}

// cdfTail returns erfc(y)·e^(y²) for y > 4.
func cdfTail(y float64) float64 {
	w := 1 / (y * y)
	pq := horner(cdfP[:], w) / hornerMonic(cdfQ[:], w)
	return math.FMA(-w, pq, invSqrtPi) / y
}

// cdfJoin returns Φ(x) from g = e^(−x²/2) and s = erfc(y)·e^(y²).
func cdfJoin(x, g, s float64) float64 {
	h := float64(g * (0.5 * s)) // erfc(y)/2; the conversion forbids fusing 1 − h
	if x < 0 {
		return h
	}
	return 1 - h
}

// normCDFKernel returns Φ(x) for every x: Φ(NaN) = NaN, Φ(−Inf) = 0,
// Φ(+Inf) = 1.
func normCDFKernel(x float64) float64 {
	a := math.Float64frombits(math.Float64bits(x) &^ signMask)
	if !(a <= cdfAbsMax) {
		return normCDFSlow(x)
	}
	y := a * invSqrt2
	switch {
	case y <= cdfErfMax:
		return cdfErfPart(x, y)
	case y <= cdfMidMax:
		return cdfJoin(x, cdfGauss(x), cdfMid(y))
	}
	return cdfJoin(x, cdfGauss(x), cdfTail(y))
}

// normCDFSlow returns Φ(x) for NaN and |x| > 40.
func normCDFSlow(x float64) float64 {
	switch {
	case x != x:
		return x
	case x < 0:
		return 0
	}
	return 1
}
