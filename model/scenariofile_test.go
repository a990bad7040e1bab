package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/strictjson"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

var update = flag.Bool("update", false, "rewrite examples/scenarios/default.json from DefaultScenario")

// scenarioDir holds the shipped scenario files.
const scenarioDir = "../examples/scenarios"

func saveString(t *testing.T, sc Scenario) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := SaveScenario(&buf, sc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func loadString(s string) (Scenario, error) { return LoadScenario(strings.NewReader(s)) }

func TestDefaultScenarioFile(t *testing.T) {
	want := saveString(t, DefaultScenario())
	path := filepath.Join(scenarioDir, "default.json")
	if *update {
		if err := SaveScenarioFile(path, DefaultScenario()); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./model -run TestDefaultScenarioFile -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from SaveScenario(DefaultScenario()); run go test ./model -run TestDefaultScenarioFile -update\nfile:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestScenarioRoundTrip saves and loads back: the default and every shipped
// scenario come back equal, and saving again gives the same bytes.
func TestScenarioRoundTrip(t *testing.T) {
	scenarios := map[string]Scenario{"DefaultScenario": DefaultScenario(), "full": fullScenario()}
	files, _ := filepath.Glob(filepath.Join(scenarioDir, "*.json"))
	for _, f := range files {
		sc, err := LoadScenarioFile(f)
		if err != nil {
			t.Fatal(err)
		}
		scenarios[f] = sc
	}
	for name, sc := range scenarios {
		t.Run(name, func(t *testing.T) {
			b := saveString(t, sc)
			back, err := LoadScenario(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, sc) {
				t.Errorf("round trip changed the scenario:\n got %+v\nwant %+v", back, sc)
			}
			if name == "full" && (!bytes.Contains(b, []byte(`"name": "switch 0% <never> & co",`)) ||
				!bytes.Contains(b, []byte("\"fraction\": 0\n"))) {
				t.Errorf("switch of nothing saved without its fraction or with escapes:\n%s", b)
			}
			if again := saveString(t, back); !bytes.Equal(again, b) {
				t.Errorf("second save differs:\n%s\nfirst:\n%s", again, b)
			}
		})
	}
}

// fullScenario is the default with every optional part present: a price
// shock, explicit sub-configurations of every strategy kind and business.
func fullScenario() Scenario {
	sc := DefaultScenario()
	sc.Name = "full"
	sc.Market.BTCPrice.Shocks = []market.PriceShock{{TimeYears: 0.5, LogSize: math.Log(0.4)}}
	conv, lease, gpu := site.DefaultConversion(), site.DefaultLease(), site.DefaultGPUCloud()
	h := Hybrid(0.5, 6, nil)
	h.Conversion, h.Contract, h.Phases, h.PhaseIntervalMonths = &conv, lease, 2, 6
	g := ConditionalSwitch(0.25, site.DefaultTrigger(), site.DefaultGPUCloud())
	g.Contract = gpu
	// A conditional switch of nothing must still write its fraction (0),
	// and its name is written without HTML escapes.
	z := ConditionalSwitch(0, site.DefaultTrigger(), nil)
	z.Label = "switch 0% <never> & co"
	sc.Strategies = append(sc.Strategies, h, g, z)
	sc.Strategies[3].Label = "phased hybrid"
	return sc
}

func TestShippedScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(scenarioDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Base(f)
	}
	for _, want := range []string{"default.json", "btc-crash.json", "gpu-glut.json", "backstopped-lease.json", "gpu-cloud.json", "grid-emergency-summer.json"} {
		if !slices.Contains(names, want) {
			t.Errorf("%s missing from %s (have %v)", want, scenarioDir, names)
		}
	}
	defaultJSON := genericJSON(t, saveString(t, DefaultScenario()))
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			sc, err := LoadScenarioFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if stem := strings.TrimSuffix(filepath.Base(f), ".json"); sc.Name != stem {
				t.Errorf("name %q, want the file's stem %q", sc.Name, stem)
			}
			if _, err := NewPlan(&sc); err != nil {
				t.Fatalf("NewPlan: %v", err)
			}
			if filepath.Base(f) == "default.json" {
				return
			}
			if sc.Description == "" || sc.Description == DefaultScenario().Description {
				t.Errorf("description %q: want one of the scenario's own", sc.Description)
			}
			// A named scenario names only what differs from the default
			// (arrays, which replace the default's whole, aside).
			b, _ := os.ReadFile(f)
			for path, v := range leaves(genericJSON(t, b), "") {
				if path == "name" || path == "description" {
					continue
				}
				if dv, ok := leaves(defaultJSON, "")[path]; ok && reflect.DeepEqual(dv, v) {
					t.Errorf("%s = %v repeats the default; leave it out", path, v)
				}
			}
		})
	}
}

func genericJSON(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// leaves returns the scalar values of a decoded JSON document by path,
// outside arrays.
func leaves(v any, path string) map[string]any {
	out := map[string]any{}
	if m, ok := v.(map[string]any); ok {
		for k, x := range m {
			for p, y := range leaves(x, join(path, k)) {
				out[p] = y
			}
		}
	} else if _, isArray := v.([]any); !isArray {
		out[path] = v
	}
	return out
}

// TestBTCCrashScenario checks the crash: its shocks add up to ln 0.4 within
// the first year, and on common random numbers every path's price at the
// end of year one is exactly 0.4 times the default's.
func TestBTCCrashScenario(t *testing.T) {
	crash, err := LoadScenarioFile(filepath.Join(scenarioDir, "btc-crash.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, s := range crash.Market.BTCPrice.Shocks {
		if !(s.TimeYears > 0 && s.TimeYears <= 1) {
			t.Errorf("shock at %g years, outside year one", s.TimeYears)
		}
		sum += s.LogSize
	}
	if math.Abs(sum-math.Log(0.4)) > 1e-15 {
		t.Errorf("shocks add up to %.17g, want ln 0.4 = %.17g", sum, math.Log(0.4))
	}
	base := DefaultScenario()
	pc, err := NewPlan(&crash)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := NewPlan(&base)
	if err != nil {
		t.Fatal(err)
	}
	xc, _ := pc.NewSimulator()
	xb, _ := pb.NewSimulator()
	for path := uint64(0); path < 200; path++ {
		xc.Reset(7, path, false)
		xb.Reset(7, path, false)
		var sc, sb *market.State
		for range 12 {
			sc, _ = xc.Step()
			sb, _ = xb.Step()
		}
		if r := sc.BTCPriceUSD / sb.BTCPriceUSD; math.Abs(r-0.4) > 1e-12 {
			t.Fatalf("path %d: crash/default price after one year = %.15g, want 0.4", path, r)
		}
	}
}

// TestNamedScenarioContents checks the calibration the named scenarios
// describe.
func TestNamedScenarioContents(t *testing.T) {
	load := func(name string) Scenario {
		t.Helper()
		sc, err := LoadScenarioFile(filepath.Join(scenarioDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	grid := load("grid-emergency-summer.json")
	if dc := DefaultScenario().Coupling; !grid.Coupling.On() || grid.Coupling.ShedEventsPerYear <= dc.ShedEventsPerYear ||
		grid.Coupling.ShedShare <= dc.ShedShare || grid.Coupling.BackupFuelUSDPerMWh <= dc.BackupFuelUSDPerMWh {
		t.Errorf("grid-emergency-summer: coupling %+v, want it on with more calls, more MW and dearer fuel than the default's %+v", grid.Coupling, dc)
	}
	glut := load("gpu-glut.json")
	g := glut.Market.GPU
	if p := g.TightToGlutPerYear / (g.TightToGlutPerYear + g.GlutToTightPerYear); !(p > 0.5) {
		t.Errorf("gpu-glut: stationary glut probability %g, want > 0.5", p)
	}
	d := market.DefaultGPUParams()
	if glut.Market.Start.GPURegime != market.GPUGlut || !(g.GenerationDecayPerYear > d.GenerationDecayPerYear) ||
		!(g.OversupplyJumpRatePerYear() > d.OversupplyJumpRatePerYear()) {
		t.Errorf("gpu-glut: start regime %v, decay %g, oversupply rate %g/yr: want glut and more than the default's %g, %g",
			glut.Market.Start.GPURegime, g.GenerationDecayPerYear, g.OversupplyJumpRatePerYear(), d.GenerationDecayPerYear, d.OversupplyJumpRatePerYear())
	}
	dc, gc := market.DefaultCreditParams().BaseHazardPerYear, glut.Market.Credit.BaseHazardPerYear
	if gc.Hyperscaler != dc.Hyperscaler || !(gc.RatedNeocloud > dc.RatedNeocloud) || !(gc.UnratedNeocloud > dc.UnratedNeocloud) {
		t.Errorf("gpu-glut: hazards %+v, want the default hyperscaler's and higher neocloud ones than %+v", gc, dc)
	}
	for _, sp := range glut.Strategies {
		if sp.Kind == KindPureMining {
			continue
		}
		if sp.terms().(site.Tenanted).TenantClass() == market.Hyperscaler {
			t.Errorf("gpu-glut: %s has a hyperscaler tenant", sp.Name())
		}
	}

	lease := load("backstopped-lease.json")
	var backed, bare int
	for _, sp := range lease.Strategies {
		if sp.Kind == KindPureMining {
			continue
		}
		l, ok := sp.terms().(site.Lease)
		if !ok || l.Tenant != market.RatedNeocloud || l.RentUSDPerKWMonth != 154 || l.TermYears != 10 {
			t.Errorf("backstopped-lease: %s lease %+v, want a rated neocloud for 10 years at 154 USD/kW-month", sp.Name(), l)
		}
		switch {
		// docs/CALIBRATION.md §F: backstop ÷ contract value 1.8/3.7, 1.4/3.0, 3.2/6.7.
		case l.BackstopShare >= 1.4/3.0 && l.BackstopShare <= 1.8/3.7:
			backed++
		case l.BackstopShare == 0:
			bare++
		default:
			t.Errorf("backstopped-lease: %s backstop share %g outside §F's [%.3f, %.3f]", sp.Name(), l.BackstopShare, 1.4/3.0, 1.8/3.7)
		}
	}
	if backed == 0 || bare == 0 {
		t.Errorf("backstopped-lease: %d backstopped and %d bare leases, want both", backed, bare)
	}

	cloud := load("gpu-cloud.json")
	n := 0
	for _, sp := range cloud.Strategies {
		if sp.terms().Business() == "gpuCloud" {
			n++
		}
	}
	if n == 0 {
		t.Error("gpu-cloud: no GPU cloud strategy")
	}
}

func TestPartialScenario(t *testing.T) {
	sc, err := loadString(`{"name": "p", "description": "d",
		"market": {"btcPrice": {"volPerYear": 0.6}, "correlation": {"pairs": [{"a": "power", "b": "fees", "rho": 0.1}]}},
		"strategies": [{"kind": "hybrid", "fraction": 0.3, "lease": {"termYears": 15}}]}`)
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultScenario()
	want.Name, want.Description = "p", "d"
	want.Market.BTCPrice.VolPerYear = 0.6
	// A correlation replaces the default pairs whole.
	want.Market.Correlation = market.CorrelationParams{Pairs: []market.CorrelationPair{{A: market.ShockPower, B: market.ShockFees, Rho: 0.1}}}
	l := site.DefaultLease()
	l.TermYears = 15
	want.Strategies = []StrategySpec{{Kind: KindHybrid, Fraction: 0.3, Contract: l}}
	if !reflect.DeepEqual(sc, want) {
		t.Errorf("decoded\n%+v\nwant\n%+v", sc, want)
	}
	// A pair without rho is uncorrelated, not the rho of the default's
	// first pair.
	sc, err = loadString(`{"market": {"correlation": {"pairs": [{"a": "power", "b": "fees"}]}}}`)
	if err != nil {
		t.Fatal(err)
	}
	if got := sc.Market.Correlation.Pairs; len(got) != 1 || got[0].Rho != 0 {
		t.Errorf("pairs %+v, want one pair with rho 0", got)
	}
	// A full matrix needs no "pairs": [] to clear the default pairs.
	if _, err := loadString(`{"market": {"correlation": {"matrix": [[1,0,0,0,0],[0,1,0,0,0],[0,0,1,0,0],[0,0,0,1,0],[0,0,0,0,1]]}}}`); err != nil {
		t.Errorf("matrix correlation: %v", err)
	}
	// The same through encoding/json directly.
	var direct Scenario
	if err := json.Unmarshal([]byte(`{"finance": {"taxRate": 0.21}}`), &direct); err != nil {
		t.Fatal(err)
	}
	want = DefaultScenario()
	want.Finance.TaxRate = 0.21
	if !reflect.DeepEqual(direct, want) {
		t.Errorf("json.Unmarshal gave %+v", direct)
	}
}

// TestBuildLongerThanHorizon records a decision: a build that cannot finish
// within the horizon is valid (the strategy is merely useless): the
// unfinished project enters the terminal value, so the valuation stays
// meaningful.
func TestBuildLongerThanHorizon(t *testing.T) {
	sc, err := loadString(`{"finance": {"horizonYears": 2}, "facility": {"asicSalvageUSDPerTH": 0},
		"strategies": [{"kind": "fullAI", "conversion": {"buildMonths": {"kind": "fixed", "value": 40}}}]}`)
	if err != nil {
		t.Fatalf("build of 40 months on a 2-year horizon rejected: %v", err)
	}
	p, err := NewPlan(&sc)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := p.NewSimulator()
	x.Reset(1, 0, false)
	var capex, terminal float64
	var s *market.State
	for range p.Steps() {
		var cfs []site.CashFlow
		s, cfs = x.Step()
		capex += cfs[0].CapexUSD
		terminal += cfs[0].TerminalUSD
	}
	// The capex is spent evenly over 40 months: 24/40 of it by the
	// horizon. The rest, total/(40/12) a year over the 16 months left, and
	// the lease that starts at 40 months, valued at the exit multiple (5)
	// of its NOI at the horizon's market rent (85 % of the rent on 75 MW
	// IT), are both discounted at the exit yield 1/5 over the wait: the
	// project is worth max(5·NOI·e^(−w/5) − total/(40/12)·5·(1 − e^(−w/5)), 0)
	// with w = 40/12 − 2, and here that is positive.
	total := x.Runner(0).(*site.PivotRunner).Parcels()[0].Build.CapexUSD()
	noi := 0.85 * s.ColoRentUSDPerKWMonth * 75_000 * 12
	d := math.Exp(-(40.0/12 - 2) / 5)
	wantTerminal := 5*noi*d - total/(40.0/12)*5*(1-d)
	if !(wantTerminal > 0) {
		t.Fatalf("hand value %g: the case tests nothing", wantTerminal)
	}
	if math.Abs(capex-0.6*total) > 1e-9*total || math.Abs(terminal-wantTerminal) > 1e-9*total {
		t.Errorf("capex %g of %g (want 60 %%), terminal %g (want %g)", capex, total, terminal, wantTerminal)
	}
}

// TestLoadScenarioErrors feeds invalid documents and checks that each error
// names the field (and, where given, the line and column). None may panic.
func TestLoadScenarioErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		// Syntax and the document's shape.
		{"empty", ``, []string{"line 1, column 1", "empty document"}},
		{"blank", "\n\n  ", []string{"line 3, column 3", "empty document"}},
		{"cut short", "{\n  \"name\": \"x\",", []string{"line 2, column 15 (byte 16)", "cut short"}},
		{"cut in a string", `{"name": "x`, []string{"line 1, column 12", "cut short"}},
		{"missing comma", "{\n  \"name\": \"x\"\n  \"description\": \"y\"\n}", []string{"line 3, column 3 (byte 18)", "syntax error"}},
		{"bare NaN", "{\"facility\": {\n  \"gridMW\": NaN}}", []string{"line 2, column 13 (byte 27)", "syntax error", "'N'"}},
		{"bare Infinity", `{"facility": {"gridMW": Infinity}}`, []string{"line 1, column 25", "syntax error"}},
		{"minus Infinity", `{"facility": {"gridMW": -Infinity}}`, []string{"line 1, column 26", "syntax error"}},
		{"comment", "{\n// note\n}", []string{"line 2, column 1", "syntax error"}},
		{"single quotes", `{'name': 'x'}`, []string{"line 1, column 2", "syntax error"}},
		{"trailing comma", `{"name": "x",}`, []string{"line 1, column 14", "syntax error"}},
		{"trailing garbage", "{}\n xyz", []string{"line 2, column 2 (byte 4)", "data after the scenario object", `"xyz"`}},
		{"two objects", `{"name": "a"} {"name": "b"}`, []string{"line 1, column 15", "data after the scenario object"}},
		{"extra brace", `{"name": "a"}}`, []string{"line 1, column 14", "data after the scenario object"}},
		{"array", `[{"name": "a"}]`, []string{"line 1, column 1", "want a JSON object, got an array"}},
		{"null document", `null`, []string{"line 1, column 1", "want a JSON object, got null"}},
		{"string document", `"default"`, []string{"want a JSON object, got a string"}},
		{"byte-order mark", "\xef\xbb\xbf{}", []string{"line 1, column 1", "byte-order mark"}},

		// Wrong types.
		{"string for a number", "{\"facility\": {\n  \"gridMW\": \"100\"}}", []string{"line 2, column 13", "facility.gridMW: want a number, got a string \"100\""}},
		{"NaN string", `{"market": {"btcPrice": {"volPerYear": "NaN"}}}`, []string{"market.btcPrice.volPerYear: want a number", `"NaN"`}},
		{"Infinity string", `{"finance": {"horizonYears": "Infinity"}}`, []string{"finance.horizonYears: want a number", `"Infinity"`}},
		{"number out of range", `{"facility": {"gridMW": 1e999}}`, []string{"line 1, column 25", "facility.gridMW: number 1e999 is out of the range of a float64"}},
		{"fraction for an integer", `{"market": {"start": {"height": 930355.5}}}`, []string{"line 1, column 33", "market.start.height: want an integer, got 930355.5"}},
		{"exponent for an integer", `{"market": {"start": {"height": 9.3e5}}}`, []string{"market.start.height: want an integer, got 9.3e5"}},
		{"integer overflow", `{"market": {"start": {"height": 99999999999999999999}}}`, []string{"market.start.height: want an integer in [-9223372036854775808, 9223372036854775807]"}},
		{"string for an integer", `{"strategies": [{"kind": "hybrid", "fraction": 0.5, "phases": "two"}]}`, []string{"strategies[0].phases: want an integer", `"two"`}},
		{"boolean for a number", `{"finance": {"taxRate": true}}`, []string{"finance.taxRate: want a number, got a boolean true"}},
		{"number for a string", `{"name": 42}`, []string{"line 1, column 10", "name: want a string, got a number 42"}},
		{"object for an array", `{"strategies": {"kind": "pureMining"}}`, []string{"strategies: want an array, got an object"}},
		{"array for an object", `{"market": {"gpu": {"floor": [1.2]}}}`, []string{"market.gpu.floor: want an object, got an array"}},
		{"number in a matrix of numbers", `{"market": {"correlation": {"matrix": [[1, "0.2"]]}}}`, []string{"market.correlation.matrix[0][1]: want a number"}},
		{"unknown business", `{"strategies": [{"kind": "hybrid", "fraction": 0.5, "business": "solar"}]}`, []string{"strategies[0].business", `"solar"`, "must be colocation", "gpuCloud"}},
		{"tenant as a number", `{"strategies": [{"kind": "fullAI", "lease": {"tenant": 1}}]}`, []string{"strategies[0].lease.tenant: want a string, got a number 1"}},
		{"unknown tenant", `{"strategies": [{"kind": "fullAI", "lease": {"tenant": "bank"}}]}`, []string{"strategies[0].lease.tenant", `"bank"`, "hyperscaler"}},
		{"unknown regime", `{"market": {"start": {"gpuRegime": "boom"}}}`, []string{"market.start.gpuRegime", `"boom"`}},
		{"null value", `{"facility": {"gridMW": null}}`, []string{"line 1, column 25", "facility.gridMW: null is not a value: give a number or leave the field out"}},
		{"null object", `{"market": null}`, []string{"market: null is not a value"}},
		{"null strategy", `{"strategies": [null]}`, []string{"strategies[0]: null is not a value"}},

		// Unknown fields, at every depth.
		{"unknown top-level field", "{\n  \"nmae\": \"x\"}", []string{"line 2, column 3", `nmae: unknown field (did you mean "name"?)`}},
		{"Go field name", `{"Name": "x"}`, []string{`Name: unknown field (did you mean "name"? names are case-sensitive)`}},
		{"custom strategies", `{"custom": []}`, []string{"custom: unknown field"}},
		{"unknown in market", `{"market": {"btc": {}}}`, []string{"market.btc: unknown field"}},
		{"unknown in price", `{"market": {"btcPrice": {"volatility": 0.5}}}`, []string{"market.btcPrice.volatility: unknown field"}},
		{"unknown in a shock", `{"market": {"btcPrice": {"shocks": [{"timeYears": 1, "logSize": -1, "when": 2}]}}}`, []string{"market.btcPrice.shocks[0].when: unknown field"}},
		{"unknown in a regime", `{"market": {"gpu": {"tight": {"drift": 0.1}}}}`, []string{"market.gpu.tight.drift: unknown field"}},
		{"unknown in class values", `{"market": {"credit": {"baseHazardPerYear": {"bank": 0.01}}}}`, []string{"market.credit.baseHazardPerYear.bank: unknown field"}},
		{"unknown in a correlation pair", `{"market": {"correlation": {"pairs": [{"a": "power", "b": "fees", "r": 0.1}]}}}`, []string{"market.correlation.pairs[0].r: unknown field"}},
		{"unknown in finance", `{"finance": {"discountRate": 0.1}}`, []string{`finance.discountRate: unknown field (known fields: discountRatePerYear,`}},
		{"misspelt field", `{"finance": {"horizonYaers": 5}}`, []string{`finance.horizonYaers: unknown field (did you mean "horizonYears"?)`}},
		{"unknown in a strategy", `{"strategies": [{"kind": "pureMining", "fractoin": 0}]}`, []string{`strategies[0].fractoin: unknown field (did you mean "fraction"?)`}},
		{"unknown in a conversion", `{"strategies": [{"kind": "fullAI", "conversion": {"capex": 1}}]}`, []string{"strategies[0].conversion.capex: unknown field"}},
		{"unknown in a distribution", `{"strategies": [{"kind": "fullAI", "conversion": {"buildMonths": {"kind": "fixed", "value": 12, "unit": "months"}}}]}`, []string{"strategies[0].conversion.buildMonths.unit: unknown field"}},
		{"unknown in a lease", `{"strategies": [{"kind": "fullAI", "lease": {"term": 10}}]}`, []string{"strategies[0].lease.term: unknown field"}},
		{"unknown in a GPU cloud", `{"strategies": [{"kind": "fullAI", "business": "gpuCloud", "gpuCloud": {"gpus": 700}}]}`, []string{"strategies[0].gpuCloud.gpus: unknown field"}},
		{"unknown in a trigger", `{"strategies": [{"kind": "conditionalSwitch", "fraction": 0.5, "trigger": {"threshold": 30}}]}`, []string{"strategies[0].trigger.threshold: unknown field"}},
		{"field named twice", "{\"facility\": {\"gridMW\": 3,\n \"gridMW\": 4}}", []string{"line 2, column 2", "facility.gridMW: field named twice in one object (first at line 1)"}},

		// Invalid values (Validate), placed in the document.
		{"negative volatility", "{\"market\": {\"btcPrice\": {\n  \"volPerYear\": -0.5}}}", []string{"line 2, column 17", "market.btcPrice.volPerYear = -0.5: must be in [0, 5]"}},
		{"negative GPU volatility", `{"market": {"gpu": {"glut": {"volPerYear": -1}}}}`, []string{"market.gpu.glut.volPerYear = -1: must be in [0, 3]"}},
		{"negative fee volatility", `{"market": {"fees": {"volPerYear": -0.1}}}`, []string{"market.fees.volPerYear = -0.1"}},
		{"pool fee of one", `{"facility": {"poolFee": 1}}`, []string{"facility.poolFee = 1: must be in [0, 1)"}},
		{"recovery above one", `{"strategies": [{"kind": "fullAI", "lease": {"recoveryRate": 1.2}}]}`, []string{"strategies[0].lease.recoveryRate = 1.2: must be in [0, 1]"}},
		{"negative utilisation", `{"strategies": [{"kind": "fullAI", "business": "gpuCloud", "gpuCloud": {"utilisation": -0.1}}]}`, []string{"strategies[0].gpuCloud.utilisation = -0.1: must be in [0, 1]"}},
		{"Kou up probability", `{"market": {"btcPrice": {"model": "kou", "upProb": 1.5, "upMeanLog": 0.1, "downMeanLog": 0.1}}}`, []string{"market.btcPrice.upProb = 1.5: must be in [0, 1]"}},
		{"hazard above ten", `{"market": {"credit": {"baseHazardPerYear": {"unratedNeocloud": 12}}}}`, []string{"market.credit.baseHazardPerYear.unratedNeocloud = 12: must be in [0, 10]"}},
		{"generator row not summing to zero", `{"market": {"btcPrice": {"model": "regime", "regimeDriftsPerYear": [0.1, -0.3], "regimeVolsPerYear": [0.4, 0.8],
			"regimeGeneratorPerYear": [[-0.5, 0.5], [1, -0.9]]}}}`, []string{"line 2, column 44", "market.btcPrice.regimeGeneratorPerYear[1] = \"row sum 0.09999999999999998\": must be a row summing to 0"}},
		{"correlation not positive semi-definite", `{"market": {"correlation": {"pairs": [{"a": "btcPrice", "b": "fees", "rho": 0.9},
			{"a": "btcPrice", "b": "power", "rho": 0.9}, {"a": "fees", "b": "power", "rho": -0.9}]}}}`, []string{"line 1, column 38", "market.correlation.pairs: ", "semi-definite"}},
		{"correlation matrix not symmetric", `{"market": {"correlation": {"matrix": [[1,0.2,0,0,0],[0.3,1,0,0,0],[0,0,1,0,0],[0,0,0,1,0],[0,0,0,0,1]]}}}`, []string{"market.correlation.matrix[1][0] = 0.3: must be equal to matrix[0][1] = 0.2 (symmetric)"}},
		{"correlation above one", `{"market": {"correlation": {"pairs": [{"a": "btcPrice", "b": "fees", "rho": 1.5}]}}}`, []string{"market.correlation.pairs[0].rho = 1.5: must be in [-1, 1]"}},
		{"unknown shock name", `{"market": {"correlation": {"pairs": [{"a": "btcPrice", "b": "gold", "rho": 0.5}]}}}`, []string{`market.correlation.pairs[0].b = "gold"`}},
		{"hybrid fraction above one", "{\"strategies\": [\n  {\"kind\": \"pureMining\"},\n  {\"kind\": \"hybrid\", \"fraction\": 1.3}]}", []string{"line 3, column 34 (byte 76)", "strategies[1].fraction = 1.3: must be in [0, 1]"}},
		{"hybrid without fraction", `{"strategies": [{"kind": "hybrid"}]}`, []string{"line 1, column 17", `strategies[0].fraction: missing for kind "hybrid"`}},
		{"switch without fraction", `{"strategies": [{"kind": "conditionalSwitch"}]}`, []string{`strategies[0].fraction: missing for kind "conditionalSwitch"`}},
		{"unknown kind", `{"strategies": [{"kind": "solar"}]}`, []string{`strategies[0].kind = "solar"`}},
		{"no strategies", `{"strategies": []}`, []string{"strategies = \"[]\": must be at least one strategy"}},
		{"duplicate strategy names", `{"strategies": [{"kind": "pureMining"}, {"kind": "pureMining"}]}`, []string{`strategies[1].name = "pure mining": must be unique`}},
		{"zero horizon", `{"finance": {"horizonYears": 0}}`, []string{"line 1, column 30", "finance.horizonYears = 0: must be in (0, 100]"}},
		{"negative horizon", `{"finance": {"horizonYears": -5}}`, []string{"finance.horizonYears = -5: must be in (0, 100]"}},
		{"step longer than the horizon", `{"finance": {"horizonYears": 1, "stepMonths": 24}}`, []string{"finance.stepMonths = 24: must be ≤ the horizon of 12 months"}},
		{"step longer than a year", `{"finance": {"stepMonths": 24}}`, []string{"finance.stepMonths = 24: must be ≤ 12"}},
		{"step not dividing the horizon", `{"finance": {"stepMonths": 7}}`, []string{"finance.stepMonths = 7: must be a divisor of the horizon"}},
		{"zero lease term", `{"strategies": [{"kind": "fullAI", "lease": {"termYears": 0}}]}`, []string{"strategies[0].lease.termYears = 0: must be in (0, 50]"}},
		{"negative build time", `{"strategies": [{"kind": "fullAI", "conversion": {"buildMonths": {"kind": "fixed", "value": -3}}}]}`, []string{"strategies[0].conversion.buildMonths.min = -3: must be ≥ 0"}},
		{"unknown distribution", `{"strategies": [{"kind": "fullAI", "conversion": {"buildMonths": {"kind": "weibull"}}}]}`, []string{`strategies[0].conversion.buildMonths.kind = "weibull"`}},
		{"shock at time zero", `{"market": {"btcPrice": {"shocks": [{"timeYears": 0, "logSize": -0.9}]}}}`, []string{"market.btcPrice.shocks[0].timeYears = 0: must be in (0, 1000]"}},
		{"rent below the GPU floor", `{"market": {"start": {"gpuRentUSDPerHour": 0.3}}}`, []string{"line 1, column 44", "market.start.gpuRentUSDPerHour = 0.3: must be > the GPU rent floor"}},
		{"refresh every instant", `{"facility": {"asicRefreshEveryYears": 1e-300}}`, []string{"facility.asicRefreshEveryYears = 1e-300: must be in [0.1, 100]"}},
		{"overrun unbounded below", `{"strategies": [{"kind": "fullAI", "conversion": {"capexOverrun": {"kind": "pert", "min": -1e308, "mode": 1, "max": 1.4}}}]}`, []string{"strategies[0].conversion.capexOverrun"}},
		{"build time of unbounded mean", `{"strategies": [{"kind": "fullAI", "conversion": {"buildMonths": {"kind": "lognormal", "median": 12, "dispersion": 30}}}]}`, []string{"strategies[0].conversion.buildMonths.mean = 3.2486139321444", "must be ≤ 1200"}},
		{"start after a century", `{"strategies": [{"kind": "fullAI", "startMonths": 1e308}]}`, []string{"strategies[0].startMonths = 1e+308: must be in [0, 1200]"}},
		{"BTC at a fraction of a cent", `{"market": {"start": {"btcPriceUSD": 1e-300}}}`, []string{"market.start.btcPriceUSD = 1e-300: must be in [0.01, 1e+09]"}},
		{"zero grid", `{"facility": {"gridMW": 0}}`, []string{"facility.gridMW = 0: must be in (0, 1e5]"}},
		{"start regime out of range", `{"market": {"btcPrice": {"model": "regime", "regimeDriftsPerYear": [0.1], "regimeVolsPerYear": [0.4],
			"regimeGeneratorPerYear": [[0]], "startRegime": 3}}}`, []string{"market.btcPrice.startRegime = 3: must be in [0, 0]"}},
	}
	if len(tests) < 40 {
		t.Fatalf("only %d cases", len(tests))
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadString(tc.doc)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\nwant one containing %q", err, w)
				}
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Errorf("error %T is not a *LoadError", err)
			}
		})
	}
}

func TestLoadScenarioListsEveryProblem(t *testing.T) {
	doc := "{\n" +
		"  \"facility\": {\"gridMW\": -1, \"poolFee\": 2},\n" +
		"  \"finance\": {\"taxRate\": 1}\n" +
		"}"
	_, err := loadString(doc)
	var les []*LoadError
	for _, e := range flattenErrors(err) {
		var le *LoadError
		if !errors.As(e, &le) {
			t.Fatalf("problem %v is not a *LoadError", e)
		}
		les = append(les, le)
	}
	type pos struct {
		field        string
		line, column int
	}
	var got []pos
	for _, le := range les {
		got = append(got, pos{le.Field, le.Line, le.Column})
	}
	want := []pos{{"facility.gridMW", 2, 26}, {"facility.poolFee", 2, 41}, {"finance.taxRate", 3, 26}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems at %+v, want %+v\n%v", got, want, err)
	}
	// Structural problems are listed together too, up to 20.
	var b strings.Builder
	b.WriteString(`{"facility": {`)
	for i := range 25 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"x` + string(rune('a'+i)) + `": 1`)
	}
	b.WriteString("}}")
	_, err = loadString(b.String())
	if n := len(flattenErrors(err)); n != maxLoadErrors+1 || !strings.Contains(err.Error(), "5 more problems not listed") {
		t.Errorf("%d problems listed:\n%v", n, err)
	}
}

// TestUnknownFieldAtEveryDepth inserts an unknown field into every object
// of a scenario that has every optional part, and checks that LoadScenario
// and encoding/json (through the types' strict UnmarshalJSON methods)
// both reject it.
func TestUnknownFieldAtEveryDepth(t *testing.T) {
	base := genericJSON(t, saveString(t, fullScenario()))
	var paths []string
	var visit func(v any, path string)
	visit = func(v any, path string) {
		switch x := v.(type) {
		case map[string]any:
			paths = append(paths, path)
			for k, y := range x {
				visit(y, join(path, k))
			}
		case []any:
			for i, y := range x {
				visit(y, path+"["+string(rune('0'+i))+"]")
			}
		}
	}
	visit(base, "")
	sort.Strings(paths)
	// Every object type of the scenario appears.
	for _, p := range []string{"", "market.gpu.floor", "market.credit.wrongWayElasticity", "market.correlation.pairs[0]",
		"market.btcPrice.shocks[0]", "strategies[3].conversion.capexOverrun", "strategies[3].lease.releaseDelayMonths",
		"strategies[4].gpuCloud", "strategies[4].trigger"} {
		if !slices.Contains(paths, p) {
			t.Fatalf("object %q missing from the full scenario (have %v)", p, paths)
		}
	}
	for _, path := range paths {
		t.Run("at "+path, func(t *testing.T) {
			doc := genericJSON(t, saveString(t, fullScenario()))
			obj := doc
			for _, part := range splitPath(path) {
				obj = obj.(map[string]any)[part.key]
				if part.index >= 0 {
					obj = obj.([]any)[part.index]
				}
			}
			obj.(map[string]any)["zzUnknown"] = 1.0
			b, _ := json.Marshal(doc)
			_, err := LoadScenario(bytes.NewReader(b))
			want := join(path, "zzUnknown") + ": unknown field"
			var le *LoadError
			if err == nil || !strings.Contains(err.Error(), want) || !errors.As(err, &le) || le.Line != 1 || le.Column < 2 {
				t.Errorf("LoadScenario: %v\nwant %q at a position", err, want)
			}
			var sc Scenario
			if err := json.Unmarshal(b, &sc); err == nil || !strings.Contains(err.Error(), `unknown field "zzUnknown"`) {
				t.Errorf("json.Unmarshal: %v, want an unknown field error", err)
			}
		})
	}
}

type pathPart struct {
	key   string
	index int
}

// splitPath splits "a.b[2].c" into a, b (index 2), c.
func splitPath(path string) []pathPart {
	var parts []pathPart
	for _, s := range strings.Split(path, ".") {
		if s == "" {
			continue
		}
		p := pathPart{key: s, index: -1}
		if k, idx, ok := strings.Cut(s, "["); ok {
			p.key = k
			p.index = int(idx[0] - '0')
		}
		parts = append(parts, p)
	}
	return parts
}

// TestSchemaWalkerCoversScenario checks the walker's assumption: no type
// in a Scenario decodes through an UnmarshalJSON of its own that the walker
// does not know to read field by field (a strictjson.Object).
func TestSchemaWalkerCoversScenario(t *testing.T) {
	for _, path := range strictjson.Unchecked(reflect.TypeFor[Scenario]()) {
		t.Errorf("%s has its own UnmarshalJSON the scenario walker does not read", path)
	}
}

// TestValidateNonFinite sets NaN and ±Inf in Go (JSON cannot hold them):
// Validate names the field, and SaveScenario refuses to write it.
func TestValidateNonFinite(t *testing.T) {
	fields := []struct {
		field string
		set   func(sc *Scenario, v float64)
	}{
		{"market.start.btcPriceUSD", func(sc *Scenario, v float64) { sc.Market.Start.BTCPriceUSD = v }},
		{"market.btcPrice.volPerYear", func(sc *Scenario, v float64) { sc.Market.BTCPrice.VolPerYear = v }},
		{"market.btcPrice.jumpsPerYear", func(sc *Scenario, v float64) { sc.Market.BTCPrice.JumpsPerYear = v }},
		{"market.gpu.pipelineGW", func(sc *Scenario, v float64) { sc.Market.GPU.PipelineGW = v }},
		{"market.credit.maxMultiplier", func(sc *Scenario, v float64) { sc.Market.Credit.MaxMultiplier = v }},
		{"market.correlation.pairs[0].rho", func(sc *Scenario, v float64) { sc.Market.Correlation.Pairs[0].Rho = v }},
		{"facility.gridMW", func(sc *Scenario, v float64) { sc.Facility.GridMW = v }},
		{"facility.asicPriceUSDPerTH", func(sc *Scenario, v float64) { sc.Facility.ASICPriceUSDPerTH = v }},
		{"finance.discountRatePerYear", func(sc *Scenario, v float64) { sc.Finance.DiscountRatePerYear = v }},
		{"finance.horizonYears", func(sc *Scenario, v float64) { sc.Finance.HorizonYears = v }},
		{"finance.stepMonths", func(sc *Scenario, v float64) { sc.Finance.StepMonths = v }},
		{"strategies[1].fraction", func(sc *Scenario, v float64) { sc.Strategies[1].Fraction = v }},
		{"strategies[1].startMonths", func(sc *Scenario, v float64) { sc.Strategies[1].StartMonths = v }},
		{"strategies[2].lease.termYears", func(sc *Scenario, v float64) {
			l := site.DefaultLease()
			l.TermYears = v
			sc.Strategies[2].Contract = l
		}},
		{"strategies[2].conversion.buildMonths", func(sc *Scenario, v float64) {
			c := site.DefaultConversion()
			c.BuildMonths = dist.Fixed(v)
			sc.Strategies[2].Conversion = &c
		}},
	}
	for _, f := range fields {
		for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			sc := DefaultScenario()
			f.set(&sc, v)
			err := sc.Validate()
			if err == nil || !strings.Contains(err.Error(), f.field) {
				t.Errorf("%s = %g: Validate gave %v, want an error naming the field", f.field, v, err)
			}
			if err := SaveScenario(&bytes.Buffer{}, sc); err == nil || !strings.Contains(err.Error(), f.field) {
				t.Errorf("%s = %g: SaveScenario gave %v", f.field, v, err)
			}
		}
	}
}

func TestSaveScenarioFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.json")
	sc := DefaultScenario()
	sc.Name = "first"
	if err := SaveScenarioFile(path, sc); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("new file: %v, mode %v", err, fi.Mode())
	}
	back, err := LoadScenarioFile(path)
	if err != nil || !reflect.DeepEqual(back, sc) {
		t.Fatalf("load after save: %v\n%+v", err, back)
	}
	// Replacing keeps the file's mode.
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	sc.Name = "second"
	if err := SaveScenarioFile(path, sc); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("replaced file has mode %v, want 0600", fi.Mode().Perm())
	}
	good, _ := os.ReadFile(path)
	if !bytes.Equal(good, saveString(t, sc)) {
		t.Error("file differs from SaveScenario's output")
	}
	// A failed save leaves the old file and no temporary file.
	bad := sc
	bad.Finance.HorizonYears = math.NaN()
	if err := SaveScenarioFile(path, bad); err == nil || !strings.Contains(err.Error(), "finance.horizonYears") {
		t.Errorf("invalid scenario saved: %v", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, good) {
		t.Error("failed save changed the file")
	}
	if err := SaveScenarioFile(filepath.Join(dir, "missing", "s.json"), sc); err == nil {
		t.Error("save into a missing directory succeeded")
	}
	if err := SaveScenarioFile(dir, sc); err == nil {
		t.Error("save over a directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want only s.json", names)
	}
}

func TestLoadScenarioFileErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(path, []byte("{\n  \"finance\": {\"horizonYears\": 0}\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadScenarioFile(path)
	want := path + ": line 2, column 31 (byte 32): finance.horizonYears = 0: must be in (0, 100]"
	if err == nil || err.Error() != want {
		t.Errorf("error\n%v\nwant\n%s", err, want)
	}
	var le *LoadError
	if !errors.As(err, &le) || le.File != path || le.Field != "finance.horizonYears" || le.Line != 2 || le.Column != 31 || le.Offset != 32 {
		t.Errorf("LoadError %+v", le)
	}
	if _, err := LoadScenarioFile(filepath.Join(dir, "none.json")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestLoadScenarioTooLong(t *testing.T) {
	doc := `{"description": "` + strings.Repeat("x", MaxScenarioBytes) + `"}`
	if _, err := loadString(doc); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("long document: %v", err)
	}
}

// TestLoadErrorColumnsCountCharacters checks that columns count code
// points: "é" is two bytes but one column.
func TestLoadErrorColumnsCountCharacters(t *testing.T) {
	_, err := loadString(`{"description": "é", "facility": {"gridMW": -1}}`)
	var le *LoadError
	if !errors.As(err, &le) || le.Column != 45 || le.Offset != 45 {
		t.Errorf("got %+v, want column 45 at byte 45", le)
	}
}
