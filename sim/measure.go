package sim

import (
	"fmt"
	"math"
	"strconv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Measure is the statistic of a strategy's NPV distribution that a sweep
// (Tornado) or a comparison of runs reports.
type Measure int

// The measures. Each is computed exactly as the field of Summary of the same
// name, so a sweep's figures match a Run's.
const (
	// MeasureMean is the mean NPV, USD (Summary.Mean).
	MeasureMean Measure = iota
	// MeasureES95 is the expected shortfall at 95 %, USD, a loss as a
	// positive number (Summary.ES95).
	MeasureES95
	// MeasureES99 is the expected shortfall at 99 %, USD (Summary.ES99).
	MeasureES99
	// MeasureProbLoss is the probability of loss P(NPV < 0), a share in
	// [0, 1] (Summary.ProbLoss).
	MeasureProbLoss
)

var measureNames = [...]string{MeasureMean: "mean", MeasureES95: "es95", MeasureES99: "es99", MeasureProbLoss: "probLoss"}

func (m Measure) ok() bool { return m >= 0 && int(m) < len(measureNames) }

// String returns the measure's label for tables: "mean NPV", "ES 95 %",
// "ES 99 %" or "P(loss)".
func (m Measure) String() string {
	switch m {
	case MeasureMean:
		return "mean NPV"
	case MeasureES95:
		return "ES 95 %"
	case MeasureES99:
		return "ES 99 %"
	case MeasureProbLoss:
		return "P(loss)"
	}
	return "Measure(" + strconv.Itoa(int(m)) + ")"
}

// Unit returns the unit of the measure's values: "USD", or "share" for
// MeasureProbLoss.
func (m Measure) Unit() string {
	if m == MeasureProbLoss {
		return "share"
	}
	return "USD"
}

// ParseMeasure parses a measure's name, as MarshalText writes it: "mean",
// "es95", "es99" or "probLoss".
func ParseMeasure(s string) (Measure, error) {
	for i, n := range measureNames {
		if s == n {
			return Measure(i), nil
		}
	}
	return 0, fmt.Errorf("sim: measure %q: must be one of mean, es95, es99, probLoss", s)
}

// MarshalText returns the measure's name ("mean", "es95", "es99",
// "probLoss").
func (m Measure) MarshalText() ([]byte, error) {
	if !m.ok() {
		return nil, fmt.Errorf("sim: measure %d: must be one of mean, es95, es99, probLoss", int(m))
	}
	return []byte(measureNames[m]), nil
}

// UnmarshalText parses a measure's name (see ParseMeasure).
func (m *Measure) UnmarshalText(b []byte) error {
	v, err := ParseMeasure(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Of returns the measure of samples (NPVs, USD, one per path). It returns
// an error if m is not a Measure, or samples is empty or holds a value that
// is not finite.
func (m Measure) Of(samples []float64) (float64, error) {
	v, _, err := m.influence(samples)
	return v, err
}

// Diff returns m(a) − m(b) for two samples from the same paths (a[i] and
// b[i] from path i: two strategies of one run, or one strategy in two runs
// with the same Config) and the paired standard error of that difference.
// With antithetic set, paths (2k, 2k+1) are antithetic pairs, as
// Config.Antithetic makes them, and the standard error comes from the pair
// means; n must then be even.
//
// Method. Each estimate is written, to first order, as its value plus the
// mean of its influence function over the paths (the delta method; for
// ES, the tail-mean representation of Rockafellar and Uryasev, "Optimization
// of conditional value-at-risk", Journal of Risk 2(3), 2000, whose
// derivative in the quantile vanishes, gives the influence of Brazauskas,
// Jones, Puri and Zitikis, 2008, used by ESCI):
//
//	mean:     ψ(x) = x − mean
//	ES_α:     ψ(x) = −q − (n/k)·min(x − q, 0) − ES_α,   q = x_(k), k = ⌈n(1−α)⌉
//	P(loss):  ψ(x) = 1{x < 0} − P(loss)
//
// and the standard error of the difference is that of the mean of
// ψ_a(a_i) − ψ_b(b_i): the sample standard deviation over √n (or over the
// pair means, √(n/2)). For the mean it is Compare's PairedStderr. When a and
// b are the same numbers the difference and its standard error are exactly
// 0; the closer the two paths' results move together, the smaller the
// error, which is why sweeps reuse the seed (common random numbers).
//
// It returns an error if m is not a Measure, the samples differ in length,
// have fewer than 2 values (4 with antithetic, and an odd count), or hold a
// value that is not finite.
func (m Measure) Diff(a, b []float64, antithetic bool) (diff, stderr float64, err error) {
	var c valid.Checker
	checkSamples(&c, "a", a)
	checkSamples(&c, "b", b)
	minN := 2
	if antithetic {
		minN = 4
	}
	switch {
	case len(a) != len(b):
		c.Add("len(b)", len(b), "equal to len(a) (the same paths)")
	case len(a) > 0 && len(a) < minN:
		c.Add("len(a)", len(a), fmt.Sprintf("≥ %d", minN))
	case antithetic && len(a)%2 != 0:
		c.Add("len(a)", len(a), "even with antithetic (pairs are paths 2k, 2k+1)")
	}
	if err := c.Err(); err != nil {
		return 0, 0, err
	}
	va, pa, err := m.influence(a)
	if err != nil {
		return 0, 0, err
	}
	vb, pb, err := m.influence(b)
	if err != nil {
		return 0, 0, err
	}
	for i := range pa {
		pa[i] -= pb[i]
	}
	return va - vb, influenceSE(pa, antithetic), nil
}

// DiffPairing is Diff for samples whose paths depend on one another as
// pairing says (Config.Pairing): Independent and Antithetic as Diff with
// antithetic false and true; RQMCReplicates(R) takes the standard error
// from the spread of the R replicate means of ψ_a(a_i) − ψ_b(b_i) (value i
// in replicate i mod R; the sample standard deviation over √R), n a
// multiple of R and at least 2R.
func (m Measure) DiffPairing(a, b []float64, pairing Pairing) (diff, stderr float64, err error) {
	r := pairing.Replicates()
	if r == 0 {
		if !pairing.valid() {
			var c valid.Checker
			c.Add("pairing", pairing.String(), "one of Independent, Antithetic, RQMCReplicates(R)")
			return 0, 0, c.Err()
		}
		return m.Diff(a, b, pairing == Antithetic)
	}
	var c valid.Checker
	if len(a) < 2*r || len(a)%r != 0 {
		c.Add("len(a)", len(a), fmt.Sprintf("a multiple of the %d RQMC replicates, at least %d", r, 2*r))
		return 0, 0, c.Err()
	}
	if len(b) != len(a) {
		c.Add("len(b)", len(b), "equal to len(a) (the same paths)")
		return 0, 0, c.Err()
	}
	va, pa, err := m.influence(a)
	if err != nil {
		return 0, 0, err
	}
	vb, pb, err := m.influence(b)
	if err != nil {
		return 0, 0, err
	}
	se := replicateSEOfIn(len(pa), r, nil, func(i int) float64 { return pa[i] - pb[i] })
	return va - vb, se, nil
}

// influence returns the measure of x and its influence values ψ(x_i) (see
// Diff), in a new slice.
func (m Measure) influence(x []float64) (float64, []float64, error) {
	if !m.ok() {
		return 0, nil, fmt.Errorf("sim: measure %d: must be one of mean, es95, es99, probLoss", int(m))
	}
	var c valid.Checker
	checkSamples(&c, "samples", x)
	if err := c.Err(); err != nil {
		return 0, nil, err
	}
	n := len(x)
	psi := make([]float64, n)
	switch m {
	case MeasureMean:
		mean, _ := meanStderr1(x)
		for i, v := range x {
			psi[i] = v - mean
		}
		return mean, psi, nil
	case MeasureProbLoss:
		p, _, err := ProbLoss(x)
		if err != nil {
			return 0, nil, err
		}
		for i, v := range x {
			psi[i] = b2f(v < 0) - p
		}
		return p, psi, nil
	}
	level := 0.95
	if m == MeasureES99 {
		level = 0.99
	}
	sorted := sortedCopy(x)
	es := sortedES(sorted, level)
	k := tailCount(n, level)
	q := sorted[k-1]
	w := float64(n) / float64(k)
	for i, v := range x {
		psi[i] = -q - w*math.Min(v-q, 0) - es
	}
	return es, psi, nil
}

// meanStderr1 is meanStderr that accepts a single value (standard error 0).
func meanStderr1(x []float64) (mean, se float64) {
	if len(x) == 1 {
		return x[0], 0
	}
	return meanStderr(x)
}

// influenceSE returns the standard error of the mean of d: s/√n, or with
// pairs from the pair means.
func influenceSE(d []float64, pairs bool) float64 {
	if pairs {
		return pairSEOf(len(d), func(i int) float64 { return d[i] })
	}
	_, se := meanStderr(d)
	return se
}
