package sim

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// collapseStrategy stands in for a market that leaves float64's range,
// which Validate keeps out of every valid scenario: at step 3 it sets the
// path's BTC price to 0 (a price that underflowed) and books NaN, as the
// model would at the next step.
type collapseStrategy struct{}

func (collapseStrategy) Name() string { return "collapse" }
func (collapseStrategy) NewRunner(site.Env) (site.Runner, error) {
	return collapseRunner{}, nil
}

type collapseRunner struct{}

func (collapseRunner) Reset(*market.State, *dist.Rand) {}
func (collapseRunner) Step(s *market.State, _ *dist.Rand, cf *site.CashFlow) {
	if s.Step == 3 {
		s.BTCPriceUSD = 0
		cf.MiningUSD = math.NaN()
	}
}

// A path that fails while a market series is out of its range names the
// series and the scenario fields that drive it (market.Market.CheckState);
// a failure of a strategy's own, with the market in range, names none.
func TestPathErrorNamesTheMarketCause(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 1
	sc.Strategies = sc.Strategies[:1]
	sc.Custom = []site.Strategy{collapseStrategy{}}
	_, err := Run(context.Background(), &sc, Config{Paths: MinSummaryPaths, Seed: 1, Workers: 2})
	var pe *PathError
	if !errors.As(err, &pe) || pe.Step != 3 || pe.Strategy != "collapse" {
		t.Fatalf("got %v", err)
	}
	for _, w := range []string{"the BTC price = 0 USD at step 3", "below 1e-250 USD", "driven by market.btcPrice and market.start.btcPriceUSD"} {
		if !strings.Contains(pe.Cause, w) || !strings.Contains(err.Error(), w) {
			t.Errorf("cause %q (error %q) does not say %q", pe.Cause, err, w)
		}
	}

	sc = model.DefaultScenario()
	sc.Finance.HorizonYears = 2
	sc.Custom = []site.Strategy{overflowStrategy{scale: 1e308, start: sc.Market.Start.BTCPriceUSD}}
	_, err = Run(context.Background(), &sc, Config{Paths: MinSummaryPaths, Seed: 1, Workers: 2})
	if !errors.As(err, &pe) || pe.Strategy != "overflow" {
		t.Fatalf("got %v", err)
	}
	if pe.Cause != "" || strings.Contains(err.Error(), "driven by") {
		t.Errorf("a strategy's own overflow blames the market: %v", err)
	}
}
