package sim

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestIdenticalValuesMeanExactly feeds n copies of one value to every
// statistic that takes a mean: the mean must be that value exactly (the
// true mean of a constant sample is representable, and no rounding may put
// it below min = max), every standard deviation and standard error 0, and
// every interval must contain the value. Summing n copies of 0.1 gives
// 0.1·n only to rounding (10⁶ copies: 100000.00000133288), so the naive
// mean lands 1.3e-12 relative off, outside [min, max] = [0.1, 0.1].
func TestIdenticalValuesMeanExactly(t *testing.T) {
	values := []float64{0.1, -7.3, 1e300, -1e300, 1e-300, 3, 0, 2.5e-8, 123456.789, -math.MaxFloat64}
	sizes := []int{2, 3, 7, 10, 368, 1000, 12345, 1_000_000}
	for _, v := range values {
		for _, n := range sizes {
			t.Run(fmt.Sprintf("%g×%d", v, n), func(t *testing.T) {
				xs := make([]float64, n)
				for i := range xs {
					xs[i] = v
				}
				mean, ci, err := MeanCI(xs, 0.95)
				require.NoError(t, err)
				require.Equal(t, v, mean, "MeanCI mean")
				require.True(t, ci[0] <= v && v <= ci[1], "MeanCI interval %v excludes %g", ci, v)
				m, err := MeasureMean.Of(xs)
				require.NoError(t, err)
				require.Equal(t, v, m, "MeasureMean")
				if n%2 == 0 && n >= 4 {
					d, se, err := MeasureMean.Diff(xs, make([]float64, n), true)
					require.NoError(t, err)
					require.Equal(t, v, d, "MeasureMean.Diff")
					require.Zero(t, se, "MeasureMean.Diff standard error")
				}
				if n < MinSummaryPaths || n > 20000 {
					return
				}
				nan := make([]float64, n)
				for i := range nan {
					nan[i] = math.NaN()
				}
				irr := make([]float64, n)
				for i := range irr {
					irr[i] = math.Abs(v)/(1+math.Abs(v)) + 0.01 // an IRR > −1, the same on every path
				}
				s, err := Summarize("constant", xs, irr, nan)
				require.NoError(t, err)
				require.Equal(t, v, s.Mean, "Summary.Mean")
				require.Zero(t, s.SD, "Summary.SD")
				require.Zero(t, s.Stderr, "Summary.Stderr")
				require.True(t, s.MeanCI95[0] <= v && v <= s.MeanCI95[1], "Summary.MeanCI95 %v", s.MeanCI95)
				require.Equal(t, irr[0], s.IRR.MeanPerYear, "Summary.IRR.MeanPerYear")
				c, err := Compare(xs, make([]float64, n))
				require.NoError(t, err)
				require.Equal(t, v, c.MeanDiff, "Comparison.MeanDiff")
				require.Zero(t, c.PairedStderr, "Comparison.PairedStderr")
				require.Zero(t, c.UnpairedStderr, "Comparison.UnpairedStderr")
			})
		}
	}
}
