package report

import (
	"strings"

	"github.com/pivotrisk/pivotrisk/sim"
)

// OptionMapMonths are the months of the exercise-region maps a run's page
// shows for each real option (the decision dates nearest them).
var OptionMapMonths = []float64{12, 36, 72}

// optionSection returns the page's section on res's real options: the
// text of OptionTables with the boundary at yearly dates (or every date
// when decisions are a year or more apart), and OptionPictures as SVG.
func optionSection(res *sim.Result) (Section, error) {
	step := 1
	if d := res.Options[0].DecisionMonths; len(d) > 1 && d[1] > d[0] {
		step = max(1, int(12/(d[1]-d[0])+0.5))
	}
	var b strings.Builder
	if err := OptionTables(&b, res, step); err != nil {
		return Section{}, err
	}
	sec := Section{ID: "options", Heading: "Real options: when to convert",
		Text: []string{"Each option's rule was fitted by least squares on its own calibration paths and priced on this run's paths. " +
			"The value of flexibility is paired with its benchmarks on the same paths. Least squares fits conditional means: " +
			"the rule maximizes the mean NPV, and its tail is what that rule gives, not what it aims at."},
		Pre: b.String()}
	for _, pic := range OptionPictures(res, OptionMapMonths...) {
		pic.File = strings.TrimSuffix(pic.File, ".png") + ".svg"
		sec.Figures = append(sec.Figures, pic)
	}
	return sec, nil
}
