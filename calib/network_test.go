package calib

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// quietMarket is the default market without randomness in the network's
// drivers except what a test switches back on: price, fees and hashrate
// move deterministically (revenue changes only at halvings).
func quietMarket() market.MarketParams {
	p := market.DefaultMarketParams()
	p.BTCPrice = market.PriceModel{Model: market.PriceGBM, DriftPerYear: 0.3, VolPerYear: 0}
	p.Fees.VolPerYear = 0
	p.Fees.JumpsPerYear = 0
	p.Network.NoiseVolPerYear = 0
	return p
}

// TestNetworkDriverMatchesMarket checks the fit's daily driver against the
// market's own hashrate step: with no hashrate noise, every day's move must
// be exactly g·dt + (1 − e^{−κ·dt})·(Z_j − ln(e₀·p) + g·t_{j−1} − y_{j−1})
// with the driver Z that the fit builds from the recorded history (the
// smoothed price, fees and subsidy per block through
// market.BreakEvenHashrateEHs). Only a halving day, whose recorded subsidy
// mixes two eras, is skipped.
func TestNetworkDriverMatchesMarket(t *testing.T) {
	for _, tau := range []float64{0, 1.0 / 3, 2} {
		t.Run(fmt.Sprintf("tau=%g", tau), func(t *testing.T) {
			p := market.DefaultMarketParams()
			p.Network.NoiseVolPerYear = 0
			p.Network.PriceLagYears = tau
			const days = 6 * 365 // crosses a halving
			h := simMarketHistory(t, p, days, 3, true)
			d, err := newNetworkData(h, time.Time{}, time.Time{}, DefaultPeriodDays)
			require.NoError(t, err)
			z := d.driver(tau)
			np := p.Network
			phi := -math.Expm1(-np.ErrorCorrectionPerYear * dt)
			logEP := math.Log(np.MarginalEfficiencyJPerTH * np.MarginalPowerUSDPerMWh)
			sub := func(j int) float64 { return h.IssuanceBTC[j] / h.Blocks[j] }
			same := func(a, b float64) bool { return math.Abs(a-b) < 1e-9*a }
			checked := 0
			for j := 1; j <= days; j++ {
				if j < days && !same(sub(j), sub(j-1)) && !same(sub(j), sub(j+1)) {
					continue // the halving day
				}
				target := z[j] - logEP + np.TrendGrowthPerYear*float64(j-1)*dt
				want := d.logH[j-1] + np.TrendGrowthPerYear*dt + phi*(target-d.logH[j-1])
				mctest.WithinAbs(t, fmt.Sprintf("log H on day %d", j), d.logH[j], want, 1e-11)
				checked++
			}
			assert.GreaterOrEqual(t, checked, days-1)
		})
	}
}

// TestFitNetworkNoiseless fits a hashrate without shocks or measurement
// noise whose revenue moves only at halvings and by a steady price drift:
// the period equation is then exact up to terms of order (κΔ)²·ΔZ, so the
// fit must return g, κ and e to within a few (κΔ)² (0.5 % for four-week
// periods) of the truth.
func TestFitNetworkNoiseless(t *testing.T) {
	p := quietMarket()
	const days = 20 * 365
	h := simMarketHistory(t, p, days, 1, true)
	f, err := FitNetwork(h, time.Time{}, time.Time{}, &NetworkOptions{
		PriceLagYears: []float64{p.Network.PriceLagYears}, MarginalPowerUSDPerMWh: p.Network.MarginalPowerUSDPerMWh,
	})
	require.NoError(t, err)
	kd := p.Network.ErrorCorrectionPerYear * float64(DefaultPeriodDays) * dt
	tol := 4 * kd * kd
	mctest.WithinRel(t, "trendGrowthPerYear", f.TrendGrowthPerYear, p.Network.TrendGrowthPerYear, tol)
	mctest.WithinRel(t, "errorCorrectionPerYear", f.ErrorCorrectionPerYear, p.Network.ErrorCorrectionPerYear, tol)
	mctest.WithinRel(t, "marginalEfficiencyJPerTH", f.MarginalEfficiencyJPerTH, marginalEfficiencyAt(p.Network, days), tol)
	mctest.WithinRel(t, "start efficiency", f.MarginalEfficiencyStartJPerTH, p.Network.MarginalEfficiencyJPerTH, tol)
	assert.Less(t, f.NoiseVolPerYear, 0.01, "no shocks: the noise volatility must be near 0")
	assert.Equal(t, f.NetworkParams().MarginalPowerUSDPerMWh, p.Network.MarginalPowerUSDPerMWh)
}

// TestFitNetworkRecovery simulates the default market (price, fees,
// halvings, correlated hashrate shocks and Poisson block counts) daily
// for 40 years, fits it back with the true price lag and power price, and
// checks every estimate within recoveryK reported standard errors and the
// z-scores' mean square over seeds.
func TestFitNetworkRecovery(t *testing.T) {
	p := market.DefaultMarketParams()
	const (
		days  = 40 * 365
		seeds = 10
	)
	truth := map[string]float64{
		ParamTrendGrowth:        p.Network.TrendGrowthPerYear,
		ParamErrorCorrection:    p.Network.ErrorCorrectionPerYear,
		ParamNoiseVol:           p.Network.NoiseVolPerYear,
		ParamMarginalEfficiency: marginalEfficiencyAt(p.Network, days),
	}
	z := zScores{}
	for seed := uint64(1); seed <= seeds; seed++ {
		h := simMarketHistory(t, p, days, 700+seed, false)
		f, err := FitNetwork(h, time.Time{}, time.Time{}, &NetworkOptions{
			PriceLagYears: []float64{p.Network.PriceLagYears}, MarginalPowerUSDPerMWh: p.Network.MarginalPowerUSDPerMWh,
		})
		require.NoError(t, err)
		assert.Equal(t, StdErrHAC, f.StdErrMethod)
		assert.Greater(t, f.FirstStageF, 10.0)
		checkRecovery(t, fmt.Sprintf("seed %d", seed), &f.Fit, truth, z)
		// The typed fields are the Params, and the fixed inputs are listed.
		for i, v := range []float64{f.TrendGrowthPerYear, f.ErrorCorrectionPerYear, f.MarginalEfficiencyJPerTH, f.NoiseVolPerYear} {
			assert.Equal(t, f.Params[i].Value, v)
		}
		require.Len(t, f.Fixed, 2)
		assert.Equal(t, ParamPriceLag, f.Fixed[0].Name)
		assert.True(t, math.IsNaN(f.Fixed[0].StdErr))
		// The measurement variance is the Poisson one of ~144 blocks a day
		// over a period, twice (two period means per residual).
		mctest.WithinRel(t, "measurementVar", f.MeasurementVar, 2/(144*float64(DefaultPeriodDays)), 0.15)
	}
	checkHonest(t, z)
}

// TestFitNetworkProfile: over a long series, the price-lag profile must
// prefer the true lag to lags far from it.
func TestFitNetworkProfile(t *testing.T) {
	p := market.DefaultMarketParams()
	p.Network.PriceLagYears = 0.5
	for seed := uint64(1); seed <= 3; seed++ {
		h := simMarketHistory(t, p, 40*365, 800+seed, false)
		f, err := FitNetwork(h, time.Time{}, time.Time{}, &NetworkOptions{PriceLagYears: []float64{0, 0.5, 2}})
		require.NoError(t, err)
		require.Len(t, f.Profile, 3)
		assert.Equal(t, 0.5, f.PriceLagYears, "seed %d: profile %+v", seed, f.Profile)
		assert.Less(t, f.Profile[1].RSS, f.Profile[0].RSS)
		assert.Less(t, f.Profile[1].RSS, f.Profile[2].RSS)
		// A profiled lag is charged as a parameter.
		mctest.WithinRel(t, "AIC", f.AIC, 2*5-2*f.LogLik, 1e-12)
		mctest.WithinRel(t, "BIC", f.BIC, 5*math.Log(float64(f.N))-2*f.LogLik, 1e-12)
	}
}

// TestFitNetworkWarmUp: prices before the window warm up the smoothing, so
// fitting a window that starts later gives the driver the market had.
func TestFitNetworkWarmUp(t *testing.T) {
	p := market.DefaultMarketParams()
	p.Network.NoiseVolPerYear = 0
	h := simMarketHistory(t, p, 3*365, 5, true)
	from := h.Dates[400]
	d, err := newNetworkData(h, from, time.Time{}, DefaultPeriodDays)
	require.NoError(t, err)
	full, err := newNetworkData(h, time.Time{}, time.Time{}, DefaultPeriodDays)
	require.NoError(t, err)
	assert.Equal(t, 400, d.warm)
	zw, zf := d.driver(p.Network.PriceLagYears), full.driver(p.Network.PriceLagYears)
	for j := range zw {
		mctest.WithinAbs(t, "driver", zw[j], zf[j+400], 1e-12)
	}
	mctest.WithinRel(t, "warm-up years", d.warmupYears(), 400*dt, 1e-15)
}

// TestKernelW checks W(κ, Δ) against its κ → 0 limit 2Δ/3 and against the
// closed form of the two integrals at a large κΔ (no cancellation there):
// ∫₀^Δ (e^{−κu} − e^{−κΔ})² du + ∫₀^Δ (1 − e^{−κs})² ds, over (κΔ)².
func TestKernelW(t *testing.T) {
	const delta = 28.0 / 365
	mctest.WithinRel(t, "W(0)", kernelW(0, delta), 2*delta/3, 1e-12)
	mctest.WithinRel(t, "W(1e-9)", kernelW(1e-9, delta), 2*delta/3, 1e-8)
	for _, kappa := range []float64{5, 20, 80} {
		a, d := kappa, delta
		e1, e2 := math.Exp(-a*d), math.Exp(-2*a*d)
		first := (1-e2)/(2*a) - 2*e1*(1-e1)/a + d*e2
		second := d - 2*(1-e1)/a + (1-e2)/(2*a)
		want := (first + second) / (a * d * a * d)
		mctest.WithinRel(t, fmt.Sprintf("W(%g)", kappa), kernelW(kappa, delta), want, 1e-9)
	}
}

// TestSubsidyFromHeights: without an issuance column, a history from the
// genesis day gives the subsidy from the heights its block counts add up
// to; on the day of the first halving the day's blocks straddle height
// 210,000 and the mean mixes 50 and 25 BTC by hand-counted shares.
func TestSubsidyFromHeights(t *testing.T) {
	const days = 1500
	h := &History{}
	for j := 0; j < days; j++ {
		h.Dates = append(h.Dates, genesisDay.AddDate(0, 0, j))
		h.Blocks = append(h.Blocks, 144)
	}
	sub, err := h.subsidyBTC(0, days-1)
	require.NoError(t, err)
	// Day j holds heights 144j..144j+143; 210,000 = 144·1458 + 48, so day
	// 1458 has 48 blocks at 50 BTC and 96 at 25 BTC.
	assert.Equal(t, 50.0, sub[0])
	assert.Equal(t, 50.0, sub[1457])
	mctest.WithinRel(t, "halving day", sub[1458], (48*50+96*25)/144.0, 1e-15)
	assert.Equal(t, 25.0, sub[1459])

	// The same history with an issuance column uses it instead.
	h.IssuanceBTC = make([]float64, days)
	for j := range h.IssuanceBTC {
		h.IssuanceBTC[j] = 7.2 * 144
	}
	sub, err = h.subsidyBTC(10, 20)
	require.NoError(t, err)
	mctest.WithinRel(t, "subsidy from issuance", sub[0], 7.2, 1e-15)

	// Without issuance and not from genesis, heights are unknown.
	h.IssuanceBTC = nil
	late, err := h.Window(h.Dates[5], h.Dates[days-1])
	require.NoError(t, err)
	_, err = late.subsidyBTC(0, 10)
	require.ErrorContains(t, err, "genesis")
}

// TestFitNetworkErrors: every unusable input is an error naming the
// problem.
func TestFitNetworkErrors(t *testing.T) {
	p := quietMarket()
	p.Network.NoiseVolPerYear = 0.2
	base := simMarketHistory(t, p, 600, 1, false)
	clone := func() *History {
		w, err := base.Window(base.Dates[0], base.Dates[base.Len()-1])
		require.NoError(t, err)
		return w
	}
	cases := []struct {
		name string
		h    func() *History
		opts *NetworkOptions
		want string
	}{
		{"no hashrate column", func() *History { h := clone(); h.HashrateTHs = nil; return h }, nil, "the history has no hash-rate column (HashRate)"},
		{"no blocks column", func() *History { h := clone(); h.Blocks = nil; return h }, nil, "the history has no block-count column (BlkCnt)"},
		{"no fee column", func() *History { h := clone(); h.FeesBTC = nil; return h }, nil, "the history has no fee column (FeeTotNtv)"},
		{"zero hashrate", func() *History { h := clone(); h.HashrateTHs[100] = 0; return h }, nil, "no positive hashrate on 2001-04-11"},
		{"no blocks", func() *History { h := clone(); h.Blocks[100] = 0; return h }, nil, "no blocks on 2001-04-11"},
		{"missing fees", func() *History { h := clone(); h.FeesBTC[100] = math.NaN(); return h }, nil, "no fees on 2001-04-11"},
		{"missing issuance", func() *History { h := clone(); h.IssuanceBTC[100] = math.NaN(); return h }, nil, "no issuance on 2001-04-11"},
		{"missing price", func() *History { h := clone(); h.PriceUSD[100] = math.NaN(); return h }, nil, "no usable price on 2001-04-11"},
		{"gap", func() *History {
			h := clone()
			for i := 100; i < h.Len(); i++ {
				h.Dates[i] = h.Dates[i].AddDate(0, 0, 1)
			}
			return h
		}, nil, "gap in the history: 2001-04-12 follows 2001-04-10"},
		{"too short", clone, &NetworkOptions{PeriodDays: 60}, "need at least 12 regressions"},
		{"bad period", clone, &NetworkOptions{PeriodDays: 3}, "periodDays = 3"},
		{"bad lag", clone, &NetworkOptions{PriceLagYears: []float64{0.5, -1}}, "priceLagYears[1] = -1"},
		{"empty lag grid", clone, &NetworkOptions{PriceLagYears: []float64{}}, "priceLagYears"},
		{"bad power", clone, &NetworkOptions{MarginalPowerUSDPerMWh: -5}, "marginalPowerUSDPerMWh = -5"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FitNetwork(tc.h(), time.Time{}, time.Time{}, tc.opts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "calib: "), err.Error())
		})
	}
	_, err := FitNetwork(nil, time.Time{}, time.Time{}, nil)
	require.Error(t, err)
	_, err = FitNetwork(clone(), base.Dates[500], base.Dates[100], nil)
	require.ErrorContains(t, err, "ends before it starts")
}

// TestFitNetworkNoErrorCorrection: a hashrate that ignores revenue (a
// random walk with drift beside a revenue that halves) shows no error
// correction, and the fit says so instead of reporting a negative speed.
func TestFitNetworkNoErrorCorrection(t *testing.T) {
	p := quietMarket()
	p.BTCPrice.VolPerYear = 0.6
	p.Network.ErrorCorrectionPerYear = 0
	p.Network.NoiseVolPerYear = 0.3
	for seed := uint64(1); seed <= 20; seed++ {
		h := simMarketHistory(t, p, 12*365, 900+seed, false)
		f, err := FitNetwork(h, time.Time{}, time.Time{}, &NetworkOptions{PriceLagYears: []float64{p.Network.PriceLagYears}})
		if err != nil {
			assert.Contains(t, err.Error(), "no error correction in these data")
			return
		}
		assert.GreaterOrEqual(t, f.ErrorCorrectionPerYear, 0.0)
	}
	t.Fatal("twenty random walks never gave a gap coefficient ≤ 0")
}
