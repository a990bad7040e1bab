// Package valid collects parameter errors that name the field, its value and
// the allowed range, so every Validate in pivotrisk reports problems the same
// way:
//
//	market.btcPrice.volPerYear = -0.5: must be ≥ 0
//
// A Checker accumulates every problem (not just the first), and Sub prefixes
// the field names of a nested Validate's errors with the path of the part.
package valid

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// FieldError is one invalid field: its dotted path, its value and what is
// allowed.
type FieldError struct {
	Field string // dotted path in JSON field names, e.g. "facility.gridMW"
	Value any    // the offending value
	Want  string // the allowed range, e.g. "> 0" or "in [0, 1]"
}

// Error formats the problem as "field = value: must be want".
func (e *FieldError) Error() string {
	return fmt.Sprintf("%s = %s: must be %s", e.Field, format(e.Value), e.Want)
}

func format(v any) string {
	switch x := v.(type) {
	case float64:
		return fmt.Sprintf("%g", x)
	case string:
		return fmt.Sprintf("%q", x)
	default:
		return fmt.Sprintf("%v", x)
	}
}

// Checker accumulates field errors. Its zero value is ready to use.
type Checker struct {
	errs []error
}

// Add records an error for field with value v and allowed range want.
func (c *Checker) Add(field string, v any, want string) {
	c.errs = append(c.errs, &FieldError{Field: field, Value: v, Want: want})
}

// AddErr records an arbitrary error (nil is ignored).
func (c *Checker) AddErr(err error) {
	if err != nil {
		c.errs = append(c.errs, err)
	}
}

// Sub records err, a nested part's validation error, with every FieldError's
// field prefixed by prefix and a dot. Other errors are wrapped as "prefix: err".
func (c *Checker) Sub(prefix string, err error) {
	if err == nil {
		return
	}
	for _, e := range flatten(err) {
		var fe *FieldError
		if errors.As(e, &fe) {
			c.errs = append(c.errs, &FieldError{Field: join(prefix, fe.Field), Value: fe.Value, Want: fe.Want})
			continue
		}
		c.errs = append(c.errs, fmt.Errorf("%s: %w", prefix, e))
	}
}

func join(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "":
		return prefix
	case strings.HasPrefix(field, "["):
		return prefix + field
	default:
		return prefix + "." + field
	}
}

// flatten expands errors.Join trees into their leaves.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// Err returns all recorded problems joined with errors.Join (one per line),
// or nil if there were none.
func (c *Checker) Err() error {
	return errors.Join(c.errs...)
}

// Finite requires v to be a finite number.
func (c *Checker) Finite(field string, v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		c.Add(field, v, "a finite number")
		return false
	}
	return true
}

// Positive requires 0 < v < +Inf.
func (c *Checker) Positive(field string, v float64) bool {
	if !(v > 0) || math.IsInf(v, 1) {
		c.Add(field, v, "> 0 and finite")
		return false
	}
	return true
}

// NonNegative requires 0 ≤ v < +Inf.
func (c *Checker) NonNegative(field string, v float64) bool {
	if !(v >= 0) || math.IsInf(v, 1) {
		c.Add(field, v, "≥ 0 and finite")
		return false
	}
	return true
}

// Range requires lo ≤ v ≤ hi.
func (c *Checker) Range(field string, v, lo, hi float64) bool {
	if !(v >= lo && v <= hi) {
		c.Add(field, v, fmt.Sprintf("in [%g, %g]", lo, hi))
		return false
	}
	return true
}

// Prob requires 0 ≤ v ≤ 1.
func (c *Checker) Prob(field string, v float64) bool {
	return c.Range(field, v, 0, 1)
}

// Int requires lo ≤ v ≤ hi for an integer field.
func (c *Checker) Int(field string, v, lo, hi int64) bool {
	if v < lo || v > hi {
		c.Add(field, v, fmt.Sprintf("in [%d, %d]", lo, hi))
		return false
	}
	return true
}
