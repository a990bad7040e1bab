package strictjson

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// suggest returns ` (did you mean "x"?)` for the known name closest to an
// unknown key (the same name in another case, or within one edit of a key
// of three to five characters, two of a longer one), or the list of known
// names.
func suggest(key string, names []string) string {
	// Allow one edit in a short name, two in a longer one.
	limit := 1
	switch n := utf8.RuneCountInString(key); {
	case n <= 2:
		limit = 0
	case n >= 6:
		limit = 2
	}
	best, bestD := "", limit+1
	for _, n := range names {
		if strings.EqualFold(n, key) {
			return fmt.Sprintf(" (did you mean %q? names are case-sensitive)", n)
		}
		if d := editDistance(strings.ToLower(key), strings.ToLower(n), bestD); d < bestD {
			best, bestD = n, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return " (known fields: " + strings.Join(names, ", ") + ")"
}

// editDistance returns the optimal-string-alignment distance of a and b
// (Levenshtein's insertions, deletions and substitutions, plus swaps of
// adjacent characters; F. J. Damerau, Commun. ACM 7(3), 1964), or limit if
// it is limit or more.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit)
}
