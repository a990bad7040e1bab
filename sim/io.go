package sim

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/pivotrisk/pivotrisk/internal/valid"
)

// WriteJSON writes r as indented JSON without the per-path samples: its
// Provenance (format, library and Go versions, architecture, checksum),
// the config, the scenario (without custom strategies), the "strategies"
// array of Summaries (name, mean, stderr, var95, es95, var99, es99,
// probLoss, …, money in USD), the comparisons, the bands and the run
// figures. Use WriteJSONWithSamples to include the NPV samples, or
// WriteSamplesCSV.
//
// The Provenance written is r's (that of the build that ran it), or this
// build's for a Result made by hand, with Format set to ResultFormat and
// a fresh Checksum of the content written.
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
	c := *r
	return writeJSON(w, &c)
}

// writeJSON writes c, a copy it may change, with its Provenance completed:
// the content is encoded twice, once into the checksum's hash, then to w.
func writeJSON(w io.Writer, c *Result) error {
	if c.Provenance.Library == "" {
		c.Provenance = thisProvenance()
	}
	c.Provenance.Format = ResultFormat
	sum, err := resultChecksum(c)
	if err != nil {
		return fmt.Errorf("sim: writing result JSON: %w", err)
	}
	c.Provenance.Checksum = sum
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return fmt.Errorf("sim: writing result JSON: %w", err)
	}
	return nil
}

// ReadResultJSON reads a Result written by WriteJSON or
// WriteJSONWithSamples. NPV is nil when the file has no samples;
// IRRPerYear, PaybackMonths, Config.Progress and the scenario's custom
// strategies are never in the file.
//
// It trusts nothing it cannot check, and returns an error naming the field
// for: malformed JSON, data after the result, an unknown field or a key
// repeated in an object (at any depth), a format version missing (files
// written before ResultFormat 1) or newer than ResultFormat, a checksum
// that does not match the content, a config or scenario that does not
// validate, a scenario missing, null or empty (which would read back as
// the default scenario), summaries, comparisons or bands whose counts or
// lengths do not match the run (see Bands), and, when the file holds the
// NPV samples, any NPV figure of a Summary or Comparison that the samples
// do not give (recomputed, within 10⁻⁹ relative, for the rounding of
// another architecture).
func ReadResultJSON(rd io.Reader) (*Result, error) {
	raw, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("sim: reading result JSON: %w", err)
	}
	r, err := decodeResult(raw)
	if err != nil {
		return nil, fmt.Errorf("sim: reading result JSON: %w", err)
	}
	return r, nil
}

// decodeResult decodes and checks a result file's text.
func decodeResult(raw []byte) (*Result, error) {
	shape, err := scanJSON(raw)
	if err != nil {
		return nil, err
	}
	var r Result
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the result's JSON value")
	}
	if err := r.checkProvenance(raw); err != nil {
		return nil, err
	}
	if shape.scenarioEmpty {
		var c valid.Checker
		c.Add("scenario", shape.scenario, "a scenario object (missing, null or {} would read back as the default scenario)")
		return nil, c.Err()
	}
	if err := r.checkRead(); err != nil {
		return nil, err
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
