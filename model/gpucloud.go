package model

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// GPUCloud is the IREN-style business model for converted capacity: the
// operator buys GPUs and rents them out itself, part under a take-or-pay
// contract with a tenant, the rest at the market rent. It pays the power
// (not curtailable) and the GPUs' opex, and replaces the GPUs at the end of
// their life.
type GPUCloud struct {
	// GPUsPerMWIT is the number of GPUs one MW of critical IT load holds; in
	// (0, 10000].
	GPUsPerMWIT float64 `json:"gpusPerMWIT"`
	// CapexUSDPerGPU is the all-in cost of one GPU (servers and networking
	// included), in USD; in [0, 1e7].
	CapexUSDPerGPU float64 `json:"capexUSDPerGPU"`
	// LifeYears is the GPUs' economic life, in years; in (0, 20]. At its end
	// the fleet is replaced at CapexUSDPerGPU and a new contract signed.
	LifeYears float64 `json:"lifeYears"`
	// Utilisation is the share of uncontracted GPU-hours that are rented; in
	// [0, 1].
	Utilisation float64 `json:"utilisation"`
	// QualityDecayPerYear is the rate at which an uncontracted GPU's rent
	// falls below the market rent of a new H100-equivalent with its age: it
	// earns State.GPURentUSDPerHour·exp(−QualityDecayPerYear·age); in [0, 5].
	QualityDecayPerYear float64 `json:"qualityDecayPerYear"`
	// OpexUSDPerGPUYear is the operating cost per GPU besides power, in USD
	// per year; in [0, 1e7].
	OpexUSDPerGPUYear float64 `json:"opexUSDPerGPUYear"`
	// ContractShare is the share of the GPUs rented under contract; in [0, 1].
	ContractShare float64 `json:"contractShare"`
	// ContractYears is the contract term from each fleet's commissioning, in
	// years; in (0, LifeYears] when ContractShare > 0. The contract rent is
	// the market GPU rent of the commissioning step, flat, take-or-pay.
	ContractYears float64 `json:"contractYears"`
	// Tenant is the contract tenant's credit class.
	Tenant TenantClass `json:"tenant"`
	// PrepaymentShare is the share of each contract's rent paid up front at
	// commissioning; in [0, 1).
	PrepaymentShare float64 `json:"prepaymentShare"`
	// RecoveryRate is the share of the remaining contract rent recovered on
	// a tenant default (the contracted GPUs then rent at market); in [0, 1].
	RecoveryRate float64 `json:"recoveryRate"`
	// ShellNOIMargin is the NOI margin at which the converted shell is valued
	// as colocation capacity at the horizon; in [0, 1].
	ShellNOIMargin float64 `json:"shellNOIMargin"`
}

// DefaultGPUCloud returns an H100-class GPU cloud, 80 % contracted for five
// years to a hyperscaler with a 20 % prepayment.
func DefaultGPUCloud() GPUCloud {
	return GPUCloud{
		// Assumption (≈1.4 kW per GPU all-in); cross-check with CALIBRATION.md
		// §F: at 2 $/GPU-h (§E H100 1-yr contract 1.70–2.65) and 85 %
		// utilisation, 700 GPUs earn ≈10.4 M$ per MW IT-year, near the
		// IREN–Microsoft deal's ≈9.7 M$.
		GPUsPerMWIT: 700,
		// CALIBRATION.md §E H100 purchase price 25k–40k; the top of the range
		// stands for the GPU plus its share of servers and networking.
		CapexUSDPerGPU: 40_000,
		// CALIBRATION.md §E GPU accounting life: 5–6 years (Bernstein, CoreWeave).
		LifeYears: 5,
		// Assumption.
		Utilisation: 0.85,
		// Assumption anchored to CALIBRATION.md §E life rows (accounting 5–6
		// years, bears 1–3): a 5-year-old GPU rents at exp(−0.5) ≈ 61 % of a
		// new one.
		QualityDecayPerYear: 0.1,
		// Assumption: ≈0.23 $/GPU-h of staff, software and maintenance.
		OpexUSDPerGPUYear: 2_000,
		// Assumption: most capacity contracted, as in IREN–Microsoft (§F).
		ContractShare: 0.8,
		// CALIBRATION.md §F: IREN–Microsoft 5 years (CoreWeave contracts
		// average ~4 years).
		ContractYears: 5,
		// CALIBRATION.md §F/§G: Microsoft, an investment-grade tenant.
		Tenant: Hyperscaler,
		// CALIBRATION.md §F: IREN–Microsoft 20 % prepayment.
		PrepaymentShare: 0.2,
		// CALIBRATION.md §G: recovery 30–40 %.
		RecoveryRate: 0.35,
		// CALIBRATION.md §F: TeraWulf NOI margin ~85 %.
		ShellNOIMargin: 0.85,
	}
}

// Validate reports every invalid field with its value and allowed range.
func (g GPUCloud) Validate() error {
	var c valid.Checker
	if !(g.GPUsPerMWIT > 0 && g.GPUsPerMWIT <= 10000) {
		c.Add("gpusPerMWIT", g.GPUsPerMWIT, "in (0, 10000]")
	}
	c.Range("capexUSDPerGPU", g.CapexUSDPerGPU, 0, 1e7)
	lifeOK := g.LifeYears > 0 && g.LifeYears <= 20
	if !lifeOK {
		c.Add("lifeYears", g.LifeYears, "in (0, 20]")
	}
	c.Prob("utilisation", g.Utilisation)
	c.Range("qualityDecayPerYear", g.QualityDecayPerYear, 0, 5)
	c.Range("opexUSDPerGPUYear", g.OpexUSDPerGPUYear, 0, 1e7)
	c.Prob("contractShare", g.ContractShare)
	if g.ContractShare > 0 && lifeOK && !(g.ContractYears > 0 && g.ContractYears <= g.LifeYears) {
		c.Add("contractYears", g.ContractYears, fmt.Sprintf("in (0, lifeYears = %g] when contractShare > 0", g.LifeYears))
	}
	if g.Tenant < 0 || g.Tenant >= NumTenantClasses {
		c.Add("tenant", int(g.Tenant), "one of hyperscaler, ratedNeocloud, unratedNeocloud")
	}
	if !(g.PrepaymentShare >= 0 && g.PrepaymentShare < 1) {
		c.Add("prepaymentShare", g.PrepaymentShare, "in [0, 1)")
	}
	c.Prob("recoveryRate", g.RecoveryRate)
	c.Prob("shellNOIMargin", g.ShellNOIMargin)
	return c.Err()
}

// GPUCloudBlock is the per-path state of a GPU cloud on one converted block:
// the fleet's commissioning date, its contract and default clock.
type GPUCloudBlock struct {
	g       GPUCloud
	itMW    float64
	grossMW float64
	gpus    float64

	ready      float64 // first commissioning (+Inf: not scheduled)
	operating  bool
	genStart   float64 // commissioning of the fleet in service
	k          contract
	contracted bool // the contract of the fleet in service is in force
	payShare   float64
	clock      dist.DefaultClock

	defaults    int
	lastDefault float64
}

// NewGPUCloudBlock returns the GPU cloud of a converted block with itMW MW of
// critical IT load drawing grossMW MW from the grid. It returns an error if g
// is invalid or a size is negative.
func NewGPUCloudBlock(g GPUCloud, itMW, grossMW float64) (GPUCloudBlock, error) {
	if !(itMW >= 0) || math.IsInf(itMW, 0) || !(grossMW >= itMW) || math.IsInf(grossMW, 0) {
		return GPUCloudBlock{}, fmt.Errorf("model: GPU cloud of %g MW IT on %g MW gross: must be 0 ≤ IT ≤ gross, finite", itMW, grossMW)
	}
	if err := g.Validate(); err != nil {
		return GPUCloudBlock{}, err
	}
	b := GPUCloudBlock{g: g, itMW: itMW, grossMW: grossMW, gpus: g.GPUsPerMWIT * itMW}
	b.Reset()
	return b, nil
}

// GPUs returns the number of GPUs in the block's fleet.
func (b *GPUCloudBlock) GPUs() float64 { return b.gpus }

// Reset starts a new path: nothing scheduled, no defaults.
func (b *GPUCloudBlock) Reset() {
	b.ready = math.Inf(1)
	b.operating = false
	b.contracted = false
	b.k = contract{}
	b.defaults = 0
	b.lastDefault = math.NaN()
}

// Commence schedules the first fleet's commissioning at tYears; a block
// already scheduled keeps its date.
func (b *GPUCloudBlock) Commence(tYears float64) {
	if !b.operating && math.IsInf(b.ready, 1) {
		b.ready = max(tYears, 0)
	}
}

// Defaults returns the number of tenant defaults so far on this path.
func (b *GPUCloudBlock) Defaults() int { return b.defaults }

// LastDefaultYears returns the time of the latest tenant default (NaN if none).
func (b *GPUCloudBlock) LastDefaultYears() float64 { return b.lastDefault }

// commission buys a fleet at time t and signs its contract at s's GPU rent.
func (b *GPUCloudBlock) commission(cf *CashFlow, s *State, r *dist.Rand, t float64) {
	cf.CapexUSD += b.gpus * b.g.CapexUSDPerGPU
	b.operating = true
	b.genStart = t
	b.contracted = b.g.ContractShare > 0
	b.payShare = 1
	if b.contracted {
		n := b.g.ContractShare * b.gpus
		b.k = contract{start: t, end: t + b.g.ContractYears, annual0: max(s.GPURentUSDPerHour, 0) * n * yearHours}
		b.payShare = 1 - b.g.PrepaymentShare
		cf.GPURentUSD += b.g.PrepaymentShare * b.k.accrued(b.k.start, b.k.end)
	}
	b.clock.Reset(r)
}

// Step books the step that produced s: GPU rent (contracted, prepaid and
// market), power, opex, GPU capex at each commissioning and recoveries on a
// default. Randomness for new default clocks comes from r.
func (b *GPUCloudBlock) Step(s *State, r *dist.Rand) CashFlow {
	var cf CashFlow
	if b.gpus == 0 {
		return cf
	}
	t0, t1 := stepSpan(s)
	t := t0
	for ev := 0; t < t1 && ev < maxEventsPerStep; ev++ {
		if !b.operating {
			if !(b.ready < t1) {
				return cf
			}
			t = max(t, b.ready)
			b.commission(&cf, s, r, t)
			continue
		}
		eol := b.genStart + b.g.LifeYears
		end := min(t1, eol)
		if b.contracted {
			cend := min(end, b.k.end)
			seg := cend - t
			hit, frac := b.clock.Step(s.TenantHazardPerYear[b.g.Tenant], seg)
			if hit {
				tau := t + frac*seg
				b.accrue(&cf, s, t, tau)
				cf.RecoveryUSD += b.g.RecoveryRate * b.payShare * b.k.accrued(tau, b.k.end)
				b.contracted = false
				b.defaults++
				b.lastDefault = tau
				t = tau
				continue
			}
			b.accrue(&cf, s, t, cend)
			t = cend
			if t >= b.k.end {
				b.contracted = false
			}
		} else {
			b.accrue(&cf, s, t, end)
			t = end
		}
		if t >= eol {
			b.commission(&cf, s, r, eol)
		}
	}
	return cf
}

// accrue books rent, power and opex over [a, c] with the current contract state.
func (b *GPUCloudBlock) accrue(cf *CashFlow, s *State, a, c float64) {
	if !(c > a) {
		return
	}
	spot := b.gpus
	if b.contracted {
		cf.GPURentUSD += b.payShare * b.k.accrued(a, c)
		spot -= b.g.ContractShare * b.gpus
	}
	cf.GPURentUSD += spot * max(s.GPURentUSDPerHour, 0) * b.g.Utilisation * yearHours * b.qualityYears(a, c)
	cf.PowerUSD += b.grossMW * yearHours * (c - a) * s.PowerUSDPerMWh
	cf.OpexUSD += b.gpus * b.g.OpexUSDPerGPUYear * (c - a)
}

// qualityYears returns ∫ₐᶜ exp(−d·(t − genStart)) dt, the quality-weighted
// time of the fleet in service over [a, c].
func (b *GPUCloudBlock) qualityYears(a, c float64) float64 {
	d := b.g.QualityDecayPerYear
	if d == 0 {
		return c - a
	}
	return (math.Exp(-d*(a-b.genStart)) - math.Exp(-d*(c-b.genStart))) / d
}

// TerminalUSD returns the block's value at the horizon (the end of the step
// that produced s): the shell valued as colocation capacity at the market
// rent (ShellNOIMargin × rent × exitMultiple, less the NOI lost until a
// fleet not yet commissioned would be), plus the fleet's straight-line book
// value. A block never scheduled is worth 0.
func (b *GPUCloudBlock) TerminalUSD(s *State, exitMultiple float64) float64 {
	if !b.operating && math.IsInf(b.ready, 1) {
		return 0
	}
	h := s.TimeYears
	noi := b.g.ShellNOIMargin * s.ColoRentUSDPerKWMonth * b.itMW * 1000 * monthsPerYear
	v := exitMultiple * noi
	if !b.operating {
		return v - noi*max(b.ready-h, 0)
	}
	left := max(b.genStart+b.g.LifeYears-h, 0)
	return v + b.gpus*b.g.CapexUSDPerGPU*left/b.g.LifeYears
}
