package report

import (
	"testing"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"hybrid 50% colocation":               "hybrid-50-colocation",
		"full AI GPU cloud, unrated neocloud": "full-ai-gpu-cloud-unrated-neocloud",
		"  pure mining  ":                     "pure-mining",
		"mine, convert 50% if GPU rent > 2.5": "mine-convert-50-if-gpu-rent-2-5",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}
