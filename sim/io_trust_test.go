package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// trustedFile runs a small antithetic scenario and returns the Result and
// its JSON with samples.
func trustedFile(t testing.TB) (*Result, []byte) {
	t.Helper()
	res := mustRun(t, shortDefault(2), Config{Paths: 400, Seed: 4, Antithetic: true, BandPaths: 100})
	var buf bytes.Buffer
	require.NoError(t, res.WriteJSONWithSamples(&buf))
	return res, buf.Bytes()
}

// resign returns the JSON doc, a result file decoded into maps and edited,
// encoded again with a checksum of its own content: a file whose checksum
// holds, so that the check under test is the one that fires.
func resign(t *testing.T, doc map[string]any) []byte {
	t.Helper()
	prov, _ := doc["provenance"].(map[string]any)
	if prov != nil {
		prov["checksum"] = ""
	}
	raw, err := json.MarshalIndent(doc, "", " ")
	require.NoError(t, err)
	if prov == nil {
		return raw
	}
	h := newCompactHash()
	h.Write(raw)
	prov["checksum"] = h.sum()
	raw, err = json.MarshalIndent(doc, "", " ")
	require.NoError(t, err)
	return raw
}

// edit decodes a result file into maps, applies f and re-signs it.
func edit(t *testing.T, raw []byte, f func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal(raw, &doc))
	f(doc)
	return resign(t, doc)
}

// write writes res with samples after f changes it (a fresh, valid
// checksum over inconsistent content).
func write(t *testing.T, res *Result, f func(r *Result)) []byte {
	t.Helper()
	c := *res
	c.Strategies = append([]Summary(nil), res.Strategies...)
	c.Comparisons = append([]StrategyComparison(nil), res.Comparisons...)
	if res.Bands != nil {
		b := *res.Bands
		c.Bands = &b
	}
	f(&c)
	var buf bytes.Buffer
	require.NoError(t, c.WriteJSONWithSamples(&buf))
	return buf.Bytes()
}

// TestResultProvenance checks what a Run and a written file carry: the
// format, this library's version, the Go version and architecture, and a
// checksum of the content that survives re-indentation.
func TestResultProvenance(t *testing.T) {
	res, raw := trustedFile(t)
	p := res.Provenance
	require.Equal(t, ResultFormat, p.Format)
	require.Equal(t, runtime.Version(), p.GoVersion)
	require.Equal(t, runtime.GOARCH, p.GOARCH)
	require.Equal(t, runtime.GOOS, p.GOOS)
	require.NotEmpty(t, p.Library)
	require.Empty(t, p.Checksum, "a Result not yet written has no checksum")
	back, err := ReadResultJSON(bytes.NewReader(raw))
	require.NoError(t, err)
	require.Regexp(t, regexp.MustCompile(`^sha256:[0-9a-f]{64}$`), back.Provenance.Checksum)
	require.Equal(t, p.Library, back.Provenance.Library)
	var re bytes.Buffer
	require.NoError(t, json.Indent(&re, raw, "\t", "    "))
	_, err = ReadResultJSON(&re)
	require.NoError(t, err, "re-indented file")
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, raw))
	_, err = ReadResultJSON(&compact)
	require.NoError(t, err, "compacted file")
	// Written again, a result read back keeps its provenance and gets the
	// same checksum.
	var again bytes.Buffer
	require.NoError(t, back.WriteJSONWithSamples(&again))
	require.Equal(t, raw, again.Bytes())
}

// TestReadResultJSONRejects feeds ReadResultJSON one flaw at a time; each
// must be refused with an error naming the field. Before format 1 every
// one of these files but the malformed ones was read without complaint.
func TestReadResultJSONRejects(t *testing.T) {
	res, raw := trustedFile(t)
	str := string(raw)
	cases := []struct {
		name string
		file []byte
		want []string
	}{
		{"malformed", raw[:len(raw)/2], []string{"reading result JSON", "unexpected EOF"}},
		{"trailing data", append(append([]byte{}, raw...), []byte("{}\n")...), []string{"data after the result"}},
		{"trailing garbage", append(append([]byte{}, raw...), 'x'), []string{"data after the result"}},
		{"unknown top-level field", edit(t, raw, func(d map[string]any) { d["extra"] = 1 }), []string{`unknown field "extra"`}},
		{"unknown field in a summary", edit(t, raw, func(d map[string]any) {
			d["strategies"].([]any)[1].(map[string]any)["meen"] = 1.0
		}), []string{`unknown field "meen"`}},
		{"unknown field in the scenario", edit(t, raw, func(d map[string]any) {
			d["scenario"].(map[string]any)["finanse"] = map[string]any{}
		}), []string{`unknown field "finanse"`}},
		{"duplicate key", []byte(strings.Replace(str, `"seed": 4,`, `"seed": 4, "seed": 5,`, 1)), []string{"config.seed", "repeated"}},
		{"duplicate key in a summary", []byte(strings.Replace(str, `"var95":`, `"var95": 0, "var95":`, 1)), []string{"strategies[0].var95", "repeated"}},
		{"format version missing", edit(t, raw, func(d map[string]any) { delete(d, "provenance") }), []string{"provenance.format", "format version missing"}},
		{"format from the future", edit(t, raw, func(d map[string]any) { d["provenance"].(map[string]any)["format"] = ResultFormat + 1 }), []string{fmt.Sprintf("provenance.format = %d", ResultFormat+1)}},
		{"checksum missing", []byte(regexp.MustCompile(`"sha256:[0-9a-f]{64}"`).ReplaceAllString(str, `""`)), []string{"provenance.checksum"}},
		{"figure edited", []byte(regexp.MustCompile(`"var99": -?[0-9.e+]+`).ReplaceAllString(str, `"var99": 1`)), []string{"provenance.checksum", "changed after it was written"}},
		{"mean not the samples'", write(t, res, func(r *Result) { r.Strategies[1].Mean *= 1.001 }), []string{"strategies[1].mean", "npvUSD samples"}},
		{"quantile not the samples'", write(t, res, func(r *Result) { r.Strategies[2].Quantiles.P50 += 1 }), []string{"strategies[2].quantiles.p50"}},
		{"stderr not the pair figure", write(t, res, func(r *Result) { r.Strategies[0].Stderr *= 1.5 }), []string{"strategies[0].stderr"}},
		{"comparison not the samples'", write(t, res, func(r *Result) { r.Comparisons[0].PairedStderr *= 0.5 }), []string{"comparisons[0].pairedStderr"}},
		{"probability not the samples'", write(t, res, func(r *Result) { r.Comparisons[1].ProbAGreater = 0.123 }), []string{"comparisons[1].probAGreater"}},
		{"band one value short", write(t, res, func(r *Result) {
			bb := r.Bands.Series[0]
			bb.P50 = bb.P50[:len(bb.P50)-1]
			r.Bands.Series = append([]Band{bb}, r.Bands.Series[1:]...)
		}), []string{"bands.series[0].p50"}},
		{"band times short", write(t, res, func(r *Result) { r.Bands.TimeYears = r.Bands.TimeYears[1:] }), []string{"bands.timeYears"}},
		{"cash bands missing one", write(t, res, func(r *Result) { r.Bands.CumulativeCashUSD = r.Bands.CumulativeCashUSD[1:] }), []string{"bands.cumulativeCashUSD"}},
		{"empty scenario", edit(t, raw, func(d map[string]any) { d["scenario"] = map[string]any{} }), []string{"scenario", "default scenario"}},
		{"null scenario", edit(t, raw, func(d map[string]any) { d["scenario"] = nil }), []string{"scenario", "default scenario"}},
		{"scenario missing", edit(t, raw, func(d map[string]any) { delete(d, "scenario") }), []string{"scenario", "default scenario"}},
		{"invalid scenario", edit(t, raw, func(d map[string]any) {
			d["scenario"].(map[string]any)["finance"].(map[string]any)["discountRatePerYear"] = 7.0
		}), []string{"scenario.finance.discountRatePerYear"}},
		{"invalid config", write(t, res, func(r *Result) { r.Config.Workers = -3 }), []string{"config.workers"}},
		{"summary of other paths", write(t, res, func(r *Result) { r.Strategies[1].Paths = 399 }), []string{"strategies[1].paths"}},
		{"comparison missing", write(t, res, func(r *Result) { r.Comparisons = r.Comparisons[:1] }), []string{"comparisons"}},
		{"comparison with another baseline", write(t, res, func(r *Result) { r.Comparisons[0].Baseline = "x" }), []string{"comparisons[0].baseline"}},
		{"samples per strategy", write(t, res, func(r *Result) { r.NPV = r.NPV[:2] }), []string{"npvUSD", "one per strategy"}},
		{"samples per path", write(t, res, func(r *Result) { r.NPV = [][]float64{r.NPV[0], r.NPV[1][:10], r.NPV[2]} }), []string{"npvUSD[1]"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadResultJSON(bytes.NewReader(tc.file))
			require.Error(t, err)
			for _, w := range tc.want {
				require.Contains(t, err.Error(), w)
			}
		})
	}
}
