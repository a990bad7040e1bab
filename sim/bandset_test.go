package sim

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/model/market"
)

// TestBandSetJSON checks that a BandSet reads back what it writes, reads
// the format-1 form of the golden file and of older results, and refuses
// unknown members, a mix of the forms and an unknown series by name.
func TestBandSetJSON(t *testing.T) {
	for _, b := range []*BandSet{DefaultBands(), AllBands(), {}, {Cash: true}, {Series: []market.Series{market.SeriesFees}}} {
		raw, err := json.Marshal(b)
		require.NoError(t, err)
		var back BandSet
		require.NoError(t, json.Unmarshal(raw, &back), string(raw))
		require.True(t, reflect.DeepEqual(*b, back) || len(b.Series) == 0 && len(back.Series) == 0 && b.Cash == back.Cash, "%s read back as %+v", raw, back)
	}
	raw, _ := json.Marshal(DefaultBands())
	require.JSONEq(t, `{"series": ["btcPrice", "hashprice", "gpuRent"], "cash": true}`, string(raw))

	for _, tc := range []struct {
		in   string
		want BandSet
	}{
		{`{"btcPrice": false, "hashprice": false, "gpuRent": false, "cash": false}`, BandSet{}},
		{`{"btcPrice": true, "hashprice": true, "gpuRent": true, "cash": true}`, *DefaultBands()},
		{`{"gpuRent": true, "btcPrice": true, "cash": false}`, BandSet{Series: []market.Series{market.SeriesBTCPrice, market.SeriesGPURent}}},
		{`{"series": ["power", "months"]}`, BandSet{Series: []market.Series{market.SeriesPower, market.SeriesMonths}}},
	} {
		var got BandSet
		require.NoError(t, json.Unmarshal([]byte(tc.in), &got), tc.in)
		require.True(t, reflect.DeepEqual(got, tc.want), "%s: %+v, want %+v", tc.in, got, tc.want)
	}
	for _, tc := range []struct{ in, want string }{
		{`{"series": ["btcPrice"], "gpuRent": true}`, `"series" with the format-1 keys`},
		{`{"series": ["btcprice"]}`, `did you mean "btcPrice"`},
		{`{"series": ["wind"]}`, `series "wind": must be one of`},
		{`{"cash": true, "gpu": true}`, `unknown field "gpu"`},
	} {
		var got BandSet
		err := json.Unmarshal([]byte(tc.in), &got)
		require.Error(t, err, tc.in)
		require.Contains(t, err.Error(), tc.want, tc.in)
	}
}

// TestConfigBandsValidate checks that Config.Validate names a band series
// that is not one and one kept twice.
func TestConfigBandsValidate(t *testing.T) {
	cfg := Config{Paths: 400, Bands: &BandSet{Series: []market.Series{market.SeriesPower, 0, market.SeriesPower}}}
	err := cfg.Validate()
	require.Error(t, err)
	require.Contains(t, err.Error(), "bands.series[1] = 0: must be one of hashprice, btcPrice")
	require.Contains(t, err.Error(), `bands.series[2] = "power": must be kept once (also series[0])`)
}

// TestReadResultFormat1 rewrites a result file in the layout of format 1
// (market bands as the members btcPriceUSD, hashpriceUSDPerPHDay and
// gpuRentUSDPerHour; the band set as booleans) and checks that it reads
// back into the same Result, and that a file mixing the layouts or naming
// a band after no series is refused.
func TestReadResultFormat1(t *testing.T) {
	res, raw := trustedFile(t)
	old := edit(t, raw, func(d map[string]any) {
		d["provenance"].(map[string]any)["format"] = 1
		d["config"].(map[string]any)["bands"] = map[string]any{"btcPrice": true, "hashprice": true, "gpuRent": true, "cash": true}
		bands := d["bands"].(map[string]any)
		for i, key := range []string{"btcPriceUSD", "hashpriceUSDPerPHDay", "gpuRentUSDPerHour"} {
			bands[key] = bands["series"].([]any)[i]
		}
		delete(bands, "series")
	})
	require.NotContains(t, string(old), `"series"`)
	back, err := ReadResultJSON(bytes.NewReader(old))
	require.NoError(t, err)
	require.Equal(t, res.Bands, back.Bands)
	require.Equal(t, res.Config.Bands, back.Config.Bands)

	for _, tc := range []struct {
		name string
		file []byte
		want string
	}{
		{"both layouts", edit(t, raw, func(d map[string]any) {
			bands := d["bands"].(map[string]any)
			bands["gpuRentUSDPerHour"] = bands["series"].([]any)[2]
		}), `"series" with the format-1 members`},
		{"no such series", edit(t, raw, func(d map[string]any) {
			d["bands"].(map[string]any)["series"].([]any)[0].(map[string]any)["name"] = "wind"
		}), `bands.series[0].name = "wind": must be a market series`},
		{"series twice", edit(t, raw, func(d map[string]any) {
			d["bands"].(map[string]any)["series"].([]any)[2].(map[string]any)["name"] = "btcPrice"
		}), `bands.series[2].name = "btcPrice": must be a series of its own (bands.series[0] has it)`},
		{"unknown member", edit(t, raw, func(d map[string]any) { d["bands"].(map[string]any)["btcPrice"] = 1 }), `unknown field "btcPrice"`},
	} {
		_, err := ReadResultJSON(bytes.NewReader(tc.file))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}
