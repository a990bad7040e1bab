package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/internal/vmath"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// This file holds the reference the engine is measured against: the
// default scenario (Merton price, error-correcting hashrate with the block
// walk, fees and power as exponential OU with jumps, the regime-switching
// GPU rent with oversupply shocks, colocation rent, wrong-way tenant
// credit; pure mining, a 50 % hybrid and a full AI conversion to
// colocation; monthly steps over ten years) written out by hand as one
// loop, the way a quant would write it without the library: no interfaces,
// no Plan, Path, Market, Runner or engine, every constant of a step hoisted
// out of the loop, each strategy's books in plain float64 variables, and the
// curtailment of the two mining fleets (same fleet, same prices) computed
// once per step. It calls only dist's primitives (*dist.Rand's Norm,
// Uniform, Exp, Poisson, Gamma, Fork; the LogNormal and PERT samplers) and
// exported pure helpers (site.Curtail, market.BlockSubsidy, market.Retarget,
// market.BlocksPerSecond, IRR, AnnualizeRate). The market's exponentials
// and logarithms of each step go through internal/vmath, as the market's
// own do; the constants computed once use package math, as the market's.
//
// It draws the same random numbers in the same order as the library and
// evaluates every floating-point expression in the same order, so it
// reproduces the engine's per-path NPV, IRR and payback bit for bit
// (TestFusedMatchesEngine; to rounding on platforms where the compiler may
// fuse multiply-adds, mctest.FloatsAsWritten). A change to the default model's structure (a
// new process, another order of draws) breaks that test on purpose: the
// reference must then be updated with the model.

// fusedModel holds the default scenario's constants, precomputed once.
type fusedModel struct {
	steps   int
	dt      float64
	disc    []float64 // (1+r)^(−k·dt), k = 0..steps
	perYear float64
	months  float64

	// Start state.
	price0, hash0, diff0, fees0, power0 float64
	height0                             int64
	gpuRegime0                          int

	chol [market.NumShocks][market.NumShocks]float64 // lower Cholesky factor of the shock correlations

	// Merton price.
	jumpRate, driftTerm, volTerm, jumpMean, jumpSD float64
	lagWeight                                      float64

	fee, power fusedExpOU

	// GPU rent, colocation rent, credit.
	gpuLeave, gpuDrift, gpuVar  [2]float64
	gpuJumps, gpuJumpMean       float64
	gpuFloor, gpuMargin0        float64
	decayPath                   []float64 // floor + M₀·e^(−δt) at the end of step k
	colo0, coloElasticity       float64
	gpuStart, underwritten      float64
	hazBase, hazBeta, hazCap    float64 // the tenants' class (both leases have the same)
	netPull, netTrend, netNoise float64
	netLogCost0, netGrowth      float64
	log1e6, logHMin, logHMax    float64
	dtSeconds, dtDays           float64

	// The site.
	phPerMW, poolKeep, dispersion, opexPerMWYear float64
	eff, salvagePerTH                            float64
	exitMultiple                                 float64

	leaseTemplate fusedLease
	build         dist.LogNormal
	overrun       dist.PERT
	delay         dist.PERT
	capexPerMWIT  float64
	itFraction    float64
	gridMW        float64
}

// fusedExpOU is an exponential OU with jumps, with its step constants.
type fusedExpOU struct {
	logLevel, decay, noise, jumpRate, negKDt, jumpMean, jumpSD, floor float64
}

// step advances x by one step with normal shock z, drawing the jumps from r.
func (o *fusedExpOU) step(x, z float64, r *dist.Rand) float64 {
	y := o.logLevel + (vmath.Log(x)-o.logLevel)*o.decay + o.noise*z
	n := r.Poisson(o.jumpRate)
	var w1, w2 float64
	for range n {
		w := vmath.Exp(o.negKDt * r.Uniform())
		w1 += w
		w2 += w * w
	}
	zj := r.Norm()
	y += o.jumpMean*w1 + o.jumpSD*math.Sqrt(w2)*zj
	if x = vmath.Exp(y); x < o.floor {
		return o.floor
	}
	return x
}

// fusedLease is one converting block: its build and its colocation leases.
type fusedLease struct {
	kw, termYears, escalator, noiMargin, prepay, recovery float64
	pow                                                   []float64 // (1+esc)^y, y = 0, 1, …

	parcel, build, tenant            dist.Rand // the block's stream, its build's, the tenant's
	buildYears, capexUSD, readyYears float64
	phase                            int // 0 idle, 1 leased, 2 vacant
	start, end, annual0              float64
	payShare                         float64
	threshold, cumHazard             float64
	defaulted                        bool
	vacantUntil, vacantOpex          float64
}

// errNotDefault reports a scenario the fused loop does not implement.
var errNotDefault = errors.New("the fused reference in bench_fused_test.go implements only the default scenario's structure (Merton price, no shocks or tax, the three default strategies with default contracts) without the site coupling (site.NoCoupling); update it with the default model")

// newFusedModel precomputes the constants of sc, which must have the
// default scenario's structure (its numbers may differ).
func newFusedModel(sc *model.Scenario) (*fusedModel, error) {
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	mp, fac, fin := sc.Market, sc.Facility, sc.Finance
	pm := mp.BTCPrice
	def := model.DefaultScenario()
	switch {
	case pm.Model != market.PriceMerton, len(pm.Shocks) != 0, fin.TaxRate != 0,
		fac.ASICRefreshEveryYears != 0, fac.DemandResponseUSDPerMWh != 0,
		len(sc.Custom) != 0, len(sc.Strategies) != 3,
		sc.Strategies[0] != def.Strategies[0], sc.Strategies[1] != def.Strategies[1],
		sc.Strategies[2] != def.Strategies[2],
		mp.Network.PriceLagYears <= 0, mp.Network.ErrorCorrectionPerYear <= 0,
		fac.SpotDispersion == 0, sc.Coupling.On():
		return nil, errNotDefault
	}
	f := &fusedModel{steps: fin.Steps(), dt: fin.DtYears()}
	dt := f.dt
	f.perYear, f.months = 1/dt, 12*dt
	f.disc = make([]float64, f.steps+1)
	l := math.Log1p(fin.DiscountRatePerYear)
	for k := range f.disc {
		f.disc[k] = math.Exp(-float64(k) * dt * l)
	}

	st := mp.Start
	f.price0, f.hash0, f.diff0, f.height0 = st.BTCPriceUSD, st.HashrateEHs, st.Difficulty, st.Height
	f.fees0, f.power0, f.gpuRegime0 = st.FeesPerBlockBTC, st.PowerUSDPerMWh, int(st.GPURegime)

	cm := mp.Correlation.CorrelationMatrix()
	rows := make([][]float64, len(cm))
	for i := range cm {
		rows[i] = cm[i][:]
	}
	corr, err := dist.NewCorrelated(rows)
	if err != nil {
		return nil, err
	}
	for i, row := range corr.Factor() {
		copy(f.chol[i][:], row)
	}

	s := pm.VolPerYear
	f.jumpRate = pm.JumpsPerYear * dt
	kappa := math.Expm1(pm.JumpMeanLog + 0.5*pm.JumpSDLog*pm.JumpSDLog)
	f.driftTerm = (pm.DriftPerYear - pm.JumpsPerYear*kappa - 0.5*s*s) * dt
	f.volTerm = s * math.Sqrt(dt)
	f.jumpMean, f.jumpSD = pm.JumpMeanLog, pm.JumpSDLog

	np := mp.Network
	f.lagWeight = -math.Expm1(-dt / np.PriceLagYears)
	f.netPull = -math.Expm1(-np.ErrorCorrectionPerYear * dt)
	f.netNoise = np.NoiseVolPerYear * math.Sqrt(-math.Expm1(-2*np.ErrorCorrectionPerYear*dt)/(2*np.ErrorCorrectionPerYear))
	f.netTrend = np.TrendGrowthPerYear * dt
	f.netGrowth = np.TrendGrowthPerYear
	f.netLogCost0 = math.Log(np.MarginalEfficiencyJPerTH * 24 * np.MarginalPowerUSDPerMWh / 1e6)
	f.log1e6, f.logHMin, f.logHMax = math.Log(1e6), math.Log(1e-6), math.Log(1e9)
	f.dtSeconds, f.dtDays = dt*market.SecondsPerYear, dt*market.DaysPerYear

	expOU := func(level, speed, vol, floor, jumps, jm, js float64) fusedExpOU {
		k2 := 2 * speed
		di := dt
		if k2 != 0 {
			di = -math.Expm1(-k2*dt) / k2
		}
		return fusedExpOU{logLevel: math.Log(level), decay: math.Exp(-speed * dt), noise: vol * math.Sqrt(di),
			jumpRate: jumps * dt, negKDt: -speed * dt, jumpMean: jm, jumpSD: js, floor: floor}
	}
	fp, pp := mp.Fees, mp.Power
	f.fee = expOU(fp.LevelBTC, fp.SpeedPerYear, fp.VolPerYear, fp.FloorBTC, fp.JumpsPerYear, fp.JumpMeanLog, fp.JumpSDLog)
	f.power = expOU(pp.LevelUSDPerMWh, pp.SpeedPerYear, pp.VolPerYear, pp.FloorUSDPerMWh, pp.JumpsPerYear, pp.JumpMeanLog, pp.JumpSDLog)

	gp := mp.GPU
	f.gpuLeave = [2]float64{gp.TightToGlutPerYear, gp.GlutToTightPerYear}
	f.gpuDrift = [2]float64{gp.Tight.DriftPerYear - gp.GenerationDecayPerYear, gp.Glut.DriftPerYear - gp.GenerationDecayPerYear}
	f.gpuVar = [2]float64{gp.Tight.VolPerYear * gp.Tight.VolPerYear, gp.Glut.VolPerYear * gp.Glut.VolPerYear}
	f.gpuJumps = gp.OversupplyJumpRatePerYear() * dt
	f.gpuJumpMean = gp.OversupplyJumpMeanLog
	f.gpuFloor = gp.Floor.USDPerHour()
	f.gpuMargin0 = st.GPURentUSDPerHour - f.gpuFloor
	f.decayPath = make([]float64, f.steps+1)
	for k := range f.decayPath {
		f.decayPath[k] = f.gpuFloor + f.gpuMargin0*vmath.Exp(-gp.GenerationDecayPerYear*(float64(k)*dt))
	}
	f.colo0, f.coloElasticity = st.ColoRentUSDPerKWMonth, mp.Colo.ElasticityToGPU
	f.gpuStart, f.underwritten = st.GPURentUSDPerHour, mp.Credit.UnderwrittenDeclinePerYear

	conv := site.DefaultConversion()
	ls := site.DefaultLease()
	for _, sp := range sc.Strategies[1:] {
		if sp.Conversion != nil || sp.Contract != nil {
			return nil, errNotDefault
		}
	}
	tenant := ls.Tenant
	f.hazBase = mp.Credit.BaseHazardPerYear.Array()[tenant]
	f.hazBeta = mp.Credit.WrongWayElasticity.Array()[tenant]
	f.hazCap = mp.Credit.MaxMultiplier

	f.phPerMW = site.PHPerMW(fac.EfficiencyJPerTH)
	f.poolKeep = 1 - fac.PoolFee
	f.dispersion = fac.SpotDispersion
	f.opexPerMWYear = fac.MiningOpexUSDPerMWYear
	f.eff, f.salvagePerTH = fac.EfficiencyJPerTH, fac.ASICSalvageUSDPerTH
	f.exitMultiple = fin.ExitMultipleNOI
	f.itFraction, f.gridMW = fac.ITFraction, fac.GridMW
	f.capexPerMWIT = conv.CapexUSDPerMWIT
	if conv.MiningStopLagMonths != 0 {
		return nil, errNotDefault
	}

	var ok1, ok2, ok3 bool
	bs, err := conv.BuildMonths.Sampler()
	if err != nil {
		return nil, err
	}
	f.build, ok1 = bs.(dist.LogNormal)
	ov, err := conv.CapexOverrun.Sampler()
	if err != nil {
		return nil, err
	}
	f.overrun, ok2 = ov.(dist.PERT)
	dl, err := ls.ReleaseDelayMonths.Sampler()
	if err != nil {
		return nil, err
	}
	f.delay, ok3 = dl.(dist.PERT)
	if !ok1 || !ok2 || !ok3 || ls.RentUSDPerKWMonth != 0 || ls.BackstopShare != 0 {
		return nil, errNotDefault
	}
	pw := make([]float64, int(math.Ceil(fin.HorizonYears))+2)
	for y := range pw {
		pw[y] = math.Pow(1+ls.EscalatorPerYear, float64(y))
	}
	f.leaseTemplate = fusedLease{termYears: ls.TermYears, escalator: ls.EscalatorPerYear, noiMargin: ls.NOIMargin,
		prepay: ls.PrepaymentShare, recovery: ls.RecoveryRate, pow: pw}
	return f, nil
}

// fusedPath is one worker's streams and buffers.
type fusedPath struct {
	mr, hr, fr *dist.Rand  // market, hybrid, full AI (pure mining draws nothing)
	sub        dist.Rand   // the market's sub-streams, forked into in turn
	irr        [3]irrFlows // per strategy: the flows of its IRR, by period
	hy, full   fusedLease
}

func (f *fusedModel) newPath() *fusedPath {
	p := &fusedPath{mr: dist.New(0, 0), hr: dist.New(0, 0), fr: dist.New(0, 0), hy: f.leaseTemplate, full: f.leaseTemplate}
	for j := range p.irr {
		p.irr[j] = newIRRFlows(f.steps)
	}
	return p
}

// fusedOut is one path's results per strategy (pure mining, hybrid, full AI).
type fusedOut struct {
	npv, irr, payback [3]float64
}

// pow returns (1+esc)^y for a whole y ≥ 0.
func (l *fusedLease) powY(y float64) float64 {
	if i := int(y); i < len(l.pow) {
		return l.pow[i]
	}
	return math.Pow(1+l.escalator, y)
}

// accrued is the rent over [a, b] ∩ [start, end].
func (l *fusedLease) accrued(a, b float64) float64 {
	a = max(a, l.start)
	b = min(b, l.end)
	if !(b > a) {
		return 0
	}
	var sum float64
	for y := math.Floor(a - l.start); l.start+y < b; y++ {
		lo, hi := l.start+y, l.start+y+1
		x, z := max(a, lo), min(b, hi)
		ov := 0.0
		if z > x {
			ov = z - x
		}
		sum += l.annual0 * l.powY(y) * ov
	}
	return sum
}

func (l *fusedLease) rateAt(t float64) float64 {
	return l.annual0 * l.powY(math.Floor(max(t-l.start, 0)))
}

// sign starts a lease at t at rent (USD per kW-month); it returns the
// prepayment. The new tenant's stream is forked from the block's.
func (l *fusedLease) sign(t, rent float64, first bool) (prepaid float64) {
	l.start, l.end = t, t+l.termYears
	l.annual0 = max(rent, 0) * l.kw * 12
	l.payShare = 1
	if first {
		total := l.accrued(l.start, l.end)
		l.payShare = 1 - l.prepay
		prepaid = l.prepay * total
	}
	l.parcel.Fork(&l.tenant)
	l.threshold, l.cumHazard, l.defaulted = l.tenant.Exp(), 0, false
	l.phase = 1
	return prepaid
}

// step books the lease over [t0, t1]: rent, opex, recoveries.
func (l *fusedLease) step(d *dist.PERT, t0, t1, colo, hazard float64) (lease, opex, recovery float64) {
	t := t0
	for ev := 0; t < t1 && ev < 256; ev++ {
		switch l.phase {
		case 0:
			if !(l.readyYears < t1) {
				return
			}
			t = max(t, l.readyYears)
			lease += l.sign(t, colo, true)
		case 1:
			end := min(t1, l.end)
			seg := end - t
			if !l.defaulted && hazard > 0 && seg > 0 {
				inc := hazard * seg
				if l.cumHazard+inc < l.threshold {
					l.cumHazard += inc
				} else {
					frac := (l.threshold - l.cumHazard) / inc
					switch {
					case !(frac > 0):
						frac = math.SmallestNonzeroFloat64
					case frac > 1:
						frac = 1
					}
					l.cumHazard, l.defaulted = l.threshold, true
					tau := t + frac*seg
					rent := l.accrued(t, tau)
					lease += l.payShare * rent
					opex += (1 - l.noiMargin) * rent
					// The lease terminates: the claim capped at the rent
					// for max(1, 15 % of the remaining term) ≤ 3 years.
					capYears := min(max(1, 0.15*(l.end-tau)), 3)
					reserved := l.payShare * l.accrued(tau, tau+capYears)
					owed := l.payShare * l.accrued(tau, l.end)
					recovery += l.recovery * min(reserved, owed)
					l.vacantOpex = (1 - l.noiMargin) * l.rateAt(tau)
					l.vacantUntil = tau + max(d.Sample(&l.tenant), 0)/12
					l.phase = 2
					t = tau
					continue
				}
			}
			rent := l.accrued(t, end)
			lease += l.payShare * rent
			opex += (1 - l.noiMargin) * rent
			t = end
			if t >= l.end {
				l.sign(l.end, colo, false)
			}
		case 2:
			end := min(t1, l.vacantUntil)
			opex += l.vacantOpex * (end - t)
			t = end
			if t >= l.vacantUntil {
				l.sign(l.vacantUntil, colo, false)
			}
		}
	}
	return
}

// terminal is the block's value at the horizon h: exitMultiple times the
// lease's NOI when leased; when vacant, the re-let space's exit value
// discounted at the exit yield for the wait, less the vacancy's opex
// discounted the same way, floored at 0; when not yet built, the project's
// exit value less the capex still to spend, both discounted at the exit
// yield, floored at 0.
func (l *fusedLease) terminal(h, colo, exitMultiple float64) float64 {
	var noi float64
	if l.phase == 1 {
		noi = (l.payShare - (1 - l.noiMargin)) * l.rateAt(h)
	} else {
		noi = l.noiMargin * colo * l.kw * 12
	}
	var business float64
	switch l.phase {
	case 1:
		business = exitMultiple * noi
	case 2:
		wait := max(l.vacantUntil-h, 0)
		business = max(exitMultiple*noi*exitDiscount(wait, exitMultiple)-l.vacantOpex*exitYears(0, wait, exitMultiple), 0)
	default:
		business = exitMultiple * noi * exitDiscount(max(l.readyYears-h, 0), exitMultiple)
	}
	if l.readyYears > h {
		a := max(0, h) - h // the build started at 0
		return max(business+-l.capexUSD/l.buildYears*exitYears(a, l.readyYears-h, exitMultiple), 0)
	}
	return business
}

// fusedColoPow is x^e as the market takes it for the colocation rent: √x
// at the default e = ½ (what math.Pow returns there), x at 1, 1 at 0, and
// e^(e·ln x) by vmath otherwise.
func fusedColoPow(x, e float64) float64 {
	switch e {
	case 0:
		return 1
	case 1:
		return x
	case 0.5:
		return math.Sqrt(x)
	}
	return vmath.Exp(e * vmath.Log(x))
}

// exitDiscount is e^(−w/M), 1 for no wait and 0 for M = 0.
func exitDiscount(w, m float64) float64 {
	switch {
	case !(w > 0):
		return 1
	case !(m > 0):
		return 0
	}
	return math.Exp(-w / m)
}

// exitYears is ∫ₐᵇ e^(−t/M) dt = M·(e^(−a/M) − e^(−b/M)), 0 for M = 0.
func exitYears(a, b, m float64) float64 {
	if !(b > a) || !(m > 0) {
		return 0
	}
	return m * (exitDiscount(a, m) - exitDiscount(b, m))
}

// reset forks the block's stream from r and its build's from that, draws
// the build time and capex overrun from the build's, and schedules the
// build to start at 0 (mining on the block stops then).
func (l *fusedLease) reset(f *fusedModel, r *dist.Rand, grossMW float64) {
	it := grossMW * f.itFraction
	l.kw = it * 1000
	r.Fork(&l.parcel)
	l.parcel.Fork(&l.build)
	l.buildYears = max(f.build.Sample(&l.build), 0) / 12
	l.capexUSD = it * f.capexPerMWIT * max(f.overrun.Sample(&l.build), 0)
	l.readyYears = 0 + l.buildYears
	l.phase = 0
}

// path runs path idx of seed (mirrored if mirror) and returns its results.
func (f *fusedModel) path(p *fusedPath, seed, idx uint64, mirror bool, out *fusedOut) {
	p.mr.Reset(seed, idx)
	p.mr.SetMirror(mirror)
	sub := dist.Substream(seed, 1)
	p.hr.Reset(sub, idx)
	p.hr.SetMirror(mirror)
	p.fr.Reset(sub, idx)
	p.fr.SetMirror(mirror)
	mr := p.mr

	dt := f.dt
	halfMW := f.gridMW * 0.5
	p.hy.reset(f, p.hr, halfMW)
	p.full.reset(f, p.fr, f.gridMW)
	salvageHalf := halfMW * 1e6 / f.eff * f.salvagePerTH
	salvageFull := f.gridMW * 1e6 / f.eff * f.salvagePerTH

	price, lagLog := f.price0, math.Log(f.price0)
	hash, diff := f.hash0, f.diff0
	blockPos := float64(f.height0)
	epochStart := f.height0 - f.height0%market.RetargetInterval
	epochSeconds := float64(f.height0%market.RetargetInterval) * market.TargetBlockSeconds
	subsidy := float64(market.BlockSubsidy(f.height0)) / market.SatoshisPerBTC
	fees, power := f.fees0, f.power0
	regime, gpuLog := f.gpuRegime0, 0.0

	var acc, cum [3]float64
	var neg [3]bool
	pb := [3]int{-1, -1, -1}
	for j := range p.irr {
		p.irr[j].reset()
	}
	m := irrPeriodSteps(dt)
	for k := 1; k <= f.steps; k++ {
		t0m := float64(k-1) * dt // market time at the start of the step
		t1 := float64(k) * dt

		// Correlated shocks: L·z.
		var z [market.NumShocks]float64
		for i := range z {
			z[i] = mr.Norm()
		}
		for i := market.NumShocks - 1; i >= 0; i-- {
			var s float64
			for c := 0; c <= i; c++ {
				s += f.chol[i][c] * z[c]
			}
			z[i] = s
		}

		// Price: Merton, its jumps from a sub-stream of its own (as fees,
		// power and the GPU market below; one Rand kept across steps, so
		// its Poisson memo lives on).
		sub := &p.sub
		mr.Fork(sub)
		n := float64(sub.Poisson(f.jumpRate))
		zj := sub.Norm()
		price *= vmath.Exp(f.driftTerm + f.volTerm*z[0] + n*f.jumpMean + math.Sqrt(n)*f.jumpSD*zj)
		lagLog += f.lagWeight * (vmath.Log(price) - lagLog)

		// Fees and power: exponential OU with jumps.
		mr.Fork(sub)
		fees = f.fee.step(fees, z[2], sub)
		mr.Fork(sub)
		power = f.power.step(power, z[3], sub)

		// GPU regime and rent, colocation rent, the tenants' hazard.
		mr.Fork(sub)
		var occ [2]float64
		left := dt
		for left > 0 {
			q := f.gpuLeave[regime]
			if q <= 0 {
				occ[regime] += left
				break
			}
			hold := sub.Exp() / q
			if hold >= left {
				occ[regime] += left
				break
			}
			occ[regime] += hold
			left -= hold
			regime = 1 - regime
		}
		gpuLog = gpuLog + (occ[0]*f.gpuDrift[0] + occ[1]*f.gpuDrift[1]) + math.Sqrt(occ[0]*f.gpuVar[0]+occ[1]*f.gpuVar[1])*z[4]
		if nj := sub.Poisson(f.gpuJumps); nj > 0 {
			gpuLog -= f.gpuJumpMean * sub.Gamma(float64(nj))
		}
		gpu := f.gpuFloor + f.gpuMargin0*vmath.Exp(gpuLog)
		colo := f.colo0 * fusedColoPow(gpu/f.decayPath[k], f.coloElasticity)
		hazard := f.hazBase
		if fall := vmath.Log(f.gpuStart/gpu) - f.underwritten*t1; fall > 0 {
			hazard = f.hazBase * min(vmath.Exp(f.hazBeta*fall), f.hazCap)
		}

		// Hashrate toward break-even, then the block walk.
		logH := vmath.Log(hash)
		target := vmath.Log(144*(subsidy+fees)) + lagLog - (f.netLogCost0 - f.netGrowth*t0m) - f.log1e6
		logH += f.netPull * (target - logH)
		logH += f.netTrend + f.netNoise*z[1]
		hash = vmath.Exp(min(max(logH, f.logHMin), f.logHMax))
		var blocks, reward float64
		done := 0.0
		for done < f.dtSeconds {
			rate := market.BlocksPerSecond(hash, diff)
			height := int64(blockPos)
			epochEnd := epochStart + market.RetargetInterval
			nextHalving := (height/market.HalvingInterval + 1) * market.HalvingInterval
			boundary := min(epochEnd, nextHalving)
			need := (float64(boundary) - blockPos) / rate
			sub := float64(market.BlockSubsidy(height)) / market.SatoshisPerBTC
			if done+need > f.dtSeconds {
				left := f.dtSeconds - done
				nb := left * rate
				blocks += nb
				reward += nb * sub
				blockPos += nb
				epochSeconds += left
				break
			}
			nb := float64(boundary) - blockPos
			blocks += nb
			reward += nb * sub
			blockPos = float64(boundary)
			epochSeconds += need
			done += need
			if boundary == epochEnd {
				diff = market.Retarget(diff, epochSeconds)
				epochStart = epochEnd
				epochSeconds = 0
			}
		}
		subsidy = float64(market.BlockSubsidy(int64(blockPos))) / market.SatoshisPerBTC
		reward += blocks * fees
		hashprice := reward * price / (hash * 1000) / f.dtDays

		// The strategies' books over [t0, t1].
		t0 := t1 - dt
		y := t1 - t0
		rev := hashprice * f.phPerMW / 24 * f.poolKeep
		q, cost := site.Curtail(rev, power, f.dispersion)
		last := k == f.steps

		// Pure mining: the whole site.
		var cf, capexes [3]float64
		{
			mwh := f.gridMW * y * 8766
			cf[0] = mwh*rev*q - (mwh*cost + f.gridMW*y*f.opexPerMWYear)
			if last {
				cf[0] = mwh*rev*q + salvageFull - (mwh*cost + f.gridMW*y*f.opexPerMWYear)
			}
		}
		// Hybrid: half mines, half converts at once.
		{
			mwh := halfMW * y * 8766
			capex := p.hy.capexUSD * overlap(t0, t1, 0, p.hy.readyYears) / p.hy.buildYears
			if k == 1 {
				capex = -salvageHalf + capex
			}
			capexes[1] = capex
			lease, opex, recovery := p.hy.step(&f.delay, t0, t1, colo, hazard)
			revenue := mwh*rev*q + lease + recovery
			costs := mwh*cost + (opex + halfMW*y*f.opexPerMWYear) + capex
			if last {
				revenue += p.hy.terminal(t1, colo, f.exitMultiple) + salvageHalf
			}
			cf[1] = revenue - costs
		}
		// Full AI: the whole site converts at once.
		{
			capex := p.full.capexUSD * overlap(t0, t1, 0, p.full.readyYears) / p.full.buildYears
			if k == 1 {
				capex = -salvageFull + capex
			}
			capexes[2] = capex
			lease, opex, recovery := p.full.step(&f.delay, t0, t1, colo, hazard)
			revenue := lease + recovery
			if last {
				revenue += p.full.terminal(t1, colo, f.exitMultiple)
			}
			cf[2] = revenue - (opex + capex)
		}

		d := f.disc[k]
		for j, c := range cf {
			a := acc[j] + c*d
			acc[j] = a
			cum[j] += c
			p.irr[j].add(k, m, f.steps, capexes[j], c)
			if a < 0 {
				neg[j] = true
			} else if neg[j] && pb[j] < 0 {
				pb[j] = k
			}
		}
	}
	for j := range acc {
		out.npv[j] = acc[j]
		out.irr[j] = p.irr[j].irr((f.steps+m-1)/m, f.perYear/float64(m))
		switch {
		case !neg[j]:
			out.payback[j] = 0
		case pb[j] < 0:
			out.payback[j] = math.NaN()
		default:
			out.payback[j] = float64(pb[j]) * f.months
		}
	}
}

// overlap is the length of [a, b] ∩ [lo, hi].
func overlap(a, b, lo, hi float64) float64 {
	x, y := max(a, lo), min(b, hi)
	if y > x {
		return y - x
	}
	return 0
}

// TestFusedMatchesEngine checks that the hand-fused reference is the same
// model as the engine's default scenario: per-path NPV, IRR and payback
// bit for bit (within mctest.FusedRel where the compiler may fuse
// multiply-adds), plain and antithetic, for a few seeds.
func TestFusedMatchesEngine(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Coupling = site.NoCoupling() // the fused reference is the uncoupled model
	f, err := newFusedModel(&sc)
	if err != nil {
		t.Fatal(err)
	}
	p := f.newPath()
	for _, tc := range []struct {
		seed uint64
		anti bool
	}{{1, false}, {20260101, false}, {7, true}} {
		t.Run(fmt.Sprintf("seed=%d/antithetic=%v", tc.seed, tc.anti), func(t *testing.T) {
			const n = 400
			res, err := Run(context.Background(), &sc, Config{Paths: n, Seed: tc.seed, Workers: 2, Antithetic: tc.anti, Bands: &BandSet{}})
			if err != nil {
				t.Fatal(err)
			}
			bad := 0
			var out fusedOut
			for i := range n {
				idx, mirror := uint64(i), false
				if tc.anti && i%2 == 1 {
					idx, mirror = idx-1, true
				}
				f.path(p, tc.seed, idx, mirror, &out)
				for j := range 3 {
					for _, c := range []struct {
						what      string
						got, want float64
					}{
						{"NPV", out.npv[j], res.NPV[j][i]},
						{"IRR", out.irr[j], res.IRRPerYear[j][i]},
						{"payback", out.payback[j], res.PaybackMonths[j][i]},
					} {
						if !mctest.SameFloat(c.got, c.want, mctest.FloatsAsWritten) {
							if bad < 10 {
								t.Errorf("path %d, %s: fused %s = %.17g, engine %.17g", i, res.Strategies[j].Name, c.what, c.got, c.want)
							}
							bad++
						}
					}
				}
			}
			if bad > 0 {
				t.Errorf("%d of %d values differ: if the default model changed on purpose (a process, a strategy, the order of draws), update the hand-fused reference in bench_fused_test.go to match", bad, 9*n)
			}
		})
	}
}
