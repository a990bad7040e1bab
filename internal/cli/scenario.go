package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/pivotrisk/pivotrisk/model"
)

// LoadScenario returns the scenario in the file at path (validated, with
// errors that give the file, line and field), or DefaultScenario if path
// is empty. The file may be a named pipe or a slow device (a shell's
// <(…)): it is read on another goroutine, so that a cancelled ctx (Ctrl-C)
// returns ctx.Err() at once even while the file has no data, and at most
// model.MaxScenarioBytes are read.
func LoadScenario(ctx context.Context, path string) (model.Scenario, error) {
	if path == "" {
		return model.DefaultScenario(), nil
	}
	sc, err := Do(ctx, "scenario", func() (model.Scenario, error) { return model.LoadScenarioFile(path) })
	if err == nil || ctx.Err() != nil {
		return sc, err
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = fmt.Errorf("scenario file: %w", pe)
	}
	if q := escapeBreaks(path); q != path {
		// A name with a line break would split the message's lines.
		return model.Scenario{}, errors.New(strings.ReplaceAll(err.Error(), path, q))
	}
	return model.Scenario{}, err
}

// FailLoad reports an error of LoadScenario: an interruption as Fail does,
// anything else (a missing or invalid file) as a usage error.
func (c *Cmd) FailLoad(ctx context.Context, err error) int {
	if ctx.Err() != nil {
		return c.Fail(ctx, err)
	}
	return c.Failf(ExitUsage, "%v", err)
}
