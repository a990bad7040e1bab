package site

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// GPUCloud is the IREN-style business model for converted capacity: the
// operator buys GPUs and rents them out itself, part under a take-or-pay
// contract with a tenant, the rest at the market rent. It pays the power
// (not curtailable) and the GPUs' opex, and replaces the GPUs at the end of
// their life whatever the market (the option not to refresh is not
// modelled). GPUCloudContract runs it on a path:
//
//   - Units. Rents are per H100-equivalent (market.State.GPURentUSDPerHour),
//     whose technology trend Ḡ(t) (market.State.GPUTrendUSDPerHour) falls as
//     new generations arrive. A fleet commissioned at t costs CapexUSDPerGPU
//     per GPU and holds h(t) = Ḡ(0)/Ḡ(t) H100-equivalents per GPU, so its
//     capex per H100-equivalent falls with the trend. Its market rent already
//     carries obsolescence; QualityDecayPerYear is only for wear beyond it.
//   - Contract. ContractShare of the GPUs are rented take-or-pay for
//     ContractYears from each commissioning at the flat rent per GPU-hour
//     h·(G/Ḡ)·mean(Ḡ over the term): the market's tightness at signing
//     carried along the trend, as a buyer of years of GPU time pays for the
//     decline it expects (docs/CALIBRATION.md §E "Decay rate (derived)").
//     PrepaymentShare of the contract's total is paid at commissioning.
//   - Default. On a tenant default the contracted GPUs rent at market from
//     then on, and RecoveryRate of the damages is received at once: the
//     unpaid contract rent less what the freed GPUs are expected to earn at
//     market over the rest of the term (GPUCloudContract.DamagesUSD).
type GPUCloud struct {
	// GPUsPerMWIT is the number of GPUs one MW of critical IT load holds; in
	// (0, 10000].
	GPUsPerMWIT float64 `json:"gpusPerMWIT"`
	// CapexUSDPerGPU is the all-in cost of one GPU of each new fleet
	// (servers and networking included), in USD; in [0, 1e7]. Later
	// fleets pay the same per GPU and hold more H100-equivalents (see
	// GPUCloud).
	CapexUSDPerGPU float64 `json:"capexUSDPerGPU"`
	// LifeYears is the GPUs' economic life, in years; in (0, 20]. At its end
	// the fleet is replaced at CapexUSDPerGPU and a new contract signed.
	LifeYears float64 `json:"lifeYears"`
	// Utilisation is the share of uncontracted GPU-hours that are rented; in
	// [0, 1].
	Utilisation float64 `json:"utilisation"`
	// QualityDecayPerYear is the rate at which an uncontracted GPU's rent
	// falls, with its age, below the market rent of the H100-equivalents it
	// holds, for wear and failures beyond obsolescence (which the market
	// rent already carries): it earns h·market.State.GPURentUSDPerHour·
	// exp(−QualityDecayPerYear·age); in [0, 5].
	QualityDecayPerYear float64 `json:"qualityDecayPerYear"`
	// OpexUSDPerGPUYear is the operating cost per GPU besides power, in USD
	// per year; in [0, 1e7].
	OpexUSDPerGPUYear float64 `json:"opexUSDPerGPUYear"`
	// ContractShare is the share of the GPUs rented under contract; in [0, 1].
	ContractShare float64 `json:"contractShare"`
	// ContractYears is the contract term from each fleet's commissioning, in
	// years; in (0, LifeYears] when ContractShare > 0. The contract rent is
	// flat and take-or-pay, set at commissioning as GPUCloud says.
	ContractYears float64 `json:"contractYears"`
	// Tenant is the contract tenant's credit class.
	Tenant market.TenantClass `json:"tenant"`
	// PrepaymentShare is the share of each contract's rent paid up front at
	// commissioning; in [0, 1).
	PrepaymentShare float64 `json:"prepaymentShare"`
	// RecoveryRate is the share of the operator's damages on a tenant
	// default (see GPUCloud) recovered at the default; in [0, 1].
	RecoveryRate float64 `json:"recoveryRate"`
	// ShellNOIMargin is the NOI margin at which the converted shell is valued
	// as colocation capacity at the horizon; in [0, 1].
	ShellNOIMargin float64 `json:"shellNOIMargin"`
}

// DefaultGPUCloud returns an H100-class GPU cloud, 80 % contracted for five
// years to a hyperscaler with a 20 % prepayment. On the GPU rent's trend
// (start 2.35 USD per H100-hour, floor 0.33, δ = 0.22/yr) a fleet
// commissioned at the start contracts at 1.55 USD per GPU-hour and earns
// ≈ 11.0 M USD per MW IT in its first year, within 15 % of
// docs/CALIBRATION.md §F11 (IREN–Microsoft, ≈ 9.7 M USD per MW-year with
// GPUs), against 31.4 M USD of GPUs per MW IT. Why its mean NPV is
// negative in the default market: README, "Why the default GPU cloud
// loses money".
func DefaultGPUCloud() GPUCloud {
	return GPUCloud{
		// The GPU market's floor power, 1.275 kW of IT load per GPU with its
		// share of the server and network (market.GPUParams: NVIDIA DGX H100, 10.2
		// kW for 8 GPUs; ≈ 1.7 kW per GPU gross at the site's 0.75 IT
		// fraction): 1000/1.275 = 784 GPUs per MW IT. *derived*.
		GPUsPerMWIT: 784,
		// docs/CALIBRATION.md §E H100 purchase price 25k–40k; the top of the range
		// stands for the GPU plus its share of servers and networking:
		// 31.4 M USD per MW IT, against §F IREN–Microsoft's 5.8 B USD Dell
		// GPU purchase for ≈ 200 MW IT (29 M USD/MW). *derived*.
		CapexUSDPerGPU: 40_000,
		// docs/CALIBRATION.md §E GPU accounting life: 5–6 years (Bernstein, CoreWeave).
		LifeYears: 5,
		// Assumption.
		Utilisation: 0.85,
		// The market rent of an H100-equivalent already falls as new
		// generations arrive (market.GPUParams.GenerationDecayPerYear); an extra
		// decay with age would count that obsolescence twice. *assumption*:
		// no wear beyond it.
		QualityDecayPerYear: 0,
		// Assumption: ≈0.23 $/GPU-h of staff, software and maintenance.
		OpexUSDPerGPUYear: 2_000,
		// Assumption: most capacity contracted, as in IREN–Microsoft (§F).
		ContractShare: 0.8,
		// docs/CALIBRATION.md §F: IREN–Microsoft 5 years (CoreWeave contracts
		// average ~4 years).
		ContractYears: 5,
		// docs/CALIBRATION.md §F11, §G15: Microsoft (AAA/Aaa), an
		// investment-grade tenant.
		Tenant: market.Hyperscaler,
		// docs/CALIBRATION.md §F: IREN–Microsoft 20 % prepayment.
		PrepaymentShare: 0.2,
		// docs/CALIBRATION.md §G: recovery 30–40 %.
		RecoveryRate: 0.35,
		// docs/CALIBRATION.md §F: TeraWulf NOI margin ~85 %.
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
	if g.Tenant < 0 || g.Tenant >= market.NumTenantClasses {
		c.Add("tenant", int(g.Tenant), "one of hyperscaler, ratedNeocloud, unratedNeocloud")
	}
	if !(g.PrepaymentShare >= 0 && g.PrepaymentShare < 1) {
		c.Add("prepaymentShare", g.PrepaymentShare, "in [0, 1)")
	}
	c.Prob("recoveryRate", g.RecoveryRate)
	c.Prob("shellNOIMargin", g.ShellNOIMargin)
	return c.Err()
}

// Business implements ContractTerms: "gpuCloud".
func (g GPUCloud) Business() string { return "gpuCloud" }

// Label implements ContractTerms: "GPU cloud".
func (g GPUCloud) Label() string { return "GPU cloud" }

// NewContract implements ContractTerms: the GPU cloud of a parcel carrying
// itMW MW of IT load on grossMW MW of grid capacity (NewGPUCloudContract).
func (g GPUCloud) NewContract(itMW, grossMW float64) (Contract, error) {
	c, err := NewGPUCloudContract(g, itMW, grossMW)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// TenantClass implements Tenanted: the contract tenant's credit class.
func (g GPUCloud) TenantClass() market.TenantClass { return g.Tenant }

// GPUCloudContract is the per-path state of a GPU cloud on one converted block:
// the fleet's commissioning date and H100-equivalents, its contract and
// default clock. The mechanics are GPUCloud's.
//
// The trend Ḡ comes from the State (market.State.GPUTrend, which a State a Market stepped carries);
// with a State built by hand, which has none, the trend is taken as flat
// at the current rent: every fleet holds one H100-equivalent per GPU and
// contracts at the spot rent.
type GPUCloudContract struct {
	g       GPUCloud
	itMW    float64
	grossMW float64
	gpus    float64

	ready      float64 // first commissioning (+Inf: not scheduled)
	operating  bool
	genStart   float64 // commissioning of the fleet in service
	units      float64 // H100-equivalents per GPU of the fleet in service
	k          rentSchedule
	contracted bool // the contract of the fleet in service is in force
	payShare   float64
	clock      dist.DefaultClock

	defaults    int
	lastDefault float64
}

// NewGPUCloudContract returns the GPU cloud of a converted block with itMW MW of
// critical IT load drawing grossMW MW from the grid. It returns an error if g
// is invalid or a size is negative.
func NewGPUCloudContract(g GPUCloud, itMW, grossMW float64) (GPUCloudContract, error) {
	if !(itMW >= 0) || math.IsInf(itMW, 0) || !(grossMW >= itMW) || math.IsInf(grossMW, 0) {
		return GPUCloudContract{}, fmt.Errorf("site: GPU cloud of %g MW IT on %g MW gross: must be 0 ≤ IT ≤ gross, finite", itMW, grossMW)
	}
	if err := g.Validate(); err != nil {
		return GPUCloudContract{}, err
	}
	b := GPUCloudContract{g: g, itMW: itMW, grossMW: grossMW, gpus: g.GPUsPerMWIT * itMW}
	b.Reset()
	return b, nil
}

// GPUs returns the number of GPUs in the block's fleet.
func (b *GPUCloudContract) GPUs() float64 { return b.gpus }

// UnitsPerGPU returns the H100-equivalents each GPU of the fleet in service
// holds (0 before the first commissioning).
func (b *GPUCloudContract) UnitsPerGPU() float64 { return b.units }

// ContractUSDPerGPUHour returns the contract rent of the fleet in service,
// in USD per contracted GPU-hour (0 when no contract is in force).
func (b *GPUCloudContract) ContractUSDPerGPUHour() float64 {
	if !b.contracted {
		return 0
	}
	return b.k.annual0 / (b.g.ContractShare * b.gpus * yearHours)
}

// Reset starts a new path: nothing scheduled, no defaults.
func (b *GPUCloudContract) Reset() {
	b.ready = math.Inf(1)
	b.operating = false
	b.contracted = false
	b.units = 0
	b.k = rentSchedule{}
	b.defaults = 0
	b.lastDefault = math.NaN()
}

// Commence schedules the first fleet's commissioning at tYears; a block
// already scheduled keeps its date.
func (b *GPUCloudContract) Commence(tYears float64) {
	if !b.operating && math.IsInf(b.ready, 1) {
		b.ready = max(tYears, 0)
	}
}

// Defaults returns the number of tenant defaults so far on this path.
func (b *GPUCloudContract) Defaults() int { return b.defaults }

// LastDefaultYears returns the time of the latest tenant default (NaN if none).
func (b *GPUCloudContract) LastDefaultYears() float64 { return b.lastDefault }

// marketUSDPerGPUHour returns the rent one GPU of a fleet holding units
// H100-equivalents is expected to fetch at market over [a, c], seen from s:
// units·(G/Ḡ)·mean(Ḡ over [a, c]), the market's tightness at s carried
// along the trend (units·G with no trend).
func marketUSDPerGPUHour(s *market.State, units, a, c float64) float64 {
	g := max(s.GPURentUSDPerHour, 0)
	if s.GPUTrend.IsZero() || !(s.GPUTrendUSDPerHour > 0) {
		return units * g
	}
	return units * (g / s.GPUTrendUSDPerHour) * s.GPUTrend.Mean(a, c)
}

// commission buys a fleet at time t and signs its contract with s's market.
func (b *GPUCloudContract) commission(cf *CashFlow, s *market.State, r *dist.Rand, t float64) {
	cf.CapexUSD += b.gpus * b.g.CapexUSDPerGPU
	b.operating = true
	b.genStart = t
	b.units = 1
	if !s.GPUTrend.IsZero() {
		b.units = s.GPUTrend.At(0) / s.GPUTrend.At(t)
	}
	b.contracted = b.g.ContractShare > 0
	b.payShare = 1
	if b.contracted {
		n := b.g.ContractShare * b.gpus
		end := t + b.g.ContractYears
		b.k = rentSchedule{start: t, end: end, annual0: marketUSDPerGPUHour(s, b.units, t, end) * n * yearHours}
		b.payShare = 1 - b.g.PrepaymentShare
		cf.GPURentUSD += b.g.PrepaymentShare * b.k.accrued(b.k.start, b.k.end)
	}
	b.clock.Reset(r)
}

// Step implements Contract: it books into cf the step that produced s: GPU
// rent (contracted, prepaid and market), power, opex, GPU capex at each
// commissioning and recoveries on a default. Each new fleet's default clock
// draws one uniform from r.
func (b *GPUCloudContract) Step(s *market.State, r *dist.Rand, cf *CashFlow) {
	if b.gpus == 0 {
		return
	}
	t0, t1 := stepSpan(s)
	t := t0
	for ev := 0; t < t1 && ev < maxEventsPerStep; ev++ {
		if !b.operating {
			if !(b.ready < t1) {
				return
			}
			t = max(t, b.ready)
			b.commission(cf, s, r, t)
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
				b.accrue(cf, s, t, tau)
				cf.RecoveryUSD += b.g.RecoveryRate * b.DamagesUSD(s, tau)
				b.contracted = false
				b.defaults++
				b.lastDefault = tau
				t = tau
				continue
			}
			b.accrue(cf, s, t, cend)
			t = cend
			if t >= b.k.end {
				b.contracted = false
			}
		} else {
			b.accrue(cf, s, t, end)
			t = end
		}
		if t >= eol {
			b.commission(cf, s, r, eol)
		}
	}
	return
}

// DamagesUSD returns the operator's damages, before recovery, if the
// contract tenant defaults at tauYears, seen from s: the contract rent
// still unpaid over [tauYears, end of term] (the prepaid share is not
// owed) less what the contracted GPUs are expected to earn at market over
// that time at Utilisation, never below 0; 0 without a contract in force.
func (b *GPUCloudContract) DamagesUSD(s *market.State, tauYears float64) float64 {
	if !b.contracted || !(b.k.end > tauYears) {
		return 0
	}
	owed := b.payShare * b.k.accrued(tauYears, b.k.end)
	resale := b.g.ContractShare * b.gpus * b.g.Utilisation * yearHours * (b.k.end - tauYears) *
		marketUSDPerGPUHour(s, b.units, tauYears, b.k.end)
	return max(owed-resale, 0)
}

// accrue books rent, power and opex over [a, c] with the current contract state.
func (b *GPUCloudContract) accrue(cf *CashFlow, s *market.State, a, c float64) {
	if !(c > a) {
		return
	}
	spot := b.gpus
	if b.contracted {
		cf.GPURentUSD += b.payShare * b.k.accrued(a, c)
		spot -= b.g.ContractShare * b.gpus
	}
	cf.GPURentUSD += spot * b.units * max(s.GPURentUSDPerHour, 0) * b.g.Utilisation * yearHours * b.qualityYears(a, c)
	cf.PowerUSD += b.grossMW * yearHours * (c - a) * s.PowerUSDPerMWh
	cf.OpexUSD += b.gpus * b.g.OpexUSDPerGPUYear * (c - a)
}

// qualityYears returns ∫ₐᶜ exp(−d·(t − genStart)) dt, the quality-weighted
// time of the fleet in service over [a, c].
func (b *GPUCloudContract) qualityYears(a, c float64) float64 {
	d := b.g.QualityDecayPerYear
	if d == 0 {
		return c - a
	}
	return (math.Exp(-d*(a-b.genStart)) - math.Exp(-d*(c-b.genStart))) / d
}

// TerminalUSD returns the block's value at the horizon h (the end of the
// step that produced s): the shell valued as colocation capacity at the
// market rent, M·NOI with NOI = ShellNOIMargin × rent and M =
// exitMultiple, plus the fleet's straight-line book value. A block whose
// first fleet is due at h + w is worth the shell's M·NOI·e^(−w/M),
// discounted for the wait at the exit yield 1/M as LeaseContract.TerminalUSD
// does (the fleet it will buy is worth its price then); Parcel.TerminalUSD
// nets the conversion capex still to be spent against it. A block never
// scheduled is worth 0.
func (b *GPUCloudContract) TerminalUSD(s *market.State, exitMultiple float64) float64 {
	if !b.operating && math.IsInf(b.ready, 1) {
		return 0
	}
	h := s.TimeYears
	noi := b.g.ShellNOIMargin * s.ColoRentUSDPerKWMonth * b.itMW * 1000 * monthsPerYear
	v := exitMultiple * noi
	if !b.operating {
		return v * exitDiscount(max(b.ready-h, 0), exitMultiple)
	}
	left := max(b.genStart+b.g.LifeYears-h, 0)
	return v + b.gpus*b.g.CapexUSDPerGPU*left/b.g.LifeYears
}
