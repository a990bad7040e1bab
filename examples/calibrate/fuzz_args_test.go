package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/cli/clitest"
)

// priceCSV is a date,price history of days days from a seeded GBM walk.
func priceCSV(days int) []byte {
	var b strings.Builder
	b.WriteString("date,price\n")
	r := dist.New(5, 0)
	p := 30000.0
	d := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	for range days {
		fmt.Fprintf(&b, "%s,%.2f\n", d.Format(time.DateOnly), p)
		p *= math.Exp(0.03 * r.Norm())
		d = d.AddDate(0, 0, 1)
	}
	return []byte(b.String())
}

// FuzzArgs fuzzes calibrate's arguments (see clitest.FuzzArgs): no panic,
// no hang, exit 0 or one line on stderr, except the explanation printed
// when no -history is given. The history files are small, so a run that
// passes every check fits them for real and writes its outputs into the
// fuzz run's own directory.
func FuzzArgs(f *testing.F) {
	files := clitest.ScenarioFiles()
	tiny, err := os.ReadFile("../../calib/testdata/cm_tiny.csv")
	if err != nil {
		f.Fatal(err)
	}
	files["tiny.csv"] = tiny
	files["prices.csv"] = priceCSV(120)
	files["broken.csv"] = []byte("date,price\n2021-01-01,100\n2021-01-01,-3\nnot a line")
	clitest.FuzzArgs(f, clitest.ArgsFuzz{
		Name: "calibrate",
		Run: func(ctx context.Context, args []string, stdout, stderr io.Writer) int {
			return run(ctx, args, stdout, stderr)
		},
		Files:   files,
		Allowed: func(o clitest.Output) bool { return o.Code == 2 && o.Stderr == noHistory },
	}, "", "-h", "-history prices.csv", "-history prices.csv -out s.json -json f.json",
		"-history prices.csv -price gbm -from 2021-02-01 -to 2021-04-01", "-history prices.csv -price merton -out s.json",
		"-history prices.csv -from 2021-04-01 -to 2021-02-01", "-history tiny.csv", "-history broken.csv",
		"-history missing.json", "-history prices.csv -base bad.json -out s.json", "-history prices.csv -base good.json -out s.json",
		"-history prices.csv -price regime -out new-dir/s.json", "-history prices.csv -fit-drift -out s.json",
		"-history prices.csv -base good.json -fit-drift=false -out s.json", "-history prices.csv -from 2021-13-01", "-price best", "stray")
}
