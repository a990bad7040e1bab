package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/pivotrisk/pivotrisk/internal/strictjson"
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

// Error returns the located message: the file, then the position and the
// problem as the strict reader formats them (strictjson.Error).
func (e *LoadError) Error() string {
	located := (&strictjson.Error{Line: e.Line, Column: e.Column, Offset: e.Offset, Field: e.Field, Err: e.Err}).Error()
	if e.File == "" {
		return located
	}
	return e.File + ": " + located
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
	loc := func(e *strictjson.Error) *LoadError {
		return &LoadError{File: file, Line: e.Line, Column: e.Column, Offset: e.Offset, Field: e.Field, Err: e.Err}
	}
	// Syntax and shape first: every field known, every value of its
	// field's type.
	doc, problems := strictjson.Check(data, reflect.TypeFor[Scenario](), "scenario")
	if len(problems) == 1 {
		return Scenario{}, loc(problems[0])
	}
	if len(problems) > 0 {
		errs := make([]error, 0, min(len(problems), maxLoadErrors)+1)
		for i, p := range problems {
			if i == maxLoadErrors {
				errs = append(errs, &LoadError{File: file, Offset: -1, Err: fmt.Errorf("%d more problems not listed", len(problems)-maxLoadErrors)})
				break
			}
			errs = append(errs, loc(p))
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
		return Scenario{}, loc(doc.Error(-1, field, err))
	}
	// Finally the values, each problem placed at the field (or the
	// innermost enclosing value) the document sets.
	if err := sc.Validate(); err != nil {
		var errs []error
		for _, e := range flattenErrors(err) {
			field, inner := fieldOf(e)
			off, ok := doc.Locate(field)
			if !ok {
				off = -1
			}
			errs = append(errs, loc(doc.Error(off, field, inner)))
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

// join appends a field name to a path.
func join(path, name string) string { return strictjson.Join(path, name) }
