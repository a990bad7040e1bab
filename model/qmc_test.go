package model

import (
	"math"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// TestSimulatorStepShocksIsStep checks that StepShocks with the shocks the
// market would draw (Correlated().Fill from the market stream) gives Step's
// states and cash flows bit for bit, plain and mirrored, over the default
// scenario's 120 steps.
func TestSimulatorStepShocksIsStep(t *testing.T) {
	sc := DefaultScenario()
	p, err := NewPlan(&sc)
	require.NoError(t, err)
	a, err := p.NewSimulator()
	require.NoError(t, err)
	b, err := p.NewSimulator()
	require.NoError(t, err)
	var z [market.NumShocks]float64
	for _, mirror := range []bool{false, true} {
		for path := uint64(0); path < 5; path++ {
			a.Reset(7, path, mirror)
			b.Reset(7, path, mirror)
			for k := 1; k <= p.Steps(); k++ {
				sa, ca := a.Step()
				p.Market().Correlated().Fill(z[:], b.mr)
				sb, cb := b.StepShocks(&z)
				require.True(t, reflect.DeepEqual(*sa, *sb), "path %d step %d: states differ", path, k)
				require.Equal(t, ca, cb, "path %d step %d", path, k)
			}
		}
	}
}

// TestQMCPathIsWorkerIndependent checks that a path's shocks depend on the
// path alone: two workers' QMCPaths visiting paths in different orders
// give the same shocks, for a grid within the Sobol table and for one past
// it (30 steps a month over 12.5 years: 22,500 coordinates, padded).
func TestQMCPathIsWorkerIndependent(t *testing.T) {
	for _, c := range []struct {
		name         string
		years, month float64
	}{{"monthly", 10, 1}, {"30 steps a month for 12.5 years", 12.5, 1.0 / 30}} {
		sc := DefaultScenario()
		sc.Finance.HorizonYears, sc.Finance.StepMonths = c.years, c.month
		p, err := NewPlan(&sc)
		require.NoError(t, err, c.name)
		q, err := p.NewQMC(8, 11, true)
		require.NoError(t, err)
		w1, w2 := q.NewPath(), q.NewPath()
		got := map[uint64][]float64{}
		for path := uint64(0); path < 40; path++ {
			w1.Reset(path)
			got[path] = append([]float64(nil), w1.z...)
		}
		for path := uint64(40); path > 0; path-- {
			w2.Reset(path - 1)
			require.Equal(t, got[path-1], w2.z, "%s: path %d", c.name, path-1)
		}
		for _, x := range got[17] {
			require.False(t, math.IsNaN(x) || math.IsInf(x, 0))
		}
		require.Equal(t, got[0][5:10], w2.Shocks(2)[:], "Shocks(2) is step 2's vector")
	}
}

// TestQMCShocksHaveTheMarketsLaw checks, over 4,096 QMC paths of the
// default scenario (8 replicates of 512), that the shocks of step 1 and of
// step 120 have the market's correlation matrix within 5 Monte Carlo
// standard errors √((1 + ρ²)/n).
func TestQMCShocksHaveTheMarketsLaw(t *testing.T) {
	sc := DefaultScenario()
	p, err := NewPlan(&sc)
	require.NoError(t, err)
	q, err := p.NewQMC(8, 3, true)
	require.NoError(t, err)
	w := q.NewPath()
	corr := p.Market().Correlated().Matrix()
	const n = 4096
	for _, k := range []int{1, p.Steps()} {
		var cross [market.NumShocks][market.NumShocks]float64
		for path := uint64(0); path < n; path++ {
			w.Reset(path)
			z := w.Shocks(k)
			for i := range z {
				for j := range z {
					cross[i][j] += z[i] * z[j]
				}
			}
		}
		for i := range cross {
			for j := range cross {
				got, want := cross[i][j]/n, corr[i][j]
				if d := math.Abs(got - want); d > 5*math.Sqrt((1+want*want)/n) {
					t.Errorf("step %d: E[z_%d z_%d] = %.4f, want %.4f", k, i, j, got, want)
				}
			}
		}
	}
}

// TestNewQMCRejects checks the replicate count's range.
func TestNewQMCRejects(t *testing.T) {
	sc := DefaultScenario()
	p, err := NewPlan(&sc)
	require.NoError(t, err)
	for _, r := range []int{0, -1, dist.MaxReplicates + 1} {
		_, err := p.NewQMC(r, 1, true)
		require.ErrorContains(t, err, "replicates")
	}
}

// TestQMCPathAllocatesNothing checks Reset, Shocks and StepShocks.
func TestQMCPathAllocatesNothing(t *testing.T) {
	sc := DefaultScenario()
	p, err := NewPlan(&sc)
	require.NoError(t, err)
	q, err := p.NewQMC(4, 1, true)
	require.NoError(t, err)
	w := q.NewPath()
	s, err := p.NewSimulator()
	require.NoError(t, err)
	path := uint64(0)
	require.Zero(t, testing.AllocsPerRun(20, func() {
		s.Reset(1, path, false)
		w.Reset(path)
		for k := 1; k <= p.Steps(); k++ {
			s.StepShocks(w.Shocks(k))
		}
		path++
	}))
}
