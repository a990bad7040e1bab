package market

import (
	"github.com/pivotrisk/pivotrisk/internal/vmath"
)

// stepCredit sets the tenants' hazards of every path (creditCurve.hazards):
// ln(G₀/G) over the batch, the fall below the underwritten path per path,
// the exponentials e^(β·fall) of every multiplier (one per run of classes of
// equal β) over the batch, then hazard = base·min(e^(β·fall), cap).
func (b *Batch) stepCredit(s []State) {
	c, dt, n := &b.m.credit, b.m.dt, len(s)
	g := len(b.x) / len(b.subs) // multipliers per path
	start := b.m.p.Start.GPURentUSDPerHour
	fall, x, ex := b.a[:n], b.x[:g*n], b.ex[:g*n]
	for i := range s {
		fall[i] = start / s[i].GPURentUSDPerHour
	}
	vmath.LogSlice(fall, fall)
	for i := range s {
		l := c.logFall(fall[i], float64(s[i].Step+1)*dt)
		fall[i] = l
		j := i * g
		for k := range NumTenantClasses {
			if c.leads(int(k)) {
				x[j] = 0 // unused: the multiplier is 1
				if l > 0 {
					x[j] = c.beta[k] * l
				}
				j++
			}
		}
	}
	vmath.ExpSlice(ex, x)
	for i := range s {
		h := &s[i].TenantHazardPerYear
		if !(fall[i] > 0) {
			*h = c.base // × a multiplier of 1
			continue
		}
		j := i*g - 1
		var m float64
		for k := range h {
			if c.leads(k) {
				j++
				m = c.multiplier(x[j], ex[j])
			}
			h[k] = c.base[k] * m
		}
	}
}

// groups returns the number of multipliers a path's hazards take: the runs
// of classes of equal β (leads).
func (c *creditCurve) groups() int {
	g := 0
	for k := range NumTenantClasses {
		if c.leads(int(k)) {
			g++
		}
	}
	return g
}
