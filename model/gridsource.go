package model

import (
	"github.com/pivotrisk/pivotrisk/dist"
	"github.com/pivotrisk/pivotrisk/model/site"
)

// gridStream numbers the family of streams the site coupling's shed calls
// draw from (dist.Substream), apart from the market's and the strategies'
// so that turning the coupling on moves no other draw.
const gridStream = 0x67726964

// GridSource draws the grid operator's shed calls of one path, step by
// step, for the site coupling (site.Coupling, site.GridCalls): from the
// stream (dist.Substream(seed, gridStream), path), the same for every
// strategy. The Simulator holds one; an observer that replays the
// strategies' runners beside a run (sim's drivers) holds its own, hands
// Calls to the runners' Env.Grid and calls Draw before they step.
type GridSource struct {
	r     *dist.Rand
	shed  site.ShedProcess
	calls site.GridCalls
}

// NewGridSource returns the plan's source of shed calls, or nil when the
// plan's site coupling is off (no calls are drawn).
func (p *Plan) NewGridSource() *GridSource {
	if !p.env.Coupling.On() {
		return nil
	}
	return &GridSource{r: dist.New(0, 0), shed: p.shed}
}

// Calls returns the step's calls (valid after Draw; the pointer stays the
// same for the source's life).
func (g *GridSource) Calls() *site.GridCalls { return &g.calls }

// Reset starts path path of a run with seed seed (mirror: its antithetic
// mirror), with no calls.
func (g *GridSource) Reset(seed, path uint64, mirror bool) {
	g.r.Reset(dist.Substream(seed, gridStream), path)
	g.r.SetMirror(mirror)
	g.calls = site.GridCalls{}
}

// Draw draws the next step's calls.
func (g *GridSource) Draw() { g.shed.Draw(g.r, &g.calls) }
