package site

import (
	"fmt"
	"github.com/pivotrisk/pivotrisk/internal/vmath"
	"math"

	"github.com/pivotrisk/pivotrisk/model/market"
)

// PHPerMW returns the hashrate, in PH/s, that one MW of miners of efficiency
// effJPerTH (J/TH) produces: 1 MW = 10⁶ J/s, so 10⁶/eff TH/s = 10³/eff PH/s
// (57.1 PH/s per MW at 17.5 J/TH, docs/CALIBRATION.md §D revenue row).
func PHPerMW(effJPerTH float64) float64 { return 1e3 / effJPerTH }

// MiningRevenuePerMWh returns what a MWh of mining load earns, in USD, at a
// hashprice (USD per PH/s per day), a fleet efficiency (J/TH) and a pool
// fee: hashprice·PHPerMW(eff)/24·(1−poolFee). At 39.5 $/PH/day and
// 17.5 J/TH it is 94 $/MWh before fees (docs/CALIBRATION.md §B revenue per MWh
// by efficiency: 97 $/MWh below 19 J/TH).
func MiningRevenuePerMWh(hashpriceUSDPerPHDay, effJPerTH, poolFee float64) float64 {
	return hashpriceUSDPerPHDay * PHPerMW(effJPerTH) / 24 * (1 - poolFee)
}

// Curtail splits a step of flexible load between the hours it runs and the
// hours it is switched off. The spot price within the step is lognormal,
// P = mean·exp(σZ − σ²/2) with Z standard normal (so its mean is
// meanUSDPerMWh), and the load runs exactly when P < strikeUSDPerMWh (its
// revenue per MWh less what it earns when curtailed).
//
// It returns the share of the step the load runs, Pr(P < K) = Φ(d), and the
// power cost per MWh of capacity, E[P·1{P<K}] = mean·Φ(d − σ), with
// d = (ln(K/mean) + σ²/2)/σ: the lognormal partial expectation (as in the
// Black–Scholes formula, Black and Scholes 1973). With σ = 0 the load runs
// the whole step if mean < K and not at all otherwise. A mean price ≤ 0 is
// taken as a flat price (the load runs if K > mean).
func Curtail(strikeUSDPerMWh, meanUSDPerMWh, dispersion float64) (runShare, costPerMWh float64) {
	if dispersion == 0 || meanUSDPerMWh <= 0 {
		if meanUSDPerMWh < strikeUSDPerMWh {
			return 1, meanUSDPerMWh
		}
		return 0, 0
	}
	if strikeUSDPerMWh <= 0 {
		return 0, 0
	}
	d := curtailD(vmath.Log(strikeUSDPerMWh/meanUSDPerMWh), dispersion)
	return vmath.NormCDF(d), meanUSDPerMWh * vmath.NormCDF(d-dispersion)
}

// CurtailmentValuePerMWh returns what the option to switch off is worth per
// MWh of capacity, in USD, compared with running every hour: E[(P − K)⁺],
// the lognormal call value mean·Φ(d) − K·Φ(d − σ) with
// d = (ln(mean/K) + σ²/2)/σ (Black 1976). With σ = 0 it is (mean − K)⁺.
func CurtailmentValuePerMWh(strikeUSDPerMWh, meanUSDPerMWh, dispersion float64) float64 {
	if dispersion == 0 || meanUSDPerMWh <= 0 {
		return max(meanUSDPerMWh-strikeUSDPerMWh, 0)
	}
	if strikeUSDPerMWh <= 0 {
		return meanUSDPerMWh - strikeUSDPerMWh
	}
	d := curtailD(vmath.Log(meanUSDPerMWh/strikeUSDPerMWh), dispersion)
	return meanUSDPerMWh*vmath.NormCDF(d) - strikeUSDPerMWh*vmath.NormCDF(d-dispersion)
}

// curtailD returns (logRatio + σ²/2)/σ, the d of Curtail and
// CurtailmentValuePerMWh given the log of their price ratio; CurtailSlice
// uses it too, so the two give the same bits.
func curtailD(logRatio, dispersion float64) float64 {
	return (logRatio + dispersion*dispersion/2) / dispersion
}

// Miner is a block of the site that mines bitcoin: MW of gross
// capacity running the fleet of a Facility, with curtailment, optional ASIC
// refreshes, and a time at which it stops (when the block converts to AI).
//
// Its per-path state (stop time, current efficiency, next refresh) is reset
// by Reset; Step books one step. A Miner is a plain value: a Runner
// keeps it in its own struct and nothing it does allocates.
type Miner struct {
	mw  float64
	fac Facility

	stopYears   float64 // mining ends here (+Inf: never)
	effJPerTH   float64 // current fleet efficiency
	phPerMW     float64 // PHPerMW(effJPerTH)
	nextRefresh float64 // time of the next fleet refresh (+Inf: none)
	sold        bool    // the gear has been sold (the block stopped)

	lastRunShare  float64 // share of the last step's mining capacity-time that ran
	lastCurtValue float64 // value of curtailment in the last step, USD

	memo *CurtailMemo // the step's curtailment of the site's fleet, or nil
}

// NewMiner returns a block of mw gross MW mining with the fleet of f.
// It returns an error if mw is negative or not finite, or f is invalid.
func NewMiner(f Facility, mw float64) (Miner, error) {
	if !(mw >= 0) || math.IsInf(mw, 0) {
		return Miner{}, fmt.Errorf("site: mining block of %g MW: must be ≥ 0 and finite", mw)
	}
	if err := f.Validate(); err != nil {
		return Miner{}, err
	}
	b := Miner{mw: mw, fac: f}
	b.Reset()
	return b, nil
}

// UseCurtailMemo makes the block read the step's curtailment from memo
// when it holds the block's question (nil: compute it each time). The
// numbers are the same either way.
func (b *Miner) UseCurtailMemo(memo *CurtailMemo) { b.memo = memo }

// MW returns the block's gross capacity, in MW.
func (b *Miner) MW() float64 { return b.mw }

// Reset starts a new path: the block mines from time 0 with no planned stop.
func (b *Miner) Reset() {
	b.stopYears = math.Inf(1)
	b.effJPerTH = b.fac.EfficiencyJPerTH
	b.phPerMW = PHPerMW(b.effJPerTH)
	b.nextRefresh = math.Inf(1)
	if b.fac.ASICRefreshEveryYears > 0 {
		b.nextRefresh = b.fac.ASICRefreshEveryYears
	}
	b.lastRunShare, b.lastCurtValue = 0, 0
	b.sold = false
}

// StopAt makes the block stop mining at time tYears (years from the start);
// the gear is sold for ASICSalvageUSDPerTH in the step that holds the stop
// (or, for a stop set at or before the start of the next step, in that
// step). A stop already set earlier is kept.
func (b *Miner) StopAt(tYears float64) {
	if tYears < b.stopYears {
		b.stopYears = max(tYears, 0)
	}
}

// StopYears returns the time the block stops mining (+Inf if it does not).
func (b *Miner) StopYears() float64 { return b.stopYears }

// EfficiencyJPerTH returns the fleet's current efficiency, in J/TH.
func (b *Miner) EfficiencyJPerTH() float64 { return b.effJPerTH }

// LastRunShare returns the share of the last step's mining capacity-time in
// which the miners ran (1 − the curtailed share); 0 if the block did not
// mine in that step.
func (b *Miner) LastRunShare() float64 { return b.lastRunShare }

// LastCurtailmentValueUSD returns, for the last step, how much better the
// block did by switching off when spot power cost more than mining earned
// than it would have done running every hour (USD, ≥ 0; see
// CurtailmentValuePerMWh).
func (b *Miner) LastCurtailmentValueUSD() float64 { return b.lastCurtValue }

// Step books the step that produced s: mining revenue, power, demand
// response, opex over the part of the step before the stop time, the ASIC
// refresh capex of a refresh falling in the step (the new fleet mines from
// the refresh on), and the salvage of the gear when the stop falls in the
// step (as negative capex).
func (b *Miner) Step(s *market.State) CashFlow {
	var cf CashFlow
	b.step(&cf, s)
	return cf
}

// step adds the books of Step to cf. Every field it books starts at cf's
// value and grows by +=, so on a zero cf it gives Step's numbers bit for
// bit.
func (b *Miner) step(cf *CashFlow, s *market.State) {
	b.lastRunShare, b.lastCurtValue = 0, 0
	if b.mw == 0 {
		return
	}
	t0, t1 := stepSpan(s)
	if b.sold && b.stopYears <= t0 {
		return // stopped and sold before the step: nothing to book
	}
	if t1 > t0 && b.stopYears > t1 && b.nextRefresh > t1 {
		// The common step: one segment over [t0, t1], no refresh, no sale
		// (the loop below does the same arithmetic).
		y := t1 - t0
		q := b.segment(cf, s, y)
		b.lastRunShare = q * y / y
		return
	}
	end := min(t1, b.stopYears)
	var runYears, mineYears float64
	t := t0
	for t < end {
		seg := end
		if b.nextRefresh > t && b.nextRefresh < end {
			seg = b.nextRefresh
		}
		q := b.segment(cf, s, seg-t)
		runYears += q * (seg - t)
		mineYears += seg - t
		t = seg
		if b.nextRefresh <= t && b.nextRefresh < b.stopYears {
			b.refresh(cf)
		}
	}
	if mineYears > 0 {
		b.lastRunShare = runYears / mineYears
	}
	if !b.sold && b.stopYears <= t1 {
		b.sold = true
		cf.CapexUSD -= b.SalvageUSD()
	}
}

// idle reports whether step, for the step that starts at t0, would book
// nothing and change nothing: the block has no MW or was stopped and sold
// before t0, and its last-step figures are already 0.
func (b *Miner) idle(t0 float64) bool {
	return b.lastRunShare == 0 && b.lastCurtValue == 0 && (b.mw == 0 || b.sold && b.stopYears <= t0)
}

// refresh replaces the fleet: capex for the new fleet's hashrate, whose
// efficiency applies from now on.
func (b *Miner) refresh(cf *CashFlow) {
	eff := b.fac.RefreshEfficiencyJPerTH
	if eff == 0 {
		eff = b.fac.EfficiencyJPerTH
	}
	b.effJPerTH = eff
	b.phPerMW = PHPerMW(eff)
	cf.CapexUSD += b.mw * 1e6 / eff * b.fac.ASICPriceUSDPerTH
	b.nextRefresh += b.fac.ASICRefreshEveryYears
}

// segment books y years of mining at the state's prices and returns the run share.
func (b *Miner) segment(cf *CashFlow, s *market.State, y float64) float64 {
	mwh := b.mw * y * yearHours
	rev := s.HashpriceUSDPerPHDay * b.phPerMW / 24 * (1 - b.fac.PoolFee) // MiningRevenuePerMWh
	dr := b.fac.DemandResponseUSDPerMWh
	strike := rev - dr
	var q, cost float64
	if memo := b.memo; memo != nil && memo.holds(strike, s.PowerUSDPerMWh, b.fac.SpotDispersion) {
		q, cost = memo.runShare, memo.costPerMWh
	} else {
		q, cost = Curtail(strike, s.PowerUSDPerMWh, b.fac.SpotDispersion)
	}
	cf.MiningUSD += mwh * rev * q
	cf.PowerUSD += mwh * cost
	cf.DemandResponseUSD += mwh * dr * (1 - q)
	cf.OpexUSD += b.mw * y * b.fac.MiningOpexUSDPerMWYear
	// E[(P − K)⁺] = E[P·1{P>K}] − K·Pr(P>K) = (mean − cost) − K·(1 − q),
	// the same number as CurtailmentValuePerMWh without a second evaluation
	// (for a mean ≤ 0 the load always runs and the value is 0).
	if q < 1 && s.PowerUSDPerMWh > 0 {
		b.lastCurtValue += mwh * max(s.PowerUSDPerMWh-cost-strike*(1-q), 0)
	}
	return q
}

// SalvageUSD returns what the block's gear fetches if sold now, in USD:
// its hashrate in TH/s times ASICSalvageUSDPerTH.
func (b *Miner) SalvageUSD() float64 {
	return b.mw * 1e6 / b.effJPerTH * b.fac.ASICSalvageUSDPerTH
}

// TerminalUSD returns the block's terminal value at the horizon: the salvage
// of its gear if it is still mining then, 0 otherwise. (The site's own value
// as a mining business beyond the horizon is not counted.)
func (b *Miner) TerminalUSD(s *market.State) float64 {
	if b.stopYears > s.TimeYears {
		return b.SalvageUSD()
	}
	return 0
}

// CurtailMemo remembers one answer of Curtail: the mining blocks of every
// strategy on a path ask the same question in a step (same fleet, same
// prices), so the per-worker simulator answers it once per step for the
// site's fleet (Update) and hands the memo to the built-in strategies'
// miners (Env.Curtail, Miner.UseCurtailMemo). It is a pure function's
// cache keyed by the exact bits of its arguments, so an answer from it is
// always Curtail's own (see holds); a miner without one computes each time.
type CurtailMemo struct {
	ok                   bool
	strike, mean, disp   uint64 // math.Float64bits of the arguments
	runShare, costPerMWh float64
}

// holds reports whether the memo holds Curtail's answer for these
// arguments (then runShare and costPerMWh are it).
func (m *CurtailMemo) holds(strike, mean, dispersion float64) bool {
	return m.ok && m.strike == math.Float64bits(strike) && m.mean == math.Float64bits(mean) && m.disp == math.Float64bits(dispersion)
}

// Update stores Curtail's answer for a fleet of facility f at the prices
// of s (as Miner asks it: strike = revenue per MWh less demand
// response).
func (m *CurtailMemo) Update(s *market.State, f *Facility) {
	strike := MiningRevenuePerMWh(s.HashpriceUSDPerPHDay, f.EfficiencyJPerTH, f.PoolFee) - f.DemandResponseUSDPerMWh
	q, c := Curtail(strike, s.PowerUSDPerMWh, f.SpotDispersion)
	*m = CurtailMemo{ok: true, strike: math.Float64bits(strike), mean: math.Float64bits(s.PowerUSDPerMWh),
		disp: math.Float64bits(f.SpotDispersion), runShare: q, costPerMWh: c}
}
