package sim

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"runtime"
	"runtime/debug"
	"sync"
)

// ResultFormat is the version of the JSON layout that WriteJSON writes and
// ReadResultJSON reads. It changes when a field changes meaning or a
// reader of the previous layout would misread a file. Format 1 is the first
// to carry a Provenance; files written before it have none, and
// ReadResultJSON rejects them ("format version missing"), since nothing in
// them can be checked. Format 2 names the market bands by series
// (Bands.Series, BandSet.Series); ReadResultJSON still reads format 1.
const ResultFormat = 2

// modulePath is the library's module path, looked up in the build
// information.
const modulePath = "github.com/pivotrisk/pivotrisk"

// Provenance says what produced a Result and lets a reader check that the
// file is the one written: results of the same Config and scenario are
// bit-identical only for the same library version and architecture (Go
// may fuse a multiply and an add into one rounding on some architectures,
// arm64 among them, and not on others, amd64 among them).
type Provenance struct {
	// Format is the JSON layout's version, ResultFormat when written.
	Format int `json:"format"`
	// Library is the version of this module that ran the simulation: its
	// module version when used as a dependency ("v1.2.0"), else the VCS
	// revision the binary was built from ("devel+<revision>", with
	// "-dirty" for uncommitted changes), else "devel" ("unknown" without
	// build information).
	Library string `json:"library"`
	// GoVersion is the Go release that built it (runtime.Version()).
	GoVersion string `json:"goVersion"`
	// GOOS and GOARCH are the operating system and architecture it ran
	// on.
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
	// Checksum is "sha256:" and the hexadecimal SHA-256 of the file's JSON
	// text with insignificant whitespace removed and this field's value
	// empty (""): any change to the content, but not to its indentation,
	// changes it.
	Checksum string `json:"checksum"`
}

var (
	provOnce sync.Once
	prov     Provenance
)

// thisProvenance returns the Provenance of this build, without checksum.
func thisProvenance() Provenance {
	provOnce.Do(func() {
		prov = Provenance{Format: ResultFormat, Library: libraryVersion(), GoVersion: runtime.Version(),
			GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}
	})
	return prov
}

// libraryVersion returns this module's version from the build information
// (see Provenance.Library).
func libraryVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, d := range bi.Deps {
		if d.Path == modulePath {
			if d.Replace != nil && d.Replace.Version != "" {
				return d.Replace.Version
			}
			return d.Version
		}
	}
	if bi.Main.Path == modulePath && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	var rev string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if dirty {
		rev += "-dirty"
	}
	return "devel+" + rev
}

// checksumPrefix starts every Provenance.Checksum.
const checksumPrefix = "sha256:"

// compactHash hashes JSON text with its insignificant whitespace (spaces,
// tabs and line breaks outside strings) removed, as it is written to it.
type compactHash struct {
	h        hash.Hash
	inString bool
	escaped  bool
	buf      []byte
}

func newCompactHash() *compactHash { return &compactHash{h: sha256.New()} }

// Write hashes p without its insignificant whitespace.
func (c *compactHash) Write(p []byte) (int, error) {
	out := c.buf[:0]
	for _, b := range p {
		switch {
		case c.inString:
			switch {
			case c.escaped:
				c.escaped = false
			case b == '\\':
				c.escaped = true
			case b == '"':
				c.inString = false
			}
		case b == '"':
			c.inString = true
		case b == ' ', b == '\t', b == '\n', b == '\r':
			continue
		}
		out = append(out, b)
	}
	c.buf = out
	c.h.Write(out)
	return len(p), nil
}

// sum returns the checksum of what was written, with checksumPrefix.
func (c *compactHash) sum() string {
	return checksumPrefix + hex.EncodeToString(c.h.Sum(nil))
}

// resultChecksum returns the checksum of r as written (Provenance.Checksum
// left empty).
func resultChecksum(r *Result) (string, error) {
	c := *r
	c.Provenance.Checksum = ""
	h := newCompactHash()
	if err := json.NewEncoder(h).Encode(&c); err != nil {
		return "", err
	}
	return h.sum(), nil
}

// rawChecksum returns the checksum of a file's JSON text raw whose
// Provenance.Checksum is sum: the text is hashed with that value empty. ok
// is false unless the quoted value occurs exactly once in raw.
func rawChecksum(raw []byte, sum string) (got string, ok bool) {
	lit := []byte(`"` + sum + `"`)
	if sum == "" || bytes.Count(raw, lit) != 1 {
		return "", false
	}
	i := bytes.Index(raw, lit)
	h := newCompactHash()
	h.Write(raw[:i])
	h.Write([]byte(`""`))
	h.Write(raw[i+len(lit):])
	return h.sum(), true
}
