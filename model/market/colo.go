package market

import "github.com/pivotrisk/pivotrisk/internal/valid"

// ColoParams tie the colocation rent (what a new AI lease fetches, USD per
// kW of critical IT load per month) to the GPU rent:
//
//	colo(t) = colo₀ · (G(t) / Ḡ(t))^ε,   Ḡ(t) = F + M₀·e^(−δ·t),
//
// where G is the GPU rent, Ḡ the rent on the pure generational-decay path
// (no regime drift, no noise, no shocks), colo₀ the start rent
// (StartParams.ColoRentUSDPerKWMonth) and ε = ElasticityToGPU. The landlord's
// rent follows the GPU market's tightness, not the technology trend: a GPU
// glut (rents below the decay path) cuts what a landlord gets when
// re-leasing, a tight market raises it, and the steady fall of an H100's
// worth of compute alone leaves it unchanged.
type ColoParams struct {
	// ElasticityToGPU is ε, the elasticity of the colocation rent to the
	// GPU rent relative to its decay path. Range [0, 5].
	ElasticityToGPU float64 `json:"elasticityToGPU"`
}

// DefaultColoParams returns the calibrated colocation parameters.
func DefaultColoParams() ColoParams {
	return ColoParams{
		// *assumption*: half the GPU market's swing passes to landlords.
		// In 2025 GPU rents fell about as fast as the generational decay
		// (§E RBC −22 %) while AI-grade colocation rents rose 13–37 % (§F
		// "AI-grade rent growth"), so the link is loose; a glut that
		// halves GPU margins cuts new colocation rents by ≈ 30 %.
		ElasticityToGPU: 0.5,
	}
}

// Validate reports every field outside its documented range.
func (p ColoParams) Validate() error {
	var c valid.Checker
	c.Range("elasticityToGPU", p.ElasticityToGPU, 0, 5)
	return c.Err()
}
