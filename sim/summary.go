package sim

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// MinSummaryPaths is the fewest paths Summarize accepts: below it the
// distribution-free 95 % confidence interval on the 99 % VaR does not exist
// (it needs 0.99^n ≤ 0.025; see VaRCI).
const MinSummaryPaths = 368

// Summary is the risk summary of one strategy over the paths of a run. Money
// is in USD (the unit of the NPVs given to Summarize); every field is finite,
// so a Summary always encodes as JSON. Quantiles, VaR and ES follow the type-1
// definition of Quantile; confidence intervals are two-sided at 95 %, by the
// methods of MeanCI, VaRCI and ESCI.
type Summary struct {
	Name  string `json:"name"`  // the strategy's name
	Paths int    `json:"paths"` // number of paths n
	// Estimator names how the standard errors and intervals below were
	// computed: "iid" (independent paths, the methods of MeanCI, VaRCI,
	// ESCI), "antithetic-pairs" (means from pair means; see Result) or
	// "rqmc-replicates R" (from the spread of R RQMC replicates; see
	// Result). Empty in a Summary read from a file written before it.
	Estimator string `json:"estimator,omitempty"`

	Mean   float64 `json:"mean"`   // mean NPV, USD
	Stderr float64 `json:"stderr"` // standard error of Mean, SD/√n, USD
	SD     float64 `json:"sd"`     // sample standard deviation of the NPV (n−1 divisor), USD
	Min    float64 `json:"min"`    // smallest NPV, USD
	Max    float64 `json:"max"`    // largest NPV, USD

	Quantiles Percentiles `json:"quantiles"` // NPV quantiles, USD

	VaR95 float64 `json:"var95"` // value-at-risk at 95 %, −q_0.05 of the NPV, USD (see VaR)
	ES95  float64 `json:"es95"`  // expected shortfall at 95 %, USD (see ES)
	VaR99 float64 `json:"var99"` // value-at-risk at 99 %, USD
	ES99  float64 `json:"es99"`  // expected shortfall at 99 %, USD

	MeanCI95  [2]float64 `json:"meanCI95"`  // 95 % confidence interval of the mean, USD (normal, see MeanCI)
	VaR95CI95 [2]float64 `json:"var95CI95"` // 95 % confidence interval of VaR95, USD (order statistics, see VaRCI)
	ES95CI95  [2]float64 `json:"es95CI95"`  // 95 % confidence interval of ES95, USD (asymptotic normal, see ESCI)
	VaR99CI95 [2]float64 `json:"var99CI95"` // 95 % confidence interval of VaR99, USD
	ES99CI95  [2]float64 `json:"es99CI95"`  // 95 % confidence interval of ES99, USD

	ProbLoss       float64 `json:"probLoss"`       // share of paths with NPV < 0
	ProbLossStderr float64 `json:"probLossStderr"` // its binomial standard error √(p(1−p)/n)

	IRR     IRRSummary     `json:"irr"`     // internal rate of return, per year
	Payback PaybackSummary `json:"payback"` // discounted payback time, months
}

// IRRSummary describes the paths' internal rates of return, annualized
// (fractions per year: 0.12 is 12 % a year). Paths whose IRR is undefined
// (see IRR; in a Run also every path on which the strategy earns before it
// invests, such as pure mining of a built site: see Result.IRRPerYear) are counted
// in UndefinedShare and left out of the statistics, which are taken over
// the Defined paths only and are 0 when Defined is 0.
type IRRSummary struct {
	Defined        int     `json:"defined"`        // number of paths with a defined IRR
	UndefinedShare float64 `json:"undefinedShare"` // share of paths with an undefined IRR, in [0, 1]
	MeanPerYear    float64 `json:"meanPerYear"`    // mean IRR of the defined paths, per year
	MedianPerYear  float64 `json:"medianPerYear"`  // median (type 1) IRR of the defined paths, per year
	P5PerYear      float64 `json:"p5PerYear"`      // 5 % quantile of the defined IRRs, per year
	P95PerYear     float64 `json:"p95PerYear"`     // 95 % quantile of the defined IRRs, per year
}

// PaybackSummary describes the paths' payback times (see Payback). Paths that
// never pay back are counted in NeverShare and left out of the quantiles,
// which are taken over the PaidBack paths only and are 0 when PaidBack is 0.
type PaybackSummary struct {
	PaidBack     int     `json:"paidBack"`     // number of paths that pay back
	NeverShare   float64 `json:"neverShare"`   // share of paths that never pay back, in [0, 1]
	MedianMonths float64 `json:"medianMonths"` // median (type 1) payback of the paths that pay back, months
	P90Months    float64 `json:"p90Months"`    // 90 % quantile of the payback of the paths that pay back, months
}

// Summarize returns the Summary of one strategy named name from its per-path
// results: npv (USD), irrPerYear (the annualized IRR, e.g. from AnnualizeRate
// applied to IRR) and paybackMonths (months, e.g. from Payback on monthly
// flows), element i of each from path i.
//
// Encoding of the missing values: NaN in irrPerYear means "IRR undefined" and
// NaN in paybackMonths means "never pays back" — the same NaN that IRR
// returns, so one convention serves both. Every other value must be a real
// one: an IRR that is ±Inf or ≤ −1, or a payback that is negative or ±Inf, is
// an error rather than a silent "never", so that a bug upstream cannot pass as
// a result.
//
// Summarize sorts copies of the inputs (it allocates; it runs once per
// strategy per run) and leaves them as they were. It returns an error if npv
// has fewer than MinSummaryPaths values or a value that is not finite, if
// irrPerYear or paybackMonths differ in length from npv or hold a value
// outside the encoding above (each error names the first offending index), or
// if a statistic overflows (so no field is ever NaN or ±Inf).
func Summarize(name string, npv, irrPerYear, paybackMonths []float64) (Summary, error) {
	return summarize(name, npv, irrPerYear, paybackMonths, nil, nil)
}

// summarize is Summarize sorting in scratch (grown if shorter than npv),
// so that a run summarizing strategy after strategy sorts in one buffer
// rather than allocating three per strategy, and returning errStatsStopped
// as soon as stop reports the run stopped.
func summarize(name string, npv, irrPerYear, paybackMonths, scratch []float64, stop stopFunc) (Summary, error) {
	var c valid.Checker
	checkSamples(&c, "npv", npv)
	n := len(npv)
	if n > 0 && n < MinSummaryPaths {
		c.Add("len(npv)", n, fmt.Sprintf("≥ %d (MinSummaryPaths)", MinSummaryPaths))
	}
	if len(irrPerYear) != n {
		c.Add("len(irrPerYear)", len(irrPerYear), fmt.Sprintf("%d, equal to len(npv)", n))
	} else {
		for i, r := range irrPerYear {
			if !math.IsNaN(r) && !(r > -1 && !math.IsInf(r, 1)) {
				c.Add(fmt.Sprintf("irrPerYear[%d]", i), r, "> -1 and finite, or NaN for undefined")
				break
			}
		}
	}
	if len(paybackMonths) != n {
		c.Add("len(paybackMonths)", len(paybackMonths), fmt.Sprintf("%d, equal to len(npv)", n))
	} else {
		for i, m := range paybackMonths {
			if !math.IsNaN(m) && !(m >= 0 && !math.IsInf(m, 1)) {
				c.Add(fmt.Sprintf("paybackMonths[%d]", i), m, "≥ 0 and finite, or NaN for never")
				break
			}
		}
	}
	if err := c.Err(); err != nil {
		return Summary{}, err
	}
	s, err := npvSummary(name, npv, scratch, stop)
	if err != nil {
		return Summary{}, err
	}
	scratch = slices.Grow(scratch[:0], n)
	// The NPV statistics are done: scratch now holds the defined IRRs, then
	// the paybacks.
	irr, ok := definedSorted(irrPerYear, scratch, stop)
	if !ok {
		return Summary{}, errStatsStopped
	}
	s.IRR = irrSummary(irr, n)
	pb, ok := definedSorted(paybackMonths, scratch, stop)
	if !ok {
		return Summary{}, errStatsStopped
	}
	s.Payback = paybackSummary(pb, n)
	if err := s.checkFinite(); err != nil {
		return Summary{}, err
	}
	return s, nil
}

// npvSummary returns the Summary of valid NPV samples (checked by the
// caller) without its IRR and Payback, sorting in scratch (errStatsStopped
// if stop reports the run stopped).
func npvSummary(name string, npv, scratch []float64, stop stopFunc) (Summary, error) {
	n := len(npv)
	scratch = slices.Grow(scratch[:0], n)
	sorted := append(scratch[:0], npv...)
	if !sortStoppable(sorted, stop) {
		return Summary{}, errStatsStopped
	}
	mean, sd := meanSD(npv)
	se := sd / math.Sqrt(float64(n))
	h := zTwoSided(0.95) * se
	s := Summary{
		Name:      name,
		Paths:     n,
		Estimator: Independent.Estimator(),
		Mean:      mean,
		Stderr:    se,
		SD:        sd,
		Min:       sorted[0],
		Max:       sorted[n-1],
		Quantiles: SortedPercentiles(sorted),
		VaR95:     sortedVaR(sorted, 0.95),
		ES95:      sortedES(sorted, 0.95),
		VaR99:     sortedVaR(sorted, 0.99),
		ES99:      sortedES(sorted, 0.99),
		MeanCI95:  [2]float64{mean - h, mean + h},
	}
	var err error
	if s.VaR95CI95, err = SortedVaRCI(sorted, 0.95, 0.95); err != nil {
		return Summary{}, err
	}
	if s.VaR99CI95, err = SortedVaRCI(sorted, 0.99, 0.95); err != nil {
		return Summary{}, err
	}
	if s.ES95CI95, err = SortedESCI(sorted, 0.95, 0.95); err != nil {
		return Summary{}, err
	}
	if s.ES99CI95, err = SortedESCI(sorted, 0.99, 0.95); err != nil {
		return Summary{}, err
	}
	if s.ProbLoss, s.ProbLossStderr, err = ProbLoss(sorted); err != nil {
		return Summary{}, err
	}

	return s, nil
}

// irrSummary returns the IRRSummary of n paths whose defined IRRs, sorted,
// are irr.
func irrSummary(irr []float64, n int) IRRSummary {
	var s IRRSummary
	if len(irr) > 0 {
		s = IRRSummary{
			Defined:       len(irr),
			MeanPerYear:   within(stat.Mean(irr, nil), irr[0], irr[len(irr)-1]),
			MedianPerYear: Quantile(irr, 0.5),
			P5PerYear:     Quantile(irr, 0.05),
			P95PerYear:    Quantile(irr, 0.95),
		}
	}
	s.UndefinedShare = float64(n-s.Defined) / float64(n)
	return s
}

// paybackSummary returns the PaybackSummary of n paths whose paybacks,
// sorted, are pb (the paths that never pay back left out).
func paybackSummary(pb []float64, n int) PaybackSummary {
	var s PaybackSummary
	if len(pb) > 0 {
		s = PaybackSummary{
			PaidBack:     len(pb),
			MedianMonths: Quantile(pb, 0.5),
			P90Months:    Quantile(pb, 0.9),
		}
	}
	s.NeverShare = float64(n-s.PaidBack) / float64(n)
	return s
}

// summarizeCompact is summarize for a run that keeps only its NPV samples
// (Config.NPVSamplesOnly): the IRRs come as float32 (NaN: undefined) and
// the paybacks as counts of paths per payback step, counts[k] paths paying
// back at k·monthsPerStep months (counts[0]: never negative, 0 months), the
// paths that never pay back not counted.
func summarizeCompact(name string, npv []float64, irr []float32, counts []int64, monthsPerStep float64, scratch []float64, stop stopFunc) (Summary, error) {
	var c valid.Checker
	checkSamples(&c, "npv", npv)
	n := len(npv)
	if n > 0 && n < MinSummaryPaths {
		c.Add("len(npv)", n, fmt.Sprintf("≥ %d (MinSummaryPaths)", MinSummaryPaths))
	}
	if err := c.Err(); err != nil {
		return Summary{}, err
	}
	s, err := npvSummary(name, npv, scratch, stop)
	if err != nil {
		return Summary{}, err
	}
	defined := slices.Grow(scratch[:0], n)
	for _, r := range irr[:n] {
		if r == r { // not NaN
			defined = append(defined, float64(r))
		}
	}
	if !sortStoppable(defined, stop) {
		return Summary{}, errStatsStopped
	}
	s.IRR = irrSummary(defined, n)
	s.Payback = paybackFromCounts(counts, monthsPerStep, n)
	if err := s.checkFinite(); err != nil {
		return Summary{}, err
	}
	return s, nil
}

// paybackFromCounts returns the PaybackSummary of n paths from the counts
// of summarizeCompact: the same numbers as paybackSummary of the sorted
// paybacks, each k·monthsPerStep, that the counts describe.
func paybackFromCounts(counts []int64, monthsPerStep float64, n int) PaybackSummary {
	var paid int64
	for _, k := range counts {
		paid += k
	}
	s := PaybackSummary{PaidBack: int(paid)}
	if paid > 0 {
		at := func(p float64) float64 { // the rank(paid, p)-th smallest payback
			r := int64(rank(int(paid), p))
			for k, c := range counts {
				if r <= c {
					return float64(k) * monthsPerStep
				}
				r -= c
			}
			panic("sim: payback rank beyond the counts")
		}
		s.MedianMonths, s.P90Months = at(0.5), at(0.9)
	}
	s.NeverShare = float64(n-s.PaidBack) / float64(n)
	return s
}

// definedSorted returns the non-NaN values of xs, sorted ascending, in
// dst's storage (grown if need be), and false if stop reported the run
// stopped before the end.
func definedSorted(xs, dst []float64, stop stopFunc) ([]float64, bool) {
	out := dst[:0]
	for _, x := range xs {
		if !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	return out, sortStoppable(out, stop)
}

// checkFinite reports every float64 field of s that is NaN or ±Inf
// (possible only when a statistic overflows, e.g. NPVs near the largest
// float64), named by its JSON path. It walks the struct by reflection, so a
// field added later is checked too.
func (s *Summary) checkFinite() error {
	var c valid.Checker
	checkFiniteFields(&c, "", reflect.ValueOf(s).Elem())
	return c.Err()
}

func checkFiniteFields(c *valid.Checker, path string, v reflect.Value) {
	switch v.Kind() {
	case reflect.Float64:
		c.Finite(path, v.Float())
	case reflect.Array:
		for i := range v.Len() {
			checkFiniteFields(c, fmt.Sprintf("%s[%d]", path, i), v.Index(i))
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if path != "" {
				name = path + "." + name
			}
			checkFiniteFields(c, name, v.Field(i))
		}
	}
}

// pairSummary replaces the standard errors of s, the Summary of npv, and
// the mean's interval by their antithetic-pair figures (see Result),
// computing the pair means in scratch.
func pairSummary(s *Summary, npv, scratch []float64) {
	s.Stderr = meanSE(npv, true)
	h := zTwoSided(0.95) * s.Stderr
	s.MeanCI95 = [2]float64{s.Mean - h, s.Mean + h}
	s.ProbLossStderr = pairSEOfIn(len(npv), scratch, func(i int) float64 { return b2f(npv[i] < 0) })
}
