package market

import (
	"fmt"
	"math"
	"strings"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// The bounds Scenario.Validate puts on the market's combined parameters.
// Each field may lie inside its own documented range while the combination
// makes a series explode (fee spikes so frequent that they pile up faster
// than the level reverts), collapse below float64's range (a Kou up-jump
// mean near 1, whose jump compensator drags every path without a huge jump
// down), or grow without plausible bound over a long horizon. Validate
// computes the exact mean and variance of each series' log over the
// horizon and rejects the scenario when mean ± LimitSD standard deviations
// leaves these bounds, naming the fields that drive the series.
const (
	// LimitSD is the number of standard deviations of a series' log at
	// which the bounds apply: 6 sd is beyond the largest path of a run of
	// sim's 10⁸ paths (about 5.6 sd), in the Gaussian approximation of the
	// log (rare large jumps make the true far tail somewhat heavier).
	LimitSD = 6
	// MaxLogGrowth bounds the growth of the BTC price (from its start),
	// the power price (from the larger of its start and its level), the
	// GPU rent and the colocation rent (from their starts): a factor of
	// e^40 ≈ 2.4·10¹⁷, far beyond any market move. It keeps every cash
	// figure of the largest site a scenario allows (1e5 MW, 1e4 GPUs per
	// MW) over the longest horizon (100 years), from the highest start each
	// range allows, about a thousand times inside a float32 band
	// (3.4·10³⁸, sim's band store).
	MaxLogGrowth = 40
	// MaxFeesPerBlockBTC bounds the fees per block: no block can pay more
	// than the 21 million bitcoin that will ever exist.
	MaxFeesPerBlockBTC = 21e6
	// MaxBlockRewardUSD bounds a block's reward valued in USD, BTC price ×
	// (subsidy + fees): 10¹⁹ USD is about a hundred thousand times the
	// world's yearly output in one block. Even at the network's lowest
	// hashrate (1e-6 EH/s) and five times the target block rate it keeps
	// the hashprice below 10²⁵ USD/PH/day, and the mining revenue of the
	// largest site (1e5 MW at 1 J/TH) over 100 years ten times inside a
	// float32 band.
	MaxBlockRewardUSD = 1e19
	// MinBTCPriceUSD bounds the BTC price from below. A price may collapse
	// (mining then earns nothing), but not out of float64's range, where
	// it would become 0 and its logarithm −∞; 1e-250 USD leaves 58 orders
	// of magnitude to the smallest normal float64.
	MinBTCPriceUSD = 1e-250
	// MinGPUTrendUSDPerHour bounds from below the GPU rent's decay path
	// Ḡ(t) = F + M₀·e^(−δt) (GPUParams) when its floor F is 0: below it
	// the path nears float64's underflow, where it is 0 and the colocation
	// rent, a power of the rent's ratio to it, becomes 0/0.
	MinGPUTrendUSDPerHour = 1e-250
)

// CheckHorizon adds an error for every market series that the scenario's
// parameters, each valid alone, drive out of its bound over the horizon
// (see LimitSD). It must be called on an otherwise valid scenario.
func (mp *MarketParams) CheckHorizon(c *valid.Checker, horizon float64) {
	m := mp
	over := fmt.Sprintf("over finance.horizonYears %g", horizon)

	fees, err := m.Fees.Process()
	if err != nil {
		c.AddErr(err)
		return
	}
	feesHi := expOUHi(fees, m.Start.FeesPerBlockBTC, horizon)
	feesOK := feesHi <= math.Log(MaxFeesPerBlockBTC)
	price := m.BTCPrice.priceLogBand(horizon, func(b logBand) bool {
		return mp.priceWithin(b) && (!feesOK || mp.rewardLogHi(b, feesHi) <= math.Log(MaxBlockRewardUSD))
	})
	priceOK := mp.checkPriceLimits(c, price, over)
	if !feesOK {
		c.Add("market.fees", fieldList(ouFields(m.Fees.LevelBTC, m.Fees.SpeedPerYear, m.Fees.VolPerYear, m.Fees.JumpsPerYear, m.Fees.JumpMeanLog, m.Fees.JumpSDLog,
			"levelBTC", "market.start.feesPerBlockBTC", m.Start.FeesPerBlockBTC, over)),
			fmt.Sprintf("a combination under which the fee level stays at most %.3g BTC per block (every bitcoin there will be) at %d standard deviations over the horizon; it reaches e^%.4g BTC per block: %s",
				float64(MaxFeesPerBlockBTC), LimitSD, feesHi, ouHint(m.Fees.SpeedPerYear, m.Fees.VolPerYear, m.Fees.JumpsPerYear, m.Fees.JumpMeanLog, m.Fees.JumpSDLog)))
	}
	if priceOK && feesOK {
		mp.checkRewardLimit(c, price, feesHi, over)
	}
	mp.checkPowerLimit(c, horizon, over)
	mp.checkGPULimits(c, horizon, over)
}

// checkPriceLimits checks the BTC price's band and reports whether it is
// within its bounds.
func (mp *MarketParams) checkPriceLimits(c *valid.Checker, b logBand, over string) bool {
	p := &mp.BTCPrice
	start := mp.Start.BTCPriceUSD
	fields := fieldList(strings.Join(append(p.usedFields(), fmt.Sprintf("with market.start.btcPriceUSD %g %s", start, over)), ", "))
	ok := mp.priceWithin(b)
	if b.Hi > MaxLogGrowth {
		c.Add("market.btcPrice", fields, fmt.Sprintf("a combination under which the BTC price stays within e^%d times its start at %d standard deviations over the horizon; it reaches e^%.4g times its start by year %.3g: %s",
			MaxLogGrowth, LimitSD, b.Hi, b.HiYears, p.logHint()))
	}
	if math.Log(start)+b.Lo < math.Log(MinBTCPriceUSD) {
		c.Add("market.btcPrice", fields, fmt.Sprintf("a combination under which the BTC price stays above %g USD at %d standard deviations over the horizon (below it the price leaves float64's range); its log falls by %.4g from its start by year %.3g: %s",
			float64(MinBTCPriceUSD), LimitSD, -b.Lo, b.LoYears, p.logHint()))
	}
	return ok
}

// priceWithin reports whether the BTC price's band b keeps it within
// e^MaxLogGrowth times its start and above MinBTCPriceUSD.
func (mp *MarketParams) priceWithin(b logBand) bool {
	return b.Hi <= MaxLogGrowth && math.Log(mp.Start.BTCPriceUSD)+b.Lo >= math.Log(MinBTCPriceUSD)
}

// rewardLogHi returns the log of the highest block reward in USD: the BTC
// price's band times the subsidy at the start height (which only falls)
// plus the fee level's highest value, e^feesHi.
func (mp *MarketParams) rewardLogHi(price logBand, feesHi float64) float64 {
	st := &mp.Start
	subsidy := float64(BlockSubsidy(st.Height)) / SatoshisPerBTC
	return math.Log(st.BTCPriceUSD) + price.Hi + math.Log(subsidy+math.Exp(feesHi))
}

// checkRewardLimit checks the block reward in USD (rewardLogHi).
func (mp *MarketParams) checkRewardLimit(c *valid.Checker, price logBand, feesHi float64, over string) {
	st := &mp.Start
	subsidy := float64(BlockSubsidy(st.Height)) / SatoshisPerBTC
	hi := mp.rewardLogHi(price, feesHi)
	if hi <= math.Log(MaxBlockRewardUSD) {
		return
	}
	c.Add("market", fieldList(fmt.Sprintf("BTC price (market.btcPrice, market.start.btcPriceUSD %g) up to e^%.4g USD × block reward (subsidy %g BTC at market.start.height %d + fees (market.fees, market.start.feesPerBlockBTC %g) up to e^%.4g BTC) %s",
		st.BTCPriceUSD, math.Log(st.BTCPriceUSD)+price.Hi, subsidy, st.Height, st.FeesPerBlockBTC, feesHi, over)),
		fmt.Sprintf("a combination under which a block's reward stays at most %.3g USD at %d standard deviations over the horizon; it reaches e^%.4g USD",
			float64(MaxBlockRewardUSD), LimitSD, hi))
}

// checkPowerLimit checks the power price against e^MaxLogGrowth times the
// larger of its start and its level.
func (mp *MarketParams) checkPowerLimit(c *valid.Checker, horizon float64, over string) {
	pw := &mp.Power
	e, err := pw.Process()
	if err != nil {
		c.AddErr(err)
		return
	}
	start := mp.Start.PowerUSDPerMWh
	growth := expOUHi(e, start, horizon) - math.Log(math.Max(start, pw.LevelUSDPerMWh))
	if growth <= MaxLogGrowth {
		return
	}
	c.Add("market.power", fieldList(ouFields(pw.LevelUSDPerMWh, pw.SpeedPerYear, pw.VolPerYear, pw.JumpsPerYear, pw.JumpMeanLog, pw.JumpSDLog,
		"levelUSDPerMWh", "market.start.powerUSDPerMWh", start, over)),
		fmt.Sprintf("a combination under which the power price stays within e^%d times the larger of its start and levelUSDPerMWh at %d standard deviations over the horizon; it reaches e^%.4g times it: %s",
			MaxLogGrowth, LimitSD, growth, ouHint(pw.SpeedPerYear, pw.VolPerYear, pw.JumpsPerYear, pw.JumpMeanLog, pw.JumpSDLog)))
}

// checkGPULimits checks the GPU rent, its decay path when its floor is 0,
// and the colocation rent.
func (mp *MarketParams) checkGPULimits(c *valid.Checker, horizon float64, over string) {
	g := &mp.GPU
	rent, colo := gpuLogHi(g, mp.Colo.ElasticityToGPU, mp.Start.GPURegime, horizon)
	fields := fmt.Sprintf("generationDecayPerYear %g, tight.driftPerYear %g, tight.volPerYear %g, glut.driftPerYear %g, glut.volPerYear %g, tightToGlutPerYear %g, glutToTightPerYear %g, with market.start.gpuRegime %s %s",
		g.GenerationDecayPerYear, g.Tight.DriftPerYear, g.Tight.VolPerYear, g.Glut.DriftPerYear, g.Glut.VolPerYear, g.TightToGlutPerYear, g.GlutToTightPerYear, mp.Start.GPURegime, over)
	if rent > MaxLogGrowth {
		c.Add("market.gpu", fieldList(fields),
			fmt.Sprintf("a combination under which the GPU rent's margin above its floor stays within e^%d times its start at %d standard deviations over the horizon; it reaches e^%.4g times it (its log drifts by the regime's driftPerYear − generationDecayPerYear a year and spreads by its volPerYear per √year)",
				MaxLogGrowth, LimitSD, rent))
	}
	if floor := g.Floor.USDPerHour(); floor == 0 {
		low := math.Log(mp.Start.GPURentUSDPerHour) - g.GenerationDecayPerYear*horizon
		if low < math.Log(MinGPUTrendUSDPerHour) {
			c.Add("market.gpu", fieldList(fmt.Sprintf("floor.powerUSDPerMWh %g, floor.cashOpexUSDPerGPUHour %g (a floor of 0), generationDecayPerYear %g, with market.start.gpuRentUSDPerHour %g %s",
				g.Floor.PowerUSDPerMWh, g.Floor.CashOpexUSDPerGPUHour, g.GenerationDecayPerYear, mp.Start.GPURentUSDPerHour, over)),
				fmt.Sprintf("a combination under which the GPU rent's decay path gpuRentUSDPerHour·e^(−generationDecayPerYear·t) stays above %g USD/GPU-hour over the horizon when the floor is 0 (below it the path underflows to 0 and the colocation rent, a ratio to it, is 0/0); it falls to e^%.4g",
					float64(MinGPUTrendUSDPerHour), low))
		}
	}
	if eps := mp.Colo.ElasticityToGPU; eps*colo > MaxLogGrowth {
		c.Add("market.colo", fieldList(fmt.Sprintf("elasticityToGPU %g, with market.gpu %s", eps, fields)),
			fmt.Sprintf("a combination under which the colocation rent stays within e^%d times its start at %d standard deviations over the horizon; it reaches e^%.4g times it: elasticityToGPU × the GPU rent's rise above its decay path, up to e^%.4g (the regimes' driftPerYear a year, spread by their volPerYear)",
				MaxLogGrowth, LimitSD, eps*colo, colo))
	}
}

// gpuLogHi returns the highest log growth at LimitSD of the GPU rent (from
// its start) and of the GPU rent relative to its decay path, which drives
// the colocation rent, over [0, horizon]. With Y the log margin (GPUParams)
// the rent F + M₀·e^Y grows by at most max(0, Y) and its ratio to the decay
// path F + M₀·e^(−δt) by at most max(0, Y + δt); the oversupply shocks
// only lower Y and are left out. Each may be the cheaper regime bound of
// regimeLogBand when it is within MaxLogGrowth (the colocation rent's once
// multiplied by its elasticity eps).
func gpuLogHi(g *GPUParams, eps float64, start GPURegime, horizon float64) (rent, colo float64) {
	q := [][]float64{{0, g.TightToGlutPerYear}, {g.GlutToTightPerYear, 0}}
	v := []float64{g.Tight.VolPerYear * g.Tight.VolPerYear, g.Glut.VolPerYear * g.Glut.VolPerYear}
	d := g.GenerationDecayPerYear
	y := regimeLogBand(q, int(start), []float64{g.Tight.DriftPerYear - d, g.Glut.DriftPerYear - d}, v, horizon, nil,
		func(b logBand) bool { return b.Hi <= MaxLogGrowth })
	trendless := regimeLogBand(q, int(start), []float64{g.Tight.DriftPerYear, g.Glut.DriftPerYear}, v, horizon, nil,
		func(b logBand) bool { return eps*math.Max(b.Hi, 0) <= MaxLogGrowth })
	return math.Max(y.Hi, 0), math.Max(trendless.Hi, 0)
}

// fieldList is a list of fields and their values, printed as is in a
// valid.FieldError (a plain string would be quoted).
type fieldList string

// ouFields lists the fields of an exponential OU process (FeeParams,
// PowerParams) with the start field and the horizon.
func ouFields(level, speed, vol, jumps, jumpMean, jumpSD float64, levelName, startName string, start float64, over string) string {
	return fmt.Sprintf("%s %g, speedPerYear %g, volPerYear %g, jumpsPerYear %g, jumpMeanLog %g, jumpSDLog %g, with %s %g %s",
		levelName, level, speed, vol, jumps, jumpMean, jumpSD, startName, start, over)
}

// ouHint says what drives an exponential OU process's log level up.
func ouHint(speed, vol, jumps, jumpMean, jumpSD float64) string {
	spread := vol*vol + jumps*(jumpMean*jumpMean+jumpSD*jumpSD)
	if speed == 0 {
		return fmt.Sprintf("with speedPerYear 0 nothing pulls it back: its log drifts by jumpsPerYear·jumpMeanLog = %.4g a year and spreads by √(volPerYear² + jumpsPerYear·(jumpMeanLog² + jumpSDLog²)) = %.4g per √year",
			jumps*jumpMean, math.Sqrt(spread))
	}
	return fmt.Sprintf("the spikes lift its long-run log level by jumpsPerYear·jumpMeanLog/speedPerYear = %.4g, and its long-run log standard deviation is √((volPerYear² + jumpsPerYear·(jumpMeanLog² + jumpSDLog²))/(2·speedPerYear)) = %.4g",
		jumps*jumpMean/speed, math.Sqrt(spread/(2*speed)))
}

// usedFields lists the fields of the price model's process with their
// values, and its shocks.
func (p *PriceModel) usedFields() []string {
	var f []string
	switch p.Model {
	case PriceGBM:
		f = []string{fmt.Sprintf("model gbm, driftPerYear %g, volPerYear %g", p.DriftPerYear, p.VolPerYear)}
	case PriceMerton:
		f = []string{fmt.Sprintf("model merton, driftPerYear %g, volPerYear %g, jumpsPerYear %g, jumpMeanLog %g, jumpSDLog %g",
			p.DriftPerYear, p.VolPerYear, p.JumpsPerYear, p.JumpMeanLog, p.JumpSDLog)}
	case PriceKou:
		f = []string{fmt.Sprintf("model kou, driftPerYear %g, volPerYear %g, jumpsPerYear %g, upProb %g, upMeanLog %g, downMeanLog %g",
			p.DriftPerYear, p.VolPerYear, p.JumpsPerYear, p.UpProb, p.UpMeanLog, p.DownMeanLog)}
	case PriceRegime:
		f = []string{fmt.Sprintf("model regime, regimeDriftsPerYear %v, regimeVolsPerYear %v, regimeGeneratorPerYear %v, startRegime %d",
			p.RegimeDriftsPerYear, p.RegimeVolsPerYear, p.RegimeGeneratorPerYear, p.StartRegime)}
	}
	if len(p.Shocks) > 0 {
		var sum float64
		for _, s := range p.Shocks {
			sum += s.LogSize
		}
		f = append(f, fmt.Sprintf("%d shocks (summed logSize %g)", len(p.Shocks), sum))
	}
	return f
}

// logHint says how the price model moves the log price.
func (p *PriceModel) logHint() string {
	if p.Model == PriceRegime {
		return "in regime k its log drifts by regimeDriftsPerYear[k] − regimeVolsPerYear[k]²/2 a year and spreads by regimeVolsPerYear[k] per √year, and the chain may stay in a regime for years"
	}
	a, v, comp := p.logRates()
	hint := fmt.Sprintf("its log drifts by %.4g a year (driftPerYear − volPerYear²/2", a)
	if p.Model != PriceGBM {
		hint += fmt.Sprintf(" − the jump compensator jumpsPerYear·(E[e^J] − 1) = %.4g + jumpsPerYear·E[J]", comp)
	}
	hint += fmt.Sprintf(") and spreads by %.4g per √year", math.Sqrt(v))
	if p.Model == PriceKou && p.UpProb > 0 {
		hint += fmt.Sprintf("; Kou's E[e^J] − 1 = upProb·upMeanLog/(1 − upMeanLog) − (1 − upProb)·downMeanLog/(1 + downMeanLog) grows without bound as upMeanLog nears 1 (Kou's condition is upMeanLog < 1; here 1/(1 − upMeanLog) = %.4g)",
			1/(1-p.UpMeanLog))
	}
	return hint
}
