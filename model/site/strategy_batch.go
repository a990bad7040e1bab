package site

// BatchStrategy is a Strategy that makes the runners of a batch of paths
// at once (a model.BatchSimulator asks for them): the same runners as
// NewRunner makes one by one, laid out together in memory, so that a
// worker stepping its batch path after path finds them close together.
// Pivot (every built-in strategy) is one; a Strategy that is not gets its
// runners one by one.
type BatchStrategy interface {
	Strategy
	// NewRunners returns len(envs) runners, runner i for envs[i], each
	// stepping exactly as NewRunner(envs[i]) would, or the error
	// NewRunner would return.
	NewRunners(envs []Env) ([]Runner, error)
}

// NewRunners implements BatchStrategy: the runners of NewRunner, their
// PivotRunners, parcels, contracts (when Terms is a Lease or a GPUCloud)
// and coupling books each in one allocation.
func (pv Pivot) NewRunners(envs []Env) ([]Runner, error) {
	for i := range envs {
		if err := pv.checkShape(envs[i]); err != nil {
			return nil, err // before the slab is sized from pv
		}
	}
	prs := make([]PivotRunner, len(envs))
	out := make([]Runner, len(envs))
	slab := newRunnerSlab(pv, envs)
	for i := range envs {
		if err := pv.initRunner(&prs[i], envs[i], slab); err != nil {
			return nil, err
		}
		out[i] = &prs[i]
	}
	return out, nil
}
