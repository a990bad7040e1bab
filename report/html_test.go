package report_test

import (
	"bytes"
	"context"
	"flag"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

var update = flag.Bool("update", false, "rewrite report/testdata/report.golden.html from the current code")

// goldenPage renders the HTML report of the default scenario on 400
// seeded antithetic paths with both observers, its provenance fixed so
// that the page does not depend on the build.
func goldenPage(t *testing.T) (*sim.Result, string) {
	t.Helper()
	res, page := goldenReport(t)
	return res, render(t, page)
}

// render returns the HTML of page.
func render(t *testing.T, page report.Page) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, page.WriteHTML(context.Background(), &buf))
	return buf.String()
}

// goldenReport returns the run of goldenPage and its report page.
func goldenReport(t *testing.T) (*sim.Result, report.Page) {
	t.Helper()
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	require.NoError(t, err)
	attr := sim.NewAttribution(plan)
	drv, err := sim.NewDrivers(plan, 7, sim.DriverSpec{})
	require.NoError(t, err)
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 7, Antithetic: true, Workers: 2, BandPaths: 400,
		Observers: []sim.Observer{attr, drv}})
	require.NoError(t, err)
	res.Provenance = sim.Provenance{Format: sim.ResultFormat, Library: "test", GoVersion: "go", GOOS: "os", GOARCH: "arch"}
	res.Config.Workers = 2
	an, err := report.Analyze(context.Background(), res, drv, attr)
	require.NoError(t, err)
	page, err := report.RunPage(res, an, drv)
	require.NoError(t, err)
	return res, page
}

// svgBlock matches an inline SVG picture.
var svgBlock = regexp.MustCompile(`(?s)<svg .*?</svg>`)

// TestHTMLGolden compares the report's HTML, its pictures replaced by a
// placeholder, with testdata/report.golden.html: the structure and every
// number of the tables (the pictures have golden tests of their own in
// package plots). The page holds no timestamp.
func TestHTMLGolden(t *testing.T) {
	_, html := goldenPage(t)
	require.Equal(t, 0, strings.Count(html, "http://")-strings.Count(html, `xmlns="http://www.w3.org/2000/svg"`)-strings.Count(html, `xmlns:xlink="http://www.w3.org/1999/xlink"`),
		"the page links to nothing outside itself")
	require.NotContains(t, html, "<script")
	require.NotContains(t, html, "<link")
	got := svgBlock.ReplaceAllString(html, "<svg/>")
	path := filepath.Join("testdata", "report.golden.html")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./report -run TestHTMLGolden -update to create it")
	require.Equal(t, string(want), got)
}

// TestHTMLRiskNumbers: every cell of the HTML risk table is the Result's
// figure as RiskTable formats it.
func TestHTMLRiskNumbers(t *testing.T) {
	res, html := goldenPage(t)
	for _, s := range res.Strategies {
		row := regexp.MustCompile(`<tr><td class="l">` + regexp.QuoteMeta(escaped(t, s.Name)) + `</td>(.*?)</tr>`).FindStringSubmatch(html)
		require.NotNil(t, row, s.Name)
		cells := regexp.MustCompile(`<td class="r">(.*?)</td>`).FindAllStringSubmatch(row[1], -1)
		want := []string{report.MUSD(s.Mean, 2) + " ± " + report.MUSD(s.Stderr, 2), report.MUSD(s.Quantiles.P5, 1),
			report.MUSD(s.Quantiles.P50, 1), report.MUSD(s.Quantiles.P95, 1), report.MUSD(s.VaR95, 1), report.MUSD(s.ES95, 1), report.Pct(s.ProbLoss)}
		for k, w := range want {
			require.Equal(t, w, cells[k][1], "%s column %d", s.Name, k)
		}
	}
}

// namedResult returns a hand-made result of two strategies, the second
// called name, with seeded NPVs.
func namedResult(t testing.TB, name string) *sim.Result {
	t.Helper()
	const n = 400
	npv := [][]float64{make([]float64, n), make([]float64, n)}
	for i := range n {
		u := (float64(i) + 0.5) / n
		npv[0][i] = 40e6 + 30e6*math.Sin(7*u)
		npv[1][i] = -20e6 + 90e6*math.Tan(2.5*(u-0.5))
	}
	res := &sim.Result{NPV: npv}
	nan := make([]float64, n)
	for i := range nan {
		nan[i] = math.NaN()
	}
	for j, nm := range []string{"pure mining", name} {
		s, err := sim.Summarize(nm, npv[j], nan, nan)
		require.NoError(t, err)
		res.Strategies = append(res.Strategies, s)
	}
	return res
}

// FuzzHTMLNames: any strategy name (long, Unicode, HTML-special, control
// characters) renders escaped in the report, tables and pictures alike:
// the page never holds the name's special characters raw, and shows it as
// typed once unescaped.
func FuzzHTMLNames(f *testing.F) {
	for _, s := range []string{"<script>alert(1)</script>", `a "quoted" & 'apostrophe'`, "電力 → GPU ☃", strings.Repeat("very long name ", 20),
		"line\nbreak\ttab", "</svg><b>x</b>", "&amp;", "\u202eRTL"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !utf8.ValidString(name) || strings.TrimSpace(name) == "" || name == "pure mining" {
			t.Skip()
		}
		html := namePage(t, name)
		esc := escaped(t, name)
		require.True(t, strings.Contains(html, `<td class="l">`+esc+`</td>`), "the escaped name %q is not in the risk table", esc)
		// A name of letters with the same runes count, spaces and control
		// characters gives a page of the same markup: every '<', '>' and
		// quote of the page is markup, none comes from the name.
		safe := strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || unicode.IsControl(r) {
				return r
			}
			return 'a'
		}, name)
		if safe == "pure mining" {
			return
		}
		ref := namePage(t, safe)
		for _, c := range []string{"<", ">", `"`, "'"} {
			require.Equal(t, strings.Count(ref, c), strings.Count(html, c), "count of %q: the name %q leaks markup", c, name)
		}
	})
}

// namePage renders the risk section of the report of namedResult(name)
// with one picture, the NPV density, whose legend names every strategy.
func namePage(t *testing.T, name string) string {
	t.Helper()
	res := namedResult(t, name)
	page, err := report.RunPage(res, nil, nil)
	require.NoError(t, err)
	page.Sections = page.Sections[:1]
	page.Sections[0].Figures = page.Sections[0].Figures[:1]
	var buf bytes.Buffer
	require.NoError(t, page.WriteHTML(context.Background(), &buf))
	return buf.String()
}

// escaped returns s as html/template writes it in HTML text (which
// escapes more than template.HTMLEscapeString: '+' too).
func escaped(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	require.NoError(t, template.Must(template.New("").Parse("{{.}}")).Execute(&b, s))
	return b.String()
}
