package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// The baseline is the first pure-mining strategy, wherever it stands.
func TestBaseline(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 1
	sc.Strategies = []model.StrategySpec{model.FullAI(0, nil), model.PureMining()}
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 1, Bands: &sim.BandSet{}})
	if err != nil {
		t.Fatal(err)
	}
	if j, name := Baseline(res); j != 1 || name != "pure mining" {
		t.Errorf("baseline %d %q", j, name)
	}
	var buf bytes.Buffer
	if err := RiskTable(&buf, res); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[2], "—") || !strings.HasSuffix(lines[0], "P(beats pure mining)") {
		t.Errorf("risk table:\n%s", buf.String())
	}
}
