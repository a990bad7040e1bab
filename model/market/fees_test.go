package market

import (
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// endStates simulates paths of m (path i on stream (seed, i)) to the given
// step and returns each path's state there.
func endStates(m *Market, steps, paths int, seed uint64) []State {
	end := make([]State, paths)
	r := dist.New(seed, 0)
	for i := range end {
		r.Reset(seed, uint64(i))
		s := m.Start()
		for range steps {
			m.Step(&s, r)
		}
		end[i] = s
	}
	return end
}

// levelsAt simulates paths of m to the given step and returns the log fees
// per block and the log power price at the end.
func levelsAt(m *Market, steps, paths int, seed uint64) (logFees, logPower []float64) {
	for _, s := range endStates(m, steps, paths, seed) {
		logFees = append(logFees, math.Log(s.FeesPerBlockBTC))
		logPower = append(logPower, math.Log(s.PowerUSDPerMWh))
	}
	return logFees, logPower
}

func TestFeesAndPowerThroughTheMarket(t *testing.T) {
	// Without floors the log levels have ExpOU's closed-form mean and
	// variance, for monthly and yearly steps alike.
	p := DefaultMarketParams()
	p.Fees.FloorBTC = 0
	p.Power.FloorUSDPerMWh = 0
	fees, err := p.Fees.Process()
	if err != nil {
		t.Fatal(err)
	}
	power, err := p.Power.Process()
	if err != nil {
		t.Fatal(err)
	}
	const horizon = 2.0
	for _, tc := range []struct {
		name  string
		dt    float64
		steps int
	}{{"quarterly", 0.25, 8}, {"yearly", 1, 2}} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := NewMarket(p, tc.dt)
			if err != nil {
				t.Fatal(err)
			}
			lf, lp := levelsAt(m, tc.steps, 20000, 91)
			for _, c := range []struct {
				name string
				x    []float64
				proc dist.ExpOU
				x0   float64
			}{{"log fees", lf, fees, p.Start.FeesPerBlockBTC}, {"log power", lp, power, p.Start.PowerUSDPerMWh}} {
				mean, se := mctest.MeanSE(c.x)
				mctest.WithinSE(t, "E["+c.name+"]", mean, c.proc.LogMean(c.x0, horizon), se, 4.5)
				v, sev := mctest.VarSE(c.x)
				mctest.WithinSE(t, "Var["+c.name+"]", v, c.proc.LogVariance(horizon), sev, 4.5)
			}
		})
	}
}

func TestFeeAndPowerFloors(t *testing.T) {
	p := DefaultMarketParams()
	m, err := NewMarket(p, 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	r := dist.New(92, 0)
	for i := range 300 {
		r.Reset(92, uint64(i))
		s := m.Start()
		for range 120 {
			m.Step(&s, r)
			if s.FeesPerBlockBTC < p.Fees.FloorBTC || s.PowerUSDPerMWh < p.Power.FloorUSDPerMWh {
				t.Fatalf("path %d: fees %v below %v or power %v below %v", i, s.FeesPerBlockBTC, p.Fees.FloorBTC, s.PowerUSDPerMWh, p.Power.FloorUSDPerMWh)
			}
		}
	}
}

func TestFeeAndPowerValidate(t *testing.T) {
	f := DefaultFeeParams()
	f.FloorBTC = 1 // above the level
	f.JumpSDLog = -1
	w := DefaultPowerParams()
	w.LevelUSDPerMWh = -5
	w.JumpsPerYear = 400
	for _, tc := range []struct {
		err  error
		want []string
	}{
		{f.Validate(), []string{"floorBTC = 1: must be in [0, 0.035]", "jumpSDLog = -1"}},
		{w.Validate(), []string{"levelUSDPerMWh = -5", "jumpsPerYear = 400"}},
		{DefaultFeeParams().Validate(), nil},
		{DefaultPowerParams().Validate(), nil},
	} {
		if tc.want == nil {
			if tc.err != nil {
				t.Errorf("defaults: %v", tc.err)
			}
			continue
		}
		for _, want := range tc.want {
			if tc.err == nil || !strings.Contains(tc.err.Error(), want) {
				t.Errorf("error %v does not mention %q", tc.err, want)
			}
		}
	}
}
