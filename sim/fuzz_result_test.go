package sim

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// FuzzReadResultJSON feeds ReadResultJSON hostile files: it must never
// panic or hang, and a file it accepts must write back to a file it
// accepts again with the same figures. Each input is also decoded into
// maps and re-signed with a checksum of its own content, so that the
// checks behind the checksum (shapes, names, counts, figures against the
// samples) see the mutations too.
func FuzzReadResultJSON(f *testing.F) {
	// Small seeds: the fuzzer minimizes every new input it finds, which
	// takes minutes on a file with hundreds of samples.
	res := mustRun(f, shortDefault(1), Config{Paths: MinSummaryPaths, Seed: 4, Antithetic: true, Bands: &BandSet{}})
	var buf bytes.Buffer
	if err := res.WriteJSON(&buf); err != nil {
		f.Fatal(err)
	}
	raw := buf.Bytes()
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Add([]byte(`{"provenance":{"format":1}}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		readBack(t, data)
		var doc map[string]any
		if json.Unmarshal(data, &doc) != nil || doc == nil {
			return
		}
		if resigned, ok := resignQuiet(doc); ok {
			readBack(t, resigned)
		}
	})
}

// readBack reads data; when it is accepted, the Result must write and
// read back to the same summaries.
func readBack(t *testing.T, data []byte) {
	t.Helper()
	res, err := ReadResultJSON(bytes.NewReader(data))
	if err != nil {
		return
	}
	var buf bytes.Buffer
	if err := res.WriteJSONWithSamples(&buf); err != nil {
		t.Fatalf("an accepted result does not write: %v", err)
	}
	back, err := ReadResultJSON(&buf)
	if err != nil {
		t.Fatalf("an accepted result, written again, is refused: %v\n%s", err, buf.Bytes())
	}
	if len(back.Strategies) != len(res.Strategies) {
		t.Fatalf("%d strategies read back as %d", len(res.Strategies), len(back.Strategies))
	}
	for i := range res.Strategies {
		a, b := res.Strategies[i], back.Strategies[i]
		if a.Name != b.Name || !sameBits(a.Mean, b.Mean) || !sameBits(a.ES95, b.ES95) {
			t.Fatalf("strategy %d read back as %+v, was %+v", i, b, a)
		}
	}
}

// resignQuiet is resign without a testing.T: false when doc does not
// encode (a value JSON cannot hold).
func resignQuiet(doc map[string]any) ([]byte, bool) {
	prov, _ := doc["provenance"].(map[string]any)
	if prov != nil {
		prov["checksum"] = ""
	}
	raw, err := json.Marshal(doc)
	if err != nil || prov == nil {
		return raw, err == nil
	}
	h := newCompactHash()
	h.Write(raw)
	prov["checksum"] = h.sum()
	raw, err = json.Marshal(doc)
	return raw, err == nil
}

// sameBits reports whether a and b are the same float64, NaN included.
func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
