package report

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"gonum.org/v1/plot"

	"github.com/pivotrisk/pivotrisk/plots"
	"github.com/pivotrisk/pivotrisk/sim"
)

// Slug turns a strategy name into a file-name part: lower case, letters and
// digits kept, every other run of characters a single '-' ("hybrid 50%
// colocation" → "hybrid-50-colocation").
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// Picture is a plot to save under a file name: File is the name (a base
// name such as "npv-cdf.png", joined to a directory when saved) and Make
// draws the plot when called.
type Picture struct {
	File string
	Make func() (*plot.Plot, error)
}

// PNG draws the picture as a PNG of plots.DefaultWidth ×
// plots.DefaultHeight (1200 × 800 pixels). Errors name the file.
func (pic Picture) PNG() ([]byte, error) {
	p, err := pic.Make()
	if err != nil {
		return nil, fmt.Errorf("drawing %s: %w", pic.File, err)
	}
	wt, err := p.WriterTo(plots.DefaultWidth, plots.DefaultHeight, "png")
	if err != nil {
		return nil, fmt.Errorf("drawing %s: %w", pic.File, err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("drawing %s: %w", pic.File, err)
	}
	return buf.Bytes(), nil
}

// PictureFiles returns the file names of ResultPictures for a run of the
// strategies called names, in the same order: npv-distribution.png,
// npv-cdf.png, fan-btc-price.png, fan-hashprice.png, fan-gpu-rent.png and
// fan-cash-SLUG.png per strategy (Slug of its name).
func PictureFiles(names []string) []string {
	files := []string{"npv-distribution.png", "npv-cdf.png", "fan-btc-price.png", "fan-hashprice.png", "fan-gpu-rent.png"}
	for _, name := range names {
		files = append(files, "fan-cash-"+Slug(name)+".png")
	}
	return files
}

// ResultPictures returns the standard pictures of a run: the NPV
// distribution and CDF of every strategy, the fan charts of the BTC price,
// hashprice and GPU rent, and one cash fan chart per strategy, named by
// PictureFiles. Drawing the fan charts needs res's bands (sim.Config.Bands
// left nil keeps them). A nil res has no pictures.
func ResultPictures(res *sim.Result) []Picture {
	if res == nil {
		return nil
	}
	files := PictureFiles(res.StrategyNames())
	makes := []func() (*plot.Plot, error){
		func() (*plot.Plot, error) { return plots.NPVDistribution(res) },
		func() (*plot.Plot, error) { return plots.NPVCDF(res) },
		func() (*plot.Plot, error) { return plots.BTCPriceFan(res) },
		func() (*plot.Plot, error) { return plots.HashpriceFan(res) },
		func() (*plot.Plot, error) { return plots.GPURentFan(res) },
	}
	for _, s := range res.Strategies {
		name := s.Name
		makes = append(makes, func() (*plot.Plot, error) { return plots.CashFan(res, name) })
	}
	pics := make([]Picture, len(files))
	for i := range files {
		pics[i] = Picture{files[i], makes[i]}
	}
	return pics
}
