package calib

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/pivotrisk/pivotrisk/model/market"
)

// networkData is the daily input of the network fit.
type networkData struct {
	dates    []time.Time // the window's days
	logPrice []float64   // log price from the start of the smoothing (warm-up, then the window)
	warm     int         // days of warm-up before the window in logPrice
	logH     []float64   // log hashrate in EH/s, per window day
	measVar  []float64   // measurement variance of logH, 1/blocks, per window day
	logRev   []float64   // log BreakEvenHashrateEHs(subsidy + fees per block, 1, 1, 1), per window day
	m        int         // period length in days
}

// newNetworkData extracts and checks the network fit's daily inputs for the
// window from..to of h (see FitNetwork) and periods of m days.
func newNetworkData(h *History, from, to time.Time, m int) (*networkData, error) {
	i0, i1, subsidy, err := networkWindow(h, from, to)
	if err != nil {
		return nil, err
	}
	s0 := pricedRunStart(h, i0)
	n := i1 - i0 + 1
	d := &networkData{
		dates:   h.Dates[i0 : i1+1],
		warm:    i0 - s0,
		logH:    make([]float64, n),
		measVar: make([]float64, n),
		logRev:  make([]float64, n),
		m:       m,
	}
	if err := d.readPrices(h, s0, i1); err != nil {
		return nil, err
	}
	if err := d.readDays(h, i0, subsidy); err != nil {
		return nil, err
	}
	if k := (n - 1) / m; k-2 < networkMinObs {
		return nil, fmt.Errorf("calib: network fit: %d days give %d periods of %d days, %d regressions; need at least %d regressions (%d days)",
			n, k, m, max(k-2, 0), networkMinObs, (networkMinObs+2)*m+1)
	}
	return d, nil
}

// networkWindow checks h and the columns the network fit needs and returns
// the indices of the window's first and last day and each window day's mean
// block subsidy in BTC.
func networkWindow(h *History, from, to time.Time) (i0, i1 int, subsidy []float64, err error) {
	if h == nil || h.Len() == 0 {
		return 0, 0, nil, errors.New("calib: network fit: empty history")
	}
	if err := h.check(); err != nil {
		return 0, 0, nil, err
	}
	i0, i1, err = h.windowIndex(from, to)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("calib: network fit: %w", err)
	}
	if err := h.require("calib: network fit: ", colHashrate, colBlocks, colFees); err != nil {
		return 0, 0, nil, err
	}
	subsidy, err = h.subsidyBTC(i0, i1)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("calib: network fit: %w", err)
	}
	return i0, i1, subsidy, nil
}

// pricedRunStart returns the index of the first day of the unbroken run of
// consecutive priced days that reaches day i0 of h: the price smoothing
// starts there, so the days before the window warm it up.
func pricedRunStart(h *History, i0 int) int {
	s0 := i0
	for s0 > 0 && h.PriceUSD[s0-1] > 0 && h.Dates[s0-1].AddDate(0, 0, 1).Equal(h.Dates[s0]) {
		s0--
	}
	return s0
}

// readPrices stores the log prices of days s0..i1 of h, which must be
// consecutive days with a usable price.
func (d *networkData) readPrices(h *History, s0, i1 int) error {
	for i := s0; i <= i1; i++ {
		if i > s0 && !h.Dates[i-1].AddDate(0, 0, 1).Equal(h.Dates[i]) {
			return fmt.Errorf("calib: network fit: gap in the history: %s follows %s (want consecutive days)",
				dayString(h.Dates[i]), dayString(h.Dates[i-1]))
		}
		p := h.PriceUSD[i]
		if !(p > 0) || math.IsInf(p, 0) {
			return fmt.Errorf("calib: network fit: no usable price on %s (PriceUSD = %g)", dayString(h.Dates[i]), p)
		}
		d.logPrice = append(d.logPrice, math.Log(p))
	}
	return nil
}

// readDays stores, for each window day j (day i0 + j of h), the log
// hashrate, its measurement variance and the log break-even hashrate at
// unit price, efficiency and power price, from the day's hashrate, blocks,
// fees and subsidy[j].
func (d *networkData) readDays(h *History, i0 int, subsidy []float64) error {
	for j := range d.logH {
		i := i0 + j
		day := dayString(h.Dates[i])
		hr, blocks, fees := h.HashrateTHs[i], h.Blocks[i], h.FeesBTC[i]
		switch {
		case !(hr > 0):
			return fmt.Errorf("calib: network fit: no positive hashrate on %s (HashRate %s)", day, cellString(hr))
		case !(blocks > 0):
			return fmt.Errorf("calib: network fit: no blocks on %s (BlkCnt %s)", day, cellString(blocks))
		case !(fees >= 0):
			return fmt.Errorf("calib: network fit: no fees on %s (FeeTotNtv %s)", day, cellString(fees))
		}
		d.logH[j] = math.Log(hr / 1e6)
		d.measVar[j] = 1 / blocks
		reward := subsidy[j] + fees/blocks
		if !(reward > 0) {
			return fmt.Errorf("calib: network fit: no block reward on %s (subsidy %g + fees %g BTC per block)", day, subsidy[j], fees/blocks)
		}
		// H* at price 1 USD, e = 1 J/TH and p = 1 USD/MWh: H* is linear in
		// the price and inversely proportional to e and p.
		d.logRev[j] = math.Log(market.BreakEvenHashrateEHs(reward, 1, 1, 1))
	}
	return nil
}

// warmupYears is the length of the price history before the window.
func (d *networkData) warmupYears() float64 { return float64(d.warm) * dt }

// driver returns Z_j, the log break-even hashrate (EH/s) at e·p = 1 of
// each window day j: the log of market.BreakEvenHashrateEHs at the day's
// reward per block and 1 USD, plus the smoothed log price, which starts at
// the first price of the warm-up and moves toward each day's log price by
// 1 − e^{−dt/τ}, as the market's does in daily steps (τ = 0: no smoothing).
// The move into day j answers to day j's smoothed price, fees and subsidy,
// the market's timing: its step into a day uses the step's new price and
// fees and the subsidy of the blocks it mines (the day's mean subsidy
// differs from that only on a halving day, which mixes two eras).
func (d *networkData) driver(tau float64) []float64 {
	w := 1.0
	if tau > 0 {
		w = -math.Expm1(-dt / tau)
	}
	z := make([]float64, len(d.logH))
	lag := d.logPrice[0]
	for i, lp := range d.logPrice {
		lag += w * (lp - lag)
		if j := i - d.warm; j >= 0 {
			z[j] = d.logRev[j] + lag
		}
	}
	return z
}
