package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"linka/cases"
)

// errorFormats returns the literal formats passed to the error
// constructors in the Go files of dir, except those of not-found errors
// (translated by their code), with the place each is used.
func errorFormats(t *testing.T, dir string) map[string]string {
	t.Helper()
	argIndex := map[string]int{"Errorf": 1, "Invalid": 1, "FieldErrorf": 2, "badRequest": 1, "forbidden": 0}
	out := map[string]string{}
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, f := range p.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				c, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				name := ""
				switch fn := c.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					if x, ok := fn.X.(*ast.Ident); ok && x.Name == "cases" {
						name = fn.Sel.Name
					}
				}
				i, ok := argIndex[name]
				if !ok || len(c.Args) <= i {
					return true
				}
				if name == "Errorf" && strings.HasSuffix(exprString(c.Args[0]), "ENotFound") {
					return true
				}
				if lit, ok := c.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					out[s] = fset.Position(lit.Pos()).String()
				}
				return true
			})
		}
	}
	return out
}

func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	}
	return ""
}

var verbRE = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

func TestErrorCatalogCS_CoversEveryFormat(t *testing.T) {
	cat := errorCatalogCS()
	formats := errorFormats(t, "../cases")
	for k, v := range errorFormats(t, ".") {
		formats[k] = v
	}
	if len(formats) < 50 {
		t.Fatalf("found only %d error formats; the scan is broken", len(formats))
	}
	for format, where := range formats {
		cs, ok := cat[format]
		if !ok {
			t.Errorf("%s: error format %q has no Czech translation in errorCatalogCS", where, format)
			continue
		}
		if got, want := verbRE.FindAllString(cs, -1), verbRE.FindAllString(format, -1); !slices.Equal(got, want) {
			t.Errorf("Czech %q has verbs %q, want %q as in %q", cs, got, want, format)
		}
	}
}

func TestLocalize(t *testing.T) {
	err := cases.Invalid("subject", "the subject is longer than %d characters", 300)
	page := httptest.NewRequest("GET", "/cases/1", nil)
	if got, want := localize(page, err), "předmět je delší než 300 znaků"; got != want {
		t.Errorf("localize(page) = %q, want %q", got, want)
	}
	api := httptest.NewRequest("GET", "/api/v1/cases", nil)
	if got, want := localize(api, err), "the subject is longer than 300 characters"; got != want {
		t.Errorf("localize(api) = %q, want %q", got, want)
	}
	api.Header.Set("Accept-Language", "cs-CZ,cs;q=0.9")
	if got, want := localize(api, err), "předmět je delší než 300 znaků"; got != want {
		t.Errorf("localize(api, Accept-Language cs) = %q, want %q", got, want)
	}
	nf := cases.Errorf(cases.ENotFound, "%s %v not found", "case", "8620")
	if got, want := localize(page, nf), "Záznam nebyl nalezen."; got != want {
		t.Errorf("localize(not found) = %q, want %q", got, want)
	}
}
