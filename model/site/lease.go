package site

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/strictjson"
	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// Lease is a colocation lease of converted capacity: a tenant of a credit
// class pays rent per kW-month of critical IT load for a term, with an
// annual escalator; the landlord keeps a net operating margin. Power is the
// tenant's (passed through), and the load is not curtailable.
type Lease struct {
	// Tenant is the tenant's credit class; its default intensity is
	// market.State.TenantHazardPerYear[Tenant].
	Tenant market.TenantClass `json:"tenant"`
	// RentUSDPerKWMonth is the contracted rent in the first lease year, in
	// USD per kW of IT load per month; 0 means the market rent
	// (market.State.ColoRentUSDPerKWMonth) of the step in which rent starts; in
	// [0, 10000].
	RentUSDPerKWMonth float64 `json:"rentUSDPerKWMonth"`
	// TermYears is the lease term, in years; in (0, 50].
	TermYears float64 `json:"termYears"`
	// EscalatorPerYear is the rent increase at each anniversary; in [-0.5, 0.5].
	EscalatorPerYear float64 `json:"escalatorPerYear"`
	// NOIMargin is the share of rent the landlord keeps after operating
	// costs; in [0, 1]. The costs (1 − NOIMargin)·rent are booked as opex,
	// and go on at the last rent's level while the space is vacant.
	NOIMargin float64 `json:"noiMargin"`
	// PrepaymentShare is the share of the first lease's contracted rent the
	// tenant pays up front when rent starts; in [0, 1). The rest is paid as it
	// accrues.
	PrepaymentShare float64 `json:"prepaymentShare"`
	// BackstopShare caps a third party's guarantee of the first lease: on a
	// tenant default the guarantor pays the rent as it falls due until it
	// has paid this share of the lease's total contracted rent (see
	// LeaseContract); in [0, 1].
	BackstopShare float64 `json:"backstopShare"`
	// RecoveryRate is the share of the landlord's claim on a terminated
	// lease (capped as LeaseContract describes) recovered from the defaulted
	// tenant; in [0, 1].
	RecoveryRate float64 `json:"recoveryRate"`
	// ReleaseDelayMonths is how long the space stays empty after a lease
	// terminates on a default before a new tenant moves in, in months,
	// drawn at each default; its support must be ≥ 0 and its mean ≤ 1200.
	ReleaseDelayMonths dist.Spec `json:"releaseDelayMonths"`
}

// DefaultLease returns a 10-year colocation lease to a hyperscaler-class
// tenant at market rent with a 2.5 % escalator and an 85 % NOI margin.
func DefaultLease() Lease {
	return Lease{
		// docs/CALIBRATION.md §G: the class of an investment-grade or
		// Google-backstopped tenant (the TeraWulf, Cipher and Hut 8 deals).
		Tenant: market.Hyperscaler,
		// Market rent at signing: docs/CALIBRATION.md §F colocation deals ≈
		// 102–177 $/kW-mo (122–158 from Core Scientific to Hut 8).
		RentUSDPerKWMonth: 0,
		// docs/CALIBRATION.md §F: TeraWulf and Cipher base terms are 10 years
		// (Hut 8, Cipher–AWS, Galaxy, Applied Digital 15).
		TermYears: 10,
		// docs/CALIBRATION.md §F "Escalator default": 2–3 %/yr, an
		// assumption anchored on §F "Escalators" (% not disclosed).
		EscalatorPerYear: 0.025,
		// docs/CALIBRATION.md §F: TeraWulf NOI margin ~85 %, Cipher 80–85 %.
		NOIMargin: 0.85,
		// Colocation deals in §F disclose no prepayment (IREN's 20 % is a
		// GPU cloud contract).
		PrepaymentShare: 0,
		// The hyperscaler class already carries the guarantee in its hazard.
		BackstopShare: 0,
		// docs/CALIBRATION.md §G: recovery 30–40 % (of the claim, capped by
		// 11 U.S.C. §502(b)(6); see LeaseContract).
		RecoveryRate: 0.35,
		// docs/CALIBRATION.md §G: re-leasing delay of 6–18 months.
		ReleaseDelayMonths: dist.PERTSpec(6, 12, 18),
	}
}

// UnmarshalJSON decodes l over its current value (so fields left out keep
// it), except that a releaseDelayMonths given in the JSON replaces the
// current distribution whole. Unknown fields, in l or in its distribution,
// are errors; JSON null leaves l unchanged.
func (l *Lease) UnmarshalJSON(b []byte) error {
	if strictjson.IsNull(b) {
		return nil
	}
	type plain Lease
	p := plain(*l)
	if err := strictjson.Unmarshal(b, &p); err != nil {
		return err
	}
	if err := freshSpecs(b, map[string]*dist.Spec{"releaseDelayMonths": &p.ReleaseDelayMonths}); err != nil {
		return err
	}
	*l = Lease(p)
	return nil
}

// JSONFields implements strictjson.Object: a lease's JSON members are its
// struct fields.
func (l Lease) JSONFields() []strictjson.Field { return strictjson.StructFields(l) }

// Validate reports every invalid field with its value and allowed range.
func (l Lease) Validate() error {
	var c valid.Checker
	if l.Tenant < 0 || l.Tenant >= market.NumTenantClasses {
		c.Add("tenant", int(l.Tenant), "one of hyperscaler, ratedNeocloud, unratedNeocloud")
	}
	c.Range("rentUSDPerKWMonth", l.RentUSDPerKWMonth, 0, 10000)
	if !(l.TermYears > 0 && l.TermYears <= 50) {
		c.Add("termYears", l.TermYears, "in (0, 50]")
	}
	c.Range("escalatorPerYear", l.EscalatorPerYear, -0.5, 0.5)
	c.Prob("noiMargin", l.NOIMargin)
	if !(l.PrepaymentShare >= 0 && l.PrepaymentShare < 1) {
		c.Add("prepaymentShare", l.PrepaymentShare, "in [0, 1)")
	}
	c.Prob("backstopShare", l.BackstopShare)
	c.Prob("recoveryRate", l.RecoveryRate)
	checkSpec(&c, "releaseDelayMonths", l.ReleaseDelayMonths, 0, 1200)
	return c.Err()
}

// Business implements ContractTerms: "colocation".
func (l Lease) Business() string { return "colocation" }

// Label implements ContractTerms: "colocation".
func (l Lease) Label() string { return "colocation" }

// NewContract implements ContractTerms: the leases of a parcel carrying
// itMW MW of IT load (NewLeaseContract; the gross MW do not matter, the
// tenant pays the power).
func (l Lease) NewContract(itMW, _ float64) (Contract, error) {
	c, err := NewLeaseContract(l, itMW)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// TenantClass implements Tenanted: the tenant's credit class.
func (l Lease) TenantClass() market.TenantClass { return l.Tenant }

// leasePhase is where a LeaseContract is in its life.
type leasePhase int

const (
	leaseIdle       leasePhase = iota // rent has not started
	leaseActive                       // a tenant pays rent
	leaseGuaranteed                   // the tenant has defaulted and the guarantor pays the rent
	leaseVacant                       // empty after a lease terminated on a default
)

// maxEventsPerStep bounds the lease and GPU events handled within one step
// (defaults and re-leases); past it the rest of the step is left idle. Only
// absurd inputs (default intensities of thousands per year with no
// re-leasing delay) reach it.
const maxEventsPerStep = 256

// Bounds of the landlord's claim for a terminated lease, 11 U.S.C.
// §502(b)(6)(A): the rent reserved for the greater of one year or 15 % of
// the remaining term, not exceeding three years.
const (
	claimMinYears  = 1
	claimTermShare = 0.15
	claimMaxYears  = 3
)

// LeaseContract is the per-path state of the colocation leases of one converted
// block: the lease in force, its tenant's default clock, the guarantee,
// vacancy after a default and renewals at market rent. On a path:
//
//   - Signing. The first lease starts at the time given to Commence, at its
//     contracted rent (or the market rent, market.State.ColoRentUSDPerKWMonth,
//     when the contract names none), with its prepayment and backstop. Every
//     later lease starts at the market rent of the step it begins in, for a
//     full term, without prepayment or backstop; at the end of a term the
//     space is re-leased at market at once.
//   - Default. The tenant defaults at τ when its dist.DefaultClock, driven by
//     market.State.TenantHazardPerYear[Tenant], fires; rent is paid up to τ.
//   - Backstop. As in docs/CALIBRATION.md §G "Backstop mechanics", the
//     guarantor then pays the contracted rent as it falls due, booked as
//     RecoveryUSD, until it has paid the first lease's BackstopShare of its
//     total contracted rent or the term ends; only then does the lease
//     terminate. The guarantor's own default is not modelled.
//   - Claim. On an early termination the claim on the tenant is capped as
//     US bankruptcy law (11 U.S.C. §502(b)(6)) caps a lessor's: the rent
//     reserved for the greater of one year or 15 % of the remaining term
//     (in time, from τ), at most three years, and at most the rent still
//     owed after the guarantor's payments (the prepaid share is not owed).
//     RecoveryRate of it is received at termination, as RecoveryUSD.
//   - Vacancy. The space stays empty for a delay drawn from
//     ReleaseDelayMonths, its operating costs running on at the last rent's
//     level, then re-leases at the market rent of the step the new tenant
//     moves in.
//
// A default pays the landlord only when the re-leasing rent m exceeds the
// contract rent R by enough to cover the vacancy: with the defaults, a
// default five years before the end of the term loses ≈ 0.65R in the
// vacant year and gains 0.85·(m − R) a year for four, so m must exceed R
// by about a fifth. In the default market colocation rents fall when
// tenants' hazards rise (market.ColoParams, market.CreditParams), so a
// higher default intensity lowers the lease's mean value.
//
// Each tenant's draws (its default clock's threshold and, on its default,
// the re-leasing delay) come from a stream of its own, forked at signing
// from the stream Step receives, so one tenant's default does not shift
// another's draws.
type LeaseContract struct {
	l     Lease
	kw    float64
	delay dist.Sampler
	pow   []float64 // escalationTable over the term (shared, read-only)

	phase        leasePhase
	commence     float64 // start of the first lease (+Inf: not scheduled)
	k            rentSchedule
	first        bool      // the lease in force is the first one
	payShare     float64   // share of accruing rent paid as it accrues
	backstopLeft float64   // guarantee left on the first lease, USD
	defaultYears float64   // the default (petition) time of the lease in force
	tenant       dist.Rand // the stream of the lease in force's tenant
	clock        dist.DefaultClock
	vacantUntil  float64
	vacantOpex   float64 // opex per year while vacant, USD

	defaults    int
	lastDefault float64
}

// NewLeaseContract returns the leases of a converted block of itMW MW of
// critical IT load. It returns an error if l is invalid or itMW negative.
func NewLeaseContract(l Lease, itMW float64) (LeaseContract, error) {
	if !(itMW >= 0) || math.IsInf(itMW, 0) {
		return LeaseContract{}, fmt.Errorf("site: lease of %g MW IT: must be ≥ 0 and finite", itMW)
	}
	if err := l.Validate(); err != nil {
		return LeaseContract{}, err
	}
	d, err := l.ReleaseDelayMonths.Sampler()
	if err != nil {
		return LeaseContract{}, fmt.Errorf("site: releaseDelayMonths: %w", err)
	}
	b := LeaseContract{l: l, kw: itMW * 1000, delay: d, pow: escalationTable(l.EscalatorPerYear, int(math.Ceil(l.TermYears))+1)}
	b.Reset()
	return b, nil
}

// Reset starts a new path: no lease scheduled, no defaults.
func (b *LeaseContract) Reset() {
	b.phase = leaseIdle
	b.commence = math.Inf(1)
	b.k = rentSchedule{}
	b.defaults = 0
	b.lastDefault = math.NaN()
}

// Commence schedules the first lease's rent to start at tYears; a block
// already scheduled keeps its date.
func (b *LeaseContract) Commence(tYears float64) {
	if b.phase == leaseIdle && math.IsInf(b.commence, 1) {
		b.commence = max(tYears, 0)
	}
}

// Defaults returns the number of tenant defaults so far on this path.
func (b *LeaseContract) Defaults() int { return b.defaults }

// LastDefaultYears returns the time of the latest tenant default (NaN if none).
func (b *LeaseContract) LastDefaultYears() float64 { return b.lastDefault }

// Leased reports whether rent is being paid, by the tenant or by a
// guarantor after its default, at the end of the last step.
func (b *LeaseContract) Leased() bool { return b.phase == leaseActive || b.phase == leaseGuaranteed }

// Guaranteed reports whether the guarantor is paying the rent of a
// defaulted tenant at the end of the last step.
func (b *LeaseContract) Guaranteed() bool { return b.phase == leaseGuaranteed }

// BackstopLeftUSD returns the part of the guarantee not yet paid out, in USD.
func (b *LeaseContract) BackstopLeftUSD() float64 { return b.backstopLeft }

// RentUSDPerKWMonth returns the contracted rent in force at tYears, in USD per
// kW-month (0 when no lease is in force).
func (b *LeaseContract) RentUSDPerKWMonth(tYears float64) float64 {
	if !b.Leased() {
		return 0
	}
	return b.k.rateAt(tYears) / (b.kw * monthsPerYear)
}

// sign starts a lease at time t: the first one at the contracted rent with
// its prepayment and backstop, later ones at s's market rent. The new
// tenant's stream is forked from r.
func (b *LeaseContract) sign(cf *CashFlow, s *market.State, r *dist.Rand, t float64, first bool) {
	rate := s.ColoRentUSDPerKWMonth
	if first && b.l.RentUSDPerKWMonth > 0 {
		rate = b.l.RentUSDPerKWMonth
	}
	b.k = rentSchedule{start: t, end: t + b.l.TermYears, annual0: max(rate, 0) * b.kw * monthsPerYear, esc: b.l.EscalatorPerYear, pow: b.pow}
	b.first = first
	b.payShare = 1
	b.backstopLeft = 0
	if first {
		total := b.k.accrued(b.k.start, b.k.end)
		b.payShare = 1 - b.l.PrepaymentShare
		b.backstopLeft = b.l.BackstopShare * total
		cf.LeaseUSD += b.l.PrepaymentShare * total
	}
	r.Fork(&b.tenant)
	b.clock.Reset(&b.tenant)
	b.phase = leaseActive
}

// Step implements Contract: it books into cf the step that produced s:
// rent received (and any prepayment), the landlord's operating costs, the
// guarantor's payments and the recovery of a claim. Each new tenant's
// stream is forked from r.
func (b *LeaseContract) Step(s *market.State, r *dist.Rand, cf *CashFlow) {
	if b.kw == 0 {
		return
	}
	t0, t1 := stepSpan(s)
	t := t0
	for ev := 0; t < t1 && ev < maxEventsPerStep; ev++ {
		switch b.phase {
		case leaseIdle:
			if !(b.commence < t1) {
				return
			}
			t = max(t, b.commence)
			b.sign(cf, s, r, t, true)
		case leaseActive:
			end := min(t1, b.k.end)
			seg := end - t
			hit, frac := b.clock.Step(s.TenantHazardPerYear[b.l.Tenant], seg)
			if hit {
				tau := t + frac*seg
				rent := b.k.accrued(t, tau) // rent and operating costs to the default
				cf.LeaseUSD += b.payShare * rent
				cf.OpexUSD += (1 - b.l.NOIMargin) * rent
				b.onDefault(cf, tau)
				t = tau
				continue
			}
			rent := b.k.accrued(t, end) // rent and operating costs over [t, end]
			cf.LeaseUSD += b.payShare * rent
			cf.OpexUSD += (1 - b.l.NOIMargin) * rent
			t = end
			if t >= b.k.end {
				b.sign(cf, s, r, b.k.end, false)
			}
		case leaseGuaranteed:
			end := min(t1, b.k.end)
			rent := b.k.accrued(t, end)
			if due := b.payShare * rent; due <= b.backstopLeft {
				b.backstopLeft -= due
				cf.RecoveryUSD += due
				cf.OpexUSD += (1 - b.l.NOIMargin) * rent
				t = end
				if t >= b.k.end {
					b.sign(cf, s, r, b.k.end, false) // the guarantee saw the term out
				}
				continue
			}
			// The guarantee runs out inside [t, end], at te.
			te := min(max(b.k.timeAt(t, b.backstopLeft/b.payShare), t), end)
			cf.RecoveryUSD += b.backstopLeft
			cf.OpexUSD += (1 - b.l.NOIMargin) * b.k.accrued(t, te)
			b.backstopLeft = 0
			b.terminate(cf, te)
			t = te
		case leaseVacant:
			end := min(t1, b.vacantUntil)
			cf.OpexUSD += b.vacantOpex * (end - t)
			t = end
			if t >= b.vacantUntil {
				b.sign(cf, s, r, b.vacantUntil, false)
			}
		}
	}
	return
}

// onDefault handles the tenant's default at tau: the guarantor takes the
// lease over while its guarantee lasts, or the lease terminates.
func (b *LeaseContract) onDefault(cf *CashFlow, tau float64) {
	b.defaults++
	b.lastDefault = tau
	b.defaultYears = tau
	if b.backstopLeft > 0 && tau < b.k.end {
		b.phase = leaseGuaranteed
		return
	}
	b.terminate(cf, tau)
}

// ClaimUSD returns the landlord's claim, before recovery, on a tenant that
// defaulted at tauYears when the lease it held terminates at endYears
// (≥ tauYears): the rent still owed over [endYears, term end], capped at
// the rent reserved for min(max(1, 0.15·(term end − tauYears)), 3) years
// from tauYears (11 U.S.C. §502(b)(6)); both count only the share of rent
// paid as it accrues. It is 0 when no lease is in force.
func (b *LeaseContract) ClaimUSD(tauYears, endYears float64) float64 {
	if !b.Leased() {
		return 0
	}
	capYears := min(max(claimMinYears, claimTermShare*(b.k.end-tauYears)), claimMaxYears)
	reserved := b.payShare * b.k.accrued(tauYears, tauYears+capYears)
	owed := b.payShare * b.k.accrued(endYears, b.k.end)
	return min(reserved, owed)
}

// terminate ends the lease in force at te after a default: the recovery of
// the landlord's claim, then vacancy until a re-leasing delay drawn from
// the tenant's stream has passed.
func (b *LeaseContract) terminate(cf *CashFlow, te float64) {
	cf.RecoveryUSD += b.l.RecoveryRate * b.ClaimUSD(b.defaultYears, te)
	b.vacantOpex = (1 - b.l.NOIMargin) * b.k.rateAt(te)
	b.vacantUntil = te + max(b.delay.Sample(&b.tenant), 0)/monthsPerYear
	b.phase = leaseVacant
}

// NOIUSDPerYear returns the annual net operating income in force at the end
// of the step that produced s, in USD per year: the contracted rent paid as
// it accrues (by the tenant or its guarantor) less operating costs while
// leased; the market rent's NOI otherwise (the space is valued as
// re-lettable).
func (b *LeaseContract) NOIUSDPerYear(s *market.State) float64 {
	if b.Leased() {
		rate := b.k.rateAt(s.TimeYears)
		return (b.payShare - (1 - b.l.NOIMargin)) * rate
	}
	return b.l.NOIMargin * s.ColoRentUSDPerKWMonth * b.kw * monthsPerYear
}

// TerminalUSD returns the block's value at the horizon h (the end of the
// step that produced s), with M = exitMultiple:
//
//   - leased (by the tenant or, after its default, the guarantor):
//     M·NOI, NOIUSDPerYear capitalised;
//   - vacant until h + w: the re-let space's M·NOI at the market rent,
//     discounted for the wait at the exit yield 1/M, less the vacancy's
//     operating costs discounted the same way, floored at 0 (the owner
//     may walk away from the space): max(M·NOI·e^(−w/M) − c·M·(1 − e^(−w/M)), 0);
//   - rent due to start at h + w (the space is still being built):
//     M·NOI·e^(−w/M) at the market rent; Parcel.TerminalUSD nets the
//     conversion capex still to be spent against it;
//   - never scheduled to commence: 0.
//
// The exit yield 1/M is the return a buyer paying M times NOI earns; the
// discount e^(−w/M) = 1 − w/M + … is, for short waits, the NOI lost while
// waiting (M·NOI − NOI·w), and stays positive for any wait.
func (b *LeaseContract) TerminalUSD(s *market.State, exitMultiple float64) float64 {
	h := s.TimeYears
	noi := b.NOIUSDPerYear(s)
	switch b.phase {
	case leaseActive, leaseGuaranteed:
		return exitMultiple * noi
	case leaseVacant:
		wait := max(b.vacantUntil-h, 0)
		return max(exitMultiple*noi*exitDiscount(wait, exitMultiple)-b.vacantOpex*exitYears(0, wait, exitMultiple), 0)
	default:
		if math.IsInf(b.commence, 1) {
			return 0
		}
		return exitMultiple * noi * exitDiscount(max(b.commence-h, 0), exitMultiple)
	}
}
