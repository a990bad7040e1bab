package site

import "math"

// rentSchedule is the rent schedule of a contract, the arithmetic the
// lease and the GPU cloud share: annual0 USD per year in the first
// contract year, escalating by esc at each anniversary, over [start, end].
type rentSchedule struct {
	start, end float64
	annual0    float64
	esc        float64
	pow        []float64 // (1+esc)^y for whole y = 0, 1, …, len−1 (may be nil)
}

// escalation returns (1+esc)^y for a whole y ≥ 0: from the table when it
// holds y, else by math.Pow (the table holds the same math.Pow values).
func (k *rentSchedule) escalation(y float64) float64 {
	if e, ok := k.tabled(y); ok {
		return e
	}
	return math.Pow(1+k.esc, y)
}

// tabled returns (1+esc)^y from the table, and whether the table holds y
// (small enough to inline where escalation, with its math.Pow, is not).
func (k *rentSchedule) tabled(y float64) (float64, bool) {
	if i := int(y); uint(i) < uint(len(k.pow)) && float64(i) == y {
		return k.pow[i], true
	}
	return 0, false
}

// escalationTable returns (1+esc)^y for y = 0..n.
func escalationTable(esc float64, n int) []float64 {
	t := make([]float64, n+1)
	for y := range t {
		t[y] = math.Pow(1+esc, float64(y))
	}
	return t
}

// rateAt returns the annual rent in force at time t, in USD per year.
func (k *rentSchedule) rateAt(t float64) float64 {
	y := math.Floor(max(t-k.start, 0))
	return k.annual0 * k.escalation(y)
}

// accrued returns the rent accruing over [a, b] ∩ [start, end], in USD.
func (k *rentSchedule) accrued(a, b float64) float64 {
	a = max(a, k.start)
	b = min(b, k.end)
	if !(b > a) {
		return 0
	}
	var sum float64
	for y := math.Floor(a - k.start); k.start+y < b; y++ {
		e, ok := k.tabled(y)
		if !ok {
			e = math.Pow(1+k.esc, y)
		}
		sum += k.annual0 * e * overlapYears(a, b, k.start+y, k.start+y+1)
	}
	return sum
}

// timeAt returns the time τ ≥ a at which the rent accruing from a reaches
// amount USD (the end of the term if it never does, a if amount ≤ 0).
func (k *rentSchedule) timeAt(a, amount float64) float64 {
	a = max(a, k.start)
	if !(amount > 0) {
		return a
	}
	for y := math.Floor(a - k.start); k.start+y < k.end; y++ {
		hi := min(k.start+y+1, k.end)
		rate := k.annual0 * k.escalation(y)
		seg := rate * (hi - a)
		if rate > 0 && seg >= amount {
			return min(a+amount/rate, hi)
		}
		amount -= seg
		a = hi
	}
	return k.end
}
