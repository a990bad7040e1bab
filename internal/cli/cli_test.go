package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestSimConfig(t *testing.T) {
	tests := []struct {
		s    Sim
		want string
	}{
		{Sim{Paths: 400, Antithetic: true}, ""},
		{Sim{Paths: 367}, "-paths 367: must be in [368, 100000000]"},
		{Sim{Paths: 401, Antithetic: true}, "-paths 401: must be even with -antithetic (paths come in mirrored pairs)"},
		{Sim{Paths: 401}, ""},
		{Sim{Paths: 400, Workers: -1}, "-workers -1: must be in [0, 4096]"},
	}
	for _, tc := range tests {
		cfg, err := tc.s.Config()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: %v", tc.s, err)
		case tc.want != "" && (err == nil || err.Error() != tc.want):
			t.Errorf("%+v: error %v, want %q", tc.s, err, tc.want)
		case tc.want == "" && (cfg.Paths != tc.s.Paths || cfg.Antithetic != tc.s.Antithetic):
			t.Errorf("%+v: config %+v", tc.s, cfg)
		}
	}
}

func TestFailAndParse(t *testing.T) {
	var out, errb bytes.Buffer
	c := New("demo", "[flags]", "About.", &out, &errb)
	n := c.Flags.Int("n", 1, "a number")
	if code, ok := c.Parse([]string{"-n", "3"}); !ok || code != 0 || *n != 3 {
		t.Errorf("parse: %d %v %d", code, ok, *n)
	}
	if code := c.Failf(ExitFail, "line one\nline two"); code != ExitFail || errb.String() != "demo: line one\ndemo: line two\n" {
		t.Errorf("Failf: %d %q", code, errb.String())
	}
	errb.Reset()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if code := c.Fail(ctx, context.Canceled); code != ExitInterrupted || !strings.HasPrefix(errb.String(), "demo: interrupted") {
		t.Errorf("Fail on cancel: %d %q", code, errb.String())
	}
	errb.Reset()
	if code := c.Fail(context.Background(), errors.New("disk full")); code != ExitFail || errb.String() != "demo: disk full\n" {
		t.Errorf("Fail: %d %q", code, errb.String())
	}
}
