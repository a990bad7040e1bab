package market

import (
	"errors"
	"fmt"
	"math"
)

// CheckState reports the market series of s that have left the range a
// run can carry, each with its value, the bound it broke and the scenario
// fields that drive it: a series that is not finite, a BTC price below
// MinBTCPriceUSD (or 0), a BTC price, power price, GPU rent or colocation
// rent more than e^MaxLogGrowth times its start (the power price: the
// larger of its start and its level), fees per block above
// MaxFeesPerBlockBTC, a block reward above MaxBlockRewardUSD, or a
// hashprice that overflows a float32 band (3.4·10³⁸). It returns nil when
// every series is in range. s must be a state m has stepped.
//
// Scenario.Validate keeps these series inside their bounds at LimitSD
// standard deviations over the horizon, so a path of a valid scenario
// leaves them only in the far tail; sim calls CheckState when a path's
// cash flow or band value overflows, to say which input drove it.
func (m *Market) CheckState(s *State) error {
	st := &m.p.Start
	growth := math.Exp(MaxLogGrowth)
	var errs []error
	add := func(series, unit string, v float64, broke, drivers string) {
		if !finite(v) {
			broke = ", not a finite number"
		}
		errs = append(errs, fmt.Errorf("%s = %g %s at step %d%s; driven by %s", series, v, unit, s.Step, broke, drivers))
	}
	priceDrivers := "market.btcPrice and market.start.btcPriceUSD"
	switch x := s.BTCPriceUSD; {
	case !finite(x) || x > st.BTCPriceUSD*growth:
		add("the BTC price", "USD", x, fmt.Sprintf(", beyond e^%d times its start %g", MaxLogGrowth, st.BTCPriceUSD), priceDrivers)
	case x < MinBTCPriceUSD:
		add("the BTC price", "USD", x, fmt.Sprintf(", below %g USD (out of float64's range at 0)", float64(MinBTCPriceUSD)), priceDrivers)
	}
	feeDrivers := "market.fees and market.start.feesPerBlockBTC"
	if x := s.FeesPerBlockBTC; !finite(x) || x > MaxFeesPerBlockBTC {
		add("the fee level", "BTC per block", x, fmt.Sprintf(", beyond %g BTC (every bitcoin there will be)", float64(MaxFeesPerBlockBTC)), feeDrivers)
	}
	if r := s.BTCPriceUSD * (s.SubsidyBTC + s.FeesPerBlockBTC); len(errs) == 0 && r > MaxBlockRewardUSD {
		add("the block reward", "USD", r, fmt.Sprintf(" (BTC price %g USD × (subsidy %g + fees %g BTC)), beyond %g USD", s.BTCPriceUSD, s.SubsidyBTC, s.FeesPerBlockBTC, float64(MaxBlockRewardUSD)),
			priceDrivers+", "+feeDrivers)
	}
	if x, ref := s.PowerUSDPerMWh, math.Max(st.PowerUSDPerMWh, m.p.Power.LevelUSDPerMWh); !finite(x) || x > ref*growth {
		add("the power price", "USD/MWh", x, fmt.Sprintf(", beyond e^%d times %g", MaxLogGrowth, ref), "market.power and market.start.powerUSDPerMWh")
	}
	gpuDrivers := "market.gpu and market.start.gpuRentUSDPerHour"
	if x := s.GPURentUSDPerHour; !finite(x) || x > st.GPURentUSDPerHour*growth {
		add("the GPU rent", "USD/GPU-hour", x, fmt.Sprintf(", beyond e^%d times its start %g", MaxLogGrowth, st.GPURentUSDPerHour), gpuDrivers)
	}
	if x := s.ColoRentUSDPerKWMonth; !finite(x) || x > st.ColoRentUSDPerKWMonth*growth {
		add("the colocation rent", "USD/kW-month", x, fmt.Sprintf(", beyond e^%d times its start %g", MaxLogGrowth, st.ColoRentUSDPerKWMonth),
			"market.colo.elasticityToGPU, market.start.coloRentUSDPerKWMonth and "+gpuDrivers)
	}
	netDrivers := "market.network, market.start.hashrateEHs and market.start.difficulty"
	if x := s.HashrateEHs; !finite(x) || !finite(s.Difficulty) {
		add("the network hashrate", fmt.Sprintf("EH/s (difficulty %g)", s.Difficulty), x, ", not finite", netDrivers)
	}
	if x := s.HashpriceUSDPerPHDay; len(errs) == 0 && !(math.Abs(x) <= math.MaxFloat32) {
		add("the hashprice", "USD/PH/day", x, fmt.Sprintf(", beyond a float32 band, at a network hashrate of %g EH/s and difficulty %g", s.HashrateEHs, s.Difficulty),
			netDrivers+", with the BTC price and fees")
	}
	return errors.Join(errs...)
}

// finite reports whether x is neither NaN nor ±Inf.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
