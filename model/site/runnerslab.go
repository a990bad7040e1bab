package site

// runnerSlab is the storage of a batch of one Pivot's runners (NewRunners):
// their parcels, the parcels' contracts when the terms are a Lease or a
// GPUCloud, and their coupling books, each kind in one slice, handed out
// in order as the runners are made. A nil slab hands out fresh storage.
type runnerSlab struct {
	parcels []Parcel
	leases  []LeaseContract
	clouds  []GPUCloudContract
	books   []siteBooks
	backup  []float64
}

// newRunnerSlab sizes the storage of pv's runners for envs.
func newRunnerSlab(pv Pivot, envs []Env) *runnerSlab {
	np, conv := pv.parcels(), pv.converting()
	var coupled int
	for i := range envs {
		if envs[i].Coupling.On() {
			coupled++
		}
	}
	s := &runnerSlab{
		parcels: make([]Parcel, len(envs)*np),
		books:   make([]siteBooks, coupled),
		backup:  make([]float64, coupled*np),
	}
	switch pv.Terms.(type) {
	case Lease:
		s.leases = make([]LeaseContract, len(envs)*conv)
	case GPUCloud:
		s.clouds = make([]GPUCloudContract, len(envs)*conv)
	}
	return s
}

// take returns the next n elements of *free, moving *free past them, or n
// fresh ones when *free holds fewer.
func take[T any](free *[]T, n int) []T {
	if len(*free) < n {
		return make([]T, n)
	}
	t := (*free)[:n:n]
	*free = (*free)[n:]
	return t
}

// parcelsFor returns an empty slice with room for n parcels.
func (s *runnerSlab) parcelsFor(n int) []Parcel {
	if s == nil {
		return make([]Parcel, 0, n)
	}
	return take(&s.parcels, n)[:0]
}

// booksFor returns a zero siteBooks.
func (s *runnerSlab) booksFor() *siteBooks {
	if s == nil {
		return new(siteBooks)
	}
	return &take(&s.books, 1)[0]
}

// backupFor returns n zeros.
func (s *runnerSlab) backupFor(n int) []float64 {
	if s == nil {
		return make([]float64, n)
	}
	return take(&s.backup, n)
}

// newContract returns terms.NewContract(itMW, grossMW), placed in the
// slab when it holds the terms' kind: the same contract, stored with its
// batch's.
func (s *runnerSlab) newContract(terms ContractTerms, itMW, grossMW float64) (Contract, error) {
	if s == nil {
		return terms.NewContract(itMW, grossMW)
	}
	switch t := terms.(type) {
	case Lease:
		if len(s.leases) > 0 {
			c, err := NewLeaseContract(t, itMW)
			if err != nil {
				return nil, err
			}
			p := &take(&s.leases, 1)[0]
			*p = c
			return p, nil
		}
	case GPUCloud:
		if len(s.clouds) > 0 {
			c, err := NewGPUCloudContract(t, itMW, grossMW)
			if err != nil {
				return nil, err
			}
			p := &take(&s.clouds, 1)[0]
			*p = c
			return p, nil
		}
	}
	return terms.NewContract(itMW, grossMW)
}
