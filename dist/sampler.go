package dist

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Sampler draws one value of a random quantity from a stream. The model uses
// it for expert-judgement inputs such as build time, capex overrun or
// re-leasing delay.
//
// How many numbers one Sample consumes from the stream depends on the
// distribution: the inversion samplers (Uniform, Exponential, Triangular)
// take exactly one Uniform, Normal and LogNormal exactly one Norm, Constant
// none, and the rejection samplers (Gamma, Beta, PERT, StudentT, and Poisson
// with a mean above 12) a random number of them. Two strategies that must see
// common random numbers should therefore draw their inputs from separate
// streams, or draw the same inputs in the same order.
//
// The samplers of this package draw only through the primitives of *Rand and
// allocate nothing.
type Sampler interface {
	Sample(r *Rand) float64
}

// Distribution is a Sampler that also knows its law: its moments, its
// cumulative distribution function and its quantile function. Every sampler
// type of this package implements it.
type Distribution interface {
	Sampler
	// Validate reports every parameter outside its allowed range.
	Validate() error
	// Mean returns the expected value.
	Mean() float64
	// Variance returns the variance.
	Variance() float64
	// CDF returns P(X ≤ x).
	CDF(x float64) float64
	// Quantile returns the smallest x with CDF(x) ≥ p, for p in [0, 1].
	Quantile(p float64) float64
}

// Conventions shared by every distribution type below.
//
// Parameters are checked by Validate (and by the NewX constructors, which call
// it). A value whose parameters fail Validate is not a distribution: its
// Sample, Mean, Variance, CDF and Quantile all return NaN, and its Sample
// draws nothing from the stream. None of them panics, whatever the
// parameters. Quantile returns NaN for p outside [0, 1] (or NaN), and CDF
// returns NaN for x = NaN.

// finite reports whether x is neither NaN nor ±Inf.
func finite(x float64) bool { return x-x == 0 }

// probOK reports whether p is a probability in [0, 1].
func probOK(p float64) bool { return p >= 0 && p <= 1 }

var nan = math.NaN()

// ---------------------------------------------------------------------------

// Constant is the degenerate distribution that always takes the value Value.
// It is what a "fixed" Spec builds.
type Constant struct {
	// Value is the value every draw returns; finite.
	Value float64
}

// NewConstant returns the constant distribution at v, or an error if v is not
// finite.
func NewConstant(v float64) (Constant, error) {
	d := Constant{Value: v}
	if err := d.Validate(); err != nil {
		return Constant{}, err
	}
	return d, nil
}

// Validate requires Value to be finite.
func (d Constant) Validate() error {
	var c valid.Checker
	c.Finite("value", d.Value)
	return c.Err()
}

// Sample returns Value. It draws nothing: r is left untouched, so the stream
// of a caller that replaces a random input by a constant one shifts relative
// to a caller that does not.
func (d Constant) Sample(r *Rand) float64 {
	if !finite(d.Value) {
		return nan
	}
	return d.Value
}

// Mean returns Value.
func (d Constant) Mean() float64 {
	if !finite(d.Value) {
		return nan
	}
	return d.Value
}

// Variance returns 0.
func (d Constant) Variance() float64 {
	if !finite(d.Value) {
		return nan
	}
	return 0
}

// CDF returns 0 below Value and 1 from Value on.
func (d Constant) CDF(x float64) float64 {
	switch {
	case !finite(d.Value) || math.IsNaN(x):
		return nan
	case x < d.Value:
		return 0
	default:
		return 1
	}
}

// Quantile returns Value for every p in [0, 1].
func (d Constant) Quantile(p float64) float64 {
	if !finite(d.Value) || !probOK(p) {
		return nan
	}
	return d.Value
}

// ---------------------------------------------------------------------------

// Uniform is the continuous uniform distribution on [Min, Max].
type Uniform struct {
	// Min is the lower bound; finite.
	Min float64
	// Max is the upper bound; finite and > Min.
	Max float64
}

// NewUniform returns the uniform distribution on [min, max], or an error
// naming the bad parameter.
func NewUniform(min, max float64) (Uniform, error) {
	d := Uniform{Min: min, Max: max}
	if err := d.Validate(); err != nil {
		return Uniform{}, err
	}
	return d, nil
}

// Validate requires Min and Max finite with Min < Max.
func (d Uniform) Validate() error {
	var c valid.Checker
	checkInterval(&c, d.Min, d.Max)
	return c.Err()
}

// checkInterval requires min and max to be finite with min < max.
func checkInterval(c *valid.Checker, min, max float64) bool {
	okMin, okMax := c.Finite("min", min), c.Finite("max", max)
	if okMin && okMax && !(max > min) {
		c.Add("max", max, fmt.Sprintf("> min = %g", min))
		return false
	}
	return okMin && okMax
}

func (d Uniform) ok() bool { return finite(d.Min) && finite(d.Max) && d.Max > d.Min }

func (d Uniform) gonum() distuv.Uniform { return distuv.Uniform{Min: d.Min, Max: d.Max} }

// Sample returns Quantile(u) for one u = r.Uniform() (inversion), so a
// mirrored stream returns exactly Quantile(1−u).
func (d Uniform) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return d.Quantile(r.Uniform())
}

// Mean returns (Min+Max)/2.
func (d Uniform) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Mean()
}

// Variance returns (Max−Min)²/12.
func (d Uniform) Variance() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Variance()
}

// CDF returns P(X ≤ x).
func (d Uniform) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return d.gonum().CDF(x)
}

// Quantile returns Min + p·(Max−Min).
func (d Uniform) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return d.gonum().Quantile(p)
}

// ---------------------------------------------------------------------------

// Normal is the normal (Gaussian) distribution with mean Mu and standard
// deviation Sigma.
type Normal struct {
	// Mu is the mean; finite.
	Mu float64
	// Sigma is the standard deviation; > 0 and finite.
	Sigma float64
}

// NewNormal returns the normal distribution with mean mu and standard
// deviation sigma, or an error naming the bad parameter.
func NewNormal(mu, sigma float64) (Normal, error) {
	d := Normal{Mu: mu, Sigma: sigma}
	if err := d.Validate(); err != nil {
		return Normal{}, err
	}
	return d, nil
}

// Validate requires Mu finite and Sigma > 0 and finite.
func (d Normal) Validate() error {
	var c valid.Checker
	c.Finite("mu", d.Mu)
	c.Positive("sigma", d.Sigma)
	return c.Err()
}

func (d Normal) ok() bool { return finite(d.Mu) && d.Sigma > 0 && finite(d.Sigma) }

func (d Normal) gonum() distuv.Normal { return distuv.Normal{Mu: d.Mu, Sigma: d.Sigma} }

// Sample returns Mu + Sigma·z for one z = r.Norm(), so a mirrored stream
// returns exactly Mu − Sigma·z.
func (d Normal) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return d.Mu + d.Sigma*r.Norm()
}

// Mean returns Mu.
func (d Normal) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return d.Mu
}

// Variance returns Sigma².
func (d Normal) Variance() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Variance()
}

// CDF returns P(X ≤ x).
func (d Normal) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return d.gonum().CDF(x)
}

// Quantile returns Mu + Sigma·Φ⁻¹(p); −Inf at p = 0 and +Inf at p = 1.
func (d Normal) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return d.gonum().Quantile(p)
}

// ---------------------------------------------------------------------------

// LogNormal is the distribution of exp(Y) for Y normal with mean Mu and
// standard deviation Sigma. Its median is exp(Mu).
type LogNormal struct {
	// Mu is the mean of the logarithm; finite.
	Mu float64
	// Sigma is the standard deviation of the logarithm; > 0 and finite.
	Sigma float64
}

// NewLogNormal returns the lognormal distribution whose logarithm has mean mu
// and standard deviation sigma, or an error naming the bad parameter.
func NewLogNormal(mu, sigma float64) (LogNormal, error) {
	d := LogNormal{Mu: mu, Sigma: sigma}
	if err := d.Validate(); err != nil {
		return LogNormal{}, err
	}
	return d, nil
}

// LogNormalFromMedian returns the lognormal distribution with the given
// median (> 0, in the unit of the quantity) and dispersion (> 0, unitless).
//
// The dispersion is the standard deviation of the natural logarithm, the
// usual way to state the spread of a multiplicative uncertainty: the 16th and
// 84th percentiles are median·e^−dispersion and median·e^dispersion, so a
// dispersion of 0.2 puts about two draws in three within ×/÷ 1.22 of the
// median. The result is LogNormal{Mu: ln median, Sigma: dispersion}; its mean
// is median·e^(dispersion²/2), above the median.
func LogNormalFromMedian(median, dispersion float64) (LogNormal, error) {
	var c valid.Checker
	c.Positive("median", median)
	c.Positive("dispersion", dispersion)
	if err := c.Err(); err != nil {
		return LogNormal{}, err
	}
	return LogNormal{Mu: math.Log(median), Sigma: dispersion}, nil
}

// LogNormalFromMeanSD returns the lognormal distribution with the given mean
// (> 0) and standard deviation sd (> 0), both in the unit of the quantity:
// Sigma² = ln(1 + (sd/mean)²) and Mu = ln(mean) − Sigma²/2.
func LogNormalFromMeanSD(mean, sd float64) (LogNormal, error) {
	var c valid.Checker
	c.Positive("mean", mean)
	c.Positive("sd", sd)
	if err := c.Err(); err != nil {
		return LogNormal{}, err
	}
	cv := sd / mean
	s2 := math.Log1p(cv * cv)
	d := LogNormal{Mu: math.Log(mean) - s2/2, Sigma: math.Sqrt(s2)}
	if !d.ok() {
		c.Add("sd", sd, fmt.Sprintf("such that ln(1 + (sd/mean)²) is finite and > 0 (mean = %g)", mean))
		return LogNormal{}, c.Err()
	}
	return d, nil
}

// Validate requires Mu finite and Sigma > 0 and finite.
func (d LogNormal) Validate() error {
	var c valid.Checker
	c.Finite("mu", d.Mu)
	c.Positive("sigma", d.Sigma)
	return c.Err()
}

func (d LogNormal) ok() bool { return finite(d.Mu) && d.Sigma > 0 && finite(d.Sigma) }

func (d LogNormal) gonum() distuv.LogNormal { return distuv.LogNormal{Mu: d.Mu, Sigma: d.Sigma} }

// Sample returns exp(Mu + Sigma·z) for one z = r.Norm(), so a draw and its
// mirrored draw multiply to exp(2·Mu).
func (d LogNormal) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return math.Exp(d.Mu + d.Sigma*r.Norm())
}

// Mean returns exp(Mu + Sigma²/2) (+Inf if that overflows).
func (d LogNormal) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Mean()
}

// Variance returns (exp(Sigma²) − 1)·exp(2·Mu + Sigma²) (+Inf if that
// overflows). It is computed with expm1, which keeps full relative precision
// for small Sigma where gonum's exp(Sigma²) − 1 would cancel.
func (d LogNormal) Variance() float64 {
	if !d.ok() {
		return nan
	}
	s2 := d.Sigma * d.Sigma
	return math.Expm1(s2) * math.Exp(2*d.Mu+s2)
}

// CDF returns P(X ≤ x); 0 for x ≤ 0.
func (d LogNormal) CDF(x float64) float64 {
	switch {
	case !d.ok() || math.IsNaN(x):
		return nan
	case x <= 0:
		return 0
	}
	return d.gonum().CDF(x)
}

// Quantile returns exp(Mu + Sigma·Φ⁻¹(p)); 0 at p = 0 and +Inf at p = 1.
func (d LogNormal) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return d.gonum().Quantile(p)
}

// ---------------------------------------------------------------------------

// StudentT is the location-scale Student's t distribution: Mu + Scale·T with
// T a standard t variable with DF degrees of freedom. It is the heavy-tailed
// choice for an input whose surprises are larger than a normal allows; it
// tends to Normal{Mu, Scale} as DF grows.
type StudentT struct {
	// Mu is the location (the median, and the mean when DF > 1); finite.
	Mu float64
	// Scale is the scale; > 0 and finite. The standard deviation is
	// Scale·√(DF/(DF−2)) when DF > 2.
	Scale float64
	// DF is the number of degrees of freedom; > 0 and finite, need not be an
	// integer. DF ≤ 1 has no mean and DF ≤ 2 no finite variance.
	DF float64
}

// NewStudentT returns the Student's t distribution with location mu, scale
// scale and df degrees of freedom, or an error naming the bad parameter.
func NewStudentT(mu, scale, df float64) (StudentT, error) {
	d := StudentT{Mu: mu, Scale: scale, DF: df}
	if err := d.Validate(); err != nil {
		return StudentT{}, err
	}
	return d, nil
}

// Validate requires Mu finite, and Scale and DF > 0 and finite.
func (d StudentT) Validate() error {
	var c valid.Checker
	c.Finite("mu", d.Mu)
	c.Positive("scale", d.Scale)
	c.Positive("df", d.DF)
	return c.Err()
}

func (d StudentT) ok() bool {
	return finite(d.Mu) && d.Scale > 0 && finite(d.Scale) && d.DF > 0 && finite(d.DF)
}

func (d StudentT) gonum() distuv.StudentsT {
	return distuv.StudentsT{Mu: d.Mu, Sigma: d.Scale, Nu: d.DF}
}

// Sample returns Mu + Scale·z/√(V/DF) with z = r.Norm() and V = 2·r.Gamma(DF/2),
// a chi-squared variable with DF degrees of freedom (the textbook ratio
// construction, e.g. Devroye, Non-Uniform Random Variate Generation, 1986,
// §IX.5). A mirrored stream does not mirror the draw exactly, because the
// gamma draw is a rejection sampler. For very small DF the draw can overflow
// to ±Inf; it is never NaN.
func (d StudentT) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	z := r.Norm()
	w := 2 * r.Gamma(d.DF/2) / d.DF
	if w == 0 { // the gamma draw underflowed (tiny DF): keep z/√w a number
		w = math.SmallestNonzeroFloat64
	}
	return d.Mu + d.Scale*(z/math.Sqrt(w))
}

// Mean returns Mu when DF > 1. For DF ≤ 1 the mean does not exist (the
// integral diverges in both directions) and Mean returns NaN.
func (d StudentT) Mean() float64 {
	if !d.ok() || d.DF <= 1 {
		return nan
	}
	return d.Mu
}

// Variance returns Scale²·DF/(DF−2) when DF > 2 and +Inf when 1 < DF ≤ 2
// (the mean exists but the second moment diverges). For DF ≤ 1 the variance
// is undefined, because the mean is, and Variance returns NaN.
func (d StudentT) Variance() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Variance()
}

// CDF returns P(X ≤ x).
func (d StudentT) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return d.gonum().CDF(x)
}

// Quantile returns the p-quantile; −Inf at p = 0 and +Inf at p = 1.
func (d StudentT) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return d.gonum().Quantile(p)
}

// ---------------------------------------------------------------------------

// Exponential is the exponential distribution with rate Rate (mean 1/Rate),
// the waiting time to the first event of a Poisson process. The unit of Rate
// is the inverse of the unit of the quantity (per month for a delay in
// months).
type Exponential struct {
	// Rate is the event rate; > 0 and finite.
	Rate float64
}

// NewExponential returns the exponential distribution with the given rate,
// or an error if the rate is not positive and finite.
func NewExponential(rate float64) (Exponential, error) {
	d := Exponential{Rate: rate}
	if err := d.Validate(); err != nil {
		return Exponential{}, err
	}
	return d, nil
}

// Validate requires Rate > 0 and finite.
func (d Exponential) Validate() error {
	var c valid.Checker
	c.Positive("rate", d.Rate)
	return c.Err()
}

func (d Exponential) ok() bool { return d.Rate > 0 && finite(d.Rate) }

// Sample returns Quantile(u) for one u = r.Uniform() (inversion), so a
// mirrored stream returns exactly Quantile(1−u).
func (d Exponential) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return d.Quantile(r.Uniform())
}

// Mean returns 1/Rate.
func (d Exponential) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return distuv.Exponential{Rate: d.Rate}.Mean()
}

// Variance returns 1/Rate².
func (d Exponential) Variance() float64 {
	if !d.ok() {
		return nan
	}
	return distuv.Exponential{Rate: d.Rate}.Variance()
}

// CDF returns 1 − exp(−Rate·x) for x ≥ 0 and 0 below.
func (d Exponential) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return distuv.Exponential{Rate: d.Rate}.CDF(x)
}

// Quantile returns −ln(1−p)/Rate, computed with log1p so that small p keep
// full relative precision (gonum's form, −log(1−p), loses it); +Inf at p = 1.
func (d Exponential) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return -math.Log1p(-p) / d.Rate
}

// ---------------------------------------------------------------------------

// Poisson is the Poisson distribution of a count with mean Lambda. (The
// field cannot be called Mean, the name of the method; a Spec of kind
// "poisson" calls the same number "mean".)
type Poisson struct {
	// Lambda is the expected count; > 0 and finite.
	Lambda float64
}

// NewPoisson returns the Poisson distribution with mean lambda, or an error
// if lambda is not positive and finite.
func NewPoisson(lambda float64) (Poisson, error) {
	d := Poisson{Lambda: lambda}
	if err := d.Validate(); err != nil {
		return Poisson{}, err
	}
	return d, nil
}

// Validate requires Lambda > 0 and finite.
func (d Poisson) Validate() error {
	var c valid.Checker
	c.Positive("lambda", d.Lambda)
	return c.Err()
}

func (d Poisson) ok() bool { return d.Lambda > 0 && finite(d.Lambda) }

// Draw returns one count from r.Poisson(Lambda) (see Rand.Poisson for the
// algorithms). It returns 0, drawing nothing, if the parameters fail
// Validate.
func (d Poisson) Draw(r *Rand) int64 {
	if !d.ok() {
		return 0
	}
	return r.Poisson(d.Lambda)
}

// Sample returns Draw(r) as a float64 (NaN, drawing nothing, if the
// parameters fail Validate).
func (d Poisson) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return float64(r.Poisson(d.Lambda))
}

// Mean returns Lambda.
func (d Poisson) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return d.Lambda
}

// Variance returns Lambda.
func (d Poisson) Variance() float64 {
	if !d.ok() {
		return nan
	}
	return d.Lambda
}

// CDF returns P(N ≤ x) = Q(⌊x⌋+1, Lambda), the regularized upper incomplete
// gamma function; 0 for x < 0.
func (d Poisson) CDF(x float64) float64 {
	switch {
	case !d.ok() || math.IsNaN(x):
		return nan
	case x < 0:
		return 0
	case math.IsInf(x, 1):
		return 1
	}
	return distuv.Poisson{Lambda: d.Lambda}.CDF(x)
}

// Quantile returns the smallest count k with CDF(k) ≥ p: 0 at p = 0 and
// +Inf at p = 1. It starts from the Cornish–Fisher approximation
// Lambda + √Lambda·z + (z²−1)/6 with z = Φ⁻¹(p), brackets the answer by doubling
// steps and bisects on the integers, evaluating CDF O(log) times. Above 2⁵³,
// where float64s are more than 1 apart, k is the smallest float64 with
// CDF(k) ≥ p.
func (d Poisson) Quantile(p float64) float64 {
	switch {
	case !d.ok() || !probOK(p):
		return nan
	case p == 0:
		return 0
	case p == 1:
		return math.Inf(1)
	}
	z := distuv.UnitNormal.Quantile(p)
	k0 := math.Max(0, math.Floor(d.Lambda+math.Sqrt(d.Lambda)*z+(z*z-1)/6))
	var lo, hi float64 // invariant once bracketed: CDF(lo) < p ≤ CDF(hi), lo = −1 meaning CDF = 0
	if d.CDF(k0) >= p {
		hi = k0
		lo = -1
		for step := 1.0; k0-step >= 0; step *= 2 {
			if d.CDF(k0-step) < p {
				lo = k0 - step
				break
			}
			hi = k0 - step
		}
	} else {
		lo = k0
		hi = math.Inf(1)
		for step := 1.0; step < 1<<62; step *= 2 {
			if d.CDF(k0+step) >= p {
				hi = k0 + step
				break
			}
			lo = k0 + step
		}
		if math.IsInf(hi, 1) {
			return hi
		}
	}
	for hi-lo > 1 {
		mid := math.Floor(lo + (hi-lo)/2)
		if mid <= lo || mid >= hi {
			break // above 2⁵³: no float64 lies strictly between lo and hi
		}
		if d.CDF(mid) >= p {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// ---------------------------------------------------------------------------

// Beta is the beta distribution on [0, 1] with shape parameters Alpha and
// Beta (mean Alpha/(Alpha+Beta)).
//
// The shapes are capped at MaxBetaShape: CDF and Quantile rest on gonum's
// regularized incomplete beta function, which loses accuracy beyond it
// (relative errors of 10⁻⁵ at shapes of 10¹², and values outside [0, 1]
// at 10¹⁵). A beta law that concentrated is a point mass to within 10⁻⁴:
// write it as a Normal or a Constant.
type Beta struct {
	// Alpha is the first shape parameter; in (0, MaxBetaShape].
	Alpha float64
	// Beta is the second shape parameter; in (0, MaxBetaShape].
	Beta float64
}

// MaxBetaShape is the largest shape parameter Beta accepts: 10⁸ (see
// Beta).
const MaxBetaShape = 1e8

// NewBeta returns the beta distribution with shapes alpha and beta, or an
// error naming the bad parameter.
func NewBeta(alpha, beta float64) (Beta, error) {
	d := Beta{Alpha: alpha, Beta: beta}
	if err := d.Validate(); err != nil {
		return Beta{}, err
	}
	return d, nil
}

// Validate requires Alpha and Beta > 0 and finite.
func (d Beta) Validate() error {
	var c valid.Checker
	for _, f := range []struct {
		name string
		v    float64
	}{{"alpha", d.Alpha}, {"beta", d.Beta}} {
		if !(f.v > 0 && f.v <= MaxBetaShape) {
			c.Add(f.name, f.v, fmt.Sprintf("in (0, %g] (beyond, the incomplete beta function loses accuracy: write so concentrated a law as a normal)", float64(MaxBetaShape)))
		}
	}
	return c.Err()
}

func (d Beta) ok() bool {
	return d.Alpha > 0 && d.Alpha <= MaxBetaShape && d.Beta > 0 && d.Beta <= MaxBetaShape
}

func (d Beta) gonum() distuv.Beta { return distuv.Beta{Alpha: d.Alpha, Beta: d.Beta} }

// Sample returns Ga/(Ga+Gb) for independent gamma draws Ga, Gb with shapes
// Alpha and Beta (Devroye, Non-Uniform Random Variate Generation, 1986,
// §IX.4). When a shape is below 1 the ratio is formed in log space, so that
// gamma draws too small for a float64 still give a draw in [0, 1].
func (d Beta) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return sampleBeta(r, d.Alpha, d.Beta)
}

// sampleBeta draws a Beta(a, b) variable for valid a, b > 0.
func sampleBeta(r *Rand, a, b float64) float64 {
	if a >= 1 && b >= 1 {
		ga := r.Gamma(a)
		return ga / (ga + r.Gamma(b))
	}
	// ln G(s) for s < 1 is ln G(s+1) + ln(U)/s (Marsaglia and Tsang, 2000,
	// §7): it stays finite where G(s) itself underflows to 0.
	la, lb := logGamma(r, a), logGamma(r, b)
	diff := lb - la
	if math.IsNaN(diff) {
		// Both logs are −Inf: shapes so small (< ~1e-308) that the beta law
		// is, to float64 precision, Bernoulli(a/(a+b)) on {0, 1}.
		if r.Uniform() < a/(a+b) {
			return 1
		}
		return 0
	}
	return 1 / (1 + math.Exp(diff))
}

// logGamma returns the logarithm of a unit-scale gamma draw with shape s > 0.
func logGamma(r *Rand, s float64) float64 {
	if s >= 1 {
		return math.Log(r.Gamma(s))
	}
	g := math.Log(r.Gamma(s + 1))
	return g + math.Log(r.Uniform())/s
}

// Mean returns Alpha/(Alpha+Beta).
func (d Beta) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Mean()
}

// Variance returns Alpha·Beta/((Alpha+Beta)²·(Alpha+Beta+1)), computed as
// m·(1−m)/(Alpha+Beta+1) with m the mean, which neither underflows nor
// overflows for extreme shapes.
func (d Beta) Variance() float64 {
	if !d.ok() {
		return nan
	}
	m := d.Alpha / (d.Alpha + d.Beta)
	return m * (1 - m) / (d.Alpha + d.Beta + 1)
}

// CDF returns P(X ≤ x), the regularized incomplete beta function I_x(Alpha,
// Beta); 0 for x ≤ 0 and 1 for x ≥ 1.
func (d Beta) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return min(max(d.gonum().CDF(x), 0), 1)
}

// Quantile returns the p-quantile, the inverse of I_x(Alpha, Beta): gonum's
// inverse of the regularized incomplete beta function when CDF confirms it
// (the tail probability at it within 10⁻⁶ relative of p's), else the
// smallest float64 in [0, 1] with CDF(x) ≥ p, by bisection on the bits of
// x. gonum's inverse can miss by far for large shapes: Beta(7.9, 10⁸) at
// p = 1 − 10⁻⁹ gave 0.054 for 3.8·10⁻⁷.
func (d Beta) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	if q := d.gonum().Quantile(p); q >= 0 && q <= 1 {
		F := d.CDF(q)
		if p <= 0.5 && math.Abs(F-p) <= 1e-6*p || p > 0.5 && math.Abs(F-p) <= 1e-6*(1-p) {
			return q
		}
	}
	return bisectQuantile(d.CDF, p, 0, 1)
}

// bisectQuantile returns the smallest float64 x in [lo, hi] (0 ≤ lo < hi)
// with cdf(x) ≥ p, hi if none, by bisection on the bit patterns of the
// floats, which order non-negative float64s as their values do: at most 64
// evaluations of cdf, which must be non-decreasing; a NaN counts as below
// p.
func bisectQuantile(cdf func(float64) float64, p, lo, hi float64) float64 {
	if cdf(lo) >= p {
		return lo
	}
	a, b := math.Float64bits(lo), math.Float64bits(hi) // cdf(a) < p; b: the answer if nothing smaller is
	for b-a > 1 {
		m := a + (b-a)/2
		if cdf(math.Float64frombits(m)) >= p {
			b = m
		} else {
			a = m
		}
	}
	return math.Float64frombits(b)
}

// ---------------------------------------------------------------------------

// Triangular is the triangular distribution on [Min, Max] with its peak at
// Mode, the simplest three-point (low, most likely, high) expert estimate.
type Triangular struct {
	// Min is the lower bound; finite.
	Min float64
	// Mode is the most likely value; in [Min, Max].
	Mode float64
	// Max is the upper bound; finite and > Min.
	Max float64
}

// NewTriangular returns the triangular distribution on [min, max] with mode
// mode, or an error naming the bad parameter.
func NewTriangular(min, mode, max float64) (Triangular, error) {
	d := Triangular{Min: min, Mode: mode, Max: max}
	if err := d.Validate(); err != nil {
		return Triangular{}, err
	}
	return d, nil
}

// Validate requires Min, Max finite with Min < Max and Mode in [Min, Max].
func (d Triangular) Validate() error {
	var c valid.Checker
	if checkInterval(&c, d.Min, d.Max) {
		c.Range("mode", d.Mode, d.Min, d.Max)
	}
	return c.Err()
}

func (d Triangular) ok() bool {
	return finite(d.Min) && finite(d.Max) && d.Max > d.Min && d.Mode >= d.Min && d.Mode <= d.Max
}

func (d Triangular) gonum() distuv.Triangle { return distuv.NewTriangle(d.Min, d.Max, d.Mode, nil) }

// Sample returns Quantile(u) for one u = r.Uniform() (inversion), so a
// mirrored stream returns exactly Quantile(1−u).
func (d Triangular) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	return d.Quantile(r.Uniform())
}

// Mean returns (Min+Mode+Max)/3.
func (d Triangular) Mean() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Mean()
}

// Variance returns (Min²+Mode²+Max²−Min·Mode−Min·Max−Mode·Max)/18.
func (d Triangular) Variance() float64 {
	if !d.ok() {
		return nan
	}
	return d.gonum().Variance()
}

// CDF returns P(X ≤ x).
func (d Triangular) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return d.gonum().CDF(x)
}

// Quantile returns Min + √(p·(Max−Min)·(Mode−Min)) below the mode's
// probability (Mode−Min)/(Max−Min), and Max − √((1−p)·(Max−Min)·(Max−Mode))
// above it.
func (d Triangular) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return d.gonum().Quantile(p)
}

// ---------------------------------------------------------------------------

// PERTLambda is the weight of the mode in the classic PERT distribution
// (Malcolm, Roseboom, Clark and Fazar, "Application of a technique for
// research and development program evaluation", Operations Research 7, 1959),
// used when PERT.Lambda is 0.
const PERTLambda = 4

// PERT is the (modified) PERT distribution on [Min, Max] with most likely
// value Mode: Min + (Max−Min)·B with B ~ Beta(α, β),
//
//	α = 1 + λ·(Mode−Min)/(Max−Min),  β = 1 + λ·(Max−Mode)/(Max−Min),
//
// whose mean is (Min + λ·Mode + Max)/(λ+2). λ = 4 is the classic PERT of
// project planning; the λ-weighted form is Vose's modified PERT (D. Vose,
// Risk Analysis: A Quantitative Guide, 3rd ed., 2008, §III.9). A larger λ
// concentrates the draws around the mode. Compared with a Triangular on the
// same three points, PERT puts less weight on the tails.
type PERT struct {
	// Min is the lower bound; finite.
	Min float64
	// Mode is the most likely value; in [Min, Max].
	Mode float64
	// Max is the upper bound; finite and > Min.
	Max float64
	// Lambda is the weight λ of the mode; in [0, MaxBetaShape − 1], 0
	// meaning the classic PERTLambda = 4 (the beta law behind it has
	// shapes up to 1 + λ). (The limit λ → 0 is a uniform distribution:
	// use Uniform for it.)
	Lambda float64
}

// NewPERT returns the PERT distribution on [min, max] with mode mode and
// weight lambda (0 for the classic 4), or an error naming the bad parameter.
func NewPERT(min, mode, max, lambda float64) (PERT, error) {
	d := PERT{Min: min, Mode: mode, Max: max, Lambda: lambda}
	if err := d.Validate(); err != nil {
		return PERT{}, err
	}
	return d, nil
}

// Validate requires Min, Max finite with Min < Max, Mode in [Min, Max] and
// Lambda ≥ 0 and finite.
func (d PERT) Validate() error {
	var c valid.Checker
	if checkInterval(&c, d.Min, d.Max) {
		c.Range("mode", d.Mode, d.Min, d.Max)
	}
	if !(d.Lambda >= 0 && d.Lambda <= MaxBetaShape-1) {
		c.Add("lambda", d.Lambda, "≥ 0 and ≤ 99999999 (its beta law's shapes, up to 1 + λ, stay within MaxBetaShape)")
	}
	return c.Err()
}

func (d PERT) ok() bool {
	return finite(d.Min) && finite(d.Max) && d.Max > d.Min && d.Mode >= d.Min && d.Mode <= d.Max &&
		d.Lambda >= 0 && d.Lambda <= MaxBetaShape-1
}

// lambda returns the effective weight of the mode.
func (d PERT) lambda() float64 {
	if d.Lambda == 0 {
		return PERTLambda
	}
	return d.Lambda
}

// Shapes returns the shape parameters (α, β) of the underlying Beta
// distribution (NaN, NaN if the parameters fail Validate).
func (d PERT) Shapes() (alpha, beta float64) {
	if !d.ok() {
		return nan, nan
	}
	l, w := d.lambda(), d.Max-d.Min
	return 1 + l*(d.Mode-d.Min)/w, 1 + l*(d.Max-d.Mode)/w
}

func (d PERT) beta() Beta {
	a, b := d.Shapes()
	return Beta{Alpha: a, Beta: b}
}

// Sample returns Min + (Max−Min)·B for one Beta(α, β) draw B (two gamma
// draws, see Beta.Sample).
func (d PERT) Sample(r *Rand) float64 {
	if !d.ok() {
		return nan
	}
	a, b := d.Shapes()
	return d.Min + (d.Max-d.Min)*sampleBeta(r, a, b)
}

// Mean returns (Min + λ·Mode + Max)/(λ+2).
func (d PERT) Mean() float64 {
	if !d.ok() {
		return nan
	}
	l := d.lambda()
	return (d.Min + l*d.Mode + d.Max) / (l + 2)
}

// Variance returns (Mean−Min)·(Max−Mean)/(λ+3), which is (Max−Min)² times
// the variance of the underlying Beta.
func (d PERT) Variance() float64 {
	if !d.ok() {
		return nan
	}
	w := d.Max - d.Min
	return w * w * d.beta().Variance()
}

// CDF returns P(X ≤ x) = I_((x−Min)/(Max−Min))(α, β).
func (d PERT) CDF(x float64) float64 {
	if !d.ok() || math.IsNaN(x) {
		return nan
	}
	return d.beta().CDF((x - d.Min) / (d.Max - d.Min))
}

// Quantile returns Min + (Max−Min)·q with q the p-quantile of Beta(α, β).
func (d PERT) Quantile(p float64) float64 {
	if !d.ok() || !probOK(p) {
		return nan
	}
	return d.Min + (d.Max-d.Min)*d.beta().Quantile(p)
}
