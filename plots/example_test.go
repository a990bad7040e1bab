package plots_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/plots"
	"github.com/pivotrisk/pivotrisk/sim"
)

// Run the default scenario on 400 seeded paths, draw each strategy's NPV
// distribution with its VaR95 and ES95, retitle it, and save it as a
// 1200 × 800 PNG (the extension picks the format: .png, .svg or .pdf).
func ExampleNPVDistribution() {
	sc := model.DefaultScenario()
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 2026})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := plots.NPVDistribution(res)
	if err != nil {
		fmt.Println(err)
		return
	}
	p.Title.Text = "Pivot to AI hosting: NPV by strategy"

	dir, err := os.MkdirTemp("", "pivotrisk-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "npv.png")
	if err := plots.Save(p, path, plots.DefaultWidth, plots.DefaultHeight); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("saved", filepath.Base(path))
	// Output: saved npv.png
}

// A tornado chart of how a strategy's mean NPV moves with each input; the
// bars come from a sensitivity sweep computed elsewhere.
func ExampleTornado() {
	bars := []plots.TornadoBar{
		{Input: "BTC volatility", LowLabel: "σ 35 %", HighLabel: "σ 65 %", LowValueUSD: 130e6, HighValueUSD: 105e6},
		{Input: "GPU rent at start", LowLabel: "1.70 USD/h", HighLabel: "3.00 USD/h", LowValueUSD: 80e6, HighValueUSD: 160e6},
	}
	p, err := plots.Tornado("Hybrid 50 %: mean NPV", 120e6, bars)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Title.Text)
	_, err = plots.Tornado("no data", 120e6, nil)
	fmt.Println(err)
	// Output:
	// Hybrid 50 %: mean NPV
	// plots: tornado: no bars: plotter: no data points
}
