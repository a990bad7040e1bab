// Command asmgen writes the AVX2 assembly kernels of package vmath with
// avo (github.com/mmcloughlin/avo): avx2_amd64.s, the Go declarations
// avx2_stubs_amd64.go, and avx2_consts_amd64.go, the table of the
// kernels' constants written as the Go names of the portable kernels'
// constants, so every value has one source. Run by go generate in
// internal/vmath (gen_avx2.sh); its own module keeps avo out of the
// library's module graph.
//
// Every kernel performs the portable kernel's operations (exp.go, log.go,
// expm1.go, normcdf.go, estrin.go) in the same order with the same
// roundings, lane by lane, as the simd/archsimd kernels
// (simd_*_amd64.go) do.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/pass"
	"github.com/mmcloughlin/avo/printer"
)

// buildTag is the constraint of the generated files: amd64 without the
// purego tag. The default build runs both the slice and the scalar
// kernels; with GOEXPERIMENT=simd the slice forms run the simd/archsimd
// kernels and the scalar forms these 1-lane ones.
const buildTag = "amd64 && !purego"

// buildTagPlus is buildTag in the form avo takes.
const buildTagPlus = "amd64,!purego"

// generatedBy names the generator in the files' first line.
const generatedBy = "internal/vmath/asmgen (go generate ./internal/vmath)"

func main() {
	dir := flag.String("dir", ".", "directory to write the three files into")
	flag.Parse()
	if err := run(*dir); err != nil {
		log.Fatal(err)
	}
}

// run builds every kernel and writes the files into dir.
func run(dir string) error {
	ctx := build.NewContext()
	ctx.ConstraintExpr(buildTagPlus)
	k := &kernels{ctx: ctx, consts: newConstTable()}
	k.all()
	asm, err := os.Create(filepath.Join(dir, "avx2_amd64.s"))
	if err != nil {
		return err
	}
	stubs, err := os.Create(filepath.Join(dir, "avx2_stubs_amd64.go"))
	if err != nil {
		return err
	}
	pc := printer.Config{Name: generatedBy, Pkg: "vmath"}
	cfg := &build.Config{
		ErrOut:    os.Stderr,
		MaxErrors: 10,
		Passes: []pass.Interface{pass.Compile,
			&pass.Output{Writer: asm, Printer: printer.NewGoAsm(pc)},
			&pass.Output{Writer: stubs, Printer: printer.NewStubs(pc)}},
	}
	if build.Main(cfg, ctx) != 0 {
		return fmt.Errorf("avo failed")
	}
	src, err := k.consts.goFile()
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "avx2_consts_amd64.go"), src, 0o644)
}
