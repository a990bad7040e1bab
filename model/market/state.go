package market

// State is the market at the end of one simulated step: a plain value (no
// pointers, no maps) that every strategy reads. Flow quantities (blocks,
// hashprice) refer to the step that just ended; levels (price, hashrate,
// rents) are the values at its end.
type State struct {
	// Step is the number of steps simulated so far (0 for the start state).
	Step int
	// TimeYears is the time since the start of the simulation, in years.
	TimeYears float64
	// DtYears is the length of the step just simulated, in years (0 at the start).
	DtYears float64

	// BTCPriceUSD is the bitcoin price in USD.
	BTCPriceUSD float64
	// PriceRegime is the regime of a regime-switching price process (0 otherwise).
	PriceRegime int

	// HashrateEHs is the network hashrate in EH/s.
	HashrateEHs float64
	// Difficulty is the current proof-of-work difficulty.
	Difficulty float64
	// Height is the block height reached.
	Height int64
	// SubsidyBTC is the block subsidy at Height, in BTC.
	SubsidyBTC float64
	// FeesPerBlockBTC is the average transaction fees per block, in BTC.
	FeesPerBlockBTC float64
	// BlocksMined is the number of blocks the network mined in the step.
	BlocksMined float64
	// RewardBTC is the subsidy plus fees the network earned in the step, in BTC
	// (it splits the blocks correctly when a halving falls inside the step).
	RewardBTC float64
	// HalvingsSinceStart counts the halvings since the start of the simulation.
	HalvingsSinceStart int
	// HashpriceUSDPerPHDay is the network's mining revenue in the step per PH/s
	// of hashrate per day, in USD.
	HashpriceUSDPerPHDay float64

	// PowerUSDPerMWh is the power price the site pays, in USD/MWh.
	PowerUSDPerMWh float64

	// GPURentUSDPerHour is the market rent of an H100-equivalent GPU, in USD per
	// GPU-hour.
	GPURentUSDPerHour float64
	// GPUTrendUSDPerHour is the GPU rent's technology trend at the step's
	// end, in USD per GPU-hour: the rent of an H100-equivalent on the pure
	// generational-decay path Ḡ(t) = F + M₀·e^(−δ·t) (no regime drift, noise
	// or shocks; GPUParams). GPURentUSDPerHour/GPUTrendUSDPerHour is how
	// tight the GPU market is.
	GPUTrendUSDPerHour float64
	// GPUTrend is the market's GPU rent trend Ḡ, fixed along a path, for
	// contracts that price against the technology trend (zero in a State
	// not built by a Market; see GPUTrend.IsZero).
	GPUTrend GPUTrend
	// GPURegime is the GPU market's regime.
	GPURegime GPURegime
	// ColoRentUSDPerKWMonth is the rent a new AI colocation lease would fetch,
	// in USD per kW of critical IT load per month.
	ColoRentUSDPerKWMonth float64

	// TenantHazardPerYear is the default intensity of a tenant of each class
	// in the current credit environment, per year.
	TenantHazardPerYear [NumTenantClasses]float64

	// Bookkeeping the Market carries from step to step (see market.go).

	// blockPos is the exact (fractional) number of blocks mined since the
	// genesis block: Height is its integer part. Blocks are expected counts,
	// so they need not be whole.
	blockPos float64
	// epochStart is the height of the first block of the current retarget
	// epoch (a multiple of RetargetInterval).
	epochStart int64
	// epochSeconds is the time elapsed in the current retarget epoch, in
	// seconds.
	epochSeconds float64
	// lagLogPrice is the log of the exponentially smoothed BTC price the
	// network's miners respond to.
	lagLogPrice float64
	// gpuLogMargin is the log of the GPU rent's margin above its floor,
	// relative to the margin at the start.
	gpuLogMargin float64
	// lastHalvingYears is the simulated time of the most recent halving
	// since the start, in years (meaningful when HalvingsSinceStart > 0).
	lastHalvingYears float64
}
