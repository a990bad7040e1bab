package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/report"
	"github.com/pivotrisk/pivotrisk/sim"
)

// TestSamplesCSVRoundTrip: the CSV reads back to the table, every value
// bit for bit, missing values as empty fields; the columns are path, pair,
// each strategy's NPV, IRR and payback, then the drivers.
func TestSamplesCSVRoundTrip(t *testing.T) {
	sc := model.DefaultScenario()
	plan, err := model.NewPlan(&sc)
	require.NoError(t, err)
	d, err := sim.NewDrivers(plan, 9, sim.DriverSpec{})
	require.NoError(t, err)
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 9, Antithetic: true, Observers: []sim.Observer{d}})
	require.NoError(t, err)
	s, err := report.NewSamples(res, d)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, s.WriteCSV(&buf))
	recs, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 401)
	require.Equal(t, []string{"path", "pair", "npv_usd.pure mining", "irr_per_year.pure mining", "payback_months.pure mining"}, recs[0][:5])
	require.Equal(t, "driver.BTC price at month 12", recs[0][2+3*3])
	empty := 0
	for i, rec := range recs[1:] {
		for k, c := range s.Columns {
			if c.Indices != nil {
				require.Equal(t, strconv.FormatUint(c.Indices[i], 10), rec[k])
				continue
			}
			if math.IsNaN(c.Values[i]) {
				require.Equal(t, "", rec[k])
				empty++
				continue
			}
			v, err := strconv.ParseFloat(rec[k], 64)
			require.NoError(t, err)
			require.Equal(t, c.Values[i], v)
		}
	}
	require.Positive(t, empty)
	// Without IRR and payback samples those columns are left out.
	res.IRRPerYear, res.PaybackMonths = nil, nil
	s, err = report.NewSamples(res, nil)
	require.NoError(t, err)
	require.Len(t, s.Columns, 2+3)
}
