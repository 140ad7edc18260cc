package web

import (
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"linka/cases"
)

func TestCatalogs_SameKeys(t *testing.T) {
	cats := catalogs()
	cs, en := cats["cs"], cats["en"]
	for _, pair := range []struct {
		name     string
		from, to map[string]string
	}{{"en", cs, en}, {"cs", en, cs}} {
		t.Run(pair.name, func(t *testing.T) {
			for k := range pair.from {
				if _, ok := pair.to[k]; !ok {
					t.Errorf("catalogue %s lacks %q", pair.name, k)
				}
			}
		})
	}
	for lang, cat := range cats {
		for k, v := range cat {
			if strings.TrimSpace(v) == "" {
				t.Errorf("catalogue %s: %q is empty", lang, k)
			}
		}
	}
}

// usedKeys returns every message key the templates and the Go code name
// literally.
func usedKeys(t *testing.T) []string {
	t.Helper()
	tmplKey := regexp.MustCompile(`\.T "([^"]+)"`)
	goKey := regexp.MustCompile(`\.T\("([a-z_]+\.[a-z_.]+|[a-z_]+)"\)|newBase\(r, "([a-z_.]+)"|msgs\["([a-z_.]+)"\]`)
	var keys []string
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, p)
		for _, m := range tmplKey.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goKey.FindAllStringSubmatch(string(b), -1) {
			for _, k := range m[1:] {
				if k != "" {
					keys = append(keys, k)
				}
			}
		}
	}
	return keys
}

func TestCatalogs_CoverEveryKey(t *testing.T) {
	keys := usedKeys(t)
	if len(keys) < 50 {
		t.Fatalf("found only %d keys; the scan is broken", len(keys))
	}
	for _, s := range cases.States {
		keys = append(keys, "state."+string(s))
	}
	for _, s := range cases.Sources {
		keys = append(keys, "source."+string(s))
	}
	for _, s := range cases.CaseSorts {
		keys = append(keys, "sort."+s)
	}
	keys = append(keys, "priority.normal", "priority.high", "kind.person", "kind.organisation")
	// The fields the service writes to the history.
	for _, f := range []string{"source", "received_at", "due_date", "submitter", "subject", "description",
		"department", "case_type", "state", "outcome", "priority", "assigned_to", "handled_by",
		"response_sent", "response", "keep_informed", "language", "restricted", "hidden_from",
		"activity", "activity_done", "attachment"} {
		keys = append(keys, "field."+f)
	}
	for lang, cat := range catalogs() {
		for _, k := range keys {
			if _, ok := cat[k]; !ok {
				t.Errorf("catalogue %s lacks %q", lang, k)
			}
		}
	}
}

func TestCatalogs_FormLabels(t *testing.T) {
	for lang, cat := range catalogs() {
		t.Run(lang, func(t *testing.T) {
			p := basePage{msgs: cat}
			l := &lookups{}
			person, details := contactFields(p, url.Values{})
			forms := [][]formField{caseFields(p, l, url.Values{}, true), activityFields(p, l, url.Values{}), person, details}
			for _, fields := range forms {
				for _, f := range fields {
					if strings.HasPrefix(f.Label, "[") {
						t.Errorf("field %s has no label: %s", f.Name, f.Label)
					}
					for _, o := range f.Options {
						if strings.HasPrefix(o.Label, "[") {
							t.Errorf("option %s of %s has no label", o.Value, f.Name)
						}
					}
				}
			}
			if !slices.ContainsFunc(forms[0], func(f formField) bool { return f.Name == "subject" && f.Required }) {
				t.Error("the case form has no required subject")
			}
		})
	}
}

func TestCatalogs_AreaKeysDistinct(t *testing.T) {
	seen := map[string]int{}
	base := catalogCS()
	for i, part := range areaMessages() {
		cs, en := part()
		if len(cs) != len(en) {
			t.Errorf("area catalogue %d: %d Czech and %d English messages", i, len(cs), len(en))
		}
		for k := range cs {
			if _, ok := base[k]; ok {
				t.Errorf("area catalogue %d redefines %q of the main catalogue", i, k)
			}
			if j, ok := seen[k]; ok {
				t.Errorf("area catalogues %d and %d both define %q", j, i, k)
			}
			seen[k] = i
		}
	}
}
