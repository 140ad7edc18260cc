package report

import (
	"strings"
	"testing"
	"time"

	"linka/cti"
	"linka/internal/workdays"
)

func prague(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, workdays.Prague())
}

func TestCron_Next(t *testing.T) {
	tests := []struct {
		spec  string
		after time.Time
		want  time.Time
	}{
		{"0 6 * * *", prague(2026, 4, 2, 9, 50), prague(2026, 4, 3, 6, 0)},
		{"0 6 * * *", prague(2026, 4, 2, 5, 59), prague(2026, 4, 2, 6, 0)},
		{"0 6 * * 1-5", prague(2026, 4, 3, 7, 0), prague(2026, 4, 6, 6, 0)}, // Friday → Monday
		{"0 7 1 * *", prague(2026, 1, 31, 12, 0), prague(2026, 2, 1, 7, 0)},
		{"*/15 8-9 * * *", prague(2026, 4, 2, 8, 14), prague(2026, 4, 2, 8, 15)},
		{"*/15 8-9 * * *", prague(2026, 4, 2, 9, 45), prague(2026, 4, 3, 8, 0)},
		{"0 0 29 2 *", prague(2026, 3, 1, 0, 0), prague(2028, 2, 29, 0, 0)},
		{"30 2 * * *", prague(2026, 3, 28, 12, 0), prague(2026, 3, 30, 2, 30)}, // 2:30 does not exist on 29 March
		{"0 7 * * 0", prague(2026, 4, 2, 0, 0), prague(2026, 4, 5, 7, 0)},
		{"0 7 * * 7", prague(2026, 4, 2, 0, 0), prague(2026, 4, 5, 7, 0)},
		{"0 7 1 * 1", prague(2026, 4, 2, 0, 0), prague(2026, 4, 6, 7, 0)}, // day or weekday, as cron
	}
	for _, tt := range tests {
		c, err := ParseCron(tt.spec)
		if err != nil {
			t.Fatalf("ParseCron(%q) = %v", tt.spec, err)
		}
		if got := c.Next(tt.after); !got.Equal(tt.want) {
			t.Errorf("Next(%q, %v) = %v, want %v", tt.spec, tt.after, got.In(workdays.Prague()), tt.want)
		}
	}
}

func TestParseCron_Invalid(t *testing.T) {
	for spec, want := range map[string]string{
		"":              "five fields",
		"0 6 * *":       "five fields",
		"60 6 * * *":    "minute",
		"0 24 * * *":    "hour",
		"0 6 0 * *":     "day of month",
		"0 6 * 13 *":    "month",
		"0 6 * * 8":     "day of week",
		"0 6 * * mon":   "day of week",
		"*/0 6 * * *":   "minute",
		"5-1 6 * * *":   "minute",
		"0 6 * * 1-5 x": "five fields",
	} {
		if _, err := ParseCron(spec); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseCron(%q) = %v, want an error about %s", spec, err, want)
		}
	}
}

func TestBarChart_EscapesAndDescribes(t *testing.T) {
	svg := BarChart("c1", "Hovory <dnes>", []string{"A&B", "C"}, []Series{{Name: "Přijato", Values: []float64{3, 7}}})
	for _, want := range []string{`<title id="c1-t">Hovory &lt;dnes&gt;</title>`, "A&amp;B: Přijato 3; C: Přijato 7",
		`aria-labelledby="c1-t c1-d"`, `class="series-0"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q:\n%s", want, svg)
		}
	}
	if strings.Contains(svg, "<script") || strings.Contains(svg, "style=") {
		t.Error("chart has script or inline style (CSP)")
	}
}

func TestCSV_BOMAndSemicolons(t *testing.T) {
	got := string(CSV([][]string{{"Odbor", "Počet"}, {"Doprava; a \"b\"", "2"}}))
	want := "\ufeffOdbor;Počet\r\n\"Doprava; a \"\"b\"\"\";2\r\n"
	if got != want {
		t.Errorf("CSV = %q, want %q", got, want)
	}
}

func TestDecodeGateway(t *testing.T) {
	at := time.Date(2026, 4, 2, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		typ  string
		data any
		want GatewayEvent
		ok   bool
	}{
		{"ivr.abandoned", map[string]any{"call_id": "c1", "caller": "+420601000001", "sip_call_id": "s1", "node": "menu"},
			GatewayEvent{CallID: "c1", Caller: "+420601000001", SIPCallID: "s1", Node: "menu", Outcome: "abandoned", At: at}, true},
		{"ivr.entered", map[string]any{"caller": "+420601000001", "sip_call_id": "s2"},
			GatewayEvent{CallID: "sip:s2", Caller: "+420601000001", SIPCallID: "s2", Outcome: "entered", At: at}, true},
		{"ivr.notice_played", map[string]any{"call_id": "c1"}, GatewayEvent{}, false},
		{"ivr.chose", map[string]any{"caller": "x"}, GatewayEvent{}, false},
	} {
		got, ok := decodeGateway(cti.Event{Type: tc.typ, At: at, Data: tc.data})
		if ok != tc.ok || got != tc.want {
			t.Errorf("decodeGateway(%s) = %+v, %v; want %+v, %v", tc.typ, got, ok, tc.want, tc.ok)
		}
	}
}
