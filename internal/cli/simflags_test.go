package cli

import (
	"io"
	"strings"
	"testing"
)

// -paths takes integral scientific notation (1e6 was a parse error) and
// still refuses fractions, junk and values beyond an int, with the flag
// package's one-line message.
func TestPathsScientificNotation(t *testing.T) {
	tests := []struct {
		arg  string
		want int
		err  string
	}{
		{"1e6", 1_000_000, ""},
		{"2.5e5", 250_000, ""},
		{"1E6", 1_000_000, ""},
		{"+1e3", 1000, ""},
		{"1.000e3", 1000, ""},
		{"12000e-1", 1200, ""},
		{"0e-99999999999999999999", 0, ""},
		{"1000", 1000, ""},
		{"1_000", 1000, ""},
		{"-1e3", -1000, ""},
		{"1.5e0", 0, "not a whole number"},
		{"1e-3", 0, "not a whole number"},
		{"1e19", 0, "value out of range"},
		{"1e99999999999999999999", 0, "value out of range"},
		{"9223372036854775807e9223372036854775807", 0, "value out of range"},
		{"9999999999999999999", 0, "value out of range"},
		{"1e", 0, "parse error"},
		{"e6", 0, "parse error"},
		{"1.5", 0, "parse error"},
		{"many", 0, "parse error"},
		{"1e6/2", 0, "parse error"},
		{"inf", 0, "parse error"},
		{"NaN", 0, "parse error"},
		{"0x1p20", 0, "parse error"},
	}
	for _, tc := range tests {
		c := New("prog", "[flags]", "about", io.Discard, io.Discard)
		var s Sim
		c.AddSimFlags(&s, 400)
		err := c.Flags.Parse([]string{"-paths", tc.arg})
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("-paths %s: %v", tc.arg, err)
		case tc.err == "" && s.Paths != tc.want:
			t.Errorf("-paths %s = %d, want %d", tc.arg, s.Paths, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), `invalid value "`+tc.arg+`" for flag -paths: `+tc.err)):
			t.Errorf("-paths %s: error %v, want %q", tc.arg, err, tc.err)
		}
	}
}

// -npv-only reaches the Config (the sweeps had no way to set it).
func TestNPVOnlyFlag(t *testing.T) {
	c := New("prog", "[flags]", "about", io.Discard, io.Discard)
	var s Sim
	c.AddSimFlags(&s, 400)
	if err := c.Flags.Parse([]string{"-npv-only"}); err != nil {
		t.Fatal(err)
	}
	cfg, err := s.Config()
	if err != nil || !cfg.NPVSamplesOnly {
		t.Errorf("config %+v, %v: want NPVSamplesOnly", cfg, err)
	}
}
