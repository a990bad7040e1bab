package plots

import (
	"fmt"
	"strings"
	"unicode"
)

// maxLabelRunes is the longest strategy name a picture writes whole in a
// legend or title; a longer one is abbreviated and spelled out in a key
// (labelKey).
const maxLabelRunes = 48

// keyLineRunes is the longest line of a key entry; longer names wrap.
const keyLineRunes = 110

// strategyLabels returns the names as a picture writes them: a name of at
// most maxLabelRunes runes as it is, a longer one cut at a word boundary
// near maxLabelRunes−6 runes, followed by "…" and its number in the run,
// "[3]"; and the key that spells the abbreviated names out, one entry per
// line ("[3] full name", wrapped at keyLineRunes runes), empty when no
// name was cut. Control characters are written as spaces.
func strategyLabels(names []string) (labels, key []string) {
	labels = make([]string, len(names))
	for j, n := range names {
		n = printable(n)
		r := []rune(n)
		if len(r) <= maxLabelRunes {
			labels[j] = n
			continue
		}
		cut := maxLabelRunes - 6
		if sp := strings.LastIndexFunc(string(r[:cut]), unicode.IsSpace); sp > 0 && len([]rune(string(r[:cut])[:sp])) > cut/2 {
			cut = len([]rune(string(r[:cut])[:sp]))
		}
		tag := fmt.Sprintf("[%d]", j+1)
		labels[j] = strings.TrimRightFunc(string(r[:cut]), unicode.IsSpace) + "\u2026 " + tag
		key = append(key, wrapRunes(tag+" "+n, keyLineRunes)...)
	}
	return labels, key
}

// printable returns s with every control character (line breaks, tabs,
// …) replaced by a space, so that a name stays on one line of a picture.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// wrapRunes splits s into lines of at most n runes (n ≥ 1), at spaces
// where it can, else mid-word; continuation lines are indented by two
// spaces.
func wrapRunes(s string, n int) []string {
	var lines []string
	r := []rune(s)
	for len(r) > n {
		cut := n
		for i := n; i > n/2; i-- {
			if unicode.IsSpace(r[i]) {
				cut = i
				break
			}
		}
		lines = append(lines, strings.TrimRightFunc(string(r[:cut]), unicode.IsSpace))
		r = append([]rune("  "), []rune(strings.TrimLeftFunc(string(r[cut:]), unicode.IsSpace))...)
	}
	return append(lines, string(r))
}

// shortTitle returns a title naming a strategy: the name abbreviated as
// strategyLabels does if it is long, with the full name wrapped on the
// lines below when it was cut.
func shortTitle(format, name string) string {
	labels, key := strategyLabels([]string{name})
	if len(key) == 0 {
		return fmt.Sprintf(format, labels[0])
	}
	full := wrapRunes(printable(name), keyLineRunes)
	return fmt.Sprintf(format, strings.TrimSuffix(labels[0], " [1]")) + "\n" + strings.Join(full, "\n")
}
