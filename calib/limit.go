package calib

import (
	"bytes"
	"fmt"
	"io"
)

// MaxHistoryBytes is the longest input ReadHistory reads: 64 MiB. A daily
// history has one line per day, some 6,000 lines since 2009, so even a
// file with hundreds of columns is far shorter; longer input is not a
// daily history (ReadHistoryFile on a device or a log), and reading it
// would only exhaust memory.
const MaxHistoryBytes = 64 << 20

// MaxHistoryLineBytes is the longest line ReadHistory reads: 1 MiB, about
// a thousand times a line of Coin Metrics' daily data.
const MaxHistoryLineBytes = 1 << 20

// limitReader passes its reader's bytes on until the input exceeds
// maxBytes or a line maxLine bytes, then fails with a *ParseError that
// says so (kept in err), whatever its reader has left.
type limitReader struct {
	r        io.LimitedReader // maxBytes + 1, to see the input go beyond
	maxBytes int64
	maxLine  int64
	line     int   // newlines read so far
	run      int64 // bytes since the last newline
	err      error
}

func newLimitReader(r io.Reader, maxBytes, maxLine int64) *limitReader {
	return &limitReader{r: io.LimitedReader{R: r, N: maxBytes + 1}, maxBytes: maxBytes, maxLine: maxLine}
}

// Read reads from the underlying reader, counting lines.
func (l *limitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for rest := p[:n]; ; {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			l.run += int64(len(rest))
			break
		}
		l.line++
		l.run = 0
		rest = rest[i+1:]
	}
	switch {
	case l.r.N == 0:
		l.err = &ParseError{Line: l.line + 1,
			Err: fmt.Errorf("the input goes on beyond %s, the limit of a history (MaxHistoryBytes): this is not a daily history", byteSize(l.maxBytes))}
	case l.run > l.maxLine:
		l.err = &ParseError{Line: l.line + 1,
			Err: fmt.Errorf("the line is longer than %s, the limit of a history line (MaxHistoryLineBytes): this is not a daily history", byteSize(l.maxLine))}
	}
	if l.err != nil {
		return 0, l.err
	}
	return n, err
}

// byteSize formats a byte count in MiB when it is a whole number of them.
func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
