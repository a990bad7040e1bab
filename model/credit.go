package model

import (
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

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
// For a tenant of class c, with G the GPU rent and G₀ its start level,
//
//	hazard_c = base_c · m_c,   m_c = min(cap, max(1, (G₀/G)^β_c)),
//
// so the multiplier is 1 while rents are at or above their start level,
// grows as a power of how far they have fallen below it, and never exceeds
// cap = MaxMultiplier. base_c = BaseHazardPerYear and β_c =
// WrongWayElasticity. The start level is the rent the tenants underwrote
// their fleets at; the generational decline of GPU rents therefore raises
// hazards too (an old fleet earns less), which the cap bounds.
type CreditParams struct {
	// BaseHazardPerYear is the default intensity of each class at or above
	// the start GPU rent, per year. Each in [0, 10].
	BaseHazardPerYear ClassValues `json:"baseHazardPerYear"`
	// WrongWayElasticity is β_c, the elasticity of each class's hazard to
	// the fall of GPU rents below their start level. Each in [0, 10].
	WrongWayElasticity ClassValues `json:"wrongWayElasticity"`
	// MaxMultiplier is the cap on the wrong-way multiplier. Range [1, 100].
	MaxMultiplier float64 `json:"maxMultiplier"`
}

// DefaultCreditParams returns the calibrated credit parameters.
func DefaultCreditParams() CreditParams {
	return CreditParams{
		BaseHazardPerYear: ClassValues{
			// CALIBRATION.md §G suggested defaults: hyperscaler or
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
	return c.Err()
}

// Hazards returns the default intensity of each tenant class, per year,
// when the GPU rent is gpuRent and was startRent at the start (both USD per
// GPU-hour, positive).
func (p CreditParams) Hazards(gpuRent, startRent float64) [NumTenantClasses]float64 {
	base := p.BaseHazardPerYear.Array()
	beta := p.WrongWayElasticity.Array()
	var h [NumTenantClasses]float64
	logFall := math.Log(startRent / gpuRent)
	for c := range h {
		m := 1.0
		if logFall > 0 {
			m = math.Min(math.Exp(beta[c]*logFall), p.MaxMultiplier)
		}
		h[c] = base[c] * m
	}
	return h
}
