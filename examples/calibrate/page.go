package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pivotrisk/pivotrisk/calib"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
)

// fileHash returns "sha256:" and the hexadecimal SHA-256 of the file at
// path and its size in bytes, reading at most calib.MaxHistoryBytes+1
// bytes (a longer file was refused by the reader).
func fileHash(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, calib.MaxHistoryBytes+1))
	if err != nil {
		return "", 0, fmt.Errorf("%s: %w", path, err)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), n, nil
}

// htmlPage returns the -html page of the calibration c for cfg: the
// provenance (history file and its SHA-256, window, base scenario, the
// price model asked for, versions), the table of every fit, each fit's
// parameters with standard errors and bound flags, the chosen price model
// and the drift the scenario holds, and the fits that failed.
func htmlPage(c *calib.Calibration, base model.Scenario, cfg *config, hash string, size int64) (report.Page, error) {
	entries, err := c.Table(cfg.choose)
	if err != nil {
		return report.Page{}, err
	}
	priceNote, err := c.PriceNote(cfg.choose)
	if err != nil {
		return report.Page{}, err
	}
	opts := calib.ScenarioOptions{FitDrift: cfg.fitDrift}
	driftNote, err := c.DriftNote(base.Market.BTCPrice, cfg.choose, opts)
	if err != nil {
		return report.Page{}, err
	}
	window := day(c.From) + ".." + day(c.To)
	page := report.Page{Title: "pivotrisk calibration \u2014 " + window, Facts: calibFacts(c, base, cfg, hash, size)}
	fits := fitsByModel(c)
	summary := report.HTMLTable{ID: "fit-table", Header: []string{"model", "in scenario", "N", "k", "log-likelihood", "AIC", "BIC", "standard errors", "at a bound"}}
	for _, e := range entries {
		k := ""
		if f := fits[e.Model]; f != nil {
			k = strconv.Itoa(f.K())
		}
		summary.Rows = append(summary.Rows, []string{e.Model, map[bool]string{true: "yes", false: ""}[e.InScenario], strconv.Itoa(e.N), k,
			fixed(e.LogLik, 2), fixed(e.AIC, 2), fixed(e.BIC, 2), e.StdErrMethod, strings.Join(e.AtBound, ", ")})
	}
	page.Sections = append(page.Sections, report.Section{ID: "fits", Heading: "Every fit",
		Text: []string{"AIC = 2k − 2·log-likelihood and BIC = k·ln N − 2·log-likelihood, lower is better; they compare only the price models (gbm, merton, regime), which are fitted to the same daily log returns. \u201cIn scenario\u201d marks the models the calibrated scenario holds.",
			priceNote},
		Tables: []report.HTMLTable{summary}})
	for _, e := range entries {
		page.Sections = append(page.Sections, fitSection(e, fits[e.Model]))
	}
	drift := driftNote
	if !cfg.fitDrift {
		drift += "; -fit-drift puts the fitted drift in instead"
	}
	page.Sections = append(page.Sections, report.Section{ID: "scenario", Heading: "Into the scenario",
		Text: []string{priceNote, drift + ".", "The network and fee fits replace the base scenario's market.network and market.fees; the rest of the scenario is the base's."}})
	if failed := failures(c); len(failed) > 0 {
		page.Sections = append(page.Sections, report.Section{ID: "failed", Heading: "Fits that failed", Text: failed})
	}
	return page, nil
}

// calibFacts returns the page's provenance lines.
func calibFacts(c *calib.Calibration, base model.Scenario, cfg *config, hash string, size int64) []report.Fact {
	days := int(c.To.Sub(c.From).Hours()/24) + 1
	baseName := "the library's default scenario"
	if cfg.base != "" {
		baseName = fmt.Sprintf("%s (%q)", cfg.base, base.Name)
	}
	return []report.Fact{
		{Label: "history file", Value: cfg.history},
		{Label: "history SHA-256", Value: fmt.Sprintf("%s (%d bytes)", hash, size)},
		{Label: "window", Value: fmt.Sprintf("%s..%s, %d days", day(c.From), day(c.To), days)},
		{Label: "base scenario", Value: baseName},
		{Label: "price model asked for", Value: string(cfg.choose)},
		{Label: "price drift", Value: map[bool]string{true: "fitted (-fit-drift)", false: "the base scenario's view"}[cfg.fitDrift]},
		{Label: "library", Value: libraryVersion()},
		{Label: "Go", Value: fmt.Sprintf("%s %s/%s", runtime.Version(), runtime.GOOS, runtime.GOARCH)},
	}
}

// fitSection returns the section of one fit: its parameters in the fit's
// order with standard errors, the inputs it held fixed, and its warnings.
func fitSection(e calib.TableEntry, f *calib.Fit) report.Section {
	t := report.HTMLTable{ID: "params-" + e.Model, Header: []string{"parameter", "value", "standard error", "note"}}
	var names []string
	if f != nil {
		for _, p := range append(slices.Clone(f.Params), f.Fixed...) {
			names = append(names, p.Name)
		}
	} else {
		names = slices.Sorted(maps.Keys(e.Params))
	}
	for _, n := range names {
		p := e.Params[n]
		se, note := "", ""
		switch {
		case p.AtBound:
			note = "at its bound: the bound, not the data, sets it"
		case math.IsNaN(p.StdErr):
			note = "held fixed or not estimated"
		default:
			se = strconv.FormatFloat(p.StdErr, 'g', 3, 64)
		}
		t.Rows = append(t.Rows, []string{n, strconv.FormatFloat(p.Value, 'g', 6, 64), se, note})
	}
	text := []string{fmt.Sprintf("Into %s; %d observations; standard errors: %s.", e.ScenarioPath, e.N, e.StdErrMethod)}
	for _, w := range e.Warnings {
		text = append(text, "Warning: "+w)
	}
	return report.Section{ID: "fit-" + e.Model, Heading: e.Model + " \u2192 " + e.ScenarioPath, Text: text, Tables: []report.HTMLTable{t}}
}

// fitsByModel returns c's successful fits by model name.
func fitsByModel(c *calib.Calibration) map[string]*calib.Fit {
	out := map[string]*calib.Fit{}
	if c.Price != nil {
		for _, f := range c.Price.Fits() {
			out[f.Model] = f
		}
	}
	if c.Network != nil {
		out[c.Network.Model] = &c.Network.Fit
	}
	if c.Fees != nil {
		out[c.Fees.Model] = &c.Fees.Fit
	}
	return out
}

// failures returns a line per fit that failed, with its error.
func failures(c *calib.Calibration) []string {
	var out []string
	if c.Price != nil {
		for _, m := range slices.Sorted(maps.Keys(c.Price.Errors)) {
			out = append(out, fmt.Sprintf("%s not fitted: %s", m, c.Price.Errors[m]))
		}
	}
	for _, m := range slices.Sorted(maps.Keys(c.Errors)) {
		out = append(out, fmt.Sprintf("%s not fitted (the scenario keeps its base parameters): %s", m, c.Errors[m]))
	}
	return out
}

// fixed formats v with prec decimals.
func fixed(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

// day formats a date as 2006-01-02.
func day(t time.Time) string { return t.Format(time.DateOnly) }

// libraryVersion returns this program's module version, or its VCS
// revision ("-dirty" if modified) when built from a checkout, or "devel".
func libraryVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	switch {
	case rev == "":
		return "devel"
	case dirty:
		return rev + "-dirty"
	}
	return rev
}
