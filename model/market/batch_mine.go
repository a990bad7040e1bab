package market

// stepMine mines every path's blocks for the step (mine) leg by leg across
// the batch: the first leg of every path, then the second of those with
// time left, and so on, so that the processor overlaps the paths' chains of
// dependent divisions (time to the boundary, retarget factor, block rate)
// instead of waiting on each in turn. Then it sets each path's flows and
// moves its clock (Market.mineStep).
func (b *Batch) stepMine(s []State) {
	m, n := b.m, len(s)
	walks, active := b.walks[:n], b.active[:0]
	for i := range s {
		walks[i] = walk{}
		if walks[i].done < m.dtSeconds {
			active = append(active, int32(i))
		}
	}
	for len(active) > 0 {
		k := 0
		for _, i := range active {
			if walks[i].advance(&s[i], m.dtSeconds, s[i].TimeYears) {
				active[k] = i
				k++
			}
		}
		active = active[:k]
	}
	for i := range s {
		p := &s[i]
		walks[i].finish(p)
		m.setFlows(p, walks[i].blocks, walks[i].subsidyBTC, float64(p.Step+1)*m.dt)
	}
}
