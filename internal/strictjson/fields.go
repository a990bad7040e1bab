package strictjson

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
)

// Field is one member a JSON object may hold: its exact JSON name and the
// Go type its value decodes into.
type Field struct {
	Name string
	Type reflect.Type
}

// Object is implemented by a type that decodes a JSON object with an
// UnmarshalJSON of its own (to start from other defaults, or to replace
// rather than merge a part): JSONFields lists the members the object may
// hold, and Check walks them as it walks a plain struct's fields. It is
// called on the type's zero value. A type with its own UnmarshalJSON that
// is not an Object is left to it unchecked.
type Object interface {
	JSONFields() []Field
}

// Checker is an Object with rules across its members (a member required
// when another has some value). Check calls CheckJSON after walking the
// object's members, on the zero value, with what the object holds.
type Checker interface {
	Object
	CheckJSON(m Members) []Problem
}

// Problem is a broken rule of one object. Field is the member it is about
// (its JSON name); the problem is placed at that member's key when the
// object has it, else at the object.
type Problem struct {
	Field string
	Err   error
}

// Members is what a Checker sees of one object of a document.
type Members struct {
	w    *walker
	keys map[string]int // member name → offset of its key
}

// Has reports whether the object has the member.
func (m Members) Has(name string) bool {
	_, ok := m.keys[name]
	return ok
}

// String returns the member's value when it is a JSON string.
func (m Members) String(name string) (string, bool) {
	k, ok := m.keys[name]
	if !ok {
		return "", false
	}
	w := m.w
	vs := w.space(w.space(w.endString(k)) + 1)
	if w.at(vs) != '"' {
		return "", false
	}
	return w.str(vs, w.endString(vs)), true
}

// StructFields returns the fields encoding/json decodes into the struct
// type of v (a struct or a pointer to one), for an Object whose members
// are its own struct fields: tagged names, untagged exported fields under
// their Go names, fields of untagged embedded structs promoted, "-" left
// out.
func StructFields(v any) []Field {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return structFields(t).list
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	objectType          = reflect.TypeFor[Object]()
)

// isObject reports whether values of type t (or their pointers) are an
// Object.
func isObject(t reflect.Type) bool {
	return t.Implements(objectType) || reflect.PointerTo(t).Implements(objectType)
}

// newValue returns a new zero value of t as an interface (a pointer when
// only *t has the method set wanted).
func newValue(t reflect.Type) any { return reflect.New(t).Interface() }

// opaque reports whether the walker leaves values of type t to their own
// UnmarshalJSON.
func opaque(t reflect.Type) bool {
	if isObject(t) {
		return false
	}
	return t.Implements(jsonUnmarshalerType) || reflect.PointerTo(t).Implements(jsonUnmarshalerType) ||
		t.Kind() == reflect.Interface || t.Kind() == reflect.Func || t.Kind() == reflect.Chan
}

// textual reports whether values of type t decode from JSON strings through
// UnmarshalText.
func textual(t reflect.Type) bool {
	return !isObject(t) && reflect.PointerTo(t).Implements(textUnmarshalerType)
}

// fieldSet lists an object type's JSON fields.
type fieldSet struct {
	byName map[string]reflect.Type
	names  []string // in struct order
	list   []Field
}

// objectFields returns the members of objects of type t: an Object's
// JSONFields, or a struct's fields.
func objectFields(t reflect.Type) fieldSet {
	if !isObject(t) {
		return structFields(t)
	}
	fs := fieldSet{byName: map[string]reflect.Type{}}
	for _, f := range newValue(t).(Object).JSONFields() {
		if _, dup := fs.byName[f.Name]; !dup {
			fs.byName[f.Name] = f.Type
			fs.names = append(fs.names, f.Name)
			fs.list = append(fs.list, f)
		}
	}
	return fs
}

var fieldCache sync.Map // reflect.Type → fieldSet

// structFields returns the fields encoding/json decodes into struct type t
// (see StructFields).
func structFields(t reflect.Type) fieldSet {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(fieldSet)
	}
	fs := fieldSet{byName: map[string]reflect.Type{}}
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if sf.Anonymous && name == "" {
				et := sf.Type
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if et.Kind() == reflect.Struct {
					add(et)
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			if _, dup := fs.byName[name]; dup {
				continue
			}
			fs.byName[name] = sf.Type
			fs.names = append(fs.names, name)
			fs.list = append(fs.list, Field{Name: name, Type: sf.Type})
		}
	}
	add(t)
	fieldCache.Store(t, fs)
	return fs
}

// Unchecked returns the field paths, within values of type t, of the
// values Check cannot walk: types with an UnmarshalJSON of their own that
// are not an Object, interfaces, functions and channels. A test of a
// document type asserts it is empty.
func Unchecked(t reflect.Type) []string {
	var out []string
	seen := map[reflect.Type]bool{}
	var visit func(t reflect.Type, path string)
	visit = func(t reflect.Type, path string) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if seen[t] {
			return
		}
		seen[t] = true
		if opaque(t) {
			out = append(out, path+" ("+t.String()+")")
			return
		}
		if (t.Kind() == reflect.Struct || isObject(t)) && !textual(t) {
			fs := objectFields(t)
			for _, n := range fs.names {
				visit(fs.byName[n], Join(path, n))
			}
		}
	}
	visit(t, "")
	return out
}
