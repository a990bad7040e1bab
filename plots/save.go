package plots

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// DefaultWidth and DefaultHeight are the picture size the fonts and line
// widths of this package are chosen for: 1200 × 800 pixels in PNG (at
// gonum/plot's 96 dots per inch), 12.5 × 8.33 inches in SVG and PDF.
const (
	DefaultWidth  = 12.5 * vg.Inch
	DefaultHeight = DefaultWidth * 2 / 3
)

// Save writes p to path as a picture of width × height (both > 0) in the
// format named by the extension of path, case-insensitive: ".png", ".svg"
// or ".pdf". It writes to a temporary file in the directory of path and
// renames it over path only when the picture is complete, so an error or an
// interrupted program leaves any existing file at path as it was (and no
// temporary file behind, save after a crash). The file gets mode 0644.
//
// It returns an error naming the extension if it is not one of the three,
// and any error of drawing, writing or renaming.
func Save(p *plot.Plot, path string, width, height vg.Length) (err error) {
	if p == nil {
		return fmt.Errorf("plots: Save %s: nil plot", path)
	}
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".png", ".svg", ".pdf":
	default:
		return fmt.Errorf("plots: Save %s: unknown extension %q: want .png, .svg or .pdf", path, filepath.Ext(path))
	}
	if !(width > 0) || !(height > 0) {
		return fmt.Errorf("plots: Save %s: size %v × %v: must be positive", path, width, height)
	}
	w, err := p.WriterTo(width, height, ext[1:])
	if err != nil {
		return fmt.Errorf("plots: Save %s: %w", path, err)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return fmt.Errorf("plots: Save %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if _, err = w.WriteTo(f); err != nil {
		return fmt.Errorf("plots: Save %s: %w", path, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("plots: Save %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("plots: Save %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("plots: Save %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("plots: Save %s: %w", path, err)
	}
	return nil
}
