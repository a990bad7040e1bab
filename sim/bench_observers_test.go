package sim

import (
	"context"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/cputime"
	"github.com/pivotrisk/pivotrisk/model"
)

// BenchmarkObserverCost measures what the report's observers cost a run:
// the default scenario on one worker, without bands, run plainly, with
// Attribution, with Drivers, and with both (what a program's -html,
// -samples or -analysis adds), each of observerPaths paths from the same
// first path. Every round runs the four one after another, starting with
// a different one each round, and times each separately, so all four see
// the same load (as BenchmarkAbstractionCost does). It reports wall ns
// per path-step of each and the ratios to the plain run, in wall time and
// in the process's CPU time (which other programs on the machine inflate
// less). The observers are
// made anew for every run, as a program makes them.
func BenchmarkObserverCost(b *testing.B) {
	const observerPaths = 1000
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	if err != nil {
		b.Fatal(err)
	}
	cfg := Config{Paths: observerPaths, Seed: 1, Workers: 1, Antithetic: true, Bands: &BandSet{}}
	variants := []struct {
		name  string
		attr  bool
		drive bool
	}{{"plain", false, false}, {"attribution", true, false}, {"drivers", false, true}, {"both", true, true}}
	took := make([]time.Duration, len(variants))
	cpu := make([]time.Duration, len(variants))
	round := 0
	for b.Loop() {
		for k := range variants {
			v := variants[(round+k)%len(variants)]
			t, c0 := time.Now(), cputime.Process()
			c := cfg
			if v.attr {
				c.Observers = append(c.Observers, NewAttribution(plan))
			}
			if v.drive {
				d, err := NewDrivers(plan, c.Seed, DriverSpec{})
				if err != nil {
					b.Fatal(err)
				}
				c.Observers = append(c.Observers, d)
			}
			if _, err := Run(context.Background(), &sc, c); err != nil {
				b.Fatal(err)
			}
			took[(round+k)%len(variants)] += time.Since(t)
			cpu[(round+k)%len(variants)] += cputime.Process() - c0
		}
		round++
	}
	steps := float64(round) * observerPaths * float64(plan.Steps())
	for i, v := range variants {
		b.ReportMetric(float64(took[i].Nanoseconds())/steps, v.name+"-ns/step")
		if i > 0 {
			b.ReportMetric(float64(took[i])/float64(took[0]), v.name+"/plain")
			if cpu[0] > 0 {
				b.ReportMetric(float64(cpu[i])/float64(cpu[0]), v.name+"/plain-cpu")
			}
		}
	}
}
