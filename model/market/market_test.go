package market

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/internal/mctest"
)

func defaultMarket(t testing.TB, dt float64) *Market {
	t.Helper()
	m, err := NewMarket(DefaultMarketParams(), dt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDefaultMarketParamsValidate(t *testing.T) {
	if err := DefaultMarketParams().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateListsEveryBadField(t *testing.T) {
	p := DefaultMarketParams()
	p.Start.Height = -3
	p.Start.GPURegime = GPURegime(5)
	p.BTCPrice.VolPerYear = -0.5
	p.BTCPrice.JumpSDLog = math.Inf(1)
	p.BTCPrice.Shocks = []PriceShock{{TimeYears: 0, LogSize: -0.9}}
	p.Network.NoiseVolPerYear = 7
	p.Fees.LevelBTC = 0
	p.Power.SpeedPerYear = math.NaN()
	p.GPU.Tight.VolPerYear = -1
	p.GPU.Floor.PUE = 0.5
	p.Colo.ElasticityToGPU = -1
	p.Credit.WrongWayElasticity.Hyperscaler = 11
	p.Correlation.Pairs = append(p.Correlation.Pairs, CorrelationPair{A: "btcPrice", B: "weather", Rho: 2})
	_, err := NewMarket(p, 0)
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{
		"dtYears = 0: must be in (0, 1]",
		"start.height = -3",
		"start.gpuRegime = 5",
		"btcPrice.volPerYear = -0.5: must be in [0, 5]",
		"btcPrice.jumpSDLog = +Inf",
		"btcPrice.shocks[0].timeYears = 0",
		"network.noiseVolPerYear = 7",
		"fees.levelBTC = 0",
		"power.speedPerYear = NaN",
		"gpu.tight.volPerYear = -1",
		"gpu.floor.pue = 0.5",
		"colo.elasticityToGPU = -1",
		"credit.wrongWayElasticity.hyperscaler = 11",
		`correlation.pairs[3].b = "weather"`,
		"correlation.pairs[3].rho = 2",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

func TestValidateCrossFieldAndShapes(t *testing.T) {
	tests := []struct {
		name   string
		modify func(p *MarketParams)
		want   string
	}{
		{"start rent below the floor", func(p *MarketParams) { p.Start.GPURentUSDPerHour = 0.2 }, "start.gpuRentUSDPerHour = 0.2: must be > the GPU rent floor"},
		{"unknown price model", func(p *MarketParams) { p.BTCPrice.Model = "heston" }, `btcPrice.model = "heston"`},
		{"regime model without regimes", func(p *MarketParams) { p.BTCPrice.Model = PriceRegime }, "btcPrice.regimeDriftsPerYear"},
		{"regime generator rows must sum to 0", func(p *MarketParams) {
			p.BTCPrice = PriceModel{Model: PriceRegime, RegimeDriftsPerYear: []float64{0.1, -0.2}, RegimeVolsPerYear: []float64{0.4, 0.8},
				RegimeGeneratorPerYear: [][]float64{{-1, 1}, {2, -1}}}
		}, "btcPrice.regimeGeneratorPerYear[1] = \"row sum 1\""},
		{"kou up mean must be below 1", func(p *MarketParams) {
			p.BTCPrice = PriceModel{Model: PriceKou, VolPerYear: 0.5, JumpsPerYear: 2, UpProb: 0.4, UpMeanLog: 1.2, DownMeanLog: 0.1}
		}, "btcPrice.upMeanLog = 1.2"},
		{"repeated correlation pair", func(p *MarketParams) {
			p.Correlation.Pairs = append(p.Correlation.Pairs, CorrelationPair{A: ShockFees, B: ShockBTCPrice, Rho: 0.1})
		}, "correlation.pairs[3]"},
		{"pair of a shock with itself", func(p *MarketParams) {
			p.Correlation.Pairs = []CorrelationPair{{A: ShockFees, B: ShockFees, Rho: 0.1}}
		}, `correlation.pairs[0].b = "fees"`},
		{"not positive semi-definite", func(p *MarketParams) {
			p.Correlation.Pairs = []CorrelationPair{{A: ShockBTCPrice, B: ShockFees, Rho: 0.9}, {A: ShockBTCPrice, B: ShockPower, Rho: 0.9}, {A: ShockFees, B: ShockPower, Rho: -0.9}}
		}, "correlation: pairs: corr is not positive semi-definite"},
		{"correlation above 1", func(p *MarketParams) {
			p.Correlation.Pairs = []CorrelationPair{{A: ShockBTCPrice, B: ShockFees, Rho: 1.2}}
		}, "correlation.pairs[0].rho = 1.2: must be in [-1, 1]"},
		{"both pairs and matrix", func(p *MarketParams) { p.Correlation.Matrix = [][]float64{{1}} }, "correlation.matrix"},
		{"asymmetric matrix", func(p *MarketParams) {
			var m [NumShocks][NumShocks]float64
			for i := range m {
				m[i][i] = 1
			}
			m[0][1] = 0.3
			p.Correlation = CorrelationParams{Matrix: toRows(m)}
		}, "correlation.matrix[1][0] = 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultMarketParams()
			tc.modify(&p)
			err := p.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate() = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func toRows(m [NumShocks][NumShocks]float64) [][]float64 {
	rows := make([][]float64, NumShocks)
	for i := range m {
		rows[i] = append([]float64(nil), m[i][:]...)
	}
	return rows
}

func TestNewMarketStepLength(t *testing.T) {
	for _, dt := range []float64{0, -1.0 / 12, 1.5, math.NaN(), math.Inf(1)} {
		if _, err := NewMarket(DefaultMarketParams(), dt); err == nil || !strings.Contains(err.Error(), "dtYears") {
			t.Errorf("NewMarket(dt = %v) = %v, want a dtYears error", dt, err)
		}
	}
	for _, dt := range []float64{1 / DaysPerYear, 1.0 / 12, 1} {
		m := defaultMarket(t, dt)
		if m.DtYears() != dt {
			t.Errorf("DtYears() = %v, want %v", m.DtYears(), dt)
		}
	}
}

func TestMarketParamsJSONRoundTrip(t *testing.T) {
	p := DefaultMarketParams()
	p.BTCPrice.Shocks = []PriceShock{{TimeYears: 1, LogSize: math.Log(0.4)}}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"btcPrice"`, `"volPerYear"`, `"network"`, `"fees"`, `"power"`, `"gpu"`, `"colo"`, `"credit"`, `"correlation"`, `"start"`, `"gpuRegime":"tight"`, `"shocks"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
	var back MarketParams
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, p) {
		t.Errorf("round trip changed the parameters:\n got %+v\nwant %+v", back, p)
	}
}

func TestStartState(t *testing.T) {
	m := defaultMarket(t, 1.0/12)
	s := m.Start()
	if s.Step != 0 || s.TimeYears != 0 || s.Height != 930_355 || s.SubsidyBTC != 3.125 || s.BTCPriceUSD != 87_000 || s.GPURegime != GPUTight {
		t.Errorf("start state %+v", s)
	}
	if s.epochStart != 929_376 || s.epochSeconds != 979*600 {
		t.Errorf("epoch start %d, seconds %v; want 929,376 and 587,400", s.epochStart, s.epochSeconds)
	}
	if s.ColoRentUSDPerKWMonth != 150 || s.TenantHazardPerYear != DefaultCreditParams().Hazards(2.35, 2.35, 0) {
		t.Errorf("colo %v, hazards %v", s.ColoRentUSDPerKWMonth, s.TenantHazardPerYear)
	}
	if m.Start() != s {
		t.Error("Start is not deterministic")
	}
}

func TestStepBookkeeping(t *testing.T) {
	for _, dt := range []float64{1 / DaysPerYear, 1.0 / 12, 1} {
		m := defaultMarket(t, dt)
		r := dist.New(31, 0)
		s := m.Start()
		for k := 1; k <= 30; k++ {
			prev := s
			m.Step(&s, r)
			if s.Step != k || s.DtYears != dt {
				t.Fatalf("step %d: Step %d, DtYears %v", k, s.Step, s.DtYears)
			}
			mctest.WithinRel(t, "time", s.TimeYears, float64(k)*dt, 1e-14)
			mctest.WithinRel(t, "blocks = height change", s.BlocksMined, s.blockPos-prev.blockPos, 1e-9)
			if s.HalvingsSinceStart == prev.HalvingsSinceStart {
				mctest.WithinRel(t, "reward = blocks × (subsidy + fees)", s.RewardBTC, s.BlocksMined*(prev.SubsidyBTC+s.FeesPerBlockBTC), 1e-12)
			}
			// Hashprice × PH/s × days = USD the network earned in the step.
			mctest.WithinRel(t, "hashprice", s.HashpriceUSDPerPHDay*s.HashrateEHs*1000*dt*DaysPerYear, s.RewardBTC*s.BTCPriceUSD, 1e-12)
			for _, v := range []float64{s.BTCPriceUSD, s.HashrateEHs, s.Difficulty, s.FeesPerBlockBTC, s.PowerUSDPerMWh, s.GPURentUSDPerHour, s.ColoRentUSDPerKWMonth, s.HashpriceUSDPerPHDay} {
				if !(v > 0) || math.IsInf(v, 0) {
					t.Fatalf("step %d: non-positive or non-finite level in %+v", k, s)
				}
			}
		}
	}
}

func TestStepIsDeterministicAndShareable(t *testing.T) {
	m := defaultMarket(t, 1.0/12)
	run := func(seed uint64) State {
		r := dist.New(seed, 5)
		s := m.Start()
		for range 60 {
			m.Step(&s, r)
		}
		return s
	}
	want := run(41)
	if got := run(41); got != want {
		t.Errorf("same seed, different states:\n%+v\n%+v", got, want)
	}
	if other := run(42); other == want {
		t.Error("different seeds gave identical states")
	}
	// One Market shared by several goroutines (run with -race).
	var wg sync.WaitGroup
	got := make([]State, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = run(41)
		}()
	}
	wg.Wait()
	for i, s := range got {
		if s != want {
			t.Errorf("goroutine %d: state differs", i)
		}
	}
}

func TestScheduledShockScalesThePrice(t *testing.T) {
	// A −60 % crash in year one: from the shock on, the shocked path's
	// price is exactly 0.4 times the unshocked path's (same draws).
	p := DefaultMarketParams()
	mb := defaultMarket(t, 1.0/12)
	p.BTCPrice.Shocks = []PriceShock{{TimeYears: 0.7, LogSize: math.Log(0.4)}}
	ms, err := NewMarket(p, 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	rb, rs := dist.New(51, 0), dist.New(51, 0)
	sb, ss := mb.Start(), ms.Start()
	for k := 1; k <= 24; k++ {
		mb.Step(&sb, rb)
		ms.Step(&ss, rs)
		want := 1.0
		if float64(k)/12 >= 0.7 {
			want = 0.4
		}
		mctest.WithinRel(t, "price ratio", ss.BTCPriceUSD/sb.BTCPriceUSD, want, 1e-12)
	}
}

func TestParamsReturnsACopy(t *testing.T) {
	p := DefaultMarketParams()
	p.BTCPrice.Shocks = []PriceShock{{TimeYears: 1, LogSize: -1}}
	m, err := NewMarket(p, 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	p.BTCPrice.Shocks[0].LogSize = 5 // the caller's slice: must not reach the market
	q := m.Params()
	q.Correlation.Pairs[0].Rho = 0.99
	q.BTCPrice.Shocks[0].TimeYears = 3
	again := m.Params()
	if again.BTCPrice.Shocks[0] != (PriceShock{TimeYears: 1, LogSize: -1}) || again.Correlation.Pairs[0].Rho != 0.2 {
		t.Errorf("market parameters changed through a copy: %+v", again)
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	for _, dt := range []float64{1 / DaysPerYear, 1.0 / 12, 1} {
		m := defaultMarket(t, dt)
		r := dist.New(61, 0)
		s := m.Start()
		if n := testing.AllocsPerRun(1000, func() { m.Step(&s, r) }); n != 0 {
			t.Errorf("dt %v: Step allocates %v times per call, want 0", dt, n)
		}
	}
}

func TestCorrelatedShocks(t *testing.T) {
	// The mixing matrix reproduces the requested correlations.
	p := DefaultCorrelationParams()
	p.Pairs = append(p.Pairs, CorrelationPair{A: ShockPower, B: ShockGPURent, Rho: -0.3})
	mp := DefaultMarketParams()
	mp.Correlation = p
	m, err := NewMarket(mp, 1.0/12)
	if err != nil {
		t.Fatal(err)
	}
	const n = 40000
	var x [NumShocks][]float64
	for i := range x {
		x[i] = make([]float64, n)
	}
	r := dist.New(71, 0)
	for k := range n {
		var z [NumShocks]float64
		m.corr.Fill(z[:], r)
		for i := range z {
			x[i][k] = z[i]
		}
	}
	want := p.CorrelationMatrix()
	names := ShockNames()
	for i := range NumShocks {
		v, se := mctest.VarSE(x[i])
		mctest.WithinSE(t, "variance of "+string(names[i]), v, 1, se, 4.5)
		for j := range i {
			rho := correlation(x[i], x[j])
			// Standard error of a sample correlation: (1 − ρ²)/√n.
			mctest.WithinSE(t, "corr "+string(names[i])+"–"+string(names[j]), rho, want[i][j], (1-want[i][j]*want[i][j])/math.Sqrt(n), 4.5)
		}
	}
}
