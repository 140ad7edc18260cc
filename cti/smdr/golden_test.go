package smdr

import (
	"bufio"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestParser_Golden parses every testdata/*.txt with an Auto parser and
// compares each line's rendering with testdata/*.golden (go test -update
// rewrites them; read the diff before committing).
func TestParser_Golden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			got := decodeFile(t, name)
			golden := strings.TrimSuffix(name, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("decode(%s) differs from %s:\n%s", name, golden, lineDiff(got, string(want)))
			}
		})
	}
}

// decodeFile renders each line of a file as describe does, one per line.
func decodeFile(t *testing.T, name string) string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p := newParser(t, Options{})
	var b strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l, _ := p.Parse(sc.Text())
		b.WriteString(describe(l))
		b.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// lineDiff lists the lines that differ.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  got  " + gl + "\n  want " + wl + "\n")
		}
	}
	return b.String()
}
