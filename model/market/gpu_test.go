package market

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// simulateGPU runs the GPU market alone for steps steps of dt from the start
// state st and returns each path's log margin and regime at the end.
func simulateGPU(p GPUParams, st StartParams, dt float64, steps, paths int, seed uint64) (logMargin []float64, glut []float64) {
	g := newGPUMarket(p, DefaultColoParams(), st, dt)
	r := dist.New(seed, 0)
	logMargin = make([]float64, paths)
	glut = make([]float64, paths)
	for i := range paths {
		r.Reset(seed, uint64(i))
		s := State{GPURentUSDPerHour: st.GPURentUSDPerHour, GPURegime: st.GPURegime}
		for k := range steps {
			g.advance(&s, dt, float64(k+1)*dt, r.Norm(), r)
		}
		logMargin[i] = s.gpuLogMargin
		if s.GPURegime == GPUGlut {
			glut[i] = 1
		}
	}
	return logMargin, glut
}

// expectedGlutTime returns the expected time spent in the glut over [0, t]
// by the two-state chain started tight, with intensities a (tight → glut)
// and b (glut → tight): (a/s)·(t − (1 − e^(−st))/s), s = a + b.
func expectedGlutTime(a, b, t float64) float64 {
	s := a + b
	return a / s * (t - (1-math.Exp(-s*t))/s)
}

func TestGPURegimeChainIsExactForAnyStep(t *testing.T) {
	p := DefaultGPUParams()
	st := DefaultStartParams()
	a, b := p.TightToGlutPerYear, p.GlutToTightPerYear
	const horizon = 2.0
	occG := expectedGlutTime(a, b, horizon)
	wantY := -p.GenerationDecayPerYear*horizon + p.Tight.DriftPerYear*(horizon-occG) + p.Glut.DriftPerYear*occG -
		p.OversupplyJumpRatePerYear()*p.OversupplyJumpMeanLog*horizon
	wantGlut := a / (a + b) * (1 - math.Exp(-(a+b)*horizon))
	for _, tc := range []struct {
		name  string
		dt    float64
		steps int
	}{{"monthly", 1.0 / 12, 24}, {"yearly", 1, 2}, {"one two-year step", 2, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			y, glut := simulateGPU(p, st, tc.dt, tc.steps, 20000, 11)
			mean, se := mctest.MeanSE(y)
			mctest.WithinSE(t, "E[log margin] after 2 years", mean, wantY, se, 4.5)
			frac, sef := mctest.MeanSE(glut)
			mctest.WithinSE(t, "P(glut) after 2 years", frac, wantGlut, sef, 4.5)
		})
	}
}

func TestGPUOneRegimeMoments(t *testing.T) {
	// Without switching the log margin is a Brownian motion with drift plus
	// a compound Poisson process of Exp(m) down-jumps: mean (μ − δ − λm)t,
	// variance (σ² + 2λm²)t.
	p := DefaultGPUParams()
	p.TightToGlutPerYear = 0
	p.PipelineGW = 40
	st := DefaultStartParams()
	const horizon = 1.5
	lambda, m := p.OversupplyJumpRatePerYear(), p.OversupplyJumpMeanLog
	wantMean := (p.Tight.DriftPerYear - p.GenerationDecayPerYear - lambda*m) * horizon
	wantVar := (p.Tight.VolPerYear*p.Tight.VolPerYear + 2*lambda*m*m) * horizon
	for _, tc := range []struct {
		name  string
		dt    float64
		steps int
	}{{"monthly", 1.0 / 12, 18}, {"one step", 1.5, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			y, _ := simulateGPU(p, st, tc.dt, tc.steps, 20000, 12)
			mean, se := mctest.MeanSE(y)
			mctest.WithinSE(t, "mean", mean, wantMean, se, 4.5)
			v, sev := mctest.VarSE(y)
			mctest.WithinSE(t, "variance", v, wantVar, sev, 4.5)
		})
	}
}

func TestMorePipelineMeansMoreOversupplyShocks(t *testing.T) {
	// With no drift, noise or switching the log margin moves only by the
	// oversupply shocks: the share of months with a fall is 1 − e^(−λ/12).
	p := DefaultGPUParams()
	p.GenerationDecayPerYear = 0
	p.Tight = GPURegimeParams{}
	p.TightToGlutPerYear = 0
	st := DefaultStartParams()
	const dt, months = 1.0 / 12, 12000
	prev := -1.0
	for _, gw := range []float64{0, 10, 40} {
		p.PipelineGW = gw
		g := newGPUMarket(p, DefaultColoParams(), st, dt)
		r := dist.New(13, uint64(gw))
		s := State{GPURentUSDPerHour: st.GPURentUSDPerHour}
		hits := make([]float64, months)
		for k := range hits {
			before := s.gpuLogMargin
			g.advance(&s, dt, float64(k+1)*dt, 0, r)
			if s.gpuLogMargin < before {
				hits[k] = 1
			}
		}
		frac, se := mctest.MeanSE(hits)
		want := -math.Expm1(-p.OversupplyJumpRatePerYear() * dt)
		if gw == 0 {
			if frac != 0 {
				t.Errorf("pipeline 0 GW: %v of months with a shock, want none", frac)
			}
		} else {
			// The binomial standard error at the true rate.
			mctest.WithinSE(t, "share of months with an oversupply shock", frac, want, math.Sqrt(want*(1-want)/months), 4.5)
		}
		if !(frac > prev) {
			t.Errorf("pipeline %v GW: shock share %v (± %v) not above the smaller pipeline's %v", gw, frac, se, prev)
		}
		prev = frac
	}
}

func TestGPURentMedianDeclinesAtCalibratedRate(t *testing.T) {
	// docs/CALIBRATION.md §E "Decay rate (derived)": H100 rents fell 26–48 %/yr
	// (2023–25), 22–29 % in 2025. The defaults' median path must fall
	// 25–45 % a year over the first three years.
	p := DefaultGPUParams()
	st := DefaultStartParams()
	y, _ := simulateGPU(p, st, 1.0/12, 36, 4000, 14)
	slices.Sort(y)
	medY := y[len(y)/2]
	floor := p.Floor.USDPerHour()
	median := floor + (st.GPURentUSDPerHour-floor)*math.Exp(medY)
	annual := 1 - math.Pow(median/st.GPURentUSDPerHour, 1.0/3)
	if annual < 0.25 || annual > 0.45 {
		t.Errorf("median GPU rent after 3 years %.3f USD/h: %.1f %%/yr decline, want 25–45 %%/yr", median, 100*annual)
	}
}

func TestGPURentStaysAboveFloor(t *testing.T) {
	p := DefaultGPUParams()
	p.Glut.DriftPerYear = -3 // a collapse
	p.PipelineGW = 200
	st := DefaultStartParams()
	g := newGPUMarket(p, DefaultColoParams(), st, 1.0/12)
	floor := p.Floor.USDPerHour()
	r := dist.New(15, 0)
	for path := range 200 {
		r.Reset(15, uint64(path))
		s := State{GPURentUSDPerHour: st.GPURentUSDPerHour, GPURegime: GPUGlut}
		for k := range 240 {
			g.advance(&s, 1.0/12, float64(k+1)/12, r.Norm(), r)
			if !(s.GPURentUSDPerHour >= floor) {
				t.Fatalf("path %d step %d: rent %v below the floor %v", path, k, s.GPURentUSDPerHour, floor)
			}
		}
		// After 20 years of collapse the rent sits on its floor.
		mctest.WithinRel(t, "rent after 20 years of glut", s.GPURentUSDPerHour, floor, 1e-3)
	}
}

func TestGPUFloor(t *testing.T) {
	// Hand computation: 1.275 kW × 1.3 × 40 USD/MWh / 1000 + 0.26 = 0.3263.
	mctest.WithinRel(t, "default floor", DefaultGPUParams().Floor.USDPerHour(), 1.275*1.3*0.040+0.26, 1e-15)
}

func TestColoRentFollowsGPUTightness(t *testing.T) {
	st := DefaultStartParams()
	p := DefaultGPUParams()
	p.TightToGlutPerYear, p.GlutToTightPerYear = 0, 0
	p.PipelineGW = 0
	p.Tight = GPURegimeParams{}
	p.Glut = GPURegimeParams{DriftPerYear: -0.45}
	colo := DefaultColoParams()
	floor, m0 := p.Floor.USDPerHour(), st.GPURentUSDPerHour-p.Floor.USDPerHour()
	r := dist.New(16, 0)
	for _, regime := range []GPURegime{GPUTight, GPUGlut} {
		g := newGPUMarket(p, colo, st, 1.0/12)
		s := State{GPURentUSDPerHour: st.GPURentUSDPerHour, GPURegime: regime}
		for k := range 60 {
			g.advance(&s, 1.0/12, float64(k+1)/12, 0, r)
		}
		const tt = 5.0
		decay := floor + m0*math.Exp(-p.GenerationDecayPerYear*tt)
		want := st.ColoRentUSDPerKWMonth
		if regime == GPUGlut {
			// Hand formula: colo₀·((F + M₀e^{(−δ−0.45)t}) / (F + M₀e^{−δt}))^ε.
			gpu := floor + m0*math.Exp((-p.GenerationDecayPerYear-0.45)*tt)
			want *= math.Pow(gpu/decay, colo.ElasticityToGPU)
			mctest.WithinRel(t, "GPU rent in the glut", s.GPURentUSDPerHour, gpu, 1e-12)
		} else {
			mctest.WithinRel(t, "GPU rent on the decay path", s.GPURentUSDPerHour, decay, 1e-12)
		}
		mctest.WithinRel(t, "colo rent in "+regime.String(), s.ColoRentUSDPerKWMonth, want, 1e-12)
	}
}

func TestGPURegimeJSON(t *testing.T) {
	for _, g := range []GPURegime{GPUTight, GPUGlut} {
		b, err := json.Marshal(g)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != `"`+g.String()+`"` {
			t.Errorf("json.Marshal(%v) = %s", g, b)
		}
		var back GPURegime
		if err := json.Unmarshal(b, &back); err != nil || back != g {
			t.Errorf("round trip of %s gave %v, %v", b, back, err)
		}
	}
	var g GPURegime
	if err := json.Unmarshal([]byte(`"boom"`), &g); err == nil {
		t.Error(`want an error for "boom"`)
	}
	if _, err := json.Marshal(GPURegime(7)); err == nil {
		t.Error("want an error for regime 7")
	}
}
