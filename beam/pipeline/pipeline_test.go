package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// timeless returns res's JSON without the run's timing figures.
func timeless(t *testing.T, res *sim.Result) string {
	t.Helper()
	c := *res
	c.Run.WallSeconds, c.Run.PathsPerSecond, c.Run.NsPerPathStep = 0, 0, 0
	var b bytes.Buffer
	if err := c.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestPipelineOnPrism runs a two-variant sweep (the default scenario and
// one with a higher discount rate), 5 shards each, on the prism runner in
// this process, and checks each variant's Result against a direct
// sim.Run: the same JSON byte for byte, timing figures aside.
func TestPipelineOnPrism(t *testing.T) {
	cfg := sim.Config{Paths: 2000, Seed: 4, Workers: 1, Antithetic: true}
	base := model.DefaultScenario()
	dear := model.DefaultScenario()
	dear.Finance.DiscountRatePerYear += 0.02
	scs := map[string]*model.Scenario{"default": &base, "dear-money": &dear}
	var vs []Variant
	for _, key := range []string{"default", "dear-money"} {
		v, err := NewVariant(key, scs[key], cfg)
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	dir := t.TempDir()
	p, s := beam.NewPipelineWithRoot()
	if _, err := Build(s, vs, Options{Shards: 5, Samples: true, OutDir: dir}); err != nil {
		t.Fatal(err)
	}
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}
	for key, sc := range scs {
		f, err := os.Open(filepath.Join(dir, key+".json"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := sim.ReadResultJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		want, err := sim.Run(context.Background(), sc, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if timeless(t, got) != timeless(t, want) {
			t.Errorf("%s: the pipeline's Result differs from the direct run's", key)
		}
	}
}

// TestBuildRefuses: duplicate keys, bad configs and too many shards are
// errors before any pipeline runs.
func TestBuildRefuses(t *testing.T) {
	sc := model.DefaultScenario()
	good, err := NewVariant("a", &sc, sim.Config{Paths: 400, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	bad, _ := NewVariant("b", &sc, sim.Config{Paths: 10})
	slash := good
	slash.Key = "x/y"
	for name, c := range map[string]struct {
		vs     []Variant
		shards int
	}{
		"duplicate key": {[]Variant{good, good}, 2},
		"bad config":    {[]Variant{bad}, 2},
		"key with /":    {[]Variant{slash}, 2},
		"too many":      {[]Variant{good}, 401},
		"no shards":     {[]Variant{good}, 0},
	} {
		_, s := beam.NewPipelineWithRoot()
		if _, err := Build(s, c.vs, Options{Shards: c.shards}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
