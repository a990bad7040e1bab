package lsm

import (
	"context"
	"fmt"
	"math"
)

// Diagnostics describe a fit: the basis, the paths, and per date how many
// paths were regressed on, the rank of the design and how much of the
// exercise gain the basis explains.
type Diagnostics struct {
	// Basis names the basis (Basis.String).
	Basis string `json:"basis"`
	// Functions is the number of basis functions.
	Functions int `json:"functions"`
	// Scaling names the scaling of the state.
	Scaling string `json:"scaling"`
	// Paths is the number of calibration paths.
	Paths int `json:"paths"`
	// Units is the number of exercise rights.
	Units int `json:"units"`
	// Dates holds each date's fit, in date order.
	Dates []DateFit `json:"dates"`
	// InSampleValue is the mean, over the calibration paths, of the value
	// of following the rule from the first date on, with the calibration
	// paths' own cash flows. It is biased high (the rule was fitted to
	// those paths: foresight); Price on fresh paths gives the unbiased,
	// low-biased estimate.
	InSampleValue float64 `json:"inSampleValue"`
	// InSampleStdErr is the standard error of InSampleValue over
	// independent paths.
	InSampleStdErr float64 `json:"inSampleStdErr"`
}

// DateFit is the regression of one date.
type DateFit struct {
	// Paths is the number of paths regressed on (the paths in the money
	// with Config.InMoneyOnly, all of them otherwise).
	Paths int `json:"paths"`
	// Rank is the numerical rank of the design (≤ Functions; lower when
	// functions are dependent on the paths, as at a date every path
	// reaches in the same state).
	Rank int `json:"rank"`
	// R2 holds, for k = 1..Units units left (at R2[k−1]), the coefficient
	// of determination of the realized gain of exercising one unit rather
	// than none, E + C(k−1) − C(k), by its fitted value: the share of its
	// variance across paths the state explains (0 when it does not vary).
	R2 []float64 `json:"r2"`
}

// Fit finds an exercise rule by least-squares Monte Carlo (Longstaff and
// Schwartz, "Valuing American options by simulation: a simple
// least-squares approach", Review of Financial Studies 14(1), 2001), by
// backward induction over the dates of s.
//
// After the last date, units held are worth nothing more. At date d it
// knows, on every path i and for every count m of units held, the value
// Y_{d+1}(m) that following the rule from date d+1 realizes on that path;
// it regresses the continuation values C_d(m) = m·Hold_d + Y_{d+1}(m)
// (and, unless Config.KnownExercise, the exercise value) on the basis at
// the scaled state, on the paths it regresses on, through one singular
// value decomposition of the design; then on every path and for every
// count k it applies the rule (see Rule) and sets Y_d(k) to the
// realized value of that choice, j·Exercise_d + (k−j)·Hold_d + Y_{d+1}(k−j).
// Realized values, not fitted ones, are carried back, which keeps the
// fit's errors from compounding across dates.
//
// The rule is fitted to these paths, so its in-sample value (Diagnostics)
// is biased high; apply it to fresh paths, drawn with an independent
// seed (Price), for an estimate that is a lower bound of the true value up
// to Monte Carlo error. Fit checks ctx between dates and returns
// ctx.Err() when it is cancelled. It returns an error for invalid samples
// or config and when a decomposition fails.
func Fit(ctx context.Context, s *Samples, cfg Config) (*Rule, *Diagnostics, error) {
	if err := s.Validate(); err != nil {
		return nil, nil, err
	}
	if err := cfg.Validate(s.Dim); err != nil {
		return nil, nil, err
	}
	r := newRule(cfg, s.Dates, s.Dim)
	f := newFitter(s, r, cfg.rcond())
	diag := &Diagnostics{Basis: cfg.Basis.String(), Functions: r.nb, Scaling: cfg.Scaling.String(),
		Paths: s.Paths, Units: r.units, Dates: make([]DateFit, s.Dates)}
	for d := s.Dates - 1; d >= 0; d-- {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		df, err := f.date(d)
		if err != nil {
			return nil, nil, fmt.Errorf("lsm: date %d: %w", d, err)
		}
		diag.Dates[d] = df
	}
	diag.InSampleValue, diag.InSampleStdErr = MeanStdErr(f.y[r.units*s.Paths:][:s.Paths], false)
	return r, diag, nil
}

// fitter is the state of a backward induction.
type fitter struct {
	s      *Samples
	r      *Rule
	rcond  float64
	ev     *Evaluator
	y, yn  []float64 // [m·Paths+i]: value realized from the next date on with m units held
	rows   []int     // the paths regressed on at the current date
	design []float64 // [row·nb+f]
	target []float64 // [row·nt+t]: t = 0 the exercise value, t = m C(m)
}

// newFitter returns the fitter of s into r.
func newFitter(s *Samples, r *Rule, rcond float64) *fitter {
	n := s.Paths
	return &fitter{s: s, r: r, rcond: rcond, ev: r.NewEvaluator(),
		y: make([]float64, (r.units+1)*n), yn: make([]float64, (r.units+1)*n),
		rows: make([]int, 0, n), design: make([]float64, 0, n*r.nb), target: make([]float64, 0, n*r.nt)}
}

// date fits date d and moves the realized values back to it.
func (f *fitter) date(d int) (DateFit, error) {
	s, r := f.s, f.r
	f.rows = f.rows[:0]
	for i := range s.Paths {
		if !r.inMoney || s.Exercise[s.At(d, i)] > 0 {
			f.rows = append(f.rows, i)
		}
	}
	df := DateFit{Paths: len(f.rows), R2: make([]float64, r.units)}
	if len(f.rows) > 0 {
		f.setScale(d)
		rank, err := f.regress(d, &df)
		if err != nil {
			return df, err
		}
		df.Rank = rank
	}
	f.induct(d)
	return df, nil
}

// setScale sets the rule's scaling of date d from the rows' states.
func (f *fitter) setScale(d int) {
	s, r := f.s, f.r
	if r.scaling != ScaleStandard {
		return
	}
	n := float64(len(f.rows))
	for c := range r.dim {
		mean := 0.0
		for _, i := range f.rows {
			mean += s.StateAt(d, i)[c]
		}
		mean /= n
		ss := 0.0
		for _, i := range f.rows {
			v := s.StateAt(d, i)[c] - mean
			ss += v * v
		}
		sd := math.Sqrt(ss / n)
		r.center[d*r.dim+c] = mean
		r.scale[d*r.dim+c] = 0
		if sd > 1e-12*max(math.Abs(mean), 1e-300) {
			r.scale[d*r.dim+c] = 1 / sd
		}
	}
}

// regress fits date d's exercise and continuation values on the rows and
// stores the coefficients in the rule; it fills df's R².
func (f *fitter) regress(d int, df *DateFit) (int, error) {
	s, r := f.s, f.r
	n, nb, nt := len(f.rows), r.nb, r.nt
	f.design = f.design[:n*nb]
	f.target = f.target[:n*nt]
	for row, i := range f.rows {
		f.ev.load(d, s.StateAt(d, i))
		copy(f.design[row*nb:], f.ev.phi)
		k := s.At(d, i)
		t := f.target[row*nt:][:nt]
		t[0] = s.Exercise[k]
		for m := 1; m < nt; m++ {
			t[m] = float64(m)*s.hold(k) + f.y[m*s.Paths+i]
		}
	}
	x, fit, rank, err := leastSquares(f.design, n, nb, f.target, nt, f.rcond)
	if err != nil {
		return 0, err
	}
	for t := range nt {
		for b := range nb {
			r.coef[(d*nt+t)*nb+b] = x.At(b, t)
		}
	}
	for k := 1; k <= r.units; k++ {
		gain := func(row int) float64 {
			t := f.target[row*nt:]
			return t[0] + cOf(t, k-1) - t[k]
		}
		fitted := func(row int) float64 {
			e := fit.At(row, 0)
			if r.known {
				e = f.target[row*nt]
			}
			c := 0.0
			if k > 1 {
				c = fit.At(row, k-1)
			}
			return e + c - fit.At(row, k)
		}
		df.R2[k-1] = rSquared(n, gain, fitted)
	}
	return rank, nil
}

// cOf returns the target C(m) of a row's targets t (0 for m = 0).
func cOf(t []float64, m int) float64 {
	if m == 0 {
		return 0
	}
	return t[m]
}

// induct applies the rule at date d on every path and every count of
// units held, and moves the realized values back to date d. Paths outside
// the rows (out of the money, with InMoneyOnly) keep their units; the
// rows' basis values are the design's.
func (f *fitter) induct(d int) {
	s, r := f.s, f.r
	n := s.Paths
	row := 0
	for i := range n {
		k := s.At(d, i)
		e, h := s.Exercise[k], s.hold(k)
		in := row < len(f.rows) && f.rows[row] == i
		if in {
			copy(f.ev.phi, f.design[row*r.nb:][:r.nb])
			row++
		}
		for m := 1; m <= r.units; m++ {
			j := 0
			if in {
				j = f.ev.decideLoaded(d, m, e)
			}
			f.yn[m*n+i] = float64(j)*e + float64(m-j)*h + f.y[(m-j)*n+i]
		}
	}
	f.y, f.yn = f.yn, f.y
}
