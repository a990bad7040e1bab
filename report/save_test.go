package report

import (
	"context"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/sim"
)

// bandedRun is a run of the default scenario over two years on 400 paths,
// with the bands the fan charts draw.
func bandedRun(t *testing.T) *sim.Result {
	t.Helper()
	sc := model.DefaultScenario()
	sc.Finance.HorizonYears = 2
	res, err := sim.Run(context.Background(), &sc, sim.Config{Paths: 400, Seed: 3, Antithetic: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// SavePictures creates the directory and writes the standard pictures,
// each a 1200 × 800 PNG, returning their paths in PictureFiles order; a
// cancelled context leaves the previous pictures and nothing else; a
// target that is a directory is found before anything is drawn.
func TestSavePictures(t *testing.T) {
	res := bandedRun(t)
	dir := filepath.Join(t.TempDir(), "out", "pics")
	paths, err := SavePictures(context.Background(), dir, res)
	if err != nil {
		t.Fatal(err)
	}
	files := PictureFiles(res.StrategyNames())
	if len(paths) != len(files) || len(files) != 5+len(res.Strategies) {
		t.Fatalf("wrote %q, want %d files", paths, len(files))
	}
	for i, p := range paths {
		if p != filepath.Join(dir, files[i]) {
			t.Errorf("path %d is %s, want %s", i, p, filepath.Join(dir, files[i]))
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != 1200 || cfg.Height != 800 {
			t.Errorf("%s: %d × %d (%v), want a 1200 × 800 PNG", p, cfg.Width, cfg.Height, err)
		}
	}
	if got := entries(t, dir); len(got) != len(files) {
		t.Errorf("directory holds %q", got)
	}

	before := snapshotDir(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := SavePictures(ctx, dir, res); err == nil {
		t.Error("a cancelled SavePictures succeeded")
	}
	if now := snapshotDir(t, dir); !maps.Equal(now, before) {
		t.Error("a cancelled SavePictures changed the pictures")
	}

	clash := filepath.Join(t.TempDir(), "pics")
	if err := os.MkdirAll(filepath.Join(clash, "npv-cdf.png"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = SavePictures(context.Background(), clash, res)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(clash, "npv-cdf.png")+": not a regular file") {
		t.Errorf("error %v, want one naming the directory in the way", err)
	}
	if got := entries(t, clash); !slices.Equal(got, []string{"npv-cdf.png"}) {
		t.Errorf("a refused SavePictures left %q", got)
	}
}

// Two strategies whose names differ only in punctuation would share a
// picture file: SavePictures says so before drawing, and writes nothing.
func TestSavePicturesRefusesClashingNames(t *testing.T) {
	res := *smallRun(t)
	res.Strategies = slices.Clone(res.Strategies)
	res.Strategies[1].Name = res.Strategies[0].Name + "!"
	dir := filepath.Join(t.TempDir(), "pics")
	_, err := SavePictures(context.Background(), dir, &res)
	if err == nil || !strings.Contains(err.Error(), "two pictures would be written to fan-cash-pure-mining.png") {
		t.Errorf("error %v, want one naming the shared file", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the directory was created (%v)", err)
	}
}

// snapshotDir returns the contents of the files in dir by name.
func snapshotDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := make(map[string]string)
	for _, n := range entries(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		out[n] = string(b)
	}
	return out
}
