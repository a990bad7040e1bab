// Package strictjson reads JSON documents strictly and says where they go
// wrong: before encoding/json decodes a document into a Go value, Check
// walks it against the value's type and reports every unknown field (with a
// "did you mean" suggestion), repeated field, null and value of the wrong
// JSON type, each located by line, column and byte offset and named by its
// field path ("strategies[1].lease.termYears").
//
// Types that decode a JSON object with an UnmarshalJSON of their own opt in
// to the walk by implementing Object (and Checker for rules across their
// members); every other type with its own UnmarshalJSON is left to it.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Error is one problem located in a JSON document.
//
// Error formats it as
//
//	line L, column C (byte B): [Field: ]problem
//
// leaving the position out when it is not known, and the field when the
// problem is a valid.FieldError (which names it).
type Error struct {
	// Line and Column locate the problem, both from 1; Column counts
	// characters (UTF-8 code points), not bytes. 0 when not known.
	Line, Column int
	// Offset is the byte offset of the problem from the start of the
	// document, or −1 when not known.
	Offset int64
	// Field is the path of the field in JSON names, such as
	// "strategies[1].lease.termYears"; "" for the document as a whole.
	Field string
	// Err is the problem.
	Err error
}

// Error returns the located message.
func (e *Error) Error() string {
	var b strings.Builder
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
func (e *Error) Unwrap() error { return e.Err }

// Decode checks data against the type of v (a non-nil pointer) as Check
// does, naming the document "document" in messages, and decodes it into v
// with encoding/json, rejecting unknown fields. Problems come back as one
// *Error or an errors.Join of them; then v is left as it was.
func Decode(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("strictjson: Decode into %T: want a non-nil pointer", v)
	}
	doc, problems := Check(data, rv.Type().Elem(), "document")
	if len(problems) > 0 {
		errs := make([]error, len(problems))
		for i, p := range problems {
			errs[i] = p
		}
		return errors.Join(errs...)
	}
	if err := Unmarshal(data, v); err != nil {
		return doc.Error(-1, "", err)
	}
	return nil
}

// Unmarshal decodes the single JSON value b into v as encoding/json does,
// but rejects unknown fields and anything after the value. It does not
// locate problems; types call it from their UnmarshalJSON.
func Unmarshal(b []byte, v any) error {
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

// IsNull reports whether the JSON value b is the literal null.
func IsNull(b []byte) bool {
	return string(bytes.TrimSpace(b)) == "null"
}
