package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model/site"
)

// FuzzLoadScenario feeds arbitrary documents to LoadScenario. It must not
// panic or hang; it either returns an error whose every problem is a
// *LoadError (located unless it is a value the document does not set), or
// a scenario that validates, that NewPlan accepts, and that saves and loads
// back unchanged. The seed corpus (testdata/fuzz/FuzzLoadScenario) holds
// the shipped scenarios, truncated and mistyped documents, unknown fields,
// NaN-like strings and odd JSON.
func FuzzLoadScenario(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(scenarioDir, "*.json"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := LoadScenario(bytes.NewReader(data))
		if err != nil {
			checkLoadError(t, err)
			return
		}
		if err := sc.Validate(); err != nil {
			t.Fatalf("LoadScenario returned an invalid scenario: %v", err)
		}
		if _, err := NewPlan(&sc); err != nil {
			t.Fatalf("NewPlan rejected a loaded scenario: %v", err)
		}
		var buf bytes.Buffer
		if err := SaveScenario(&buf, sc); err != nil {
			t.Fatalf("SaveScenario: %v", err)
		}
		back, err := LoadScenario(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("saved scenario does not load: %v\n%s", err, buf.Bytes())
		}
		if !reflect.DeepEqual(back, sc) {
			t.Fatalf("round trip changed the scenario:\n got %+v\nwant %+v", back, sc)
		}
		var again bytes.Buffer
		if err := SaveScenario(&again, back); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
			t.Fatalf("second save differs (%v)", err)
		}
	})
}

// checkLoadError checks that every problem of a LoadScenario error is a
// *LoadError, and that no problem comes from encoding/json itself (which
// would mean the shape check let something through).
func checkLoadError(t *testing.T, err error) {
	t.Helper()
	for _, e := range flattenErrors(err) {
		var le *LoadError
		if !errors.As(e, &le) {
			t.Fatalf("problem %q is a %T, not a *LoadError", e, e)
		}
		var ute *json.UnmarshalTypeError
		if errors.As(e, &ute) || strings.Contains(e.Error(), "json: ") {
			t.Fatalf("the decoder found a problem the shape check missed: %v", e)
		}
		if le.Line == 0 && le.Field == "" && !strings.Contains(le.Error(), "more problems") {
			t.Fatalf("problem neither located nor naming a field: %v", e)
		}
	}
}

// numericLeaf is a settable number in a scenario, with its JSON path. A
// number inside a spec's contract terms (a value in an interface) is set
// in a copy of the terms, which commit writes back.
type numericLeaf struct {
	path   string
	v      reflect.Value
	commit func()
}

// setFloat sets a float leaf to x.
func (l numericLeaf) setFloat(x float64) {
	l.v.SetFloat(x)
	l.done()
}

// setInt sets an integer leaf to x.
func (l numericLeaf) setInt(x int64) {
	l.v.SetInt(x)
	l.done()
}

// done writes a leaf inside contract terms back into the scenario.
func (l numericLeaf) done() {
	if l.commit != nil {
		l.commit()
	}
}

// numericLeaves lists the numeric fields of v (floats and integers, also
// inside slices and the pointers the strategies hold), with their paths.
func numericLeaves(v reflect.Value, path string) []numericLeaf {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return numericLeaves(v.Elem(), path)
	case reflect.Struct:
		var out []numericLeaf
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			if sf.Type == termsType {
				out = append(out, termsLeaves(v.Field(i), path)...)
				continue
			}
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if name == "-" || !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			out = append(out, numericLeaves(v.Field(i), join(path, name))...)
		}
		return out
	case reflect.Slice, reflect.Array:
		var out []numericLeaf
		for i := range v.Len() {
			out = append(out, numericLeaves(v.Index(i), fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	case reflect.Float64, reflect.Int, reflect.Int64:
		return []numericLeaf{{path: path, v: v}}
	}
	return nil
}

// termsLeaves lists the numeric fields of a spec's contract terms f (an
// interface field of the spec at path), under the terms' kind's key: they
// are set in a copy of the terms, written back into f by commit.
func termsLeaves(f reflect.Value, path string) []numericLeaf {
	if f.IsNil() {
		return nil
	}
	k, err := kindOfTerms(f.Interface().(site.ContractTerms))
	if err != nil {
		return nil
	}
	c := reflect.New(f.Elem().Type()).Elem()
	c.Set(f.Elem())
	out := numericLeaves(c, join(path, k.key))
	for i := range out {
		out[i].commit = func() {
			if f.CanSet() {
				f.Set(c)
			}
		}
	}
	return out
}

// ignoredByDefault are the numeric fields fullScenario does not use (the
// Kou and regime parameters of its Merton price model), which may take any
// value.
var ignoredByDefault = map[string]bool{
	"market.btcPrice.upProb": true, "market.btcPrice.upMeanLog": true, "market.btcPrice.downMeanLog": true,
	"market.btcPrice.startRegime": true,
}

// crossField lists, for fields whose value bounds another field, the field
// Validate may name instead.
var crossField = map[string][]string{
	"finance.horizonYears":                   {"finance.stepMonths"},
	"strategies[4].gpuCloud.lifeYears":       {"strategies[4].gpuCloud.contractYears"},
	"market.gpu.floor.powerKWPerGPU":         {"market.start.gpuRentUSDPerHour"},
	"market.gpu.floor.pue":                   {"market.start.gpuRentUSDPerHour"},
	"market.gpu.floor.powerUSDPerMWh":        {"market.start.gpuRentUSDPerHour"},
	"market.gpu.floor.cashOpexUSDPerGPUHour": {"market.start.gpuRentUSDPerHour"},
}

// FuzzScenarioValidate sets one numeric field of a scenario that has every
// optional part to a fuzzed value. Validate must not panic; it either
// accepts the value, and then NewPlan accepts the scenario and a short path
// books finite cash flows, or names the field (or the object holding it, a
// sibling it is checked against, a field the value bounds, or, for a
// combination of market fields, the field or its object among those the
// combination lists) in its error.
func FuzzScenarioValidate(f *testing.F) {
	n := len(numericLeaves(reflect.ValueOf(fullScenario()), ""))
	for i := range n {
		for _, v := range []float64{math.NaN(), math.Inf(1), -1, 0} {
			f.Add(uint16(i), v)
		}
	}
	f.Add(uint16(0), math.Inf(-1))
	f.Add(uint16(1), 1e308)
	f.Add(uint16(2), 5e-324)
	f.Fuzz(func(t *testing.T, idx uint16, v float64) {
		sc := fullScenario()
		leaves := numericLeaves(reflect.ValueOf(&sc), "")
		leaf := leaves[int(idx)%len(leaves)]
		switch leaf.v.Kind() {
		case reflect.Float64:
			leaf.setFloat(v)
		default:
			if !(math.Abs(v) < 1<<62) {
				return
			}
			leaf.setInt(int64(v))
		}
		err := sc.Validate()
		if err != nil {
			// Accept the field itself, the object holding it (for checks
			// of the whole: a distribution, the correlation pairs, a
			// regime row), a sibling it is checked against (a
			// distribution's min and max) or a field its value bounds.
			parent := leaf.path[:max(strings.LastIndexByte(leaf.path, '.'), strings.LastIndexByte(leaf.path, '['), 0)]
			array := parent // "market.correlation.pairs" for pairs[0].rho
			if strings.HasSuffix(parent, "]") {
				array = parent[:strings.LastIndexByte(parent, '[')]
			}
			for _, e := range flattenErrors(err) {
				field, _ := fieldOf(e)
				sibling := parent != "" && strings.HasPrefix(field, parent+".") && !strings.Contains(field[len(parent)+1:], ".")
				if field == leaf.path || field == parent || field == array || sibling || slices.Contains(crossField[leaf.path], field) || namesLimit(e, leaf.path) {
					return
				}
			}
			t.Fatalf("%s = %g: error does not name the field:\n%v", leaf.path, v, err)
		}
		if (math.IsNaN(v) || math.IsInf(v, 0)) && leaf.v.Kind() == reflect.Float64 && !ignoredByDefault[leaf.path] {
			t.Fatalf("%s = %g accepted", leaf.path, v)
		}
		p, err := NewPlan(&sc)
		if err != nil {
			t.Fatalf("%s = %g: Validate accepted, NewPlan did not: %v", leaf.path, v, err)
		}
		if p.Steps() > 2400 {
			return
		}
		x, err := p.NewSimulator()
		if err != nil {
			t.Fatal(err)
		}
		x.Reset(1, 0, false)
		for range p.Steps() {
			s, cfs := x.Step()
			for i, cf := range cfs {
				for _, c := range []float64{cf.RevenueUSD(), cf.PowerUSD, cf.OpexUSD, cf.CapexUSD, cf.TaxUSD, cf.TerminalUSD} {
					if math.IsNaN(c) || math.IsInf(c, 0) {
						t.Fatalf("%s = %g: strategy %d books %+v at step %d (state %+v)", leaf.path, v, i, cf, s.Step, *s)
					}
				}
			}
		}
	})
}
