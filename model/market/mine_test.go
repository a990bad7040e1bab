package market

import (
	"math"
	"testing"

	"github.com/pivotrisk/pivotrisk/dist"
)

// mineAsWritten is the block walk as first written, recomputing the block
// rate and the subsidy at every boundary: the reference mine must
// reproduce.
func mineAsWritten(s *State, seconds, startYears float64) (blocks, subsidyBTC float64) {
	done := 0.0
	for done < seconds {
		rate := BlocksPerSecond(s.HashrateEHs, s.Difficulty)
		height := int64(s.blockPos)
		epochEnd := s.epochStart + RetargetInterval
		nextHalving := (height/HalvingInterval + 1) * HalvingInterval
		boundary := min(epochEnd, nextHalving)
		need := (float64(boundary) - s.blockPos) / rate
		subsidy := float64(BlockSubsidy(height)) / SatoshisPerBTC
		if done+need > seconds {
			left := seconds - done
			n := left * rate
			blocks += n
			subsidyBTC += n * subsidy
			s.blockPos += n
			s.epochSeconds += left
			break
		}
		n := float64(boundary) - s.blockPos
		blocks += n
		subsidyBTC += n * subsidy
		s.blockPos = float64(boundary)
		s.epochSeconds += need
		done += need
		if boundary == nextHalving {
			s.HalvingsSinceStart++
			s.lastHalvingYears = startYears + done/SecondsPerYear
		}
		if boundary == epochEnd {
			s.Difficulty = Retarget(s.Difficulty, s.epochSeconds)
			s.epochStart = epochEnd
			s.epochSeconds = 0
		}
	}
	s.Height = int64(s.blockPos)
	s.SubsidyBTC = float64(BlockSubsidy(s.Height)) / SatoshisPerBTC
	return blocks, subsidyBTC
}

// TestMineIsTheWalkAsWritten checks that mine (block rate computed once per
// difficulty, subsidy once per era) leaves the state and returns the
// figures of the walk as written, bit for bit, from heights just before
// halvings and retargets, at hashrates far from and near the difficulty's,
// over walks from an hour to seven weeks (several epochs, often a halving,
// sometimes the 64th).
func TestMineIsTheWalkAsWritten(t *testing.T) {
	r := dist.New(8, 0)
	for i := range 20000 {
		var h int64
		switch i % 4 {
		case 0:
			h = int64(1+r.Uniform()*40)*HalvingInterval - int64(r.Uniform()*3000)
		case 1:
			h = int64(r.Uniform()*7000) * RetargetInterval
		case 2:
			h = 64*HalvingInterval - int64(r.Uniform()*50000)
		default:
			h = int64(r.Uniform() * 5e6)
		}
		hash := 1000 * math.Exp(3*r.Norm())
		s := State{HashrateEHs: hash, Difficulty: EquilibriumDifficulty(hash) * math.Exp(r.Norm()),
			blockPos: float64(h) + r.Uniform()*float64(i%2), epochStart: h - h%RetargetInterval}
		s.Height = int64(s.blockPos)
		s.epochSeconds = float64(h%RetargetInterval) * TargetBlockSeconds
		want := s
		seconds := SecondsPerYear * math.Exp(7*r.Uniform()-9)
		gb, gs := mine(&s, seconds, 1.5)
		wb, ws := mineAsWritten(&want, seconds, 1.5)
		if !sameState(s, want) || math.Float64bits(gb) != math.Float64bits(wb) || math.Float64bits(gs) != math.Float64bits(ws) {
			t.Fatalf("walk %d from height %d over %g s: mine (%.17g, %.17g) %+v\nas written (%.17g, %.17g) %+v", i, h, seconds, gb, gs, s, wb, ws, want)
		}
	}
}
