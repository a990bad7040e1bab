package sim

import (
	"context"
	"testing"
	"time"

	"github.com/pivotrisk/pivotrisk/internal/cputime"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/funding"
)

// BenchmarkFundingCost measures what capital structures cost a run: the
// default scenario on one worker, without bands, 1,000 paths, plainly and
// with the hybrid and the full conversion financed (funding.DefaultStructure
// with commitments), the two one after another in a rotating order and
// timed apart, as BenchmarkObserverCost does. It reports wall ns per
// path-step of each and the ratio of the financed run to the plain one in
// wall and CPU time, and the financed run's allocations per run.
func BenchmarkFundingCost(b *testing.B) {
	const paths = 1000
	plain := model.DefaultScenario()
	financed := plain
	h, f := funding.DefaultStructure("hybrid 50% colocation"), funding.DefaultStructure("full AI colocation")
	h.CommittedEquityUSD, f.CommittedEquityUSD = 140e6, 280e6
	financed.Funding = []funding.Structure{h, f}
	cfg := Config{Paths: paths, Seed: 1, Workers: 1, Antithetic: true, Bands: &BandSet{}}
	scs := []*model.Scenario{&plain, &financed}
	var took, cpu [2]time.Duration
	round := 0
	b.ReportAllocs()
	for b.Loop() {
		for k := range scs {
			i := (round + k) % 2
			t, c0 := time.Now(), cputime.Process()
			if _, err := Run(context.Background(), scs[i], cfg); err != nil {
				b.Fatal(err)
			}
			took[i] += time.Since(t)
			cpu[i] += cputime.Process() - c0
		}
		round++
	}
	steps := float64(round) * paths * 120
	b.ReportMetric(float64(took[0].Nanoseconds())/steps, "plain-ns/step")
	b.ReportMetric(float64(took[1].Nanoseconds())/steps, "financed-ns/step")
	b.ReportMetric(float64(took[1])/float64(took[0]), "financed/plain")
	if cpu[0] > 0 {
		b.ReportMetric(float64(cpu[1])/float64(cpu[0]), "financed/plain-cpu")
	}
}
