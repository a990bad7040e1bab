package strictjson

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

type inner struct {
	TermYears float64 `json:"termYears"`
	Tenant    string  `json:"tenant"`
}

// merged decodes over its current value with an UnmarshalJSON of its own
// and opts in to the walk as an Object.
type merged struct {
	Rate float64 `json:"rate"`
}

func (m *merged) UnmarshalJSON(b []byte) error {
	type plain merged
	p := plain(*m)
	if err := Unmarshal(b, &p); err != nil {
		return err
	}
	*m = merged(p)
	return nil
}

func (m merged) JSONFields() []Field { return StructFields(m) }

// choice has a member whose name and type come from a list, and a rule
// across members: "b" needs "a".
type choice struct {
	A string `json:"a"`
	B int    `json:"b"`
}

func (c choice) JSONFields() []Field {
	return append(StructFields(c), Field{Name: "extra", Type: reflect.TypeFor[inner]()})
}

func (c choice) CheckJSON(m Members) []Problem {
	if m.Has("b") && !m.Has("a") {
		return []Problem{{Field: "a", Err: errors.New("missing: b needs it")}}
	}
	if a, ok := m.String("a"); ok && a == "bad" {
		return []Problem{{Field: "a", Err: errors.New(`"bad" is not allowed`)}}
	}
	return nil
}

// opaqueType has an UnmarshalJSON of its own and is not an Object.
type opaqueType struct{ X int }

func (o *opaqueType) UnmarshalJSON([]byte) error { return nil }

type doc struct {
	Name   string   `json:"name"`
	Inner  inner    `json:"inner"`
	Merged merged   `json:"merged"`
	List   []inner  `json:"list"`
	Choice *choice  `json:"choice"`
	Nums   [2]int8  `json:"nums"`
	Skip   func()   `json:"-"`
	Hidden struct{} `json:"-"`
}

func TestCheckLocatesProblems(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"unknown field with a suggestion", `{"inner": {"termYear": 10}}`, []string{`line 1, column 12 (byte 11): inner.termYear: unknown field (did you mean "termYears"?)`}},
		{"case differs", `{"Name": "x"}`, []string{`Name: unknown field (did you mean "name"? names are case-sensitive)`}},
		{"no close name", `{"inner": {"zz": 1}}`, []string{"inner.zz: unknown field (known fields: termYears, tenant)"}},
		{"repeated field", "{\"name\": \"a\",\n \"name\": \"b\"}", []string{"line 2, column 2 (byte 15): name: field named twice in one object (first at line 1)"}},
		{"null", `{"inner": null}`, []string{"inner: null is not a value: give an object or leave the field out"}},
		{"wrong type", `{"inner": {"termYears": "10"}}`, []string{`inner.termYears: want a number, got a string "10"`}},
		{"integer out of range", `{"nums": [1, 300]}`, []string{"nums[1]: want an integer in [-128, 127], got 300"}},
		{"too many elements", `{"nums": [1, 2, 3]}`, []string{"nums[2]: too many elements: want at most 2"}},
		{"inside an object of its own", `{"merged": {"rat": 1}}`, []string{`merged.rat: unknown field (did you mean "rate"?)`}},
		{"a listed member", `{"choice": {"extra": {"tenant": 3}}}`, []string{"choice.extra.tenant: want a string, got a number 3"}},
		{"a rule across members", `{"choice": {"b": 1}}`, []string{"line 1, column 12 (byte 11): choice.a: missing: b needs it"}},
		{"a rule on a member's value", `{"choice": {"a": "bad"}}`, []string{`line 1, column 13 (byte 12): choice.a: "bad" is not allowed`}},
		{"top level not an object", `[1]`, []string{"want a JSON object, got an array"}},
		{"data after", `{} {}`, []string{`line 1, column 4 (byte 3): data after the thing object: "{}"`}},
		{"cut short", `{"name": `, []string{"(the document is cut short)"}},
		{"empty", ` `, []string{"empty document: want a JSON object"}},
		{"byte-order mark", "\xef\xbb\xbf{}", []string{"byte-order mark"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := Check([]byte(tc.doc), reflect.TypeFor[doc](), "thing")
			if len(errs) != len(tc.want) {
				t.Fatalf("got %d problems %v, want %d", len(errs), errs, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(errs[i].Error(), w) {
					t.Errorf("problem\n%v\nwant one containing\n%s", errs[i], w)
				}
			}
		})
	}
}

func TestDecode(t *testing.T) {
	var d doc
	d.Merged.Rate = 7
	if err := Decode([]byte(`{"name": "a", "inner": {"termYears": 3}, "list": [{"tenant": "x"}]}`), &d); err != nil {
		t.Fatal(err)
	}
	if d.Name != "a" || d.Inner.TermYears != 3 || d.Merged.Rate != 7 || len(d.List) != 1 || d.List[0].Tenant != "x" {
		t.Errorf("decoded %+v", d)
	}
	before := d
	err := Decode([]byte("{\"name\": \"b\",\n \"inner\": {\"tenat\": \"y\"}}"), &d)
	var e *Error
	if !errors.As(err, &e) || e.Line != 2 || e.Column != 12 || e.Field != "inner.tenat" || !strings.Contains(err.Error(), `did you mean "tenant"?`) {
		t.Errorf("error %v (%+v)", err, e)
	}
	if !reflect.DeepEqual(d, before) {
		t.Errorf("a failed Decode changed the value: %+v", d)
	}
	if err := Decode([]byte(`{}`), d); err == nil {
		t.Error("Decode into a non-pointer accepted")
	}
}

func TestDocumentLocate(t *testing.T) {
	d, errs := Check([]byte("{\"list\": [{}, {\"termYears\": 2}]}"), reflect.TypeFor[doc](), "thing")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		field string
		off   int
		ok    bool
	}{
		{"list[1].termYears", 28, true},
		{"list[0].tenant", 10, true}, // not set: the enclosing object
		{"name", 0, false},
	} {
		off, ok := d.Locate(tc.field)
		if off != tc.off || ok != tc.ok {
			t.Errorf("Locate(%q) = %d, %v, want %d, %v", tc.field, off, ok, tc.off, tc.ok)
		}
	}
}

func TestUnchecked(t *testing.T) {
	if u := Unchecked(reflect.TypeFor[doc]()); len(u) != 0 {
		t.Errorf("doc: %v", u)
	}
	type withOpaque struct {
		O   opaqueType `json:"o"`
		Any any        `json:"any"`
	}
	got := Unchecked(reflect.TypeFor[withOpaque]())
	if len(got) != 2 || !strings.HasPrefix(got[0], "o (") || !strings.HasPrefix(got[1], "any (") {
		t.Errorf("Unchecked = %v, want o and any", got)
	}
}

func TestErrorFormat(t *testing.T) {
	e := &Error{Line: 2, Column: 3, Offset: 9, Field: "a.b", Err: errors.New("bad")}
	if got := e.Error(); got != "line 2, column 3 (byte 9): a.b: bad" {
		t.Errorf("%q", got)
	}
	errBase := errors.New("base")
	e = &Error{Offset: -1, Err: fmt.Errorf("whole: %w", errBase)}
	if got := e.Error(); got != "whole: base" || !errors.Is(e, errBase) {
		t.Errorf("%q", got)
	}
}

func TestTrimPackage(t *testing.T) {
	for in, want := range map[string]string{
		`market: GPU regime "x": must be "tight" or "glut"`: `GPU regime "x": must be "tight" or "glut"`,
		`GPU regime "x": must be "tight"`:                   `GPU regime "x": must be "tight"`,
		"no colon":                                          "no colon",
	} {
		if got := trimPackage(in); got != want {
			t.Errorf("trimPackage(%q) = %q, want %q", in, got, want)
		}
	}
}
