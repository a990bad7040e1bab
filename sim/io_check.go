package sim

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// checkProvenance checks the format version and the checksum of a result
// read from raw.
func (r *Result) checkProvenance(raw []byte) error {
	p := r.Provenance
	switch {
	case p.Format == 0:
		return fmt.Errorf("provenance.format: format version missing: the file was written before result format 1 "+
			"(or is not a result), and has no checksum to check it by; write it again with this library (format %d)", ResultFormat)
	case p.Format > ResultFormat:
		return &valid.FieldError{Field: "provenance.format", Value: p.Format,
			Want: fmt.Sprintf("≤ %d, the newest format this library reads (the file comes from a newer one)", ResultFormat)}
	case !strings.HasPrefix(p.Checksum, checksumPrefix):
		return &valid.FieldError{Field: "provenance.checksum", Value: p.Checksum, Want: `"sha256:" and 64 hexadecimal digits`}
	}
	got, ok := rawChecksum(raw, p.Checksum)
	if !ok {
		return &valid.FieldError{Field: "provenance.checksum", Value: p.Checksum, Want: "a value found once in the file"}
	}
	if got != p.Checksum {
		return &valid.FieldError{Field: "provenance.checksum", Value: p.Checksum,
			Want: fmt.Sprintf("%q, the checksum of the content (the file was changed after it was written)", got)}
	}
	return nil
}

// checkRead checks a result read from JSON for consistency: config and
// scenario valid, counts and lengths matching the run, and the NPV figures
// matching the samples when they are present.
func (r *Result) checkRead() error {
	var c valid.Checker
	c.Sub("config", r.Config.Validate())
	if r.Scenario != nil {
		c.Sub("scenario", r.Scenario.Validate())
	}
	n := r.Run.Paths
	if n < 1 {
		c.Add("run.paths", n, "≥ 1")
	}
	if len(r.Strategies) == 0 {
		c.Add("strategies", "[]", "at least one strategy")
	}
	seen := map[string]int{}
	for i, s := range r.Strategies {
		if j, ok := seen[s.Name]; ok || s.Name == "" {
			c.Add(fmt.Sprintf("strategies[%d].name", i), s.Name, fmt.Sprintf("a non-empty name of its own (strategies[%d] has it)", j))
		}
		seen[s.Name] = i
		if s.Paths != n {
			c.Add(fmt.Sprintf("strategies[%d].paths", i), s.Paths, fmt.Sprintf("%d, run.paths", n))
		}
	}
	r.checkComparisons(&c)
	r.checkBands(&c)
	if err := c.Err(); err != nil {
		return err
	}
	if r.NPV != nil {
		return r.checkSamples()
	}
	return nil
}

// checkComparisons checks that there is one comparison per strategy after
// the first, with the first, on the run's paths.
func (r *Result) checkComparisons(c *valid.Checker) {
	if want := max(len(r.Strategies)-1, 0); len(r.Comparisons) != want {
		c.Add("comparisons", fmt.Sprintf("%d entries", len(r.Comparisons)), fmt.Sprintf("%d entries, one per strategy after the first", want))
		return
	}
	for j, cm := range r.Comparisons {
		f := fmt.Sprintf("comparisons[%d]", j)
		if cm.Name != r.Strategies[j+1].Name {
			c.Add(f+".name", cm.Name, fmt.Sprintf("%q, strategies[%d].name", r.Strategies[j+1].Name, j+1))
		}
		if cm.Baseline != r.Strategies[0].Name {
			c.Add(f+".baseline", cm.Baseline, fmt.Sprintf("%q, strategies[0].name", r.Strategies[0].Name))
		}
		if cm.Paths != r.Run.Paths {
			c.Add(f+".paths", cm.Paths, fmt.Sprintf("%d, run.paths", r.Run.Paths))
		}
	}
}

// checkBands checks that every band has one value per point, in quantile
// order, that each market band is a market series of its own, and that
// there is one cash band per strategy.
func (r *Result) checkBands(c *valid.Checker) {
	b := r.Bands
	if b == nil {
		return
	}
	pts := len(b.Steps)
	if pts == 0 {
		c.Add("bands.steps", "[]", "at least one point")
	}
	if len(b.TimeYears) != pts {
		c.Add("bands.timeYears", fmt.Sprintf("%d values", len(b.TimeYears)), fmt.Sprintf("%d values, one per bands.steps", pts))
	}
	for i, s := range b.Steps {
		if s < 0 || s > r.Run.Steps || i > 0 && s <= b.Steps[i-1] {
			c.Add(fmt.Sprintf("bands.steps[%d]", i), s, fmt.Sprintf("increasing, in [0, %d] (run.steps)", r.Run.Steps))
			break
		}
	}
	if b.Paths < 1 || b.Paths > r.Run.Paths {
		c.Add("bands.paths", b.Paths, fmt.Sprintf("in [1, %d] (run.paths)", r.Run.Paths))
	}
	for i := range b.Series {
		f := fmt.Sprintf("bands.series[%d]", i)
		var x market.Series
		if err := x.UnmarshalText([]byte(b.Series[i].Name)); err != nil {
			c.Add(f+".name", b.Series[i].Name, "a market series: one of "+market.SeriesNames())
		} else if j := slices.IndexFunc(b.Series[:i], func(o Band) bool { return o.Name == x.Name() }); j >= 0 {
			c.Add(f+".name", b.Series[i].Name, fmt.Sprintf("a series of its own (bands.series[%d] has it)", j))
		}
		checkBand(c, f, &b.Series[i], pts)
	}
	if cash := b.CumulativeCashUSD; len(cash) > 0 {
		if len(cash) != len(r.Strategies) {
			c.Add("bands.cumulativeCashUSD", fmt.Sprintf("%d bands", len(cash)), fmt.Sprintf("%d bands, one per strategy", len(r.Strategies)))
			return
		}
		for j := range cash {
			f := fmt.Sprintf("bands.cumulativeCashUSD[%d]", j)
			if cash[j].Name != r.Strategies[j].Name {
				c.Add(f+".name", cash[j].Name, fmt.Sprintf("%q, strategies[%d].name", r.Strategies[j].Name, j))
			}
			checkBand(c, f, &cash[j], pts)
		}
	}
}

// checkBand checks one band's lengths and the order of its quantiles.
func checkBand(c *valid.Checker, field string, b *Band, pts int) {
	qs := []struct {
		name string
		v    []float64
	}{{"p5", b.P5}, {"p25", b.P25}, {"p50", b.P50}, {"p75", b.P75}, {"p95", b.P95}}
	for _, q := range qs {
		if len(q.v) != pts {
			c.Add(field+"."+q.name, fmt.Sprintf("%d values", len(q.v)), fmt.Sprintf("%d values, one per bands.steps", pts))
			return
		}
	}
	for i := range pts {
		for k := 1; k < len(qs); k++ {
			if qs[k].v[i] < qs[k-1].v[i] {
				c.Add(fmt.Sprintf("%s.%s[%d]", field, qs[k].name, i), qs[k].v[i], fmt.Sprintf("≥ %s[%d] = %g (quantiles in order)", qs[k-1].name, i, qs[k-1].v[i]))
				return
			}
		}
	}
}

// figureTol is the relative tolerance, of the samples' largest magnitude,
// within which a figure recomputed from the samples must match the file's:
// a different architecture may round sums differently.
const figureTol = 1e-9

// checkSamples checks the sample arrays' counts and that every NPV figure
// of the summaries and comparisons is what the samples give.
func (r *Result) checkSamples() error {
	var c valid.Checker
	if len(r.NPV) != len(r.Strategies) {
		c.Add("npvUSD", fmt.Sprintf("%d sample arrays", len(r.NPV)), fmt.Sprintf("%d, one per strategy", len(r.Strategies)))
		return c.Err()
	}
	n := r.Run.Paths
	for j, s := range r.NPV {
		if len(s) != n {
			c.Add(fmt.Sprintf("npvUSD[%d]", j), fmt.Sprintf("%d samples", len(s)), fmt.Sprintf("%d, run.paths", n))
		}
	}
	if err := c.Err(); err != nil {
		return err
	}
	scratch := make([]float64, n)
	want := make([]Summary, len(r.NPV))
	pairing := r.Config.Pairing()
	for j, npv := range r.NPV {
		s, err := npvSummary(r.Strategies[j].Name, npv, scratch, nil)
		if err != nil {
			return fmt.Errorf("npvUSD[%d]: %w", j, err)
		}
		applyPairing(&s, npv, pairing, scratch)
		want[j] = s
		sameFigures(&c, fmt.Sprintf("strategies[%d]", j), reflect.ValueOf(r.Strategies[j]), reflect.ValueOf(s), maxAbs(npv))
	}
	for j, cm := range r.Comparisons {
		a, b := r.NPV[j+1], r.NPV[0]
		w, err := compare(a, b, pairing, scratch, want[j+1].Stderr, want[0].Stderr, nil)
		if err != nil {
			return fmt.Errorf("npvUSD[%d] − npvUSD[0]: %w", j+1, err)
		}
		sameFigures(&c, fmt.Sprintf("comparisons[%d]", j), reflect.ValueOf(cm.Comparison), reflect.ValueOf(w), max(maxAbs(a), maxAbs(b)))
	}
	return c.Err()
}

// shareFields are the figures that are shares in [0, 1], compared on a
// scale of 1 rather than of the samples' magnitude.
var shareFields = map[string]bool{"probLoss": true, "probLossStderr": true, "probAGreater": true, "probAGreaterStderr": true}

// sameFigures records every float64 field of got (a Summary or Comparison
// read) that differs from want's (recomputed) by more than figureTol of
// |want| plus scale, by its JSON path; it skips the IRR and payback
// summaries, whose samples the file does not hold.
func sameFigures(c *valid.Checker, path string, got, want reflect.Value, scale float64) {
	switch got.Kind() {
	case reflect.Struct:
		for i := range got.NumField() {
			name, _, _ := strings.Cut(got.Type().Field(i).Tag.Get("json"), ",")
			if name == "irr" || name == "payback" || name == "name" {
				continue
			}
			sc := scale
			if shareFields[name] {
				sc = 1
			}
			sameFigures(c, join(path, name), got.Field(i), want.Field(i), sc)
		}
	case reflect.Array:
		for i := range got.Len() {
			sameFigures(c, fmt.Sprintf("%s[%d]", path, i), got.Index(i), want.Index(i), scale)
		}
	case reflect.Float64:
		g, w := got.Float(), want.Float()
		if g != w && !(math.Abs(g-w) <= figureTol*(math.Abs(w)+scale)) {
			c.Add(path, g, fmt.Sprintf("%.17g, what the npvUSD samples give", w))
		}
	case reflect.Int:
		if got.Int() != want.Int() {
			c.Add(path, got.Int(), fmt.Sprintf("%d, what the npvUSD samples give", want.Int()))
		}
	}
}
