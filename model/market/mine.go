package market

// mine walks the blockchain through seconds of simulated time at the state's
// (constant) hashrate: it mines blocks at the expected rate
// hashrate/(difficulty·2³²) per second, retargets the difficulty whenever a
// 2,016-block epoch completes (and carries on at the new rate), and splits
// the blocks at halving heights so each is paid its own subsidy.
// startYears is the simulated time at the start of the walk, used to date
// halvings. It returns the blocks mined and the subsidy they earned, in BTC,
// and updates the height, difficulty, epoch bookkeeping and halving count.
func mine(s *State, seconds, startYears float64) (blocks, subsidyBTC float64) {
	var w walk
	if w.done < seconds {
		for w.advance(s, seconds, startYears) {
		}
	}
	w.finish(s)
	return w.blocks, w.subsidyBTC
}

// walk is the running total of one block walk (mine), which advance takes
// one leg at a time, so that a Batch can walk many paths leg by leg.
type walk struct {
	done       float64 // seconds walked so far
	blocks     float64 // blocks mined
	subsidyBTC float64 // the subsidy they earned, BTC
}

// advance walks s to its next retarget or halving boundary, or through the
// rest of the walk's seconds if the boundary lies beyond them, and reports
// whether the walk goes on (it has time left). It must be called only while
// it has.
func (w *walk) advance(s *State, seconds, startYears float64) bool {
	rate := BlocksPerSecond(s.HashrateEHs, s.Difficulty)
	height := int64(s.blockPos)
	epochEnd := s.epochStart + RetargetInterval
	nextHalving := (height/HalvingInterval + 1) * HalvingInterval
	boundary := min(epochEnd, nextHalving)
	need := (float64(boundary) - s.blockPos) / rate
	subsidy := float64(BlockSubsidy(height)) / SatoshisPerBTC
	if w.done+need > seconds {
		left := seconds - w.done
		n := left * rate
		w.blocks += n
		w.subsidyBTC += n * subsidy
		s.blockPos += n
		s.epochSeconds += left
		return false
	}
	n := float64(boundary) - s.blockPos
	w.blocks += n
	w.subsidyBTC += n * subsidy
	s.blockPos = float64(boundary)
	s.epochSeconds += need
	w.done += need
	if boundary == nextHalving {
		s.HalvingsSinceStart++
		s.lastHalvingYears = startYears + w.done/SecondsPerYear
	}
	if boundary == epochEnd {
		s.Difficulty = Retarget(s.Difficulty, s.epochSeconds)
		s.epochStart = epochEnd
		s.epochSeconds = 0
	}
	return w.done < seconds
}

// finish sets the height the walk reached and its block's subsidy.
func (w *walk) finish(s *State) {
	s.Height = int64(s.blockPos)
	s.SubsidyBTC = float64(BlockSubsidy(s.Height)) / SatoshisPerBTC
}
