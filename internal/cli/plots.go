package cli

import (
	"context"
	"fmt"
	"path/filepath"
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

// Picture is a plot to save under a file name.
type Picture struct {
	File string
	Make func() (*plot.Plot, error)
}

// ResultPictures returns the pictures of a run: the NPV distribution and
// CDF of every strategy, the fan charts of the BTC price, hashprice and GPU
// rent, and one cash fan chart per strategy.
func ResultPictures(res *sim.Result) []Picture {
	pics := []Picture{
		{"npv-distribution.png", func() (*plot.Plot, error) { return plots.NPVDistribution(res) }},
		{"npv-cdf.png", func() (*plot.Plot, error) { return plots.NPVCDF(res) }},
		{"fan-btc-price.png", func() (*plot.Plot, error) { return plots.BTCPriceFan(res) }},
		{"fan-hashprice.png", func() (*plot.Plot, error) { return plots.HashpriceFan(res) }},
		{"fan-gpu-rent.png", func() (*plot.Plot, error) { return plots.GPURentFan(res) }},
	}
	for _, s := range res.Strategies {
		name := s.Name
		pics = append(pics, Picture{"fan-cash-" + Slug(name) + ".png", func() (*plot.Plot, error) { return plots.CashFan(res, name) }})
	}
	return pics
}

// SavePictures draws and saves pics into dir as 1200 × 800 PNGs (each
// written atomically by plots.Save), stopping at the first error or when
// ctx is cancelled, and returns the paths written.
func SavePictures(ctx context.Context, dir string, pics []Picture) ([]string, error) {
	var paths []string
	for _, pic := range pics {
		if err := ctx.Err(); err != nil {
			return paths, err
		}
		p, err := pic.Make()
		if err != nil {
			return paths, fmt.Errorf("drawing %s: %w", pic.File, err)
		}
		path := filepath.Join(dir, pic.File)
		if err := plots.Save(p, path, plots.DefaultWidth, plots.DefaultHeight); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}
