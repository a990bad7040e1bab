package plots

import "image/color"

// okabeIto is the colour-blind-safe palette of Okabe and Ito ("Color
// Universal Design: how to make figures and presentations that are friendly
// to colorblind people", 2008), ordered so that the first colours contrast
// most on white; its yellow (0xF0E442) is left out as too faint for lines
// on white.
var okabeIto = [...]color.RGBA{
	{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	{R: 0x00, G: 0x00, B: 0x00, A: 0xFF}, // black
}

// Palette returns the strategy colours in order: strategy j of a run (its
// index in sim.Result.Strategies) is drawn in Palette()[j mod len]. The
// slice is a copy; changing it changes nothing here.
func Palette() []color.RGBA {
	p := okabeIto
	return p[:]
}

// StrategyColor returns the colour of strategy j (j ≥ 0, its index in the
// run's order), the colour every picture of this package draws it in.
// Indices beyond the palette wrap around; a negative j panics.
func StrategyColor(j int) color.RGBA {
	if j < 0 {
		panic("plots: negative strategy index")
	}
	return okabeIto[j%len(okabeIto)]
}

// MarketColor returns the colour of the market fan charts (BTC price,
// hashprice, GPU rent) and of the frontier: a slate grey that belongs to no
// strategy.
func MarketColor() color.RGBA { return color.RGBA{R: 0x3A, G: 0x45, B: 0x58, A: 0xFF} }

// withAlpha returns c with opacity a in [0, 1], premultiplied as
// color.RGBA requires.
func withAlpha(c color.RGBA, a float64) color.RGBA {
	f := func(v uint8) uint8 { return uint8(float64(v)*a + 0.5) }
	return color.RGBA{R: f(c.R), G: f(c.G), B: f(c.B), A: f(c.A)}
}

// gray is the colour of reference lines (zero, base, halvings, 5 % level).
var gray = color.RGBA{R: 0x70, G: 0x70, B: 0x70, A: 0xFF}
