package market

import (
	"math"

	"github.com/pivotrisk/pivotrisk/internal/vmath"
)

// coloPow returns x^e for the colocation rent's elasticity e ∈ [0, 5] and a
// positive ratio x: exactly what math.Pow returns for the elasticities it
// treats specially (1 at e = 0, x at e = 1, √x at e = ½, the default), and
// e^(e·ln x) through vmath otherwise, so that a path stepped alone and in a
// batch (Batch) agree bit for bit. The general case is within
// 4 + 2·|e·ln x| ulp of math.Pow (TestColoPow).
func coloPow(x, e float64) float64 {
	switch e {
	case 0:
		return 1
	case 1:
		return x
	case 0.5:
		return math.Sqrt(x)
	}
	return vmath.Exp(e * vmath.Log(x))
}
