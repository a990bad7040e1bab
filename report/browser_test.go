package report_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/report"
)

// chromium returns the path of a Chromium or Chrome binary: the one
// $PIVOTRISK_CHROMIUM names, else the first of chromium, chromium-browser,
// google-chrome on $PATH, else "".
func chromium() string {
	if p := os.Getenv("PIVOTRISK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// headless runs the browser at bin headless on the file at page with the
// extra arguments, in a fresh profile, with its network features off (the
// page needs none), and returns its standard output and error.
func headless(t *testing.T, bin, page string, args ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--enable-logging=stderr", "--v=0", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(append(base, args...), "file://"+page)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	require.NoError(t, cmd.Run(), "chromium: %s", errb.String())
	return out.String(), errb.String()
}

// TestHTMLInBrowser opens the report of the golden run in headless
// Chromium: the page renders with no console message (it has no script
// and loads nothing), the risk table Chromium parsed holds the Result's
// figures, every picture is in the DOM, and a screenshot of the top of
// the page shows the report (not a blank or error page). Skipped, saying
// so, where no Chromium is installed (.ci/run installs Debian's
// chromium). With -update the screenshot is written to
// docs/report-screenshot.png for the README.
func TestHTMLInBrowser(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("no Chromium found (chromium, chromium-browser or google-chrome on PATH, or PIVOTRISK_CHROMIUM): " +
			"the browser test of the HTML report did not run; on Debian: apt-get install chromium")
	}
	res, html := goldenPage(t)
	page := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(page, []byte(html), 0o644))

	dom, log := headless(t, bin, page, "--dump-dom")
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, ":CONSOLE") || strings.Contains(line, "Uncaught") {
			t.Errorf("console message: %s", line)
		}
	}
	require.Equal(t, strings.Count(html, "<svg "), strings.Count(dom, "<svg "), "every picture is in the rendered DOM")
	table := regexp.MustCompile(`(?s)<table id="risk-table">.*?</table>`).FindString(dom)
	require.NotEmpty(t, table, "the rendered DOM has the risk table")
	for _, s := range res.Strategies {
		row := regexp.MustCompile(`<tr><td class="l">` + regexp.QuoteMeta(s.Name) + `</td>(.*?)</tr>`).FindStringSubmatch(table)
		require.NotNil(t, row, s.Name)
		cells := regexp.MustCompile(`<td class="r">(.*?)</td>`).FindAllStringSubmatch(row[1], -1)
		want := []string{report.MUSD(s.Mean, 2) + " ± " + report.MUSD(s.Stderr, 2), report.MUSD(s.Quantiles.P5, 1),
			report.MUSD(s.Quantiles.P50, 1), report.MUSD(s.Quantiles.P95, 1), report.MUSD(s.VaR95, 1), report.MUSD(s.ES95, 1), report.Pct(s.ProbLoss)}
		for k, w := range want {
			require.Equal(t, w, cells[k][1], "%s column %d", s.Name, k)
		}
	}

	shot := filepath.Join(t.TempDir(), "shot.png")
	headless(t, bin, page, "--window-size=1280,1600", "--screenshot="+shot)
	b, err := os.ReadFile(shot)
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	require.Equal(t, image.Pt(1280, 1600), img.Bounds().Size())
	dark, colour := 0, 0
	for y := 0; y < 1600; y += 2 {
		for x := 0; x < 1280; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0x4000 && g < 0x4000 && bl < 0x4000 {
				dark++
			}
			if max(r, g, bl)-min(r, g, bl) > 0x4000 {
				colour++
			}
		}
	}
	// Text in black and the pictures' coloured curves: a blank or error
	// page has neither in these amounts.
	require.Greater(t, dark, 2000, "the screenshot shows little text")
	require.Greater(t, colour, 500, "the screenshot shows no coloured picture")
	if *update {
		require.NoError(t, os.WriteFile(filepath.Join("..", "docs", "report-screenshot.png"), b, 0o644))
	}
}
