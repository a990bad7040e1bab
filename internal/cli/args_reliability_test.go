package cli

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// A line break in a flag name or a scenario file name is echoed escaped, so
// the error stays on one line (FuzzArgs found "-\n" printing two).
func TestLineBreaksInArgumentsStayOnOneLine(t *testing.T) {
	var errb bytes.Buffer
	c := New("prog", "[flags]", "about", io.Discard, &errb)
	var s Sim
	c.AddSimFlags(&s, 1000)
	if code, ok := c.Parse([]string{"-\n"}); ok || code != ExitUsage {
		t.Fatalf("Parse: %d, %v", code, ok)
	}
	if got := errb.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, `-\n`) {
		t.Errorf("stderr %q, want one line with the escaped name", got)
	}
	_, err := LoadScenario(context.Background(), filepath.Join(t.TempDir(), "a\nb.json"))
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), `a\nb.json`) {
		t.Errorf("LoadScenario: %q, want one line naming the file escaped", err)
	}
}
