package site

import (
	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
)

// Contract is what converted capacity earns on one path: a colocation
// lease (LeaseContract), a GPU cloud (GPUCloudContract) or a user's own. A
// Parcel holds one and drives it: Reset at the start of every path,
// Commence once the build is done, Step every step and TerminalUSD at the
// horizon. It is per-path state, used by one goroutine at a time, and none
// of its methods may allocate.
type Contract interface {
	// Reset starts a new path: nothing commenced, no defaults. It draws
	// nothing.
	Reset()
	// Commence makes the contract start earning at tYears (years from the
	// start of the path, the end of the build); a contract already
	// commenced or scheduled keeps its date.
	Commence(tYears float64)
	// Step books the step that produced s (over [s.TimeYears − s.DtYears,
	// s.TimeYears]) into cf, which the parcel has zeroed: rent, the costs
	// the owner bears, capex, recoveries. Randomness (tenants' defaults)
	// comes from r, the parcel's own stream.
	Step(s *market.State, r *dist.Rand, cf *CashFlow)
	// TerminalUSD returns the contract's value at the horizon, the end of
	// the step that produced s, with exitMultiple the multiple of annual
	// net operating income that capacity fetches then (Finance.
	// ExitMultipleNOI). Capacity still being built is valued as if built,
	// discounted for the wait; the Parcel nets the capex still to spend.
	TerminalUSD(s *market.State, exitMultiple float64) float64
}

// ContractTerms describe a kind of contract: plain data (a scenario file
// holds them under the kind's key), validated once, from which each parcel
// makes its own Contract. Lease and GPUCloud are the built-in terms.
type ContractTerms interface {
	// Business is the kind's name in scenario files ("colocation",
	// "gpuCloud").
	Business() string
	// Label is the kind's name in strategy names ("colocation", "GPU
	// cloud").
	Label() string
	// Validate reports every invalid field with its value and allowed
	// range.
	Validate() error
	// NewContract returns the contract of a parcel of grossMW MW of grid
	// capacity carrying itMW MW of critical IT load once converted
	// (0 ≤ itMW ≤ grossMW, finite), or an error if the terms are invalid.
	NewContract(itMW, grossMW float64) (Contract, error)
}

// Tenanted is implemented by contract terms whose counterparty is a tenant
// of a credit class, so that the class's default intensity
// (market.State.TenantHazardPerYear) drives the contract's risk: the lease
// and the GPU cloud. Sensitivity studies stress the classes in use.
type Tenanted interface {
	// TenantClass returns the tenant's credit class.
	TenantClass() market.TenantClass
}
