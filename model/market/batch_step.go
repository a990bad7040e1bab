package market

import (
	"github.com/pivotrisk/pivotrisk/internal/vmath"
)

// stepPrice advances the BTC price of every path: the log returns drawn
// path by path, x·e^l over the batch, the scheduled shocks, then the
// smoothed log price ln P̄ += w·(ln x − ln P̄) with ln x over the batch.
func (b *Batch) stepPrice(s []State, z [][NumShocks]float64) {
	m, e := b.m, b.a[:len(s)]
	for i := range s {
		e[i], s[i].PriceRegime = m.priceLogReturn(s[i].PriceRegime, z[i][0], &b.subs[i][forkPrice])
	}
	vmath.ExpSlice(e, e)
	for i := range s {
		p := &s[i]
		m.setPrice(p, p.BTCPriceUSD*e[i], p.PriceRegime, p.TimeYears, float64(p.Step+1)*m.dt)
		e[i] = p.BTCPriceUSD
	}
	vmath.LogSlice(e, e)
	for i := range s {
		s[i].lagLogPrice += m.net.lagWeight * (e[i] - s[i].lagLogPrice)
	}
}

// stepFeesPower advances the fees and the power price of every path (two
// exponential OU processes): the logs of both levels over the batch, the
// new log levels drawn path by path, their exponentials over the batch,
// then the floors.
func (b *Batch) stepFeesPower(s []State, z [][NumShocks]float64) {
	m, n := b.m, len(s)
	fees, power := b.a[:n], b.a[n:2*n]
	for i := range s {
		fees[i], power[i] = s[i].FeesPerBlockBTC, s[i].PowerUSDPerMWh
	}
	both := b.a[:2*n]
	vmath.LogSlice(both, both)
	for i := range s {
		fees[i] = m.fees.logStep(fees[i], z[i][2], &b.subs[i][forkFees])
		power[i] = m.power.logStep(power[i], z[i][3], &b.subs[i][forkPower])
	}
	vmath.ExpSlice(both, both)
	for i := range s {
		s[i].FeesPerBlockBTC = m.fees.floored(fees[i])
		s[i].PowerUSDPerMWh = m.power.floored(power[i])
	}
}

// stepGPU advances the GPU regime and rent of every path (log margins drawn
// path by path, F + M₀·e^y over the batch), its trend rent and the
// colocation rent colo₀·(G/Ḡ)^ε.
func (b *Batch) stepGPU(s []State, z [][NumShocks]float64) {
	g, dt, e := &b.m.gpu, b.m.dt, b.a[:len(s)]
	for i := range s {
		e[i] = g.logMargin(&s[i], dt, z[i][4], &b.subs[i][forkGPU])
	}
	vmath.ExpSlice(e, e)
	for i := range s {
		p := &s[i]
		p.GPURentUSDPerHour = g.floor + g.margin0*e[i]
		p.GPUTrendUSDPerHour = g.decayAt(p.Step+1, float64(p.Step+1)*dt)
	}
	eps := g.colo.ElasticityToGPU
	switch eps {
	case 0, 0.5, 1: // no exponential (coloPow)
		for i := range s {
			p := &s[i]
			p.ColoRentUSDPerKWMonth = g.colo0 * coloPow(p.GPURentUSDPerHour/p.GPUTrendUSDPerHour, eps)
		}
		return
	}
	for i := range s {
		e[i] = s[i].GPURentUSDPerHour / s[i].GPUTrendUSDPerHour
	}
	vmath.LogSlice(e, e)
	for i := range e {
		e[i] *= eps
	}
	vmath.ExpSlice(e, e)
	for i := range s {
		s[i].ColoRentUSDPerKWMonth = g.colo0 * e[i]
	}
}

// stepNetwork advances the hashrate of every path: ln H and
// ln(144·(subsidy + fees)) over the batch, the new log hashrate path by
// path (network.logNext), its exponential over the batch.
func (b *Batch) stepNetwork(s []State, z [][NumShocks]float64) {
	net, n := &b.m.net, len(s)
	logH, logReward := b.a[:n], b.a[n:2*n]
	logs := logH
	if net.pull > 0 {
		logs = b.a[:2*n]
	}
	for i := range s {
		logH[i] = s[i].HashrateEHs
		logReward[i] = 144 * (s[i].SubsidyBTC + s[i].FeesPerBlockBTC)
	}
	vmath.LogSlice(logs, logs)
	for i := range s {
		logH[i] = net.logNext(&s[i], s[i].TimeYears, z[i][1], logH[i], logReward[i])
	}
	vmath.ExpSlice(logH, logH)
	for i := range s {
		s[i].HashrateEHs = logH[i]
	}
}
