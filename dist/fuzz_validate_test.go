package dist

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// constructors are the constructors FuzzConstructors calls, by name, each
// taking its parameters from p (as many as it needs, in order). Each returns
// the built value as a Distribution or a process step function, or the
// constructor's error.
var constructors = []struct {
	name   string
	params []string // the names the constructor's error may use
	build  func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error)
}{
	{"NewConstant", []string{"value"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		d, err := NewConstant(p[0])
		return d, nil, err
	}},
	{"NewUniform", []string{"min", "max"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		d, err := NewUniform(p[0], p[1])
		return d, nil, err
	}},
	{"NewNormal", []string{"mu", "sigma"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		d, err := NewNormal(p[0], p[1])
		return d, nil, err
	}},
	{"NewLogNormal", []string{"mu", "sigma"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		d, err := NewLogNormal(p[0], p[1])
		return d, nil, err
	}},
	{"LogNormalFromMedian", []string{"median", "dispersion"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		d, err := LogNormalFromMedian(p[0], p[1])
		return d, nil, err
	}},
	{"LogNormalFromMeanSD", []string{"mean", "sd"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		d, err := LogNormalFromMeanSD(p[0], p[1])
		return d, nil, err
	}},
	{"NewStudentT", []string{"mu", "scale", "df"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		d, err := NewStudentT(p[0], p[1], p[2])
		return d, nil, err
	}},
	{"NewExponential", []string{"rate"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		d, err := NewExponential(p[0])
		return d, nil, err
	}},
	{"NewPoisson", []string{"lambda", "mean"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		d, err := NewPoisson(p[0])
		return d, nil, err
	}},
	{"NewGamma", []string{"shape", "scale"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		d, err := NewGamma(p[0], p[1])
		return d, nil, err
	}},
	{"NewBeta", []string{"alpha", "beta"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		d, err := NewBeta(p[0], p[1])
		return d, nil, err
	}},
	{"NewTriangular", []string{"min", "mode", "max"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		d, err := NewTriangular(p[0], p[1], p[2])
		return d, nil, err
	}},
	{"NewPERT", []string{"min", "mode", "max", "lambda"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		d, err := NewPERT(p[0], p[1], p[2], p[3])
		return d, nil, err
	}},
	{"NewGBM", []string{"driftPerYear", "volPerYear"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		g, err := NewGBM(p[0], p[1])
		return nil, func(x, dt, z float64, _ *Rand) float64 { return g.Step(x, dt, z) }, err
	}},
	{"NewMerton", []string{"driftPerYear", "volPerYear", "jumpsPerYear", "jumpMeanLog", "jumpSDLog"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		m, err := NewMerton(p[0], p[1], p[2], p[3], p[4])
		return nil, m.Step, err
	}},
	{"NewKou", []string{"driftPerYear", "volPerYear", "jumpsPerYear", "upProb", "upMeanLog", "downMeanLog"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		k, err := NewKou(p[0], p[1], p[2], p[3], p[4], p[5])
		return nil, k.Step, err
	}},
	{"NewOU", []string{"level", "speedPerYear", "volPerYear"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		o, err := NewOU(p[0], p[1], p[2])
		return nil, func(x, dt, z float64, _ *Rand) float64 { return o.Step(x, dt, z) }, err
	}},
	{"NewExpOU", []string{"level", "speedPerYear", "volPerYear", "floor", "jumpsPerYear", "jumpMeanLog", "jumpSDLog"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		e, err := NewExpOU(p[0], p[1], p[2], p[3], p[4], p[5], p[6])
		return nil, e.Step, err
	}},
	{"NewCIR", []string{"level", "speedPerYear", "volPerYear"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		c, err := NewCIR(p[0], p[1], p[2])
		return nil, func(x, dt, _ float64, r *Rand) float64 { return c.Step(x, dt, r) }, err
	}},
	{"NewRegimeGBM", []string{"driftPerYear", "volPerYear", "generatorPerYear"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		g, err := NewRegimeGBM([]float64{p[0], p[1]}, []float64{p[2], p[3]}, [][]float64{{-p[4], p[4]}, {p[5], -p[5]}})
		regime := 0
		return nil, func(x, dt, z float64, r *Rand) float64 {
			var y float64
			y, regime = g.Step(x, regime, dt, z, r)
			return y
		}, err
	}},
	{"NewRegimeGBMFromTransition", []string{"driftPerYear", "volPerYear", "transitionPerYear"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		g, err := NewRegimeGBMFromTransition([]float64{p[0], p[1]}, []float64{p[2], p[3]}, [][]float64{{1 - p[4], p[4]}, {p[5], 1 - p[5]}})
		regime := 0
		return nil, func(x, dt, z float64, r *Rand) float64 {
			var y float64
			y, regime = g.Step(x, regime, dt, z, r)
			return y
		}, err
	}},
	{"NewCorrelated", []string{"corr"}, func(p []float64) (Distribution, func(x, dt, z float64, r *Rand) float64, error) {
		c, err := NewCorrelated([][]float64{{1, p[0], p[1]}, {p[0], 1, p[2]}, {p[1], p[2], 1}})
		if err != nil {
			return nil, nil, err
		}
		out := make([]float64, 3)
		return nil, func(x, _, _ float64, r *Rand) float64 {
			c.Fill(out, r)
			return x + out[0] + out[1] + out[2]
		}, nil
	}},
}

// FuzzConstructors calls one of the package's constructors (by the first
// argument) with fuzzed parameters. It must not panic or hang. An error
// must name a parameter of the constructor (as a valid.FieldError or in its
// text); a value it accepts must validate, and draw, step and evaluate to
// numbers that are never NaN: samples, quantiles and CDF values in [0, 1]
// for a distribution, up to twelve steps of a process (at dt, when
// ValidateDt accepts it) from a positive start, while the level is finite
// and not 0.
func FuzzConstructors(f *testing.F) {
	for i := range constructors {
		f.Add(uint8(i), 0.1, 0.5, 1.0, 2.0, 0.3, 0.2, 0.1, 1.0/12)
		f.Add(uint8(i), math.NaN(), -1.0, math.Inf(1), 0.0, -0.5, 5e-324, 1e308, 0.0)
	}
	f.Fuzz(func(t *testing.T, which uint8, a, b, c, d, e, g, h, dt float64) {
		ctor := constructors[int(which)%len(constructors)]
		p := []float64{a, b, c, d, e, g, h}
		dist, step, err := ctor.build(p)
		if err != nil {
			checkNamesParam(t, ctor.name, ctor.params, err)
			return
		}
		rng := New(7, uint64(which))
		if dist != nil {
			if verr := dist.Validate(); verr != nil {
				t.Fatalf("%s%v: constructed, but Validate says %v", ctor.name, p, verr)
			}
			for i := range 16 {
				if x := dist.Sample(rng); math.IsNaN(x) {
					t.Fatalf("%s%v: draw %d is NaN", ctor.name, p, i)
				}
			}
			for _, q := range []float64{0, 1e-9, 0.05, 0.5, 0.95, 1 - 1e-9, 1} {
				if x := dist.Quantile(q); math.IsNaN(x) {
					t.Fatalf("%s%v: Quantile(%g) is NaN", ctor.name, p, q)
				}
			}
			for _, x := range []float64{math.Inf(-1), -1, 0, a, b, 1, math.Inf(1)} {
				if F := dist.CDF(x); !(F >= 0 && F <= 1) {
					t.Fatalf("%s%v: CDF(%g) = %g", ctor.name, p, x, F)
				}
			}
			return
		}
		if ValidateDt(dt) != nil {
			dt = 1.0 / 12
		}
		// A level that has overflowed to ±Inf, or underflowed to 0 (which
		// a price process never reaches: the next step may multiply it by
		// an overflowing growth factor), has left the process's range:
		// stepping stops there (in a run, the model reports such a path as
		// a sim.PathError). From a finite non-zero level a step is never
		// NaN.
		x := 100.0
		for i := range 12 {
			if math.IsInf(x, 0) || x == 0 {
				break
			}
			x = step(x, dt, rng.Norm(), rng)
			if math.IsNaN(x) {
				t.Fatalf("%s%v: step %d of %g years is NaN", ctor.name, p, i+1, dt)
			}
		}
	})
}

// checkNamesParam fails unless err names one of params: every problem a
// valid.FieldError whose field mentions a parameter, or a message that
// does.
func checkNamesParam(t *testing.T, ctor string, params []string, err error) {
	t.Helper()
	msg := err.Error()
	if msg == "" {
		t.Fatalf("%s: empty error", ctor)
	}
	var fe *valid.FieldError
	if errors.As(err, &fe) && fe.Want == "" {
		t.Fatalf("%s: problem %q says nothing about the allowed range", ctor, fe)
	}
	for _, name := range params {
		if strings.Contains(msg, name) {
			return
		}
	}
	t.Fatalf("%s: error %q names none of %v", ctor, msg, params)
}
