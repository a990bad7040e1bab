package market

import (
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
)

// mertonStep is a dist.Merton compiled for a fixed step dt: Merton.Step's
// arithmetic, operation for operation and with the same draws, with the
// step's constants (drift term, volatility term, jump rate) computed once,
// so that it returns the same float64 as Merton.Step (TestCompiledSteps).
type mertonStep struct {
	jumps, drift, vol, jumpMeanLog, jumpSDLog float64
}

func compileMerton(m dist.Merton, dt float64) mertonStep {
	s := m.VolPerYear
	return mertonStep{
		jumps:       m.JumpsPerYear * dt,
		drift:       (m.DriftPerYear - m.JumpsPerYear*m.JumpExpMinusOne() - 0.5*s*s) * dt,
		vol:         s * math.Sqrt(dt),
		jumpMeanLog: m.JumpMeanLog,
		jumpSDLog:   m.JumpSDLog,
	}
}

// step returns Merton.Step(x, dt, z, r).
func (c *mertonStep) step(x, z float64, r *dist.Rand) float64 {
	n := float64(r.Poisson(c.jumps))
	zj := r.Norm()
	return x * math.Exp(c.drift+c.vol*z+n*c.jumpMeanLog+math.Sqrt(n)*c.jumpSDLog*zj)
}

// expOUStep is a dist.ExpOU compiled for a fixed step dt, as mertonStep is
// for Merton: the same float64 as ExpOU.Step (TestCompiledSteps).
type expOUStep struct {
	logLevel, decay, noise, jumps, negKDt, jumpMeanLog, jumpSDLog, floor float64
}

func compileExpOU(e dist.ExpOU, dt float64) expOUStep {
	k := e.SpeedPerYear
	integral := dt // ∫₀^dt e^(−2κs) ds
	if k2 := 2 * k; k2 != 0 {
		integral = -math.Expm1(-k2*dt) / k2
	}
	return expOUStep{
		logLevel:    math.Log(e.Level),
		decay:       math.Exp(-k * dt),
		noise:       e.VolPerYear * math.Sqrt(integral),
		jumps:       e.JumpsPerYear * dt,
		negKDt:      -k * dt,
		jumpMeanLog: e.JumpMeanLog,
		jumpSDLog:   e.JumpSDLog,
		floor:       e.Floor,
	}
}

// step returns ExpOU.Step(x, dt, z, r).
func (c *expOUStep) step(x, z float64, r *dist.Rand) float64 {
	y := c.logLevel + (math.Log(x)-c.logLevel)*c.decay + c.noise*z
	n := r.Poisson(c.jumps)
	var w1, w2 float64
	for i := int64(0); i < n; i++ {
		w := math.Exp(c.negKDt * r.Uniform())
		w1 += w
		w2 += w * w
	}
	zj := r.Norm()
	y += c.jumpMeanLog*w1 + c.jumpSDLog*math.Sqrt(w2)*zj
	if x = math.Exp(y); x < c.floor {
		return c.floor
	}
	return x
}
