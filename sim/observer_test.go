package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// pathRecord is what recorder saw of one path.
type pathRecord struct {
	info          PathInfo
	steps         int       // Step calls
	hashpriceSum  float64   // Σ hashprice over steps 1..Steps
	cash          []float64 // Σ of every strategy's free cash flows seen in Step
	npv, cum      []float64 // the pricer's NPV and cumulative cash at End
	irr, payback  []float64 // the pricer's IRR and payback at End
	ended, misled bool      // End called; a call out of order
}

// recorder is an Observer keeping a record per path offset, checking the
// order of the calls.
type recorder struct {
	mu   sync.Mutex
	recs map[int]*pathRecord
	skip func(PathInfo) bool
	made int // PathObservers made
}

func (r *recorder) NewPathObserver() PathObserver {
	r.made++
	return &recorderPath{r: r}
}

type recorderPath struct {
	r   *recorder
	rec *pathRecord
}

func (p *recorderPath) Begin(info PathInfo, s *market.State, pr *PathPricer) error {
	if p.r.skip != nil && p.r.skip(info) {
		return SkipPath
	}
	n := pr.NumStrategies()
	p.rec = &pathRecord{info: info, cash: make([]float64, n)}
	p.rec.misled = s.Step != 0 || pr.Step() != 0
	p.r.mu.Lock()
	if p.r.recs[info.Offset] != nil {
		p.rec.misled = true
	}
	p.r.recs[info.Offset] = p.rec
	p.r.mu.Unlock()
	return nil
}

func (p *recorderPath) Step(k int, s *market.State, flows []site.CashFlow, pr *PathPricer) error {
	rec := p.rec
	rec.steps++
	if k != rec.steps || s.Step != k || pr.Step() != k || rec.ended {
		rec.misled = true
	}
	rec.hashpriceSum += s.HashpriceUSDPerPHDay
	for j := range flows {
		rec.cash[j] += flows[j].FreeCashUSD()
	}
	return nil
}

func (p *recorderPath) End(pr *PathPricer) error {
	rec := p.rec
	rec.misled = rec.misled || rec.ended || rec.steps != pr.Steps()
	rec.ended = true
	for j := range pr.NumStrategies() {
		rec.npv = append(rec.npv, pr.NPVUSD(j))
		rec.cum = append(rec.cum, pr.CumulativeCashUSD(j))
		rec.irr = append(rec.irr, pr.IRRPerYear(j))
		rec.payback = append(rec.payback, pr.PaybackMonths(j))
	}
	return nil
}

// TestObserverSeesEveryPathInOrder runs an observer on antithetic runs of
// 1 and 3 workers: it must see each path once, with its index and mirror
// flag, every step in order with the step's state and flows, and at End
// the pricer's figures of the Result bit for bit; the observer must not
// change the results.
func TestObserverSeesEveryPathInOrder(t *testing.T) {
	sc := shortDefault(2)
	base := Config{Paths: 400, Seed: 5, FirstPath: 600, Antithetic: true}
	plain := mustRun(t, sc, base)
	var seen []map[int]*pathRecord
	for _, workers := range []int{1, 3} {
		rec := &recorder{recs: map[int]*pathRecord{}}
		cfg := base
		cfg.Workers, cfg.Observers = workers, []Observer{rec}
		res := mustRun(t, sc, cfg)
		sameSamples(t, fmt.Sprintf("%d workers", workers), plain, res, 0)
		// One PathObserver per path of each worker's batch.
		if want := workers * min(maxChunk, cfg.Paths); rec.made != want || len(rec.recs) != cfg.Paths {
			t.Fatalf("%d workers: %d PathObservers saw %d paths, want %d and %d", workers, rec.made, len(rec.recs), want, cfg.Paths)
		}
		for off, r := range rec.recs {
			idx := cfg.FirstPath + uint64(off)
			if r.misled || !r.ended || r.info != (PathInfo{Index: idx, Offset: off, Mirror: idx%2 == 1}) {
				t.Fatalf("path %d: %+v (calls out of order: %v)", off, r.info, r.misled)
			}
			for j := range res.NPV {
				got := []float64{r.npv[j], r.irr[j], r.payback[j], r.cum[j]}
				want := []float64{res.NPV[j][off], res.IRRPerYear[j][off], res.PaybackMonths[j][off], r.cash[j]}
				sameFloats(t, fmt.Sprintf("path %d strategy %d: NPV, IRR, payback, cash", off, j), got, want)
			}
		}
		seen = append(seen, rec.recs)
	}
	for off, r := range seen[0] {
		if math.Float64bits(r.hashpriceSum) != math.Float64bits(seen[1][off].hashpriceSum) {
			t.Fatalf("path %d: hashprice sum %v with 1 worker, %v with 3", off, r.hashpriceSum, seen[1][off].hashpriceSum)
		}
	}
}

// TestObserverSkipPath checks that a path whose Begin returns SkipPath
// gets no Step and no End, and the others all of theirs.
func TestObserverSkipPath(t *testing.T) {
	rec := &recorder{recs: map[int]*pathRecord{}, skip: func(p PathInfo) bool { return p.Offset%3 != 0 }}
	cfg := Config{Paths: 400, Seed: 2, Workers: 2, Observers: []Observer{rec}}
	mustRun(t, shortDefault(1), cfg)
	if len(rec.recs) != 134 {
		t.Errorf("%d paths watched, want 134 (offsets 0, 3, …, 399)", len(rec.recs))
	}
	for off, r := range rec.recs {
		if off%3 != 0 || !r.ended || r.misled {
			t.Errorf("path %d: watched %+v", off, r)
		}
	}
}

// failAt is an observer failing on path path at step step (0: Begin, −1:
// End) with err.
type failAt struct {
	path uint64
	step int
	err  error
}

func (f failAt) NewPathObserver() PathObserver { return &failAtPath{f: f} }

type failAtPath struct {
	f  failAt
	on bool
}

func (p *failAtPath) Begin(info PathInfo, _ *market.State, _ *PathPricer) error {
	p.on = info.Index == p.f.path
	if p.on && p.f.step == 0 {
		return p.f.err
	}
	return nil
}

func (p *failAtPath) Step(k int, _ *market.State, _ []site.CashFlow, _ *PathPricer) error {
	if p.on && k == p.f.step {
		return p.f.err
	}
	return nil
}

func (p *failAtPath) End(*PathPricer) error {
	if p.on && p.f.step < 0 {
		return p.f.err
	}
	return nil
}

// TestObserverErrorStopsRun checks that an observer's error in Begin, Step
// or End stops the run with a *PathError naming the path, seed, mirror
// flag and step, holding the error (or completing a *PathError returned),
// the same for any worker count, and that the lowest failing path wins.
func TestObserverErrorStopsRun(t *testing.T) {
	sc := shortDefault(1) // 12 steps
	errLimit := errors.New("cash below the covenant")
	for _, tc := range []struct {
		name     string
		obs      []Observer
		want     PathError
		wantText string
	}{
		{"step", []Observer{failAt{path: 7, step: 3, err: errLimit}},
			PathError{Path: 7, Seed: 9, Mirror: true, Step: 3, Quantity: "observer", Err: errLimit}, "an observer stopped the run at step 3: cash below the covenant"},
		{"begin", []Observer{failAt{path: 12, step: 0, err: errLimit}},
			PathError{Path: 12, Seed: 9, Step: 0, Quantity: "observer", Err: errLimit}, "at step 0"},
		{"end", []Observer{failAt{path: 12, step: -1, err: errLimit}},
			PathError{Path: 12, Seed: 9, Step: 12, Quantity: "observer", Err: errLimit}, "at step 12"},
		{"lowest path wins", []Observer{failAt{path: 300, step: 2, err: errLimit}, failAt{path: 9, step: 11, err: errLimit}},
			PathError{Path: 9, Seed: 9, Mirror: true, Step: 11, Quantity: "observer", Err: errLimit}, "path 9 "},
		{"a PathError of its own", []Observer{failAt{path: 4, step: 5, err: &PathError{Strategy: "x", Quantity: "my series", Value: math.Inf(1)}}},
			PathError{Path: 4, Seed: 9, Step: 5, Strategy: "x", Quantity: "my series", Value: math.Inf(1)}, `strategy "x": my series = +Inf at step 5`},
	} {
		for _, workers := range []int{1, 3} {
			_, err := Run(context.Background(), sc, Config{Paths: 400, Seed: 9, Workers: workers, Antithetic: true, Observers: tc.obs})
			var pe *PathError
			if !errors.As(err, &pe) {
				t.Fatalf("%s, %d workers: error %v, want a *PathError", tc.name, workers, err)
			}
			got := *pe
			got.Cause = ""
			if !reflect.DeepEqual(got, tc.want) || !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("%s, %d workers: %+v (%v), want %+v saying %q", tc.name, workers, got, err, tc.want, tc.wantText)
			}
			if tc.want.Err != nil && !errors.Is(err, tc.want.Err) {
				t.Errorf("%s: errors.Is(err, the observer's error) is false", tc.name)
			}
		}
	}
}

// nilObserver makes nil PathObservers; a slice, so that it is not
// comparable.
type nilObserver []int

func (nilObserver) NewPathObserver() PathObserver { return nil }

// TestObserverRefused checks the errors for a nil Observer, one making
// nil PathObservers, and observers given to a sweep.
func TestObserverRefused(t *testing.T) {
	sc := shortDefault(1)
	for _, tc := range []struct {
		name string
		run  func(cfg Config) error
		obs  []Observer
		want string
	}{
		{"nil observer", func(cfg Config) error { _, err := Run(context.Background(), sc, cfg); return err }, []Observer{nil}, `observers[0] = "nil": must be an Observer`},
		{"nil path observer", func(cfg Config) error { _, err := Run(context.Background(), sc, cfg); return err }, []Observer{&recorder{recs: map[int]*pathRecord{}}, nilObserver{}}, "observers[1] (sim.nilObserver): NewPathObserver returned nil"},
		{"tornado", func(cfg Config) error {
			_, err := Tornado(context.Background(), sc, sc.Strategies[0].Name(), model.TornadoInputs(*sc), cfg, MeasureMean)
			return err
		}, []Observer{&recorder{}}, "observers"},
		{"frontier", func(cfg Config) error { _, err := Frontier(context.Background(), sc, []float64{0, 1}, cfg); return err }, []Observer{&recorder{}}, "observers"},
	} {
		err := tc.run(Config{Paths: 400, Seed: 1, Observers: tc.obs})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

// panicAt is an observer panicking on path path at step step.
type panicAt struct{ path uint64 }

func (p panicAt) NewPathObserver() PathObserver { return &panicAtPath{p: p} }

type panicAtPath struct {
	p  panicAt
	on bool
}

func (q *panicAtPath) Begin(info PathInfo, _ *market.State, _ *PathPricer) error {
	q.on = info.Index == q.p.path
	return nil
}

func (q *panicAtPath) Step(k int, _ *market.State, _ []site.CashFlow, _ *PathPricer) error {
	if q.on && k == 3 {
		panic("observer bug")
	}
	return nil
}

func (q *panicAtPath) End(*PathPricer) error { return nil }

// TestObserverPanic checks that a panicking observer fails the run with a
// *PanicError naming the path, which replaying the market and the
// strategies without observers does not reproduce.
func TestObserverPanic(t *testing.T) {
	_, err := Run(context.Background(), shortDefault(1), Config{Paths: 400, Seed: 3, Workers: 2, Observers: []Observer{panicAt{path: 5}}})
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Path != 5 || pe.Replayed || pe.Strategy != "" || pe.Value != "observer bug" || !strings.Contains(err.Error(), "an observer, a strategy or the market") {
		t.Fatalf("error %v (%+v), want a PanicError of path 5 not replayed, naming observers", err, pe)
	}
}
