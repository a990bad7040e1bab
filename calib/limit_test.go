package calib

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// endless is an input that never ends: pattern over and over. It counts
// the bytes it hands out.
type endless struct {
	pattern string
	i       int
	read    int64
}

func (e *endless) Read(p []byte) (int, error) {
	for k := range p {
		p[k] = e.pattern[e.i]
		e.i = (e.i + 1) % len(e.pattern)
	}
	e.read += int64(len(p))
	return len(p), nil
}

// TestReadHistoryLimits: an input that goes on and on, in one endless line
// or in endless lines, stops at the limit with an error that names it, and
// is not read much further.
func TestReadHistoryLimits(t *testing.T) {
	const maxBytes, maxLine = 1 << 16, 1 << 10
	tests := []struct {
		name   string
		header string
		body   string
		want   string
	}{
		{"NUL bytes", "", "\x00", "line 1: the line is longer than 1024 bytes, the limit of a history line (MaxHistoryLineBytes)"},
		{"one endless line", "date,price\n", "x", "line 2: the line is longer than 1024 bytes"},
		{"endless lines", "date,price\n", "a,b,c\n", "the input goes on beyond 65536 bytes, the limit of a history (MaxHistoryBytes)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := &endless{pattern: tc.body}
			// The endless lines fail on their content unless the limit
			// comes first; read them as quoted fields spanning lines.
			r := io.MultiReader(strings.NewReader(tc.header), in)
			if tc.name == "endless lines" {
				r = io.MultiReader(strings.NewReader(tc.header+"2020-01-01,\""), in)
			}
			h, err := readHistoryLimited(r, maxBytes, maxLine)
			require.Error(t, err)
			assert.Nil(t, h)
			assert.Contains(t, err.Error(), tc.want)
			var pe *ParseError
			require.True(t, errors.As(err, &pe), "%T", err)
			assert.LessOrEqual(t, in.read, int64(maxBytes+1), "read on past the limit")
		})
	}
	// Exactly at the limit is fine.
	doc := "date,price\n2020-01-01,1\n2020-01-02,2\n"
	_, err := readHistoryLimited(strings.NewReader(doc), int64(len(doc)), maxLine)
	require.NoError(t, err)
	_, err = readHistoryLimited(strings.NewReader(doc+"\n"), int64(len(doc)), maxLine)
	require.ErrorContains(t, err, "goes on beyond")
}

// TestReadHistoryFileDevice: reading a device that never ends (the
// -history /dev/zero of the calibrate program) stops at once, naming the
// file and the limit.
func TestReadHistoryFileDevice(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, err := ReadHistoryFile("/dev/zero")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/dev/zero: calib: line 1: the line is longer than 1 MiB, the limit of a history line (MaxHistoryLineBytes)")
}
