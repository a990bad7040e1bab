package model

import (
	"math"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

// smallCloud is 100 GPUs per MW IT at 30,000 $ each, living two years, half
// contracted for one year with a 25 % prepayment, the other half rented at
// 50 % utilisation with a quality decay of 0.1 per year.
func smallCloud() GPUCloud {
	return GPUCloud{
		GPUsPerMWIT: 100, CapexUSDPerGPU: 30_000, LifeYears: 2, Utilisation: 0.5,
		QualityDecayPerYear: 0.1, OpexUSDPerGPUYear: 1_000, ContractShare: 0.5,
		ContractYears: 1, Tenant: RatedNeocloud, PrepaymentShare: 0.25,
		RecoveryRate: 0.4, ShellNOIMargin: 0.85,
	}
}

func gpuState(k int, rent, hazard float64) State {
	s := coloState(k, 150, hazard)
	s.GPURentUSDPerHour = rent
	return s
}

func TestGPUCloudByHand(t *testing.T) {
	// 1 MW IT on 1.25 MW gross: 100 GPUs. Month 1 (commissioning at 0):
	//   capex 100·30,000 = 3 M$;
	//   contract: 50 GPUs · 2 $/h · 8,766 h = 876,600 $/yr for one year;
	//     prepaid 25 % = 219,150 $; monthly 75 %·876,600/12 = 54,787.5 $;
	//   market: 50 · 2 · 0.5 · 8,766 · ∫₀^{1/12} e^{−0.1t}dt
	//     = 438,300 · (1 − e^{−0.1/12})/0.1;
	//   power 1.25 MW · 730.5 h · 40 $/MWh = 36,525 $; opex 100·1,000/12.
	b, err := NewGPUCloudBlock(smallCloud(), 1, 1.25)
	if err != nil {
		t.Fatal(err)
	}
	r := dist.New(1, 0)
	b.Commence(0)
	s := gpuState(1, 2, 0)
	cf := b.Step(&s, r)
	spot1 := 438_300 * (1 - math.Exp(-0.1/12)) / 0.1
	mctest.WithinRel(t, "capex", cf.CapexUSD, 3e6, 1e-15)
	mctest.WithinRel(t, "month 1 rent", cf.GPURentUSD, 219_150+54_787.5+spot1, 1e-12)
	mctest.WithinRel(t, "power", cf.PowerUSD, 36_525, 1e-12)
	mctest.WithinRel(t, "opex", cf.OpexUSD, 100_000.0/12, 1e-12)

	// Months 2–12 rent the same contract; the market rent changes to 3 $/h,
	// which only the uncontracted half sees. Month 13 is after the
	// contract: all 100 GPUs at market, 100·3·0.5·8,766·∫₁^{13/12} e^{−0.1t}dt.
	for k := 2; k <= 12; k++ {
		s = gpuState(k, 3, 0)
		cf = b.Step(&s, r)
		a, c := float64(k-1)/12, float64(k)/12
		spot := 50 * 3 * 0.5 * 8766 * (math.Exp(-0.1*a) - math.Exp(-0.1*c)) / 0.1
		mctest.WithinRel(t, "contract months", cf.GPURentUSD, 54_787.5+spot, 1e-12)
	}
	s = gpuState(13, 3, 0)
	cf = b.Step(&s, r)
	mctest.WithinRel(t, "after the contract", cf.GPURentUSD, 100*3*0.5*8766*(math.Exp(-0.1)-math.Exp(-0.1*13/12))/0.1, 1e-12)

	// End of life at 2 years (end of month 24): a new fleet (3 M$), a new
	// contract at the month's market rent of 3 $/h, its prepayment
	// 0.25·50·3·8,766 = 328,725 $.
	for k := 14; k <= 24; k++ {
		s = gpuState(k, 3, 0)
		cf = b.Step(&s, r)
	}
	mctest.WithinRel(t, "refresh capex", cf.CapexUSD, 3e6, 1e-15)
	spot24 := 100 * 3 * 0.5 * 8766 * (math.Exp(-0.1*23/12) - math.Exp(-0.2)) / 0.1
	mctest.WithinRel(t, "refresh month rent", cf.GPURentUSD, spot24+328_725, 1e-9)
	// Terminal value right after the refresh: shell 5·0.85·150·1000·12 plus
	// the new fleet's full book value 3 M$.
	mctest.WithinRel(t, "terminal", b.TerminalUSD(&s, 5), 5*0.85*150*1000*12+3e6, 1e-12)
}

func TestGPUCloudDefault(t *testing.T) {
	// The contract tenant defaults inside month 5 (hazard 5000/yr there).
	// Recovery: 40 % of the unpaid 75 % of the remaining contract rent,
	// 0.4·0.75·876,600·(1 − τ); from τ the 50 contracted GPUs rent at market.
	b, err := NewGPUCloudBlock(smallCloud(), 1, 1.25)
	if err != nil {
		t.Fatal(err)
	}
	r := dist.New(2, 0)
	b.Commence(0)
	for k := 1; k <= 6; k++ {
		h := 0.0
		if k == 5 {
			h = 5000
		}
		s := gpuState(k, 2, h)
		cf := b.Step(&s, r)
		a, c := float64(k-1)/12, float64(k)/12
		q := func(x, y float64) float64 { return (math.Exp(-0.1*x) - math.Exp(-0.1*y)) / 0.1 }
		switch k {
		case 5:
			if b.Defaults() != 1 {
				t.Fatal("no default in month 5")
			}
			tau := b.LastDefaultYears()
			want := 0.75*876_600*(tau-a) + 50*2*0.5*8766*q(a, c) + 50*2*0.5*8766*q(tau, c)
			mctest.WithinRel(t, "default month rent", cf.GPURentUSD, want, 1e-9)
			mctest.WithinRel(t, "recovery", cf.RecoveryUSD, 0.4*0.75*876_600*(1-tau), 1e-9)
		case 6:
			mctest.WithinRel(t, "all at market", cf.GPURentUSD, 100*2*0.5*8766*q(a, c), 1e-12)
		}
	}
}

func TestGPUCloudStepAllocatesNothing(t *testing.T) {
	b, err := NewGPUCloudBlock(DefaultGPUCloud(), 75, 100)
	if err != nil {
		t.Fatal(err)
	}
	r := dist.New(1, 0)
	b.Commence(0)
	k := 0
	if a := testing.AllocsPerRun(200, func() {
		k++
		s := gpuState(k, 2, 0.5)
		b.Step(&s, r)
	}); a != 0 {
		t.Errorf("GPUCloudBlock.Step allocates %v times", a)
	}
}

func TestGPUCloudValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*GPUCloud)
		want string
	}{
		{"contract longer than life", func(g *GPUCloud) { g.ContractYears = 7 }, "contractYears = 7"},
		{"utilisation", func(g *GPUCloud) { g.Utilisation = 1.5 }, "utilisation = 1.5"},
		{"life", func(g *GPUCloud) { g.LifeYears = 0 }, "lifeYears = 0"},
		{"gpus", func(g *GPUCloud) { g.GPUsPerMWIT = -1 }, "gpusPerMWIT = -1"},
	}
	for _, tc := range tests {
		g := DefaultGPUCloud()
		tc.edit(&g)
		err := g.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one naming %q", tc.name, err, tc.want)
		}
	}
	if err := DefaultGPUCloud().Validate(); err != nil {
		t.Errorf("default GPU cloud invalid: %v", err)
	}
	if _, err := NewGPUCloudBlock(DefaultGPUCloud(), 2, 1); err == nil {
		t.Error("IT load above gross accepted")
	}
}
