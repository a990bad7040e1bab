package model

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// MaxScenarioBytes is the largest scenario document LoadScenario reads, in
// bytes (16 MiB; a full scenario is about 5 KB).
const MaxScenarioBytes = 16 << 20

// maxLoadErrors bounds the problems one LoadScenario error lists.
const maxLoadErrors = 20

// LoadError is one problem with a scenario document, located in it. The
// errors LoadScenario and LoadScenarioFile return are a *LoadError or an
// errors.Join of several, one per line (every invalid value, or up to 20
// problems of syntax and shape); errors.As finds the first.
//
// Error formats it as
//
//	[File: ]line L, column C (byte B): [Field: ]problem
//
// The position is that of the field's value, or, for a value the document
// does not set (a default that an edited field makes invalid, or a
// quantity derived from a distribution), of the innermost enclosing value
// it sets; it is left out when there is none.
type LoadError struct {
	// File is the file name (LoadScenarioFile), or "".
	File string
	// Line and Column locate the problem, both from 1; Column counts
	// characters (UTF-8 code points), not bytes. 0 when not known.
	Line, Column int
	// Offset is the byte offset of the problem from the start of the
	// document, or −1 when not known.
	Offset int64
	// Field is the path of the field in JSON names, such as
	// "strategies[1].lease.termYears"; "" for the document as a whole.
	Field string
	// Err is the problem. For an invalid value it is Validate's error,
	// whose message names the field, its value and the allowed range.
	Err error
}

// Error returns the located message.
func (e *LoadError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d, column %d", e.Line, e.Column)
		if e.Offset >= 0 {
			fmt.Fprintf(&b, " (byte %d)", e.Offset)
		}
		b.WriteString(": ")
	}
	var fe *valid.FieldError
	if e.Field != "" && !errors.As(e.Err, &fe) {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns Err.
func (e *LoadError) Unwrap() error { return e.Err }

// LoadScenario reads a scenario from the JSON document r holds (see
// Scenario for the format: a document may name only what differs from
// DefaultScenario) and validates it. It reads r to its end.
//
// Loading is strict: it rejects malformed JSON, anything after the
// scenario object, unknown fields at any depth (and names that differ from
// a field's only in case), a field named twice in one object, null values,
// values of the wrong type (a string for a number, a fraction for an
// integer, a number out of float64 range), a hybrid or conditional switch
// without a fraction, and every value Scenario.Validate rejects. Each
// problem is a *LoadError giving its line and column in the document (and
// byte offset), and the field's path; an invalid value's message also gives
// the value and the allowed range:
//
//	line 9, column 19 (byte 201): strategies[1].fraction = 1.3: must be in [0, 1]
func LoadScenario(r io.Reader) (Scenario, error) {
	return loadScenario(r, "")
}

// LoadScenarioFile reads and validates the scenario file at path, as
// LoadScenario; its errors begin with the path.
func LoadScenarioFile(path string) (Scenario, error) {
	f, err := os.Open(path)
	if err != nil {
		return Scenario{}, fmt.Errorf("model: scenario file: %w", err)
	}
	defer f.Close()
	return loadScenario(f, path)
}

// SaveScenario writes sc to w as an indented JSON document: every field
// (not just those differing from DefaultScenario), in the order of the Go
// structs, two-space indentation, a final newline, and no HTML escaping.
// The output is a function of the scenario alone, so saving the same
// scenario twice gives the same bytes, and LoadScenario reads back a
// scenario equal to sc (reflect.DeepEqual), except that empty slices come
// back nil and Custom strategies, which are not written, come back empty.
// sc must be valid (its Custom strategies aside): an invalid scenario
// returns Validate's error and writes nothing.
func SaveScenario(w io.Writer, sc Scenario) error {
	b, err := marshalScenario(sc)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// SaveScenarioFile writes sc to the file at path as SaveScenario does. It
// writes a temporary file in the same directory, flushes it to disk and
// renames it over path, so a reader, or a program interrupted mid-write,
// never sees a half-written file: path holds either its old contents or the
// complete new ones. On any error the old file is left as it was and the
// temporary file removed. A new file gets mode 0644; an existing file keeps
// its mode.
func SaveScenarioFile(path string, sc Scenario) (err error) {
	b, err := marshalScenario(sc)
	if err != nil {
		return err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("model: save scenario: %s is not a regular file", path)
		}
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("model: save scenario: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(b); err != nil {
		return fmt.Errorf("model: save scenario: %w", err)
	}
	if err = tmp.Chmod(mode); err != nil {
		return fmt.Errorf("model: save scenario: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("model: save scenario: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("model: save scenario: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("model: save scenario: %w", err)
	}
	// Make the rename itself durable where the platform allows it.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// marshalScenario validates sc (without its custom strategies, which are
// not written) and encodes it.
func marshalScenario(sc Scenario) ([]byte, error) {
	sc.Custom = nil
	if err := sc.Validate(); err != nil {
		return nil, fmt.Errorf("model: save scenario: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&sc); err != nil {
		return nil, fmt.Errorf("model: save scenario: %w", err)
	}
	return buf.Bytes(), nil
}

// loadScenario reads, checks, decodes and validates a scenario document;
// file names it in errors.
func loadScenario(r io.Reader, file string) (Scenario, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxScenarioBytes+1))
	if err != nil {
		return Scenario{}, &LoadError{File: file, Offset: -1, Err: fmt.Errorf("read: %w", err)}
	}
	if len(data) > MaxScenarioBytes {
		return Scenario{}, &LoadError{File: file, Offset: -1, Err: fmt.Errorf("document longer than %d bytes", MaxScenarioBytes)}
	}
	loc := func(off int, field string, err error) *LoadError {
		e := &LoadError{File: file, Offset: -1, Field: field, Err: err}
		if off >= 0 {
			e.Offset = int64(off)
			e.Line, e.Column = lineColumn(data, off)
		}
		return e
	}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return Scenario{}, loc(0, "", errors.New("the document starts with a byte-order mark: save it as UTF-8 without one"))
	}
	// Syntax first: the decoder's offset counts the bytes read up to and
	// including the offending one.
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		var se *json.SyntaxError
		if !errors.As(err, &se) {
			return Scenario{}, loc(-1, "", err)
		}
		off := max(int(se.Offset)-1, 0)
		if strings.Contains(se.Error(), "after top-level value") {
			return Scenario{}, loc(off, "", fmt.Errorf("data after the scenario object: %s", snippet(data, off)))
		}
		if len(bytes.TrimSpace(data)) == 0 {
			return Scenario{}, loc(len(data), "", errors.New("empty document: want a JSON object"))
		}
		if off >= len(data) || strings.Contains(se.Error(), "unexpected end") {
			return Scenario{}, loc(len(data), "", fmt.Errorf("syntax error: %s (the document is cut short)", se))
		}
		return Scenario{}, loc(off, "", fmt.Errorf("syntax error: %s", se))
	}
	// Then the shape: every field known, every value of its field's type.
	w := schemaWalker{data: data, pos: map[string]int{}}
	w.walk(0, "", reflect.TypeFor[Scenario]())
	if len(w.errs) > 0 {
		errs := make([]error, 0, min(len(w.errs), maxLoadErrors)+1)
		for i, p := range w.errs {
			if i == maxLoadErrors {
				errs = append(errs, &LoadError{File: file, Offset: -1, Err: fmt.Errorf("%d more problems not listed", len(w.errs)-maxLoadErrors)})
				break
			}
			errs = append(errs, loc(p.off, p.field, p.err))
		}
		return Scenario{}, errors.Join(errs...)
	}
	var sc Scenario
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sc); err != nil {
		// The shape check above should have caught it; report what the
		// decoder says.
		field := ""
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			field = ute.Field
		}
		return Scenario{}, loc(-1, field, err)
	}
	// Finally the values, each problem placed at the field (or the
	// innermost enclosing value) the document sets.
	if err := sc.Validate(); err != nil {
		var errs []error
		for _, e := range flattenErrors(err) {
			field, inner := fieldOf(e)
			off, ok := w.locate(field)
			if !ok {
				off = -1
			}
			errs = append(errs, loc(off, field, inner))
		}
		return Scenario{}, errors.Join(errs...)
	}
	return sc, nil
}

// fieldOf returns the field path a validation problem names and the
// problem: a valid.FieldError's field, or the path that nested Validate
// calls put before another error as "market: correlation: pairs: …"
// (valid.Checker.Sub), with the error inside it.
func fieldOf(e error) (string, error) {
	var fe *valid.FieldError
	if errors.As(e, &fe) {
		return fe.Field, e
	}
	path := ""
	for {
		inner := errors.Unwrap(e)
		if inner == nil {
			return path, e
		}
		prefix, ok := strings.CutSuffix(e.Error(), ": "+inner.Error())
		if !ok || !isFieldPath(prefix) {
			return path, e
		}
		if strings.HasPrefix(prefix, "[") {
			path += prefix
		} else {
			path = join(path, prefix)
		}
		e = inner
		if errors.As(e, &fe) {
			return join(path, fe.Field), &valid.FieldError{Field: join(path, fe.Field), Value: fe.Value, Want: fe.Want}
		}
	}
}

// isFieldPath reports whether s is a field path in JSON names: names of
// letters and digits, starting with a letter, joined by dots, each
// followed by any number of indices "[n]" (or s is just indices).
func isFieldPath(s string) bool {
	if s == "" {
		return false
	}
	start := true // at the start of a name
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			start = false
		case c >= '0' && c <= '9':
			if start {
				return false
			}
		case c == '[':
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == i+1 || j >= len(s) || s[j] != ']' {
				return false
			}
			i = j
			start = false
		case c == '.':
			if start || i == len(s)-1 {
				return false
			}
			start = true
		default:
			return false
		}
	}
	return !start
}

// flattenErrors expands errors.Join trees into their leaves.
func flattenErrors(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flattenErrors(e)...)
		}
		return out
	}
	return []error{err}
}

// lineColumn returns the 1-based line and column (in code points) of byte
// offset off in data.
func lineColumn(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	start := bytes.LastIndexByte(before, '\n') + 1
	col = 1 + utf8.RuneCount(before[start:])
	return line, col
}

// snippet quotes up to 24 bytes of data from off, for messages.
func snippet(data []byte, off int) string {
	end := min(off+24, len(data))
	s := string(data[off:end])
	if end < len(data) {
		s += "…"
	}
	return strconv.Quote(s)
}

// isJSONNull reports whether the JSON value b is the literal null.
func isJSONNull(b []byte) bool {
	return string(bytes.TrimSpace(b)) == "null"
}

// decodeJSONStrict decodes the JSON value b into v, rejecting unknown
// fields. The UnmarshalJSON methods of the scenario's types use it, so that
// unknown fields are rejected at every depth (a json.Decoder's
// DisallowUnknownFields does not reach into a type's own UnmarshalJSON).
func decodeJSONStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("json: data after the value")
	}
	return nil
}

// schemaProblem is one problem the schema walk found.
type schemaProblem struct {
	off   int
	field string
	err   error
}

// schemaWalker checks a syntactically valid JSON document against the Go
// type it is to be decoded into, before encoding/json decodes it: every
// object key must be the exact JSON name of a field, no key may repeat,
// no value may be null, and every value must have its field's JSON type.
// It records the byte offset of every value by its field path, so that
// Validate's problems can be placed in the document.
//
// It follows the struct fields of the scenario's types, including those
// with their own UnmarshalJSON (Scenario, StrategySpec, Conversion, Lease,
// CorrelationParams), which decode the same fields; types implementing
// encoding.TextUnmarshaler take a string that their UnmarshalText accepts.
type schemaWalker struct {
	data []byte
	errs []schemaProblem
	pos  map[string]int // field path → offset of its value
}

// structuralUnmarshalers are the types whose UnmarshalJSON decodes the
// fields of the type itself (with different defaults), so the walker checks
// them field by field.
var structuralUnmarshalers = map[reflect.Type]bool{
	reflect.TypeFor[Scenario]():          true,
	reflect.TypeFor[StrategySpec]():      true,
	reflect.TypeFor[Conversion]():        true,
	reflect.TypeFor[Lease]():             true,
	reflect.TypeFor[CorrelationParams](): true,
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// opaque reports whether the walker leaves values of type t to their own
// UnmarshalJSON (no type in a Scenario is; a test checks it).
func opaque(t reflect.Type) bool {
	if structuralUnmarshalers[t] {
		return false
	}
	return t.Implements(jsonUnmarshalerType) || reflect.PointerTo(t).Implements(jsonUnmarshalerType) ||
		t.Kind() == reflect.Interface || t.Kind() == reflect.Func || t.Kind() == reflect.Chan
}

// textual reports whether values of type t decode from JSON strings through
// UnmarshalText.
func textual(t reflect.Type) bool {
	return !structuralUnmarshalers[t] && reflect.PointerTo(t).Implements(textUnmarshalerType)
}

func (w *schemaWalker) fail(off int, field string, format string, args ...any) {
	w.errs = append(w.errs, schemaProblem{off: off, field: field, err: fmt.Errorf(format, args...)})
}

// at returns the byte at i, or 0 past the end.
func (w *schemaWalker) at(i int) byte {
	if i < 0 || i >= len(w.data) {
		return 0
	}
	return w.data[i]
}

// space skips white space from i.
func (w *schemaWalker) space(i int) int {
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
func (w *schemaWalker) endString(i int) int {
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
func (w *schemaWalker) endScalar(i int) int {
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
func (w *schemaWalker) str(i, end int) string {
	var s string
	if json.Unmarshal(w.data[i:end], &s) != nil {
		return string(w.data[i:end])
	}
	return s
}

// skip returns the offset just past the value starting at i (after white
// space).
func (w *schemaWalker) skip(i int) int {
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

// join appends a field name to a path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// walk checks the value starting at i (after white space) against type t,
// with path its field path, and returns the offset just past it.
func (w *schemaWalker) walk(i int, path string, t reflect.Type) int {
	i = w.space(i)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	w.pos[path] = i
	c := w.at(i)
	name := path
	if name == "" {
		name = "the scenario"
	}
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
	mismatch := func() int {
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
	if textual(t) {
		if c != '"' {
			return mismatch()
		}
		end := w.endString(i)
		v := reflect.New(t).Interface().(encoding.TextUnmarshaler)
		if err := v.UnmarshalText([]byte(w.str(i, end))); err != nil {
			w.fail(i, path, "%s", strings.TrimPrefix(err.Error(), "model: "))
		}
		return end
	}
	switch t.Kind() {
	case reflect.Struct:
		if c != '{' {
			return mismatch()
		}
		return w.object(i, path, t)
	case reflect.Map:
		if c != '{' || t.Key().Kind() != reflect.String {
			return mismatch()
		}
		return w.mapObject(i, path, t)
	case reflect.Slice, reflect.Array:
		if c != '[' {
			return mismatch()
		}
		return w.array(i, path, t)
	case reflect.String:
		if c != '"' {
			return mismatch()
		}
		return w.endString(i)
	case reflect.Bool:
		if c != 't' && c != 'f' {
			return mismatch()
		}
		return w.endScalar(i)
	case reflect.Float32, reflect.Float64:
		if c != '-' && (c < '0' || c > '9') {
			return mismatch()
		}
		end := w.endScalar(i)
		if _, err := strconv.ParseFloat(string(w.data[i:end]), t.Bits()); err != nil {
			w.fail(i, path, "number %s is out of the range of a float%d", w.data[i:end], t.Bits())
		}
		return end
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if c != '-' && (c < '0' || c > '9') {
			return mismatch()
		}
		end := w.endScalar(i)
		if _, err := strconv.ParseInt(string(w.data[i:end]), 10, t.Bits()); err != nil {
			w.fail(i, path, "want %s, got %s", wantInt(t, w.data[i:end]), raw(w.data[i:end]))
		}
		return end
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if c < '0' || c > '9' {
			return mismatch()
		}
		end := w.endScalar(i)
		if _, err := strconv.ParseUint(string(w.data[i:end]), 10, t.Bits()); err != nil {
			w.fail(i, path, "want %s, got %s", wantInt(t, w.data[i:end]), raw(w.data[i:end]))
		}
		return end
	}
	w.fail(i, path, "%s cannot be read from JSON", name)
	return w.skip(i)
}

// members calls f for every member of the object starting at i, with the
// key, its offset and the offset of the value; f returns the offset just
// past the value. members returns the offset just past the object.
func (w *schemaWalker) members(i int, f func(key string, keyOff, valOff int) int) int {
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

// object checks the object at i against struct type t.
func (w *schemaWalker) object(i int, path string, t reflect.Type) int {
	fields := jsonFields(t)
	seen := map[string]int{}
	end := w.members(i, func(key string, k, v int) int {
		if first, dup := seen[key]; dup {
			line, _ := lineColumn(w.data, first)
			w.fail(k, join(path, key), "field named twice in one object (first at line %d)", line)
			return w.skip(v)
		}
		seen[key] = k
		f, ok := fields.byName[key]
		if !ok {
			w.fail(k, join(path, key), "unknown field%s", suggest(key, fields.names))
			return w.skip(v)
		}
		return w.walk(v, join(path, key), f.typ)
	})
	if t == reflect.TypeFor[StrategySpec]() {
		var kind StrategyKind
		if k, ok := seen["kind"]; ok {
			vs := w.space(w.space(w.endString(k)) + 1)
			if w.at(vs) == '"' {
				kind = StrategyKind(w.str(vs, w.endString(vs)))
			}
		}
		if missingFraction(kind, func(s string) bool { _, ok := seen[s]; return ok }) {
			w.fail(i, join(path, "fraction"), "missing for kind %q: %s", kind, fractionWant)
		}
	}
	return end
}

// mapObject checks the object at i against map type t.
func (w *schemaWalker) mapObject(i int, path string, t reflect.Type) int {
	seen := map[string]bool{}
	return w.members(i, func(key string, k, v int) int {
		if seen[key] {
			w.fail(k, join(path, key), "key named twice in one object")
			return w.skip(v)
		}
		seen[key] = true
		return w.walk(v, join(path, key), t.Elem())
	})
}

// array checks the array at i against slice or array type t.
func (w *schemaWalker) array(i int, path string, t reflect.Type) int {
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

// locate returns the offset of the value of field, or of the innermost
// enclosing value the document sets (a field left at its default has
// none of its own), and whether there is one other than the whole document.
func (w *schemaWalker) locate(field string) (int, bool) {
	for f := field; f != ""; {
		if off, ok := w.pos[f]; ok {
			return off, true
		}
		cut := max(strings.LastIndexByte(f, '.'), strings.LastIndexByte(f, '['))
		if cut <= 0 {
			break
		}
		f = f[:cut]
	}
	return 0, false
}

// fieldInfo is one JSON field of a struct type.
type fieldInfo struct {
	typ reflect.Type
}

// fieldSet lists a struct type's JSON fields.
type fieldSet struct {
	byName map[string]fieldInfo
	names  []string // in struct order
}

var fieldCache sync.Map // reflect.Type → fieldSet

// jsonFields returns the fields encoding/json decodes into struct type t,
// by their exact JSON names: tagged names, untagged exported fields under
// their Go names, fields of untagged embedded structs promoted, "-" left
// out.
func jsonFields(t reflect.Type) fieldSet {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(fieldSet)
	}
	fs := fieldSet{byName: map[string]fieldInfo{}}
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
			fs.byName[name] = fieldInfo{typ: sf.Type}
			fs.names = append(fs.names, name)
		}
	}
	add(t)
	fieldCache.Store(t, fs)
	return fs
}

// suggest returns ` (did you mean "x"?)` for the known name closest to an
// unknown key (the same name in another case, or within one edit of a key
// of three to five characters, two of a longer one), or the list of known
// names.
func suggest(key string, names []string) string {
	// Allow one edit in a short name, two in a longer one.
	limit := 1
	switch n := utf8.RuneCountInString(key); {
	case n <= 2:
		limit = 0
	case n >= 6:
		limit = 2
	}
	best, bestD := "", limit+1
	for _, n := range names {
		if strings.EqualFold(n, key) {
			return fmt.Sprintf(" (did you mean %q? names are case-sensitive)", n)
		}
		if d := editDistance(strings.ToLower(key), strings.ToLower(n), bestD); d < bestD {
			best, bestD = n, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return " (known fields: " + strings.Join(names, ", ") + ")"
}

// editDistance returns the optimal-string-alignment distance of a and b
// (Levenshtein's insertions, deletions and substitutions, plus swaps of
// adjacent characters; F. J. Damerau, Commun. ACM 7(3), 1964), or limit if
// it is limit or more.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit)
}
