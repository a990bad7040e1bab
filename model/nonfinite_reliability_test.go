package model

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// everyPartScenarios are scenarios that between them give every numeric
// field a role or leave it unused: each price model, the correlation as
// pairs and as a matrix, and strategies holding configurations their kind
// or business ignores.
func everyPartScenarios() map[string]Scenario {
	gbm := fullScenario()
	gbm.Market.BTCPrice.Model = market.PriceGBM
	ignored := fullScenario()
	conv, lease, gpu, trig := site.DefaultConversion(), site.DefaultLease(), site.DefaultGPUCloud(), site.DefaultTrigger()
	pm := PureMining()
	pm.Label = "mining with spare parts"
	pm.Conversion, pm.Contract, pm.Trigger = &conv, lease, &trig
	pm2 := PureMining()
	pm2.Label = "mining with a spare cloud"
	pm2.Contract = gpu
	ai := FullAI(0, site.DefaultGPUCloud())
	ai.Label = "cloud with a trigger"
	trig2 := site.DefaultTrigger()
	ai.Trigger = &trig2
	ignored.Strategies = append(ignored.Strategies, pm, pm2, ai)
	return map[string]Scenario{
		"merton": fullScenario(), "gbm": gbm, "kou": kouScenario(), "regime": regimeScenario(),
		"matrix": matrixScenario(), "ignored parts": ignored,
	}
}

// TestNoNonFiniteAccepted sets every float field of scenarios using every
// part, used or ignored by the scenario, to NaN and ±Inf: Validate must
// refuse each, naming the field (a field the scenario ignores may hold any
// finite value, never one that JSON cannot write), so that every valid
// scenario can be saved.
func TestNoNonFiniteAccepted(t *testing.T) {
	for name, base := range everyPartScenarios() {
		if err := base.Validate(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		n := len(numericLeaves(reflect.ValueOf(base), ""))
		for i := range n {
			for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
				sc := copyScenarioDeep(t, base)
				leaf := numericLeaves(reflect.ValueOf(&sc), "")[i]
				if leaf.v.Kind() != reflect.Float64 {
					continue
				}
				leaf.setFloat(v)
				err := sc.Validate()
				if err == nil {
					var b bytes.Buffer
					t.Errorf("%s: %s = %g accepted (SaveScenario then says %v)", name, leaf.path, v, SaveScenario(&b, sc))
					continue
				}
				parent := leaf.path[:strings.LastIndexAny(leaf.path, ".[")]
				named := false
				for _, e := range flattenErrors(err) {
					if f, _ := fieldOf(e); f == leaf.path || strings.HasPrefix(f, parent) {
						named = true
					}
				}
				if !named {
					t.Errorf("%s: %s = %g: error does not name the field:\n%v", name, leaf.path, v, err)
				}
			}
		}
	}
}

// copyScenarioDeep copies sc through its JSON form... except that custom
// strategies are not written, so it copies with reflection instead.
func copyScenarioDeep(t *testing.T, sc Scenario) Scenario {
	t.Helper()
	return deepCopy(reflect.ValueOf(sc)).Interface().(Scenario)
}

// deepCopy copies v, following pointers and slices.
func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(deepCopy(v.Elem()))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		for i := range v.NumField() {
			if c.Field(i).CanSet() {
				c.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
		return c
	}
	return v
}
