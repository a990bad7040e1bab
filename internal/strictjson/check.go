package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Document is a JSON document that Check has walked: it remembers where
// each value the document sets begins, so that problems found later (by a
// Validate method, say) can be placed in it.
type Document struct {
	data []byte
	pos  map[string]int // field path → offset of its value
}

// Check checks data, a JSON document to be decoded into a value of type t,
// before anything is decoded: the syntax (no byte-order mark, one value
// and nothing after it), then the shape (see the package comment). what
// names the document's top-level value in messages ("scenario": "data
// after the scenario object"). It returns every problem found, in document
// order, and the Document for locating problems found later; with a syntax
// error the Document locates nothing.
func Check(data []byte, t reflect.Type, what string) (*Document, []*Error) {
	d := &Document{data: data, pos: map[string]int{}}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return d, []*Error{d.Error(0, "", errors.New("the document starts with a byte-order mark: save it as UTF-8 without one"))}
	}
	// Syntax first: the decoder's offset counts the bytes read up to and
	// including the offending one.
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return d, []*Error{d.syntaxError(err, what)}
	}
	// Then the shape: every field known, every value of its field's type.
	w := walker{data: data, pos: d.pos, what: what}
	w.walk(0, "", t)
	errs := make([]*Error, len(w.errs))
	for i, p := range w.errs {
		errs[i] = d.Error(p.off, p.field, p.err)
	}
	return d, errs
}

// syntaxError locates the error encoding/json gives for a malformed
// document.
func (d *Document) syntaxError(err error, what string) *Error {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return d.Error(-1, "", err)
	}
	data := d.data
	off := max(int(se.Offset)-1, 0)
	if strings.Contains(se.Error(), "after top-level value") {
		return d.Error(off, "", fmt.Errorf("data after the %s object: %s", what, snippet(data, off)))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return d.Error(len(data), "", errors.New("empty document: want a JSON object"))
	}
	if off >= len(data) || strings.Contains(se.Error(), "unexpected end") {
		return d.Error(len(data), "", fmt.Errorf("syntax error: %s (the document is cut short)", se))
	}
	return d.Error(off, "", fmt.Errorf("syntax error: %s", se))
}

// Error returns err located at byte offset off of the document (off < 0:
// no position), about field.
func (d *Document) Error(off int, field string, err error) *Error {
	e := &Error{Offset: -1, Field: field, Err: err}
	if off >= 0 {
		e.Offset = int64(off)
		e.Line, e.Column = LineColumn(d.data, off)
	}
	return e
}

// Locate returns the offset of the value of field, or of the innermost
// enclosing value the document sets (a field left at its default has
// none of its own), and whether there is one other than the whole document.
func (d *Document) Locate(field string) (int, bool) {
	for f := field; f != ""; {
		if off, ok := d.pos[f]; ok {
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

// LineColumn returns the 1-based line and column (in code points) of byte
// offset off in data.
func LineColumn(data []byte, off int) (line, col int) {
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

// Join returns path.name, or name for an empty path.
func Join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
