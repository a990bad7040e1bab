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
	np := pv.parcels()
	conv := np
	if pv.Share < 1 {
		conv--
	}
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

// parcelsFor returns an empty slice with room for n parcels.
func (s *runnerSlab) parcelsFor(n int) []Parcel {
	if s == nil || len(s.parcels) < n {
		return make([]Parcel, 0, n)
	}
	p := s.parcels[:0:n]
	s.parcels = s.parcels[n:]
	return p
}

// booksFor returns a zero siteBooks.
func (s *runnerSlab) booksFor() *siteBooks {
	if s == nil || len(s.books) == 0 {
		return new(siteBooks)
	}
	b := &s.books[0]
	s.books = s.books[1:]
	return b
}

// backupFor returns n zeros.
func (s *runnerSlab) backupFor(n int) []float64 {
	if s == nil || len(s.backup) < n {
		return make([]float64, n)
	}
	b := s.backup[:n:n]
	s.backup = s.backup[n:]
	return b
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
			s.leases[0] = c
			p := &s.leases[0]
			s.leases = s.leases[1:]
			return p, nil
		}
	case GPUCloud:
		if len(s.clouds) > 0 {
			c, err := NewGPUCloudContract(t, itMW, grossMW)
			if err != nil {
				return nil, err
			}
			s.clouds[0] = c
			p := &s.clouds[0]
			s.clouds = s.clouds[1:]
			return p, nil
		}
	}
	return terms.NewContract(itMW, grossMW)
}
