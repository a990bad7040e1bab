package plots

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/sim"
)

// fixtureStream draws the fixtures' random numbers from math/rand/v2's PCG
// seeded as dist's stream (seed, 0), normals by its NormFloat64 and
// uniforms on dist.Rand's grid, so the fixtures (and the golden images)
// stay the same whatever generator dist.Rand uses.
type fixtureStream struct{ r *rand.Rand }

func newFixtureStream(seed uint64) fixtureStream { return fixtureStream{dist.NewStream(seed, 0)} }

func (f fixtureStream) Norm() float64    { return f.r.NormFloat64() }
func (f fixtureStream) Uniform() float64 { return (float64(f.r.Uint64()>>12) + 0.5) * 0x1p-52 }

// fixtureNames are the strategies of the hand-built result.
var fixtureNames = []string{"pure mining", "hybrid 50% colocation", "full AI colocation"}

// fixtureResult builds a sim.Result by hand, independent of the model's
// calibration, so that the golden images change only when this package
// does: seeded NPV samples of three strategies (a right-skewed one, a
// normal one and a two-regime one with a 10 % loss mode), their Summaries,
// and bands from closed forms over ten years of monthly points.
func fixtureResult(t testing.TB) *sim.Result {
	t.Helper()
	const n = 1000
	r := newFixtureStream(20260101)
	npv := make([][]float64, 3)
	for j := range npv {
		npv[j] = make([]float64, n)
	}
	for i := range n {
		npv[0][i] = 45e6 + 35e6*(math.Exp(0.6*r.Norm())-1)
		npv[1][i] = 120e6 + 70e6*r.Norm()
		if r.Uniform() < 0.1 {
			npv[2][i] = -150e6 + 60e6*r.Norm()
		} else {
			npv[2][i] = 220e6 + 120e6*r.Norm()
		}
	}
	res := &sim.Result{NPV: npv}
	undefined := make([]float64, n)
	for i := range undefined {
		undefined[i] = math.NaN()
	}
	for j, name := range fixtureNames {
		s, err := sim.Summarize(name, npv[j], undefined, undefined)
		if err != nil {
			t.Fatal(err)
		}
		res.Strategies = append(res.Strategies, s)
	}
	res.Bands = fixtureBands()
	return res
}

// fixtureTails builds a result of 4,000 seeded paths whose extreme tails
// reach far beyond the body, as a long run's do: a right-skewed strategy,
// a normal one with 2 crash paths (0.05 %, fewer than the 0.1 % quantile
// holds) near −900 M USD, and a wide one with 2 windfall paths near +1,500
// M USD; below and above say which to include.
func fixtureTails(t testing.TB, below, above bool) *sim.Result {
	t.Helper()
	const n = 4000
	r := newFixtureStream(20260102)
	npv := make([][]float64, 3)
	for j := range npv {
		npv[j] = make([]float64, n)
	}
	for i := range n {
		npv[0][i] = 45e6 + 35e6*(math.Exp(0.6*r.Norm())-1)
		npv[1][i] = 120e6 + 70e6*r.Norm()
		npv[2][i] = 220e6 + 120e6*r.Norm()
		if below && i%2000 == 7 {
			npv[1][i] = -900e6 + 50e6*r.Norm()
		}
		if above && i%2000 == 1500 {
			npv[2][i] = 1500e6 + 80e6*r.Norm()
		}
	}
	res := &sim.Result{NPV: npv}
	undefined := make([]float64, n)
	for i := range undefined {
		undefined[i] = math.NaN()
	}
	for j, name := range fixtureNames {
		s, err := sim.Summarize(name, npv[j], undefined, undefined)
		if err != nil {
			t.Fatal(err)
		}
		res.Strategies = append(res.Strategies, s)
	}
	return res
}

// fixtureBands returns bands of 121 monthly points over ten years: a
// lognormal BTC price (exact quantiles of GBM with drift 4 % and volatility
// 50 % a year from 87,000 USD), a hashprice proportional to it that halves
// at each halving and decays 20 % a year, a GPU rent decaying towards 0.3
// USD/h with a spread growing like √t, and cumulative cash that dips by the
// capex in the first year and climbs after.
func fixtureBands() *sim.Bands {
	const pts = 121
	b := &sim.Bands{Paths: 1000, Steps: make([]int, pts), TimeYears: make([]float64, pts)}
	z := [5]float64{}
	for k, p := range sim.BandProbs {
		z[k] = distuv.UnitNormal.Quantile(p)
	}
	band := func(name, unit string, f func(t, z float64) float64) *sim.Band {
		bd := &sim.Band{Name: name, Unit: unit}
		qs := []*[]float64{&bd.P5, &bd.P25, &bd.P50, &bd.P75, &bd.P95}
		for k, q := range qs {
			*q = make([]float64, pts)
			for i := range pts {
				(*q)[i] = f(float64(i)/12, z[k])
			}
		}
		return bd
	}
	for i := range pts {
		b.Steps[i] = i
		b.TimeYears[i] = float64(i) / 12
	}
	halvings := func(t float64) float64 {
		f := 1.0
		for _, at := range []float64{2.33, 6.33} {
			if t >= at {
				f /= 2
			}
		}
		return f
	}
	btc := band("btcPrice", "USD", func(t, z float64) float64 {
		return 87000 * math.Exp((0.04-0.125)*t+0.5*math.Sqrt(t)*z)
	})
	hashprice := band("hashprice", "USD/PH/s/day", func(t, z float64) float64 {
		return 37 * halvings(t) * math.Exp(-0.2*t+0.45*math.Sqrt(t)*z)
	})
	gpu := band("gpuRent", "USD/GPU-hour", func(t, z float64) float64 {
		return 0.3 + 2.05*math.Exp(-0.35*t)*math.Exp(0.3*math.Sqrt(t)*z)
	})
	b.Series = []sim.Band{*btc, *hashprice, *gpu}
	for j, name := range fixtureNames {
		capex := []float64{0, 300e6, 600e6}[j]
		rate := []float64{12e6, 70e6, 120e6}[j]
		sd := []float64{8e6, 25e6, 40e6}[j]
		b.CumulativeCashUSD = append(b.CumulativeCashUSD, *band(name, "USD", func(t, z float64) float64 {
			dip := capex * math.Min(t, 1)
			return rate*t - dip + sd*t*z
		}))
	}
	b.Halvings = []sim.HalvingBand{
		{Number: 1, ShareReached: 1, P5Years: 2.25, P50Years: 2.33, P95Years: 2.42},
		{Number: 2, ShareReached: 1, P5Years: 6.17, P50Years: 6.33, P95Years: 6.5},
		{Number: 3, ShareReached: 0.3, P5Years: 9.5, P50Years: 9.75, P95Years: 9.92},
	}
	return b
}

// fixtureFrontier returns eleven points of hybrid shares 0–100 % with
// confidence intervals, on a concave frontier.
func fixtureFrontier() []FrontierPoint {
	var pts []FrontierPoint
	for k := 0; k <= 10; k++ {
		f := float64(k) / 10
		label := []string{"pure mining", "10 %", "20 %", "30 %", "40 %", "50 %", "60 %", "70 %", "80 %", "90 %", "full AI"}[k]
		m := 45e6 + 150e6*f - 20e6*f*f
		es := 14e6 + 100e6*f*f
		pts = append(pts, FrontierPoint{
			Label: label, MeanNPVUSD: m, ES95USD: es,
			MeanCI95USD: [2]float64{m - 3e6 - 5e6*f, m + 3e6 + 5e6*f},
			ES95CI95USD: [2]float64{es - 2e6 - 6e6*f, es + 2e6 + 6e6*f},
		})
	}
	return pts
}

// fixtureTornado returns six inputs' moves of a mean NPV of base 120 M USD,
// one of them with both ends below base and one with no move at its high
// end.
func fixtureTornado() (float64, []TornadoBar) {
	return 120e6, []TornadoBar{
		{Input: "BTC volatility", LowLabel: "σ 35 %", HighLabel: "σ 65 %", LowValueUSD: 130e6, HighValueUSD: 105e6},
		{Input: "discount rate", LowLabel: "8 %", HighLabel: "14 %", LowValueUSD: 150e6, HighValueUSD: 95e6},
		{Input: "GPU rent at start", LowLabel: "1.70 USD/h", HighLabel: "3.00 USD/h", LowValueUSD: 80e6, HighValueUSD: 160e6},
		{Input: "power price", LowLabel: "30 USD/MWh", HighLabel: "45 USD/MWh", LowValueUSD: 125e6, HighValueUSD: 112e6},
		{Input: "tenant default hazard", LowLabel: "1 %/yr", HighLabel: "6 %/yr", LowValueUSD: 118e6, HighValueUSD: 70e6},
		{Input: "build months", LowLabel: "12", HighLabel: "24", LowValueUSD: 124e6, HighValueUSD: 120e6},
	}
}
