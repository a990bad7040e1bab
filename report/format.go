package report

import "fmt"

// MUSD formats an amount in USD as millions of USD with the given number
// of decimals (≥ 0): MUSD(48_130_000, 2) is "48.13".
func MUSD(usd float64, decimals int) string {
	return fmt.Sprintf("%.*f", decimals, usd/1e6)
}

// Pct formats a share (0.078 for 7.8 %) as a percentage with one decimal:
// "7.8%".
func Pct(share float64) string {
	return fmt.Sprintf("%.1f%%", 100*share)
}

// signedMUSD formats an amount in USD as millions of USD with two
// decimals and a sign: "+71.70".
func signedMUSD(usd float64) string {
	return fmt.Sprintf("%+.2f", usd/1e6)
}
