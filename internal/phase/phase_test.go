package phase

import (
	"context"
	"errors"
	"testing"
	"time"
)

// Do returns f's results when f finishes, and ctx's error at once when
// ctx is cancelled while f is still running; the hook sees the phase's
// name before f runs.
func TestDo(t *testing.T) {
	var seen []string
	ctx := WithHook(context.Background(), func(name string) { seen = append(seen, name) })
	v, err := Do(ctx, "sum", func() (int, error) { return 2 + 3, nil })
	if v != 5 || err != nil || len(seen) != 1 || seen[0] != "sum" {
		t.Fatalf("Do = %d, %v; hook saw %q", v, err, seen)
	}

	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	_, err = Do(ctx, "stuck", func() (int, error) { <-release; return 0, nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("Do returned %v after the cancellation", took)
	}
	if _, err := Do(ctx, "late", func() (int, error) { t.Error("ran after the cancellation"); return 0, nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}
