package strictjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// problem is one problem the walk found.
type problem struct {
	off   int
	field string
	err   error
}

// walker checks a syntactically valid JSON document against the Go type
// it is to be decoded into, before encoding/json decodes it: every object
// key must be the exact JSON name of a field, no key may repeat, no value
// may be null, and every value must have its field's JSON type. It records
// the byte offset of every value by its field path, so that problems found
// later can be placed in the document.
//
// It follows the struct fields of the document's types, and the members of
// an Object (which its own UnmarshalJSON decodes); types implementing
// encoding.TextUnmarshaler take a string that their UnmarshalText accepts.
type walker struct {
	data []byte
	errs []problem
	pos  map[string]int // field path → offset of its value
	what string         // the top-level value's name in messages
}

// trimPackage drops the package name an error message starts with
// ("market: GPU regime …"): the walker's message names the field instead.
func trimPackage(msg string) string {
	i := strings.Index(msg, ": ")
	if i <= 0 {
		return msg
	}
	for _, c := range msg[:i] {
		if c < 'a' || c > 'z' {
			return msg
		}
	}
	return msg[i+2:]
}

func (w *walker) fail(off int, field string, format string, args ...any) {
	w.errs = append(w.errs, problem{off: off, field: field, err: fmt.Errorf(format, args...)})
}

// at returns the byte at i, or 0 past the end.
func (w *walker) at(i int) byte {
	if i < 0 || i >= len(w.data) {
		return 0
	}
	return w.data[i]
}

// space skips white space from i.
func (w *walker) space(i int) int {
	for {
		switch w.at(i) {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
}

// endString returns the offset just past the string starting at i.
func (w *walker) endString(i int) int {
	for i++; i < len(w.data); i++ {
		switch w.data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(w.data)
}

// endScalar returns the offset just past the number or literal at i.
func (w *walker) endScalar(i int) int {
	for i < len(w.data) {
		switch c := w.data[i]; {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c == '-', c == '+', c == '.', c == 'E':
			i++
		default:
			return i
		}
	}
	return i
}

// str decodes the JSON string at [i, end).
func (w *walker) str(i, end int) string {
	var s string
	if json.Unmarshal(w.data[i:end], &s) != nil {
		return string(w.data[i:end])
	}
	return s
}

// skip returns the offset just past the value starting at i (after white
// space).
func (w *walker) skip(i int) int {
	i = w.space(i)
	switch w.at(i) {
	case '{', '[':
		close := byte('}')
		if w.at(i) == '[' {
			close = ']'
		}
		i = w.space(i + 1)
		if w.at(i) == close {
			return i + 1
		}
		for i < len(w.data) {
			if close == '}' {
				i = w.space(w.endString(w.space(i)))
				i++ // ':'
			}
			i = w.space(w.skip(i))
			if w.at(i) != ',' {
				return i + 1
			}
			i++
		}
		return i
	case '"':
		return w.endString(i)
	default:
		return w.endScalar(i)
	}
}

// kindOf names the JSON type of the value starting with c.
func kindOf(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// wantOf describes the JSON value a field of type t takes.
func wantOf(t reflect.Type) string {
	if textual(t) {
		return "a string"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		lo := -(int64(1) << (t.Bits() - 1))
		return fmt.Sprintf("an integer in [%d, %d]", lo, -(lo + 1))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return fmt.Sprintf("an integer in [0, %d]", uint64(math.MaxUint64)>>(64-t.Bits()))
	}
	return "a value"
}

// wantInt describes the integer a field of integer type t takes, given
// the number tok it got: its range only when tok is a whole number out of
// it.
func wantInt(t reflect.Type, tok []byte) string {
	if bytes.ContainsAny(tok, ".eE") {
		return "an integer"
	}
	return wantOf(t)
}

// raw returns a JSON token for a message, cut to 40 bytes.
func raw(tok []byte) string {
	if len(tok) > 40 {
		return string(tok[:40]) + "…"
	}
	return string(tok)
}

// walk checks the value starting at i (after white space) against type t,
// with path its field path, and returns the offset just past it.
func (w *walker) walk(i int, path string, t reflect.Type) int {
	i = w.space(i)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	w.pos[path] = i
	c := w.at(i)
	if c == 'n' {
		if path == "" {
			w.fail(i, "", "want a JSON object, got null")
		} else {
			w.fail(i, path, "null is not a value: give %s or leave the field out", wantOf(t))
		}
		return w.skip(i)
	}
	if opaque(t) {
		return w.skip(i)
	}
	if textual(t) {
		if c != '"' {
			return w.mismatch(i, path, t)
		}
		end := w.endString(i)
		v := reflect.New(t).Interface().(encoding.TextUnmarshaler)
		if err := v.UnmarshalText([]byte(w.str(i, end))); err != nil {
			w.fail(i, path, "%s", trimPackage(err.Error()))
		}
		return end
	}
	switch t.Kind() {
	case reflect.Struct:
		if c != '{' {
			return w.mismatch(i, path, t)
		}
		return w.object(i, path, t)
	case reflect.Map:
		if c != '{' || t.Key().Kind() != reflect.String {
			return w.mismatch(i, path, t)
		}
		return w.mapObject(i, path, t)
	case reflect.Slice, reflect.Array:
		if c != '[' {
			return w.mismatch(i, path, t)
		}
		return w.array(i, path, t)
	}
	return w.scalar(i, path, t)
}

// mismatch records that the value at i is not of t's JSON type and
// returns the offset just past it.
func (w *walker) mismatch(i int, path string, t reflect.Type) int {
	c := w.at(i)
	end := w.skip(i)
	got := kindOf(c)
	if c != '{' && c != '[' {
		got += " " + raw(w.data[i:end])
	}
	if path == "" {
		w.fail(i, "", "want a JSON object, got %s", got)
	} else {
		w.fail(i, path, "want %s, got %s", wantOf(t), got)
	}
	return end
}

// scalar checks the string, boolean or number at i against type t and
// returns the offset just past it.
func (w *walker) scalar(i int, path string, t reflect.Type) int {
	c := w.at(i)
	switch t.Kind() {
	case reflect.String:
		if c != '"' {
			return w.mismatch(i, path, t)
		}
		return w.endString(i)
	case reflect.Bool:
		if c != 't' && c != 'f' {
			return w.mismatch(i, path, t)
		}
		return w.endScalar(i)
	case reflect.Float32, reflect.Float64:
		if c != '-' && (c < '0' || c > '9') {
			return w.mismatch(i, path, t)
		}
		end := w.endScalar(i)
		if _, err := strconv.ParseFloat(string(w.data[i:end]), t.Bits()); err != nil {
			w.fail(i, path, "number %s is out of the range of a float%d", w.data[i:end], t.Bits())
		}
		return end
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if c != '-' && (c < '0' || c > '9') {
			return w.mismatch(i, path, t)
		}
		end := w.endScalar(i)
		if _, err := strconv.ParseInt(string(w.data[i:end]), 10, t.Bits()); err != nil {
			w.fail(i, path, "want %s, got %s", wantInt(t, w.data[i:end]), raw(w.data[i:end]))
		}
		return end
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if c < '0' || c > '9' {
			return w.mismatch(i, path, t)
		}
		end := w.endScalar(i)
		if _, err := strconv.ParseUint(string(w.data[i:end]), 10, t.Bits()); err != nil {
			w.fail(i, path, "want %s, got %s", wantInt(t, w.data[i:end]), raw(w.data[i:end]))
		}
		return end
	}
	name := path
	if name == "" {
		name = "the " + w.what
	}
	w.fail(i, path, "%s cannot be read from JSON", name)
	return w.skip(i)
}

// members calls f for every member of the object starting at i, with the
// key, its offset and the offset of the value; f returns the offset just
// past the value. members returns the offset just past the object.
func (w *walker) members(i int, f func(key string, keyOff, valOff int) int) int {
	i = w.space(i + 1)
	if w.at(i) == '}' {
		return i + 1
	}
	for i < len(w.data) {
		k := w.space(i)
		kend := w.endString(k)
		key := w.str(k, kend)
		v := w.space(kend) + 1 // past ':'
		i = w.space(f(key, k, w.space(v)))
		if w.at(i) != ',' {
			return i + 1
		}
		i++
	}
	return i
}

// object checks the object at i against type t, a struct or an Object.
func (w *walker) object(i int, path string, t reflect.Type) int {
	fields := objectFields(t)
	seen := map[string]int{}
	end := w.members(i, func(key string, k, v int) int {
		if first, dup := seen[key]; dup {
			line, _ := LineColumn(w.data, first)
			w.fail(k, Join(path, key), "field named twice in one object (first at line %d)", line)
			return w.skip(v)
		}
		seen[key] = k
		typ, ok := fields.byName[key]
		if !ok {
			w.fail(k, Join(path, key), "unknown field%s", suggest(key, fields.names))
			return w.skip(v)
		}
		return w.walk(v, Join(path, key), typ)
	})
	if c, ok := newValue(t).(Checker); ok {
		for _, p := range c.CheckJSON(Members{w: w, keys: seen}) {
			off, ok := seen[p.Field]
			if !ok {
				off = i
			}
			w.errs = append(w.errs, problem{off: off, field: Join(path, p.Field), err: p.Err})
		}
	}
	return end
}

// mapObject checks the object at i against map type t.
func (w *walker) mapObject(i int, path string, t reflect.Type) int {
	seen := map[string]bool{}
	return w.members(i, func(key string, k, v int) int {
		if seen[key] {
			w.fail(k, Join(path, key), "key named twice in one object")
			return w.skip(v)
		}
		seen[key] = true
		return w.walk(v, Join(path, key), t.Elem())
	})
}

// array checks the array at i against slice or array type t.
func (w *walker) array(i int, path string, t reflect.Type) int {
	i = w.space(i + 1)
	if w.at(i) == ']' {
		return i + 1
	}
	for n := 0; i < len(w.data); n++ {
		field := fmt.Sprintf("%s[%d]", path, n)
		if t.Kind() == reflect.Array && n >= t.Len() {
			w.fail(w.space(i), field, "too many elements: want at most %d", t.Len())
			i = w.skip(i)
		} else {
			i = w.walk(i, field, t.Elem())
		}
		i = w.space(i)
		if w.at(i) != ',' {
			return i + 1
		}
		i++
	}
	return i
}
