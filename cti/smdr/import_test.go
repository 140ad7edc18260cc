package smdr

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

func TestImport_CountsAndKeepsEveryLine(t *testing.T) {
	manual, err := os.ReadFile(filepath.Join("testdata", "pattern-a-manual.txt"))
	if err != nil {
		t.Fatal(err)
	}
	in := string(manual) + "garbage that is no SMDR\r\n   \r\n" + strings.ReplaceAll(string(manual), "\n", "\r")
	var got []Line
	st, err := Import(strings.NewReader(in), newParser(t, Options{}), func(l Line) error {
		got = append(got, l)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{Lines: 22, Records: 14, Statuses: 2, Headers: 2, Separators: 2, Blank: 1, Invalid: 1}
	if st != want {
		t.Errorf("Import stats = %+v, want %+v", st, want)
	}
	if len(got) != want.Lines {
		t.Fatalf("Import called fn %d times, want %d", len(got), want.Lines)
	}
	bad := got[10]
	if bad.Kind != KindInvalid || bad.Raw != "garbage that is no SMDR" || bad.Err == nil {
		t.Errorf("line 11 = %s (raw %q), want the garbage line kept raw with its error", describe(bad), bad.Raw)
	}
}

func TestImport_Errors(t *testing.T) {
	p := newParser(t, Options{})
	stop := errors.New("store is full")
	st, err := Import(strings.NewReader(headerA+"\r\n"+Separator(PatternA)+"\r\n"), p, func(l Line) error {
		if l.Kind == KindSeparator {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || st.Lines != 2 || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("Import with fn failing at line 2 = %+v, %v; want 2 lines and the error", st, err)
	}
	boom := errors.New("disk error")
	st, err = Import(iotest.ErrReader(boom), p, func(Line) error { return nil })
	if !errors.Is(err, boom) || st.Lines != 0 {
		t.Errorf("Import of a failing reader = %+v, %v; want the read error", st, err)
	}
}
