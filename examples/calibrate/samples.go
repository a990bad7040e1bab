package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/pivotrisk/pivotrisk/calib"
	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/report/parquetout"
)

// dayYears is the span of one daily return in years, the price fits'
// dt (calib.DaysPerYear).
const dayYears = 1.0 / calib.DaysPerYear

// dailyTable returns what -samples writes: one row per daily log return
// of the window, the returns the price models were fitted to, with what
// each fit makes of it:
//
//   - date: the day the return ends on; price_usd: that day's price;
//     log_return: ln(P_t/P_{t−1});
//   - gbm_z: the return standardized under the GBM fit, (r − m)/s with
//     m = (μ − σ²/2)·dt and s = σ·√dt, the fit's mean and standard
//     deviation of a daily log return (maximum likelihood makes their
//     mean 0 and mean square 1: the tails and clusters a GBM misses show
//     in them);
//   - merton_jump_prob: the probability that the day held at least one
//     jump given its return, under the Merton fit (mertonPosterior);
//   - regime_volatile_prob and regime_volatile_prob_filtered: the
//     probability that the day was in the more volatile regime given all
//     returns (Kim's smoother) and given the returns up to that day
//     (Hamilton's filter), under the regime fit.
//
// A column whose fit failed is missing (NaN). It returns an error if the
// window's returns are not the ones the fits were made on.
func dailyTable(h *calib.History, c *calib.Calibration) (*report.Samples, error) {
	w, err := h.Window(c.From, c.To)
	if err != nil {
		return nil, err
	}
	r, err := w.LogReturns()
	if err != nil {
		return nil, err
	}
	n := len(r)
	if c.Price == nil || c.Price.GBM == nil || c.Price.GBM.N != n {
		return nil, fmt.Errorf("calibrate: -samples: the window has %d daily returns, not those of the price fits", n)
	}
	cols := map[string][]float64{}
	for _, name := range []string{"gbm_z", "merton_jump_prob", "regime_volatile_prob", "regime_volatile_prob_filtered"} {
		cols[name] = nanSlice(n)
	}
	g := c.Price.GBM
	m, s := g.LogDriftPerYear*dayYears, g.VolPerYear*math.Sqrt(dayYears)
	var post []float64
	for i, x := range r {
		cols["gbm_z"][i] = (x - m) / s
		if f := c.Price.Merton; f != nil {
			post = mertonPosterior(f, x, post)
			cols["merton_jump_prob"][i] = 1 - post[0]
		}
		if f := c.Price.Regime; f != nil && len(f.Smoothed) == n && len(f.Filtered) == n {
			cols["regime_volatile_prob"][i] = f.Smoothed[i][1]
			cols["regime_volatile_prob_filtered"][i] = f.Filtered[i][1]
		}
	}
	return &report.Samples{Columns: []report.SampleColumn{
		{Name: "date", Dates: append([]time.Time(nil), w.Dates[1:]...)},
		{Name: "price_usd", Unit: "USD", Values: append([]float64(nil), w.PriceUSD[1:]...)},
		{Name: "log_return", Unit: "log per day", Values: r},
		{Name: "gbm_z", Unit: "standard deviations", Values: cols["gbm_z"]},
		{Name: "merton_jump_prob", Unit: "probability", Values: cols["merton_jump_prob"]},
		{Name: "regime_volatile_prob", Unit: "probability", Values: cols["regime_volatile_prob"]},
		{Name: "regime_volatile_prob_filtered", Unit: "probability", Values: cols["regime_volatile_prob_filtered"]},
	}}, nil
}

// mertonPosterior returns in post (reused if large enough) the
// probabilities that a day with log return r held k = 0, 1, …, K jumps
// under the Merton fit f (K = f.MaxJumpsPerDay, the fit's truncation):
// by Bayes' rule over the fit's Poisson mixture of normals,
//
//	P(k | r) ∝ e^{−l}·l^k/k! · φ(r; m + k·a, v + k·b²),
//	l = λ·dt, v = σ²·dt, m = (μ − σ²/2 − λ·(e^{a+b²/2} − 1))·dt,
//
// the density calib.FitMerton maximizes (dt = 1/365).
func mertonPosterior(f *calib.MertonFit, r float64, post []float64) []float64 {
	K := max(f.MaxJumpsPerDay, 1)
	post = append(post[:0], make([]float64, K+1)...)
	l := f.JumpsPerYear * dayYears
	v := f.VolPerYear * f.VolPerYear * dayYears
	c := f.JumpSDLog * f.JumpSDLog
	kappa := math.Expm1(f.JumpMeanLog + c/2)
	m := (f.DriftPerYear - f.VolPerYear*f.VolPerYear/2 - f.JumpsPerYear*kappa) * dayYears
	top := math.Inf(-1)
	for k := range post {
		fk := float64(k)
		lg, _ := math.Lgamma(fk + 1)
		vk := v + fk*c
		d := r - m - fk*f.JumpMeanLog
		post[k] = -l + fk*math.Log(l) - lg - 0.5*math.Log(2*math.Pi*vk) - 0.5*d*d/vk
		top = max(top, post[k])
	}
	var sum float64
	for k := range post {
		post[k] = math.Exp(post[k] - top)
		sum += post[k]
	}
	for k := range post {
		post[k] /= sum
	}
	return post
}

// stageSamples stages the -samples table of c's window of h at path, as
// Parquet if path ends in .parquet, else as CSV, built and encoded in
// phases that Ctrl-C stops at once.
func stageSamples(ctx context.Context, out *report.FileSet, path string, h *calib.History, c *calib.Calibration) error {
	t, err := cli.Do(ctx, "samples", func() (*report.Samples, error) { return dailyTable(h, c) })
	if err != nil {
		return err
	}
	write := t.WriteCSV
	if strings.EqualFold(filepath.Ext(path), ".parquet") {
		write = func(w io.Writer) error { return parquetout.Write(w, t) }
	}
	b, err := cli.Do(ctx, "samples", func() ([]byte, error) {
		var buf bytes.Buffer
		err := write(&buf)
		return buf.Bytes(), err
	})
	if err != nil {
		return err
	}
	return out.Write(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// nanSlice returns n NaNs.
func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}
