package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/pivotrisk/pivotrisk/internal/strictjson"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// specHead holds a spec's JSON members other than its contract's terms and
// trigger, in the order they are written.
type specHead struct {
	Kind                StrategyKind     `json:"kind"`
	Label               string           `json:"name,omitempty"`
	Fraction            float64          `json:"fraction,omitempty"`
	StartMonths         float64          `json:"startMonths,omitempty"`
	Phases              int              `json:"phases,omitempty"`
	PhaseIntervalMonths float64          `json:"phaseIntervalMonths,omitempty"`
	Business            string           `json:"business,omitempty"`
	Conversion          *site.Conversion `json:"conversion,omitempty"`
	Trigger             *site.Trigger    `json:"trigger,omitempty"`
	Option              *RealOption      `json:"option,omitempty"`
}

// JSONFields implements strictjson.Object: a spec's JSON members are those
// of specHead and, after "conversion", one per contract kind.
func (sp StrategySpec) JSONFields() []strictjson.Field {
	var out []strictjson.Field
	for _, f := range strictjson.StructFields(specHead{}) {
		if f.Name == "trigger" {
			for _, k := range contractKinds {
				out = append(out, strictjson.Field{Name: k.key, Type: k.typ})
			}
		}
		out = append(out, f)
	}
	return out
}

// CheckJSON implements strictjson.Checker: a hybrid or conditional switch
// needs its fraction, "business" names a contract kind, and contract terms
// sit under that kind's key.
func (sp StrategySpec) CheckJSON(m strictjson.Members) []strictjson.Problem {
	var out []strictjson.Problem
	kind, _ := m.String("kind")
	if missingFraction(StrategyKind(kind), m.Has) {
		out = append(out, strictjson.Problem{Field: "fraction", Err: fmt.Errorf("missing for kind %q: %s", kind, fractionWant)})
	}
	business, _ := m.String("business")
	want, err := kindByBusiness(business)
	if err != nil {
		return append(out, strictjson.Problem{Field: "business", Err: err})
	}
	for _, k := range contractKinds {
		if m.Has(k.key) && k.key != want.key {
			out = append(out, strictjson.Problem{Field: k.key, Err: termsElsewhere(k, want)})
		}
	}
	return out
}

// termsElsewhere is the error for terms of kind k given in a strategy whose
// business is want.
func termsElsewhere(k contractKind, want *contractKind) error {
	return fmt.Errorf("terms of business %q in a strategy of business %q: give \"business\": %q, or the terms under %q",
		k.business, want.business, k.business, want.key)
}

// UnmarshalJSON decodes a spec from scratch (nothing of sp's current value
// is kept), starting every sub-configuration the JSON names from its
// default so that a partial object changes only the fields it names;
// sub-configurations the JSON leaves out stay nil (their defaults), except
// that a "business" given without terms gives that kind's default terms.
// Kinds hybrid and conditionalSwitch need a "fraction". Unknown fields are
// errors at every depth; JSON null leaves sp unchanged.
func (sp *StrategySpec) UnmarshalJSON(b []byte) error {
	if strictjson.IsNull(b) {
		return nil
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return err
	}
	terms := map[string]json.RawMessage{}
	for _, k := range contractKinds {
		if raw, ok := members[k.key]; ok {
			terms[k.key] = raw
			delete(members, k.key)
		}
	}
	rest, err := json.Marshal(members)
	if err != nil {
		return err
	}
	conv, trig, opt := site.DefaultConversion(), site.DefaultTrigger(), DefaultRealOption()
	p := specHead{Conversion: &conv, Trigger: &trig, Option: &opt}
	if err := strictjson.Unmarshal(rest, &p); err != nil {
		return err
	}
	has := func(k string) bool { _, ok := members[k]; return ok }
	if !has("conversion") {
		p.Conversion = nil
	}
	if !has("trigger") {
		p.Trigger = nil
	}
	if !has("option") {
		p.Option = nil
	}
	if missingFraction(p.Kind, has) {
		return fmt.Errorf("model: strategy of kind %q: fraction missing: %s", p.Kind, fractionWant)
	}
	contract, err := decodeTerms(p.Business, has("business"), terms)
	if err != nil {
		return err
	}
	*sp = StrategySpec{Kind: p.Kind, Label: p.Label, Fraction: p.Fraction, StartMonths: p.StartMonths, Phases: p.Phases,
		PhaseIntervalMonths: p.PhaseIntervalMonths, Contract: contract, Conversion: p.Conversion, Trigger: p.Trigger, Option: p.Option}
	return nil
}

// decodeTerms returns the contract of a strategy object whose "business"
// is business (given or not) and whose terms, by key, are terms: the
// business's terms decoded over its defaults, its defaults when only the
// business is given, nil when neither is.
func decodeTerms(business string, given bool, terms map[string]json.RawMessage) (site.ContractTerms, error) {
	want, err := kindByBusiness(business)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	for key := range terms {
		if key != want.key {
			for _, k := range contractKinds {
				if k.key == key {
					return nil, fmt.Errorf("model: %s: %w", key, termsElsewhere(k, want))
				}
			}
		}
	}
	if raw, ok := terms[want.key]; ok {
		t, err := want.decode(raw)
		if err != nil {
			return nil, fmt.Errorf("model: %s: %w", want.key, err)
		}
		return t, nil
	}
	if given {
		return want.defaults(), nil
	}
	return nil, nil
}

// MarshalJSON encodes the spec with the members of specHead (omitting
// empty ones), the business when its contract is not of the default kind,
// and the contract's terms under its kind's key; a hybrid or conditional
// switch always carries its "fraction" (which decoding requires), written
// last when it is 0. It does not escape HTML characters.
func (sp StrategySpec) MarshalJSON() ([]byte, error) {
	head := specHead{Kind: sp.Kind, Label: sp.Label, Fraction: sp.Fraction, StartMonths: sp.StartMonths, Phases: sp.Phases,
		PhaseIntervalMonths: sp.PhaseIntervalMonths, Conversion: sp.Conversion, Option: sp.Option}
	var termsKey string
	if sp.Contract != nil {
		k, err := kindOfTerms(sp.Contract)
		if err != nil {
			return nil, fmt.Errorf("model: strategy %q: business: %w", sp.Name(), err)
		}
		if k != &contractKinds[0] {
			head.Business = k.business
		}
		termsKey = k.key
	}
	b, err := encodeNoEscape(head)
	if err != nil {
		return nil, err
	}
	var extra []member
	if termsKey != "" {
		extra = append(extra, member{termsKey, sp.Contract})
	}
	if sp.Trigger != nil {
		extra = append(extra, member{"trigger", sp.Trigger})
	}
	if sp.Fraction == 0 && (sp.Kind == KindHybrid || sp.Kind == KindConditionalSwitch || sp.Kind == KindRealOption) {
		extra = append(extra, member{"fraction", 0.0})
	}
	return appendMembers(b, extra)
}

// member is one JSON object member to append.
type member struct {
	key   string
	value any
}

// appendMembers appends members to the JSON object obj.
func appendMembers(obj []byte, members []member) ([]byte, error) {
	out := bytes.TrimSuffix(obj, []byte("}"))
	for _, m := range members {
		k, err := encodeNoEscape(m.key)
		if err != nil {
			return nil, err
		}
		v, err := encodeNoEscape(m.value)
		if err != nil {
			return nil, err
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(append(append(out, k...), ':'), v...)
	}
	return append(out, '}'), nil
}

// encodeNoEscape encodes v as encoding/json does, without escaping HTML
// characters and without a final newline.
func encodeNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// termsType is the type of a spec's contract terms, for reflection over
// scenarios (checkFinite).
var termsType = reflect.TypeFor[site.ContractTerms]()
