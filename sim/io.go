package sim

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// WriteJSON writes r as indented JSON without the per-path samples: the
// config, the scenario (without custom strategies), the "strategies" array
// of Summaries (name, mean, stderr, var95, es95, var99, es99, probLoss, …,
// money in USD), the comparisons, the bands and the run figures. Use
// WriteJSONWithSamples to include the NPV samples, or WriteSamplesCSV.
func (r *Result) WriteJSON(w io.Writer) error {
	c := *r
	c.NPV = nil
	return writeJSON(w, &c)
}

// WriteJSONWithSamples writes r as WriteJSON does, plus the NPV samples as
// "npvUSD": one array per strategy, in path order (8 bytes a value in
// memory, up to 24 characters in the file). IRR and payback samples are
// never written (they hold NaN, which JSON cannot represent).
func (r *Result) WriteJSONWithSamples(w io.Writer) error {
	return writeJSON(w, r)
}

func writeJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("sim: writing result JSON: %w", err)
	}
	return nil
}

// ReadResultJSON reads a Result written by WriteJSON or
// WriteJSONWithSamples. NPV is nil when the file has no samples;
// IRRPerYear, PaybackMonths, Config.Progress and the scenario's custom
// strategies are never in the file. It returns an error if the JSON is
// malformed or inconsistent (samples whose count does not match the
// strategies or the paths).
func ReadResultJSON(rd io.Reader) (*Result, error) {
	var r Result
	if err := json.NewDecoder(rd).Decode(&r); err != nil {
		return nil, fmt.Errorf("sim: reading result JSON: %w", err)
	}
	if r.NPV != nil {
		if len(r.NPV) != len(r.Strategies) {
			return nil, fmt.Errorf("sim: reading result JSON: %d sample arrays for %d strategies", len(r.NPV), len(r.Strategies))
		}
		for j, s := range r.NPV {
			if len(s) != r.Run.Paths {
				return nil, fmt.Errorf("sim: reading result JSON: npvUSD[%d] has %d samples, run.paths is %d", j, len(s), r.Run.Paths)
			}
		}
	}
	return &r, nil
}

// WriteSamplesCSV writes the NPV samples (USD) as CSV: a header row
// "path" followed by the strategies' names, then one row per path with the
// path's index and each strategy's NPV, in path order. Numbers are written
// in the shortest form that reads back to the same float64. It returns an
// error if r has no samples (a Result read from JSON written without them).
func (r *Result) WriteSamplesCSV(w io.Writer) error {
	if len(r.NPV) == 0 {
		return errors.New("sim: WriteSamplesCSV: the result has no samples")
	}
	cw := csv.NewWriter(w)
	row := append([]string{"path"}, r.StrategyNames()...)
	if err := cw.Write(row); err != nil {
		return err
	}
	n := len(r.NPV[0])
	for i := range n {
		row = row[:0]
		row = append(row, strconv.FormatUint(r.Config.FirstPath+uint64(i), 10))
		for _, s := range r.NPV {
			row = append(row, strconv.FormatFloat(s[i], 'g', -1, 64))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
