package dist

import "math"

// poissonMemo remembers e^(−mean) for the last few means Poisson inverted
// for: a process asks for the same few means every step, and exp is most of
// a small Poisson draw's cost. It caches a pure function of mean, so the
// draws are the same with it as without.
type poissonMemo struct {
	mean, expNeg [4]float64
	n, next      uint8 // entries in use; entry to replace next
	last         uint8 // entry of the last answer
}

// expNegMean returns math.Exp(-mean), from the memo when it holds mean.
// A process asking for its means in the same order every step finds each
// in the entry after the last answer's, which is tried first.
func (m *poissonMemo) expNegMean(mean float64) float64 {
	if i := (m.last + 1) % 4; i < m.n && m.mean[i] == mean {
		m.last = i
		return m.expNeg[i]
	}
	for i := range m.mean[:m.n] {
		if m.mean[i] == mean {
			m.last = uint8(i)
			return m.expNeg[i]
		}
	}
	p := math.Exp(-mean)
	i := m.next
	m.mean[i], m.expNeg[i] = mean, p
	m.next, m.last = (i+1)%4, i
	m.n = max(m.n, i+1)
	return p
}

// poissonInversionMax is the largest mean drawn by inversion; above it the
// PTRS rejection method is used.
const poissonInversionMax = 12

// Poisson returns a Poisson draw with the given mean. A mean that is not
// positive (including NaN) gives 0. Means up to 12 use inversion with a single
// uniform, so the count is monotone in that uniform and antithetic pairs are
// negatively correlated; larger means use Hörmann's transformed rejection
// (PTRS, "The transformed rejection method for generating Poisson random
// variables", Insurance: Mathematics and Economics 12, 1993). Means above
// 1e12 use the normal approximation, whose relative error there is below 1e-6.
// A mean of +Inf returns math.MaxInt64.
func (r *Rand) Poisson(mean float64) int64 {
	switch {
	case !(mean > 0):
		return 0
	case mean <= poissonInversionMax:
		return r.poissonInversion(mean)
	case mean <= 1e12:
		return r.poissonPTRS(mean)
	case math.IsInf(mean, 1):
		return math.MaxInt64
	default:
		x := math.Round(mean + math.Sqrt(mean)*r.Norm())
		if x < 0 {
			return 0
		}
		if x >= math.MaxInt64 {
			return math.MaxInt64
		}
		return int64(x)
	}
}

func (r *Rand) poissonInversion(mean float64) int64 {
	u := r.Uniform()
	p := r.pois.expNegMean(mean)
	cdf := p
	var k int64
	// The cap guards against rounding leaving cdf a hair below u in the far
	// tail; at mean 12 the probability of k > 80 is below 1e-40.
	for u > cdf && k < 200 {
		k++
		p *= mean / float64(k)
		cdf += p
	}
	return k
}

func (r *Rand) poissonPTRS(mean float64) int64 {
	slam := math.Sqrt(mean)
	logLam := math.Log(mean)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invAlpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := r.Uniform() - 0.5
		v := r.Uniform()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + mean + 0.43)
		if us >= 0.07 && v <= vr {
			return int64(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invAlpha)-math.Log(a/(us*us)+b) <= -mean+k*logLam-lg {
			return int64(k)
		}
	}
}
