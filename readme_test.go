// Package pivotrisk_test keeps the README's Go snippet compiling: Example
// holds the body of the snippet's main function, and
// TestReadmeSnippetIsExample checks that README.md shows exactly that code.
package pivotrisk_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/pivotrisk/pivotrisk/model"
	"github.com/pivotrisk/pivotrisk/model/site"
	"github.com/pivotrisk/pivotrisk/sim"
)

// Example is the README's "use it from your own Go code" snippet: the
// default scenario plus a GPU-cloud hybrid built a year from now, 20,000
// antithetic paths, and each strategy's mean NPV, ES 95 % and probability
// of loss. It has no Output comment (its figures move as the model is
// calibrated), so go test compiles it without running it.
func Example() {
	sc := model.DefaultScenario() // or model.LoadScenarioFile("examples/scenarios/gpu-glut.json")
	sc.Strategies = append(sc.Strategies, model.Hybrid(0.25, 12, site.DefaultGPUCloud()))
	cfg := sim.Config{Paths: 20_000, Seed: 1, Antithetic: true}
	res, err := sim.Run(context.Background(), &sc, cfg)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range res.Strategies {
		fmt.Printf("%-24s mean %7.1f ± %.1f M$  ES95 %6.1f M$  P(loss) %4.1f%%\n",
			s.Name, s.Mean/1e6, s.Stderr/1e6, s.ES95/1e6, 100*s.ProbLoss)
	}
}

// codeLines returns the non-empty lines of code, trimmed.
func codeLines(code string) []string {
	var out []string
	for _, l := range strings.Split(code, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// TestReadmeSnippetIsExample checks that the body of main in the README's
// Go snippet is the body of Example, line for line, so the README's code is
// the code this package compiles.
func TestReadmeSnippetIsExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	snippet := regexp.MustCompile("(?s)```go\n(package main\n.*?)```").FindSubmatch(readme)
	if snippet == nil {
		t.Fatal("README.md has no ```go block starting with package main")
	}
	mainBody := regexp.MustCompile(`(?s)\nfunc main\(\) \{\n(.*?)\n\}\n`).FindSubmatch(snippet[1])
	exampleBody := regexp.MustCompile(`(?s)\nfunc Example\(\) \{\n(.*?)\n\}\n`).FindSubmatch(src)
	if mainBody == nil || exampleBody == nil {
		t.Fatalf("no main in the README snippet (%v) or no Example here (%v)", mainBody != nil, exampleBody != nil)
	}
	got, want := codeLines(string(mainBody[1])), codeLines(string(exampleBody[1]))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("README snippet's main:\n%s\n\nExample:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The snippet's imports are the ones the code needs.
	for _, imp := range []string{`"context"`, `"fmt"`, `"log"`, `"github.com/pivotrisk/pivotrisk/model"`, `"github.com/pivotrisk/pivotrisk/sim"`} {
		if !strings.Contains(string(snippet[1]), imp) {
			t.Errorf("the README snippet does not import %s", imp)
		}
	}
}
