package sim

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	ok := Config{Paths: 1000}
	for _, tc := range []struct {
		name string
		cfg  Config
		want []string // substrings of the error; none for a valid config
	}{
		{"minimal", ok, nil},
		{"everything", Config{Paths: 2000, FirstPath: 4000, Seed: 9, Workers: 8, Antithetic: true,
			TargetStdErrUSD: 1e5, MaxPaths: 100_000, Bands: &BandSet{Cash: true}, BandPaths: 500,
			ProgressInterval: time.Second}, nil},
		{"zero paths", Config{}, []string{"paths = 0: must be in [368, 100000000]"}},
		{"too few paths", Config{Paths: 367}, []string{"paths = 367"}},
		{"absurd paths", Config{Paths: 1e12}, []string{"paths = 1000000000000: must be in [368, 100000000]"}},
		{"negative workers", Config{Paths: 1000, Workers: -1}, []string{"workers = -1: must be in [0, 4096]"}},
		{"too many workers", Config{Paths: 1000, Workers: 1 << 20}, []string{"workers = 1048576"}},
		{"wrapping first path", Config{Paths: 1000, FirstPath: math.MaxUint64 - 10}, []string{"firstPath = 18446744073709551605"}},
		{"antithetic odd", Config{Paths: 1001, FirstPath: 3, Antithetic: true},
			[]string{"paths = 1001: must be even with antithetic", "firstPath = 3: must be even"}},
		{"antithetic odd max", Config{Paths: 1000, Antithetic: true, TargetStdErrUSD: 1, MaxPaths: 2001}, []string{"maxPaths = 2001: must be even"}},
		{"max without target", Config{Paths: 1000, MaxPaths: 5000}, []string{"maxPaths = 5000: must be 0 without targetStdErrUSD"}},
		{"target without max", Config{Paths: 1000, TargetStdErrUSD: 1}, []string{"maxPaths = 0: must be in [1000, 100000000]"}},
		{"max below paths", Config{Paths: 1000, TargetStdErrUSD: 1, MaxPaths: 999}, []string{"maxPaths = 999"}},
		{"negative target", Config{Paths: 1000, TargetStdErrUSD: -1, MaxPaths: 2000}, []string{"targetStdErrUSD = -1: must be > 0"}},
		{"NaN target", Config{Paths: 1000, TargetStdErrUSD: math.NaN(), MaxPaths: 2000}, []string{"targetStdErrUSD = NaN"}},
		{"band paths", Config{Paths: 1000, BandPaths: -1}, []string{"bandPaths = -1: must be in [0, 100000]"}},
		{"progress interval", Config{Paths: 1000, ProgressInterval: -time.Second}, []string{"progressInterval = \"-1s\""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want an error mentioning %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestConfigResolved(t *testing.T) {
	r := Config{Paths: 500}.resolved()
	if r.Workers < 1 || r.BandPaths != DefaultBandPaths || r.ProgressInterval != DefaultProgressInterval || !reflect.DeepEqual(r.Bands, DefaultBands()) {
		t.Errorf("resolved defaults: %+v", r)
	}
	none := &BandSet{}
	r = Config{Paths: 500, Workers: 3, Bands: none, BandPaths: 10}.resolved()
	if r.Workers != 3 || r.BandPaths != 10 || !reflect.DeepEqual(r.Bands, none) || r.Bands == none {
		t.Errorf("resolved keeps set fields and copies Bands: %+v", r)
	}
}
