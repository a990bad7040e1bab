// Command calibrate fits pivotrisk's market processes to your own daily
// bitcoin history and writes a scenario that uses them.
//
//	go run ./examples/calibrate -history btc.csv -from 2022-01-01 -to 2025-09-26 \
//	    -out calibrated.json -json fits.json [-price best|gbm|merton|regime] [-base scenario.json]
//
// It reads a CSV in Coin Metrics' community layout (time, PriceUSD,
// HashRate, BlkCnt, FeeTotNtv, IssTotNtv, ...; see calib.ReadHistory) or a
// plain date,price file, fits GBM, Merton's jump-diffusion and a two-regime
// GBM to the window's daily log returns, the network hashrate's
// error-correction model and the fee process (calib.Calibrate), and prints a
// table of every fit: parameters ± standard errors, log-likelihood, AIC and
// BIC. With -out it writes the base scenario (the default one, or -base)
// with the fitted processes in its market: the price model -price selects
// (default: the lowest BIC), the network and the fees. With -json it writes
// the fit table as a JSON array, one entry per model: {"model", "params":
// {name: {"value", "stderr"}}, "logLik", "aic", "bic", ...}, the parameter
// names being the scenario's JSON field names.
//
// The window defaults to the four years up to the history's last day; the
// network fit also reads the prices before -from to warm up its price
// smoothing. Files are written whole or not at all (a temporary file
// renamed into place).
//
// The project ships no market data. Coin Metrics' community data are on
// GitHub, repository coinmetrics/data, file csv/btc.csv, under CC BY-NC 4.0.
//
// Exit status: 0 on success, 2 for a usage error (a bad flag, date or
// price model, or no -history), 1 when the file cannot be read or parsed, a
// fit fails, the scenario is not valid, or an output cannot be written.
package main

import (
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
	"github.com/pivotrisk/pivotrisk/model"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
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

// run is the program: it parses args, writes the table to stdout and
// problems to stderr (one line each), and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		history = fs.String("history", "", "daily history CSV (Coin Metrics csv/btc.csv layout, or date,price)")
		fromS   = fs.String("from", "", "first day of the window, 2006-01-02 (default: four years before -to)")
		toS     = fs.String("to", "", "last day of the window, 2006-01-02 (default: the history's last day)")
		out     = fs.String("out", "", "write the calibrated scenario JSON to this file")
		jsonOut = fs.String("json", "", "write the fit table JSON to this file")
		priceS  = fs.String("price", "best", "price model for the scenario: best (lowest BIC), gbm, merton or regime")
		baseS   = fs.String("base", "", "base scenario JSON whose market the fits replace (default: the library's default scenario)")
	)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "usage: calibrate -history FILE [-from DATE] [-to DATE] [-out FILE] [-json FILE] [-price best|gbm|merton|regime] [-base FILE]")
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			return 0
		}
		return usageErr(stderr, err.Error())
	}
	if fs.NArg() > 0 {
		return usageErr(stderr, fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	if *history == "" {
		fmt.Fprint(stderr, noHistory)
		return 2
	}
	from, err := parseDate("-from", *fromS)
	if err != nil {
		return usageErr(stderr, err.Error())
	}
	to, err := parseDate("-to", *toS)
	if err != nil {
		return usageErr(stderr, err.Error())
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return usageErr(stderr, fmt.Sprintf("-to %s is before -from %s", *toS, *fromS))
	}
	choose, err := calib.ParsePriceModelChoice(*priceS)
	if err != nil {
		return usageErr(stderr, fmt.Sprintf("-price %q: want best, gbm, merton or regime", *priceS))
	}

	base := model.DefaultScenario()
	if *baseS != "" {
		if base, err = readScenario(*baseS); err != nil {
			return fail(stderr, err)
		}
	}
	h, err := calib.ReadHistoryFile(*history)
	if err != nil {
		return fail(stderr, err)
	}
	if to.IsZero() {
		to = h.Dates[h.Len()-1]
	}
	if from.IsZero() {
		from = to.AddDate(-defaultWindowYears, 0, 1)
	}
	c, err := calib.Calibrate(h, from, to, nil)
	if err != nil {
		return fail(stderr, err)
	}
	if err := c.WriteTable(stdout, choose); err != nil {
		return fail(stderr, err)
	}
	if *jsonOut != "" {
		table, err := c.Table(choose)
		if err != nil {
			return fail(stderr, err)
		}
		if err := writeJSON(*jsonOut, table); err != nil {
			return fail(stderr, err)
		}
	}
	if *out != "" {
		sc, err := c.Scenario(base, choose)
		if err != nil {
			return fail(stderr, fmt.Errorf("%w (-price picks another price model)", err))
		}
		if err := writeJSON(*out, sc); err != nil {
			return fail(stderr, err)
		}
		fmt.Fprintf(stdout, "\nwrote the scenario %q to %s\n", sc.Name, *out)
	}
	return 0
}

// usageErr reports a usage error and returns status 2.
func usageErr(stderr io.Writer, msg string) int {
	// A line break echoed from an argument is written escaped, so the
	// problem stays on one line.
	msg = strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(msg)
	fmt.Fprintf(stderr, "calibrate: %s (run with -h for usage)\n", msg)
	return 2
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

// readScenario loads a scenario JSON file (fields it leaves out keep the
// default scenario's values).
func readScenario(path string) (model.Scenario, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return model.Scenario{}, err
	}
	var sc model.Scenario
	if err := json.Unmarshal(b, &sc); err != nil {
		return model.Scenario{}, fmt.Errorf("%s: %w", path, err)
	}
	if err := sc.Validate(); err != nil {
		return model.Scenario{}, fmt.Errorf("%s: %w", path, err)
	}
	return sc, nil
}

// writeJSON writes v as indented JSON to path, whole or not at all: it
// writes a temporary file in the same directory and renames it into place.
func writeJSON(path string, v any) (err error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	b = append(b, '\n')
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file private; the result is an ordinary file.
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
