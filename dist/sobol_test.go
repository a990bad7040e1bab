package dist

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// joeKuoSHA256 is the SHA-256 of the uncompressed table as stored. Every
// number in it was checked, when it was added, against an independent copy
// of the same table (JuliaMath/Sobol.jl, src/sobol_a.csv and
// src/sobol_minit.csv, derived from Kuo's site in 2010): all 21,200 lines
// agree.
const joeKuoSHA256 = "93649c810951fc77ee501a97ac9d840b29066cb9bb5a70efcad7e5cee6732861"

// joeKuoText returns the uncompressed embedded table.
func joeKuoText(t testing.TB) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(joeKuoGz))
	require.NoError(t, err)
	b, err := io.ReadAll(zr)
	require.NoError(t, err)
	return b
}

// TestJoeKuoTableIntact checks the embedded table byte for byte (its
// SHA-256) and its shape: a header and 21,200 lines for dimensions 2 …
// 21,201, the last with a degree-18 polynomial.
func TestJoeKuoTableIntact(t *testing.T) {
	b := joeKuoText(t)
	sum := sha256.Sum256(b)
	require.Equal(t, joeKuoSHA256, hex.EncodeToString(sum[:]), "SHA-256 of new-joe-kuo-6.21201")
	lines := strings.Split(strings.TrimRight(string(b), "\n "), "\n")
	require.Len(t, lines, SobolMaxDim)
	require.Equal(t, []string{"d", "s", "a", "m_i"}, strings.Fields(lines[0]))
	require.Equal(t, []string{"2", "1", "0", "1"}, strings.Fields(lines[1]))
	last := strings.Fields(lines[SobolMaxDim-1])
	require.Equal(t, []string{"21201", "18", "131059"}, last[:3])
}

// refLine is one parsed line of the Joe–Kuo table, read by the test's own
// parser.
type refLine struct {
	s, a int
	m    []uint64
}

// refTable parses the first dim−1 lines after the header with a parser of
// the test's own (dimension 1 has no line).
func refTable(t testing.TB, dim int) []refLine {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(joeKuoText(t)))
	sc.Scan()
	var out []refLine
	for len(out) < dim-1 && sc.Scan() {
		f := strings.Fields(sc.Text())
		var nums []uint64
		for _, x := range f {
			v, err := strconv.ParseUint(x, 10, 64)
			require.NoError(t, err)
			nums = append(nums, v)
		}
		require.Equal(t, uint64(len(out)+2), nums[0])
		out = append(out, refLine{s: int(nums[1]), a: int(nums[2]), m: nums[3:]})
	}
	require.Len(t, out, dim-1)
	return out
}

// refMatrix returns the 32 direction integers m_1 … m_32 of one dimension
// (m_k < 2^k, the k-th column of the generating matrix read as the binary
// fraction m_k/2^k), extending the initial ones by Bratley and Fox's
// recurrence on the m's themselves (ACM TOMS 14(1), 1988):
//
//	m_k = 2a_1 m_(k−1) ⊕ 2²a_2 m_(k−2) ⊕ … ⊕ 2^(s−1)a_(s−1) m_(k−s+1) ⊕ 2^s m_(k−s) ⊕ m_(k−s).
//
// The package instead shifts first and recurs on the 32-bit v's.
func refMatrix(l *refLine) [32]uint64 {
	var m [32]uint64
	if l == nil { // dimension 1: van der Corput
		for k := range m {
			m[k] = 1
		}
		return m
	}
	copy(m[:], l.m)
	for k := l.s; k < 32; k++ { // m[k] is m_(k+1)
		x := m[k-l.s]<<l.s ^ m[k-l.s]
		for i := 1; i < l.s; i++ {
			if l.a>>(l.s-1-i)&1 == 1 {
				x ^= m[k-i] << i
			}
		}
		m[k] = x
	}
	return m
}

// refPoint returns coordinate n of the Sobol sequence with matrix m in
// Gray-code order, computed as the binary-order point of index n ⊕ (n>>1):
// the XOR over the set bits k of that index of m_(k+1)·2^(32−(k+1)).
func refPoint(m *[32]uint64, n uint64) float64 {
	g := n ^ n>>1
	var x uint64
	for k := range 32 {
		if g>>k&1 == 1 {
			x ^= m[k] << (31 - k)
		}
	}
	return float64(x) / (1 << 32)
}

// TestSobolMatchesJoeKuoProgram checks points of the unscrambled sequence
// against the output of Joe and Kuo's own program sobol.cc run with
// new-joe-kuo-6.21201 (`./sobol 100 1024 new-joe-kuo-6.21201`), as recorded
// in JuliaMath/Sobol.jl's test/results/exp_results_100: points 1, 2, 3, 6,
// 100, 511, 512 and 1023 (0-based; point 0 is the origin) in dimensions
// 1–6 and 96–100.
func TestSobolMatchesJoeKuoProgram(t *testing.T) {
	want := map[uint64][11]float64{
		1:    {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
		2:    {0.75, 0.25, 0.25, 0.25, 0.75, 0.75, 0.25, 0.75, 0.25, 0.25, 0.75},
		3:    {0.25, 0.75, 0.75, 0.75, 0.25, 0.25, 0.75, 0.25, 0.75, 0.75, 0.25},
		6:    {0.625, 0.125, 0.875, 0.625, 0.625, 0.875, 0.375, 0.375, 0.875, 0.125, 0.125},
		100:  {0.4140625, 0.2578125, 0.7734375, 0.7265625, 0.8828125, 0.7421875, 0.6640625, 0.4765625, 0.0859375, 0.8671875, 0.8828125},
		511:  {0.001953125, 0.501953125, 0.408203125, 0.845703125, 0.353515625, 0.876953125, 0.416015625, 0.423828125, 0.486328125, 0.935546875, 0.423828125},
		512:  {0.0029296875, 0.2509765625, 0.9541015625, 0.9912109375, 0.4580078125, 0.5654296875, 0.4345703125, 0.9111328125, 0.5908203125, 0.0908203125, 0.9189453125},
		1023: {0.0009765625, 0.7529296875, 0.6123046875, 0.1455078125, 0.1865234375, 0.4384765625, 0.0224609375, 0.5224609375, 0.9208984375, 0.9716796875, 0.5302734375},
	}
	dims := []int{0, 1, 2, 3, 4, 5, 95, 96, 97, 98, 99}
	s, err := NewSobol(100)
	require.NoError(t, err)
	x := make([]float64, 100)
	s.Next(x)
	require.Equal(t, make([]float64, 100), x, "point 0 is the origin")
	for n := uint64(1); n < 1024; n++ {
		s.Next(x)
		w, ok := want[n]
		if !ok {
			continue
		}
		for i, d := range dims {
			require.Equal(t, w[i], x[d], "point %d, dimension %d", n, d+1)
		}
	}
}

// TestSobolMatchesIndependentConstruction checks the generator against the
// test's own construction from the published table (its own parser, the
// recurrence on m rather than v, each point computed directly from its
// index): all 21,201 dimensions on points 0–63 and three far points, and
// the first 40 dimensions on points 0–4095 and near the end of the
// sequence.
func TestSobolMatchesIndependentConstruction(t *testing.T) {
	table := refTable(t, SobolMaxDim)
	mats := make([][32]uint64, SobolMaxDim)
	for d := range mats {
		if d == 0 {
			mats[d] = refMatrix(nil)
		} else {
			mats[d] = refMatrix(&table[d-1])
		}
	}
	check := func(s *Sobol, n uint64, x []float64) {
		t.Helper()
		s.SkipTo(n)
		s.Next(x)
		for d := range x {
			if want := refPoint(&mats[d], n); x[d] != want {
				t.Fatalf("point %d, dimension %d: got %.17g, want %.17g", n, d+1, x[d], want)
			}
		}
	}
	all, err := NewSobol(SobolMaxDim)
	require.NoError(t, err)
	x := make([]float64, SobolMaxDim)
	for n := uint64(0); n < 64; n++ {
		all.Next(x)
		for d := range x {
			if want := refPoint(&mats[d], n); x[d] != want {
				t.Fatalf("point %d, dimension %d: got %.17g, want %.17g", n, d+1, x[d], want)
			}
		}
	}
	for _, n := range []uint64{1_000_003, 1<<31 + 12345, SobolMaxPoints - 1} {
		check(all, n, x)
	}
	few, err := NewSobol(40)
	require.NoError(t, err)
	y := make([]float64, 40)
	for n := uint64(0); n < 4096; n++ {
		few.Next(y)
		for d := range y {
			require.Equal(t, refPoint(&mats[d], n), y[d], "point %d, dimension %d", n, d+1)
		}
	}
	for n := uint64(SobolMaxPoints - 70); n < SobolMaxPoints; n++ {
		check(few, n, y)
	}
}

// TestSobolSkipToEqualsStepping checks that SkipTo(n) followed by Next
// gives exactly the points that stepping from 0 gives, scrambled and not,
// and that the sequence ends after SobolMaxPoints points.
func TestSobolSkipToEqualsStepping(t *testing.T) {
	for _, scrambled := range []bool{false, true} {
		s, err := NewSobol(37)
		if scrambled {
			s, err = NewScrambledSobol(37, 2024)
		}
		require.NoError(t, err)
		walk := s.Clone()
		jump := s.Clone()
		a := make([]float64, 37)
		b := make([]float64, 37)
		for n := uint64(0); n < 5000; n++ {
			require.Equal(t, n, walk.Index())
			walk.Next(a)
			if n%97 == 0 || n&(n-1) == 0 || n == 4999 {
				jump.SkipTo(n)
				jump.Next(b)
				require.Equal(t, a, b, "scrambled %v, point %d", scrambled, n)
				require.Equal(t, n+1, jump.Index())
			}
		}
		jump.SkipTo(SobolMaxPoints - 2)
		jump.Next(a)
		jump.Next(a)
		require.Equal(t, uint64(SobolMaxPoints), jump.Index())
		require.Panics(t, func() { jump.Next(a) }, "exhausted")
		require.Panics(t, func() { jump.SkipTo(SobolMaxPoints + 1) })
		jump.SkipTo(0)
		require.Panics(t, func() { jump.Next(a[:36]) }, "wrong length")
	}
}

// TestNewSobolRejectsBadDimension checks that a dimension outside
// [1, SobolMaxDim] is an error naming the field, its value and the range.
func TestNewSobolRejectsBadDimension(t *testing.T) {
	for _, dim := range []int{0, -3, SobolMaxDim + 1} {
		_, err := NewSobol(dim)
		require.Error(t, err)
		require.Contains(t, err.Error(), "dim")
		require.Contains(t, err.Error(), strconv.Itoa(dim))
		require.Contains(t, err.Error(), strconv.Itoa(SobolMaxDim))
		_, err = NewScrambledSobol(dim, 1)
		require.Error(t, err)
	}
	s, err := NewSobol(SobolMaxDim)
	require.NoError(t, err)
	require.Equal(t, SobolMaxDim, s.Dim())
}

// TestSobolDoesNotAllocate checks that Next, NextUint32 and SkipTo
// allocate nothing.
func TestSobolDoesNotAllocate(t *testing.T) {
	s, err := NewScrambledSobol(600, 7)
	require.NoError(t, err)
	x := make([]float64, 600)
	u := make([]uint32, 600)
	n := uint64(0)
	allocs := testing.AllocsPerRun(200, func() {
		s.Next(x)
		s.NextUint32(u)
		n += 1_000_003
		s.SkipTo(n)
	})
	require.Zero(t, allocs)
}
