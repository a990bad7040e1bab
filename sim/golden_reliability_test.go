package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
)

var update = flag.Bool("update", false, "rewrite the golden summaries in testdata/golden from the current code")

// golden is what the golden file pins: the run's config and every
// strategy's Summary and comparison with the first strategy.
type golden struct {
	Note string `json:"note"`
	// FloatsAsWritten records mctest.FloatsAsWritten of the build that
	// wrote the file: figures are compared bit for bit only when it and
	// the build reading it both round every operation as written.
	FloatsAsWritten bool                 `json:"floatsAsWritten"`
	Config          Config               `json:"config"`
	Strategies      []Summary            `json:"strategies"`
	Comparisons     []StrategyComparison `json:"comparisons"`
}

const goldenFile = "default-seed1-2000.json"

// TestGoldenDefaultRun pins a seeded run of the default scenario (2,000
// paths in antithetic pairs, seed 1): every figure of every strategy's
// Summary (mean, standard error, quantiles, VaR and ES with their
// intervals, probability of loss, IRR and payback) and of the comparisons
// must equal testdata/golden's bit for bit. The default scenario couples
// the site's parcels (model.Scenario.Coupling); the run pinned here is the
// default scenario with every coupling off (site.NoCoupling), which must
// reproduce the model without coupling bit for bit. A change to the model or the
// engine that moves any number fails here with the list of what moved; if
// the change is intended, regenerate the file with
//
//	go test ./sim -run TestGoldenDefaultRun -update
//
// and commit it with the change.
func TestGoldenDefaultRun(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Coupling = site.NoCoupling()
	cfg := Config{Paths: 2000, Seed: 1, Workers: 2, Antithetic: true, Bands: &BandSet{}}
	res, err := Run(context.Background(), &sc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := golden{
		Note:            "TestGoldenDefaultRun: regenerate with go test ./sim -run TestGoldenDefaultRun -update",
		FloatsAsWritten: mctest.FloatsAsWritten,
		Config:          cfg,
		Strategies:      res.Strategies,
		Comparisons:     res.Comparisons,
	}
	path := filepath.Join("testdata", "golden", goldenFile)
	if *update {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		if err := enc.Encode(got); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
		return
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (create it with go test ./sim -run TestGoldenDefaultRun -update)", err)
	}
	var want golden
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&want); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if want.Config.Paths != cfg.Paths || want.Config.Seed != cfg.Seed || want.Config.Antithetic != cfg.Antithetic {
		t.Fatalf("%s pins a run of %+v, the test runs %+v: regenerate it", path, want.Config, cfg)
	}
	labelEstimators(t, &want, &got, Antithetic.Estimator())
	exact := want.FloatsAsWritten && mctest.FloatsAsWritten
	var moved []string
	diffValues(reflect.ValueOf(want.Strategies), reflect.ValueOf(got.Strategies), "strategies", exact, &moved)
	diffValues(reflect.ValueOf(want.Comparisons), reflect.ValueOf(got.Comparisons), "comparisons", exact, &moved)
	if len(moved) > 0 {
		t.Errorf("%d figures of the seeded default run moved from %s:\n%s\n"+
			"If the change is intended (a model fix, a new default), regenerate the file with\n"+
			"\tgo test ./sim -run TestGoldenDefaultRun -update\nand commit it with the change.",
			len(moved), path, strings.Join(moved, "\n"))
	}
}

// diffValues appends to moved a line for every leaf where want and got
// differ (floats compared bit for bit), named by its path with the
// strategy's name where there is one. Floats are compared by
// mctest.SameFloat: bit for bit when exact.
func diffValues(want, got reflect.Value, path string, exact bool, moved *[]string) {
	switch want.Kind() {
	case reflect.Slice, reflect.Array:
		if want.Len() != got.Len() {
			*moved = append(*moved, fmt.Sprintf("  %s: %d entries, now %d", path, want.Len(), got.Len()))
			return
		}
		for i := range want.Len() {
			p := fmt.Sprintf("%s[%d]", path, i)
			if e := want.Index(i); e.Kind() == reflect.Struct {
				if f := e.FieldByName("Name"); f.IsValid() {
					p = fmt.Sprintf("%s[%q]", path, f.String())
				}
			}
			diffValues(want.Index(i), got.Index(i), p, exact, moved)
		}
	case reflect.Struct:
		for i := range want.NumField() {
			sf := want.Type().Field(i)
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			p := path + "." + name
			if sf.Anonymous {
				p = path
			}
			diffValues(want.Field(i), got.Field(i), p, exact, moved)
		}
	case reflect.Float64:
		w, g := want.Float(), got.Float()
		if !mctest.SameFloat(g, w, exact) {
			*moved = append(*moved, fmt.Sprintf("  %s: %.10g, now %.10g (%+.3g%%)", path, w, g, 100*(g-w)/math.Abs(w)))
		}
	default:
		if !reflect.DeepEqual(want.Interface(), got.Interface()) {
			*moved = append(*moved, fmt.Sprintf("  %s: %v, now %v", path, want.Interface(), got.Interface()))
		}
	}
}

// labelEstimators checks that every summary and comparison of got states
// the estimator est, and gives want's the same label where the file, written
// before Summary.Estimator existed, has none: the file pins figures, and
// the label is checked here.
func labelEstimators(t *testing.T, want, got *golden, est string) {
	t.Helper()
	for i := range got.Strategies {
		if got.Strategies[i].Estimator != est {
			t.Errorf("strategies[%d].estimator = %q, want %q", i, got.Strategies[i].Estimator, est)
		}
		if i < len(want.Strategies) && want.Strategies[i].Estimator == "" {
			want.Strategies[i].Estimator = est
		}
	}
	for i := range got.Comparisons {
		if got.Comparisons[i].Estimator != est {
			t.Errorf("comparisons[%d].estimator = %q, want %q", i, got.Comparisons[i].Estimator, est)
		}
		if i < len(want.Comparisons) && want.Comparisons[i].Estimator == "" {
			want.Comparisons[i].Estimator = est
		}
	}
}
