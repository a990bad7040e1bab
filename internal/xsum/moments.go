package xsum

import "math/big"

// Moments holds the count, the exact sum and the exact sum of squares of
// float64 values, from which it gives their mean and sample variance each
// rounded once: the same figures, bit for bit, whatever the order of the
// values or however they were split into Moments that were then merged.
// Its zero value holds no values.
type Moments struct {
	N   int64 `json:"n"`   // number of values
	Sum Acc   `json:"sum"` // Σx, exact
	Sq  Acc   `json:"sq"`  // Σx², exact
}

// Add adds x (finite) to m.
func (m *Moments) Add(x float64) {
	m.N++
	m.Sum.Add(x)
	m.Sq.AddSquare(x)
}

// Merge adds the values o holds to m.
func (m *Moments) Merge(o *Moments) {
	m.N += o.N
	m.Sum.Merge(&o.Sum)
	m.Sq.Merge(&o.Sq)
}

// Mean returns Σx/n correctly rounded to float64 (0 for no values). It
// lies within [min, max] of the values, and n copies of v give v.
func (m *Moments) Mean() float64 {
	if m.N == 0 {
		return 0
	}
	if v, ok := m.Sum.special(); ok {
		return v
	}
	q := new(big.Float).SetPrec(53)
	q.Quo(m.Sum.Big(), new(big.Float).SetInt64(m.N))
	f, _ := q.Float64()
	return f
}

// Variance returns the sample variance (n−1 divisor),
//
//	(n·Σx² − (Σx)²) / (n·(n−1)),
//
// computed exactly from the exact sums and rounded once to float64 (0 for
// fewer than 2 values; +Inf beyond the largest float64).
func (m *Moments) Variance() float64 {
	v, ok := m.variance()
	if !ok {
		return 0
	}
	f, _ := new(big.Float).SetPrec(53).Set(v).Float64()
	return f
}

// SD returns the sample standard deviation, √Variance computed from the
// exact variance and rounded once (finite whenever the values are, even
// where Variance overflows).
func (m *Moments) SD() float64 {
	v, ok := m.variance()
	if !ok {
		return 0
	}
	if v.Sign() == 0 {
		return 0
	}
	f, _ := new(big.Float).SetPrec(53).Sqrt(v).Float64()
	return f
}

// variance returns the sample variance to 128 bits, and false for fewer
// than 2 values or sums that are not finite.
func (m *Moments) variance() (*big.Float, bool) {
	if m.N < 2 {
		return nil, false
	}
	if _, bad := m.Sum.special(); bad {
		return nil, false
	}
	if _, bad := m.Sq.special(); bad {
		return nil, false
	}
	s1, e1 := m.Sum.Int() // Σx = s1·2^e1
	s2, e2 := m.Sq.Int()  // Σx² = s2·2^e2
	// n·Σx² − (Σx)² = (n·s2·2^(e2−e) − s1²·2^(2·e1−e))·2^e, e the lower exponent.
	e := min(e2, 2*e1)
	num := new(big.Int).Mul(big.NewInt(m.N), s2)
	num.Lsh(num, uint(e2-e))
	sq := new(big.Int).Mul(s1, s1)
	num.Sub(num, sq.Lsh(sq, uint(2*e1-e)))
	if num.Sign() <= 0 { // exact arithmetic: 0 only for equal values
		return new(big.Float), true
	}
	den := new(big.Int).Mul(big.NewInt(m.N), big.NewInt(m.N-1))
	v := new(big.Float).SetPrec(128).SetInt(num)
	v.Quo(v, new(big.Float).SetInt(den))
	return v.SetMantExp(v, e), true
}

// MeanOf returns the correctly rounded mean of xs (0 if empty).
func MeanOf(xs []float64) float64 {
	var a Acc
	for _, x := range xs {
		a.Add(x)
	}
	return (&Moments{N: int64(len(xs)), Sum: a}).Mean()
}

// MomentsOf returns the Moments of xs.
func MomentsOf(xs []float64) Moments {
	var m Moments
	for _, x := range xs {
		m.Add(x)
	}
	return m
}

// SumOf returns the correctly rounded sum of xs.
func SumOf(xs []float64) float64 {
	var a Acc
	for _, x := range xs {
		a.Add(x)
	}
	return a.Float64()
}
