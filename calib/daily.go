package calib

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/pivotrisk/pivotrisk/model/market"
)

// genesisDay is the date of bitcoin's genesis block, the first day of a
// history whose block counts give heights.
var genesisDay = time.Date(2009, 1, 3, 0, 0, 0, 0, time.UTC)

// windowIndex returns the indices of the first and last day of h in the
// window from..to (both included, calendar dates as in Window); a zero
// from or to stands for h's first or last day.
func (h *History) windowIndex(from, to time.Time) (i0, i1 int, err error) {
	if h.Len() == 0 {
		return 0, 0, errors.New("empty history")
	}
	if from.IsZero() {
		from = h.Dates[0]
	}
	if to.IsZero() {
		to = h.Dates[h.Len()-1]
	}
	from, to = dateOf(from), dateOf(to)
	if to.Before(from) {
		return 0, 0, fmt.Errorf("window %s..%s ends before it starts", dayString(from), dayString(to))
	}
	i0, i1 = -1, -1
	for i, d := range h.Dates {
		if d.Before(from) || d.After(to) {
			continue
		}
		if i0 < 0 {
			i0 = i
		}
		i1 = i
	}
	if i0 < 0 {
		return 0, 0, fmt.Errorf("no day of the history in window %s..%s", dayString(from), dayString(to))
	}
	return i0, i1, nil
}

// subsidyBTC returns the mean block subsidy, in BTC per block, of each day
// i0..i1 of h: the day's IssuanceBTC over its Blocks when the history has
// issuance, otherwise market.BlockSubsidy averaged over the heights the
// block counts give, which needs a history from the genesis day with every
// day's count. Both need the block counts.
func (h *History) subsidyBTC(i0, i1 int) ([]float64, error) {
	out := make([]float64, i1-i0+1)
	if err := h.require("", colBlocks); err != nil {
		return nil, err
	}
	if h.has(colIssuance) {
		for i := i0; i <= i1; i++ {
			iss, blocks := h.IssuanceBTC[i], h.Blocks[i]
			if math.IsNaN(iss) {
				return nil, fmt.Errorf("no issuance on %s (IssTotNtv is empty)", dayString(h.Dates[i]))
			}
			if !(blocks > 0) {
				return nil, fmt.Errorf("no blocks on %s (BlkCnt %s)", dayString(h.Dates[i]), cellString(blocks))
			}
			out[i-i0] = iss / blocks
		}
		return out, nil
	}
	if !h.Dates[0].Equal(genesisDay) {
		return nil, fmt.Errorf("the history has no IssTotNtv column and does not start at the genesis day %s, so block heights are unknown",
			dayString(genesisDay))
	}
	// Heights: the blocks of day i are [S_{i−1}, S_i) with S the running
	// count (the genesis block has height 0).
	var height int64
	for i := 0; i <= i1; i++ {
		if i > 0 && !h.Dates[i-1].AddDate(0, 0, 1).Equal(h.Dates[i]) {
			return nil, fmt.Errorf("gap in the history at %s: heights from block counts need every day", dayString(h.Dates[i]))
		}
		b := h.Blocks[i]
		if !(b >= 0) || b != math.Trunc(b) {
			return nil, fmt.Errorf("block count %s on %s: heights need whole block counts", cellString(b), dayString(h.Dates[i]))
		}
		next := height + int64(b)
		if i >= i0 {
			if b == 0 {
				return nil, fmt.Errorf("no blocks on %s (BlkCnt = 0)", dayString(h.Dates[i]))
			}
			sat := market.TotalSubsidySatoshis(next) - market.TotalSubsidySatoshis(height)
			out[i-i0] = float64(sat) / market.SatoshisPerBTC / b
		}
		height = next
	}
	return out, nil
}

// cellString describes a history value in a message: "is empty" for NaN
// (an empty cell), "= v" otherwise.
func cellString(v float64) string {
	if math.IsNaN(v) {
		return "is empty"
	}
	return fmt.Sprintf("= %g", v)
}

// dayString formats a date as 2006-01-02.
func dayString(t time.Time) string { return t.Format(time.DateOnly) }
