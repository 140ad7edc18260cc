package smdr

import (
	"encoding/json"
	"testing"
)

func TestOptions_Validate(t *testing.T) {
	overlap := DefaultColumns(PatternB)
	overlap.Duration = Span{40, 48}
	narrowDate := DefaultColumns(PatternB)
	narrowDate.Date = Span{0, 6}
	noDial := DefaultColumns(PatternB)
	noDial.Dial = Span{}
	tooWide := DefaultColumns(PatternB)
	tooWide.Condition = Span{MaxLineLength - 1, MaxLineLength + 2}
	narrowRing := DefaultColumns(PatternB)
	narrowRing.Ring = Span{46, 47}
	withRing := DefaultColumns(PatternA)
	tests := []struct {
		name string
		opts Options
		ok   bool
	}{
		{"zero value", Options{}, true},
		{"every layout and order", Options{Layout: PatternC, DateOrder: MDY, YearPivot: 100}, true},
		{"pattern A columns as B", Options{PatternB: withRing}, true},
		{"unknown layout", Options{Layout: PatternC + 1}, false},
		{"unknown date order", Options{DateOrder: MDY + 1}, false},
		{"negative pivot", Options{YearPivot: -1}, false},
		{"pivot above 100", Options{YearPivot: 101}, false},
		{"overlapping columns", Options{PatternB: overlap}, false},
		{"narrow date", Options{PatternB: narrowDate}, false},
		{"no dial number", Options{PatternB: noDial}, false},
		{"beyond the longest line", Options{PatternB: tooWide}, false},
		{"ring too narrow", Options{PatternB: narrowRing}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			if (err == nil) != tt.ok {
				t.Errorf("Options%+v.Validate() = %v, want ok %v", tt.opts, err, tt.ok)
			}
			if _, nerr := NewParser(tt.opts); (nerr == nil) != tt.ok {
				t.Errorf("NewParser(%+v) error = %v, want ok %v", tt.opts, nerr, tt.ok)
			}
		})
	}
}

func TestParseLayout(t *testing.T) {
	tests := []struct {
		in   string
		want Layout
		ok   bool
	}{
		{"", Auto, true},
		{"auto", Auto, true},
		{"A", PatternA, true},
		{"b", PatternB, true},
		{"Pattern C", PatternC, true},
		{"pattern-a", PatternA, true},
		{"D", Auto, false},
		{"pattern", Auto, false},
	}
	for _, tt := range tests {
		got, err := ParseLayout(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseLayout(%q) = %s, %v; want %s, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	for _, l := range []Layout{Auto, PatternA, PatternB, PatternC} {
		if got, err := ParseLayout(l.String()); got != l || err != nil {
			t.Errorf("ParseLayout(%q) = %s, %v; want %s", l.String(), got, err, l)
		}
	}
}

func TestNames_JSON(t *testing.T) {
	b, err := json.Marshal(struct {
		L Layout
		D Direction
	}{PatternB, Intercom})
	if want := `{"L":"B","D":"intercom"}`; err != nil || string(b) != want {
		t.Errorf("json.Marshal = %s, %v; want %s", b, err, want)
	}
	for k, want := range map[Kind]string{KindInvalid: "invalid", KindRecord: "record", KindBlank: "blank", Kind(99): "kind(99)"} {
		if k.String() != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, k.String(), want)
		}
	}
	for k, want := range map[ExtensionKind]string{Station: "station", Doorphone: "doorphone", TIE: "tie", Verified: "verified"} {
		if k.String() != want {
			t.Errorf("ExtensionKind(%d).String() = %q, want %q", k, k.String(), want)
		}
	}
	if got := (Record{Extension: "*123", ExtensionKind: Verified}).ExtensionNumber(); got != "123" {
		t.Errorf("ExtensionNumber of *123 = %q, want 123", got)
	}
}
