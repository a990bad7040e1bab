package site

import (
	"math"

	"github.com/pivotrisk/pivotrisk/model/market"
)

// siteBooks is a PivotRunner's share of the site coupling (Coupling): the
// terms, the step's grid calls (Env.Grid) and the backup MW each
// converting parcel is built with.
type siteBooks struct {
	c            *Coupling // Env.Coupling, shared (read-only)
	grid         *GridCalls
	gridMW       float64
	drPerMWh     float64   // Facility.DemandResponseUSDPerMWh
	obligationMW float64   // ShedShare × GridMW
	backupMW     []float64 // per parcel: backup generation built with it
}

// newSiteBooks sizes the coupling of a runner whose parcels are ps, the
// first converting ones converting. The AI load that must be shed is the
// obligation less the MW that stay mining, at most the converting MW;
// BackupCoverage of it is backed up, split over the converting parcels
// by MW. backup holds len(ps) zeros, the books' backupMW.
func newSiteBooks(c *Coupling, grid *GridCalls, f Facility, ps []Parcel, converting int, backup []float64) siteBooks {
	gridMW := f.GridMW
	sb := siteBooks{c: c, grid: grid, gridMW: gridMW, drPerMWh: f.DemandResponseUSDPerMWh, obligationMW: c.ShedShare * gridMW, backupMW: backup}
	var convMW float64
	for i := range ps[:converting] {
		convMW += ps[i].GrossMW
	}
	need := min(convMW, max(sb.obligationMW-(gridMW-convMW), 0))
	if convMW > 0 {
		for i := range ps[:converting] {
			sb.backupMW[i] = c.BackupCoverage * need * ps[i].GrossMW / convMW
		}
	}
	return sb
}

// siteStep is what the coupling reads of one step's parcels.
type siteStep struct {
	miningMW     float64 // mining MW active, averaged over the step
	runMWh       float64 // MWh the miners ran
	idleRevUSD   float64 // revenue of running every idle mining MWh (USD)
	idleMWh      float64 // mining capacity MWh not run
	aiMW         float64 // AI MW drawing, averaged over the step
	aiMWh        float64 // MWh the AI halls drew
	aiRentUSD    float64 // rent the drawing AI halls earned
	backupMW     float64 // backup generation in service, averaged over the step
	newBackupMW  float64 // backup generation commissioned in the step
	aiBuiltMW    float64 // AI MW built (ready), averaged over the step
	miningActive bool
}

// read gathers the step's figures from the parcels after they booked it.
func (sb *siteBooks) read(ps []Parcel, s *market.State, st *siteStep) {
	*st = siteStep{}
	t0, t1 := stepSpan(s)
	dt := t1 - t0
	for i := range ps {
		p := &ps[i]
		m := &p.Miner
		if y := max(min(t1, m.StopYears())-t0, 0); m.MW() > 0 && y > 0 {
			capMWh := m.MW() * y * yearHours
			q := m.LastRunShare()
			st.miningMW += m.MW() * stepShare(y, dt)
			st.runMWh += capMWh * q
			st.idleMWh += capMWh * (1 - q)
			st.idleRevUSD += capMWh * (1 - q) * MiningRevenuePerMWh(s.HashpriceUSDPerPHDay, m.EfficiencyJPerTH(), m.fac.PoolFee)
			st.miningActive = true
		}
		if p.Contract == nil || !p.Build.Started() {
			continue
		}
		ready := p.Build.ReadyYears()
		y := overlapYears(t0, t1, ready, math.Inf(1))
		if y <= 0 {
			continue
		}
		w := stepShare(y, dt)
		st.aiBuiltMW += p.GrossMW * w
		st.backupMW += sb.backupMW[i] * w
		if ready >= t0 {
			st.newBackupMW += sb.backupMW[i]
		}
		if rent := p.scratch.LeaseUSD + p.scratch.GPURentUSD; rent > 0 {
			st.aiMW += p.GrossMW * w
			st.aiMWh += p.GrossMW * y * yearHours
			st.aiRentUSD += rent
		}
	}
}

// book adds the step's coupling to cf (see PivotRunner.Step).
func (sb *siteBooks) book(s *market.State, st *siteStep, cf *CashFlow) {
	c := sb.c
	dt := s.DtYears
	price := max(s.PowerUSDPerMWh, 0)
	// Take-or-pay: the shortfall below the minimum is paid; idle miners
	// run on it first (the energy is paid for), earning hashprice, unless
	// selling it back earns more; what is left is resold at ResaleShare of
	// the price.
	short := max(c.MinimumTakeShare*sb.gridMW*dt*yearHours-st.runMWh-st.aiMWh, 0)
	var absorb float64
	if st.idleRevUSD >= c.ResaleShare*price*st.idleMWh {
		absorb = min(short, st.idleMWh)
	}
	if absorb > 0 {
		cf.MiningUSD += st.idleRevUSD * absorb / st.idleMWh
		cf.PowerUSD += absorb * price
		cf.DemandResponseUSD -= absorb * sb.drPerMWh // no longer curtailed
	}
	cf.MinimumBillUSD += (short - absorb) * price * (1 - c.ResaleShare)
	// Shed calls: mining first (in scarcity hours the miners are off
	// anyway), then AI on backup generation, the rest breaches the SLA.
	shedMining := min(sb.obligationMW, st.miningMW)
	cf.DemandResponseUSD += c.DemandResponseUSDPerMWYear * shedMining * dt
	if g := sb.grid; g != nil && g.Events > 0 && st.aiMW > 0 {
		shedAI := min(sb.obligationMW-shedMining, st.aiMW)
		onBackup := min(shedAI, st.backupMW)
		cf.BackupFuelUSD += onBackup * g.Hours * c.BackupFuelUSDPerMWh
		if breach := shedAI - onBackup; breach > 0 {
			months := dt * monthsPerYear
			share := min(c.SLACreditShare*float64(g.Events), c.SLACreditCap*months)
			cf.SLACreditUSD += share * st.aiRentUSD / months * breach / st.aiMW
		}
	}
	cf.ReliabilityCapexUSD += st.newBackupMW * c.ReliabilityCapexUSDPerMW
	// Fixed overhead: each business present pays its fixed part in full
	// (the per-MW rows carry it pro rata), less what the two share.
	var over float64
	if st.miningActive {
		over += 1 - st.miningMW/sb.gridMW
	}
	if st.aiBuiltMW > 0 {
		over += 1 - st.aiBuiltMW/sb.gridMW
		if st.miningActive {
			over -= c.SharedOverheadShare
		}
	}
	cf.OverheadUSD += max(over, 0) * c.FixedOverheadUSDPerMWYear * sb.gridMW * dt
}

// stepShare returns y/dt, the share of a step of dt years that y years
// are, taken as 1 within rounding of the whole step (so that capacity
// present all step counts in full).
func stepShare(y, dt float64) float64 {
	if w := y / dt; w < 1-1e-9 {
		return w
	}
	return 1
}
