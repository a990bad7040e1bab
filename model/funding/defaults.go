package funding

import "github.com/pivotrisk/pivotrisk/internal/strictjson"

// DefaultStructure returns the default capital structure of strategy, the
// terms a miner financing an AI conversion in 2025–26 could get
// (docs/CALIBRATION.md §I):
//
//   - a construction loan of 60 % of capex (LoanToCost, assumption),
//     interest only for two years while the build runs (GraceYears,
//     assumption on §F's build times), then level payments to year 10
//     (TenorYears, assumption: lease-backed debt amortized over the
//     lease), at 8 % a year (§G "Miner HPC financing
//     costs": TeraWulf's 7.75 % senior secured notes, the Flash Compute
//     JV's 8.0 %), with six months of interest reserved from each draw
//     (assumption);
//   - a liquidity reserve of 20 M USD (assumption) and no revolver;
//   - covenants: DSCR of at least 1.20 a year and 10 M USD of liquidity
//     (assumption: a common lock-up level in project finance);
//   - emergency equity at a 10 % discount (assumption, deeper than the
//     2–3 % of an ordinary follow-on offering, §I), up to 250 M USD over a
//     path (assumption);
//   - lenders recover 61 % of their claims at default (§I: Moody's
//     expected first-lien loan recovery in a downturn, against a 77 %
//     historical average).
//
// CommittedEquityUSD is 0: set it to the sponsors' share of the budget
// ((1 − LoanToCost) times the expected capex), or every dollar of it is an
// emergency raise.
func DefaultStructure(strategy string) Structure {
	return Structure{
		Strategy:            strategy,
		LiquidityReserveUSD: 20e6,
		Debt: TermDebt{
			LoanToCost:            0.6,
			RatePerYear:           0.08,
			GraceYears:            2,
			TenorYears:            10,
			Amortization:          Level,
			InterestReserveMonths: 6,
		},
		Revolver:     Revolver{RatePerYear: 0.09, CommitmentFeePerYear: 0.005},
		Covenants:    Covenants{MinDSCR: 1.2, MinLiquidityUSD: 10e6},
		Equity:       EquityMarket{RaiseDiscount: 0.10, MaxRaiseUSD: 250e6},
		RecoveryRate: 0.61,
	}
}

// UnmarshalJSON decodes a structure starting from DefaultStructure, so a
// scenario file names only what differs (nested objects merge field by
// field). Unknown fields are errors; JSON null leaves s unchanged.
func (s *Structure) UnmarshalJSON(b []byte) error {
	if strictjson.IsNull(b) {
		return nil
	}
	type plain Structure
	p := plain(DefaultStructure(""))
	if err := strictjson.Unmarshal(b, &p); err != nil {
		return err
	}
	*s = Structure(p)
	return nil
}

// JSONFields implements strictjson.Object: a structure's JSON members are
// its struct fields.
func (s Structure) JSONFields() []strictjson.Field { return strictjson.StructFields(s) }
