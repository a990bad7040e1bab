#!/bin/sh
# Generates the AVX2 assembly kernels of the default amd64 build
# (avx2_amd64.s, avx2_stubs_amd64.go, avx2_consts_amd64.go) with avo, from
# the generator in asmgen/ (its own module, so avo stays out of the
# library's module graph). Run by go generate.
set -eu
cd "$(dirname "$0")/asmgen"
go run . -dir ..
