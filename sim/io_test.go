package sim

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strconv"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

func TestResultJSONRoundTrip(t *testing.T) {
	sc := shortDefault(2)
	sc.Custom = []site.Strategy{funcStrategy{name: "flat", cash: func(*market.State, bool) float64 { return 1e5 }}}
	res := mustRun(t, sc, Config{Paths: 400, FirstPath: 1000, Seed: 4, Antithetic: true, BandPaths: 100})

	for _, withSamples := range []bool{false, true} {
		var buf bytes.Buffer
		write := res.WriteJSON
		if withSamples {
			write = res.WriteJSONWithSamples
		}
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		raw := buf.Bytes()
		got, err := ReadResultJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Strategies, res.Strategies) || !reflect.DeepEqual(got.Comparisons, res.Comparisons) ||
			!reflect.DeepEqual(got.Bands, res.Bands) || !reflect.DeepEqual(got.Run, res.Run) || !reflect.DeepEqual(got.Config, res.Config) {
			t.Errorf("samples %v: round trip changed the summaries, comparisons, bands, run or config", withSamples)
		}
		// The scenario comes back without its custom strategies, as the
		// model decodes it (sub-configurations left nil for their defaults
		// come back filled in), so compare it with the scenario decoded
		// from its own encoding.
		var norm model.Scenario
		b, errB := json.Marshal(res.Scenario)
		if errB == nil {
			errB = json.Unmarshal(b, &norm)
		}
		a, errA := json.Marshal(got.Scenario)
		b, errC := json.Marshal(&norm)
		if errA != nil || errB != nil || errC != nil || !bytes.Equal(a, b) || len(got.Scenario.Custom) != 0 {
			t.Errorf("samples %v: round trip changed the scenario", withSamples)
		}
		if _, err := model.NewPlan(got.Scenario); err != nil {
			t.Errorf("the scenario read back does not compile: %v", err)
		}
		if withSamples != (got.NPV != nil) {
			t.Errorf("samples %v: NPV read back = %v", withSamples, got.NPV != nil)
		}
		if withSamples && !reflect.DeepEqual(got.NPV, res.NPV) {
			t.Errorf("NPV samples changed in the round trip")
		}
		if got.IRRPerYear != nil || got.PaybackMonths != nil {
			t.Errorf("IRR and payback samples are not written, yet came back")
		}

		// The documented shape: a top-level "strategies" array with the
		// risk figures by name.
		var doc map[string]any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		strats, ok := doc["strategies"].([]any)
		if !ok || len(strats) != 4 {
			t.Fatalf("top-level strategies: %T of %v", doc["strategies"], doc["strategies"])
		}
		for _, s := range strats {
			m := s.(map[string]any)
			for _, key := range []string{"name", "mean", "stderr", "var95", "es95", "var99", "es99", "probLoss"} {
				if _, ok := m[key]; !ok {
					t.Errorf("strategy entry lacks %q", key)
				}
			}
		}
		if _, ok := doc["npvUSD"]; ok != withSamples {
			t.Errorf("samples %v: npvUSD present = %v", withSamples, ok)
		}
	}
}

func TestWriteSamplesCSV(t *testing.T) {
	sc := shortDefault(1)
	res := mustRun(t, sc, Config{Paths: 400, FirstPath: 50, Seed: 8, Bands: &BandSet{}})
	var buf bytes.Buffer
	if err := res.WriteSamplesCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	names := res.StrategyNames()
	if len(rows) != 401 || !reflect.DeepEqual(rows[0], append([]string{"path"}, names...)) {
		t.Fatalf("CSV: %d rows, header %v; want 401 rows and header path + %v", len(rows), rows[0], names)
	}
	for i, row := range rows[1:] {
		if len(row) != 1+len(names) || row[0] != strconv.Itoa(50+i) {
			t.Fatalf("row %d = %v: want path %d and %d values", i+1, row, 50+i, len(names))
		}
		for j, cell := range row[1:] {
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil || v != res.NPV[j][i] {
				t.Fatalf("row %d column %d = %q, want %v exactly", i+1, j+1, cell, res.NPV[j][i])
			}
		}
	}

	// A result read without samples has none to write.
	var js bytes.Buffer
	if err := res.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	back, err := ReadResultJSON(&js)
	if err != nil {
		t.Fatal(err)
	}
	if err := back.WriteSamplesCSV(&bytes.Buffer{}); err == nil {
		t.Errorf("WriteSamplesCSV without samples: no error")
	}
}

func TestResultStrategyLookup(t *testing.T) {
	res := mustRun(t, shortDefault(1), Config{Paths: 400, Bands: &BandSet{}})
	for i, name := range res.StrategyNames() {
		s, ok := res.Strategy(name)
		if !ok || !reflect.DeepEqual(s, res.Strategies[i]) {
			t.Errorf("Strategy(%q) = %v, %v", name, s.Name, ok)
		}
	}
	if _, ok := res.Strategy("no such strategy"); ok {
		t.Errorf("Strategy of an unknown name found one")
	}
}
