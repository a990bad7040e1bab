package market

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/internal/vmath"
)

// TenantClass is the credit class of an AI hosting tenant.
type TenantClass int

// The tenant credit classes (docs/CALIBRATION.md §G).
const (
	// Hyperscaler is an investment-grade tenant, or one whose rent a
	// hyperscaler guarantees (a backstopped neocloud).
	Hyperscaler TenantClass = iota
	// RatedNeocloud is a rated, sub-investment-grade GPU cloud (BB-/Ba3).
	RatedNeocloud
	// UnratedNeocloud is a small unrated GPU cloud.
	UnratedNeocloud
	// NumTenantClasses is the number of tenant classes.
	NumTenantClasses
)

// String returns the class's JSON name: "hyperscaler", "ratedNeocloud" or
// "unratedNeocloud".
func (c TenantClass) String() string {
	switch c {
	case Hyperscaler:
		return "hyperscaler"
	case RatedNeocloud:
		return "ratedNeocloud"
	case UnratedNeocloud:
		return "unratedNeocloud"
	}
	return "unknown"
}

// MarshalText returns the class's JSON name (see String).
func (c TenantClass) MarshalText() ([]byte, error) {
	if c < 0 || c >= NumTenantClasses {
		return nil, fmt.Errorf("market: tenant class %d: must be one of hyperscaler, ratedNeocloud, unratedNeocloud", int(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText parses "hyperscaler", "ratedNeocloud" or "unratedNeocloud".
func (c *TenantClass) UnmarshalText(b []byte) error {
	for k := TenantClass(0); k < NumTenantClasses; k++ {
		if string(b) == k.String() {
			*c = k
			return nil
		}
	}
	return fmt.Errorf("market: tenant class %q: must be one of hyperscaler, ratedNeocloud, unratedNeocloud", string(b))
}

// ClassValues holds one number per tenant class, named in JSON.
type ClassValues struct {
	// Hyperscaler is the value for investment-grade or hyperscaler-
	// backstopped tenants.
	Hyperscaler float64 `json:"hyperscaler"`
	// RatedNeocloud is the value for rated (BB-/Ba3) GPU clouds.
	RatedNeocloud float64 `json:"ratedNeocloud"`
	// UnratedNeocloud is the value for small unrated GPU clouds.
	UnratedNeocloud float64 `json:"unratedNeocloud"`
}

// Array returns the values indexed by TenantClass.
func (v ClassValues) Array() [NumTenantClasses]float64 {
	return [NumTenantClasses]float64{
		Hyperscaler:     v.Hyperscaler,
		RatedNeocloud:   v.RatedNeocloud,
		UnratedNeocloud: v.UnratedNeocloud,
	}
}

// CreditParams set the default intensity of AI tenants, which rises when
// GPU rents fall (wrong-way risk: the tenant's own revenue is GPU rent, so
// the landlord's counterparty weakens exactly when re-leasing pays least).
// For a tenant of class c at time t, with G the GPU rent,
//
//	hazard_c = base_c · m_c,   m_c = min(cap, max(1, (G_ref(t)/G)^β_c)),
//	G_ref(t) = G₀ · e^(−u·t),
//
// where G₀ is the start rent, u = UnderwrittenDeclinePerYear the decline
// the tenants underwrote their fleets at, base_c = BaseHazardPerYear,
// β_c = WrongWayElasticity and cap = MaxMultiplier. The multiplier is 1
// while rents are at or above the underwritten path, grows as a power of
// how far they have fallen below it, and never exceeds the cap. With u = 0
// the reference is the start level itself.
type CreditParams struct {
	// BaseHazardPerYear is the default intensity of each class at or above
	// the start GPU rent, per year. Each in [0, 10].
	BaseHazardPerYear ClassValues `json:"baseHazardPerYear"`
	// WrongWayElasticity is β_c, the elasticity of each class's hazard to
	// the fall of GPU rents below their start level. Each in [0, 10].
	WrongWayElasticity ClassValues `json:"wrongWayElasticity"`
	// MaxMultiplier is the cap on the wrong-way multiplier. Range [1, 100].
	MaxMultiplier float64 `json:"maxMultiplier"`
	// UnderwrittenDeclinePerYear is u, the log decline of GPU rents per
	// year the tenants' plans absorb without stress. Range [0, 5].
	UnderwrittenDeclinePerYear float64 `json:"underwrittenDeclinePerYear"`
}

// DefaultCreditParams returns the calibrated credit parameters.
func DefaultCreditParams() CreditParams {
	return CreditParams{
		BaseHazardPerYear: ClassValues{
			// docs/CALIBRATION.md §G suggested defaults: hyperscaler or
			// Google-backstopped tenant 0.2–0.5 %/yr.
			Hyperscaler: 0.003,
			// §G: rated neocloud (BB-/Ba3) 3–7 %/yr; CDS-implied ≈ 7 %/yr
			// at 452 bp (§G "CDS-implied PD").
			RatedNeocloud: 0.05,
			// §G: unrated small neocloud 10–20 %/yr.
			UnratedNeocloud: 0.15,
		},
		WrongWayElasticity: ClassValues{
			// *assumption*: a backstop (§G "Backstop mechanics") makes the
			// tenant's credit that of the guarantor, which GPU rents barely
			// move.
			Hyperscaler: 0.25,
			// *assumption*: hazard proportional to the fall in rents; §G
			// "Neocloud unit economics": a 5-yr H100 contract's IRR drops
			// from 12.4 % to near 0 with −10 %/yr price declines.
			RatedNeocloud:   1,
			UnratedNeocloud: 1,
		},
		// §G "Rating → 5y CDS/PD map": CCC 35–60 % over 5 y, i.e.
		// 8.6–18 %/yr; a cap of 3 takes a rated neocloud (5 %) to 15 %/yr,
		// inside the CCC band. *derived*.
		MaxMultiplier: 3,
		// §G "Neocloud unit economics": a 5-yr H100 contract's IRR is
		// ≈ 12.4 % at flat prices and near 0 with −10 %/yr declines, so a
		// neocloud's plan survives about a 10 %/yr decline; faster falls
		// eat into its capacity to pay. *derived*.
		UnderwrittenDeclinePerYear: 0.10,
	}
}

// Validate reports every field outside its documented range.
func (p CreditParams) Validate() error {
	var c valid.Checker
	c.Range("baseHazardPerYear.hyperscaler", p.BaseHazardPerYear.Hyperscaler, 0, 10)
	c.Range("baseHazardPerYear.ratedNeocloud", p.BaseHazardPerYear.RatedNeocloud, 0, 10)
	c.Range("baseHazardPerYear.unratedNeocloud", p.BaseHazardPerYear.UnratedNeocloud, 0, 10)
	c.Range("wrongWayElasticity.hyperscaler", p.WrongWayElasticity.Hyperscaler, 0, 10)
	c.Range("wrongWayElasticity.ratedNeocloud", p.WrongWayElasticity.RatedNeocloud, 0, 10)
	c.Range("wrongWayElasticity.unratedNeocloud", p.WrongWayElasticity.UnratedNeocloud, 0, 10)
	c.Range("maxMultiplier", p.MaxMultiplier, 1, 100)
	c.Range("underwrittenDeclinePerYear", p.UnderwrittenDeclinePerYear, 0, 5)
	return c.Err()
}

// Hazards returns the default intensity of each tenant class, per year, at
// time tYears when the GPU rent is gpuRent and was startRent at the start
// (both USD per GPU-hour, positive).
func (p CreditParams) Hazards(gpuRent, startRent, tYears float64) [NumTenantClasses]float64 {
	c := p.curve()
	var h [NumTenantClasses]float64
	c.hazards(&h, gpuRent, startRent, tYears)
	return h
}

// creditCurve is CreditParams compiled for the market's steps.
type creditCurve struct {
	base, beta   [NumTenantClasses]float64
	maxMult      float64
	underwritten float64
	// capped is a β·fall beyond which e^(β·fall) exceeds maxMult for sure
	// (ln maxMult + 1e-9, far above exp's rounding), so the multiplier is
	// maxMult without computing the exponential.
	capped float64
}

func (p CreditParams) curve() creditCurve {
	return creditCurve{base: p.BaseHazardPerYear.Array(), beta: p.WrongWayElasticity.Array(),
		maxMult: p.MaxMultiplier, underwritten: p.UnderwrittenDeclinePerYear, capped: math.Log(p.MaxMultiplier) + 1e-9}
}

// hazards stores CreditParams.Hazards(gpuRent, startRent, tYears) in h.
func (c *creditCurve) hazards(h *[NumTenantClasses]float64, gpuRent, startRent, tYears float64) {
	logFall := c.logFall(vmath.Log(startRent/gpuRent), tYears)
	if !(logFall > 0) {
		*h = c.base // × a multiplier of 1
		return
	}
	var m float64
	for k := range h {
		if c.leads(k) {
			if x := c.beta[k] * logFall; x >= c.capped {
				m = c.maxMult // = min(e^x, maxMult)
			} else {
				m = min(vmath.Exp(x), c.maxMult)
			}
		}
		h[k] = c.base[k] * m
	}
}

// logFall returns how far the rent has fallen below the underwritten path,
// in log: logRatio − u·t, logRatio = ln(G₀/G).
func (c *creditCurve) logFall(logRatio, tYears float64) float64 {
	return logRatio - c.underwritten*tYears
}

// leads reports whether class k's β differs from class k−1's: classes of
// equal β in a row share one multiplier.
func (c *creditCurve) leads(k int) bool { return k == 0 || c.beta[k] != c.beta[k-1] }

// multiplier returns min(e^x, maxMult) given x = β·logFall and ex = e^x
// (which it ignores from the cap's threshold capped on: hazards takes no
// exponential there).
func (c *creditCurve) multiplier(x, ex float64) float64 {
	if x >= c.capped {
		return c.maxMult
	}
	return min(ex, c.maxMult)
}
