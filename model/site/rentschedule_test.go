package site

import (
	"math"
	"testing"
)

// TestEscalationTable checks the precomputed lease escalation against the
// function it tabulates.
func TestEscalationTable(t *testing.T) {
	for _, esc := range []float64{-0.5, -0.03, 0, 0.025, 0.5} {
		k := rentSchedule{annual0: 1, esc: esc, pow: escalationTable(esc, 12)}
		for _, y := range []float64{0, 1, 2, 5, 12, 13, 40, 0.5, 2.5} {
			if got, want := k.escalation(y), math.Pow(1+esc, y); math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("esc %g: escalation(%g) = %.17g, math.Pow = %.17g", esc, y, got, want)
			}
		}
	}
}
