package calib

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// simFeeHistory returns days+1 daily rows of fees per block that follow the
// scenario's fee process exactly (dist.ExpOU, the process the market
// steps), started at its level, with 144 blocks a day.
func simFeeHistory(t testing.TB, p market.FeeParams, days int, seed uint64) *History {
	t.Helper()
	e, err := p.Process()
	require.NoError(t, err)
	r := dist.New(seed, 0)
	h := &History{
		Dates:    make([]time.Time, days+1),
		PriceUSD: make([]float64, days+1),
		Blocks:   make([]float64, days+1),
		FeesBTC:  make([]float64, days+1),
	}
	x := p.LevelBTC
	for j := 0; j <= days; j++ {
		if j > 0 {
			x = e.Step(x, dt, r.Norm(), r)
		}
		h.Dates[j] = simStart.AddDate(0, 0, j)
		h.PriceUSD[j] = 1
		h.Blocks[j] = 144
		h.FeesBTC[j] = x * 144
	}
	return h
}

// feeTheta returns the working parameters of the given annual parameters
// (inverse of feeLik.natural).
func feeTheta(q *feeLik, level, kappa, sigma, lambda, m, s float64) []float64 {
	kdt := kappa * dt
	v := sigma * sigma * -math.Expm1(-2*kdt) / (2 * kappa)
	l := lambda * dt
	sc := q.mix.scale
	return []float64{math.Log(level), math.Log(kdt), math.Log(math.Sqrt(v) / sc),
		math.Log(l / (mertonMaxJumpsPerDay - l)), m, math.Log(s / sc)}
}

func testFeeLik(t *testing.T) *feeLik {
	t.Helper()
	h := simFeeHistory(t, market.DefaultFeeParams(), 400, 1)
	x := make([]float64, h.Len())
	for i := range x {
		x[i] = math.Log(h.FeesBTC[i] / h.Blocks[i])
	}
	q, err := newFeeLik(x)
	require.NoError(t, err)
	return q
}

func TestFeeNaturalRoundTrip(t *testing.T) {
	q := testFeeLik(t)
	want := []float64{0.04, 3, 1.2, 5, 0.7, 0.4}
	got := make([]float64, 6)
	q.natural(got, feeTheta(q, want[0], want[1], want[2], want[3], want[4], want[5]))
	for i := range want {
		mctest.WithinRel(t, fmt.Sprintf("natural[%d]", i), got[i], want[i], 1e-12)
	}
}

// TestFeeLogLik compares the likelihood with an independent evaluation:
// the AR(1) innovation of each day under a Poisson mixture of normals
// built from gonum's distributions, summed to 20 jumps a day.
func TestFeeLogLik(t *testing.T) {
	q := testFeeLik(t)
	const level, kappa, sigma, lambda, m, s = 0.03, 4.0, 1.5, 30.0, 0.5, 0.6
	theta := feeTheta(q, level, kappa, sigma, lambda, m, s)
	b := math.Exp(-kappa * dt)
	v := sigma * sigma * (1 - b*b) / (2 * kappa)
	pois := distuv.Poisson{Lambda: lambda * dt}
	var ll float64
	for i := 0; i+1 < len(q.x); i++ {
		r := q.x[i+1] - (1-b)*math.Log(level) - b*q.x[i]
		var f float64
		for k := 0; k <= 20; k++ {
			fk := float64(k)
			f += pois.Prob(fk) * distuv.Normal{Mu: fk * m, Sigma: math.Sqrt(v + fk*s*s)}.Prob(r)
		}
		ll += math.Log(f)
	}
	mctest.WithinRel(t, "log-likelihood", -q.nll(theta)*float64(len(q.x)-1), ll, 1e-11)
	per := make([]float64, len(q.x)-1)
	q.perObs(per, theta)
	var sum float64
	for _, v := range per {
		sum += v
	}
	mctest.WithinRel(t, "per-day sum", sum, ll, 1e-11)
}

func TestFeeGradient(t *testing.T) {
	q := testFeeLik(t)
	for _, theta := range [][]float64{
		feeTheta(q, 0.03, 4, 1.5, 30, 0.5, 0.6),
		feeTheta(q, 0.05, 0.5, 0.8, 2, -0.3, 0.2),
	} {
		got := make([]float64, 6)
		q.grad(got, theta)
		want := make([]float64, 6)
		fd.Gradient(want, q.nll, theta, &fd.Settings{Formula: fd.Central, Step: 1e-6})
		for i := range want {
			mctest.WithinAbs(t, fmt.Sprintf("gradient[%d]", i), got[i], want[i], 1e-7)
		}
	}
}

// TestFitFeesRecovery simulates the default fee process daily for 12
// years and fits it back: every parameter within recoveryK reported
// standard errors, honest z-scores over seeds.
func TestFitFeesRecovery(t *testing.T) {
	p := market.DefaultFeeParams()
	p.FloorBTC = 0 // the fit has no floor
	p.JumpsPerYear = 4
	const (
		days  = 12 * 365
		seeds = 8
	)
	truth := map[string]float64{
		ParamFeeLevel: p.LevelBTC, ParamFeeSpeed: p.SpeedPerYear, ParamFeeVol: p.VolPerYear,
		ParamFeeJumps: p.JumpsPerYear, ParamFeeJumpMean: p.JumpMeanLog, ParamFeeJumpSD: p.JumpSDLog,
	}
	z := zScores{}
	for seed := uint64(1); seed <= seeds; seed++ {
		h := simFeeHistory(t, p, days, 300+seed)
		f, err := FitFees(h, time.Time{}, time.Time{})
		require.NoError(t, err)
		assert.Equal(t, StdErrHessian, f.StdErrMethod, "seed %d: %v", seed, f.Warnings)
		checkRecovery(t, fmt.Sprintf("seed %d", seed), &f.Fit, truth, z)
		for i, v := range []float64{f.LevelBTC, f.SpeedPerYear, f.VolPerYear, f.JumpsPerYear, f.JumpMeanLog, f.JumpSDLog} {
			assert.Equal(t, f.Params[i].Value, v)
		}
		b := math.Exp(-f.SpeedPerYear * dt)
		mctest.WithinRel(t, "speed bias", f.SpeedBiasPerYear, (1+3*b)/(float64(days)*b*dt), 1e-12)
		fp := f.FeeParams(0.001)
		require.NoError(t, fp.Validate())
		assert.Equal(t, 0.001, fp.FloorBTC)
		assert.Equal(t, f.SpeedPerYear, fp.SpeedPerYear)
	}
	checkHonest(t, z)
}

// TestFitFeesErrors: unusable fee data are errors naming the problem.
func TestFitFeesErrors(t *testing.T) {
	base := simFeeHistory(t, market.DefaultFeeParams(), 200, 2)
	clone := func() *History {
		w, err := base.Window(base.Dates[0], base.Dates[base.Len()-1])
		require.NoError(t, err)
		return w
	}
	cases := []struct {
		name string
		h    func() *History
		want string
	}{
		{"no fee column", func() *History { h := clone(); h.FeesBTC = nil; return h }, "the history has no fee column (FeeTotNtv)"},
		{"no block column", func() *History { h := clone(); h.Blocks = nil; return h }, "BlkCnt"},
		{"zero fees", func() *History { h := clone(); h.FeesBTC[50] = 0; return h }, "no positive fees on 2001-02-20"},
		{"no blocks", func() *History { h := clone(); h.Blocks[50] = 0; return h }, "no blocks on 2001-02-20"},
		{"gap", func() *History {
			h := clone()
			for i := 50; i < h.Len(); i++ {
				h.Dates[i] = h.Dates[i].AddDate(0, 0, 2)
			}
			return h
		}, "gap in the history: 2001-02-22 follows 2001-02-19"},
		{"too short", func() *History {
			h, err := base.Window(base.Dates[0], base.Dates[40])
			require.NoError(t, err)
			return h
		}, "need at least 60 days, have 41"},
		{"constant fees", func() *History {
			h := clone()
			for i := range h.FeesBTC {
				h.FeesBTC[i] = 7
			}
			return h
		}, "never change"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FitFees(tc.h(), time.Time{}, time.Time{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "calib: "), err.Error())
		})
	}
}
