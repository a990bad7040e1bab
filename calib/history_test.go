package calib

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

var nan = math.NaN()

// tinyWant is testdata/cm_tiny.csv as written by hand.
var tinyWant = &History{
	Dates:       []time.Time{day("2020-01-01"), day("2020-01-02"), day("2020-01-03"), day("2020-01-04"), day("2020-01-05")},
	PriceUSD:    []float64{nan, nan, 8000, 8800, 7920},
	HashrateTHs: []float64{7.0e7, 7.5e7, 6.8e7, 7.6e7, 7.4e7},
	Difficulty:  []float64{1.0e13, 1.0e13, 1.0e13, 1.1e13, 1.1e13},
	Blocks:      []float64{144, 150, 140, 146, 144},
	FeesBTC:     []float64{20.5, 25, nan, 18.25, 30},
	IssuanceBTC: []float64{900, 937.5, 875, 912.5, 900},
}

// assertHistory compares two histories value by value, NaN equal to NaN.
func assertHistory(t *testing.T, want, got *History) {
	t.Helper()
	require.Equal(t, len(want.Dates), len(got.Dates), "days")
	for i := range want.Dates {
		assert.True(t, want.Dates[i].Equal(got.Dates[i]), "date %d: got %v want %v", i, got.Dates[i], want.Dates[i])
		assert.Equal(t, time.UTC, got.Dates[i].Location(), "date %d not in UTC", i)
	}
	for _, s := range []struct {
		name      string
		want, got []float64
	}{
		{"PriceUSD", want.PriceUSD, got.PriceUSD},
		{"HashrateTHs", want.HashrateTHs, got.HashrateTHs},
		{"Difficulty", want.Difficulty, got.Difficulty},
		{"Blocks", want.Blocks, got.Blocks},
		{"FeesBTC", want.FeesBTC, got.FeesBTC},
		{"IssuanceBTC", want.IssuanceBTC, got.IssuanceBTC},
	} {
		require.Len(t, s.got, len(s.want), s.name)
		for i := range s.want {
			w, g := s.want[i], s.got[i]
			if math.IsNaN(w) {
				assert.True(t, math.IsNaN(g), "%s[%d] = %v, want NaN (empty cell)", s.name, i, g)
				continue
			}
			assert.Equal(t, w, g, "%s[%d]", s.name, i)
		}
	}
}

func TestReadHistoryCoinMetricsFixture(t *testing.T) {
	h, err := ReadHistoryFile("testdata/cm_tiny.csv")
	require.NoError(t, err)
	assertHistory(t, tinyWant, h)
	assert.Equal(t, 5, h.Len())
}

// permuteColumns rewrites a CSV with its columns in the order perm.
func permuteColumns(t *testing.T, text string, perm []int) string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		f := strings.Split(line, ",")
		require.Len(t, f, len(perm))
		g := make([]string, len(f))
		for i, j := range perm {
			g[i] = f[j]
		}
		out = append(out, strings.Join(g, ","))
	}
	return strings.Join(out, "\n") + "\n"
}

func TestReadHistoryLayouts(t *testing.T) {
	raw, err := os.ReadFile("testdata/cm_tiny.csv")
	require.NoError(t, err)
	tiny := string(raw)

	priceOnly := &History{
		Dates:       tinyWant.Dates[2:],
		PriceUSD:    tinyWant.PriceUSD[2:],
		HashrateTHs: []float64{nan, nan, nan},
		Difficulty:  []float64{nan, nan, nan},
		Blocks:      []float64{nan, nan, nan},
		FeesBTC:     []float64{nan, nan, nan},
		IssuanceBTC: []float64{nan, nan, nan},
	}
	tests := []struct {
		name string
		in   string
		want *History
	}{
		{"coin metrics layout", tiny, tinyWant},
		{"columns reversed", permuteColumns(t, tiny, []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}), tinyWant},
		{"columns shuffled", permuteColumns(t, tiny, []int{6, 3, 0, 9, 1, 8, 5, 2, 7, 4}), tinyWant},
		{"CRLF and byte-order mark", "\ufeff" + strings.ReplaceAll(tiny, "\n", "\r\n"), tinyWant},
		{"date,price", "date,price\n2020-01-03,8000\n2020-01-04,8800\n2020-01-05,7920\n", priceOnly},
		{"header case and spaces", "Date , PRICE\n2020-01-03 , 8000 \n2020-01-04,8800\n2020-01-05,7920\n", priceOnly},
		{"price_usd alias", "date,price_usd,volume\n2020-01-03,8000,1\n2020-01-04,8800,2\n2020-01-05,7920,3\n", priceOnly},
		{"timestamps with zone at UTC midnight", "time,PriceUSD\n2020-01-03T00:00:00Z\t,8000\n2020-01-04T01:00:00+01:00,8800\n2020-01-05T00:00:00.000000000Z,7920\n", priceOnly},
		{"quoted cells", "\"date\",\"price\"\n\"2020-01-03\",\"8000\"\n2020-01-04,8800\n2020-01-05,7.92e3\n", priceOnly},
		{"byte-order mark and quoted header", "\ufeff\"date\",\"price\"\r\n2020-01-03,8000\r\n2020-01-04,8800\r\n2020-01-05,7920\r\n", priceOnly},
		{"gap in dates is read as is", "date,price\n2020-01-03,8000\n2020-01-05,7920\n", &History{
			Dates:    []time.Time{day("2020-01-03"), day("2020-01-05")},
			PriceUSD: []float64{8000, 7920}, HashrateTHs: []float64{nan, nan}, Difficulty: []float64{nan, nan},
			Blocks: []float64{nan, nan}, FeesBTC: []float64{nan, nan}, IssuanceBTC: []float64{nan, nan},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, err := ReadHistory(strings.NewReader(tc.in))
			require.NoError(t, err)
			assertHistory(t, tc.want, h)
		})
	}
}

func TestReadHistoryErrors(t *testing.T) {
	const head = "time,PriceUSD,HashRate\n"
	tests := []struct {
		name   string
		in     string
		line   int
		column string
		msg    string // a fragment of the message
	}{
		{"empty file", "", 1, "", "empty file"},
		{"header only", head, 2, "", "no data lines"},
		{"missing price column", "time,HashRate\n2020-01-01,1\n", 1, "PriceUSD", "required column missing"},
		{"missing date column", "PriceUSD,HashRate\n1,1\n", 1, "time", "required column missing"},
		{"column given twice", "time,PriceUSD,price\n2020-01-01,1,1\n", 1, "price", "already given"},
		{"unparsable number", head + "2020-01-01,1,2\n2020-01-02,abc,2\n", 3, "PriceUSD", `"abc"`},
		{"unparsable hash rate", head + "2020-01-01,1,1e\n", 2, "HashRate", `"1e"`},
		{"NaN cell", head + "2020-01-01,NaN,1\n", 2, "PriceUSD", "finite"},
		{"infinite cell", head + "2020-01-01,1,+Inf\n", 2, "HashRate", "finite"},
		{"zero price", head + "2020-01-01,0,1\n", 2, "PriceUSD", "> 0"},
		{"negative price", head + "2020-01-01,-5,1\n", 2, "PriceUSD", "> 0"},
		{"negative hash rate", head + "2020-01-01,5,-1\n", 2, "HashRate", "≥ 0"},
		{"unparsable date", head + "2020-01-01,1,1\n2020-13-01,1,1\n", 3, "time", `"2020-13-01"`},
		{"empty date", head + ",1,1\n", 2, "time", "empty date"},
		{"date not at midnight", head + "2020-01-01T12:00:00Z,1,1\n", 2, "time", "midnight"},
		{"dates out of order", head + "2020-01-02,1,1\n2020-01-03,1,1\n2020-01-01,1,1\n", 4, "time", "out of order"},
		{"duplicate dates", head + "2020-01-02,1,1\n2020-01-02,1,1\n", 3, "time", "duplicate date 2020-01-02"},
		{"too few fields", head + "2020-01-01,1,1\n2020-01-02,1\n", 3, "HashRate", "2 fields"},
		{"too many fields", head + "2020-01-01,1,1,9\n", 2, "", "4 fields"},
		{"bare quote", head + "2020-01-01,1,1\n2020-01-02,1\"0,1\n", 3, "", "quote"},
		{"line numbers count a quoted newline", "time,PriceUSD,Note\n2020-01-01,1,\"a\nb\"\n2020-01-02,x,c\n", 4, "PriceUSD", `"x"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, err := ReadHistory(strings.NewReader(tc.in))
			require.Error(t, err)
			assert.Nil(t, h)
			var pe *ParseError
			require.True(t, errors.As(err, &pe), "error %q is not a *ParseError", err)
			assert.Equal(t, tc.line, pe.Line, "line of %q", err)
			assert.Equal(t, tc.column, pe.Column, "column of %q", err)
			assert.Contains(t, err.Error(), tc.msg)
			assert.Contains(t, err.Error(), "line ")
			if tc.column != "" {
				assert.Contains(t, err.Error(), `column "`+tc.column+`"`)
			}
		})
	}
}

func TestReadHistoryFileMissing(t *testing.T) {
	_, err := ReadHistoryFile("testdata/no-such-file.csv")
	require.Error(t, err)
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestReadHistoryFileNamesPath(t *testing.T) {
	path := t.TempDir() + "/bad.csv"
	require.NoError(t, os.WriteFile(path, []byte("date,price\n2020-01-01,x\n"), 0o600))
	_, err := ReadHistoryFile(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), path)
	assert.Contains(t, err.Error(), `line 2, column "price"`)
}

func TestWindow(t *testing.T) {
	h, err := ReadHistoryFile("testdata/cm_tiny.csv")
	require.NoError(t, err)

	// Inclusive at both ends; clock time and zone of the bounds are ignored.
	nyc := time.FixedZone("UTC-5", -5*3600)
	w, err := h.Window(time.Date(2020, 1, 2, 23, 0, 0, 0, nyc), time.Date(2020, 1, 4, 1, 0, 0, 0, nyc))
	require.NoError(t, err)
	want := &History{
		Dates:       tinyWant.Dates[1:4],
		PriceUSD:    tinyWant.PriceUSD[1:4],
		HashrateTHs: tinyWant.HashrateTHs[1:4],
		Difficulty:  tinyWant.Difficulty[1:4],
		Blocks:      tinyWant.Blocks[1:4],
		FeesBTC:     tinyWant.FeesBTC[1:4],
		IssuanceBTC: tinyWant.IssuanceBTC[1:4],
	}
	assertHistory(t, want, w)

	// The window shares nothing with h.
	w.PriceUSD[1] = 1
	w.Dates[0] = day("1999-01-01")
	assert.Equal(t, 8000.0, h.PriceUSD[2])
	assert.True(t, h.Dates[1].Equal(day("2020-01-02")))

	// Bounds beyond the data clip to it.
	all, err := h.Window(day("1990-01-01"), day("2100-01-01"))
	require.NoError(t, err)
	assertHistory(t, tinyWant, all)

	errs := []struct {
		name     string
		from, to time.Time
		msg      string
	}{
		{"reversed", day("2020-01-04"), day("2020-01-02"), "ends before it starts"},
		{"before the data", day("2019-01-01"), day("2019-12-31"), "no day"},
		{"after the data", day("2020-01-06"), day("2020-02-01"), "no day"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.Window(tc.from, tc.to)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}

	bad := &History{Dates: tinyWant.Dates, PriceUSD: []float64{1, 2}}
	_, err = bad.Window(day("2020-01-01"), day("2020-01-05"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "PriceUSD has 2 values for 5 dates")

	// Absent (nil) series stay absent.
	pricesOnly := &History{Dates: tinyWant.Dates, PriceUSD: tinyWant.PriceUSD}
	w, err = pricesOnly.Window(day("2020-01-03"), day("2020-01-05"))
	require.NoError(t, err)
	assert.Nil(t, w.HashrateTHs)
	assert.Len(t, w.PriceUSD, 3)
}

func TestLogReturns(t *testing.T) {
	h, err := ReadHistoryFile("testdata/cm_tiny.csv")
	require.NoError(t, err)
	w, err := h.Window(day("2020-01-03"), day("2020-01-05"))
	require.NoError(t, err)
	r, err := w.LogReturns()
	require.NoError(t, err)
	require.Len(t, r, 2)
	// 8000 → 8800 → 7920: ln 1.1 and ln 0.9.
	assert.InDelta(t, math.Log(1.1), r[0], 1e-15)
	assert.InDelta(t, math.Log(0.9), r[1], 1e-15)

	errs := []struct {
		name string
		h    *History
		msg  string
	}{
		{"missing early prices", h, "no usable price on 2020-01-01"},
		{"gap in dates", &History{Dates: []time.Time{day("2020-01-03"), day("2020-01-05")}, PriceUSD: []float64{1, 2}},
			"2020-01-05 follows 2020-01-03"},
		{"one day", &History{Dates: []time.Time{day("2020-01-03")}, PriceUSD: []float64{1}}, "at least 2 days"},
		{"price series absent", &History{Dates: []time.Time{day("2020-01-03"), day("2020-01-04")}}, "at least 2 days"},
		{"NaN price in the middle", &History{Dates: tinyWant.Dates[2:], PriceUSD: []float64{1, nan, 2}}, "no usable price on 2020-01-04"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			r, err := tc.h.LogReturns()
			require.Error(t, err)
			assert.Nil(t, r)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

// FuzzReadHistory checks that no input makes the reader panic or hang, and
// that whatever it accepts is a well-formed History.
func FuzzReadHistory(f *testing.F) {
	f.Add([]byte("date,price\n2020-01-03,8000\n2020-01-04,8800\n"))
	f.Add([]byte("time,PriceUSD,HashRate\n2020-01-01T00:00:00.000000000Z,,1e8\n2020-01-02T00:00:00.000000000Z,7000.5,\n"))
	f.Add([]byte("time,PriceUSD\n2020-01-02,1\n2020-01-01,1\n"))
	f.Add([]byte("\"time\",\"PriceUSD\"\n\"2020-01-01\",\"1\"\n"))
	f.Add([]byte(""))
	if raw, err := os.ReadFile("testdata/cm_tiny.csv"); err == nil {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		h, err := ReadHistory(strings.NewReader(string(in)))
		if err != nil {
			if h != nil {
				t.Fatalf("error %v with a non-nil History", err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error %q is not a ParseError with a line", err)
			}
			return
		}
		n := h.Len()
		if n == 0 {
			t.Fatal("History without days and without error")
		}
		for _, s := range [][]float64{h.PriceUSD, h.HashrateTHs, h.Difficulty, h.Blocks, h.FeesBTC, h.IssuanceBTC} {
			if len(s) != n {
				t.Fatalf("series of length %d for %d days", len(s), n)
			}
			for _, v := range s {
				if math.IsInf(v, 0) || v < 0 {
					t.Fatalf("value %v accepted", v)
				}
			}
		}
		for i := 1; i < n; i++ {
			if !h.Dates[i].After(h.Dates[i-1]) {
				t.Fatalf("dates not increasing at %d", i)
			}
		}
		for _, p := range h.PriceUSD {
			if !math.IsNaN(p) && !(p > 0) {
				t.Fatalf("price %v accepted", p)
			}
		}
		// Whatever was read can be windowed and, if gap-free, differenced.
		if _, err := h.Window(h.Dates[0], h.Dates[n-1]); err != nil {
			t.Fatalf("window over the whole history: %v", err)
		}
		if r, err := h.LogReturns(); err == nil {
			for _, x := range r {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("log return %v", x)
				}
			}
		}
	})
}
