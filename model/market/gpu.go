package market

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/internal/vmath"
)

// GPURegime is the state of the GPU rental market's regime chain.
type GPURegime int

// The GPU market regimes.
const (
	// GPUTight is a market where demand keeps up with new capacity: rents
	// decay slowly and can rebound.
	GPUTight GPURegime = iota
	// GPUGlut is an oversupplied market: rents fall faster and are more
	// volatile.
	GPUGlut
)

// String returns "tight" or "glut".
func (g GPURegime) String() string {
	switch g {
	case GPUTight:
		return "tight"
	case GPUGlut:
		return "glut"
	}
	return "unknown"
}

// MarshalText encodes the regime as "tight" or "glut", so JSON carries the
// name rather than a number.
func (g GPURegime) MarshalText() ([]byte, error) {
	switch g {
	case GPUTight, GPUGlut:
		return []byte(g.String()), nil
	}
	return nil, fmt.Errorf("market: GPURegime %d is neither tight nor glut", int(g))
}

// UnmarshalText decodes "tight" or "glut".
func (g *GPURegime) UnmarshalText(b []byte) error {
	switch string(b) {
	case "tight":
		*g = GPUTight
	case "glut":
		*g = GPUGlut
	default:
		return fmt.Errorf("market: GPU regime %q: must be \"tight\" or \"glut\"", b)
	}
	return nil
}

// GPURegimeParams are the GPU rent's drift and volatility in one regime.
type GPURegimeParams struct {
	// DriftPerYear is the log drift of the rent's margin above its floor in
	// this regime, per year, on top of the generational decay (negative:
	// falling). Range [−5, 5].
	DriftPerYear float64 `json:"driftPerYear"`
	// VolPerYear is the volatility of the log margin in this regime, per
	// √year. Range [0, 3].
	VolPerYear float64 `json:"volPerYear"`
}

// Validate reports every field outside its documented range.
func (p GPURegimeParams) Validate() error {
	var c valid.Checker
	c.Range("driftPerYear", p.DriftPerYear, -5, 5)
	c.Range("volPerYear", p.VolPerYear, 0, 3)
	return c.Err()
}

// GPUFloorParams set the floor of the GPU rent: the cash cost of running
// one H100-equivalent GPU, below which owners stop renting it out,
//
//	floor [USD/GPU-hour] = PowerKWPerGPU · PUE · PowerUSDPerMWh/1000 + CashOpexUSDPerGPUHour.
type GPUFloorParams struct {
	// PowerKWPerGPU is the IT power one GPU draws with its share of the
	// server and network, in kW. Range (0, 20].
	PowerKWPerGPU float64 `json:"powerKWPerGPU"`
	// PUE is the facility's power usage effectiveness (total ÷ IT power).
	// Range [1, 3].
	PUE float64 `json:"pue"`
	// PowerUSDPerMWh is the power price the GPU owner pays, in USD/MWh.
	// Range [0, 10000].
	PowerUSDPerMWh float64 `json:"powerUSDPerMWh"`
	// CashOpexUSDPerGPUHour is the other cash cost of keeping a GPU
	// rentable (colocation, network, staff), in USD per GPU-hour.
	// Range [0, 100].
	CashOpexUSDPerGPUHour float64 `json:"cashOpexUSDPerGPUHour"`
}

// USDPerHour returns the floor in USD per GPU-hour.
func (p GPUFloorParams) USDPerHour() float64 {
	return p.PowerKWPerGPU*p.PUE*p.PowerUSDPerMWh/1000 + p.CashOpexUSDPerGPUHour
}

// Validate reports every field outside its documented range.
func (p GPUFloorParams) Validate() error {
	var c valid.Checker
	if c.Positive("powerKWPerGPU", p.PowerKWPerGPU) {
		c.Range("powerKWPerGPU", p.PowerKWPerGPU, 0, 20)
	}
	c.Range("pue", p.PUE, 1, 3)
	c.Range("powerUSDPerMWh", p.PowerUSDPerMWh, 0, 10000)
	c.Range("cashOpexUSDPerGPUHour", p.CashOpexUSDPerGPUHour, 0, 100)
	return c.Err()
}

// GPUParams are the parameters of the rent of an H100-equivalent GPU (USD
// per GPU-hour): its floor F (GPUFloorParams), the cash cost of running the
// GPU, plus a margin M = M₀·e^Y, M₀ the start rent minus the floor, so the
// rent approaches the floor smoothly and never falls below it. The log
// margin Y is a regime-switching Brownian motion with downward jumps,
//
//	dY = (−δ + μ_k) dt + σ_k dW − dJ,
//
// with δ = GenerationDecayPerYear (new generations make an H100's worth of
// compute cheaper), k the regime of a two-state Markov chain tight ↔ glut
// (intensities TightToGlutPerYear, GlutToTightPerYear), (μ_k, σ_k) the
// regime's drift and volatility, W the GPU shock (CorrelationParams), and J
// compound Poisson oversupply shocks at the rate λ = OversupplyJumpsPerYear
// + OversupplyJumpsPerYearPerGW·PipelineGW, each cutting Y by an
// exponential size of mean OversupplyJumpMeanLog. A GW of IT load a year
// houses 1e6 kW ÷ PowerKWPerGPU ≈ 780,000 H100-equivalents a year.
//
// A step is exact for any dt: the chain is simulated by its exponential
// holding times (J. R. Norris, Markov Chains, 1997, §2.6), and given the
// time spent in each regime the increment of Y is normal. Besides each
// field's range, Scenario.Validate bounds the combination over the horizon:
// at LimitSD standard deviations the margin and the colocation rent
// (ColoParams) must stay within e^MaxLogGrowth times their starts.
type GPUParams struct {
	// GenerationDecayPerYear is δ, the log decay of the margin per year
	// as new GPU generations arrive. Range [0, 5].
	GenerationDecayPerYear float64 `json:"generationDecayPerYear"`
	// Tight is the drift and volatility in the tight regime.
	Tight GPURegimeParams `json:"tight"`
	// Glut is the drift and volatility in the glut regime.
	Glut GPURegimeParams `json:"glut"`
	// TightToGlutPerYear is the intensity of switching from tight to glut,
	// per year (mean tight spell 1/intensity years). Range [0, 100].
	TightToGlutPerYear float64 `json:"tightToGlutPerYear"`
	// GlutToTightPerYear is the intensity of switching from glut to tight,
	// per year. Range [0, 100].
	GlutToTightPerYear float64 `json:"glutToTightPerYear"`
	// PipelineGW is the scenario's AI data-centre capacity coming online,
	// in GW of IT load per year. Range [0, 1000].
	PipelineGW float64 `json:"pipelineGW"`
	// OversupplyJumpsPerYear is the oversupply-shock intensity with no
	// pipeline, per year. Range [0, 100].
	OversupplyJumpsPerYear float64 `json:"oversupplyJumpsPerYear"`
	// OversupplyJumpsPerYearPerGW is the extra oversupply-shock intensity
	// per GW/yr of pipeline, per year. Range [0, 10].
	OversupplyJumpsPerYearPerGW float64 `json:"oversupplyJumpsPerYearPerGW"`
	// OversupplyJumpMeanLog is the mean size of one oversupply shock in log
	// margin (a shock of size s multiplies the margin by e^(−s)).
	// Range [0, 5].
	OversupplyJumpMeanLog float64 `json:"oversupplyJumpMeanLog"`
	// Floor sets the rent's floor.
	Floor GPUFloorParams `json:"floor"`
}

// DefaultGPUParams returns the calibrated GPU rent parameters.
//
// Together they give a median decline of the rent of about 25 % in the
// first year from a tight start and about 30 % a year after (slowing as the
// rent nears its floor), the range of docs/CALIBRATION.md §E "Decay rate
// (derived)" (−26 %/yr 2024–25, −22 %/−29 % in 2025 by RBC, −48 %/yr from the
// 2023 peak), with rebounds when the chain is tight (§E "Regime note").
func DefaultGPUParams() GPUParams {
	return GPUParams{
		// *assumption* split of §E "Decay rate (derived)": the part of the
		// decline that new generations bring in every regime. §E "H100
		// index / B200" (2.60 vs 5.30 USD in 2026 for a chip with roughly
		// 2–2.5× the throughput) puts the generational step near a
		// 20–25 %/yr decline per unit of compute.
		GenerationDecayPerYear: 0.22,
		Tight: GPURegimeParams{
			// §E "Regime note": +38–40 % rebound Oct 2025 → Mar 2026 in a
			// tight market; a small positive drift on top of the decay
			// lets rents hold or rebound when tight. *assumption*.
			DriftPerYear: 0.05,
			// §E "H100 1-yr contract (SemiAnalysis index)": moves of ±40 %
			// within a year in the 2025–26 tight spell; 0.25/√yr.
			// *assumption*.
			VolPerYear: 0.25,
		},
		Glut: GPURegimeParams{
			// §E "Decay rate (derived)": glut declines of log −0.56 (Oct
			// 2024 → Oct 2025) to −0.65 a year (2023 peak → mid-2025);
			// with the decay, −0.45 − 0.22 = −0.67/yr. *derived*.
			DriftPerYear: -0.45,
			// §E "H100 in 2024": −30 % in 2 months (Oct 2024), a more
			// volatile market than the tight one. *assumption*.
			VolPerYear: 0.40,
		},
		// §E: tight 2023, glut 2024–Oct 2025, tight again since (§E
		// "Regime note"): spells of one to two years, 0.7/yr each way
		// (mean spell 1.4 yr). *assumption*.
		TightToGlutPerYear: 0.7,
		GlutToTightPerYear: 0.7,
		// §F "AI workload requirement" source: bitcoin miners target
		// 30 GW of AI capacity; a third of it coming online per year.
		// *assumption*.
		PipelineGW: 10,
		// *assumption*: no oversupply shocks without new capacity.
		OversupplyJumpsPerYear: 0,
		// *assumption*: at 10 GW/yr, one oversupply shock every two years
		// (§E "Oversupply commentary": the 2024 glut from reserved-capacity
		// resale and 300+ neoclouds).
		OversupplyJumpsPerYearPerGW: 0.05,
		// *assumption*: one shock cuts the margin by 14 % on average
		// (e^−0.15), a fraction of the −30 % in two months of Oct 2024 (§E
		// "H100 in 2024").
		OversupplyJumpMeanLog: 0.15,
		Floor: GPUFloorParams{
			// docs/CALIBRATION.md §D18: an 8-GPU NVIDIA DGX H100 draws
			// 10.2 kW at most, 1.275 kW per GPU. *derived*.
			PowerKWPerGPU: 1.275,
			// *assumption*: a modern air/liquid-cooled AI hall.
			PUE: 1.3,
			// docs/CALIBRATION.md §D "Power cost range (default)": typical
			// 35–40 USD/MWh.
			PowerUSDPerMWh: 40,
			// docs/CALIBRATION.md §F: median colocation deal ≈ 1.81 M USD per
			// MW-year ≈ 151 USD/kW-month; × 1.275 kW ÷ 730 h = 0.26 USD per
			// GPU-hour (the rack space the GPU owner pays for). *derived*.
			CashOpexUSDPerGPUHour: 0.26,
		},
	}
}

// OversupplyJumpRatePerYear returns λ, the intensity of oversupply shocks
// per year at the scenario's pipeline.
func (p GPUParams) OversupplyJumpRatePerYear() float64 {
	return p.OversupplyJumpsPerYear + p.OversupplyJumpsPerYearPerGW*p.PipelineGW
}

// Validate reports every field outside its documented range.
func (p GPUParams) Validate() error {
	var c valid.Checker
	c.Range("generationDecayPerYear", p.GenerationDecayPerYear, 0, 5)
	c.Sub("tight", p.Tight.Validate())
	c.Sub("glut", p.Glut.Validate())
	c.Range("tightToGlutPerYear", p.TightToGlutPerYear, 0, 100)
	c.Range("glutToTightPerYear", p.GlutToTightPerYear, 0, 100)
	c.Range("pipelineGW", p.PipelineGW, 0, 1000)
	c.Range("oversupplyJumpsPerYear", p.OversupplyJumpsPerYear, 0, 100)
	c.Range("oversupplyJumpsPerYearPerGW", p.OversupplyJumpsPerYearPerGW, 0, 10)
	c.Range("oversupplyJumpMeanLog", p.OversupplyJumpMeanLog, 0, 5)
	c.Sub("floor", p.Floor.Validate())
	return c.Err()
}

// gpuMarket is the compiled GPU rent, colocation rent and regime chain.
type gpuMarket struct {
	p       GPUParams
	colo    ColoParams
	trend   GPUTrend // Ḡ: F, M₀ = G₀ − F and δ
	floor   float64  // F, USD/GPU-hour
	margin0 float64  // M₀ = G₀ − F
	colo0   float64  // colo₀, USD/kW-month
	jumps   float64  // λ·dt, the expected oversupply shocks per step
	leave   [2]float64
	drift   [2]float64 // μ_k − δ
	vari    [2]float64 // σ_k²
	decay   []float64  // decay[k] = decayPath(k·dt), from tabulate
}

func newGPUMarket(p GPUParams, colo ColoParams, start StartParams, dt float64) gpuMarket {
	g := gpuMarket{p: p, colo: colo, floor: p.Floor.USDPerHour()}
	g.margin0 = start.GPURentUSDPerHour - g.floor
	g.trend = GPUTrend{FloorUSDPerHour: g.floor, Margin0USDPerHour: g.margin0, DecayPerYear: p.GenerationDecayPerYear}
	g.colo0 = start.ColoRentUSDPerKWMonth
	g.jumps = p.OversupplyJumpRatePerYear() * dt
	g.leave = [2]float64{GPUTight: p.TightToGlutPerYear, GPUGlut: p.GlutToTightPerYear}
	g.drift = [2]float64{GPUTight: p.Tight.DriftPerYear - p.GenerationDecayPerYear, GPUGlut: p.Glut.DriftPerYear - p.GenerationDecayPerYear}
	g.vari = [2]float64{GPUTight: p.Tight.VolPerYear * p.Tight.VolPerYear, GPUGlut: p.Glut.VolPerYear * p.Glut.VolPerYear}
	return g
}

// decayPath returns Ḡ(t) = F + M₀·e^(−δ·t), the rent on the pure
// generational-decay path (the same number as GPUTrend.At).
func (g *gpuMarket) decayPath(t float64) float64 {
	return g.floor + g.margin0*vmath.Exp(-g.p.GenerationDecayPerYear*t)
}

// tabulate fills decay for steps 0..steps of dt years.
func (g *gpuMarket) tabulate(steps int, dt float64) {
	g.decay = make([]float64, steps+1)
	for k := range g.decay {
		g.decay[k] = g.decayPath(float64(k) * dt)
	}
}

// decayAt returns Ḡ(t) at the end of step k (t = k·dt), from the table when
// Tabulate covered k.
func (g *gpuMarket) decayAt(k int, t float64) float64 {
	if k >= 0 && k < len(g.decay) {
		return g.decay[k]
	}
	return g.decayPath(t)
}

// advance moves the GPU regime, rent and colocation rent of s over one step
// of dt years ending at time t, with z the step's GPU shock. When g is
// tabulated, t must be (s.Step+1)·dt, the end of the step after s.
func (g *gpuMarket) advance(s *State, dt, t, z float64, r *dist.Rand) {
	y := g.logMargin(s, dt, z, r)
	g.setRent(s, vmath.Exp(y), g.decayAt(s.Step+1, t))
}

// logMargin walks the GPU regime of s through one step of dt years (its
// new regime is stored in s) and returns the log margin y at the step's
// end, with z the step's GPU shock and the switches and oversupply shocks
// drawn from r: y = y₀ + Σ occ_k·(μ_k − δ) + √(Σ occ_k·σ_k²)·z − m·Γ(n),
// occ_k the time spent in regime k and n the Poisson shock count.
func (g *gpuMarket) logMargin(s *State, dt, z float64, r *dist.Rand) float64 {
	// Walk the regime chain through the step with exponential holding
	// times, recording the time spent in each regime.
	var occ [2]float64
	k := s.GPURegime
	left := dt
	for left > 0 {
		q := g.leave[k]
		if q <= 0 {
			occ[k] += left
			break
		}
		hold := r.Exp() / q
		if hold >= left {
			occ[k] += left
			break
		}
		occ[k] += hold
		left -= hold
		k = 1 - k
	}
	s.GPURegime = k
	mean := occ[GPUTight]*g.drift[GPUTight] + occ[GPUGlut]*g.drift[GPUGlut]
	variance := occ[GPUTight]*g.vari[GPUTight] + occ[GPUGlut]*g.vari[GPUGlut]
	y := s.gpuLogMargin + mean + math.Sqrt(variance)*z
	if n := r.Poisson(g.jumps); n > 0 {
		// The sum of n exponential sizes is Gamma(n)-distributed.
		y -= g.p.OversupplyJumpMeanLog * r.Gamma(float64(n))
	}
	s.gpuLogMargin = y
	return y
}

// setRent stores in s the GPU rent F + M₀·ey (ey = e^y, y the new log
// margin), the trend rent decay = Ḡ(t) and the colocation rent
// colo₀·(G/Ḡ)^ε (coloPow).
func (g *gpuMarket) setRent(s *State, ey, decay float64) {
	s.GPURentUSDPerHour = g.floor + g.margin0*ey
	s.GPUTrendUSDPerHour = decay
	s.ColoRentUSDPerKWMonth = g.colo0 * coloPow(s.GPURentUSDPerHour/decay, g.colo.ElasticityToGPU)
}
