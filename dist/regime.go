package dist

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// MaxRegimes is the largest number of regimes a RegimeGBM accepts.
const MaxRegimes = 16

// maxSwitchRate caps every off-diagonal generator entry, in switches per
// year: a faster "regime" is noise, and the cap bounds the work of one step.
const maxSwitchRate = 1e6

// RegimeGBM is geometric Brownian motion whose drift and volatility switch
// with a continuous-time Markov chain of regimes (Hamilton, "A new approach
// to the economic analysis of nonstationary time series and the business
// cycle", Econometrica 57, 1989, in continuous time). In regime k,
// dX/X = μ_k·dt + σ_k·dW; the regime leaves k for j at rate q_kj per year.
//
// Step is exact for any dt: it simulates the chain inside the step
// (exponential holding times, the next regime from the jump chain) and
// accumulates A = Σ(μ_k − σ_k²/2)·τ_k and B = Σσ_k²·τ_k over the time τ_k
// spent in each regime. Given the regime path the log return is N(A, B), so
// the one shock z suffices: X_dt = x·exp(A + √B·z). It draws one uniform for
// each holding time and one for each switch, 1 + 2·(switches in the step)
// uniforms in all, so the number of draws varies (a caller that pairs
// antithetic paths can give the regime chain its own stream, see Substream).
//
// Construct it with NewRegimeGBM or NewRegimeGBMFromTransition; the tables
// that make stepping allocation-free are filled there, and the zero value
// does not validate. The parameters are read back with DriftPerYear,
// VolPerYear and Generator, and a RegimeGBM marshals to and from JSON as
// {"driftPerYear": [...], "volPerYear": [...], "generatorPerYear": [[...]]}
// (unmarshalling validates).
type RegimeGBM struct {
	drift, vol []float64 // per regime, per year and per √year
	gen        []float64 // generator per year, row-major n×n, rows summing to 0
	logDrift   []float64 // μ_k − σ_k²/2
	variance   []float64 // σ_k²
	exitRate   []float64 // −q_kk
	nextCDF    []float64 // row-major n×n: cumulative probabilities of the next regime
	stationary []float64
}

// NewRegimeGBM returns the regime-switching GBM with drift driftPerYear[k]
// and volatility volPerYear[k] in regime k, and the generator matrix
// generatorPerYear (switches per year: entry [i][j], i ≠ j, is the rate of
// moving from regime i to j, in [0, 1e6]; each row sums to 0 within
// 1e-9·max(1, |q_ii|), and the diagonal is reset to minus the sum of the
// row's off-diagonal entries). There must be 1 to MaxRegimes regimes, the
// same number of drifts, volatilities and n×n generator entries.
func NewRegimeGBM(driftPerYear, volPerYear []float64, generatorPerYear [][]float64) (RegimeGBM, error) {
	var c valid.Checker
	n := checkRegimeParams(&c, driftPerYear, volPerYear)
	if n > 0 {
		checkGenerator(&c, "generatorPerYear", generatorPerYear, n)
	}
	if err := c.Err(); err != nil {
		return RegimeGBM{}, err
	}
	return newRegimeGBM(driftPerYear, volPerYear, generatorPerYear), nil
}

// NewRegimeGBMFromTransition returns the regime-switching GBM whose chain
// has the one-year transition matrix transitionPerYear (entry [i][j] is the
// probability of being in regime j one year after being in regime i; entries
// in [0, 1], rows summing to 1 within 1e-9). The generator is its principal
// matrix logarithm Q = log P, by inverse scaling and squaring (Higham,
// "Functions of Matrices", SIAM 2008, §11.5). It is an error if P is not
// embeddable, i.e. no continuous-time chain has it as its one-year
// transition matrix: P has no real logarithm (an eigenvalue on the closed
// negative real axis), or the logarithm has an off-diagonal entry below
// −1e-9 (entries within 1e-9 below 0 are rounding and set to 0); and if an
// exit rate of Q exceeds 1e6 per year.
func NewRegimeGBMFromTransition(driftPerYear, volPerYear []float64, transitionPerYear [][]float64) (RegimeGBM, error) {
	var c valid.Checker
	n := checkRegimeParams(&c, driftPerYear, volPerYear)
	if n > 0 {
		checkTransition(&c, transitionPerYear, n)
	}
	if err := c.Err(); err != nil {
		return RegimeGBM{}, err
	}
	q, ok := stochasticLog(transitionPerYear)
	if !ok {
		c.Add("transitionPerYear", transitionPerYear,
			"embeddable: this matrix has no real logarithm (an eigenvalue on the closed negative real axis), so no continuous-time chain has it as its one-year transition matrix")
		return RegimeGBM{}, c.Err()
	}
	for i := range q {
		var out float64
		for j := range q[i] {
			if i == j {
				continue
			}
			if q[i][j] < -1e-9 {
				c.Add(fmt.Sprintf("transitionPerYear (logarithm [%d][%d])", i, j), q[i][j],
					"≥ 0: the matrix is not embeddable (no continuous-time chain has it as its one-year transition matrix)")
			}
			q[i][j] = math.Max(q[i][j], 0)
			out += q[i][j]
		}
		if out > maxSwitchRate {
			c.Add(fmt.Sprintf("exit rate of transitionPerYear[%d] (logarithm)", i), out,
				fmt.Sprintf("≤ %g switches per year", float64(maxSwitchRate)))
		}
	}
	if err := c.Err(); err != nil {
		return RegimeGBM{}, err
	}
	return newRegimeGBM(driftPerYear, volPerYear, q), nil
}

// checkRegimeParams validates the per-regime drifts and volatilities and
// returns the number of regimes, or 0 if that number is invalid.
func checkRegimeParams(c *valid.Checker, drift, vol []float64) int {
	n := len(drift)
	if n < 1 || n > MaxRegimes {
		c.Add("len(driftPerYear)", n, fmt.Sprintf("in [1, %d] (one entry per regime)", MaxRegimes))
		n = 0
	} else if len(vol) != n {
		c.Add("len(volPerYear)", len(vol), fmt.Sprintf("%d (one entry per regime, as driftPerYear)", n))
		n = 0
	}
	for k, m := range drift {
		c.Finite(fmt.Sprintf("driftPerYear[%d]", k), m)
	}
	for k, s := range vol {
		c.NonNegative(fmt.Sprintf("volPerYear[%d]", k), s)
	}
	return n
}

// newRegimeGBM builds the stepping tables from validated parameters.
func newRegimeGBM(drift, vol []float64, q [][]float64) RegimeGBM {
	n := len(drift)
	g := RegimeGBM{
		drift:    append([]float64(nil), drift...),
		vol:      append([]float64(nil), vol...),
		gen:      make([]float64, n*n),
		logDrift: make([]float64, n),
		variance: make([]float64, n),
		exitRate: make([]float64, n),
		nextCDF:  make([]float64, n*n),
	}
	for i := 0; i < n; i++ {
		g.variance[i] = vol[i] * vol[i]
		g.logDrift[i] = drift[i] - 0.5*g.variance[i]
		var out float64
		for j := 0; j < n; j++ {
			if j != i {
				g.gen[i*n+j] = q[i][j]
				out += q[i][j]
			}
		}
		g.gen[i*n+i] = -out
		g.exitRate[i] = out
		if out == 0 {
			continue // absorbing: the next-regime table is never read
		}
		var cum float64
		last := 0
		for j := 0; j < n; j++ {
			if j != i {
				cum += q[i][j] / out
				if q[i][j] > 0 {
					last = j
				}
			}
			g.nextCDF[i*n+j] = cum
		}
		// Rounding must not leave the last reachable regime short of 1.
		for j := last; j < n; j++ {
			g.nextCDF[i*n+j] = 1
		}
	}
	g.stationary = stationaryOf(g.gen, n)
	return g
}

// Validate checks the stored parameters again (they were checked by the
// constructor); the zero value reports that it has no regimes.
func (g RegimeGBM) Validate() error {
	var c valid.Checker
	n := checkRegimeParams(&c, g.drift, g.vol)
	if n > 0 {
		if len(g.gen) != n*n || len(g.nextCDF) != n*n || len(g.exitRate) != n ||
			len(g.logDrift) != n || len(g.variance) != n || len(g.stationary) != n {
			c.AddErr(errors.New("RegimeGBM: internal tables missing; construct it with NewRegimeGBM or NewRegimeGBMFromTransition"))
		} else {
			checkGenerator(&c, "generatorPerYear", g.Generator(), n)
		}
	}
	return c.Err()
}

// Regimes returns the number of regimes.
func (g RegimeGBM) Regimes() int { return len(g.drift) }

// DriftPerYear returns a copy of the per-regime drifts μ_k (per year).
func (g RegimeGBM) DriftPerYear() []float64 { return append([]float64(nil), g.drift...) }

// VolPerYear returns a copy of the per-regime volatilities σ_k (per √year).
func (g RegimeGBM) VolPerYear() []float64 { return append([]float64(nil), g.vol...) }

// Generator returns a copy of the generator matrix Q (per year): entry
// [i][j], i ≠ j, is the rate of switching from regime i to j, and each row
// sums to 0.
func (g RegimeGBM) Generator() [][]float64 {
	n := g.Regimes()
	q := make([][]float64, n)
	for i := range q {
		q[i] = append([]float64(nil), g.gen[i*n:(i+1)*n]...)
	}
	return q
}

// Stationary returns a copy of the stationary distribution π of the regime
// chain (πQ = 0, Σπ = 1): the long-run share of time spent in each regime. If
// the chain has several closed classes the stationary distribution is not
// unique; Stationary then returns the long-run distribution of a chain
// started uniformly over the regimes.
func (g RegimeGBM) Stationary() []float64 { return append([]float64(nil), g.stationary...) }

// Step returns the level and the regime dt years after (x, regime), with
// standard normal diffusion shock z and the regime path drawn from r (see the
// type doc). regime must be in [0, Regimes()); anything else is a programmer
// error and panics with an index out of range. A dt that is not positive
// returns (x, regime) and draws nothing.
func (g RegimeGBM) Step(x float64, regime int, dt, z float64, r *Rand) (float64, int) {
	if !(dt > 0) {
		return x, regime
	}
	l, k := g.LogReturn(regime, dt, z, r)
	return x * math.Exp(l), k
}

// LogReturn returns the log return L = ln(X(t+dt)/X(t)) and the regime at
// the end of a step of dt years from regime with diffusion shock z, drawing
// the regime path from r exactly as Step does (Step is x·e^L): with a the
// integrated log drift and b the integrated variance along the regime path,
// L = a + √b·z. A caller that evaluates e^L itself (over many paths at
// once) uses it. A dt that is not positive returns (0, regime) and draws
// nothing.
func (g RegimeGBM) LogReturn(regime int, dt, z float64, r *Rand) (float64, int) {
	if !(dt > 0) {
		return 0, regime
	}
	n := len(g.exitRate)
	k := regime
	var a, b, t float64
	for {
		// Holding time in k; an absorbing regime (rate 0) holds forever.
		hold := r.Exp() / g.exitRate[k]
		if hold >= dt-t {
			tau := dt - t
			a += g.logDrift[k] * tau
			b += g.variance[k] * tau
			break
		}
		a += g.logDrift[k] * hold
		b += g.variance[k] * hold
		t += hold
		u := r.Uniform()
		row := g.nextCDF[k*n : (k+1)*n]
		j := 0
		for j < n-1 && u > row[j] {
			j++
		}
		k = j
	}
	return a + math.Sqrt(b)*z, k
}

// Advance implements PriceProcess by Step.
func (g RegimeGBM) Advance(x float64, regime int, dt, z float64, r *Rand) (float64, int) {
	return g.Step(x, regime, dt, z, r)
}

// regimeJSON is the JSON form of a RegimeGBM.
type regimeJSON struct {
	DriftPerYear     []float64   `json:"driftPerYear"`
	VolPerYear       []float64   `json:"volPerYear"`
	GeneratorPerYear [][]float64 `json:"generatorPerYear"`
}

// MarshalJSON encodes the drifts, volatilities and generator.
func (g RegimeGBM) MarshalJSON() ([]byte, error) {
	return json.Marshal(regimeJSON{g.drift, g.vol, g.Generator()})
}

// UnmarshalJSON decodes the form written by MarshalJSON and validates it
// through NewRegimeGBM.
func (g *RegimeGBM) UnmarshalJSON(b []byte) error {
	var w regimeJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	v, err := NewRegimeGBM(w.DriftPerYear, w.VolPerYear, w.GeneratorPerYear)
	if err != nil {
		return err
	}
	*g = v
	return nil
}
