package sim

// SweepSamples are the per-path samples of every run of a sweep (Frontier,
// Tornado), which WithSamples asks the sweep to keep. Run k's samples at
// index i are those of path FirstPath+i of the sweep's Config, the same
// path in every run (common random numbers), so the runs can be compared
// path by path.
type SweepSamples struct {
	// FirstPath and Antithetic are the sweep's Config.FirstPath and
	// Config.Antithetic: with Antithetic, paths 2k and 2k+1 are a mirrored
	// pair.
	FirstPath  uint64
	Antithetic bool
	// Runs holds one entry per run, in the sweep's order: Frontier's
	// fractions as given; Tornado's base run, then each input's low and
	// high side in the order of its inputs (not the rows' order by swing).
	Runs []SweepRun
}

// SweepRun is one run's per-path samples in SweepSamples.
type SweepRun struct {
	// Name names the run: in Frontier the hybrid's strategy name
	// ("hybrid 30%"); in Tornado "base" for the base run and
	// "INPUT=low" or "INPUT=high" for a side, INPUT being the input's name
	// ("BTC volatility=high").
	Name string
	// Fraction is the hybrid's converted share in [0, 1] (Frontier; 0 in
	// Tornado).
	Fraction float64
	// Input is the input's name, Side "low" or "high" and Value the
	// input's value in its unit (Tornado's sides); Input and Side are ""
	// and Value 0 for the base run and in Frontier.
	Input string
	Side  string
	Value float64
	// NPV holds the run's NPV per path, USD. A Tornado side whose value
	// equals the input's base value is not run again: its slices are the
	// base run's.
	NPV []float64
	// IRRPerYear (the annualized IRR, NaN where undefined) and
	// PaybackMonths (the discounted payback, NaN where never) hold the
	// run's other per-path figures, as in Result; nil with
	// Config.NPVSamplesOnly.
	IRRPerYear, PaybackMonths []float64
}

// SweepOption changes what a sweep keeps; it never changes its results.
type SweepOption func(*sweepOptions)

// sweepOptions are a sweep's options once applied.
type sweepOptions struct {
	samples *SweepSamples
}

// WithSamples makes a sweep keep every run's per-path samples and store
// them in *dst when it succeeds (dst is left as it was when the sweep
// fails); a nil dst keeps nothing. The sweep's results are the same,
// bit for bit, with and without it; it only holds the samples, 8 bytes per
// path per run (24 without Config.NPVSamplesOnly), where a Tornado
// otherwise lets each run's go.
func WithSamples(dst *SweepSamples) SweepOption {
	return func(o *sweepOptions) { o.samples = dst }
}

// applySweepOptions returns the options opts set.
func applySweepOptions(opts []SweepOption) sweepOptions {
	var o sweepOptions
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	return o
}

// sweepRun returns run j's samples of res, named name.
func sweepRun(name string, res *Result, j int) SweepRun {
	r := SweepRun{Name: name, NPV: res.NPV[j]}
	if len(res.IRRPerYear) > j && len(res.PaybackMonths) > j {
		r.IRRPerYear, r.PaybackMonths = res.IRRPerYear[j], res.PaybackMonths[j]
	}
	return r
}
