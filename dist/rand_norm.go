package dist

import "math"

// Norm returns a standard normal draw, negated in mirror mode.
//
// It uses the ziggurat method of Marsaglia and Tsang ("The ziggurat method
// for generating random variables", Journal of Statistical Software 5(8),
// 2000) with 128 layers of equal area (tables from zigInit). Most draws take
// one 64-bit word: its low 7 bits pick a layer, its top 52 bits a point u·x_i
// across it. The others add a wedge test (one more word) or, beyond the base
// strip, Marsaglia's tail method ("Generating a variable from the tail of
// the normal distribution", Technometrics 6, 1964; two words per try), so
// the count of words varies with the words alone. The law is exact up to
// the float64 rounding of tables and arithmetic. Every word is read raw and
// the sign applied last, so the mirrored stream returns exactly −z.
func (r *Rand) Norm() float64 {
	w := r.pcg.Uint64()
	i := w & (zigLayers - 1)
	u := float64(int64(w)>>12) + 0.5 // odd multiple of ½ in (−2⁵¹, 2⁵¹)
	var z float64
	if math.Abs(u) < zig.inner[i] {
		z = u * zig.scale[i]
	} else {
		z = r.normSlow(w)
	}
	if r.mirror {
		return -z
	}
	return z
}

// normSlow finishes a ziggurat draw whose first word w fell outside its
// layer's inner rectangle, and draws again until a point is accepted.
func (r *Rand) normSlow(w uint64) float64 {
	for {
		i := w & (zigLayers - 1)
		u := float64(int64(w)>>12) + 0.5
		x := u * zig.scale[i]
		if math.Abs(u) < zig.inner[i] {
			return x
		}
		if i == 0 {
			// The base strip beyond r: a draw from the tail x > r
			// (Marsaglia 1964), with u's sign.
			var t float64
			for {
				a := -math.Log(r.rawUniform()) / zig.r
				b := -math.Log(r.rawUniform())
				if 2*b >= a*a {
					t = zig.r + a
					break
				}
			}
			if u < 0 {
				return -t
			}
			return t
		}
		// The wedge between the layer's inner and outer width: accept when
		// a uniform height in the layer lies under the density.
		if zig.f[i]+r.rawUniform()*(zig.f[i+1]-zig.f[i]) < math.Exp(-0.5*x*x) {
			return x
		}
		w = r.pcg.Uint64()
	}
}

// rawUniform returns a uniform draw from (0, 1) read from the generator's
// raw (un-mirrored) word: Norm's helper draws, whose sign is applied at the
// end.
func (r *Rand) rawUniform() float64 {
	return (float64(r.pcg.Uint64()>>11) + 0.5) * 0x1p-53
}

// zigLayers is the number of layers of Norm's ziggurat (a power of two).
const zigLayers = 128

// zig holds Norm's ziggurat tables. With f(x) = exp(−x²/2), the layers
// have boundaries x_0 > x_1 = r > x_2 > … > x_{N−1} > x_N = 0 (N =
// zigLayers) and equal areas v: layer 0 is the base strip, the rectangle
// [0, r]×[0, f(r)] with the tail beyond r (x_0 = v/f(r) is its width
// when the tail is laid out as a rectangle), and layer i ≥ 1 is the
// rectangle [0, x_i]×[f(x_i), f(x_{i+1})].
var zig struct {
	r, v  float64
	x     [zigLayers + 1]float64 // x_i
	f     [zigLayers + 1]float64 // f(x_i); f(x_N) = 1
	inner [zigLayers]float64     // 2⁵¹·x_{i+1}/x_i: |u| below it lies in the inner rectangle
	scale [zigLayers]float64     // x_i/2⁵¹: the point of u across layer i
}

func init() { zigInit() }

// zigInit computes the ziggurat's tables: r is found by bisection so that
// the layers built down from the base strip close exactly at the top
// (x_{N−1}·(1 − f(x_{N−1})) = v), as Marsaglia and Tsang prescribe; for
// N = 128 it gives their r = 3.442619855899 and v = 9.91256303526217e-3.
func zigInit() {
	lo, hi := 2.0, 5.0
	for range 200 {
		mid := 0.5 * (lo + hi)
		if mid == lo || mid == hi {
			break
		}
		if zigTopExcess(mid) > 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	r := hi
	v := zigArea(r)
	zig.r, zig.v = r, v
	zig.x[0], zig.x[1] = v/math.Exp(-0.5*r*r), r
	for i := 1; i < zigLayers-1; i++ {
		zig.x[i+1] = zigNext(zig.x[i], v)
	}
	zig.x[zigLayers] = 0
	for i := range zig.f {
		zig.f[i] = math.Exp(-0.5 * zig.x[i] * zig.x[i])
	}
	zig.f[zigLayers] = 1
	for i := range zigLayers {
		zig.inner[i] = 0x1p51 * zig.x[i+1] / zig.x[i]
		zig.scale[i] = zig.x[i] * 0x1p-51
	}
}

// zigArea returns v(r) = r·f(r) + ∫_r^∞ f, the area of the base strip.
func zigArea(r float64) float64 {
	return r*math.Exp(-0.5*r*r) + math.Sqrt(math.Pi/2)*math.Erfc(r/math.Sqrt2)
}

// zigNext returns the boundary above x of a layer of area v: f⁻¹(f(x) + v/x),
// or 0 when the layer would reach past the top (f = 1).
func zigNext(x, v float64) float64 {
	y := math.Exp(-0.5*x*x) + v/x
	if y >= 1 {
		return 0
	}
	return math.Sqrt(-2 * math.Log(y))
}

// zigTopExcess returns the area left for the top layer minus v when the
// layers are built from r: positive when r is too large (the layers are too
// thin to reach the top), negative when the layers overshoot it.
func zigTopExcess(r float64) float64 {
	v := zigArea(r)
	x := r
	for i := 1; i < zigLayers-1; i++ {
		if x = zigNext(x, v); x == 0 {
			return -v
		}
	}
	return x*(1-math.Exp(-0.5*x*x)) - v
}
