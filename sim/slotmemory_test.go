package sim

import (
	"runtime"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
)

// retainedBy returns the bytes of heap that stay live while what f
// returns is kept (runtime.MemStats' HeapAlloc after a collection, before
// and after f).
func retainedBy(f func() any) int64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x := f()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(x)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

// batchSlotsOf returns a worker's batch of b paths for plan as Run makes
// it: the batch simulator and a pricer per path.
func batchSlotsOf(t *testing.T, plan *model.Plan, b int) any {
	t.Helper()
	bs, err := plan.NewBatchSimulator(b)
	if err != nil {
		t.Fatal(err)
	}
	prs := make([]*PathPricer, b)
	for i := range prs {
		prs[i] = NewPathPricer(plan)
	}
	return []any{bs, prs}
}

// perSlot returns what one more path of a batch of 32 retains and
// allocates (garbage included), for plan: the difference between a batch
// of 32 and a batch of 1, over 31.
func perSlot(t *testing.T, plan *model.Plan) (retained, allocatedBytes int64) {
	t.Helper()
	r32 := retainedBy(func() any { return batchSlotsOf(t, plan, 32) })
	r1 := retainedBy(func() any { return batchSlotsOf(t, plan, 1) })
	a32 := allocated(func() { batchSlotsOf(t, plan, 32) })
	a1 := allocated(func() { batchSlotsOf(t, plan, 1) })
	return (r32 - r1) / 31, (a32 - a1) / 31
}

// TestSlotMemory checks what each path of a worker's batch takes, for
// the default scenario over 1, 10 and 40 years (12, 120 and 480 monthly
// steps):
//
//   - what it allocates is within 5 % of slotBytes, the figure RunMemory
//     and the batch's size (batchSlots) count on;
//   - what it retains is at most slotBytes;
//   - what it retains grows with the steps by its pricer's IRR flows, S
//     float64 per step, and no more (the allocator's size classes add up
//     to 1/8): read-only tables of one value per step, such as the
//     discount factors, are the plan's, shared by every path, not copied
//     into each.
func TestSlotMemory(t *testing.T) {
	if raceDetector {
		t.Skip("the race detector changes what is allocated")
	}
	var prevSteps, prevRetained int64
	for _, years := range []float64{1, 10, 40} {
		sc := model.DefaultScenario()
		sc.Finance.HorizonYears = years
		plan, err := model.NewPlan(&sc)
		if err != nil {
			t.Fatal(err)
		}
		steps, s := int64(plan.Steps()), int64(plan.NumStrategies())
		ret, alloc := perSlot(t, plan)
		want := slotBytes(steps, s, false)
		t.Logf("%g years, %d steps: a path of a batch retains %d B and allocates %d B; slotBytes %d B", years, steps, ret, alloc, want)
		if d := float64(alloc)/float64(want) - 1; d < -0.05 || d > 0.05 {
			t.Errorf("%d steps: a path of a batch allocates %d B, %+.1f %% off slotBytes %d B, want within 5 %% (update pathBytes)", steps, alloc, 100*d, want)
		}
		if ret > want {
			t.Errorf("%d steps: a path of a batch retains %d B, more than slotBytes %d B", steps, ret, want)
		}
		if years == 40 {
			flows := s * (steps - prevSteps) * 8
			if grow := ret - prevRetained; grow > flows*9/8 {
				t.Errorf("from %d to %d steps a path of a batch retains %d B more, over its IRR flows' %d B (+1/8): something of one value per step is copied into every path", prevSteps, steps, grow, flows)
			}
		}
		prevSteps, prevRetained = steps, ret
	}
}
