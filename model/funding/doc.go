// Package funding is a strategy's capital structure and the cash ledger it
// keeps along one path: equity committed by the sponsors, a term loan (a
// facility funded at close, or drawn as a share of capex), an interest
// reserve, a revolver, covenants, emergency equity raised at a discount,
// and the company's default when the money runs out.
//
// A Ledger takes a path's project cash flows step by step (the free cash
// flow and the capex of site.CashFlow, as plain numbers) and returns what
// the sponsors' equity pays or receives at each step. Project flows are
// never changed: the project NPV of a strategy is the same with or without
// a capital structure, and the difference between its equity NPV and its
// project NPV is the value of its financing on the path.
//
// The package knows nothing of the market or the site; it imports only the
// field checks.
package funding
