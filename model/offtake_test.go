package model

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// This file is the whole of a new kind of contract, for the tests: an
// offtake pays a fixed price per MW of IT load per year for a term from
// commissioning, with no default risk (a fixed-price capacity purchase).
// Its terms implement site.ContractTerms, its per-path state
// site.Contract, and the one line of init adds it to the kinds a scenario
// file can name: "business": "offtake", terms under "offtake".
func init() { contractKinds = append(contractKinds, kindOf("offtake", defaultOfftake)) }

// offtake is the terms of a fixed-price offtake.
type offtake struct {
	// PriceUSDPerMWITYear is the price, USD per MW of IT load per year; in
	// [0, 1e9].
	PriceUSDPerMWITYear float64 `json:"priceUSDPerMWITYear"`
	// TermYears is the term from commissioning, in years; in (0, 50].
	TermYears float64 `json:"termYears"`
}

func defaultOfftake() offtake { return offtake{PriceUSDPerMWITYear: 2e6, TermYears: 5} }

func (o offtake) Business() string { return "offtake" }
func (o offtake) Label() string    { return "offtake" }

func (o offtake) Validate() error {
	var c valid.Checker
	c.Range("priceUSDPerMWITYear", o.PriceUSDPerMWITYear, 0, 1e9)
	if !(o.TermYears > 0 && o.TermYears <= 50) {
		c.Add("termYears", o.TermYears, "in (0, 50]")
	}
	return c.Err()
}

func (o offtake) NewContract(itMW, _ float64) (site.Contract, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	return &offtakeContract{usdPerYear: o.PriceUSDPerMWITYear * itMW, term: o.TermYears, start: math.Inf(1)}, nil
}

// offtakeContract books the offtake's payments along one path.
type offtakeContract struct {
	usdPerYear, term float64
	start            float64 // commissioning (+Inf: not scheduled)
}

func (k *offtakeContract) Reset() { k.start = math.Inf(1) }

func (k *offtakeContract) Commence(t float64) {
	if math.IsInf(k.start, 1) {
		k.start = max(t, 0)
	}
}

// Step books the payments accruing over the step, as contracted rent.
func (k *offtakeContract) Step(s *market.State, _ *dist.Rand, cf *site.CashFlow) {
	a, b := max(s.TimeYears-s.DtYears, k.start), min(s.TimeYears, k.start+k.term)
	if b > a {
		cf.LeaseUSD += k.usdPerYear * (b - a)
	}
}

// TerminalUSD values the payments still due after the horizon h at the
// exit yield 1/M: usdPerYear·M·(e^(−a/M) − e^(−b/M)) over [h + a, h + b].
func (k *offtakeContract) TerminalUSD(s *market.State, m float64) float64 {
	a, b := max(k.start-s.TimeYears, 0), k.start+k.term-s.TimeYears
	if !(b > a) || !(m > 0) {
		return 0
	}
	return k.usdPerYear * m * (math.Exp(-a/m) - math.Exp(-b/m))
}

// offtakeScenario is a scenario file converting the whole site to a
// 5-year offtake at 2.5 M USD per MW IT-year after a fixed 12-month build
// at the budgeted capex.
const offtakeScenario = `{"name": "offtake", "strategies": [
	{"kind": "pureMining"},
	{"kind": "fullAI", "business": "offtake", "offtake": {"priceUSDPerMWITYear": 2.5e6},
	 "conversion": {"buildMonths": {"kind": "fixed", "value": 12}, "capexOverrun": {"kind": "fixed", "value": 1}}}]}`

// TestOfftakeScenarioFile loads, saves and reloads the offtake from a
// scenario file, and locates its bad terms.
func TestOfftakeScenarioFile(t *testing.T) {
	sc, err := LoadScenario(strings.NewReader(offtakeScenario))
	if err != nil {
		t.Fatal(err)
	}
	sp := sc.Strategies[1]
	if sp.Contract != (offtake{PriceUSDPerMWITYear: 2.5e6, TermYears: 5}) || sp.Name() != "full AI offtake" || sp.Business() != "offtake" {
		t.Errorf("loaded %+v named %q", sp.Contract, sp.Name())
	}
	var buf bytes.Buffer
	if err := SaveScenario(&buf, sc); err != nil {
		t.Fatal(err)
	}
	back, err := LoadScenario(&buf)
	if err != nil || !reflect.DeepEqual(back, sc) {
		t.Errorf("saved and loaded back: %v\n%+v", err, back)
	}
	_, err = LoadScenario(strings.NewReader(strings.Replace(offtakeScenario, `{"priceUSDPerMWITYear": 2.5e6}`, `{"termYears": 0}`, 1)))
	if err == nil || !strings.Contains(err.Error(), "line 3, column") || !strings.Contains(err.Error(), "strategies[1].offtake.termYears = 0: must be in (0, 50]") {
		t.Errorf("bad term: %v", err)
	}
	_, err = LoadScenario(strings.NewReader(strings.Replace(offtakeScenario, `"priceUSDPerMWITYear"`, `"price"`, 1)))
	if err == nil || !strings.Contains(err.Error(), `strategies[1].offtake.price: unknown field`) {
		t.Errorf("unknown field: %v", err)
	}
}
