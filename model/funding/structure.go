package funding

import (
	"fmt"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// Amortization names how a term loan repays its principal after its grace
// period.
type Amortization string

// The amortisation profiles of a TermDebt.
const (
	// Level repays in equal payments of interest and principal (an
	// annuity): P = B·i / (1 − (1+i)^(−n)) with i the rate per step and n
	// the steps from the end of the grace period to maturity.
	Level Amortization = "level"
	// Linear repays B/n of principal a step, interest on top.
	Linear Amortization = "linear"
	// Bullet repays the whole principal at maturity.
	Bullet Amortization = "bullet"
)

// TermDebt is a term loan: funded in full at close (AmountUSD > 0), or
// drawn as LoanToCost times each step's capex while the grace period runs
// (a construction loan that becomes a term loan). Interest is
// RatePerYear·dt a step on the balance at the start of the step (a nominal
// annual rate compounded per step); principal follows Amortization from
// GraceYears to TenorYears. A balance still owed at the horizon is due at
// the last step.
type TermDebt struct {
	// AmountUSD is a loan funded at time 0, USD; 0 for none (then
	// LoanToCost applies). Range [0, 1e12].
	AmountUSD float64 `json:"amountUSD"`
	// LoanToCost is the share of each step's capex drawn while the grace
	// period runs, when AmountUSD is 0. Range [0, 0.95].
	LoanToCost float64 `json:"loanToCost"`
	// RatePerYear is the nominal annual interest rate. Range [0, 1].
	RatePerYear float64 `json:"ratePerYear"`
	// GraceYears is the interest-only (and drawing) period from time 0.
	// Range [0, TenorYears).
	GraceYears float64 `json:"graceYears"`
	// TenorYears is the final maturity from time 0. Range (0, 100].
	TenorYears float64 `json:"tenorYears"`
	// Amortization is "level", "linear" or "bullet".
	Amortization Amortization `json:"amortization"`
	// InterestReserveMonths is the interest, in months at the loan's rate,
	// set aside from every draw in a reserve account that pays interest
	// before the company's cash does; what remains is released when the
	// loan is repaid. Range [0, 60].
	InterestReserveMonths float64 `json:"interestReserveMonths"`
}

// Revolver is a revolving credit facility: drawn when cash would go
// negative, repaid first from positive cash, repaid in full at the horizon.
type Revolver struct {
	// LimitUSD is the facility's size, USD; 0 for none. Range [0, 1e12].
	LimitUSD float64 `json:"limitUSD"`
	// RatePerYear is the nominal annual rate on drawn amounts. Range [0, 1].
	RatePerYear float64 `json:"ratePerYear"`
	// CommitmentFeePerYear is the annual fee on the undrawn limit.
	// Range [0, 0.1].
	CommitmentFeePerYear float64 `json:"commitmentFeePerYear"`
}

// Covenants are the lenders' tests. A breach locks distributions to
// equity until the next test passes; it does not accelerate the debt.
type Covenants struct {
	// MinDSCR is the minimum debt-service coverage ratio, tested at each
	// year end after the loan's grace period (the build) while debt is
	// outstanding: cash flow available for debt
	// service (free cash flow plus capex: operating cash after tax) over
	// the trailing year, divided by the interest and principal due in it.
	// 0: no test. Range [0, 10].
	MinDSCR float64 `json:"minDSCR"`
	// MinLiquidityUSD is the minimum of cash plus undrawn revolver, tested
	// at every step. 0: no test. Range [0, 1e12].
	MinLiquidityUSD float64 `json:"minLiquidityUSD"`
}

// EquityMarket is what new equity costs when the company needs cash beyond
// its committed sources (a funding gap).
type EquityMarket struct {
	// RaiseDiscount is d, the discount to fair value at which new shares
	// are sold: raising X of cash issues shares worth X/(1−d), so the
	// existing holders pay X/(1−d) (X in cash, X·d/(1−d) in dilution).
	// Range [0, 0.9].
	RaiseDiscount float64 `json:"raiseDiscount"`
	// MaxRaiseUSD is the most the market will provide over a path, USD;
	// a gap beyond it is a default. Range [0, 1e13].
	MaxRaiseUSD float64 `json:"maxRaiseUSD"`
}

// Structure is the capital structure of one strategy of a scenario. The
// sponsors contribute LiquidityReserveUSD at time 0 and stand behind
// CommittedEquityUSD more, called at par as cash is needed; cash above the
// reserve is paid out to them every step unless a covenant locks it up.
// Cash below the reserve is topped up from the commitment; when cash would
// still go negative the company draws its revolver, then raises new equity
// at the market's discount; past the market's limit it defaults: lenders take RecoveryRate of their
// claims and the sponsors' equity is wiped.
type Structure struct {
	// Strategy names the scenario's strategy this structure finances.
	Strategy string `json:"strategy"`
	// LiquidityReserveUSD is the cash the company holds from time 0 and
	// keeps before paying out, USD. Range [0, 1e12].
	LiquidityReserveUSD float64 `json:"liquidityReserveUSD"`
	// CommittedEquityUSD is the sponsors' commitment beyond the reserve,
	// called at par as needed, USD. Range [0, 1e13].
	CommittedEquityUSD float64 `json:"committedEquityUSD"`
	// Debt is the term loan.
	Debt TermDebt `json:"debt"`
	// Revolver is the revolving facility.
	Revolver Revolver `json:"revolver"`
	// Covenants are the lenders' tests.
	Covenants Covenants `json:"covenants"`
	// Equity is the market for emergency equity.
	Equity EquityMarket `json:"equity"`
	// RecoveryRate is the share of their claims lenders recover when the
	// company defaults. Range [0, 1].
	RecoveryRate float64 `json:"recoveryRate"`
}

// Validate reports every field outside its range, naming it.
func (s Structure) Validate() error {
	var c valid.Checker
	if s.Strategy == "" {
		c.Add("strategy", s.Strategy, "the name of one of the scenario's strategies")
	}
	c.Range("liquidityReserveUSD", s.LiquidityReserveUSD, 0, 1e12)
	c.Range("committedEquityUSD", s.CommittedEquityUSD, 0, 1e13)
	c.Sub("debt", s.Debt.Validate())
	c.Sub("revolver", s.Revolver.Validate())
	c.Range("covenants.minDSCR", s.Covenants.MinDSCR, 0, 10)
	c.Range("covenants.minLiquidityUSD", s.Covenants.MinLiquidityUSD, 0, 1e12)
	c.Range("equity.raiseDiscount", s.Equity.RaiseDiscount, 0, 0.9)
	c.Range("equity.maxRaiseUSD", s.Equity.MaxRaiseUSD, 0, 1e13)
	c.Range("recoveryRate", s.RecoveryRate, 0, 1)
	return c.Err()
}

// Validate reports every field outside its range, naming it.
func (d TermDebt) Validate() error {
	var c valid.Checker
	c.Range("amountUSD", d.AmountUSD, 0, 1e12)
	c.Range("loanToCost", d.LoanToCost, 0, 0.95)
	c.Range("ratePerYear", d.RatePerYear, 0, 1)
	if c.Range("tenorYears", d.TenorYears, 0, 100) && d.TenorYears <= 0 {
		c.Add("tenorYears", d.TenorYears, "in (0, 100]")
	}
	if c.Range("graceYears", d.GraceYears, 0, 100) && d.TenorYears > 0 && d.GraceYears >= d.TenorYears {
		c.Add("graceYears", d.GraceYears, fmt.Sprintf("in [0, tenorYears) (tenorYears = %g)", d.TenorYears))
	}
	switch d.Amortization {
	case Level, Linear, Bullet:
	default:
		c.Add("amortization", string(d.Amortization), `one of "level", "linear", "bullet"`)
	}
	c.Range("interestReserveMonths", d.InterestReserveMonths, 0, 60)
	return c.Err()
}

// Validate reports every field outside its range, naming it.
func (r Revolver) Validate() error {
	var c valid.Checker
	c.Range("limitUSD", r.LimitUSD, 0, 1e12)
	c.Range("ratePerYear", r.RatePerYear, 0, 1)
	c.Range("commitmentFeePerYear", r.CommitmentFeePerYear, 0, 0.1)
	return c.Err()
}
