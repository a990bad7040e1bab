package market

// Bitcoin protocol constants (docs/CALIBRATION.md §A; bitcoin/bitcoin
// src/kernel/chainparams.cpp and src/validation.cpp).
const (
	// SatoshisPerBTC is the number of satoshis in one bitcoin.
	SatoshisPerBTC = 100_000_000
	// InitialSubsidySatoshis is the subsidy of the first era, 50 BTC.
	InitialSubsidySatoshis int64 = 50 * SatoshisPerBTC
	// HalvingInterval is the number of blocks between halvings
	// (nSubsidyHalvingInterval, docs/CALIBRATION.md §A "Subsidy rule").
	HalvingInterval = 210_000
	// RetargetInterval is the number of blocks between difficulty
	// adjustments (docs/CALIBRATION.md §A "Difficulty retarget").
	RetargetInterval = 2_016
	// TargetBlockSeconds is the protocol's target time between blocks, in
	// seconds (docs/CALIBRATION.md §A "Blocks per day (target)": 600 s, 144/day).
	TargetBlockSeconds = 600
	// RetargetTimespanSeconds is the target duration of one retarget epoch,
	// 2,016 × 600 s = 1,209,600 s (two weeks).
	RetargetTimespanSeconds = RetargetInterval * TargetBlockSeconds
	// MaxRetargetFactor bounds one difficulty adjustment to a factor in
	// [1/MaxRetargetFactor, MaxRetargetFactor].
	MaxRetargetFactor = 4
	// HashesPerDifficulty is the expected number of hashes per block at
	// difficulty 1 (2³²; the protocol's exact figure is 2²⁵⁶/(2²²⁴−2²⁰⁸),
	// 2³² to within one part in 65,536).
	HashesPerDifficulty = 1 << 32
	// SecondsPerYear is the year this package measures time in: the Julian
	// year of 365.25 days.
	SecondsPerYear = 365.25 * 86400
	// DaysPerYear is the number of days in SecondsPerYear.
	DaysPerYear = 365.25
)

// BlockSubsidy returns the subsidy of the block at the given height in
// satoshis, exactly as Bitcoin Core's GetBlockSubsidy computes it: 50 BTC
// shifted right once per completed 210,000-block era, and 0 from the 64th
// halving on (where Core stops shifting, because a shift of 64 or more would
// be undefined in C++). Heights below zero have no block, so their subsidy is
// 0; the genesis block (height 0) is counted as 50 BTC, as the subsidy
// schedule does, although its coins are unspendable.
//
// Summed over all heights the subsidies come to 2,099,999,997,690,000
// satoshis (see TotalSubsidySatoshis).
func BlockSubsidy(height int64) int64 {
	if height < 0 {
		return 0
	}
	halvings := height / HalvingInterval
	if halvings >= 64 {
		return 0
	}
	return InitialSubsidySatoshis >> uint(halvings)
}

// TotalSubsidySatoshis returns the sum of BlockSubsidy over the heights
// [0, height), computed era by era (at most 34 eras carry a non-zero
// subsidy), so it is cheap for any height. Non-positive heights give 0.
func TotalSubsidySatoshis(height int64) int64 {
	var total int64
	for era := int64(0); era < 64; era++ {
		lo := era * HalvingInterval
		if lo >= height {
			break
		}
		hi := min(lo+HalvingInterval, height)
		total += (hi - lo) * (InitialSubsidySatoshis >> uint(era))
	}
	return total
}

// Retarget returns the difficulty that follows an epoch of 2,016 blocks
// mined at oldDifficulty in actualSeconds: new = old × 1,209,600 s ÷
// actualSeconds, with the factor 1,209,600/actualSeconds clamped to
// [1/4, 4] and the result kept at or above 1 (the proof-of-work limit).
// An actualSeconds that is not positive (or NaN) is treated as the fastest
// possible epoch and gives the factor 4.
//
// The protocol's own rule (Bitcoin Core's CalculateNextWorkRequired) differs
// in details this package simplifies away: it adjusts the 256-bit target, not
// the difficulty, and rounds it through the compact "nBits" encoding (a
// relative error below 2⁻¹⁵); it measures the epoch from the first to the
// last block's timestamp, which spans only 2,015 block intervals (the
// off-by-one that makes real epochs retarget as if blocks came ≈0.05 %
// faster than they did); and those timestamps are set by miners, within the
// median-time-past and two-hour future limits, rather than being the true
// times. Here actualSeconds is the true duration of the 2,016 intervals.
func Retarget(oldDifficulty, actualSeconds float64) float64 {
	factor := float64(MaxRetargetFactor)
	if actualSeconds > 0 {
		factor = RetargetTimespanSeconds / actualSeconds
		factor = min(max(factor, 1.0/MaxRetargetFactor), MaxRetargetFactor)
	}
	return max(oldDifficulty*factor, 1)
}

// BlocksPerSecond returns the expected block rate, in blocks per second, of
// a network with the given hashrate (in EH/s) at the given difficulty:
// hashrate·1e18 ÷ (difficulty·2³²).
func BlocksPerSecond(hashrateEHs, difficulty float64) float64 {
	return hashrateEHs * 1e18 / (difficulty * HashesPerDifficulty)
}

// EquilibriumDifficulty returns the difficulty at which a network with the
// given hashrate (EH/s) mines one block every 600 s on average.
func EquilibriumDifficulty(hashrateEHs float64) float64 {
	return hashrateEHs * 1e18 * TargetBlockSeconds / HashesPerDifficulty
}
