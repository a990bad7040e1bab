package site

// CashFlow is one strategy's books for one step, in USD. Revenues and costs
// are both booked as positive numbers; FreeCashUSD nets them.
//
// Sales of equipment (mining gear sold when a block converts) are booked as
// negative CapexUSD, so CapexUSD is the net investment of the step.
type CashFlow struct {
	// MiningUSD is bitcoin mining revenue, net of pool fees.
	MiningUSD float64 `json:"miningUSD"`
	// DemandResponseUSD is the credit earned for curtailed load.
	DemandResponseUSD float64 `json:"demandResponseUSD"`
	// LeaseUSD is colocation rent received (prepayments included).
	LeaseUSD float64 `json:"leaseUSD"`
	// GPURentUSD is GPU cloud rent received (prepayments included).
	GPURentUSD float64 `json:"gpuRentUSD"`
	// RecoveryUSD is what is recovered on a tenant default: the guaranteed
	// (backstopped) and recovered share of the remaining contracted rent.
	RecoveryUSD float64 `json:"recoveryUSD"`

	// PowerUSD is the cost of the power the strategy bought.
	PowerUSD float64 `json:"powerUSD"`
	// OpexUSD is operating cost besides power.
	OpexUSD float64 `json:"opexUSD"`
	// CapexUSD is investment (conversion, GPUs, ASIC refresh), net of
	// equipment sales.
	CapexUSD float64 `json:"capexUSD"`
	// TaxUSD is income tax (see Simulator.Step for how it is computed).
	TaxUSD float64 `json:"taxUSD"`

	// TerminalUSD is the terminal value booked at the horizon (the last step).
	TerminalUSD float64 `json:"terminalUSD"`

	// The site coupling's costs (Coupling; all 0 with coupling off).

	// MinimumBillUSD is the take-or-pay shortfall: power paid for and not
	// drawn.
	MinimumBillUSD float64 `json:"minimumBillUSD"`
	// BackupFuelUSD is the fuel of AI load run on backup generation during
	// shed calls.
	BackupFuelUSD float64 `json:"backupFuelUSD"`
	// SLACreditUSD is the service credits owed to tenants for shed calls
	// that breach their SLA.
	SLACreditUSD float64 `json:"slaCreditUSD"`
	// ReliabilityCapexUSD is the capex of backup generation for the AI
	// load that cannot be shed.
	ReliabilityCapexUSD float64 `json:"reliabilityCapexUSD"`
	// OverheadUSD is the fixed site overhead the per-MW cost rows do not
	// carry.
	OverheadUSD float64 `json:"overheadUSD"`
}

// RevenueUSD returns the revenue of the step from every source: mining,
// demand response, lease, GPU rent and recoveries (terminal value excluded).
func (c CashFlow) RevenueUSD() float64 {
	return c.MiningUSD + c.DemandResponseUSD + c.LeaseUSD + c.GPURentUSD + c.RecoveryUSD
}

// CostUSD returns the costs of the step: power, opex, capex and tax, then
// the site coupling's costs (added last, so that with them 0 the sum is
// the uncoupled one bit for bit).
func (c CashFlow) CostUSD() float64 {
	return c.PowerUSD + c.OpexUSD + c.CapexUSD + c.TaxUSD + c.couplingUSD()
}

// couplingUSD returns the site coupling's costs of the step.
func (c CashFlow) couplingUSD() float64 {
	return c.MinimumBillUSD + c.BackupFuelUSD + c.SLACreditUSD + c.ReliabilityCapexUSD + c.OverheadUSD
}

// FreeCashUSD returns the free cash flow of the step: revenue plus terminal
// value minus power, opex, capex and tax.
func (c CashFlow) FreeCashUSD() float64 {
	return c.RevenueUSD() + c.TerminalUSD - c.CostUSD()
}

// Add adds o to c field by field.
func (c *CashFlow) Add(o CashFlow) {
	c.MiningUSD += o.MiningUSD
	c.DemandResponseUSD += o.DemandResponseUSD
	c.LeaseUSD += o.LeaseUSD
	c.GPURentUSD += o.GPURentUSD
	c.RecoveryUSD += o.RecoveryUSD
	c.PowerUSD += o.PowerUSD
	c.OpexUSD += o.OpexUSD
	c.CapexUSD += o.CapexUSD
	c.TaxUSD += o.TaxUSD
	c.TerminalUSD += o.TerminalUSD
	c.MinimumBillUSD += o.MinimumBillUSD
	c.BackupFuelUSD += o.BackupFuelUSD
	c.SLACreditUSD += o.SLACreditUSD
	c.ReliabilityCapexUSD += o.ReliabilityCapexUSD
	c.OverheadUSD += o.OverheadUSD
}

// Scale multiplies every field of c by k.
func (c *CashFlow) Scale(k float64) {
	c.MiningUSD *= k
	c.DemandResponseUSD *= k
	c.LeaseUSD *= k
	c.GPURentUSD *= k
	c.RecoveryUSD *= k
	c.PowerUSD *= k
	c.OpexUSD *= k
	c.CapexUSD *= k
	c.TaxUSD *= k
	c.TerminalUSD *= k
	c.MinimumBillUSD *= k
	c.BackupFuelUSD *= k
	c.SLACreditUSD *= k
	c.ReliabilityCapexUSD *= k
	c.OverheadUSD *= k
}
