package dist

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed" // the Joe–Kuo table
	"fmt"
	"strconv"
	"strings"
)

// joeKuoGz is the file new-joe-kuo-6.21201 of Joe and Kuo, gzipped and
// otherwise unchanged (see joekuo/LICENSE for its source and licence). Line
// 1 is a header; line d (d = 2 … 21201) reads "d s a m_1 … m_s": the degree
// s of dimension d's primitive polynomial over GF(2), its inner
// coefficients a (bit s−1−k of a is the coefficient of x^(s−k), k = 1 …
// s−1), and the initial direction integers m_1 … m_s (m_k odd, < 2^k).
// Dimension 1 is not listed: it is the van der Corput sequence (every
// m_k = 1).
//
// Copyright (c) 2008, Frances Y. Kuo and Stephen Joe. All rights reserved.
// Redistributed under the BSD-style licence reproduced in joekuo/LICENSE.
//
//go:embed joekuo/new-joe-kuo-6.21201.gz
var joeKuoGz []byte

// SobolMaxDim is the largest dimension NewSobol accepts: the 21,201
// dimensions of the Joe–Kuo table new-joe-kuo-6.21201. A caller that needs
// more coordinates fills the rest otherwise (QMCShocks pads them with
// pseudo-random normals).
const SobolMaxDim = 21201

// sobolBits is the number of binary digits of a Sobol coordinate, so the
// sequence has 2^sobolBits points.
const sobolBits = 32

// SobolMaxPoints is the number of points of a Sobol sequence here (2^32):
// every coordinate is a 32-digit binary fraction.
const SobolMaxPoints = 1 << sobolBits

// sobolDirections returns the direction integers of the first dim
// dimensions, bit-major: v[j·dim + d] is the direction integer of digit j
// (j = 0 … 31, weight 2^−(j+1)) of dimension d (0-based), as a 32-bit
// binary fraction. It reads the embedded table only as far as dimension dim.
//
// Dimension 0 has v_j = 2^(31−j). Dimension d ≥ 1 takes line d+1 of the
// table: v_j = m_(j+1)·2^(31−j) for j < s, and beyond, the recurrence of
// its primitive polynomial x^s + a_1 x^(s−1) + … + a_(s−1) x + 1 (Bratley
// and Fox, ACM TOMS 14(1), 1988; Joe and Kuo's notes on generating
// Sobol sequences, 2008):
//
//	v_j = v_(j−s) ⊕ (v_(j−s) >> s) ⊕ a_1 v_(j−1) ⊕ … ⊕ a_(s−1) v_(j−s+1).
func sobolDirections(dim int) ([]uint32, error) {
	if dim < 1 || dim > SobolMaxDim {
		return nil, fmt.Errorf("dist: Sobol dimension %d: must be in [1, %d]", dim, SobolMaxDim)
	}
	v := make([]uint32, sobolBits*dim)
	for j := range sobolBits {
		v[j*dim] = 1 << (sobolBits - 1 - j)
	}
	if dim == 1 {
		return v, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(joeKuoGz))
	if err != nil {
		return nil, fmt.Errorf("dist: Joe–Kuo table: %w", err)
	}
	sc := bufio.NewScanner(zr)
	sc.Scan() // header
	var m [sobolBits]uint32
	for d := 1; d < dim; d++ {
		if !sc.Scan() {
			return nil, fmt.Errorf("dist: Joe–Kuo table ends before dimension %d: %v", d+1, sc.Err())
		}
		s, a, err := parseJoeKuoLine(sc.Text(), d+1, m[:])
		if err != nil {
			return nil, err
		}
		var col [sobolBits]uint32
		for j := range s {
			col[j] = m[j] << (sobolBits - 1 - j)
		}
		for j := s; j < sobolBits; j++ {
			x := col[j-s] ^ col[j-s]>>s
			for k := 1; k < s; k++ {
				if a>>(s-1-k)&1 != 0 {
					x ^= col[j-k]
				}
			}
			col[j] = x
		}
		for j, x := range col {
			v[j*dim+d] = x
		}
	}
	return v, nil
}

// parseJoeKuoLine parses one line "d s a m_1 … m_s" of the table, which
// must be for dimension want, into its degree s, coefficients a and m[:s],
// checking that every m_k is odd and below 2^k.
func parseJoeKuoLine(line string, want int, m []uint32) (s int, a uint32, err error) {
	f := strings.Fields(line)
	bad := func(why string) (int, uint32, error) {
		return 0, 0, fmt.Errorf("dist: Joe–Kuo table, dimension %d: %s in %q", want, why, line)
	}
	if len(f) < 4 {
		return bad("fewer than 4 fields")
	}
	var n [3]uint64
	for i := range n {
		if n[i], err = strconv.ParseUint(f[i], 10, 32); err != nil {
			return bad("field " + strconv.Itoa(i+1) + " not a number")
		}
	}
	if int(n[0]) != want {
		return bad("wrong dimension")
	}
	s, a = int(n[1]), uint32(n[2])
	if s < 1 || s >= sobolBits || len(f) != 3+s || a>>max(s-1, 0) != 0 {
		return bad("degree or coefficients out of range")
	}
	for k := range s {
		x, err := strconv.ParseUint(f[3+k], 10, 32)
		if err != nil || x&1 == 0 || x >= 1<<(k+1) {
			return bad("m_" + strconv.Itoa(k+1) + " not an odd number below 2^" + strconv.Itoa(k+1))
		}
		m[k] = uint32(x)
	}
	return s, a, nil
}
