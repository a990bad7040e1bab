package market

import (
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/vmath"
)

// mertonStep is a dist.Merton compiled for a fixed step dt: Merton.Step's
// arithmetic, operation for operation and with the same draws, with the
// step's constants (drift term, volatility term, jump rate) computed once
// and the exponential taken by vmath, so that it returns the same float64
// as Merton.Step while vmath computes as package math (TestCompiledSteps).
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

// logReturn returns the step's log return with diffusion shock z, the jumps
// drawn from r: drift + vol·z + n·m + √n·s·zj, n the Poisson jump count.
func (c *mertonStep) logReturn(z float64, r *dist.Rand) float64 {
	n := float64(r.Poisson(c.jumps))
	zj := r.Norm()
	return c.drift + c.vol*z + n*c.jumpMeanLog + math.Sqrt(n)*c.jumpSDLog*zj
}

// step returns Merton.Step(x, dt, z, r).
func (c *mertonStep) step(x, z float64, r *dist.Rand) float64 {
	return x * vmath.Exp(c.logReturn(z, r))
}

// gbmStep is a dist.GBM compiled for a fixed step dt, as mertonStep is for
// Merton: log return drift + vol·z with drift = (μ − σ²/2)·dt and
// vol = σ·√dt, the same float64 as GBM.Step (TestCompiledSteps).
type gbmStep struct {
	drift, vol float64
}

func compileGBM(g dist.GBM, dt float64) gbmStep {
	s := g.VolPerYear
	return gbmStep{drift: (g.DriftPerYear - 0.5*s*s) * dt, vol: s * math.Sqrt(dt)}
}

// logReturn returns the step's log return with diffusion shock z.
func (c *gbmStep) logReturn(z float64) float64 { return c.drift + c.vol*z }

// expOUStep is a dist.ExpOU compiled for a fixed step dt, as mertonStep is
// for Merton: the same float64 as ExpOU.Step (TestCompiledSteps). A step
// is split in three so a batch can take the logarithms and exponentials of
// many paths at once: y = logStep(ln x, z, r), then x' = floored(e^y).
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

// logStep returns the log level y one step after a level whose log is
// logX, with diffusion shock z and the jumps drawn from r (before the
// floor): log L + (logX − log L)·e^(−κdt) + noise·z + m·Σw + s·√(Σw²)·zj,
// each jump weighted by w = e^(−κ·dt·u), u uniform.
func (c *expOUStep) logStep(logX, z float64, r *dist.Rand) float64 {
	y := c.logLevel + (logX-c.logLevel)*c.decay + c.noise*z
	n := r.Poisson(c.jumps)
	var w1, w2 float64
	for i := int64(0); i < n; i++ {
		w := vmath.Exp(c.negKDt * r.Uniform())
		w1 += w
		w2 += w * w
	}
	zj := r.Norm()
	return y + (c.jumpMeanLog*w1 + c.jumpSDLog*math.Sqrt(w2)*zj)
}

// floored returns the level x = e^y floored at the process's floor.
func (c *expOUStep) floored(x float64) float64 {
	if x < c.floor {
		return c.floor
	}
	return x
}

// step returns ExpOU.Step(x, dt, z, r).
func (c *expOUStep) step(x, z float64, r *dist.Rand) float64 {
	return c.floored(vmath.Exp(c.logStep(vmath.Log(x), z, r)))
}
