package sim

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// statsFiles are the plain statistics of the package: functions over
// samples that know nothing of the engine, as the package doc says.
var statsFiles = []string{
	"stats.go", "risk.go", "summary.go", "compare.go", "measure.go",
	"cashflow.go", "irr.go", "sortstop.go", "selectrank.go", "replicates.go",
}

// TestStatisticsStandAlone checks that the statistics files use nothing
// of the engine: they import only the standard library, gonum and
// internal/valid, and every package-level name they use is declared in
// one of them (a name declared in another file of the package, such as
// Config, run or PathPricer, fails).
func TestStatisticsStandAlone(t *testing.T) {
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	declaredIn := map[string]string{} // package-level name → file
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = f
		for _, obj := range f.Scope.Objects {
			declaredIn[obj.Name] = name
		}
	}
	for _, name := range statsFiles {
		f := files[name]
		if f == nil {
			t.Errorf("%s: no such file (update statsFiles and the package doc)", name)
			continue
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(path, "/")
			if strings.Contains(first, ".") && !strings.HasPrefix(path, "gonum.org/") && path != modulePath+"/internal/valid" {
				t.Errorf("%s imports %s", name, path)
			}
		}
		for _, used := range freeNames(f) {
			if in, ok := declaredIn[used.Name]; ok && !slices.Contains(statsFiles, in) {
				t.Errorf("%s: %s uses %s, declared in %s (not a statistics file)", name, fset.Position(used.Pos()), used.Name, in)
			}
		}
	}
	if _, err := os.Stat("doc.go"); err == nil {
		doc, _ := os.ReadFile("doc.go")
		for _, name := range statsFiles {
			if !strings.Contains(string(doc), name) {
				t.Errorf("doc.go does not list %s among the statistics files", name)
			}
		}
	}
}

// freeNames returns the identifiers of f that the parser left unresolved
// (package-level names of other files, and the universe's), leaving out
// selectors, composite-literal keys and method names, which are not
// package-level references.
func freeNames(f *ast.File) []*ast.Ident {
	skip := map[*ast.Ident]bool{}
	var out []*ast.Ident
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			skip[n.Sel] = true
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				skip[id] = true
			}
		case *ast.FuncDecl:
			skip[n.Name] = true
		case *ast.Ident:
			if n.Obj == nil && !skip[n] && n.Name != "_" {
				out = append(out, n)
			}
		}
		return true
	})
	return out
}
