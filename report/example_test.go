package report_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

// A program of one's own: run a scenario and print what the quickstart
// prints, the run line and the tables. The run line holds the wall time,
// so this example shows no output; PrintTables' example shows the tables.
func ExamplePrint() {
	sc := model.DefaultScenario()
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 20_000, Seed: 1, Antithetic: true})
	if err != nil {
		log.Fatal(err)
	}
	if err := report.Print(os.Stdout, res); err != nil {
		log.Fatal(err)
	}
}

// The risk table and the paired differences from pure mining of the
// default scenario on 2,000 paths (1,000 antithetic pairs), seed 1.
func ExamplePrintTables() {
	sc := model.DefaultScenario()
	cfg := sim.Config{Paths: 2000, Seed: 1, Antithetic: true, Bands: &sim.BandSet{}}
	res, err := sim.Run(context.Background(), &sc, cfg)
	if err != nil {
		log.Fatal(err)
	}
	if err := report.PrintTables(os.Stdout, res); err != nil {
		log.Fatal(err)
	}
	// Output:
	// NPV in M USD; VaR and ES are losses (positive = money lost in the worst 5 %):
	//
	// strategy                 mean ± s.e.      P5    P50    P95  VaR 95%  ES 95%  P(loss)  P(beats pure mining)
	// pure mining             12.31 ± 0.52   -54.3    7.6   99.5     54.3    68.4    43.2%                     —
	// hybrid 50% colocation  101.27 ± 1.17   -30.8  101.0  231.4     30.8    63.0    10.3%                 87.4%
	// full AI colocation     136.49 ± 2.23  -117.4  138.8  373.7    117.4   175.2    16.8%                 79.5%
	//
	// vs pure mining (same paths)   Δ mean ± s.e.  Δ ES 95% ± s.e.
	// hybrid 50% colocation         +88.96 ± 1.13     -5.45 ± 4.49
	// full AI colocation           +124.18 ± 2.26   +106.81 ± 7.78
}

// The standard pictures of a run, written into a directory as one set.
func ExampleSavePictures() {
	sc := model.DefaultScenario()
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 1, Antithetic: true})
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "pictures")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	written, err := report.SavePictures(context.Background(), filepath.Join(dir, "out"), res)
	if err != nil {
		log.Fatal(err)
	}
	for _, path := range written {
		fmt.Println(filepath.Base(path))
	}
	// Output:
	// npv-distribution.png
	// npv-cdf.png
	// fan-btc-price.png
	// fan-hashprice.png
	// fan-gpu-rent.png
	// fan-cash-pure-mining.png
	// fan-cash-hybrid-50-colocation.png
	// fan-cash-full-ai-colocation.png
}

// A table of one's own, with the names on the left and the figures lined
// up on their last digit.
func ExampleTable() {
	t := report.Table{Left: 1}
	t.Row("strategy", "mean NPV, M USD", "P(loss)")
	t.Row("pure mining", report.MUSD(48_130_000, 2), report.Pct(0.078))
	t.Row("full AI colocation", report.MUSD(191_530_000, 2), report.Pct(0.091))
	if err := t.Write(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// strategy            mean NPV, M USD  P(loss)
	// pure mining                   48.13     7.8%
	// full AI colocation           191.53     9.1%
}

// A result file written whole or not at all: a reader of the path sees the
// previous file or the complete new one.
func ExampleWriteFile() {
	dir, err := os.MkdirTemp("", "result")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "fits.json")
	err = report.WriteFile(path, func(w io.Writer) error {
		return json.NewEncoder(w).Encode(map[string]float64{"sigmaPerSqrtYear": 0.52})
	})
	if err != nil {
		log.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(b))
	// Output:
	// {"sigmaPerSqrtYear":0.52}
}

// Two files written as a set: both are in place after Commit; had either
// write failed, Abort would have left the previous files, or none.
func ExampleFileSet() {
	dir, err := os.MkdirTemp("", "set")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "out")
	var set report.FileSet
	defer set.Abort()
	set.Dir(out) // created if missing
	paths := []string{filepath.Join(out, "a.txt"), filepath.Join(out, "b.txt")}
	if err := set.Check(paths...); err != nil { // before any work
		log.Fatal(err)
	}
	for _, p := range paths {
		if err := set.Write(p, func(w io.Writer) error {
			_, err := fmt.Fprintln(w, "contents of", filepath.Base(p))
			return err
		}); err != nil {
			log.Fatal(err)
		}
	}
	if err := set.Commit(context.Background()); err != nil {
		log.Fatal(err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// a.txt
	// b.txt
}
