package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
)

func TestBandStorePoints(t *testing.T) {
	for _, tc := range []struct {
		steps, stride int
	}{
		{120, 1},
		{MaxBandPoints, 1},
		{MaxBandPoints + 1, 2},
		{2401, 3},
		{10950, 10},
	} {
		b := newBandStore(*DefaultBands(), 4, tc.steps, []string{"a", "b"})
		var want []int
		for s := 0; s <= tc.steps; s += tc.stride {
			want = append(want, s)
		}
		if want[len(want)-1] != tc.steps {
			want = append(want, tc.steps)
		}
		if !slices.Equal(b.steps, want) {
			t.Errorf("%d steps: points %v…, want every %d-th step and the last", tc.steps, b.steps[:min(5, len(b.steps))], tc.stride)
		}
		if len(b.steps) > MaxBandPoints+1 {
			t.Errorf("%d steps: %d points, more than MaxBandPoints+1", tc.steps, len(b.steps))
		}
		for s, p := range b.pointOf {
			if (p >= 0) != slices.Contains(want, s) || (p >= 0 && b.steps[p] != s) {
				t.Fatalf("%d steps: pointOf[%d] = %d", tc.steps, s, p)
			}
		}
		if len(b.vals) != 3+2 || len(b.vals[0]) != 4*len(want) || len(b.halv) != 4*len(want) {
			t.Errorf("%d steps: store of %d series × %d values, want 5 × %d", tc.steps, len(b.vals), len(b.vals[0]), 4*len(want))
		}
	}
	if newBandStore(BandSet{}, 100, 120, []string{"a"}) != nil || newBandStore(*AllBands(), 0, 120, []string{"a"}) != nil {
		t.Errorf("a store that keeps nothing should be nil")
	}
}

// TestBandsMatchReplay replays the first BandPaths paths by hand and checks
// every band value, of every market series and of the cash, against the
// type-1 quantiles of the float32-rounded values, and the halving dates
// against the paths' halving counts.
func TestBandsMatchReplay(t *testing.T) {
	sc := shortDefault(5)
	const n, k = 800, 400
	all := market.AllSeries()
	res := mustRun(t, sc, Config{Paths: n, Seed: 21, Workers: 2, BandPaths: k, Bands: AllBands()})
	b := res.Bands
	plan, err := model.NewPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	steps, ns := plan.Steps(), plan.NumStrategies()
	if b.Paths != k || len(b.Steps) != steps+1 || len(b.TimeYears) != steps+1 {
		t.Fatalf("bands of %d paths, %d steps, %d times; want %d, %d, %d", b.Paths, len(b.Steps), len(b.TimeYears), k, steps+1, steps+1)
	}
	for i, s := range b.Steps {
		if s != i || b.TimeYears[i] != float64(i)*plan.DtYears() {
			t.Fatalf("point %d: step %d at %v years", i, s, b.TimeYears[i])
		}
	}

	// vals[series][step][path], series: the market's, then cash per strategy.
	vals := make([][][]float64, len(all)+ns)
	for i := range vals {
		vals[i] = make([][]float64, steps+1)
	}
	firstHalving := make([][]float64, 0) // [halving-1] times
	path, err := plan.NewSimulator()
	if err != nil {
		t.Fatal(err)
	}
	cum := make([]float64, ns)
	f32 := func(x float64) float64 { return float64(float32(x)) }
	add := func(st *market.State, step int) {
		for i, x := range all {
			vals[i][step] = append(vals[i][step], f32(x.Value(st)))
		}
		for j := range ns {
			vals[len(all)+j][step] = append(vals[len(all)+j][step], f32(cum[j]))
		}
	}
	for i := range k {
		path.Reset(21, uint64(i), false)
		clear(cum)
		add(path.State(), 0)
		seen := 0
		for s := 1; s <= steps; s++ {
			st, cfs := path.Step()
			for j, cf := range cfs {
				cum[j] += cf.FreeCashUSD()
			}
			add(st, s)
			for seen < st.HalvingsSinceStart {
				seen++
				if len(firstHalving) < seen {
					firstHalving = append(firstHalving, nil)
				}
				firstHalving[seen-1] = append(firstHalving[seen-1], st.TimeYears)
			}
		}
	}
	var bands []*Band
	for i, x := range all {
		bd := b.Of(x)
		if bd == nil || bd != &b.Series[i] || bd.Name != x.Name() || bd.Unit != x.Unit() {
			t.Fatalf("band of %s: %+v, want Series[%d] named and in its unit", x, bd, i)
		}
		bands = append(bands, bd)
	}
	for j := range ns {
		bands = append(bands, &b.CumulativeCashUSD[j])
		if b.Cash(res.Strategies[j].Name) != &b.CumulativeCashUSD[j] {
			t.Errorf("cash band %d is named %q, want %q", j, b.CumulativeCashUSD[j].Name, res.Strategies[j].Name)
		}
	}
	for si, bd := range bands {
		for s := 0; s <= steps; s++ {
			q, err := Quantiles(vals[si][s], BandProbs[:])
			if err != nil {
				t.Fatal(err)
			}
			got := []float64{bd.P5[s], bd.P25[s], bd.P50[s], bd.P75[s], bd.P95[s]}
			if !slices.Equal(got, q) {
				t.Fatalf("band %s at step %d: %v, want %v", bd.Name, s, got, q)
			}
		}
	}
	if len(b.Halvings) != len(firstHalving) {
		t.Fatalf("%d halvings dated, want %d", len(b.Halvings), len(firstHalving))
	}
	for h, times := range firstHalving {
		q, err := Quantiles(times, []float64{0.05, 0.5, 0.95})
		if err != nil {
			t.Fatal(err)
		}
		hb := b.Halvings[h]
		want := HalvingBand{Number: h + 1, ShareReached: float64(len(times)) / k, P5Years: q[0], P50Years: q[1], P95Years: q[2]}
		if hb != want {
			t.Errorf("halving %d: %+v, want %+v", h+1, hb, want)
		}
	}
	t.Logf("halvings: %+v", b.Halvings)
}

func TestBandsSelection(t *testing.T) {
	sc := shortDefault(1)
	res := mustRun(t, sc, Config{Paths: 400, Bands: &BandSet{Series: []market.Series{market.SeriesPower, market.SeriesGPURent}}})
	b := res.Bands
	if b == nil || len(b.Series) != 2 || b.Series[0].Name != "power" || b.Of(market.SeriesGPURent) != &b.Series[1] ||
		b.Of(market.SeriesBTCPrice) != nil || len(b.CumulativeCashUSD) != 0 || b.Cash(res.Strategies[0].Name) != nil {
		t.Errorf("power and GPU rent asked for: %+v", b)
	}
	if b.Paths != 400 {
		t.Errorf("band paths = %d, want all 400 paths (fewer than the default %d)", b.Paths, DefaultBandPaths)
	}
	if res := mustRun(t, sc, Config{Paths: 400, Bands: &BandSet{}}); res.Bands != nil {
		t.Errorf("no bands asked for, got %+v", res.Bands)
	}
	res = mustRun(t, sc, Config{Paths: 400, Bands: &BandSet{Cash: true}})
	if len(res.Bands.CumulativeCashUSD) != len(res.Strategies) || res.Bands.Series != nil {
		t.Errorf("cash only: %d cash bands for %d strategies", len(res.Bands.CumulativeCashUSD), len(res.Strategies))
	}
}

func TestSelectRanks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gens := map[string]func(i, n int) float64{
		"uniform":    func(int, int) float64 { return rng.Float64() },
		"few values": func(int, int) float64 { return float64(rng.IntN(3)) },
		"all equal":  func(int, int) float64 { return 7 },
		"ascending":  func(i, _ int) float64 { return float64(i) },
		"descending": func(i, n int) float64 { return float64(n - i) },
		"organ pipe": func(i, n int) float64 { return float64(min(i, n-i)) },
		"signed":     func(int, int) float64 { return rng.NormFloat64() * 1e9 },
	}
	for name, gen := range gens {
		for _, n := range []int{1, 2, 3, 16, 17, 18, 31, 100, 257, 2000} {
			x := make([]float64, n)
			for i := range x {
				x[i] = gen(i, n)
			}
			sorted := slices.Sorted(slices.Values(x))
			var idx []int
			for _, p := range BandProbs {
				idx = append(idx, rank(n, p)-1)
			}
			idx = slices.Compact(idx)
			got := slices.Clone(x)
			selectRanks(got, 0, n, idx)
			for _, k := range idx {
				if got[k] != sorted[k] {
					t.Fatalf("%s, n = %d: x[%d] = %v after selection, want %v", name, n, k, got[k], sorted[k])
				}
				for i := range k {
					if got[i] > got[k] {
						t.Fatalf("%s, n = %d: x[%d] = %v before rank %d holds %v", name, n, i, got[i], k, got[k])
					}
				}
			}
			if !slices.Equal(slices.Sorted(slices.Values(got)), sorted) {
				t.Fatalf("%s, n = %d: selection changed the values", name, n)
			}
			// Every single rank too.
			for k := range n {
				got := slices.Clone(x)
				selectNth(got, 0, n, k)
				if got[k] != sorted[k] {
					t.Fatalf("%s, n = %d: selectNth rank %d = %v, want %v", name, n, k, got[k], sorted[k])
				}
			}
		}
	}
}

func BenchmarkBandQuantiles(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]float64, DefaultBandPaths)
	for i := range x {
		x[i] = math.Exp(rng.NormFloat64())
	}
	scratch := make([]float64, len(x))
	var idx [len(BandProbs)]int
	for i, p := range BandProbs {
		idx[i] = rank(len(x), p) - 1
	}
	b.Run("select", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			copy(scratch, x)
			selectRanks(scratch, 0, len(x), idx[:])
		}
	})
	b.Run("sort", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			copy(scratch, x)
			slices.Sort(scratch)
		}
	})
}
