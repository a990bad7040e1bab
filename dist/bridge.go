package dist

import (
	"fmt"
	"math"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// BrownianBridge builds a standard Brownian path W on a time grid
// 0 < t_1 < … < t_N from N independent standard normals taken in order of
// importance (Glasserman, Monte Carlo Methods in Financial Engineering,
// 2004, §3.1; Jäckel, Monte Carlo Methods in Finance, 2002):
// the first normal sets the end point, W(t_N) = √t_N·z_1; each later one
// fills the middle index m of a gap (l, r) whose ends are known, from the
// conditional law of the bridge,
//
//	W(t_m) = ((t_r − t_m)·W(t_l) + (t_m − t_l)·W(t_r))/(t_r − t_l) + √((t_m − t_l)(t_r − t_m)/(t_r − t_l))·z,
//
// with W(t_0) = W(0) = 0, the gaps taken breadth first (the whole path's
// halves, then its quarters, …), so the first coordinates carry the
// largest moves. Paired with a low-discrepancy sequence this concentrates
// a path's variance in the sequence's best-distributed coordinates.
//
// For any input the path has exactly the law of Brownian motion on the grid
// when the inputs are independent standard normals: the map is linear with
// covariance min(t_i, t_j). A *BrownianBridge is immutable after
// construction and safe for concurrent use; Path and Increments allocate
// nothing.
type BrownianBridge struct {
	times []float64
	// plan holds one entry per input after the first, in order (the first
	// sets W(t_N) = sdEnd·z_1).
	plan      []bridgeStep
	sdEnd     float64
	invSqrtDt []float64 // 1/√(t_i − t_(i−1))
}

// bridgeStep fills index i from the known indices l and r with weights wl,
// wr and the conditional standard deviation sd. A gap starting at time 0
// (W = 0) has wl = 0 and l = N−1, the end point, filled first: the step
// then needs no branch.
type bridgeStep struct {
	i, l, r    int32
	wl, wr, sd float64
}

// maxBridgeSteps bounds the grid so that indices fit the plan's int32s.
const maxBridgeSteps = 1 << 30

// NewBrownianBridge returns the bridge on the grid times (t_1 … t_N, years
// or any unit): at least one time, finite, strictly increasing, the first
// > 0. Errors name the first bad entry.
func NewBrownianBridge(times []float64) (*BrownianBridge, error) {
	var c valid.Checker
	n := len(times)
	if n < 1 || n > maxBridgeSteps {
		c.Add("len(times)", n, fmt.Sprintf("in [1, %d]", maxBridgeSteps))
		return nil, c.Err()
	}
	prev := 0.0
	for i, t := range times {
		if !(t > prev) || math.IsInf(t, 0) {
			c.Add(fmt.Sprintf("times[%d]", i), t, fmt.Sprintf("finite and > %g (times must be > 0 and strictly increasing)", prev))
			return nil, c.Err()
		}
		prev = t
	}
	b := &BrownianBridge{
		times:     append([]float64(nil), times...),
		plan:      make([]bridgeStep, 0, n-1),
		sdEnd:     math.Sqrt(times[n-1]),
		invSqrtDt: make([]float64, n),
	}
	at := func(i int) float64 { // t_i with t_(−1) = 0, indices 0-based
		if i < 0 {
			return 0
		}
		return times[i]
	}
	for i := range times {
		b.invSqrtDt[i] = 1 / math.Sqrt(times[i]-at(i-1))
	}
	// Gaps (l, r) with W known at both ends, l = −1 for time 0.
	type gap struct{ l, r int }
	queue := []gap{{-1, n - 1}}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		if g.r-g.l < 2 {
			continue
		}
		m := g.l + (g.r-g.l)/2
		tl, tm, tr := at(g.l), times[m], times[g.r]
		st := bridgeStep{i: int32(m), l: int32(g.l), r: int32(g.r), wl: (tr - tm) / (tr - tl), wr: (tm - tl) / (tr - tl), sd: math.Sqrt((tm - tl) * (tr - tm) / (tr - tl))}
		if g.l < 0 {
			st.l, st.wl = int32(n-1), 0
		}
		b.plan = append(b.plan, st)
		queue = append(queue, gap{g.l, m}, gap{m, g.r})
	}
	return b, nil
}

// NewUniformBrownianBridge returns the bridge on the grid 1, 2, …, steps
// (steps ≥ 1). Its Increments serve any grid of equal steps, as
// standardized increments do not depend on the step length.
func NewUniformBrownianBridge(steps int) (*BrownianBridge, error) {
	if steps < 1 || steps > maxBridgeSteps {
		var c valid.Checker
		c.Add("steps", steps, fmt.Sprintf("in [1, %d]", maxBridgeSteps))
		return nil, c.Err()
	}
	times := make([]float64, steps)
	for i := range times {
		times[i] = float64(i + 1)
	}
	return NewBrownianBridge(times)
}

// Steps returns N, the number of grid times.
func (b *BrownianBridge) Steps() int { return len(b.times) }

// Times returns a copy of the grid.
func (b *BrownianBridge) Times() []float64 { return append([]float64(nil), b.times...) }

// Order returns, for each input k in order, the 0-based grid index whose
// value it sets: Order()[0] = N−1 (the end point), Order()[1] = the middle
// of the path, and so on.
func (b *BrownianBridge) Order() []int {
	o := make([]int, 1, len(b.times))
	o[0] = len(b.times) - 1
	for _, st := range b.plan {
		o = append(o, int(st.i))
	}
	return o
}

// checkLens panics, as a programmer error, unless dst and z both have
// length Steps().
func (b *BrownianBridge) checkLens(what string, dst, z []float64) {
	if len(dst) != len(b.times) || len(z) != len(b.times) {
		panic(fmt.Sprintf("dist: BrownianBridge.%s: len(dst) = %d, len(z) = %d, want Steps() = %d", what, len(dst), len(z), len(b.times)))
	}
}

// Path writes W(t_1) … W(t_N) into dst from the inputs z in order of
// importance (see BrownianBridge). dst and z must both have length Steps()
// and must not overlap; Path panics otherwise (a programmer error).
func (b *BrownianBridge) Path(dst, z []float64) {
	b.checkLens("Path", dst, z)
	dst[len(dst)-1] = b.sdEnd * z[0]
	z = z[1:]
	for k, st := range b.plan {
		dst[st.i] = st.sd*z[k] + st.wl*dst[st.l] + st.wr*dst[st.r]
	}
}

// Increments writes the standardized increments of the path into dst:
// dst[i] = (W(t_i) − W(t_(i−1)))/√(t_i − t_(i−1)), which are independent
// standard normals when the inputs z are, the shocks a process stepped on
// the grid consumes. Same length rules as Path.
func (b *BrownianBridge) Increments(dst, z []float64) {
	b.checkLens("Increments", dst, z)
	b.Path(dst, z)
	for i := len(dst) - 1; i > 0; i-- {
		dst[i] = (dst[i] - dst[i-1]) * b.invSqrtDt[i]
	}
	dst[0] *= b.invSqrtDt[0]
}
