package market

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

func TestBlockSubsidy(t *testing.T) {
	tests := []struct {
		name   string
		height int64
		want   int64
	}{
		{"negative height has no block", -1, 0},
		{"most negative height", math.MinInt64, 0},
		{"genesis", 0, 5_000_000_000},
		{"last block of era 0", 209_999, 5_000_000_000},
		// docs/CALIBRATION.md §A: the four historical halvings.
		{"halving 1", 210_000, 2_500_000_000},
		{"halving 2", 420_000, 1_250_000_000},
		{"halving 3", 630_000, 625_000_000},
		{"last block before halving 4", 839_999, 625_000_000},
		{"halving 4", 840_000, 312_500_000},
		{"the start height (January 2026)", 930_355, 312_500_000},
		{"halving 5 (projected)", 1_050_000, 156_250_000},
		{"era 32: 5e9 >> 32 = 1 satoshi", 32 * HalvingInterval, 1},
		{"era 33: below one satoshi", 33 * HalvingInterval, 0},
		{"era 63", 63*HalvingInterval + 5, 0},
		{"64th halving: shift no longer applied", 64 * HalvingInterval, 0},
		{"largest height", math.MaxInt64, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := BlockSubsidy(tc.height); got != tc.want {
				t.Errorf("BlockSubsidy(%d) = %d, want %d", tc.height, got, tc.want)
			}
		})
	}
}

// The total supply the protocol ever issues, in satoshis: the well-known
// 20,999,999.9769 BTC.
const totalSupplySatoshis int64 = 2_099_999_997_690_000

func TestTotalSubsidyMatchesSupply(t *testing.T) {
	if got := TotalSubsidySatoshis(64 * HalvingInterval); got != totalSupplySatoshis {
		t.Errorf("TotalSubsidySatoshis(64 eras) = %d, want %d", got, totalSupplySatoshis)
	}
	if got := TotalSubsidySatoshis(math.MaxInt64); got != totalSupplySatoshis {
		t.Errorf("TotalSubsidySatoshis(MaxInt64) = %d, want %d", got, totalSupplySatoshis)
	}
	// Block by block, independent of the era arithmetic.
	var sum int64
	for h := int64(0); h < 64*HalvingInterval; h++ {
		sum += BlockSubsidy(h)
	}
	if sum != totalSupplySatoshis {
		t.Errorf("Σ BlockSubsidy over all heights = %d, want %d", sum, totalSupplySatoshis)
	}
	// Supply issued before halving 4: 210,000 × (50 + 25 + 12.5 + 6.25) BTC.
	if got, want := TotalSubsidySatoshis(840_000), int64(210_000*(5_000_000_000+2_500_000_000+1_250_000_000+625_000_000)); got != want {
		t.Errorf("TotalSubsidySatoshis(840,000) = %d, want %d", got, want)
	}
	for _, h := range []int64{-5, 0} {
		if got := TotalSubsidySatoshis(h); got != 0 {
			t.Errorf("TotalSubsidySatoshis(%d) = %d, want 0", h, got)
		}
	}
}

func TestRetarget(t *testing.T) {
	const d = 100e12
	tests := []struct {
		name    string
		old     float64
		seconds float64
		want    float64
	}{
		{"on target", d, 1_209_600, d},
		{"twice as slow halves", d, 2 * 1_209_600, d / 2},
		{"twice as fast doubles", d, 1_209_600 / 2, 2 * d},
		{"exactly 4× faster: at the upper clamp", d, 1_209_600 / 4, 4 * d},
		{"10× faster: clamped to ×4", d, 1_209_600 / 10, 4 * d},
		{"exactly 4× slower: at the lower clamp", d, 4 * 1_209_600, d / 4},
		{"10× slower: clamped to ÷4", d, 10 * 1_209_600, d / 4},
		{"zero time: fastest possible", d, 0, 4 * d},
		{"negative time: fastest possible", d, -5, 4 * d},
		{"NaN time: fastest possible", d, math.NaN(), 4 * d},
		{"never below difficulty 1", 1.5, 10 * 1_209_600, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mctest.WithinRel(t, "Retarget", Retarget(tc.old, tc.seconds), tc.want, 1e-15)
		})
	}
}

func TestBlockRate(t *testing.T) {
	for _, h := range []float64{1e-3, 1, 1050, 1e6} {
		d := EquilibriumDifficulty(h)
		mctest.WithinRel(t, "blocks per second at equilibrium", BlocksPerSecond(h, d), 1.0/600, 1e-15)
	}
	// Hand computation: 1,050 EH/s at 150.06 T → 1.05e21/(1.5006e14·4294967296) = 1.6292e-3 blocks/s.
	mctest.WithinRel(t, "BlocksPerSecond(1050, 150.06T)", BlocksPerSecond(1050, 150.06e12), 1.05e21/(1.5006e14*4294967296), 1e-15)
}

func TestBreakEvenHashrate(t *testing.T) {
	// Hand computation: revenue 144 × 3.16 × 87,000 = 39,588,480 USD/day; a
	// TH/s at 32 J/TH and 50 USD/MWh costs 32·24·50/1e6 = 0.0384 USD/day;
	// break-even 1.030950e9 TH/s = 1,030.95 EH/s.
	mctest.WithinRel(t, "H*", BreakEvenHashrateEHs(3.16, 87_000, 32, 50), 39_588_480/0.0384/1e6, 1e-12)
	// The break-even hashprice equals the marginal power cost per PH/day:
	// at H*, USD per PH/s per day = 144·reward·price/(1000·H*) = e·p·0.024.
	h := BreakEvenHashrateEHs(3.2, 90_000, 25, 40)
	mctest.WithinRel(t, "hashprice at H*", 144*3.2*90_000/(h*1000), 25*40*0.024, 1e-12)
}
