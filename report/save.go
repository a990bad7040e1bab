package report

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/pivotrisk/pivotrisk/sim"
)

// SavePictures draws the standard pictures of res (ResultPictures) and
// writes them into dir as 1200 × 800 PNGs, as one FileSet: dir is created
// if missing, and the pictures replace the previous ones all together or,
// after an error or the cancellation of ctx, not at all (the previous files
// stay, a directory created for them is removed). It returns the paths
// written, in the order of PictureFiles. Every target is checked before
// anything is drawn. A cancelled ctx returns ctx.Err() at once, even in
// the middle of a drawing.
func SavePictures(ctx context.Context, dir string, res *sim.Result) ([]string, error) {
	if res == nil || len(res.Strategies) == 0 {
		return nil, errors.New("report: SavePictures: the result has no strategy")
	}
	var set FileSet
	defer set.Abort()
	set.Dir(dir)
	pics := ResultPictures(res)
	if err := checkPictures(&set, dir, pics); err != nil {
		return nil, err
	}
	if err := set.WritePictures(ctx, dir, pics); err != nil {
		return nil, err
	}
	paths := set.Paths()
	if err := set.Commit(ctx); err != nil {
		return nil, err
	}
	return paths, nil
}

// checkPictures checks, before anything is drawn, that the pictures can be
// written into dir (FileSet.Check) and that no two share a file name (two
// strategies whose names have the same Slug).
func checkPictures(set *FileSet, dir string, pics []Picture) error {
	paths := make([]string, len(pics))
	seen := make(map[string]bool, len(pics))
	for i, pic := range pics {
		if seen[pic.File] {
			return fmt.Errorf("report: two pictures would be written to %s: give the strategies names that differ in their letters or digits", pic.File)
		}
		seen[pic.File] = true
		paths[i] = filepath.Join(dir, pic.File)
	}
	return set.Check(paths...)
}
