package report_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/report"
)

// The screenshot golden. Chromium renders the whole report at half scale
// (a 1280 × 32000 CSS-pixel window, taller than the page, so the image
// always has the same size); the image is shrunk to gray blocks of
// shotBlock × shotBlock device pixels (32 × 32 CSS pixels, about two lines
// of table text). A block differs when its gray levels differ by more
// than shotTol out of 255, and two images match when no band of shotBand
// block rows (2048 CSS pixels; bands start every half band) has more than
// shotMaxShare of its blocks differing. Averaging over a block absorbs
// anti-aliasing and sub-pixel text placement; looking band by band keeps a
// local change (a picture swapped for another of the same size) from
// being diluted by the length of the page. TestHTMLScreenshotGolden checks
// that the whole page moved by one or two device pixels, with noise on
// every pixel, still matches (at most 0.7 % of a band's blocks differ
// then, with Chromium 156); a section or a table removed, or two pictures
// swapped, makes 6 % to 55 % of a band differ and fails
// (TestHTMLScreenshotGoldenCatchesLayoutChanges).
const (
	shotScale             = "0.5"
	shotWidth, shotHeight = 1280, 32000
	shotBlock             = 16
	shotTol               = 24
	shotBand              = 32
	shotMaxShare          = 0.02
)

var (
	shotGolden  = filepath.Join("testdata", "report-screenshot.png")
	shotBrowser = filepath.Join("testdata", "report-screenshot.browser")
)

// screenshot renders html in the browser at bin and returns the image.
func screenshot(t *testing.T, bin, html string) image.Image {
	t.Helper()
	dir := t.TempDir()
	page, shot := filepath.Join(dir, "report.html"), filepath.Join(dir, "shot.png")
	require.NoError(t, os.WriteFile(page, []byte(html), 0o644))
	headless(t, bin, page, "--force-device-scale-factor="+shotScale, fmt.Sprintf("--window-size=%d,%d", shotWidth, shotHeight), "--screenshot="+shot)
	b, err := os.ReadFile(shot)
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	return img
}

// shrink returns img in gray, each pixel the mean luminance (ITU-R BT.601
// weights) of a k × k block of img; a partial block at the right or
// bottom edge is dropped.
func shrink(img image.Image, k int) *image.Gray {
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx()/k, b.Dy()/k))
	for by := range out.Rect.Dy() {
		for bx := range out.Rect.Dx() {
			var sum uint64
			for y := b.Min.Y + by*k; y < b.Min.Y+(by+1)*k; y++ {
				for x := b.Min.X + bx*k; x < b.Min.X+(bx+1)*k; x++ {
					r, g, bl, _ := img.At(x, y).RGBA()
					sum += (299*uint64(r) + 587*uint64(g) + 114*uint64(bl)) / 1000
				}
			}
			out.SetGray(bx, by, color.Gray{Y: uint8(sum / uint64(k*k) >> 8)})
		}
	}
	return out
}

// differing returns the share of pixels of a and b whose gray levels
// differ by more than tol over the whole image and its largest share over
// the bands of shotBand rows starting every shotBand/2 rows, or an error
// if the sizes differ.
func differing(a, b *image.Gray, tol int) (all, band float64, err error) {
	if a.Rect.Size() != b.Rect.Size() {
		return 1, 1, fmt.Errorf("sizes differ: %v and %v", a.Rect.Size(), b.Rect.Size())
	}
	w, h := a.Rect.Dx(), a.Rect.Dy()
	rows := make([]int, h) // differing pixels per row
	total := 0
	for y := range h {
		for x := range w {
			if d := int(a.Pix[y*a.Stride+x]) - int(b.Pix[y*b.Stride+x]); d > tol || d < -tol {
				rows[y]++
			}
		}
		total += rows[y]
	}
	for y0 := 0; y0 < h; y0 += shotBand / 2 {
		n, y1 := 0, min(y0+shotBand, h)
		for _, c := range rows[y0:y1] {
			n += c
		}
		band = max(band, float64(n)/float64(w*(y1-y0)))
	}
	return float64(total) / float64(w*h), band, nil
}

// matchGolden returns nil if got matches want (see shotMaxShare), else an
// error saying by how much they differ.
func matchGolden(got, want *image.Gray) error {
	all, band, err := differing(got, want, shotTol)
	if err != nil {
		return err
	}
	if band > shotMaxShare {
		return fmt.Errorf("%.2f %% of the blocks of a band of the screenshot differ from the golden by more than %d gray levels (%.2f %% of all blocks; at most %.0f %% of a band allowed)",
			100*band, shotTol, 100*all, 100*shotMaxShare)
	}
	return nil
}

// browserMajor returns the browser at bin's name and major version
// ("Chromium 156").
func browserMajor(t *testing.T, bin string) string {
	t.Helper()
	out, err := exec.Command(bin, "--version").Output()
	require.NoError(t, err)
	m := regexp.MustCompile(`([A-Za-z][A-Za-z ]*?) (\d+)\.`).FindStringSubmatch(string(out))
	require.NotNil(t, m, "browser version %q", out)
	return m[1] + " " + m[2]
}

// golden returns the golden screenshot, or skips the test when the
// browser at bin is not of the major version that made it (another
// version may lay text out differently; -update makes a golden for it
// once the page has been looked at).
func golden(t *testing.T, bin string) *image.Gray {
	t.Helper()
	made, err := os.ReadFile(shotBrowser)
	require.NoError(t, err, "run go test ./report -run TestHTMLScreenshotGolden -update to create the golden")
	if have := browserMajor(t, bin); strings.TrimSpace(string(made)) != have {
		t.Skipf("the screenshot golden was made with %s and this browser is %s: the golden comparison did not run "+
			"(check the page, then go test ./report -run TestHTMLScreenshotGolden -update)", strings.TrimSpace(string(made)), have)
	}
	f, err := os.Open(shotGolden)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	g, ok := img.(*image.Gray)
	require.True(t, ok, "the golden is not a gray PNG")
	return g
}

// TestHTMLScreenshotGolden renders the golden report in headless Chromium
// and compares the whole page's screenshot, shrunk to gray blocks, with
// testdata/report-screenshot.png (see shotMaxShare); -update rewrites it
// and the browser version it was made with. The same screenshot moved by
// one or two device pixels right and down, with ±12 gray levels of noise
// on every pixel, still matches: the comparison does not hinge on
// anti-aliasing.
func TestHTMLScreenshotGolden(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("no Chromium found: the screenshot golden did not run; on Debian: apt-get install chromium")
	}
	_, page := goldenReport(t)
	shot := screenshot(t, bin, render(t, page))
	got := shrink(shot, shotBlock)
	if *update {
		var buf bytes.Buffer
		require.NoError(t, png.Encode(&buf, got))
		require.NoError(t, os.WriteFile(shotGolden, buf.Bytes(), 0o644))
		require.NoError(t, os.WriteFile(shotBrowser, []byte(browserMajor(t, bin)+"\n"), 0o644))
		return
	}
	want := golden(t, bin)
	require.NoError(t, matchGolden(got, want))
	for _, d := range []int{1, 2} {
		moved := shrink(shiftNoise(shot, d, 12), shotBlock)
		all, band, err := differing(moved, want, shotTol)
		require.NoError(t, err)
		t.Logf("moved by %d device pixels, with noise: %.3f %% of a band's blocks differ (%.3f %% of all)", d, 100*band, 100*all)
		require.NoError(t, matchGolden(moved, want), "moved by %d device pixels, with noise", d)
	}
}

// shiftNoise returns img moved d pixels right and down (the uncovered
// edge white) with a deterministic noise of up to ±amp gray levels on
// every pixel.
func shiftNoise(img image.Image, d, amp int) *image.Gray {
	b := img.Bounds()
	out := image.NewGray(b)
	state := uint32(12345)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			v := 255
			if x-d >= b.Min.X && y-d >= b.Min.Y {
				r, g, bl, _ := img.At(x-d, y-d).RGBA()
				v = int((299*r + 587*g + 114*bl) / 1000 >> 8)
			}
			state = state*1664525 + 1013904223
			v += int(state>>16)%(2*amp+1) - amp
			out.Pix[(y-b.Min.Y)*out.Stride+(x-b.Min.X)] = uint8(min(max(v, 0), 255))
		}
	}
	return out
}

// TestHTMLScreenshotGoldenCatchesLayoutChanges: the golden comparison
// fails for a page whose layout changed: a section removed, the risk
// table missing, two pictures swapped.
func TestHTMLScreenshotGoldenCatchesLayoutChanges(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("no Chromium found: the screenshot golden did not run; on Debian: apt-get install chromium")
	}
	want := golden(t, bin)
	_, page := goldenReport(t)
	changes := []struct {
		name   string
		change func(p *report.Page)
	}{
		{"the paired comparison removed", func(p *report.Page) {
			p.Sections = slices.DeleteFunc(p.Sections, func(s report.Section) bool { return s.ID == "comparison" })
		}},
		{"the risk table missing", func(p *report.Page) { p.Sections[0].Tables = nil }},
		{"two pictures swapped", func(p *report.Page) {
			f := p.Sections[0].Figures
			f[0], f[1] = f[1], f[0]
		}},
	}
	for _, c := range changes {
		changed := page
		changed.Sections = slices.Clone(page.Sections)
		changed.Sections[0].Figures = slices.Clone(page.Sections[0].Figures)
		c.change(&changed)
		got := shrink(screenshot(t, bin, render(t, changed)), shotBlock)
		err := matchGolden(got, want)
		if err == nil {
			t.Errorf("%s: the screenshot matches the golden", c.name)
			continue
		}
		t.Logf("%s: %v", c.name, err)
	}
}
