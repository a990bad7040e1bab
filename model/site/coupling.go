package site

import (
	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/strictjson"
	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Coupling holds the economics that every parcel of one site shares: one
// interconnect under one power contract with a take-or-pay minimum, one
// curtailment obligation to the grid operator (shed events, demand-response
// credits, backup generation, tenants' SLA credits), reliability capex for
// the AI load that cannot be shed, fixed site overhead and the mining
// halls' own PUE. A PivotRunner applies them after its parcels' books
// (see PivotRunner.Step and docs/CALIBRATION.md §H for every default).
//
// Off turns every coupling off: the site is then the sum of its parcels,
// bit for bit the model without coupling (NoCoupling).
type Coupling struct {
	// Off turns every coupling off; the other fields are then ignored.
	Off bool `json:"off"`

	// MinimumTakeShare is the take-or-pay minimum: the share of the
	// interconnect's MWh (Facility.GridMW × the step's hours) the site pays
	// for at the step's mean power price whatever it draws; in [0, 1].
	MinimumTakeShare float64 `json:"minimumTakeShare"`
	// ResaleShare is the share of the step's mean power price credited
	// for each MWh of the take-or-pay minimum the site leaves unused and
	// sells back (a fixed-price contract with net settlement, such as a
	// miner's Texas PPA: docs/CALIBRATION.md §H10); in [0, 1]. 0 is a
	// strict take-or-pay tariff (H1). Idle miners run on the minimum only
	// when they earn more per MWh than its resale.
	ResaleShare float64 `json:"resaleShare"`
	// MiningPUE is the mining halls' power usage effectiveness (gross MW
	// per MW at the miners); in [1, 3]. The AI halls' is 1/Facility.ITFraction.
	MiningPUE float64 `json:"miningPUE"`

	// ShedEventsPerYear is the mean number of grid-operator shed calls a
	// year (a Poisson process); in [0, 365].
	ShedEventsPerYear float64 `json:"shedEventsPerYear"`
	// ShedEventHours is each call's duration, in hours, drawn per event;
	// its support must be ≥ 0 and its mean ≤ 720. Draws above the step's
	// hours are cut at them.
	ShedEventHours dist.Spec `json:"shedEventHours"`
	// ShedShare is the MW each call requires the site to shed, as a share
	// of Facility.GridMW; in [0, 1]. Mining is shed first.
	ShedShare float64 `json:"shedShare"`
	// DemandResponseUSDPerMWYear is the capacity credit paid for curtailable
	// (mining) MW enrolled up to the shed obligation, in USD per MW-year;
	// in [0, 1e6].
	DemandResponseUSDPerMWYear float64 `json:"demandResponseUSDPerMWYear"`

	// BackupCoverage is the share of the AI load that must be shed (the
	// obligation the site's mining cannot cover) that backup generation is
	// built for; in [0, 1]. AI load shed beyond it breaches the tenants' SLA.
	BackupCoverage float64 `json:"backupCoverage"`
	// ReliabilityCapexUSDPerMW is the capex of backup generation and its
	// power path, in USD per MW of backed-up load, spent when the AI
	// capacity is ready; in [0, 1e8].
	ReliabilityCapexUSDPerMW float64 `json:"reliabilityCapexUSDPerMW"`
	// BackupFuelUSDPerMWh is the fuel cost of running AI load on backup
	// generation, in USD per MWh; in [0, 1e5].
	BackupFuelUSDPerMWh float64 `json:"backupFuelUSDPerMWh"`
	// SLACreditShare is the service credit owed to the tenants per shed
	// call that breaches their SLA, as a share of the monthly rent of the
	// breached load; in [0, 1].
	SLACreditShare float64 `json:"slaCreditShare"`
	// SLACreditCap caps the credits of one month, as a share of its rent;
	// in [0, 1].
	SLACreditCap float64 `json:"slaCreditCap"`

	// FixedOverheadUSDPerMWYear is the fixed site overhead (staff, security,
	// insurance, substation upkeep) of one business run alone on the site,
	// in USD a year per MW of the interconnect (Facility.GridMW); in
	// [0, 1e7]. The per-MW cost rows carry it pro rata for a site of one
	// business; a business on part of the site pays its fixed part in full.
	FixedOverheadUSDPerMWYear float64 `json:"fixedOverheadUSDPerMWYear"`
	// SharedOverheadShare is the share of one business's fixed overhead the
	// other saves when both run on the site; in [0, 1].
	SharedOverheadShare float64 `json:"sharedOverheadShare"`
}

// DefaultCoupling returns the sourced site coupling of docs/CALIBRATION.md
// §H: an 80 % take-or-pay minimum, mining PUE 1.05, three shed calls a year
// of about three hours for half the interconnect, 60 k$/MW-year of
// demand-response credit, backup for half the AI load that must be shed at
// 1 M$/MW and 245 $/MWh of fuel, 5 % SLA credits per breach capped at
// 30 % a month, and fixed overhead of 15 k$ per MW-year of interconnect
// per business, half of it shared.
func DefaultCoupling() Coupling {
	return Coupling{
		// §H1: minimum billing demand of large-load tariffs, 80 % (AEP
		// Indiana) to 90 % of contracted capacity.
		MinimumTakeShare: 0.8,
		// §H1's tariffs bill the minimum whether used or not; §H10's
		// resale is a setting (resaleShare), not the default.
		ResaleShare: 0,
		// §H2: single-phase immersion and hydro 1.03–1.10.
		MiningPUE: 1.05,
		// Assumption anchored on docs/CALIBRATION.md §H3: ERCOT energy
		// emergencies, a few a year in tight years.
		ShedEventsPerYear: 3,
		// Assumption anchored on §H3: ERS obligations last at most 8 hours;
		// median 3 h, log-sd 0.5
		// puts the 95th percentile at 6.8 h.
		ShedEventHours: dist.LogNormalSpec(3, 0.5),
		// §H4: Texas SB 6 (2025) counts backup generation that serves at
		// least 50 % of a large load's demand.
		ShedShare: 0.5,
		// §H5: ERCOT ERS capacity payments, about 60–70 k$/MW-year.
		DemandResponseUSDPerMWYear: 60_000,
		// §H4: SB 6's 50 % threshold.
		BackupCoverage: 0.5,
		// §H6: EIA, gas generators built in 2013 averaged 965 $/kW; the §F
		// fit-out's redundancy is taken to exclude generation for hours of
		// shed calls (assumption).
		ReliabilityCapexUSDPerMW: 1e6,
		// §H7: 0.07 gal/kWh × 3.50 $/gal.
		BackupFuelUSDPerMWh: 245,
		// §H8: colocation SLAs credit 5 % of the monthly fee, capped at 30 %.
		SLACreditShare: 0.05,
		SLACreditCap:   0.30,
		// Assumption (docs/CALIBRATION.md §H defaults): a quarter of the
		// default mining site's cash opex of 60 k$/MW-yr (§D) is fixed per
		// site; a second business saves half of it.
		FixedOverheadUSDPerMWYear: 15_000,
		SharedOverheadShare:       0.5,
	}
}

// NoCoupling returns the setting that turns every coupling off: the
// defaults with Off set. A scenario with it reproduces the model without
// site coupling bit for bit (the golden run of sim/testdata/golden).
func NoCoupling() Coupling {
	c := DefaultCoupling()
	c.Off = true
	return c
}

// UnmarshalJSON decodes c over its current value; a distribution given in
// the JSON replaces the current one whole. Unknown fields are errors; JSON
// null leaves c unchanged.
func (c *Coupling) UnmarshalJSON(b []byte) error {
	if strictjson.IsNull(b) {
		return nil
	}
	type plain Coupling
	p := plain(*c)
	if err := strictjson.Unmarshal(b, &p); err != nil {
		return err
	}
	if err := freshSpecs(b, map[string]*dist.Spec{"shedEventHours": &p.ShedEventHours}); err != nil {
		return err
	}
	*c = Coupling(p)
	return nil
}

// JSONFields implements strictjson.Object: a coupling's JSON members are
// its struct fields.
func (c Coupling) JSONFields() []strictjson.Field { return strictjson.StructFields(c) }

// Validate reports every invalid field with its value and allowed range
// (all fields are checked, Off or not).
func (c Coupling) Validate() error {
	var v valid.Checker
	v.Range("minimumTakeShare", c.MinimumTakeShare, 0, 1)
	v.Range("resaleShare", c.ResaleShare, 0, 1)
	v.Range("miningPUE", c.MiningPUE, 1, 3)
	v.Range("shedEventsPerYear", c.ShedEventsPerYear, 0, 365)
	checkSpec(&v, "shedEventHours", c.ShedEventHours, 0, 720)
	v.Range("shedShare", c.ShedShare, 0, 1)
	v.Range("demandResponseUSDPerMWYear", c.DemandResponseUSDPerMWYear, 0, 1e6)
	v.Range("backupCoverage", c.BackupCoverage, 0, 1)
	v.Range("reliabilityCapexUSDPerMW", c.ReliabilityCapexUSDPerMW, 0, 1e8)
	v.Range("backupFuelUSDPerMWh", c.BackupFuelUSDPerMWh, 0, 1e5)
	v.Range("slaCreditShare", c.SLACreditShare, 0, 1)
	v.Range("slaCreditCap", c.SLACreditCap, 0, 1)
	v.Range("fixedOverheadUSDPerMWYear", c.FixedOverheadUSDPerMWYear, 0, 1e7)
	v.Range("sharedOverheadShare", c.SharedOverheadShare, 0, 1)
	return v.Err()
}

// On reports whether any coupling applies (Off is not set).
func (c *Coupling) On() bool { return c != nil && !c.Off }

// MeterFacility returns f as the coupled site's meters see it: the mining
// fleet's efficiency per TH at the grid meter, EfficiencyJPerTH (and the
// refresh fleet's) times MiningPUE, so a gross MW of mining hashes
// 1/MiningPUE as much. With coupling off it returns f unchanged.
func (c *Coupling) MeterFacility(f Facility) Facility {
	if !c.On() {
		return f
	}
	f.EfficiencyJPerTH *= c.MiningPUE
	if f.RefreshEfficiencyJPerTH != 0 {
		f.RefreshEfficiencyJPerTH *= c.MiningPUE
	}
	return f
}
