module github.com/pivotrisk/pivotrisk

go 1.24
