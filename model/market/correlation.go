package market

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/strictjson"
	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// ShockName names one of the market's correlated shocks.
type ShockName string

// The market's shocks (ShockNames lists them in matrix order).
const (
	// ShockBTCPrice is the BTC price's diffusion shock.
	ShockBTCPrice ShockName = "btcPrice"
	// ShockHashrate is the network hashrate's own shock.
	ShockHashrate ShockName = "hashrate"
	// ShockFees is the fee level's diffusion shock.
	ShockFees ShockName = "fees"
	// ShockPower is the power price's diffusion shock.
	ShockPower ShockName = "power"
	// ShockGPURent is the GPU rent's diffusion shock.
	ShockGPURent ShockName = "gpuRent"
)

// NumShocks is the number of correlated shocks.
const NumShocks = 5

// ShockNames returns the shocks in the order of CorrelationParams.Matrix.
func ShockNames() [NumShocks]ShockName {
	return [NumShocks]ShockName{ShockBTCPrice, ShockHashrate, ShockFees, ShockPower, ShockGPURent}
}

// shockIndex returns the matrix index of a shock name, or −1.
func shockIndex(n ShockName) int {
	for i, s := range ShockNames() {
		if s == n {
			return i
		}
	}
	return -1
}

// CorrelationPair sets the correlation of two shocks.
type CorrelationPair struct {
	// A and B name the two shocks ("btcPrice", "hashrate", "fees", "power",
	// "gpuRent"); they must differ.
	A ShockName `json:"a"`
	B ShockName `json:"b"`
	// Rho is their correlation. Range [−1, 1].
	Rho float64 `json:"rho"`
}

// CorrelationParams correlate the diffusion shocks of the BTC price,
// hashrate, fees, power price and GPU rent (the jumps stay independent).
// Give either a short list of Pairs (unlisted pairs are uncorrelated) or a
// full 5×5 Matrix in the order of ShockNames, not both. The matrix must be
// symmetric and positive semi-definite with a unit diagonal; dist.Correlated
// turns independent normals into correlated ones (a perfect correlation ±1
// makes one shock an exact copy or mirror of another).
type CorrelationParams struct {
	// Pairs lists the correlated pairs.
	Pairs []CorrelationPair `json:"pairs,omitempty"`
	// Matrix is the full correlation matrix, rows and columns in the order
	// of ShockNames().
	Matrix [][]float64 `json:"matrix,omitempty"`
}

// UnmarshalJSON decodes a correlation given in JSON whole: it starts from
// the zero value (no correlation), not from p's current value, so that the
// "pairs" or the "matrix" of a scenario file replace the default pairs
// instead of merging with them element by element. Unknown fields are
// errors; JSON null leaves p unchanged.
func (p *CorrelationParams) UnmarshalJSON(b []byte) error {
	if strictjson.IsNull(b) {
		return nil
	}
	type plain CorrelationParams
	var q plain
	if err := strictjson.Unmarshal(b, &q); err != nil {
		return err
	}
	*p = CorrelationParams(q)
	return nil
}

// JSONFields implements strictjson.Object: a correlation's JSON members are
// its struct fields.
func (p CorrelationParams) JSONFields() []strictjson.Field { return strictjson.StructFields(p) }

// DefaultCorrelationParams returns the correlations that matter.
func DefaultCorrelationParams() CorrelationParams {
	return CorrelationParams{Pairs: []CorrelationPair{
		// *assumption* on docs/CALIBRATION.md §C7 (DS, monthly log
		// changes 2019–2025: price vs fees per block 0.11):
		// fee manias come with rallies.
		{A: ShockBTCPrice, B: ShockFees, Rho: 0.2},
		// *assumption* on §C8 (price vs hashrate 0.29 month on month, part
		// of it the lagged response the network model already carries):
		// marginal machines switch on and off with the price.
		{A: ShockBTCPrice, B: ShockHashrate, Rho: 0.2},
		// *assumption*: BTC and AI compute demand both ride risk appetite
		// and funding conditions (§G "Miner HPC financing costs").
		{A: ShockBTCPrice, B: ShockGPURent, Rho: 0.2},
	}}
}

// CorrelationMatrix returns the full correlation matrix the parameters
// describe (identity for the zero value). It does not validate them.
func (p CorrelationParams) CorrelationMatrix() [NumShocks][NumShocks]float64 {
	var m [NumShocks][NumShocks]float64
	if len(p.Matrix) > 0 {
		for i := range min(len(p.Matrix), NumShocks) {
			for j := range min(len(p.Matrix[i]), NumShocks) {
				m[i][j] = p.Matrix[i][j]
			}
		}
		return m
	}
	for i := range m {
		m[i][i] = 1
	}
	for _, pr := range p.Pairs {
		i, j := shockIndex(pr.A), shockIndex(pr.B)
		if i < 0 || j < 0 {
			continue
		}
		m[i][j], m[j][i] = pr.Rho, pr.Rho
	}
	return m
}

// Validate reports unknown shock names, repeated pairs, correlations outside
// [−1, 1], a malformed matrix, and a matrix that is not positive
// semi-definite.
func (p CorrelationParams) Validate() error {
	var c valid.Checker
	if len(p.Pairs) > 0 && len(p.Matrix) > 0 {
		c.Add("matrix", fmt.Sprintf("%d rows", len(p.Matrix)), "empty when pairs are given")
		return c.Err()
	}
	seen := map[[2]int]bool{}
	for k, pr := range p.Pairs {
		f := fmt.Sprintf("pairs[%d]", k)
		i, j := shockIndex(pr.A), shockIndex(pr.B)
		const names = `one of "btcPrice", "hashrate", "fees", "power", "gpuRent"`
		if i < 0 {
			c.Add(f+".a", string(pr.A), names)
		}
		if j < 0 {
			c.Add(f+".b", string(pr.B), names)
		}
		if i >= 0 && j >= 0 {
			if i == j {
				c.Add(f+".b", string(pr.B), "a shock other than a")
			}
			key := [2]int{min(i, j), max(i, j)}
			if seen[key] {
				c.Add(f, fmt.Sprintf("%s–%s", pr.A, pr.B), "a pair not listed before")
			}
			seen[key] = true
		}
		c.Range(f+".rho", pr.Rho, -1, 1)
	}
	if len(p.Matrix) > 0 {
		if len(p.Matrix) != NumShocks {
			c.Add("matrix", fmt.Sprintf("%d rows", len(p.Matrix)), fmt.Sprintf("%d rows", NumShocks))
		}
		for i, row := range p.Matrix {
			if len(row) != NumShocks {
				c.Add(fmt.Sprintf("matrix[%d]", i), fmt.Sprintf("%d entries", len(row)), fmt.Sprintf("%d entries", NumShocks))
				continue
			}
			for j, v := range row {
				f := fmt.Sprintf("matrix[%d][%d]", i, j)
				switch {
				case i == j:
					if v != 1 {
						c.Add(f, v, "1 (a unit diagonal)")
					}
				case !(v >= -1 && v <= 1):
					c.Add(f, v, "in [−1, 1]")
				case i < len(p.Matrix) && j < len(p.Matrix) && j < i && len(p.Matrix[j]) == NumShocks && p.Matrix[j][i] != v:
					c.Add(f, v, fmt.Sprintf("equal to matrix[%d][%d] = %g (symmetric)", j, i, p.Matrix[j][i]))
				}
			}
		}
	}
	if c.Err() != nil {
		return c.Err()
	}
	if _, err := p.correlated(); err != nil {
		field := "pairs"
		if len(p.Matrix) > 0 {
			field = "matrix"
		}
		c.Sub(field, err)
	}
	return c.Err()
}

// clone returns a deep copy of p.
func (p CorrelationParams) clone() CorrelationParams {
	if p.Pairs != nil {
		p.Pairs = append([]CorrelationPair(nil), p.Pairs...)
	}
	if p.Matrix != nil {
		m := make([][]float64, len(p.Matrix))
		for i, row := range p.Matrix {
			m[i] = append([]float64(nil), row...)
		}
		p.Matrix = m
	}
	return p
}

// correlated builds the dist.Correlated of the parameters' matrix.
func (p CorrelationParams) correlated() (*dist.Correlated, error) {
	m := p.CorrelationMatrix()
	rows := make([][]float64, NumShocks)
	for i := range m {
		rows[i] = m[i][:]
	}
	return dist.NewCorrelated(rows)
}
