// Command calibrate fits pivotrisk's market processes to your own daily
// bitcoin history and writes a scenario that uses them.
//
//	go run ./examples/calibrate -history btc.csv -from 2022-01-01 -to 2025-09-26 \
//	    -out calibrated.json -json fits.json -html fits.html -samples days.parquet \
//	    [-price best|gbm|merton|regime] [-base scenario.json] [-fit-drift]
//
// It reads a CSV in Coin Metrics' community layout (time, PriceUSD,
// HashRate, BlkCnt, FeeTotNtv, IssTotNtv, ...; see calib.ReadHistory) or a
// plain date,price file, fits GBM, Merton's jump-diffusion and a two-regime
// GBM to the window's daily log returns, the network hashrate's
// error-correction model and the fee process (calib.Calibrate), and prints a
// table of every fit: parameters ± standard errors, log-likelihood, AIC and
// BIC, and which parameters sit at a bound of their fit (a Merton jump no
// wider than three daily diffusion standard deviations, a regime shorter
// than 20 days: see calib.FitMerton and calib.FitRegimeGBM). With -out it
// writes the base scenario (the default one, or -base, loaded strictly by
// model.LoadScenarioFile) with the fitted processes in its market: the
// price model -price selects (default: the lowest BIC of the fits within
// their bounds), the network and the fees, and a description that says
// so. The price drift stays the base scenario's view (the default's 0.04 a
// year) unless -fit-drift asks for the window's fitted drift, history's
// average rather than a forecast. With -json it writes
// the fit table as a JSON array, one entry per model: {"model", "params":
// {name: {"value", "stderr"}}, "logLik", "aic", "bic", ...}, the parameter
// names being the scenario's JSON field names. With -html it writes the
// same table as a self-contained HTML page (report.Page) with its
// provenance: the history file and its SHA-256, the window, the base
// scenario, each fit's parameters ± standard errors and bound flags, the
// price model chosen and the drift the scenario holds. With -samples
// (.csv or .parquet) it writes one row per daily log return the price
// models were fitted to, with what each fit makes of that day: the GBM's
// standardized residual, the Merton fit's probability that the day held a
// jump, the regime fit's probability that the day was in the volatile
// regime (smoothed and filtered). calibrate simulates no paths, so these
// days are its samples: they show what the fit table cannot, where the
// tails and volatility clusters a GBM misses lie, which days the jumps
// were, and when the regimes switched.
//
// The history file may be at most 64 MiB (calib.MaxHistoryBytes). The
// window defaults to the four years up to the history's last day; the
// network fit also reads the prices before -from to warm up its price
// smoothing. The outputs are checked before anything is read (a -out or
// -json that is a directory, a link or a device, or sits in a missing
// directory, is refused at once) and written as one set (report.FileSet):
// both files, or after an error, Ctrl-C or SIGTERM, neither, the previous
// ones left as they were. Ctrl-C stops any phase at once (exit 130;
// SIGTERM 143).
//
// The project ships no market data. Coin Metrics' community data are on
// GitHub, repository coinmetrics/data, file csv/btc.csv, under CC BY-NC 4.0.
//
// Exit status: 0 on success, 2 for a usage error (a bad flag, date or
// price model, or no -history), 1 when the file cannot be read or parsed, a
// fit fails, the scenario is not valid, or an output cannot be written.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pivotrisk/pivotrisk/calib"
	"github.com/pivotrisk/pivotrisk/internal/cli"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
)

func main() {
	os.Exit(cli.Main(run))
}

// noHistory explains where a history file comes from.
const noHistory = `calibrate: no -history file given.

calibrate fits the scenario's market processes to your own daily bitcoin
history. The project ships no data. A suitable file is Coin Metrics'
community data: on GitHub, repository coinmetrics/data, file csv/btc.csv
(licensed CC BY-NC 4.0 by Coin Metrics, which is why pivotrisk does not
include it). Download that file and run, for example,

  go run ./examples/calibrate -history btc.csv -from 2022-01-01 -to 2025-09-26 \
      -out calibrated.json -json fits.json

A plain CSV with a date,price header works too (it calibrates the price
models only). Run with -h for every flag.
`

// defaultWindowYears is the length of the default window, up to -to.
const defaultWindowYears = 4

// config is what the command line asks for.
type config struct {
	history, out, jsonOut, htmlOut, samples, base string
	from, to                                      time.Time
	choose                                        calib.PriceModelChoice
	fitDrift                                      bool
}

// run is the program: it parses args, checks the outputs, writes the table
// to stdout and problems to stderr (one line each), and returns the exit
// status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, code := parseArgs(args, stderr)
	if cfg == nil {
		return code
	}
	var out report.FileSet
	if err := out.Check(cfg.outputs()...); err != nil {
		return fail(stderr, err)
	}
	defer out.Abort()
	c, base, h, err := fit(ctx, cfg)
	if err != nil {
		return failRun(ctx, stderr, err)
	}
	if err := c.WriteTable(stdout, cfg.choose); err != nil {
		return fail(stderr, err)
	}
	if cfg.jsonOut != "" {
		table, err := c.Table(cfg.choose)
		if err == nil {
			err = stageJSON(&out, cfg.jsonOut, table)
		}
		if err != nil {
			return fail(stderr, err)
		}
	}
	if cfg.htmlOut != "" {
		if err := stageHTML(ctx, &out, c, base, cfg); err != nil {
			return failRun(ctx, stderr, err)
		}
	}
	if cfg.samples != "" {
		if err := stageSamples(ctx, &out, cfg.samples, h, c); err != nil {
			return failRun(ctx, stderr, err)
		}
	}
	var wrote string
	if cfg.out != "" {
		if wrote, err = stageScenario(&out, c, base, cfg); err != nil {
			return fail(stderr, err)
		}
	}
	if err := out.Commit(ctx); err != nil {
		return failRun(ctx, stderr, err)
	}
	fmt.Fprint(stdout, wrote)
	return 0
}

// outputs returns the files the command line asks for.
func (cfg *config) outputs() []string {
	var paths []string
	for _, p := range []string{cfg.jsonOut, cfg.htmlOut, cfg.samples, cfg.out} {
		if p != "" {
			paths = append(paths, p)
		}
	}
	return paths
}

// fit reads the base scenario and the history and fits the window, each
// phase stopping at once when ctx is cancelled; it returns the fits, the
// base scenario and the history.
func fit(ctx context.Context, cfg *config) (*calib.Calibration, model.Scenario, *calib.History, error) {
	base := model.DefaultScenario()
	if cfg.base != "" {
		// The strict loader: unknown or repeated fields, nulls and
		// wrong types are errors with their line and column.
		b, err := cli.Do(ctx, "base", func() (model.Scenario, error) { return model.LoadScenarioFile(cfg.base) })
		if err != nil {
			return nil, base, nil, err
		}
		base = b
	}
	h, err := cli.Do(ctx, "history", func() (*calib.History, error) { return calib.ReadHistoryFile(cfg.history) })
	if err != nil {
		return nil, base, nil, err
	}
	to, from := cfg.to, cfg.from
	if to.IsZero() {
		to = h.Dates[h.Len()-1]
	}
	if from.IsZero() {
		from = to.AddDate(-defaultWindowYears, 0, 1)
	}
	c, err := cli.Do(ctx, "fit", func() (*calib.Calibration, error) { return calib.Calibrate(h, from, to, nil) })
	return c, base, h, err
}

// stageScenario stages the calibrated scenario for cfg.out and returns
// what to print once it is written: its name and the drift it holds.
func stageScenario(out *report.FileSet, c *calib.Calibration, base model.Scenario, cfg *config) (string, error) {
	opts := &calib.ScenarioOptions{FitDrift: cfg.fitDrift}
	sc, err := c.Scenario(base, cfg.choose, opts)
	if err != nil {
		return "", fmt.Errorf("%w (-price picks another price model)", err)
	}
	drift, err := c.DriftNote(base.Market.BTCPrice, cfg.choose, *opts)
	if err != nil {
		return "", err
	}
	if err := stageJSON(out, cfg.out, sc); err != nil {
		return "", err
	}
	if !cfg.fitDrift {
		drift += "; -fit-drift puts the fitted drift in instead"
	}
	return fmt.Sprintf("\nwrote the scenario %q to %s\n%s\n", sc.Name, cfg.out, drift), nil
}

// stageHTML stages the -html page of c: the history file is hashed and
// the page drawn in phases that Ctrl-C stops at once.
func stageHTML(ctx context.Context, out *report.FileSet, c *calib.Calibration, base model.Scenario, cfg *config) error {
	type hashed struct {
		sum  string
		size int64
	}
	h, err := cli.Do(ctx, "hash", func() (hashed, error) {
		sum, size, err := fileHash(cfg.history)
		return hashed{sum, size}, err
	})
	if err != nil {
		return err
	}
	page, err := htmlPage(c, base, cfg, h.sum, h.size)
	if err != nil {
		return err
	}
	return out.Write(cfg.htmlOut, func(w io.Writer) error { return page.WriteHTML(ctx, w) })
}

// parseArgs reads the command line. It returns nil and the exit status
// when the program should stop (help, or a usage error already reported).
func parseArgs(args []string, stderr io.Writer) (*config, int) {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var cfg config
	fs.StringVar(&cfg.history, "history", "", "daily history CSV (Coin Metrics csv/btc.csv layout, or date,price; at most 64 MiB)")
	fromS := fs.String("from", "", "first day of the window, 2006-01-02 (default: four years before -to)")
	toS := fs.String("to", "", "last day of the window, 2006-01-02 (default: the history's last day)")
	fs.StringVar(&cfg.out, "out", "", "write the calibrated scenario JSON to this file")
	fs.StringVar(&cfg.jsonOut, "json", "", "write the fit table JSON to this file")
	fs.StringVar(&cfg.samples, "samples", "", "write one row per daily log return of the window, with the GBM's standardized residual,\nthe Merton fit's jump probability and the regime fit's volatile-regime probability, to this\nfile: .csv or .parquet (calibrate simulates no paths: these days are its samples)")
	fs.StringVar(&cfg.htmlOut, "html", "", "write the fit table as a self-contained HTML page (provenance, every fit ± standard errors,\nbound flags, the chosen model and the drift note) to this file")
	priceS := fs.String("price", "best", "price model for the scenario: best (lowest BIC of the fits within their bounds), gbm, merton or regime")
	fs.StringVar(&cfg.base, "base", "", "base scenario JSON whose market the fits replace (default: the library's default scenario)")
	fs.BoolVar(&cfg.fitDrift, "fit-drift", false, "put the window's fitted price drift into the scenario (default: keep the base scenario's drift view)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "usage: calibrate -history FILE [-from DATE] [-to DATE] [-out FILE] [-json FILE] [-html FILE] [-samples FILE] [-price best|gbm|merton|regime] [-base FILE] [-fit-drift]")
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			return nil, 0
		}
		return nil, usageErr(stderr, err.Error())
	}
	if fs.NArg() > 0 {
		return nil, usageErr(stderr, fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	if cfg.history == "" {
		fmt.Fprint(stderr, noHistory)
		return nil, 2
	}
	var err error
	if cfg.from, err = parseDate("-from", *fromS); err != nil {
		return nil, usageErr(stderr, err.Error())
	}
	if cfg.to, err = parseDate("-to", *toS); err != nil {
		return nil, usageErr(stderr, err.Error())
	}
	if !cfg.from.IsZero() && !cfg.to.IsZero() && cfg.to.Before(cfg.from) {
		return nil, usageErr(stderr, fmt.Sprintf("-to %s is before -from %s", *toS, *fromS))
	}
	if ext := strings.ToLower(filepath.Ext(cfg.samples)); cfg.samples != "" && ext != ".csv" && ext != ".parquet" {
		return nil, usageErr(stderr, fmt.Sprintf("-samples %s: must end in .csv or .parquet", cfg.samples))
	}
	if cfg.choose, err = calib.ParsePriceModelChoice(*priceS); err != nil {
		return nil, usageErr(stderr, fmt.Sprintf("-price %q: want best, gbm, merton or regime", *priceS))
	}
	return &cfg, 0
}

// usageErr reports a usage error and returns status 2.
func usageErr(stderr io.Writer, msg string) int {
	// A line break echoed from an argument is written escaped, so the
	// problem stays on one line.
	msg = strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(msg)
	fmt.Fprintf(stderr, "calibrate: %s (run with -h for usage)\n", msg)
	return 2
}

// failRun reports a phase's error: an interruption (ctx cancelled) with
// the exit code of cli.InterruptCode (130 for Ctrl-C, 143 for SIGTERM),
// anything else as fail does.
func failRun(ctx context.Context, stderr io.Writer, err error) int {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		fmt.Fprintln(stderr, "calibrate: interrupted: stopped before the end, nothing written")
		return cli.InterruptCode(ctx)
	}
	return fail(stderr, err)
}

// fail reports err on one line and returns status 1.
func fail(stderr io.Writer, err error) int {
	msg := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "; ")
	fmt.Fprintf(stderr, "calibrate: %s\n", msg)
	return 1
}

// parseDate reads a flag's date; the empty string is the zero time.
func parseDate(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want a date like 2022-01-01", flagName, s)
	}
	return d, nil
}

// stageJSON stages v as indented JSON at path in out.
func stageJSON(out *report.FileSet, path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	b = append(b, '\n')
	return out.Write(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
