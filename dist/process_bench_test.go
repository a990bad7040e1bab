package dist

import "testing"

// BenchmarkProcessStep measures one step of each process, with the
// diffusion shocks taken from a precomputed table so that only the step
// (and the draws it makes itself) is timed. Price levels are reset every
// 1024 steps so that long runs neither overflow nor underflow.
func BenchmarkProcessStep(b *testing.B) {
	zs := make([]float64, 1024)
	zr := New(99, 0)
	for i := range zs {
		zs[i] = zr.Norm()
	}
	regime, err := NewRegimeGBM([]float64{0.3, 0, -0.5}, []float64{0.4, 0.6, 1},
		[][]float64{{-1, 0.7, 0.3}, {2, -2.5, 0.5}, {0.5, 4.5, -5}})
	if err != nil {
		b.Fatal(err)
	}
	const dt = 1.0 / 12
	gbm := GBM{DriftPerYear: 0.1, VolPerYear: 0.6}
	merton := Merton{DriftPerYear: 0.1, VolPerYear: 0.5, JumpsPerYear: 3, JumpMeanLog: -0.08, JumpSDLog: 0.12}
	kou := Kou{DriftPerYear: 0.1, VolPerYear: 0.5, JumpsPerYear: 3, UpProb: 0.4, UpMeanLog: 0.1, DownMeanLog: 0.12}
	ou := OU{Level: 50, SpeedPerYear: 2, VolPerYear: 10}
	expOU := ExpOU{Level: 50, SpeedPerYear: 2, VolPerYear: 0.4, Floor: 5, JumpsPerYear: 4, JumpMeanLog: 0.3, JumpSDLog: 0.2}
	cir := CIR{Level: 0.04, SpeedPerYear: 1.5, VolPerYear: 0.2}
	cases := []struct {
		name string
		x0   float64
		step func(x, z float64, r *Rand) float64
	}{
		{"GBM", 100, func(x, z float64, _ *Rand) float64 { return gbm.Step(x, dt, z) }},
		{"Merton", 100, func(x, z float64, r *Rand) float64 { return merton.Step(x, dt, z, r) }},
		{"Kou", 100, func(x, z float64, r *Rand) float64 { return kou.Step(x, dt, z, r) }},
		{"RegimeGBM", 100, func(x, z float64, r *Rand) float64 { y, _ := regime.Step(x, 1, dt, z, r); return y }},
		{"OU", 50, func(x, z float64, _ *Rand) float64 { return ou.Step(x, dt, z) }},
		{"ExpOU", 50, func(x, z float64, r *Rand) float64 { return expOU.Step(x, dt, z, r) }},
		{"CIR", 0.04, func(x, _ float64, r *Rand) float64 { return cir.Step(x, dt, r) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			r := New(1, 0)
			x := c.x0
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				x = c.step(x, zs[i&1023], r)
				i++
				if i&1023 == 0 {
					x = c.x0
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/step")
			processSink = x
		})
	}
	b.Run("DefaultClock", func(b *testing.B) {
		r := New(1, 0)
		var c DefaultClock
		c.Reset(r)
		b.ReportAllocs()
		for b.Loop() {
			if d, _ := c.Step(0.3, dt); d || c.Defaulted() {
				c.Reset(r)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/step")
	})
}

// BenchmarkClosedForms measures the Black–Scholes and Merton prices.
func BenchmarkClosedForms(b *testing.B) {
	b.Run("BlackScholesCall", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			processSink, _ = BlackScholesCall(42, 40, 0.1, 0.2, 0.5)
		}
	})
	b.Run("MertonCall", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			processSink, _ = MertonCall(100, 100, 0.05, 0.2, 1, -0.1, 0.3, 1)
		}
	})
}

// processSink keeps benchmark results alive.
var processSink float64
