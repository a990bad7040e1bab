package model

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// MarshalText returns the class's JSON name (see String).
func (c TenantClass) MarshalText() ([]byte, error) {
	if c < 0 || c >= NumTenantClasses {
		return nil, fmt.Errorf("model: tenant class %d: must be one of hyperscaler, ratedNeocloud, unratedNeocloud", int(c))
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
	return fmt.Errorf("model: tenant class %q: must be one of hyperscaler, ratedNeocloud, unratedNeocloud", string(b))
}

// contract is a rent schedule: annual0 USD per year in the first contract
// year, escalating by esc at each anniversary, over [start, end].
type contract struct {
	start, end float64
	annual0    float64
	esc        float64
	pow        []float64 // (1+esc)^y for whole y = 0, 1, …, len−1 (may be nil)
}

// escalation returns (1+esc)^y for a whole y ≥ 0: from the table when it
// holds y, else by math.Pow (the table holds the same math.Pow values).
func (k *contract) escalation(y float64) float64 {
	if e, ok := k.tabled(y); ok {
		return e
	}
	return math.Pow(1+k.esc, y)
}

// tabled returns (1+esc)^y from the table, and whether the table holds y
// (small enough to inline where escalation, with its math.Pow, is not).
func (k *contract) tabled(y float64) (float64, bool) {
	if i := int(y); uint(i) < uint(len(k.pow)) && float64(i) == y {
		return k.pow[i], true
	}
	return 0, false
}

// escalationTable returns (1+esc)^y for y = 0..n.
func escalationTable(esc float64, n int) []float64 {
	t := make([]float64, n+1)
	for y := range t {
		t[y] = math.Pow(1+esc, float64(y))
	}
	return t
}

// rateAt returns the annual rent in force at time t, in USD per year.
func (k *contract) rateAt(t float64) float64 {
	y := math.Floor(max(t-k.start, 0))
	return k.annual0 * k.escalation(y)
}

// accrued returns the rent accruing over [a, b] ∩ [start, end], in USD.
func (k *contract) accrued(a, b float64) float64 {
	a = max(a, k.start)
	b = min(b, k.end)
	if !(b > a) {
		return 0
	}
	var sum float64
	for y := math.Floor(a - k.start); k.start+y < b; y++ {
		e, ok := k.tabled(y)
		if !ok {
			e = math.Pow(1+k.esc, y)
		}
		sum += k.annual0 * e * overlapYears(a, b, k.start+y, k.start+y+1)
	}
	return sum
}

// Lease is a colocation lease of converted capacity: a tenant of a credit
// class pays rent per kW-month of critical IT load for a term, with an
// annual escalator; the landlord keeps a net operating margin. Power is the
// tenant's (passed through), and the load is not curtailable.
type Lease struct {
	// Tenant is the tenant's credit class; its default intensity is
	// State.TenantHazardPerYear[Tenant].
	Tenant TenantClass `json:"tenant"`
	// RentUSDPerKWMonth is the contracted rent in the first lease year, in
	// USD per kW of IT load per month; 0 means the market rent
	// (State.ColoRentUSDPerKWMonth) of the step in which rent starts; in
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
	// BackstopShare caps a third party's guarantee of the first lease's
	// remaining rent on a tenant default, as a share of that lease's total
	// contracted rent; in [0, 1].
	BackstopShare float64 `json:"backstopShare"`
	// RecoveryRate is the share of the unguaranteed remaining rent
	// recovered on a default; in [0, 1].
	RecoveryRate float64 `json:"recoveryRate"`
	// ReleaseDelayMonths is how long the space stays empty after a default
	// before a new tenant moves in, in months, drawn at each default; its
	// support must be ≥ 0 and its mean ≤ 1200.
	ReleaseDelayMonths dist.Spec `json:"releaseDelayMonths"`
}

// DefaultLease returns a 10-year colocation lease to a hyperscaler-class
// tenant at market rent with a 2.5 % escalator and an 85 % NOI margin.
func DefaultLease() Lease {
	return Lease{
		// CALIBRATION.md §G: the class of an investment-grade or
		// Google-backstopped tenant (the TeraWulf, Cipher and Hut 8 deals).
		Tenant: Hyperscaler,
		// Market rent at signing: CALIBRATION.md §F deals ≈ 122–158 $/kW-mo.
		RentUSDPerKWMonth: 0,
		// CALIBRATION.md §F: TeraWulf and Cipher base terms are 10 years
		// (Hut 8, Cipher–AWS, Galaxy, Applied Digital 15).
		TermYears: 10,
		// CALIBRATION.md §F escalators: "annual escalators", % not disclosed;
		// default 2–3 %/yr (assumption row).
		EscalatorPerYear: 0.025,
		// CALIBRATION.md §F: TeraWulf NOI margin ~85 %, Cipher 80–85 %.
		NOIMargin: 0.85,
		// Colocation deals in §F disclose no prepayment (IREN's 20 % is a
		// GPU cloud contract).
		PrepaymentShare: 0,
		// The hyperscaler class already carries the guarantee in its hazard.
		BackstopShare: 0,
		// CALIBRATION.md §G: recovery 30–40 % of remaining contract value.
		RecoveryRate: 0.35,
		// CALIBRATION.md §G: re-leasing delay of 6–18 months.
		ReleaseDelayMonths: dist.PERTSpec(6, 12, 18),
	}
}

// UnmarshalJSON decodes l over its current value (so fields left out keep
// it), except that a releaseDelayMonths given in the JSON replaces the
// current distribution whole. Unknown fields, in l or in its distribution,
// are errors; JSON null leaves l unchanged.
func (l *Lease) UnmarshalJSON(b []byte) error {
	if isJSONNull(b) {
		return nil
	}
	type plain Lease
	p := plain(*l)
	if err := decodeJSONStrict(b, &p); err != nil {
		return err
	}
	if err := freshSpecs(b, map[string]*dist.Spec{"releaseDelayMonths": &p.ReleaseDelayMonths}); err != nil {
		return err
	}
	*l = Lease(p)
	return nil
}

// Validate reports every invalid field with its value and allowed range.
func (l Lease) Validate() error {
	var c valid.Checker
	if l.Tenant < 0 || l.Tenant >= NumTenantClasses {
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

// leasePhase is where a LeaseBlock is in its life.
type leasePhase int

const (
	leaseIdle   leasePhase = iota // rent has not started
	leaseActive                   // a tenant pays rent
	leaseVacant                   // empty after a default, waiting for a new tenant
)

// maxEventsPerStep bounds the lease and GPU events handled within one step
// (defaults and re-leases); past it the rest of the step is left idle. Only
// absurd inputs (default intensities of thousands per year with no
// re-leasing delay) reach it.
const maxEventsPerStep = 256

// LeaseBlock is the per-path state of the colocation leases of one converted
// block: the lease in force, its default clock, vacancy after a default and
// renewals at market rent.
//
// The first lease starts at the time given to Commence (at its contracted
// rent, prepayment and backstop). On a tenant default (a dist.DefaultClock
// driven by State.TenantHazardPerYear[Tenant]) the block receives the
// guaranteed part of the remaining rent (up to the backstop) plus the
// recovery rate on the rest, in the step of the default; the space then
// stays empty for a drawn re-leasing delay and is re-leased, for a new full
// term, at the market rent of the step the new tenant moves in, with a new
// default clock. At the end of a term the space is re-leased at market rent
// at once. Re-leases carry no prepayment or backstop.
type LeaseBlock struct {
	l     Lease
	kw    float64
	delay dist.Sampler
	pow   []float64 // escalationTable over the term (shared, read-only)

	phase        leasePhase
	commence     float64 // start of the first lease (+Inf: not scheduled)
	k            contract
	first        bool    // the lease in force is the first one
	payShare     float64 // share of accruing rent paid as it accrues
	backstopLeft float64 // guarantee left on the first lease, USD
	clock        dist.DefaultClock
	vacantUntil  float64
	vacantOpex   float64 // opex per year while vacant, USD

	defaults    int
	lastDefault float64
}

// NewLeaseBlock returns the leases of a converted block of itMW MW of
// critical IT load. It returns an error if l is invalid or itMW negative.
func NewLeaseBlock(l Lease, itMW float64) (LeaseBlock, error) {
	if !(itMW >= 0) || math.IsInf(itMW, 0) {
		return LeaseBlock{}, fmt.Errorf("model: lease of %g MW IT: must be ≥ 0 and finite", itMW)
	}
	if err := l.Validate(); err != nil {
		return LeaseBlock{}, err
	}
	d, err := l.ReleaseDelayMonths.Sampler()
	if err != nil {
		return LeaseBlock{}, fmt.Errorf("model: releaseDelayMonths: %w", err)
	}
	b := LeaseBlock{l: l, kw: itMW * 1000, delay: d, pow: escalationTable(l.EscalatorPerYear, int(math.Ceil(l.TermYears))+1)}
	b.Reset()
	return b, nil
}

// Reset starts a new path: no lease scheduled, no defaults.
func (b *LeaseBlock) Reset() {
	b.phase = leaseIdle
	b.commence = math.Inf(1)
	b.k = contract{}
	b.defaults = 0
	b.lastDefault = math.NaN()
}

// Commence schedules the first lease's rent to start at tYears; a block
// already scheduled keeps its date.
func (b *LeaseBlock) Commence(tYears float64) {
	if b.phase == leaseIdle && math.IsInf(b.commence, 1) {
		b.commence = max(tYears, 0)
	}
}

// Defaults returns the number of tenant defaults so far on this path.
func (b *LeaseBlock) Defaults() int { return b.defaults }

// LastDefaultYears returns the time of the latest tenant default (NaN if none).
func (b *LeaseBlock) LastDefaultYears() float64 { return b.lastDefault }

// Leased reports whether a tenant is paying rent at the end of the last step.
func (b *LeaseBlock) Leased() bool { return b.phase == leaseActive }

// RentUSDPerKWMonth returns the contracted rent in force at tYears, in USD per
// kW-month (0 when no lease is in force).
func (b *LeaseBlock) RentUSDPerKWMonth(tYears float64) float64 {
	if b.phase != leaseActive {
		return 0
	}
	return b.k.rateAt(tYears) / (b.kw * monthsPerYear)
}

// sign starts a lease at time t: the first one at the contracted rent with
// its prepayment and backstop, later ones at s's market rent.
func (b *LeaseBlock) sign(cf *CashFlow, s *State, r *dist.Rand, t float64, first bool) {
	rate := s.ColoRentUSDPerKWMonth
	if first && b.l.RentUSDPerKWMonth > 0 {
		rate = b.l.RentUSDPerKWMonth
	}
	b.k = contract{start: t, end: t + b.l.TermYears, annual0: max(rate, 0) * b.kw * monthsPerYear, esc: b.l.EscalatorPerYear, pow: b.pow}
	b.first = first
	b.payShare = 1
	b.backstopLeft = 0
	if first {
		total := b.k.accrued(b.k.start, b.k.end)
		b.payShare = 1 - b.l.PrepaymentShare
		b.backstopLeft = b.l.BackstopShare * total
		cf.LeaseUSD += b.l.PrepaymentShare * total
	}
	b.clock.Reset(r)
	b.phase = leaseActive
}

// Step books the step that produced s: rent received (and any prepayment),
// the landlord's operating costs, and recoveries on a default. Randomness
// for re-leasing delays and new tenants' default clocks comes from r.
func (b *LeaseBlock) Step(s *State, r *dist.Rand) CashFlow {
	var cf CashFlow
	if b.kw == 0 {
		return cf
	}
	t0, t1 := stepSpan(s)
	t := t0
	for ev := 0; t < t1 && ev < maxEventsPerStep; ev++ {
		switch b.phase {
		case leaseIdle:
			if !(b.commence < t1) {
				return cf
			}
			t = max(t, b.commence)
			b.sign(&cf, s, r, t, true)
		case leaseActive:
			end := min(t1, b.k.end)
			seg := end - t
			hit, frac := b.clock.Step(s.TenantHazardPerYear[b.l.Tenant], seg)
			if hit {
				tau := t + frac*seg
				rent := b.k.accrued(t, tau) // rent and operating costs to the default
				cf.LeaseUSD += b.payShare * rent
				cf.OpexUSD += (1 - b.l.NOIMargin) * rent
				b.onDefault(&cf, r, tau)
				t = tau
				continue
			}
			rent := b.k.accrued(t, end) // rent and operating costs over [t, end]
			cf.LeaseUSD += b.payShare * rent
			cf.OpexUSD += (1 - b.l.NOIMargin) * rent
			t = end
			if t >= b.k.end {
				b.sign(&cf, s, r, b.k.end, false)
			}
		case leaseVacant:
			end := min(t1, b.vacantUntil)
			cf.OpexUSD += b.vacantOpex * (end - t)
			t = end
			if t >= b.vacantUntil {
				b.sign(&cf, s, r, b.vacantUntil, false)
			}
		}
	}
	return cf
}

// onDefault books the recovery of a default at tau and empties the space.
func (b *LeaseBlock) onDefault(cf *CashFlow, r *dist.Rand, tau float64) {
	remaining := b.payShare * b.k.accrued(tau, b.k.end)
	guaranteed := min(b.backstopLeft, remaining)
	cf.RecoveryUSD += guaranteed + b.l.RecoveryRate*(remaining-guaranteed)
	b.vacantOpex = (1 - b.l.NOIMargin) * b.k.rateAt(tau)
	b.vacantUntil = tau + max(b.delay.Sample(r), 0)/monthsPerYear
	b.phase = leaseVacant
	b.defaults++
	b.lastDefault = tau
}

// NOIUSDPerYear returns the annual net operating income in force at the end
// of the step that produced s, in USD per year: the contracted rent paid as
// it accrues less operating costs while leased; the market rent's NOI
// otherwise (the space is valued as re-lettable).
func (b *LeaseBlock) NOIUSDPerYear(s *State) float64 {
	if b.phase == leaseActive {
		rate := b.k.rateAt(s.TimeYears)
		return (b.payShare - (1 - b.l.NOIMargin)) * rate
	}
	return b.l.NOIMargin * s.ColoRentUSDPerKWMonth * b.kw * monthsPerYear
}

// TerminalUSD returns the block's value at the horizon (the end of the step
// that produced s): exitMultiple times NOIUSDPerYear, less the NOI lost until
// rent (re)starts when the space is still being built or is vacant. A block
// never scheduled to commence is worth 0.
func (b *LeaseBlock) TerminalUSD(s *State, exitMultiple float64) float64 {
	h := s.TimeYears
	noi := b.NOIUSDPerYear(s)
	switch b.phase {
	case leaseActive:
		return exitMultiple * noi
	case leaseVacant:
		wait := max(b.vacantUntil-h, 0)
		return exitMultiple*noi - (noi+b.vacantOpex)*wait
	default:
		if math.IsInf(b.commence, 1) {
			return 0
		}
		return exitMultiple*noi - noi*max(b.commence-h, 0)
	}
}
