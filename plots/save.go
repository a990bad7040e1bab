package plots

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/pivotrisk/pivotrisk/internal/atomicfile"
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
// or ".pdf". It draws the picture, writes it to a temporary file in the
// directory of path and renames that over path only when it is complete,
// then syncs the directory: an error or an interrupted program leaves any
// existing file at path as it was (and no temporary file behind, save
// after a crash). A new file gets mode 0644; a replaced file keeps its
// mode. Only a regular file is replaced: a symbolic link, directory,
// device or named pipe at path is an error, as is a read-only file.
//
// It returns an error naming the extension if it is not one of the three,
// and any error of drawing, writing or renaming, naming path.
func Save(p *plot.Plot, path string, width, height vg.Length) error {
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
	err = atomicfile.WriteFile(path, func(f io.Writer) error {
		_, err := w.WriteTo(f)
		return err
	})
	if err != nil {
		return fmt.Errorf("plots: Save: %w", err)
	}
	return nil
}
