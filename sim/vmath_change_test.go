package sim

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/vmath"
	"github.com/pivotrisk/pivotrisk/model"
)

// TestVectorMathMovesLittle measures what the engine's vector math kernels
// (internal/vmath) change against package math's exp, log and erfc
// (vmath.SetReference), on the default scenario: per-path NPVs equal
// within 1e-9 relative on at least 99.9 % of paths (a path may move more
// when a discrete event — a retarget, a threshold, a default clock —
// falls on the other side of its boundary), and every strategy's mean,
// VaR, ES and loss probability within its Monte Carlo standard error.
func TestVectorMathMovesLittle(t *testing.T) {
	paths := 10000
	if testing.Short() || raceDetector {
		paths = 1000
	}
	sc := model.DefaultScenario()
	cfg := Config{Paths: paths, Seed: 7, Antithetic: true, Bands: &BandSet{}}
	was := vmath.SetReference(true)
	ref := mustRun(t, &sc, cfg)
	vmath.SetReference(false)
	got := mustRun(t, &sc, cfg)
	vmath.SetReference(was)

	moved, same, largest := 0, 0, 0.0
	for j := range ref.NPV {
		for i, a := range ref.NPV[j] {
			b := got.NPV[j][i]
			d := math.Abs(a-b) / max(math.Abs(a), math.Abs(b))
			switch {
			case a == b:
				same++
			case !(d <= 1e-9):
				moved++
			default:
				largest = max(largest, d)
			}
		}
	}
	total := len(ref.NPV) * paths
	t.Logf("%d of %d path NPVs moved by more than 1e-9 relative; %d equal bit for bit; the largest move of the rest %.3g relative",
		moved, total, same, largest)
	if float64(moved) > 0.001*float64(total) {
		t.Errorf("%d of %d path NPVs moved by more than 1e-9 relative, want at most 0.1 %%", moved, total)
	}
	for j, r := range ref.Strategies {
		g := got.Strategies[j]
		checkWithin(t, r.Name+" mean", g.Mean, r.Mean, r.Stderr)
		checkWithin(t, r.Name+" VaR95", g.VaR95, r.VaR95, ciSE(r.VaR95CI95))
		checkWithin(t, r.Name+" ES95", g.ES95, r.ES95, ciSE(r.ES95CI95))
		checkWithin(t, r.Name+" P(loss)", g.ProbLoss, r.ProbLoss, r.ProbLossStderr)
	}
}

// ciSE returns the standard error a 95 % interval's half-width implies.
func ciSE(ci [2]float64) float64 { return (ci[1] - ci[0]) / (2 * 1.959963984540054) }

// checkWithin fails when got is further than se from want.
func checkWithin(t *testing.T, what string, got, want, se float64) {
	t.Helper()
	if !(math.Abs(got-want) <= se) {
		t.Errorf("%s: %.6g with the kernels, %.6g with package math: moved %.3g, more than its standard error %.3g", what, got, want, got-want, se)
	}
}
