package sim

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"sync"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// sharedScenario is a scenario with every kind of shared memory a run could
// touch: slices (shocks, correlation pairs, strategies), pointed-to
// configurations, and a custom strategy.
func sharedScenario() model.Scenario {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 3
	sc.Market.BTCPrice.Shocks = []market.PriceShock{{TimeYears: 0.5, LogSize: math.Log(0.6)}}
	conv, lease := site.DefaultConversion(), site.DefaultLease()
	h := model.Hybrid(0.3, 6, nil)
	h.Conversion, h.Contract = &conv, lease
	sc.Strategies = append(sc.Strategies, h, model.ConditionalSwitch(0.5, site.DefaultTrigger(), site.DefaultGPUCloud()))
	sc.Custom = []site.Strategy{panicStrategy{name: "steady", prob: 0}}
	return sc
}

// Several Runs, a Frontier and a Tornado at once on one shared scenario
// (under -race, this is the data-race check): each gives what it gives
// alone, and none changes the scenario.
func TestConcurrentRunsShareAScenario(t *testing.T) {
	sc := sharedScenario()
	cfgs := []Config{
		{Paths: MinSummaryPaths, Seed: 1, Workers: 2},
		{Paths: MinSummaryPaths + 2, Seed: 2, Workers: 3, Antithetic: true},
		{Paths: MinSummaryPaths, Seed: 1, Workers: 1, FirstPath: 50},
		{Paths: MinSummaryPaths, Seed: 1, Workers: 2, BandPaths: 100},
	}
	solo := make([]*Result, len(cfgs))
	for i, cfg := range cfgs {
		solo[i] = mustRun(t, &sc, cfg)
	}
	fracs := []float64{0, 0.5, 1}
	fcfg := Config{Paths: MinSummaryPaths, Seed: 3, Workers: 2}
	soloFrontier, err := Frontier(context.Background(), &sc, fracs, fcfg)
	if err != nil {
		t.Fatal(err)
	}
	inputs := model.TornadoInputs(sc)[:2]
	soloTornado, err := Tornado(context.Background(), &sc, "pure mining", inputs, fcfg, MeasureMean)
	if err != nil {
		t.Fatal(err)
	}

	const rounds = 2
	var wg sync.WaitGroup
	errs := make(chan error, rounds*(len(cfgs)+2))
	for range rounds {
		for i, cfg := range cfgs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := Run(context.Background(), &sc, cfg)
				if err != nil {
					errs <- err
					return
				}
				if msg := sameResult(solo[i], res); msg != "" {
					errs <- fmt.Errorf("run %d: %s", i, msg)
				}
			}()
		}
		wg.Add(2)
		go func() {
			defer wg.Done()
			pts, err := Frontier(context.Background(), &sc, fracs, fcfg)
			if err == nil && !reflect.DeepEqual(pts, soloFrontier) {
				err = fmt.Errorf("frontier differs from its solo run")
			}
			if err != nil {
				errs <- err
			}
		}()
		go func() {
			defer wg.Done()
			rows, err := Tornado(context.Background(), &sc, "pure mining", inputs, fcfg, MeasureMean)
			if err == nil && !reflect.DeepEqual(rows, soloTornado) {
				err = fmt.Errorf("tornado differs from its solo run")
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if want := sharedScenario(); !reflect.DeepEqual(sc, want) {
		t.Errorf("the runs changed the shared scenario:\n got %+v\nwant %+v", sc, want)
	}
}

// Paths made from one shared Plan on several goroutines give the same
// cash flows as one Path alone.
func TestConcurrentPathsShareAPlan(t *testing.T) {
	sc := sharedScenario()
	plan, err := model.NewPlan(&sc)
	if err != nil {
		t.Fatal(err)
	}
	npvs := func(p *model.Simulator, paths int) []float64 {
		var out []float64
		for i := range paths {
			p.Reset(9, uint64(i), i%2 == 1)
			var sum float64
			for range plan.Steps() {
				_, cfs := p.Step()
				for _, cf := range cfs {
					sum += cf.FreeCashUSD()
				}
			}
			out = append(out, sum)
		}
		return out
	}
	p, err := plan.NewSimulator()
	if err != nil {
		t.Fatal(err)
	}
	want := npvs(p, 40)
	var wg sync.WaitGroup
	got := make([][]float64, 4)
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := plan.NewSimulator()
			if err != nil {
				t.Error(err)
				return
			}
			got[g] = npvs(p, 40)
		}()
	}
	wg.Wait()
	for g := range got {
		if !reflect.DeepEqual(got[g], want) {
			t.Errorf("goroutine %d: cash differs from the solo path's", g)
		}
	}
}

// sameResult describes the first difference between two results of the
// same Config (Run's wall-time figures aside), or returns "".
func sameResult(a, b *Result) string {
	switch {
	case !reflect.DeepEqual(a.Strategies, b.Strategies):
		return "summaries differ"
	case !reflect.DeepEqual(a.Comparisons, b.Comparisons):
		return "comparisons differ"
	case !reflect.DeepEqual(a.Bands, b.Bands):
		return "bands differ"
	}
	for j := range a.NPV {
		for i := range a.NPV[j] {
			if math.Float64bits(a.NPV[j][i]) != math.Float64bits(b.NPV[j][i]) ||
				math.Float64bits(a.IRRPerYear[j][i]) != math.Float64bits(b.IRRPerYear[j][i]) ||
				math.Float64bits(a.PaybackMonths[j][i]) != math.Float64bits(b.PaybackMonths[j][i]) {
				return fmt.Sprintf("path %d of strategy %d differs", i, j)
			}
		}
	}
	return ""
}
