package model

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
// BTC price model p, scheduled shocks included (each at its own time).
func (p PriceModel) priceLogBand(horizon float64) logBand {
	if p.Model == PriceRegime {
		n := len(p.RegimeDriftsPerYear)
		a, v := make([]float64, n), make([]float64, n)
		for k := range n {
			s := p.RegimeVolsPerYear[k]
			a[k], v[k] = p.RegimeDriftsPerYear[k]-0.5*s*s, s*s
		}
		return regimeLogBand(p.RegimeGeneratorPerYear, p.StartRegime, a, v, horizon, p.Shocks)
	}
	a, v, _ := p.logRates()
	return constLogBand(a, v, horizon, p.Shocks)
}

// constLogBand returns the band of a·t ± LimitSD·√(v·t) + shift(t) over
// [0, horizon], shift(t) the summed log sizes of the shocks at or before t.
// Between shock times the shift is constant and a·t ± z·√(v·t) is concave
// (convex), so its extreme lies at an end of the interval or where its
// derivative vanishes, t* = z²·v/(4a²).
func constLogBand(a, v, horizon float64, shocks []PriceShock) logBand {
	var b logBand
	cuts := shockTimes(shocks, horizon)
	start, shift := 0.0, 0.0
	for i := 0; i <= len(cuts); i++ {
		end := horizon
		if i < len(cuts) {
			end = cuts[i]
		}
		ts := []float64{start, end}
		if a != 0 {
			if t := LimitSD * LimitSD * v / (4 * a * a); t > start && t < end {
				ts = append(ts, t)
			}
		}
		for _, t := range ts {
			d, sd := a*t+shift, LimitSD*math.Sqrt(v*t)
			b.widen(d+sd, d-sd, t)
		}
		if i < len(cuts) {
			shift += shockAt(shocks, cuts[i])
			start = cuts[i]
		}
	}
	return b
}

// shockTimes returns the distinct times of the shocks inside (0, horizon],
// in increasing order.
func shockTimes(shocks []PriceShock, horizon float64) []float64 {
	var ts []float64
	for _, s := range shocks {
		if s.TimeYears > 0 && s.TimeYears <= horizon && !slices.Contains(ts, s.TimeYears) {
			ts = append(ts, s.TimeYears)
		}
	}
	slices.Sort(ts)
	return ts
}

// shockAt returns the summed log size of the shocks at time t.
func shockAt(shocks []PriceShock, t float64) float64 {
	var s float64
	for _, sh := range shocks {
		if sh.TimeYears == t {
			s += sh.LogSize
		}
	}
	return s
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
// off-diagonal rates) started in start. Its mean and variance are exact at
// the grid times (regimeMoments); between them the shocks are counted at
// their most extreme partial sums, so the band covers every time.
func regimeLogBand(q [][]float64, start int, a, v []float64, horizon float64, shocks []PriceShock) logBand {
	mean, variance := regimeMoments(q, start, a, v, horizon, regimeGridSteps)
	h := horizon / regimeGridSteps
	sorted := slices.Clone(shocks)
	slices.SortStableFunc(sorted, func(x, y PriceShock) int { return cmp.Compare(x.TimeYears, y.TimeYears) })
	var b logBand
	shift, prev := 0.0, 0.0
	for k := range mean {
		t := float64(k) * h
		if k == regimeGridSteps {
			t = horizon
		}
		hiShift, loShift := shift, shift
		for _, sh := range sorted { // the shocks in (prev, t], in time order
			if sh.TimeYears > prev && sh.TimeYears <= t {
				shift += sh.LogSize
				hiShift, loShift = math.Max(hiShift, shift), math.Min(loShift, shift)
			}
		}
		prev = t
		sd := LimitSD * math.Sqrt(variance[k])
		b.widen(mean[k]+sd+hiShift, mean[k]-sd+loShift, t)
	}
	return b
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
