package model

import (
	"math"
	"testing"
)

// TestPlanDiscountFactor checks the plan's discount table against its
// formula, exp(−k·dt·log1p(r)), bit for bit at every step (the pricers of
// sim read it, so their NPVs stay what they were when each computed its
// own), and against the closed form (1+r)^(−y) at whole years y of
// monthly steps, within a few ulps.
func TestPlanDiscountFactor(t *testing.T) {
	for _, r := range []float64{0, 0.11, 0.5} {
		sc := DefaultScenario()
		sc.Finance.DiscountRatePerYear = r
		p, err := NewPlan(&sc)
		if err != nil {
			t.Fatal(err)
		}
		dt, l := p.DtYears(), math.Log1p(r)
		for k := -3; k <= p.Steps()+3; k++ { // beyond the table, the same formula
			want := math.Exp(-float64(k) * dt * l)
			if got := p.DiscountFactor(k); got != want {
				t.Errorf("r = %g: DiscountFactor(%d) = %v, want %v", r, k, got, want)
			}
		}
		for y := 0; 12*y <= p.Steps(); y++ {
			got, want := p.DiscountFactor(12*y), math.Pow(1+r, -float64(y))
			if math.Abs(got-want) > 8*math.Abs(want)*0x1p-52 {
				t.Errorf("r = %g: DiscountFactor(%d) = %v, want (1+r)^−%d = %v", r, 12*y, got, y, want)
			}
		}
	}
}
