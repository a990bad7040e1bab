package calib_test

import (
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/pivotrisk/pivotrisk/calib"
	"github.com/pivotrisk/pivotrisk/model"
)

// Read a plain date,price history and fit GBM to its daily log returns.
// The returns are ±ln 1.1, so the ML daily standard deviation is ln 1.1 and
// σ = ln 1.1·√365 ≈ 1.8209; the mean log return is 0, so μ = σ²/2 ≈ 1.6578;
// the standard error of σ is σ/√(2n) ≈ 0.6438 with n = 4.
func ExampleFitGBM() {
	const csv = `date,price
2024-03-01,100
2024-03-02,110
2024-03-03,100
2024-03-04,110
2024-03-05,100
`
	h, err := calib.ReadHistory(strings.NewReader(csv))
	if err != nil {
		log.Fatal(err)
	}
	r, err := h.LogReturns()
	if err != nil {
		log.Fatal(err)
	}
	fit, err := calib.FitGBM(r)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d days, %d returns\n", h.Len(), len(r))
	for _, p := range fit.Params {
		fmt.Printf("%s = %.4f ± %.4f\n", p.Name, p.Value, p.StdErr)
	}
	// Output:
	// 5 days, 4 returns
	// driftPerYear = 1.6578 ± 17.4336
	// volPerYear = 1.8209 ± 0.6438
}

// A malformed file is an error naming the line and the column.
func ExampleReadHistory_error() {
	const csv = "time,PriceUSD\n2024-03-01,100\n2024-03-02,1O5\n"
	_, err := calib.ReadHistory(strings.NewReader(csv))
	fmt.Println(err)
	// Output:
	// calib: line 3, column "PriceUSD": value "1O5": want a finite number
}

// Compare GBM, Merton and the regime model on a window of one's own history
// (the file is the user's; the project ships none).
func ExampleComparePriceModels() {
	h, err := calib.ReadHistoryFile("btc.csv") // Coin Metrics layout
	if err != nil {
		log.Fatal(err)
	}
	w, err := h.Window(time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 9, 26, 0, 0, 0, 0, time.UTC))
	if err != nil {
		log.Fatal(err)
	}
	r, err := w.LogReturns()
	if err != nil {
		log.Fatal(err)
	}
	c, err := calib.ComparePriceModels(r)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(c) // log-likelihood, AIC, BIC and parameters ± standard errors
	fmt.Println("BIC prefers", c.Best(calib.ByBIC).Model)
}

// Calibrate every process of the market to a window of one's own history
// and put the fits into the default scenario (the file is the user's; the
// project ships none).
func ExampleCalibrate() {
	h, err := calib.ReadHistoryFile("btc.csv") // Coin Metrics layout
	if err != nil {
		log.Fatal(err)
	}
	c, err := calib.Calibrate(h, time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 9, 26, 0, 0, 0, 0, time.UTC), nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := c.WriteTable(os.Stdout, calib.ChooseBest); err != nil {
		log.Fatal(err)
	}
	// The scenario keeps the default scenario's drift view (0.04 a year);
	// &calib.ScenarioOptions{FitDrift: true} would put the fitted drift in.
	sc, err := c.Scenario(model.DefaultScenario(), calib.ChooseBest, nil)
	if err != nil {
		log.Fatal(err) // e.g. a fitted value outside the scenario's range
	}
	plan, err := model.NewPlan(&sc)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(plan.StrategyNames())
}
