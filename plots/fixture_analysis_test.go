package plots

import "math"

// fixtureRank returns eight drivers' rank correlations with an NPV, one of
// them below the noise level of 2,000 paths (2/√2000 ≈ 0.045).
func fixtureRank() []RankBar {
	return []RankBar{
		{"BTC price at month 12", 0.41}, {"hashprice at month 36", 0.22}, {"GPU glut share", -0.08},
		{"mean power price", -0.31}, {"full AI colocation: build months", -0.18},
		{"full AI colocation: capex overrun", -0.57}, {"full AI colocation: first tenant default", 0.12},
		{"full AI colocation: months vacant", -0.02},
	}
}

// fixtureScatter returns 3,000 seeded paths of a driver and an NPV that
// falls with it, and the worst 5 % of them by NPV.
func fixtureScatter() (x, npv []float64, tail []bool) {
	r := newFixtureStream(20260104)
	const n = 3000
	x, npv, tail = make([]float64, n), make([]float64, n), make([]bool, n)
	for i := range n {
		x[i] = 1 + 0.25*r.Norm()
		npv[i] = 200e6 - 300e6*(x[i]-1) + 60e6*r.Norm()
	}
	s := sortedCopy(npv)
	cut := s[n/20-1]
	for i, v := range npv {
		tail[i] = v <= cut
	}
	return x, npv, tail
}

// fixtureWaterfall returns the components of a colocation's mean NPV.
func fixtureWaterfall() []WaterfallStep {
	return []WaterfallStep{
		{"mining", 40e6}, {"demand response", 0}, {"lease", 520e6}, {"GPU rent", 0}, {"recovery", 12e6},
		{"power", -180e6}, {"opex", -75e6}, {"capex", -410e6}, {"tax", -20e6}, {"terminal value", 230e6},
	}
}

// fixtureConvergence returns a mean and −ES settling as 1/√n.
func fixtureConvergence() []ConvergencePoint {
	var pts []ConvergencePoint
	for k := 0; k <= 20; k++ {
		n := int(400 * pow10(float64(k)/10))
		se := 80e6 / sqrt(float64(n))
		m := 120e6 + 3*se*cosK(k)
		es := -150e6 - 5*se*cosK(k+3)
		pts = append(pts, ConvergencePoint{Paths: n, MeanUSD: m, MeanLoUSD: m - 1.96*se, MeanHiUSD: m + 1.96*se,
			NegES95USD: es, NegESLoUSD: es - 4*se, NegESHiUSD: es + 4*se})
	}
	return pts
}

func pow10(x float64) float64 { return math.Pow(10, x) }
func sqrt(x float64) float64  { return math.Sqrt(x) }
func cosK(k int) float64      { return math.Cos(float64(k)) }

// fixtureStress returns three strategies in a base and three stress
// scenarios.
func fixtureStress() []StressPoint {
	scen := []string{"default", "btc-crash", "gpu-glut", "backstopped-lease"}
	var pts []StressPoint
	for j, name := range []string{"pure mining", "hybrid 50% colocation", "full AI colocation"} {
		for k, s := range scen {
			pts = append(pts, StressPoint{Scenario: s, Strategy: j, Label: name,
				MeanNPVUSD: []float64{48e6, 120e6, 210e6}[j] - float64(k)*[]float64{30e6, 45e6, 70e6}[j]*cosK(k),
				ES95USD:    []float64{11e6, 60e6, 150e6}[j] + float64(k)*[]float64{20e6, 35e6, 55e6}[j]})
		}
	}
	return pts
}
