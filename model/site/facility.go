package site

import (
	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Facility is the site a miner runs: its grid connection, the share of it
// that can become critical IT load, the mining fleet and the terms on which
// it mines. The zero value is not valid; start from DefaultFacility.
type Facility struct {
	// GridMW is the site's grid capacity (gross power), in MW; in (0, 1e5].
	GridMW float64 `json:"gridMW"`
	// ITFraction is the share of gross MW that can become critical IT load
	// when converted to AI (1/PUE at design load); in (0, 1].
	ITFraction float64 `json:"itFraction"`

	// EfficiencyJPerTH is the mining fleet's efficiency, in J/TH; in
	// [1, 1000].
	EfficiencyJPerTH float64 `json:"efficiencyJPerTH"`
	// MiningOpexUSDPerMWYear is the cost of running the mining site besides
	// power (staff, maintenance, insurance), in USD per MW-year of mining
	// capacity; in [0, 1e8]. It is paid whether or not the miners run.
	MiningOpexUSDPerMWYear float64 `json:"miningOpexUSDPerMWYear"`
	// PoolFee is the pool's share of mining revenue; in [0, 1).
	PoolFee float64 `json:"poolFee"`

	// SpotDispersion is the log standard deviation of the spot power price
	// within one step around the step's mean price (market.State.PowerUSDPerMWh);
	// in [0, 3]. The miners run in the hours when spot is below their
	// revenue per MWh; 0 makes curtailment all-or-nothing per step.
	SpotDispersion float64 `json:"spotDispersion"`
	// DemandResponseUSDPerMWh is the credit earned per MWh of curtailed
	// mining load (demand response, ancillary services); in [0, 10000].
	DemandResponseUSDPerMWh float64 `json:"demandResponseUSDPerMWh"`

	// ASICRefreshEveryYears is the interval between fleet refreshes, in
	// years; 0 means never, otherwise in [0.1, 100]. A refresh replaces the
	// fleet at ASICPriceUSDPerTH for the new fleet's hashrate.
	ASICRefreshEveryYears float64 `json:"asicRefreshEveryYears"`
	// ASICPriceUSDPerTH is the price of new mining hardware, in USD per TH/s;
	// in [0, 10000].
	ASICPriceUSDPerTH float64 `json:"asicPriceUSDPerTH"`
	// RefreshEfficiencyJPerTH is the efficiency of the fleet after a refresh,
	// in J/TH; 0 keeps EfficiencyJPerTH, otherwise in [1, 1000].
	RefreshEfficiencyJPerTH float64 `json:"refreshEfficiencyJPerTH"`
	// ASICSalvageUSDPerTH is what used mining gear fetches, in USD per TH/s;
	// in [0, 10000]. It is received when a block stops mining to convert, and booked
	// as terminal value for gear still mining at the horizon.
	ASICSalvageUSDPerTH float64 `json:"asicSalvageUSDPerTH"`
}

// DefaultFacility returns a 100 MW site with an 18 J/TH fleet.
func DefaultFacility() Facility {
	return Facility{
		// A mid-sized listed miner's site (assumption; the §F deals are
		// 168–800 MW IT).
		GridMW: 100,
		// docs/CALIBRATION.md §F: TeraWulf ~200 MW IT of ~250 MW gross (0.80),
		// Cipher Barber Lake 168 of 244 MW (0.69); 0.75 lies between.
		ITFraction: 0.75,
		// docs/CALIBRATION.md §D fleet efficiency: IREN 15–15.3, Antminer S21
		// 17.5, Riot 21.2, Core Scientific 23.6 J/TH; 18 is a modern fleet.
		EfficiencyJPerTH: 18,
		// Assumption bounded by docs/CALIBRATION.md §B: median public-miner total
		// hashcost 44.8 $/PH/day less power (0.432 MWh/PH-day at 18 J/TH ×
		// 37.5 $/MWh ≈ 16 $/PH/day) leaves ≈ 29 $/PH/day ≈ 0.58 M$/MW-yr of
		// depreciation, interest, SG&A and site cost; the site's cash opex is
		// taken as about a tenth of that.
		MiningOpexUSDPerMWYear: 60_000,
		// Assumption: FPPS pool fees for large miners are about 1–2 %.
		PoolFee: 0.01,
		// Assumption: hourly spot prices at ERCOT-like hubs scatter with a
		// log-sd of roughly 0.3–0.5 within a month outside scarcity events;
		// docs/CALIBRATION.md §D (curtailment break-even 100–200 $/MWh) is the
		// level at which this dispersion makes miners switch off.
		SpotDispersion: 0.35,
		// Off by default (opt in); docs/CALIBRATION.md §D: IREN's power cost fell
		// from 2.96 to 2.42 ¢/kWh after such credits.
		DemandResponseUSDPerMWh: 0,
		// No refresh by default: the fleet ages against the network.
		ASICRefreshEveryYears: 0,
		// docs/CALIBRATION.md §D ASIC price (new-gen, bulk, Jan 2025): ≈21.3 $/TH.
		ASICPriceUSDPerTH: 21.3,
		// docs/CALIBRATION.md §D: Antminer S21 Pro / S21+ Hydro at 15 J/TH.
		RefreshEfficiencyJPerTH: 15,
		// Assumption: used previous-generation gear fetches a small fraction
		// of new prices (docs/CALIBRATION.md §D index trough 15.71 $/TH for
		// <38 J/TH rigs in Dec 2022 was for then-current gear).
		ASICSalvageUSDPerTH: 2,
	}
}

// ITMW returns the critical IT load, in MW, that gross MW of the site can
// carry once converted: grossMW·ITFraction.
func (f Facility) ITMW(grossMW float64) float64 { return grossMW * f.ITFraction }

// Validate reports every invalid field with its value and allowed range.
func (f Facility) Validate() error {
	var c valid.Checker
	if !(f.GridMW > 0 && f.GridMW <= 1e5) {
		c.Add("gridMW", f.GridMW, "in (0, 1e5]")
	}
	if !(f.ITFraction > 0 && f.ITFraction <= 1) {
		c.Add("itFraction", f.ITFraction, "in (0, 1]")
	}
	c.Range("efficiencyJPerTH", f.EfficiencyJPerTH, 1, 1000)
	c.Range("miningOpexUSDPerMWYear", f.MiningOpexUSDPerMWYear, 0, 1e8)
	if !(f.PoolFee >= 0 && f.PoolFee < 1) {
		c.Add("poolFee", f.PoolFee, "in [0, 1)")
	}
	c.Range("spotDispersion", f.SpotDispersion, 0, 3)
	c.Range("demandResponseUSDPerMWh", f.DemandResponseUSDPerMWh, 0, 10000)
	if f.ASICRefreshEveryYears != 0 {
		// A shorter interval would make every step loop over many refreshes.
		c.Range("asicRefreshEveryYears", f.ASICRefreshEveryYears, 0.1, 100)
	}
	c.Range("asicPriceUSDPerTH", f.ASICPriceUSDPerTH, 0, 10000)
	if f.RefreshEfficiencyJPerTH != 0 {
		c.Range("refreshEfficiencyJPerTH", f.RefreshEfficiencyJPerTH, 1, 1000)
	}
	c.Range("asicSalvageUSDPerTH", f.ASICSalvageUSDPerTH, 0, 10000)
	return c.Err()
}
