package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
	"github.com/pivotrisk/pivotrisk/plots"
	"github.com/pivotrisk/pivotrisk/sim"
)

// OptionTables writes, for each real option of res (sim.OptionSummary),
// its fit, the value of its flexibility, when it converts and its exercise
// boundary at every step-th decision date (1: every date): what
// examples/realoption prints. It writes nothing for a run without real
// options.
func OptionTables(w io.Writer, res *sim.Result, step int) error {
	step = max(step, 1)
	for i := range res.Options {
		o := &res.Options[i]
		var b strings.Builder
		optionHead(&b, o)
		optionFlexibility(&b, o)
		optionTiming(&b, o)
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
		if err := boundaryTable(w, o, step); err != nil {
			return err
		}
	}
	return nil
}

// optionHead writes the option's blocks, dates and fit.
func optionHead(b *strings.Builder, o *sim.OptionSummary) {
	n := len(o.DecisionMonths)
	every := 0.0
	if n > 1 {
		every = o.DecisionMonths[1] - o.DecisionMonths[0]
	}
	fmt.Fprintf(b, "\n%s: %d block(s) of %g MW, %d decision dates every %g months (months %g to %g)\n",
		o.Name, o.Blocks, o.BlockMW, n, every, o.DecisionMonths[0], o.DecisionMonths[n-1])
	fmt.Fprintf(b, "  rule fitted on %d calibration paths (seed %d = sim.OptionCalibrationSeed(%d)) in %.1f s + %.1f s of regression,\n",
		o.CalibrationPaths, o.CalibrationSeed, o.PricingSeed, o.SimulationSeconds, o.RegressionSeconds)
	fmt.Fprintf(b, "  priced on the run's own paths (seed %d); reads %s; basis: %s\n", o.PricingSeed, strings.Join(o.State, ", "), o.Fit.Basis)
	r2 := make([]float64, 0, n)
	for _, d := range o.Fit.Dates {
		r2 = append(r2, d.R2[0])
	}
	fmt.Fprintf(b, "  R² of the fitted gain of converting the first block: %s\n", r2Line(o.DecisionMonths, r2))
}

// r2Line lists R² at a few dates: the first after the start, a quarter,
// half and three quarters of the way, and the last.
func r2Line(months, r2 []float64) string {
	n := len(r2)
	var parts []string
	seen := map[int]bool{}
	for _, f := range []float64{0, 0.25, 0.5, 0.75, 1} {
		d := min(n-1, max(0, int(math.Round(f*float64(n-1)))))
		if n > 1 && d == 0 {
			d = 1
		}
		if !seen[d] {
			seen[d] = true
			parts = append(parts, fmt.Sprintf("%.2f at month %g", r2[d], months[d]))
		}
	}
	return strings.Join(parts, ", ")
}

// optionFlexibility writes the value of flexibility, or how to get it.
func optionFlexibility(b *strings.Builder, o *sim.OptionSummary) {
	f := o.Flexibility
	if f == nil {
		fmt.Fprintf(b, "  value of flexibility: the run lacks the benchmarks (model.StrategySpec.Benchmarks: convert now, never)\n")
		return
	}
	fmt.Fprintf(b, "  value of flexibility V(option) − max(V(now), V(never)) = %s ± %s M USD (against %s; paired, same paths)\n",
		signedMUSD(f.MeanDiffUSD), MUSD(f.StderrUSD, 2), f.Best)
	fmt.Fprintf(b, "    against %q: %s ± %s, against %q: %s ± %s M USD\n", f.Now, signedMUSD(f.VsNow.MeanDiff), MUSD(f.VsNow.PairedStderr, 2),
		f.Never, signedMUSD(f.VsNever.MeanDiff), MUSD(f.VsNever.PairedStderr, 2))
}

// optionTiming writes when the blocks convert.
func optionTiming(b *strings.Builder, o *sim.OptionSummary) {
	t := o.Timing
	for k := range t.ProbNever {
		name := "conversion"
		if o.Blocks > 1 {
			name = fmt.Sprintf("block %d", k+1)
		}
		fmt.Fprintf(b, "  %s: never on %s ± %s of the %d paths", name, Pct(t.ProbNever[k]), Pct(t.ProbNeverStderr[k]), t.Paths)
		if t.ProbNever[k] < 1 {
			fmt.Fprintf(b, "; otherwise starts at month %.1f ± %.1f on average", t.MeanMonth[k], t.MeanMonthStderr[k])
		}
		b.WriteString("\n")
	}
	if o.Blocks > 1 {
		var parts []string
		for _, m := range []float64{0, 12, 24, 36, 60, 84} {
			if d := dateAt(o.DecisionMonths, m); d >= 0 {
				parts = append(parts, fmt.Sprintf("%.0f MW by month %g", t.MWBy[d], o.DecisionMonths[d]))
			}
		}
		fmt.Fprintf(b, "  mean MW converting: %s\n", strings.Join(parts, ", "))
	}
}

// dateAt returns the last decision date at or before month m, −1 if none
// or if it was already returned for an earlier m (not tracked: callers
// pass increasing months within the horizon).
func dateAt(months []float64, m float64) int {
	d := -1
	for i, v := range months {
		if v <= m+1e-9 {
			d = i
		}
	}
	if d >= 0 && m > months[len(months)-1]+1e-9 {
		return -1
	}
	return d
}

// boundaryTable writes the exercise boundary along each series at every
// step-th date.
func boundaryTable(w io.Writer, o *sim.OptionSummary, step int) error {
	if len(o.Boundaries) == 0 {
		return nil
	}
	if _, err := fmt.Fprintf(w, "  exercise boundary of the first block (the other coordinates at their medians; level: convert where):\n"); err != nil {
		return err
	}
	t := Table{Left: 1}
	head := []string{"  month"}
	for _, bd := range o.Boundaries {
		head = append(head, bd.Series+" ("+bd.Unit+")")
	}
	t.Row(head...)
	for d := 0; d < len(o.DecisionMonths); d += step {
		row := []string{fmt.Sprintf("  %g", o.DecisionMonths[d])}
		for _, bd := range o.Boundaries {
			row = append(row, boundaryCell(bd.Points[d]))
		}
		t.Row(row...)
	}
	return t.Write(w)
}

// boundaryCell describes a boundary point: "below 31.2", "always", …
func boundaryCell(p sim.BoundaryPoint) string {
	switch p.Region {
	case "always", "never":
		return p.Region
	}
	return fmt.Sprintf("%s %s", p.Region, sig3(p.Critical))
}

// sig3 formats v with three significant digits, without an exponent.
func sig3(v float64) string {
	if v == 0 {
		return "0"
	}
	d := max(0, 2-int(math.Floor(math.Log10(math.Abs(v)))))
	return fmt.Sprintf("%.*f", d, v)
}

// OptionPictures returns the pictures of the real options of res: per
// option, its exercise boundary along each series it reads
// (option-boundary-SLUG-SERIES.png), when it converts
// (option-timing-SLUG.png), the mean MW converting for staged blocks
// (option-mw-SLUG.png), and maps of its exercise region over the hashprice
// and a GPU series, if it reads them (else its first two series), at the
// decision dates nearest the given months
// (option-region-SLUG-mMONTH.png; none at month 0, where every path shows
// the same state, and none from a Result read from JSON, which holds no
// fitted rule). OptionPictureFiles names them before the run.
func OptionPictures(res *sim.Result, mapMonths ...float64) []Picture {
	var pics []Picture
	for i := range res.Options {
		o := &res.Options[i]
		slug := Slug(o.Name)
		for _, bd := range o.Boundaries {
			pics = append(pics, Picture{File: "option-boundary-" + slug + "-" + Slug(bd.Series) + ".png",
				Make: func() (*plot.Plot, error) { return plots.OptionBoundary(o, bd.Series) }})
		}
		pics = append(pics, Picture{File: "option-timing-" + slug + ".png", Make: func() (*plot.Plot, error) { return plots.OptionTiming(o) }})
		if o.Blocks > 1 {
			pics = append(pics, Picture{File: "option-mw-" + slug + ".png", Make: func() (*plot.Plot, error) { return plots.OptionMW(o) }})
		}
		pics = append(pics, regionPictures(o, slug, mapMonths)...)
	}
	return pics
}

// mapAxes returns the coordinates of the series on the axes of an
// exercise-region map: the hashprice (else the first series) across, a
// GPU series (else the next series) up. series has at least two.
func mapAxes(series []market.Series) (x, y int) {
	x = max(slices.Index(series, market.SeriesHashprice), 0)
	for _, g := range []market.Series{market.SeriesGPURent, market.SeriesGPURentToTrend, market.SeriesColoRent} {
		if i := slices.Index(series, g); i >= 0 && i != x {
			return x, i
		}
	}
	if x == 0 {
		return 0, 1
	}
	return x, 0
}

// regionPictures returns the exercise-region maps of o at the decision
// dates nearest months (mapAxes).
func regionPictures(o *sim.OptionSummary, slug string, months []float64) []Picture {
	if o.Rule == nil || len(o.Boundaries) < 2 {
		return nil
	}
	ix, iy := mapAxes(o.Rule.State().Series)
	x, y := o.Rule.State().Series[ix], o.Rule.State().Series[iy]
	var pics []Picture
	seen := map[int]bool{}
	for _, m := range months {
		d := dateAt(o.DecisionMonths, m)
		if d < 0 || seen[d] || o.DecisionMonths[d] == 0 {
			continue // at the start every path shows the same state: no map
		}
		seen[d] = true
		month := o.DecisionMonths[d]
		pics = append(pics, Picture{File: fmt.Sprintf("option-region-%s-m%g.png", slug, month), Make: func() (*plot.Plot, error) {
			r, err := o.ExerciseRegion(d, x, y, 121)
			if err != nil {
				return nil, err
			}
			return plots.ExerciseRegion(r, [2]float64{o.StateRange[d][ix][1], o.StateRange[d][iy][1]})
		}})
	}
	return pics
}

// OptionPictureFiles returns the file names OptionPictures gives for the
// real options of sc run with the same mapMonths, in the same order, so
// that a program can check its outputs before it runs.
func OptionPictureFiles(sc *model.Scenario, mapMonths ...float64) []string {
	env := site.Env{DtYears: sc.Finance.DtYears(), Steps: sc.Finance.Steps()}
	var files []string
	for _, sp := range sc.Strategies {
		if sp.Kind != model.KindRealOption {
			continue
		}
		slug := Slug(sp.Name())
		o := sp.OptionSettings()
		for _, x := range o.State {
			files = append(files, "option-boundary-"+slug+"-"+Slug(x.Name())+".png")
		}
		files = append(files, "option-timing-"+slug+".png")
		if sp.Phases > 1 {
			files = append(files, "option-mw-"+slug+".png")
		}
		steps, err := sp.Decisions(env)
		if err != nil || len(o.State) < 2 {
			continue
		}
		months := make([]float64, len(steps))
		stepMonths := 12 * env.DtYears // as sim.OptionSummary.DecisionMonths
		for i, k := range steps {
			months[i] = float64(k) * stepMonths
		}
		seen := map[int]bool{}
		for _, m := range mapMonths {
			if d := dateAt(months, m); d >= 0 && !seen[d] && months[d] != 0 {
				seen[d] = true
				files = append(files, fmt.Sprintf("option-region-%s-m%g.png", slug, months[d]))
			}
		}
	}
	return files
}
