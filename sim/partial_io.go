package sim

import (
	"bufio"
	"bytes"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/pivotrisk/pivotrisk/internal/valid"
	"github.com/pivotrisk/pivotrisk/model"
)

// partialMagic opens every partial file.
const partialMagic = "pivotrisk-partial\n"

// partialWire is a Partial as written: the scenario and config as JSON
// (they hold interfaces gob cannot name), the rest as gob.
type partialWire struct {
	Format         int
	Library        string
	ScenarioSHA256 string
	ScenarioJSON   []byte
	ConfigJSON     []byte
	Names          []string
	Steps          int
	DtYears        float64
	Samples        bool
	TailK          int
	Ranges         []PathRange
	Chunks         []PartialChunk
	Stats          []StrategyStats
	Diffs          []DiffStats
	WallSeconds    float64
}

// WritePartial writes p in the partial file format: a line naming it,
// then p in encoding/gob, its scenario and config as JSON. Floats are
// kept bit for bit (NaN included).
func (p *Partial) WritePartial(w io.Writer) error {
	for j := range p.Stats {
		p.Stats[j].Sketch.flush()
		p.Stats[j].IRRSketch.flush()
	}
	for j := range p.Diffs {
		p.Diffs[j].Sketch.flush()
	}
	sc, err := json.Marshal(p.Scenario)
	if err != nil {
		return fmt.Errorf("sim: writing partial: scenario: %w", err)
	}
	cfg, err := json.Marshal(p.Config)
	if err != nil {
		return fmt.Errorf("sim: writing partial: config: %w", err)
	}
	wire := partialWire{Format: p.Format, Library: p.Library, ScenarioSHA256: p.ScenarioSHA256, ScenarioJSON: sc, ConfigJSON: cfg,
		Names: p.Names, Steps: p.Steps, DtYears: p.DtYears, Samples: p.Samples, TailK: p.TailK, Ranges: p.Ranges,
		Chunks: p.Chunks, Stats: p.Stats, Diffs: p.Diffs, WallSeconds: p.WallSeconds}
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(partialMagic); err != nil {
		return err
	}
	if err := gob.NewEncoder(bw).Encode(&wire); err != nil {
		return fmt.Errorf("sim: writing partial: %w", err)
	}
	return bw.Flush()
}

// ReadPartial reads a Partial written by WritePartial, checking it: the
// format, the scenario and config (which must validate, the scenario's
// SHA-256 matching), the ranges (within the run, ascending, disjoint)
// and that every slice has the length the run and its ranges give.
func ReadPartial(r io.Reader) (*Partial, error) {
	br := bufio.NewReader(r)
	head := make([]byte, len(partialMagic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != partialMagic {
		return nil, errors.New("sim: reading partial: not a partial file (it does not start with \"pivotrisk-partial\")")
	}
	var wire partialWire
	if err := gob.NewDecoder(br).Decode(&wire); err != nil {
		return nil, fmt.Errorf("sim: reading partial: %w", err)
	}
	p := &Partial{Format: wire.Format, Library: wire.Library, ScenarioSHA256: wire.ScenarioSHA256,
		Names: wire.Names, Steps: wire.Steps, DtYears: wire.DtYears, Samples: wire.Samples, TailK: wire.TailK, Ranges: wire.Ranges,
		Chunks: wire.Chunks, Stats: wire.Stats, Diffs: wire.Diffs, WallSeconds: wire.WallSeconds}
	if p.Format != PartialFormat {
		return nil, fmt.Errorf("sim: reading partial: format %d, this build reads %d", p.Format, PartialFormat)
	}
	var sc model.Scenario
	dec := json.NewDecoder(bytes.NewReader(wire.ScenarioJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sc); err != nil {
		return nil, fmt.Errorf("sim: reading partial: scenario: %w", err)
	}
	if err := sc.Validate(); err != nil {
		return nil, fmt.Errorf("sim: reading partial: scenario: %w", err)
	}
	if err := json.Unmarshal(wire.ConfigJSON, &p.Config); err != nil {
		return nil, fmt.Errorf("sim: reading partial: config: %w", err)
	}
	p.Scenario = &sc
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("sim: reading partial: %w", err)
	}
	return p, nil
}

// check checks a Partial read from a file.
func (p *Partial) check() error {
	if err := p.Config.Validate(); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if p.Config.Bands == nil || p.Config.BandPaths == 0 || p.Config.Workers == 0 || p.Config.TargetStdErrUSD != 0 {
		return fmt.Errorf("config: bands %v, bandPaths %d, workers %d, targetStdErrUSD %g: want the resolved config of a sharded run",
			p.Config.Bands, p.Config.BandPaths, p.Config.Workers, p.Config.TargetStdErrUSD)
	}
	if want := tailKeep(p.Config.Paths); !p.Samples && p.TailK != want || p.Samples && p.TailK != 0 {
		return fmt.Errorf("tailK %d: want %d for a run of %d paths (0 with samples)", p.TailK, want, p.Config.Paths)
	}
	if sum, err := scenarioSHA256(p.Scenario); err != nil || sum != p.ScenarioSHA256 {
		return fmt.Errorf("scenarioSHA256 %q does not match the scenario", p.ScenarioSHA256)
	}
	plan, err := model.NewPlan(p.Scenario)
	if err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	var c valid.Checker
	if !slices.Equal(plan.StrategyNames(), p.Names) || plan.Steps() != p.Steps || plan.DtYears() != p.DtYears {
		c.Add("names", fmt.Sprintf("%q", p.Names), fmt.Sprintf("the scenario's %q, %d steps", plan.StrategyNames(), plan.Steps()))
		return c.Err()
	}
	end := p.Config.FirstPath + uint64(p.Config.Paths)
	for i, r := range p.Ranges {
		if r.From >= r.To || r.From < p.Config.FirstPath || r.To > end || i > 0 && r.From < p.Ranges[i-1].To {
			c.Add(fmt.Sprintf("ranges[%d]", i), fmt.Sprintf("[%d, %d)", r.From, r.To), fmt.Sprintf("ascending, disjoint, within [%d, %d)", p.Config.FirstPath, end))
			return c.Err()
		}
	}
	if len(p.Chunks) != len(p.Ranges) {
		c.Add("chunks", len(p.Chunks), fmt.Sprint(len(p.Ranges), ", one per range"))
		return c.Err()
	}
	ns := len(p.Names)
	for i, ch := range p.Chunks {
		c.Sub(fmt.Sprintf("chunks[%d]", i), p.checkChunk(ch, ns))
	}
	if !p.Samples {
		c.Sub("stats", p.checkCompact(ns))
	}
	return c.Err()
}

// checkChunk checks one chunk's lengths.
func (p *Partial) checkChunk(ch PartialChunk, ns int) error {
	var c valid.Checker
	n := int(ch.Range.To - ch.Range.From)
	if ch.Range != (PathRange{}) && n < 0 {
		c.Add("range", ch.Range, "From < To")
	}
	lens := func(name string, got, want int) {
		if got != want {
			c.Add(name, got, fmt.Sprint(want))
		}
	}
	if p.Samples {
		lens("len(npv)", len(ch.NPV), ns)
		for j := range ch.NPV {
			lens(fmt.Sprintf("len(npv[%d])", j), len(ch.NPV[j]), n)
		}
		if p.Config.NPVSamplesOnly {
			lens("len(irr32)", len(ch.IRR32), ns)
			lens("len(paybackCounts)", len(ch.PaybackCounts), ns)
			for j := range ch.IRR32 {
				lens(fmt.Sprintf("len(irr32[%d])", j), len(ch.IRR32[j]), n)
			}
			for j := range ch.PaybackCounts {
				lens(fmt.Sprintf("len(paybackCounts[%d])", j), len(ch.PaybackCounts[j]), p.Steps+1)
			}
		} else {
			lens("len(irr)", len(ch.IRR), ns)
			lens("len(payback)", len(ch.Payback), ns)
			for j := range ch.IRR {
				lens(fmt.Sprintf("len(irr[%d])", j), len(ch.IRR[j]), n)
			}
			for j := range ch.Payback {
				lens(fmt.Sprintf("len(payback[%d])", j), len(ch.Payback[j]), n)
			}
		}
	}
	want := int(max(0, min(int64(ch.Range.To), int64(p.Config.FirstPath)+int64(min(p.Config.BandPaths, p.Config.Paths)))-int64(ch.Range.From)))
	if !p.Config.Bands.any() {
		want = 0
	}
	switch b := ch.Bands; {
	case b == nil && want > 0:
		c.Add("bands", "none", fmt.Sprintf("the values of %d band paths", want))
	case b != nil:
		pts := len(newBandStore(*p.Config.Bands, 1, p.Steps, p.Names).steps)
		lens("bands.k", b.K, want)
		lens("len(bands.vals)", len(b.Vals), len(p.Config.Bands.Series)+len(p.Names)*int(b2f(p.Config.Bands.Cash)))
		for s := range b.Vals {
			lens(fmt.Sprintf("len(bands.vals[%d])", s), len(b.Vals[s]), pts*b.K)
		}
		lens("len(bands.halv)", len(b.Halv), pts*b.K)
	}
	return c.Err()
}

// checkCompact checks a compact partial's statistics.
func (p *Partial) checkCompact(ns int) error {
	var c valid.Checker
	if len(p.Stats) != ns || len(p.Diffs) != max(ns-1, 0) {
		c.Add("len(stats)", len(p.Stats), fmt.Sprint(ns))
		return c.Err()
	}
	n := int64(p.Paths())
	for j, s := range p.Stats {
		if s.NPV.N != n || s.Sketch.N != n || len(s.Tail) != int(min(n, int64(p.TailK))) || !slices.IsSorted(s.Tail) {
			c.Add(fmt.Sprintf("stats[%d]", j), fmt.Sprintf("%d paths, %d tail values", s.NPV.N, len(s.Tail)), fmt.Sprintf("%d paths, %d sorted tail values", n, min(n, int64(p.TailK))))
		}
		c.Sub(fmt.Sprintf("stats[%d].sketch", j), s.Sketch.check(n))
		c.Sub(fmt.Sprintf("stats[%d].irrSketch", j), s.IRRSketch.check(-1))
		if s.IRRSketch.N > n {
			c.Add(fmt.Sprintf("stats[%d].irrSketch.n", j), s.IRRSketch.N, fmt.Sprintf("≤ %d", n))
		}
		if len(s.Payback) != p.Steps+1 {
			c.Add(fmt.Sprintf("len(stats[%d].payback)", j), len(s.Payback), fmt.Sprint(p.Steps+1))
		}
	}
	for j, d := range p.Diffs {
		c.Sub(fmt.Sprintf("diffs[%d].sketch", j), d.Sketch.check(n))
	}
	return c.Err()
}
