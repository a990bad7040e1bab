package model

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model/market"
)

// TestScenarioZeroRoundTrip sets every numeric field of a scenario, one at
// a time, to 0, and where the scenario stays valid saves it and loads it
// back: it must come back equal. Decoding starts from the defaults, so a
// field written with omitempty whose default is not 0 would load back as
// its default (the BTC price's Merton jump parameters did). The scenarios
// cover every price model (their fields differ) and every strategy kind
// with every sub-configuration present.
func TestScenarioZeroRoundTrip(t *testing.T) {
	kou := fullScenario()
	kou.Market.BTCPrice = market.PriceModel{Model: market.PriceKou, DriftPerYear: 0.04, VolPerYear: 0.5, JumpsPerYear: 2, UpProb: 0.3, UpMeanLog: 0.1, DownMeanLog: 0.2}
	regime := fullScenario()
	regime.Market.BTCPrice = market.PriceModel{Model: market.PriceRegime, RegimeDriftsPerYear: []float64{0.2, -0.3}, RegimeVolsPerYear: []float64{0.4, 0.7},
		RegimeGeneratorPerYear: [][]float64{{-1, 1}, {2, -2}}, StartRegime: 1}
	matrix := fullScenario()
	cm := matrix.Market.Correlation.CorrelationMatrix()
	rows := make([][]float64, len(cm))
	for i := range cm {
		rows[i] = append([]float64(nil), cm[i][:]...)
	}
	matrix.Market.Correlation = market.CorrelationParams{Matrix: rows}
	tried, valid := 0, 0
	for name, base := range map[string]Scenario{"full (merton)": fullScenario(), "kou": kou, "regime": regime, "correlation matrix": matrix} {
		probe := copyScenario(&base)
		for i := range numericLeaves(reflect.ValueOf(&probe).Elem(), "") {
			sc := copyScenarioDeep(t, base)
			l := numericLeaves(reflect.ValueOf(&sc).Elem(), "")[i]
			tried++
			if l.v.Kind() == reflect.Float64 {
				l.setFloat(0)
			} else {
				l.setInt(0)
			}
			if sc.Validate() != nil {
				continue // 0 is not a valid value of this field
			}
			valid++
			var buf bytes.Buffer
			if err := SaveScenario(&buf, sc); err != nil {
				t.Fatalf("%s, %s = 0: %v", name, l.path, err)
			}
			back, err := LoadScenario(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("%s, %s = 0: load: %v", name, l.path, err)
			}
			if !reflect.DeepEqual(back, sc) {
				t.Errorf("%s, %s = 0: the scenario loads back different: %s", name, l.path, leafDiff(&sc, &back))
			}
		}
	}
	if valid < 100 {
		t.Fatalf("only %d of %d zeroed fields were valid: the test covers too little", valid, tried)
	}
}

// leafDiff names the numeric fields that differ between two scenarios of
// the same shape, with both values.
func leafDiff(a, b *Scenario) string {
	la, lb := numericLeaves(reflect.ValueOf(a).Elem(), ""), numericLeaves(reflect.ValueOf(b).Elem(), "")
	if len(la) != len(lb) {
		return fmt.Sprintf("%d numeric fields saved, %d loaded", len(la), len(lb))
	}
	var out []string
	for i := range la {
		if x, y := fmt.Sprint(la[i].v), fmt.Sprint(lb[i].v); x != y {
			out = append(out, fmt.Sprintf("%s %s → %s", la[i].path, x, y))
		}
	}
	if len(out) == 0 {
		return "a non-numeric field"
	}
	return strings.Join(out, ", ")
}
