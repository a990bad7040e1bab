package cli

import (
	"bytes"
	"testing"

	"github.com/pivotrisk/pivotrisk/sim"
)

// TestSamplingFlags checks -sampling and -replicates: qmc turns
// -antithetic off unless it was given, and every bad combination is an
// error naming the flag.
func TestSamplingFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string // error; "" for none
		reps int    // replicates of the config when no error (0: pseudo-random)
	}{
		{nil, "", 0},
		{[]string{"-sampling", "pseudo-random"}, "", 0},
		{[]string{"-sampling", "qmc"}, "", 16},
		{[]string{"-sampling", "rqmc", "-replicates", "8"}, "", 8},
		{[]string{"-sampling", "qmc", "-antithetic=false"}, "", 16},
		{[]string{"-sampling", "qmc", "-antithetic"}, "-antithetic: must be false with -sampling qmc (the replicates' spread measures the error)", 0},
		{[]string{"-replicates", "8"}, "-replicates 8: only with -sampling qmc", 0},
		{[]string{"-sampling", "sobol"}, `-sampling "sobol": must be pseudo-random or qmc`, 0},
		{[]string{"-sampling", "qmc", "-replicates", "1"}, "-replicates 1: must be in [2, 4096]", 0},
		{[]string{"-sampling", "qmc", "-paths", "1000"}, "-paths 1000: must be a multiple of -replicates 16 with at least 100 paths per replicate with -sampling qmc", 0},
		{[]string{"-sampling", "qmc", "-paths", "1584"}, "-paths 1584: must be a multiple of -replicates 16 with at least 100 paths per replicate with -sampling qmc", 0},
	}
	for _, tc := range tests {
		var out, errb bytes.Buffer
		c := New("demo", "[flags]", "About.", &out, &errb)
		var s Sim
		c.AddSimFlags(&s, 1600)
		if _, ok := c.Parse(tc.args); !ok {
			t.Fatalf("%q: parse: %s", tc.args, errb.String())
		}
		cfg, err := s.Config()
		switch {
		case tc.want != "":
			if err == nil || err.Error() != tc.want {
				t.Errorf("%q: error %v, want %q", tc.args, err, tc.want)
			}
		case err != nil:
			t.Errorf("%q: %v", tc.args, err)
		case tc.reps == 0 && (cfg.Sampling != "" || cfg.Replicates != 0 || !cfg.Antithetic):
			t.Errorf("%q: config %+v, want pseudo-random antithetic", tc.args, cfg)
		case tc.reps > 0 && (cfg.Sampling != sim.RQMC || cfg.Replicates != tc.reps || cfg.Antithetic):
			t.Errorf("%q: config %+v, want rqmc with %d replicates", tc.args, cfg, tc.reps)
		}
	}
}
