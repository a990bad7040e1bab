package valid

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestCheckerMessages(t *testing.T) {
	tests := []struct {
		name string
		run  func(c *Checker)
		want []string
	}{
		{"finite NaN", func(c *Checker) { c.Finite("x", math.NaN()) }, []string{"x = NaN: must be a finite number"}},
		{"positive zero", func(c *Checker) { c.Positive("vol", 0) }, []string{"vol = 0: must be > 0 and finite"}},
		{"positive inf", func(c *Checker) { c.Positive("vol", math.Inf(1)) }, []string{"vol = +Inf: must be > 0 and finite"}},
		{"nonnegative", func(c *Checker) { c.NonNegative("rate", -2) }, []string{"rate = -2: must be ≥ 0 and finite"}},
		{"prob", func(c *Checker) { c.Prob("p", 1.3) }, []string{"p = 1.3: must be in [0, 1]"}},
		{"int", func(c *Checker) { c.Int("n", 0, 1, 10) }, []string{"n = 0: must be in [1, 10]"}},
		{"ok", func(c *Checker) { c.Positive("a", 1); c.Prob("b", 0.5); c.Finite("c", -3) }, nil},
		{"two", func(c *Checker) { c.Positive("a", -1); c.Prob("b", 2) }, []string{"a = -1", "b = 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Checker
			tt.run(&c)
			err := c.Err()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestSubPrefixes(t *testing.T) {
	var inner Checker
	inner.Positive("volPerYear", -1)
	inner.AddErr(errors.New("plain problem"))
	var outer Checker
	outer.Sub("market.btcPrice", inner.Err())
	outer.Sub("strategies", (&FieldError{Field: "[2].fraction", Value: 1.3, Want: "in [0, 1]"}))
	outer.Sub("x", nil)
	msg := outer.Err().Error()
	for _, w := range []string{"market.btcPrice.volPerYear = -1: must be > 0", "market.btcPrice: plain problem", "strategies[2].fraction = 1.3"} {
		if !strings.Contains(msg, w) {
			t.Errorf("%q does not contain %q", msg, w)
		}
	}
	var fe *FieldError
	if !errors.As(outer.Err(), &fe) || fe.Field != "market.btcPrice.volPerYear" {
		t.Errorf("errors.As gives %+v", fe)
	}
}
