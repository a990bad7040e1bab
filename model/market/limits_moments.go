package market

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/pivotrisk/pivotrisk/dist"
)

// logBand is the range a series' log moves through over a horizon at
// LimitSD standard deviations: Hi is the largest of mean + LimitSD·sd over
// the horizon, reached at HiYears, and Lo the smallest of mean − LimitSD·sd,
// reached at LoYears. The mean and standard deviation are the exact
// moments of the log (a Gaussian approximation of its law); the band is
// relative to the start unless a caller says otherwise.
type logBand struct {
	Hi, HiYears float64
	Lo, LoYears float64
}

// widen makes b cover x at time t.
func (b *logBand) widen(hi, lo, t float64) {
	if hi > b.Hi {
		b.Hi, b.HiYears = hi, t
	}
	if lo < b.Lo {
		b.Lo, b.LoYears = lo, t
	}
}

// logRates returns the mean a and variance v per year of the increments of
// the log BTC price under a constant-coefficient model (gbm, merton, kou),
// and the jump compensator λ·(E[e^J] − 1) that a contains:
//
//	a = μ − σ²/2 − λ·(E[e^J] − 1) + λ·E[J],   v = σ² + λ·E[J²],
//
// with J ~ Normal(m, s²) for merton (E[e^J] = e^(m+s²/2), E[J²] = m² + s²)
// and Kou's double exponential for kou (dist.Kou.LogDriftPerYear).
func (p PriceModel) logRates() (a, v, compensator float64) {
	mu, s := p.DriftPerYear, p.VolPerYear
	switch p.Model {
	case PriceMerton:
		m, sj, lam := p.JumpMeanLog, p.JumpSDLog, p.JumpsPerYear
		compensator = lam * math.Expm1(m+0.5*sj*sj)
		return mu - 0.5*s*s - compensator + lam*m, s*s + lam*(m*m+sj*sj), compensator
	case PriceKou:
		k := dist.Kou{DriftPerYear: mu, VolPerYear: s, JumpsPerYear: p.JumpsPerYear,
			UpProb: p.UpProb, UpMeanLog: p.UpMeanLog, DownMeanLog: p.DownMeanLog}
		return k.LogDriftPerYear(), k.LogVariancePerYear(), k.JumpCompensatorPerYear()
	}
	return mu - 0.5*s*s, s * s, 0
}

// priceLogBand returns the band of log(S_t/S_0) over [0, horizon] for the
// BTC price model p, scheduled shocks included (each at its own time). For
// a regime model it may return the cheaper bound of regimeLogBand when ok
// accepts that.
func (p PriceModel) priceLogBand(horizon float64, ok func(logBand) bool) logBand {
	if p.Model == PriceRegime {
		n := len(p.RegimeDriftsPerYear)
		a, v := make([]float64, n), make([]float64, n)
		for k := range n {
			s := p.RegimeVolsPerYear[k]
			a[k], v[k] = p.RegimeDriftsPerYear[k]-0.5*s*s, s*s
		}
		return regimeLogBand(p.RegimeGeneratorPerYear, p.StartRegime, a, v, horizon, p.Shocks, ok)
	}
	a, v, _ := p.logRates()
	return constLogBand(a, v, horizon, p.Shocks)
}

// shockStep is the summed log size of the shocks at one time.
type shockStep struct{ t, size float64 }

// shockSteps returns the shocks inside (0, horizon] summed by time, in
// increasing order of time.
func shockSteps(shocks []PriceShock, horizon float64) []shockStep {
	var out []shockStep
	for _, s := range shocks {
		if s.TimeYears > 0 && s.TimeYears <= horizon {
			out = append(out, shockStep{s.TimeYears, s.LogSize})
		}
	}
	slices.SortStableFunc(out, func(x, y shockStep) int { return cmp.Compare(x.t, y.t) })
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && merged[n-1].t == s.t {
			merged[n-1].size += s.size
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// constLogBand returns the band of a·t ± LimitSD·√(v·t) + shift(t) over
// [0, horizon], shift(t) the summed log sizes of the shocks at or before t.
// Between shock times the shift is constant and a·t ± z·√(v·t) is concave
// (convex), so its extreme lies at an end of the interval or where its
// derivative vanishes, t* = z²·v/(4a²).
func constLogBand(a, v, horizon float64, shocks []PriceShock) logBand {
	var b logBand
	steps := shockSteps(shocks, horizon)
	start, shift := 0.0, 0.0
	for i := 0; i <= len(steps); i++ {
		end := horizon
		if i < len(steps) {
			end = steps[i].t
		}
		ts := [3]float64{start, end, start}
		if a != 0 {
			if t := LimitSD * LimitSD * v / (4 * a * a); t > start && t < end {
				ts[2] = t
			}
		}
		for _, t := range ts {
			d, sd := a*t+shift, LimitSD*math.Sqrt(v*t)
			b.widen(d+sd, d-sd, t)
		}
		if i < len(steps) {
			shift += steps[i].size
			start = end
		}
	}
	return b
}

// expOUHi returns the highest log level mean + LimitSD·sd that the
// exponential OU process e (dist.ExpOU, floor aside) started at x0 reaches
// over [0, horizon]: the log mean relaxes monotonically from ln x0 to its
// long-run value and the variance grows with t, so max(ln x0, mean(T)) +
// LimitSD·sd(T) bounds it.
func expOUHi(e dist.ExpOU, x0, horizon float64) float64 {
	return math.Max(math.Log(x0), e.LogMean(x0, horizon)) + LimitSD*math.Sqrt(e.LogVariance(horizon))
}

// regimeGridSteps is the number of steps of the time grid on which
// regimeLogBand evaluates the moments.
const regimeGridSteps = 256

// regimeLogBand returns the band over [0, horizon] of
// X_t = ∫₀ᵗ a(R_s) ds + ∫₀ᵗ √v(R_s) dW_s + shift(t), R a Markov chain of
// generator q (per year; the diagonal is taken as minus the sum of the
// off-diagonal rates) started in start. Two bounds cover it. The chain
// can at most sit in its most extreme reachable regime, so X_t stays
// within a_max·t + LimitSD·√(v_max·t) (a_min·t − … below) but for the
// diffusion's LimitSD tail: regimeLogBand returns that band when ok
// accepts it. Otherwise it takes, at each time of a grid, the tighter of
// that bound and the Gaussian one from the exact mean and variance of X_t
// (regimeMoments), counting the shocks between grid times at their most
// extreme partial sums.
func regimeLogBand(q [][]float64, start int, a, v []float64, horizon float64, shocks []PriceShock, ok func(logBand) bool) logBand {
	amax, amin, vmax := math.Inf(-1), math.Inf(1), 0.0
	for k, in := range reachable(q, start) {
		if in {
			amax, amin, vmax = math.Max(amax, a[k]), math.Min(amin, a[k]), math.Max(vmax, v[k])
		}
	}
	hi, lo := constLogBand(amax, vmax, horizon, shocks), constLogBand(amin, vmax, horizon, shocks)
	b := logBand{Hi: hi.Hi, HiYears: hi.HiYears, Lo: lo.Lo, LoYears: lo.LoYears}
	if ok(b) {
		return b
	}
	mean, variance := regimeMoments(q, start, a, v, horizon, regimeGridSteps)
	steps := shockSteps(shocks, horizon)
	b = logBand{}
	shift, next := 0.0, 0
	for k := range mean {
		t := horizon * float64(k) / regimeGridSteps
		hiShift, loShift := shift, shift
		for ; next < len(steps) && steps[next].t <= t; next++ {
			shift += steps[next].size
			hiShift, loShift = math.Max(hiShift, shift), math.Min(loShift, shift)
		}
		sd, cap := LimitSD*math.Sqrt(variance[k]), LimitSD*math.Sqrt(vmax*t)
		b.widen(math.Min(mean[k]+sd, amax*t+cap)+hiShift, math.Max(mean[k]-sd, amin*t-cap)+loShift, t)
	}
	return b
}

// reachable reports, for each regime of the chain of generator q, whether
// the chain started in start can reach it.
func reachable(q [][]float64, start int) []bool {
	in := make([]bool, len(q))
	in[start] = true
	for stack := []int{start}; len(stack) > 0; {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for j, rate := range q[i] {
			if j != i && rate > 0 && !in[j] {
				in[j] = true
				stack = append(stack, j)
			}
		}
	}
	return in
}

// regimeMoments returns the mean and variance of X_t = A_t + D_t,
// A_t = ∫₀ᵗ a(R_s) ds and D_t = ∫₀ᵗ √v(R_s) dW_s, at the times k·T/n,
// k = 0..n, for the chain R of generator q started in start. With p_j(t) =
// P(R_t = j) and the partial moments m_j = E[A_t; R_t = j], s_j =
// E[A_t²; R_t = j], w_j = E[∫₀ᵗ v(R_s) ds; R_t = j], the forward equations
//
//	p′ = p·Q,  m′ = m·Q + p∘a,  s′ = s·Q + 2·m∘a,  w′ = w·Q + p∘v
//
// are linear with constant coefficients, so one matrix exponential of the
// block generator moves them exactly from one grid time to the next; then
// E[X_t] = Σm, Var[X_t] = Σs − (Σm)² + Σw (W is independent of R).
func regimeMoments(q [][]float64, start int, a, v []float64, horizon float64, n int) (mean, variance []float64) {
	r := len(a)
	blk := mat.NewDense(4*r, 4*r, nil)
	for i := range r {
		var out float64
		for j := range r {
			if j != i {
				out += q[i][j]
			}
		}
		for j := range r {
			g := q[i][j]
			if j == i {
				g = -out
			}
			for d := range 4 {
				blk.Set(d*r+i, d*r+j, g)
			}
		}
		blk.Set(i, r+i, a[i])       // p → m
		blk.Set(r+i, 2*r+i, 2*a[i]) // m → s
		blk.Set(i, 3*r+i, v[i])     // p → w
	}
	blk.Scale(horizon/float64(n), blk)
	var step mat.Dense
	step.Exp(blk)
	x := mat.NewVecDense(4*r, nil)
	x.SetVec(start, 1)
	mean, variance = make([]float64, n+1), make([]float64, n+1)
	var next mat.VecDense
	for k := 1; k <= n; k++ {
		next.MulVec(step.T(), x)
		x.CopyVec(&next)
		var m, s, w float64
		for i := range r {
			m += x.AtVec(r + i)
			s += x.AtVec(2*r + i)
			w += x.AtVec(3*r + i)
		}
		mean[k], variance[k] = m, math.Max(s-m*m+w, 0)
	}
	return mean, variance
}
