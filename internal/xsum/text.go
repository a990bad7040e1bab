package xsum

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// MarshalText encodes the exact sum m·2^e (see Int) as "<m in
// hexadecimal>p<e in decimal>" ("-1a2bp-64", "0"), or "NaN", "+Inf",
// "-Inf": the same text for the same sum, however it was added up.
func (a Acc) MarshalText() ([]byte, error) {
	if v, ok := a.special(); ok {
		return []byte(fmt.Sprint(v)), nil // NaN, +Inf, -Inf
	}
	m, e := a.Int()
	if m.Sign() == 0 {
		return []byte("0"), nil
	}
	return fmt.Appendf(nil, "%sp%d", m.Text(16), e), nil
}

// maxBits is the most significant bits the integer of a sum may have.
const maxBits = limbBits * (nLimbs - 1)

// UnmarshalText reads what MarshalText wrote. It refuses text that is not
// a hexadecimal integer, or one beyond the range a sum can reach.
func (a *Acc) UnmarshalText(b []byte) error {
	*a = Acc{}
	switch string(b) {
	case "NaN":
		a.nan = true
		return nil
	case "+Inf":
		a.inf = 1
		return nil
	case "-Inf":
		a.inf = 2
		return nil
	}
	mant, exp, found := strings.Cut(string(b), "p")
	e, err := strconv.Atoi(exp)
	if !found {
		e, err = 0, nil
	}
	m, ok := new(big.Int).SetString(mant, 16)
	if !ok || err != nil || e < -bias || e > maxBits {
		return fmt.Errorf("xsum: exact sum %.40q: not <hexadecimal integer>p<exponent ≥ %d>", b, -bias)
	}
	m.Lsh(m, uint(e+bias)) // in units of 2^−bias
	if m.BitLen() > maxBits {
		return fmt.Errorf("xsum: exact sum of %d bits: at most %d", m.BitLen(), maxBits)
	}
	neg := m.Sign() < 0
	var word, mask big.Int
	mask.SetUint64(limbMask)
	abs := new(big.Int).Abs(m)
	for i := range nLimbs {
		v := int64(word.And(abs, &mask).Uint64())
		if neg {
			v = -v
		}
		a.limb[i] = v
		abs.Rsh(abs, limbBits)
	}
	return nil
}

// MarshalBinary is MarshalText, for encoding/gob.
func (a Acc) MarshalBinary() ([]byte, error) { return a.MarshalText() }

// UnmarshalBinary is UnmarshalText, for encoding/gob.
func (a *Acc) UnmarshalBinary(b []byte) error { return a.UnmarshalText(b) }
