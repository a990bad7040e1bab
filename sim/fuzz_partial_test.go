package sim

import (
	"bytes"
	"context"
	"testing"
)

// FuzzReadPartial feeds ReadPartial hostile partial files: it must never
// panic or hang, and a partial it accepts must merge with itself refused
// (overlap) and, when complete, give a Result or an error, never a panic.
func FuzzReadPartial(f *testing.F) {
	// Small seeds: the fuzzer minimizes every new input it finds, which
	// takes minutes on a partial of hundreds of paths.
	sc := shortDefault(1)
	cfg := Config{Paths: MinSummaryPaths, Seed: 2, Antithetic: true, BandPaths: 2, Workers: 1, Bands: &BandSet{Cash: true}}
	for _, c := range []struct {
		opt PartialOptions
		rg  PathRange
	}{{PartialOptions{Samples: true}, PathRange{0, 4}}, {PartialOptions{}, PathRange{0, 4}}, {PartialOptions{}, PathRange{0, MinSummaryPaths}}} {
		opt, rg := c.opt, c.rg
		{
			p, err := RunPartial(context.Background(), sc, cfg, rg, opt)
			if err != nil {
				f.Fatal(err)
			}
			var b bytes.Buffer
			if err := p.WritePartial(&b); err != nil {
				f.Fatal(err)
			}
			f.Add(b.Bytes())
		}
	}
	f.Add([]byte(partialMagic))
	f.Add([]byte("junk"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		p, err := ReadPartial(bytes.NewReader(data))
		if err != nil {
			return
		}
		if _, err := MergePartials(p, p); err == nil {
			t.Fatal("a partial merged with itself: want an overlap error")
		}
		if len(p.Missing()) == 0 {
			_, _ = p.Result(context.Background(), p.Scenario)
		}
	})
}
