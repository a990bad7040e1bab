package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tableRows returns the cells of the body rows of the HTML table with id
// id (not its header), unescaped.
func tableRows(t *testing.T, page, id string) [][]string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	require.GreaterOrEqual(t, i, 0, "no table %s", id)
	body := page[i:]
	body = body[:strings.Index(body, "</table>")]
	j := strings.Index(body, "<tbody>")
	require.GreaterOrEqual(t, j, 0, "table %s has no body", id)
	body = body[j:]
	cell := regexp.MustCompile(`(?s)<t[dh][^>]*>(.*?)</t[dh]>`)
	var rows [][]string
	for _, tr := range regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`).FindAllStringSubmatch(body, -1) {
		var cells []string
		for _, c := range cell.FindAllStringSubmatch(tr[1], -1) {
			cells = append(cells, html.UnescapeString(strings.TrimSpace(c[1])))
		}
		rows = append(rows, cells)
	}
	return rows
}

// TestRunHTML: -html writes one self-contained page of the fit table with
// its provenance (the history file's SHA-256, the window, the base), every
// fit's parameters equal to the -json table's to the six digits shown,
// their standard errors, the chosen model and the drift note; no script.
func TestRunHTML(t *testing.T) {
	hist := writeHistory(t, 4*365)
	dir := t.TempDir()
	fitsPath, pagePath := filepath.Join(dir, "fits.json"), filepath.Join(dir, "fits.html")
	code, out, errs := runArgs("-history", hist, "-from", "2020-03-01", "-to", "2023-12-31", "-json", fitsPath, "-html", pagePath)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "window 2020-03-01..2023-12-31")
	b, err := os.ReadFile(pagePath)
	require.NoError(t, err)
	page := string(b)
	raw, err := os.ReadFile(hist)
	require.NoError(t, err)
	sum := sha256.Sum256(raw)
	for _, want := range []string{"2020-03-01..2023-12-31", hist, "sha256:" + hex.EncodeToString(sum[:]), "the library&#39;s default scenario",
		`id="fit-table"`, `id="params-gbm"`, `id="params-merton"`, `id="params-regime"`, `id="params-network"`, `id="params-fees"`,
		"drift", "lowest BIC"} {
		assert.Contains(t, page, want)
	}
	assert.NotContains(t, page, "<script")

	var table []struct {
		Model      string `json:"model"`
		InScenario bool   `json:"inScenario"`
		Params     map[string]struct {
			Value  float64  `json:"value"`
			StdErr *float64 `json:"stderr"`
		} `json:"params"`
		AIC float64 `json:"aic"`
	}
	raw, err = os.ReadFile(fitsPath)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &table))
	summary := tableRows(t, page, "fit-table")
	require.Len(t, summary, len(table))
	for i, e := range table {
		row := summary[i]
		assert.Equal(t, e.Model, row[0])
		assert.Equal(t, e.InScenario, row[1] == "yes", e.Model)
		assert.Equal(t, strconv.FormatFloat(e.AIC, 'f', 2, 64), row[5], e.Model)
		params := tableRows(t, page, "params-"+e.Model)
		require.Len(t, params, len(e.Params), e.Model)
		for _, p := range params {
			want, ok := e.Params[p[0]]
			require.True(t, ok, "%s: parameter %q not in the JSON", e.Model, p[0])
			v, err := strconv.ParseFloat(p[1], 64)
			require.NoError(t, err)
			assert.InDelta(t, want.Value, v, 5e-6*math.Abs(want.Value), "%s %s", e.Model, p[0])
			if want.StdErr == nil {
				assert.Empty(t, p[2], "%s %s has no standard error", e.Model, p[0])
				continue
			}
			se, err := strconv.ParseFloat(p[2], 64)
			require.NoError(t, err, "%s %s", e.Model, p[0])
			assert.InDelta(t, *want.StdErr, se, 5e-3*math.Abs(*want.StdErr), "%s %s", e.Model, p[0])
		}
	}

	// A page that cannot be written is refused before anything is read.
	code, out, errs = runArgs("-history", hist, "-html", filepath.Join(dir, "missing", "fits.html"))
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	oneLine(t, errs)
}
