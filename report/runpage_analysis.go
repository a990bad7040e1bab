package report

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"

	"github.com/pivotrisk/pivotrisk/plots"
	"github.com/pivotrisk/pivotrisk/sim"
)

// driverSections returns the sections of what drives the NPV: the rank
// correlations, the drivers' means in the tail, and per strategy the rank
// tornado and the scatter plots against its top two drivers.
func driverSections(res *sim.Result, an *Analysis, d *sim.Drivers) []Section {
	if len(an.Drivers) == 0 {
		return nil
	}
	rank := HTMLTable{ID: "rank-table", Header: append([]string{"driver", "unit"}, an.Strategies...), Left: 2}
	tail := HTMLTable{ID: "tail-table", Header: []string{"driver", "unit", "mean, all paths"}, Left: 2}
	for _, s := range an.Strategies {
		tail.Header = append(tail.Header, "mean, worst 5 % of "+s)
	}
	for _, dr := range an.Drivers {
		r := []string{dr.Name, dr.Unit}
		t := []string{dr.Name, dr.Unit, fmtDriver(dr.Mean)}
		for j := range an.Strategies {
			r = append(r, fmtRho(dr.RankCorrelation[j]))
			t = append(t, fmtDriver(dr.TailMean[j]))
		}
		rank.Rows = append(rank.Rows, r)
		tail.Rows = append(tail.Rows, t)
	}
	sec := Section{ID: "drivers", Heading: "What drives the NPV",
		Text: []string{
			fmt.Sprintf("Spearman rank correlation of each per-path driver with each strategy's NPV over %d paths: the regression-style tornado, beside the one-at-a-time tornado of the tornado program. |ρ| below %.3f (2/√paths) is not told apart from 0.", an.Paths, 2/math.Sqrt(float64(an.Paths))),
			fmt.Sprintf("What drives the tail: each driver's mean over all paths and over each strategy's worst 5 %% of paths by NPV (%d paths, those its ES 95 %% averages).", an.TailPaths),
		},
		Tables: []HTMLTable{rank, tail}}
	if len(an.SkippedDrivers) > 0 {
		sec.Text = append(sec.Text, fmt.Sprintf("Left out (a value not finite on some path): %v.", an.SkippedDrivers))
	}
	for j, name := range an.Strategies {
		bars := rankBars(an, j)
		if len(bars) == 0 {
			continue
		}
		sec.Figures = append(sec.Figures, Picture{File: "drivers-" + Slug(name) + ".svg", Make: func() (*plot.Plot, error) {
			return plots.RankTornado(fmt.Sprintf("What drives the NPV of %s", name), an.Paths, bars)
		}})
		if d != nil && d.Paths() == len(res.NPV[j]) {
			sec.Figures = append(sec.Figures, scatterPictures(res, an, d, j)...)
		}
	}
	return []Section{sec}
}

// rankBars returns strategy j's rank correlations with the drivers that
// have one.
func rankBars(an *Analysis, j int) []plots.RankBar {
	var bars []plots.RankBar
	for _, dr := range an.Drivers {
		if r := dr.RankCorrelation[j]; r != nil {
			bars = append(bars, plots.RankBar{Driver: dr.Name, Rho: *r})
		}
	}
	return bars
}

// scatterPictures returns strategy j's NPV against its two drivers of
// largest |ρ|.
func scatterPictures(res *sim.Result, an *Analysis, d *sim.Drivers, j int) []Picture {
	type cand struct {
		i   int // index in an.Drivers
		rho float64
	}
	var cs []cand
	for i, dr := range an.Drivers {
		if r := dr.RankCorrelation[j]; r != nil {
			cs = append(cs, cand{i, *r})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		switch {
		case math.Abs(a.rho) > math.Abs(b.rho):
			return -1
		case math.Abs(a.rho) < math.Abs(b.rho):
			return 1
		}
		return 0
	})
	tail := make([]bool, len(res.NPV[j]))
	for _, i := range worstPaths(res.NPV[j]) {
		tail[i] = true
	}
	list := d.List()
	name := an.Strategies[j]
	var pics []Picture
	for _, c := range cs[:min(2, len(cs))] {
		dr := an.Drivers[c.i]
		idx := slices.IndexFunc(list, func(x sim.Driver) bool { return x.Name == dr.Name })
		if idx < 0 {
			continue
		}
		pics = append(pics, Picture{File: "scatter-" + Slug(name) + "-" + Slug(dr.Name) + ".svg", Make: func() (*plot.Plot, error) {
			xs, err := d.Values(idx)
			if err != nil {
				return nil, err
			}
			return plots.DriverScatter(fmt.Sprintf("NPV of %s against %s", name, dr.Name), dr.Name+", "+dr.Unit, xs, res.NPV[j], tail, c.rho)
		}})
	}
	return pics
}

// attributionSection returns the section of the NPV by cash-flow
// component: a table per strategy and its waterfall.
func attributionSection(an *Analysis) Section {
	sec := Section{ID: "attribution", Heading: "Where the NPV comes from",
		Text: []string{"Each strategy's NPV split by cash-flow component, every component discounted as the NPV is: its mean over all paths and over the strategy's worst 5 % of paths (which sum to −ES 95 %), M USD. Costs are negative."}}
	for _, sa := range an.Attribution {
		t := HTMLTable{ID: "attribution-" + Slug(sa.Strategy), Caption: sa.Strategy, Header: []string{"component", "mean", "mean, worst 5 %"}}
		var steps []plots.WaterfallStep
		var m, tm float64
		for _, c := range sa.Components {
			t.Rows = append(t.Rows, []string{c.Component, MUSD(c.MeanUSD, 2), MUSD(c.TailMeanUSD, 2)})
			steps = append(steps, plots.WaterfallStep{Label: c.Component, ValueUSD: c.MeanUSD})
			m += c.MeanUSD
			tm += c.TailMeanUSD
		}
		t.Rows = append(t.Rows, []string{"NPV (sum)", MUSD(m, 2), MUSD(tm, 2)})
		sec.Tables = append(sec.Tables, t)
		name := sa.Strategy
		sec.Figures = append(sec.Figures, Picture{File: "waterfall-" + Slug(name) + ".svg", Make: func() (*plot.Plot, error) {
			return plots.Waterfall("Mean NPV of "+name+" by cash-flow component", "mean NPV", steps)
		}})
	}
	return sec
}

// convergenceSection returns the section of the running mean and ES 95 %.
func convergenceSection(an *Analysis) Section {
	t := HTMLTable{ID: "convergence-table", Header: []string{"strategy", "paths", "mean", "95 % interval", "ES 95 %", "95 % interval"}}
	sec := Section{ID: "convergence", Heading: "Convergence",
		Text: []string{"The mean NPV and the ES 95 % over the first n paths, with their 95 % confidence intervals (the mean's from antithetic pair means when paths are paired), M USD: a run long enough has flat lines in narrow bands."}}
	for _, sc := range an.Convergence {
		last := sc.Points[len(sc.Points)-1]
		t.Rows = append(t.Rows, []string{sc.Strategy, fmt.Sprint(last.Paths), MUSD(last.MeanUSD, 2),
			MUSD(last.MeanCI95USD[0], 2) + " to " + MUSD(last.MeanCI95USD[1], 2), MUSD(last.ES95USD, 2),
			MUSD(last.ES95CI95USD[0], 2) + " to " + MUSD(last.ES95CI95USD[1], 2)})
		if len(sc.Points) < 2 {
			continue
		}
		pts := make([]plots.ConvergencePoint, len(sc.Points))
		for i, p := range sc.Points {
			pts[i] = plots.ConvergencePoint{Paths: p.Paths, MeanUSD: p.MeanUSD, MeanLoUSD: p.MeanCI95USD[0], MeanHiUSD: p.MeanCI95USD[1],
				NegES95USD: -p.ES95USD, NegESLoUSD: -p.ES95CI95USD[1], NegESHiUSD: -p.ES95CI95USD[0]}
		}
		name := sc.Strategy
		sec.Figures = append(sec.Figures, Picture{File: "convergence-" + Slug(name) + ".svg", Make: func() (*plot.Plot, error) {
			return plots.Convergence("Convergence of "+name, pts)
		}})
	}
	sec.Tables = []HTMLTable{t}
	return sec
}
