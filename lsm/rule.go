package lsm

import "math"

// Rule is an exercise policy found by Fit: for each date, the scaling of
// the state and the coefficients of the fitted continuation values Ĉ_d(m)
// of m units held (m = 1..Units; Ĉ_d(0) = 0) and, when the exercise value
// is not known at the decision, of the fitted exercise value Ê_d. At date
// d with k units left, state x and exercise value E (Ê_d(x) when not
// known), it exercises the j ∈ [0, min(k, MaxPerDate)] units that maximize
//
//	j·E + Ĉ_d(k − j)(x)
//
// (the smallest such j: ties keep the units). A Rule is immutable and safe
// for concurrent use; decisions go through an Evaluator, one per goroutine.
type Rule struct {
	basis   Basis
	scaling Scaling
	known   bool
	inMoney bool
	units   int
	maxPer  int
	dates   int
	dim     int
	nb      int       // basis functions
	nt      int       // fits per date: Ê then Ĉ(1..units)
	center  []float64 // [d·dim+c]
	scale   []float64 // [d·dim+c]: 1/s_c, or 0 for a coordinate read as 0
	coef    []float64 // [(d·nt+t)·nb+f]
}

// newRule returns a rule with zero coefficients and no scaling for samples
// of the given size.
func newRule(cfg Config, dates, dim int) *Rule {
	r := &Rule{basis: cfg.Basis, scaling: cfg.Scaling, known: cfg.KnownExercise, inMoney: cfg.InMoneyOnly,
		units: cfg.units(), maxPer: cfg.maxPerDate(), dates: dates, dim: dim, nb: cfg.Basis.Len()}
	r.nt = r.units + 1
	r.center = make([]float64, dates*dim)
	r.scale = make([]float64, dates*dim)
	for i := range r.scale {
		r.scale[i] = 1
	}
	r.coef = make([]float64, dates*r.nt*r.nb)
	return r
}

// Dates returns the number of decision dates.
func (r *Rule) Dates() int { return r.dates }

// Units returns the number of exercise rights.
func (r *Rule) Units() int { return r.units }

// MaxPerDate returns the most units exercised at one date.
func (r *Rule) MaxPerDate() int { return r.maxPer }

// Dim returns the number of state coordinates.
func (r *Rule) Dim() int { return r.dim }

// Basis returns the basis of the fit.
func (r *Rule) Basis() Basis { return r.basis }

// Scaling returns the scaling of the state.
func (r *Rule) Scaling() Scaling { return r.scaling }

// KnownExercise reports whether decisions use the exercise value given
// (Config.KnownExercise) rather than a fitted one.
func (r *Rule) KnownExercise() bool { return r.known }

// Evaluator applies a Rule at one state at a time. It holds the buffers
// of an evaluation, so it allocates nothing per call; it is not safe for
// concurrent use (make one per goroutine).
type Evaluator struct {
	r   *Rule
	z   []float64
	phi []float64
}

// NewEvaluator returns an Evaluator of r.
func (r *Rule) NewEvaluator() *Evaluator {
	return &Evaluator{r: r, z: make([]float64, r.dim), phi: make([]float64, r.nb)}
}

// Rule returns the rule the evaluator applies.
func (e *Evaluator) Rule() *Rule { return e.r }

// load evaluates the basis at the scaled state x of date d into e.phi.
func (e *Evaluator) load(d int, x []float64) {
	r := e.r
	c0 := d * r.dim
	for c := range r.dim {
		e.z[c] = (x[c] - r.center[c0+c]) * r.scale[c0+c]
	}
	r.basis.Eval(e.z, e.phi)
}

// fitted returns fit t (0: Ê, m: Ĉ(m)) of date d at the loaded state.
func (e *Evaluator) fitted(d, t int) float64 {
	r := e.r
	c := r.coef[(d*r.nt+t)*r.nb:][:r.nb]
	s := 0.0
	for f, v := range e.phi {
		s += c[f] * v
	}
	return s
}

// cont returns Ĉ_d(m) at the loaded state (0 for m = 0).
func (e *Evaluator) cont(d, m int) float64 {
	if m == 0 {
		return 0
	}
	return e.fitted(d, m)
}

// Decide returns how many of the remaining units the rule exercises at
// date d (0 ≤ d < Dates) in state x (length Dim), given the exercise value
// of one unit (read only with KnownExercise). It returns 0 for a date out
// of range or remaining ≤ 0, and, with InMoneyOnly, for exercise ≤ 0.
func (e *Evaluator) Decide(d int, x []float64, remaining int, exercise float64) int {
	r := e.r
	if d < 0 || d >= r.dates || remaining <= 0 || r.inMoney && !(exercise > 0) {
		return 0
	}
	e.load(d, x)
	return e.decideLoaded(d, min(remaining, r.units), exercise)
}

// decideLoaded is Decide at the loaded state, for 1 ≤ remaining ≤ Units.
func (e *Evaluator) decideLoaded(d, remaining int, exercise float64) int {
	r := e.r
	if !r.known {
		exercise = e.fitted(d, 0)
	}
	best, bestV := 0, e.cont(d, remaining)
	for j := 1; j <= min(remaining, r.maxPer); j++ {
		if v := float64(j)*exercise + e.cont(d, remaining-j); v > bestV {
			best, bestV = j, v
		}
	}
	return best
}

// Gain returns the fitted gain of exercising one unit at date d in state x
// with remaining units left, against keeping them all:
//
//	E + Ĉ_d(remaining − 1)(x) − Ĉ_d(remaining)(x)
//
// with E the exercise value given (KnownExercise) or Ê_d(x). Exercising
// one unit is preferred where it is > 0: its zero set is the exercise
// boundary. It returns NaN for a date out of range or remaining outside
// [1, Units].
func (e *Evaluator) Gain(d int, x []float64, remaining int, exercise float64) float64 {
	r := e.r
	if d < 0 || d >= r.dates || remaining < 1 || remaining > r.units {
		return nan()
	}
	e.load(d, x)
	if !r.known {
		exercise = e.fitted(d, 0)
	}
	return exercise + e.cont(d, remaining-1) - e.cont(d, remaining)
}

// Continuation returns Ĉ_d(m)(x), the fitted value of holding m units at
// date d in state x (0 for m = 0; NaN for a date or m out of range).
func (e *Evaluator) Continuation(d int, x []float64, m int) float64 {
	r := e.r
	if d < 0 || d >= r.dates || m < 0 || m > r.units {
		return nan()
	}
	e.load(d, x)
	return e.cont(d, m)
}

// nan returns a quiet NaN.
func nan() float64 { return math.NaN() }
