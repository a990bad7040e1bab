package model

import (
	"fmt"
	"math"
	"slices"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/market"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// Input is one number of a Scenario that a sensitivity study moves: a name
// for tables and plots, its unit, where it lives in the scenario file, and
// how to read and write it.
type Input struct {
	// Name labels the input in tables and plots ("BTC volatility").
	Name string `json:"name"`
	// Unit is the unit of the values Get returns and Set takes ("per √year",
	// "M USD per MW IT").
	Unit string `json:"unit"`
	// Field is the JSON path of the scenario field the input reads, in the
	// scenario file's names ("market.btcPrice.volPerYear"); "strategies[*]"
	// stands for every strategy the input applies to.
	Field string `json:"field"`
	// Get returns the input's value in sc, in Unit.
	Get func(sc *Scenario) float64 `json:"-"`
	// Set writes v (in Unit) into sc. It never writes to memory that sc
	// shares with another Scenario value (it copies the slices and
	// pointed-to configurations it changes), so a copy of a scenario can be
	// changed without touching the original:
	//
	//	lo := sc        // a shallow copy
	//	in.Set(&lo, v)  // sc is unchanged
	Set func(sc *Scenario, v float64) `json:"-"`
}

// InputRange is an Input with the low and high values a tornado study moves
// it to, and where those values come from.
type InputRange struct {
	Input
	// Low and High are the values the input is moved to, in Unit; Low ≤ High.
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// Source says where Low and High come from: a row of docs/CALIBRATION.md or
	// an assumption.
	Source string `json:"source"`
}

// Validate reports a missing Get or Set, an empty name, a bound that is not
// finite, and Low > High.
func (r InputRange) Validate() error {
	switch {
	case r.Name == "":
		return fmt.Errorf("model: input range: empty name")
	case r.Get == nil || r.Set == nil:
		return fmt.Errorf("model: input %q: Get and Set must not be nil", r.Name)
	case math.IsNaN(r.Low) || math.IsInf(r.Low, 0) || math.IsNaN(r.High) || math.IsInf(r.High, 0):
		return fmt.Errorf("model: input %q: low = %g, high = %g: must be finite", r.Name, r.Low, r.High)
	case r.Low > r.High:
		return fmt.Errorf("model: input %q: low = %g: must be ≤ high = %g", r.Name, r.Low, r.High)
	}
	return nil
}

// TornadoInputs returns the inputs a quant stresses first, with a low and a
// high value each, for the scenario sc; each InputRange's Source gives the
// full citation. Sections are docs/CALIBRATION.md's:
//
//   - BTC drift (market.btcPrice.driftPerYear): the scenario's ± 0.20 a
//     year, an assumption: the drift is a view (§C window drifts span
//     0.22–0.93 a year).
//   - BTC volatility (market.btcPrice.volPerYear): the diffusion σ that,
//     with the scenario's jumps, gives §C "Annual σ by year" since 2022,
//     total σ 0.420 to 0.645: σ = √(σ_total² − jump variance per year),
//     λ(m² + s²) for Merton, λ(2p·η_up² + 2(1−p)·η_down²) for Kou.
//   - GPU rent decay (market.gpu.generationDecayPerYear): ± 50 % of the
//     scenario's value, an assumption (§E "Decay rate (derived)" gives the
//     rents' total decline, not its generational part).
//   - AI capacity pipeline (market.gpu.pipelineGW): 0 (assumption) to 30 GW
//     a year (§F "AI workload requirement").
//   - Tenant default intensity (market.credit.baseHazardPerYear.<class>),
//     for each class a built-in strategy of sc contracts with (hyperscaler
//     when none does): §G13's range for the class, 0.2–0.5 %, 3–7 % or
//     10–20 % a year.
//   - Build time (strategies[*].conversion.buildMonths, mean): 8 to 24
//     months (§F "Build timeline, existing powered site" and "Build
//     timeline, greenfield or option"); every converting strategy's
//     distribution is scaled by the same factor (BuildTimeInput).
//   - Capex (strategies[*].conversion.capexUSDPerMWIT): 8 to 11 M USD per
//     MW IT (§F "Full AI/HPC fit-out capex").
//   - Power price (market.power.levelUSDPerMWh): 25 to 50 USD/MWh (§D
//     "Power cost range (default)").
//   - Discount rate (finance.discountRatePerYear): 7 % (Applied Digital in
//     2026, §G "Miner HPC financing costs") to 15 % a year (CoreWeave's DDTL
//     1, §G "CoreWeave debt").
//   - Valuation measure (measure.mode, MeasureInput): 0, risk-neutral (the
//     BTC drift at the risk-free rate plus the futures basis, discounting
//     at the risk-free rate, §I), to 1, the scenario's real-world view;
//     the drift and discount view move together.
//
// A range that excludes sc's value is widened to include it (that side of
// the tornado bar then has no length), and every range is clipped to its
// field's valid range. The BTC drift and volatility are left out for the
// "regime" price model, the build time when a converting strategy's build
// time cannot be scaled (poisson, beta). Custom strategies are not looked
// at.
func TornadoInputs(sc Scenario) []InputRange {
	var out []InputRange
	widen := func(in Input, lo, hi float64, src string) InputRange {
		v := in.Get(&sc)
		return InputRange{Input: in, Low: math.Min(lo, v), High: math.Max(hi, v), Source: src}
	}
	if sc.Market.BTCPrice.Model != market.PriceRegime {
		in := BTCDriftInput()
		v := in.Get(&sc)
		out = append(out, InputRange{Input: in, Low: math.Max(v-0.20, -2), High: math.Min(v+0.20, 2),
			Source: "assumption: ±0.20/yr around the scenario's drift, a view not a forecast (docs/CALIBRATION.md §C: historical log drifts 0.22–0.93/yr by window)"})
		jv := jumpVariancePerYear(sc.Market.BTCPrice)
		diff := func(total float64) float64 { return math.Sqrt(math.Max(total*total-jv, 0)) }
		out = append(out, widen(BTCVolInput(), diff(0.420), diff(0.645),
			"docs/CALIBRATION.md §C annual σ by year since 2022: 0.420 (2025 YTD) to 0.645 (2022), total σ less the scenario's jump variance"))
	}
	{
		in := GPUDecayInput()
		v := in.Get(&sc)
		out = append(out, InputRange{Input: in, Low: 0.5 * v, High: math.Min(1.5*v, 5),
			Source: "assumption: ±50 % (docs/CALIBRATION.md §E gives the total decline of rents, −22 % to −48 %/yr, not its generational part)"})
	}
	out = append(out, widen(PipelineInput(), 0, 30,
		"0 (assumption) to 30 GW/yr (docs/CALIBRATION.md §F \"AI workload requirement\": the 30 GW miners target, in one year)"))
	for _, c := range tenantClasses(&sc) {
		lo, hi, src := creditRange(c)
		out = append(out, widen(TenantHazardInput(c), lo, hi, src))
	}
	if buildScalable(&sc) {
		out = append(out, widen(BuildTimeInput(), 8, 24,
			"docs/CALIBRATION.md §F build timelines: 8 months (Cipher–AWS, existing site) to 24 (Core Scientific option, greenfield)"))
	}
	out = append(out, widen(CapexInput(), 8, 11,
		"docs/CALIBRATION.md §F full AI/HPC fit-out capex 8–11 M USD/MW IT (TeraWulf 8–10, Cipher 9–11)"))
	out = append(out, widen(PowerPriceInput(), 25, 50,
		"docs/CALIBRATION.md §D \"Power cost range (default)\": 25–50 USD/MWh"))
	out = append(out, widen(DiscountRateInput(), 0.07, 0.15,
		"docs/CALIBRATION.md §G miner and neocloud financing: 7 % (Applied Digital bonds, 2026) to 15 % (CoreWeave DDTL1, effective)"))
	out = append(out, InputRange{Input: MeasureInput(), Low: 0, High: 1,
		Source: "market.Measure: 0 is the risk-neutral measure (BTC drift r_f + basis, discount at r_f; docs/CALIBRATION.md §I), 1 the scenario's real-world view (its drift and risk-adjusted rate)"})
	return out
}

// MeasureInput is the valuation measure as a number (measure.mode): 0 for
// risk-neutral, 1 for real-world. It moves the drift and discount view
// together, as the measure does: BTC drift and discount rate are the
// scenario's real-world ones at 1, the risk-free rate plus the basis and the
// risk-free rate at 0 (market.Measure). Set takes a value below 0.5 as
// risk-neutral, any other as real-world.
func MeasureInput() Input {
	return Input{
		Name: "valuation measure (0 risk-neutral, 1 real-world)", Unit: "mode", Field: "measure.mode",
		Get: func(sc *Scenario) float64 {
			if sc.Measure.Mode == market.RiskNeutral {
				return 0
			}
			return 1
		},
		Set: func(sc *Scenario, v float64) {
			sc.Measure.Mode = market.RealWorld
			if v < 0.5 {
				sc.Measure.Mode = market.RiskNeutral
			}
		},
	}
}

// creditRange returns the §G range of a tenant class's default intensity.
func creditRange(c market.TenantClass) (lo, hi float64, src string) {
	switch c {
	case market.RatedNeocloud:
		return 0.03, 0.07, "docs/CALIBRATION.md §G suggested default: rated neocloud (BB-/Ba3) 3–7 %/yr"
	case market.UnratedNeocloud:
		return 0.10, 0.20, "docs/CALIBRATION.md §G suggested default: unrated small neocloud 10–20 %/yr"
	}
	return 0.002, 0.005, "docs/CALIBRATION.md §G suggested default: hyperscaler or backstopped tenant 0.2–0.5 %/yr"
}

// jumpVariancePerYear returns the variance per year of the price model's
// log-jumps: λ·E[J²].
func jumpVariancePerYear(p market.PriceModel) float64 {
	switch p.Model {
	case market.PriceMerton:
		return p.JumpsPerYear * (p.JumpMeanLog*p.JumpMeanLog + p.JumpSDLog*p.JumpSDLog)
	case market.PriceKou:
		// An exponential log-jump of mean η has E[J²] = 2η².
		return p.JumpsPerYear * (2*p.UpProb*p.UpMeanLog*p.UpMeanLog + 2*(1-p.UpProb)*p.DownMeanLog*p.DownMeanLog)
	}
	return 0
}

// BTCDriftInput is the BTC price's expected return μ, per year
// (market.btcPrice.driftPerYear; gbm, merton and kou models).
func BTCDriftInput() Input {
	return Input{
		Name: "BTC drift", Unit: "per year", Field: "market.btcPrice.driftPerYear",
		Get: func(sc *Scenario) float64 { return sc.Market.BTCPrice.DriftPerYear },
		Set: func(sc *Scenario, v float64) { sc.Market.BTCPrice.DriftPerYear = v },
	}
}

// BTCVolInput is the BTC price's diffusion volatility σ, per √year
// (market.btcPrice.volPerYear; gbm, merton and kou models).
func BTCVolInput() Input {
	return Input{
		Name: "BTC volatility", Unit: "per √year", Field: "market.btcPrice.volPerYear",
		Get: func(sc *Scenario) float64 { return sc.Market.BTCPrice.VolPerYear },
		Set: func(sc *Scenario, v float64) { sc.Market.BTCPrice.VolPerYear = v },
	}
}

// GPUDecayInput is the generational decay of the GPU rent margin, log per
// year (market.gpu.generationDecayPerYear).
func GPUDecayInput() Input {
	return Input{
		Name: "GPU rent decay", Unit: "log per year", Field: "market.gpu.generationDecayPerYear",
		Get: func(sc *Scenario) float64 { return sc.Market.GPU.GenerationDecayPerYear },
		Set: func(sc *Scenario, v float64) { sc.Market.GPU.GenerationDecayPerYear = v },
	}
}

// PipelineInput is the AI data-centre capacity coming online, GW of IT load
// per year, which drives the oversupply shocks of the GPU rent
// (market.gpu.pipelineGW).
func PipelineInput() Input {
	return Input{
		Name: "AI capacity pipeline", Unit: "GW per year", Field: "market.gpu.pipelineGW",
		Get: func(sc *Scenario) float64 { return sc.Market.GPU.PipelineGW },
		Set: func(sc *Scenario, v float64) { sc.Market.GPU.PipelineGW = v },
	}
}

// TenantHazardInput is the base default intensity of tenant class c, per
// year (market.credit.baseHazardPerYear.<class>).
func TenantHazardInput(c market.TenantClass) Input {
	at := func(sc *Scenario) *float64 {
		h := &sc.Market.Credit.BaseHazardPerYear
		switch c {
		case market.RatedNeocloud:
			return &h.RatedNeocloud
		case market.UnratedNeocloud:
			return &h.UnratedNeocloud
		}
		return &h.Hyperscaler
	}
	return Input{
		Name: fmt.Sprintf("tenant default, %s", c), Unit: "per year",
		Field: "market.credit.baseHazardPerYear." + c.String(),
		Get:   func(sc *Scenario) float64 { return *at(sc) },
		Set:   func(sc *Scenario, v float64) { *at(sc) = v },
	}
}

// BuildTimeInput is the mean construction time of a conversion, in months
// (strategies[*].conversion.buildMonths). Get returns the mean of the
// first converting built-in strategy's build-time distribution
// (site.DefaultConversion's when none converts). Set scales every converting
// strategy's build-time distribution by v/Get(sc), so strategies keep their
// differences and the first one's mean becomes v; a distribution that
// cannot be scaled (poisson, beta) is left as it is.
func BuildTimeInput() Input {
	get := func(sc *Scenario) float64 {
		m, err := firstConversion(sc).BuildMonths.Mean()
		if err != nil {
			return math.NaN()
		}
		return m
	}
	return Input{
		Name: "mean build time", Unit: "months", Field: "strategies[*].conversion.buildMonths",
		Get: get,
		Set: func(sc *Scenario, v float64) {
			k := v / get(sc)
			editConversions(sc, func(c *site.Conversion) {
				if s, ok := scaleSpec(c.BuildMonths, k); ok {
					c.BuildMonths = s
				}
			})
		},
	}
}

// CapexInput is the budgeted fit-out capex of a conversion, in M USD per MW
// of IT load (strategies[*].conversion.capexUSDPerMWIT ÷ 10⁶). Get returns
// the first converting built-in strategy's (site.DefaultConversion's when none
// converts); Set scales every converting strategy's capex by v/Get(sc).
func CapexInput() Input {
	get := func(sc *Scenario) float64 { return firstConversion(sc).CapexUSDPerMWIT / 1e6 }
	return Input{
		Name: "capex per MW", Unit: "M USD per MW IT", Field: "strategies[*].conversion.capexUSDPerMWIT",
		Get: get,
		Set: func(sc *Scenario, v float64) {
			k := v / get(sc)
			editConversions(sc, func(c *site.Conversion) { c.CapexUSDPerMWIT *= k })
		},
	}
}

// PowerPriceInput is the site's contracted power price level, USD/MWh
// (market.power.levelUSDPerMWh). Set moves the start price
// (market.start.powerUSDPerMWh) in proportion, so the path starts where
// it did relative to the level, and lowers the floor to v if v is below
// it.
func PowerPriceInput() Input {
	return Input{
		Name: "power price", Unit: "USD/MWh", Field: "market.power.levelUSDPerMWh",
		Get: func(sc *Scenario) float64 { return sc.Market.Power.LevelUSDPerMWh },
		Set: func(sc *Scenario, v float64) {
			p := &sc.Market.Power
			sc.Market.Start.PowerUSDPerMWh *= v / p.LevelUSDPerMWh
			p.LevelUSDPerMWh = v
			p.FloorUSDPerMWh = math.Min(p.FloorUSDPerMWh, v)
		},
	}
}

// DiscountRateInput is the annual discount rate (finance.discountRatePerYear).
func DiscountRateInput() Input {
	return Input{
		Name: "discount rate", Unit: "per year", Field: "finance.discountRatePerYear",
		Get: func(sc *Scenario) float64 { return sc.Finance.DiscountRatePerYear },
		Set: func(sc *Scenario, v float64) { sc.Finance.DiscountRatePerYear = v },
	}
}

// converts reports whether a built-in strategy converts any MW.
func (sp *StrategySpec) converts() bool { return sp.fraction() > 0 }

// firstConversion returns the conversion of the first converting built-in
// strategy of sc, or site.DefaultConversion.
func firstConversion(sc *Scenario) site.Conversion {
	for i := range sc.Strategies {
		if sp := &sc.Strategies[i]; sp.converts() {
			return sp.conversion()
		}
	}
	return site.DefaultConversion()
}

// editConversions applies edit to a copy of every converting strategy's
// conversion, on a copy of sc.Strategies.
func editConversions(sc *Scenario, edit func(*site.Conversion)) {
	sc.Strategies = slices.Clone(sc.Strategies)
	for i := range sc.Strategies {
		sp := &sc.Strategies[i]
		if !sp.converts() {
			continue
		}
		c := sp.conversion()
		edit(&c)
		sp.Conversion = &c
	}
}

// tenantClasses returns the tenant classes the built-in strategies of sc
// lease or contract to (site.Tenanted terms), in class order (market.Hyperscaler
// when none does).
func tenantClasses(sc *Scenario) []market.TenantClass {
	var used [market.NumTenantClasses]bool
	found := false
	for i := range sc.Strategies {
		sp := &sc.Strategies[i]
		if !sp.converts() {
			continue
		}
		t, ok := sp.terms().(site.Tenanted)
		if !ok {
			continue
		}
		if c := t.TenantClass(); c >= 0 && c < market.NumTenantClasses {
			used[c], found = true, true
		}
	}
	if !found {
		used[market.Hyperscaler] = true
	}
	var out []market.TenantClass
	for c := range market.NumTenantClasses {
		if used[c] {
			out = append(out, c)
		}
	}
	return out
}

// buildScalable reports whether every converting strategy's build time
// can be scaled and the first one's has a mean.
func buildScalable(sc *Scenario) bool {
	if _, err := firstConversion(sc).BuildMonths.Mean(); err != nil {
		return false
	}
	for i := range sc.Strategies {
		sp := &sc.Strategies[i]
		if sp.converts() {
			if _, ok := scaleSpec(sp.conversion().BuildMonths, 2); !ok {
				return false
			}
		}
	}
	return true
}

// scaleSpec returns the spec of k·X for X ~ s, k > 0, and whether the kind
// can be scaled within its family (poisson and beta cannot).
func scaleSpec(s dist.Spec, k float64) (dist.Spec, bool) {
	if !(k > 0) || math.IsInf(k, 0) {
		return s, false
	}
	switch s.Kind {
	case dist.KindFixed:
		s.Value *= k
	case dist.KindUniform, dist.KindTriangular, dist.KindPERT:
		s.Min, s.Mode, s.Max = k*s.Min, k*s.Mode, k*s.Max
	case dist.KindNormal:
		s.Mu, s.Sigma = k*s.Mu, k*s.Sigma
	case dist.KindLogNormal:
		// Whichever pair is set: (mu, sigma) of the log, (median,
		// dispersion) or (mean, sd); the unset ones stay 0.
		if s.Sigma != 0 {
			s.Mu += math.Log(k)
		}
		s.Median, s.MeanValue, s.SD = k*s.Median, k*s.MeanValue, k*s.SD
	case dist.KindStudentT:
		s.Mu, s.Scale = k*s.Mu, k*s.Scale
	case dist.KindExponential:
		s.Rate /= k
	case dist.KindGamma:
		s.Scale *= k
	default:
		return s, false
	}
	return s, true
}

// Only returns a copy of sc whose only strategy is the one called name
// (built-in or custom), for studies of one strategy that should not pay for
// simulating the others. Every strategy of a path draws from identically
// seeded streams and never changes the market path (see Simulator.Reset), so the
// strategy's results on every path are the same as in sc. It returns an
// error naming the scenario's strategies if none is called name.
func (sc *Scenario) Only(name string) (Scenario, error) {
	out := *sc
	out.Strategies, out.Custom = nil, nil
	for _, sp := range sc.Strategies {
		if sp.Name() == name {
			out.Strategies = []StrategySpec{sp}
			return out, nil
		}
	}
	for _, cs := range sc.Custom {
		if cs != nil && cs.Name() == name {
			out.Custom = []site.Strategy{cs}
			return out, nil
		}
	}
	return Scenario{}, fmt.Errorf("model: scenario %q has no strategy %q (it has %q)", sc.Name, name, sc.StrategyNames())
}
