package dist

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Kind names a family of distributions in a Spec. Its values are the JSON
// names a scenario file uses.
type Kind string

// The kinds a Spec can hold, with the parameters each one takes.
const (
	KindFixed       Kind = "fixed"       // value
	KindUniform     Kind = "uniform"     // min, max
	KindNormal      Kind = "normal"      // mu, sigma
	KindLogNormal   Kind = "lognormal"   // (mu, sigma) or (median, dispersion) or (mean, sd)
	KindStudentT    Kind = "studentT"    // mu, scale, df
	KindExponential Kind = "exponential" // rate
	KindPoisson     Kind = "poisson"     // mean
	KindGamma       Kind = "gamma"       // shape, scale
	KindBeta        Kind = "beta"        // alpha, beta
	KindTriangular  Kind = "triangular"  // min, mode, max
	KindPERT        Kind = "pert"        // min, mode, max, optional lambda
)

// Kinds returns every kind a Spec accepts, in the order of the constants.
func Kinds() []Kind {
	return []Kind{KindFixed, KindUniform, KindNormal, KindLogNormal, KindStudentT, KindExponential,
		KindPoisson, KindGamma, KindBeta, KindTriangular, KindPERT}
}

// kindParams lists the JSON names of the parameters each kind may set.
var kindParams = map[Kind][]string{
	KindFixed:       {"value"},
	KindUniform:     {"min", "max"},
	KindNormal:      {"mu", "sigma"},
	KindLogNormal:   {"mu", "sigma", "median", "dispersion", "mean", "sd"},
	KindStudentT:    {"mu", "scale", "df"},
	KindExponential: {"rate"},
	KindPoisson:     {"mean"},
	KindGamma:       {"shape", "scale"},
	KindBeta:        {"alpha", "beta"},
	KindTriangular:  {"min", "mode", "max"},
	KindPERT:        {"min", "mode", "max", "lambda"},
}

// Spec is a distribution as a scenario file holds it: a kind and the
// parameters of that kind, for example
//
//	{"kind": "pert", "min": 12, "mode": 18, "max": 30}
//	{"kind": "lognormal", "median": 1.1, "dispersion": 0.15}
//
// Parameters are in the unit of the quantity the Spec describes (months,
// USD, a ratio …), except the unitless shapes (sigma and dispersion of a
// lognormal, which are standard deviations of its logarithm; df, shape,
// alpha, beta, lambda) and rate, in the inverse unit.
//
// The Go field holding the JSON parameter "mean" is MeanValue, because Mean
// is the method that returns the distribution's mean.
//
// A zero field counts as unset, and unset fields are left out of the JSON.
// For the parameters that may legitimately be 0 (value, min, max, mode, mu)
// an unset field means 0. Every other parameter must be > 0, so forgetting it
// is reported by Validate rather than silently defaulted; a parameter that
// does not belong to the kind is reported too.
//
// A lognormal is given by exactly one of the pairs (mu, sigma) (of the
// logarithm), (median, dispersion) (see LogNormalFromMedian) or (mean, sd)
// (see LogNormalFromMeanSD).
//
// The zero Spec is invalid (it has no kind). Validate it once, when a
// scenario is loaded, and sample through the Sampler it builds.
type Spec struct {
	Kind Kind `json:"kind"`

	Value      float64 `json:"value,omitempty"`      // fixed: the value
	Min        float64 `json:"min,omitempty"`        // uniform, triangular, pert: lower bound
	Mode       float64 `json:"mode,omitempty"`       // triangular, pert: most likely value, in [min, max]
	Max        float64 `json:"max,omitempty"`        // uniform, triangular, pert: upper bound, > min
	Lambda     float64 `json:"lambda,omitempty"`     // pert: weight of the mode, ≥ 0; unset means 4
	Mu         float64 `json:"mu,omitempty"`         // normal, studentT: location; lognormal: mean of the log
	Sigma      float64 `json:"sigma,omitempty"`      // normal: standard deviation; lognormal: sd of the log; > 0
	Median     float64 `json:"median,omitempty"`     // lognormal: median, > 0
	Dispersion float64 `json:"dispersion,omitempty"` // lognormal: sd of the log, > 0
	MeanValue  float64 `json:"mean,omitempty"`       // lognormal: mean, > 0; poisson: expected count, > 0
	SD         float64 `json:"sd,omitempty"`         // lognormal: standard deviation, > 0
	DF         float64 `json:"df,omitempty"`         // studentT: degrees of freedom, > 0
	Scale      float64 `json:"scale,omitempty"`      // studentT, gamma: scale, > 0
	Rate       float64 `json:"rate,omitempty"`       // exponential: events per unit, > 0
	Shape      float64 `json:"shape,omitempty"`      // gamma: shape, > 0
	Alpha      float64 `json:"alpha,omitempty"`      // beta: first shape, > 0
	Beta       float64 `json:"beta,omitempty"`       // beta: second shape, > 0
}

// Fixed returns the Spec of the constant v. Its sampler draws nothing from
// the stream (see Constant.Sample).
func Fixed(v float64) Spec { return Spec{Kind: KindFixed, Value: v} }

// UniformSpec returns the Spec of the uniform distribution on [min, max].
func UniformSpec(min, max float64) Spec { return Spec{Kind: KindUniform, Min: min, Max: max} }

// NormalSpec returns the Spec of the normal distribution with mean mu and
// standard deviation sigma.
func NormalSpec(mu, sigma float64) Spec { return Spec{Kind: KindNormal, Mu: mu, Sigma: sigma} }

// LogNormalSpec returns the Spec of the lognormal distribution with the
// given median and dispersion (standard deviation of the log; see
// LogNormalFromMedian).
func LogNormalSpec(median, dispersion float64) Spec {
	return Spec{Kind: KindLogNormal, Median: median, Dispersion: dispersion}
}

// TriangularSpec returns the Spec of the triangular distribution on
// [min, max] with mode mode.
func TriangularSpec(min, mode, max float64) Spec {
	return Spec{Kind: KindTriangular, Min: min, Mode: mode, Max: max}
}

// PERTSpec returns the Spec of the classic PERT distribution (λ = 4) on
// [min, max] with mode mode.
func PERTSpec(min, mode, max float64) Spec {
	return Spec{Kind: KindPERT, Min: min, Mode: mode, Max: max}
}

// params returns the spec's parameters with their JSON names, in the order
// of the struct fields.
func (s Spec) params() [17]struct {
	name string
	v    float64
} {
	type p = struct {
		name string
		v    float64
	}
	return [17]p{
		{"value", s.Value}, {"min", s.Min}, {"mode", s.Mode}, {"max", s.Max}, {"lambda", s.Lambda},
		{"mu", s.Mu}, {"sigma", s.Sigma}, {"median", s.Median}, {"dispersion", s.Dispersion},
		{"mean", s.MeanValue}, {"sd", s.SD}, {"df", s.DF}, {"scale", s.Scale}, {"rate", s.Rate},
		{"shape", s.Shape}, {"alpha", s.Alpha}, {"beta", s.Beta},
	}
}

// Validate reports an unknown kind (listing the known ones), every set
// parameter that does not belong to the kind, and every parameter of the
// kind outside its range, each naming the field and its value.
func (s Spec) Validate() error {
	_, err := s.build()
	return err
}

// build validates s and returns its distribution.
func (s Spec) build() (Distribution, error) {
	var c valid.Checker
	allowed, ok := kindParams[s.Kind]
	if !ok {
		names := make([]string, 0, len(kindParams))
		for _, k := range Kinds() {
			names = append(names, strconv.Quote(string(k)))
		}
		c.Add("kind", string(s.Kind), "one of "+strings.Join(names, ", "))
		return nil, c.Err()
	}
	for _, p := range s.params() {
		if p.v != 0 && !contains(allowed, p.name) {
			c.Add(p.name, p.v, fmt.Sprintf("unset for kind %q (it takes %s)", s.Kind, strings.Join(allowed, ", ")))
		}
	}
	d, err := s.distribution()
	c.AddErr(err)
	if err := c.Err(); err != nil {
		return nil, err
	}
	return d, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// distribution builds the distribution of a known kind from its own
// parameters, validating them.
func (s Spec) distribution() (Distribution, error) {
	var d Distribution
	switch s.Kind {
	case KindFixed:
		d = Constant{Value: s.Value}
	case KindUniform:
		d = Uniform{Min: s.Min, Max: s.Max}
	case KindNormal:
		d = Normal{Mu: s.Mu, Sigma: s.Sigma}
	case KindLogNormal:
		return s.logNormal()
	case KindStudentT:
		d = StudentT{Mu: s.Mu, Scale: s.Scale, DF: s.DF}
	case KindExponential:
		d = Exponential{Rate: s.Rate}
	case KindPoisson:
		// Poisson's field is Lambda; the scenario calls it "mean".
		var c valid.Checker
		if !c.Positive("mean", s.MeanValue) {
			return nil, c.Err()
		}
		return Poisson{Lambda: s.MeanValue}, nil
	case KindGamma:
		d = Gamma{Shape: s.Shape, Scale: s.Scale}
	case KindBeta:
		d = Beta{Alpha: s.Alpha, Beta: s.Beta}
	case KindTriangular:
		d = Triangular{Min: s.Min, Mode: s.Mode, Max: s.Max}
	case KindPERT:
		d = PERT{Min: s.Min, Mode: s.Mode, Max: s.Max, Lambda: s.Lambda}
	default:
		return nil, fmt.Errorf("dist: kind %q has no distribution", s.Kind)
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}

// logNormal builds a lognormal from whichever one of its three
// parametrizations s sets.
func (s Spec) logNormal() (Distribution, error) {
	var set []string
	if s.Mu != 0 || s.Sigma != 0 {
		set = append(set, "(mu, sigma)")
	}
	if s.Median != 0 || s.Dispersion != 0 {
		set = append(set, "(median, dispersion)")
	}
	if s.MeanValue != 0 || s.SD != 0 {
		set = append(set, "(mean, sd)")
	}
	if len(set) != 1 {
		got := "none"
		if len(set) > 1 {
			got = strings.Join(set, " and ")
		}
		return nil, errors.New("kind \"lognormal\" takes exactly one of the pairs (mu, sigma), (median, dispersion), (mean, sd); got " + got)
	}
	switch {
	case s.Median != 0 || s.Dispersion != 0:
		return LogNormalFromMedian(s.Median, s.Dispersion)
	case s.MeanValue != 0 || s.SD != 0:
		return LogNormalFromMeanSD(s.MeanValue, s.SD)
	default:
		d := LogNormal{Mu: s.Mu, Sigma: s.Sigma}
		if err := d.Validate(); err != nil {
			return nil, err
		}
		return d, nil
	}
}

// Sampler validates s and returns its distribution (a Constant, Uniform,
// Normal, LogNormal, StudentT, Exponential, Poisson, Gamma, Beta, Triangular
// or PERT value, which also implements Distribution).
func (s Spec) Sampler() (Sampler, error) {
	d, err := s.build()
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Distribution validates s and returns its distribution, with its moments,
// CDF and quantiles.
func (s Spec) Distribution() (Distribution, error) { return s.build() }

// Mean validates s and returns the mean of its distribution. A studentT with
// df ≤ 1 has no mean and gives an error naming df.
func (s Spec) Mean() (float64, error) {
	d, err := s.build()
	if err != nil {
		return 0, err
	}
	if t, ok := d.(StudentT); ok && t.DF <= 1 {
		var c valid.Checker
		c.Add("df", t.DF, "> 1 for a studentT to have a mean")
		return 0, c.Err()
	}
	return d.Mean(), nil
}

// String returns the spec in a compact form, kind(name=value, …), listing
// the parameters that are set; for example "pert(min=12, mode=18, max=30)".
func (s Spec) String() string {
	var b strings.Builder
	b.WriteString(string(s.Kind))
	b.WriteByte('(')
	first := true
	for _, p := range s.params() {
		if p.v == 0 && !(s.Kind == KindFixed && p.name == "value") {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		b.WriteString(p.name)
		b.WriteByte('=')
		b.WriteString(strconv.FormatFloat(p.v, 'g', -1, 64))
	}
	b.WriteByte(')')
	return b.String()
}
