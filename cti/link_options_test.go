package cti

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func TestNewLink_Options(t *testing.T) {
	reg := prometheus.NewRegistry()
	if _, err := NewLink(LinkOptions{Address: "pbx.example", Registry: reg}); err != nil {
		t.Fatalf("NewLink: %v", err)
	}
	tests := []struct {
		name string
		opts LinkOptions
		want string
	}{
		{"no address", LinkOptions{}, "address: missing"},
		{"backoff max below base", LinkOptions{Address: "pbx", BackoffBase: time.Minute, BackoffMax: time.Second},
			"below backoff base"},
		{"negative timeout", LinkOptions{Address: "pbx", RequestTimeout: -1}, "must not be negative"},
		{"metrics registered twice", LinkOptions{Address: "pbx", Registry: reg}, "register metrics"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewLink(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewLink(%+v) = %v, want an error containing %q", tt.opts, err, tt.want)
			}
		})
	}
}

func TestNewLink_DefaultPort(t *testing.T) {
	for addr, want := range map[string]string{
		"pbx.example": "pbx.example:33333", "10.0.0.5:4000": "10.0.0.5:4000", "::1": "[::1]:33333",
	} {
		l, err := NewLink(LinkOptions{Address: addr})
		if err != nil {
			t.Fatal(err)
		}
		if st := l.Status(); st.Address != want || st.State != LinkStopped {
			t.Errorf("NewLink(%q).Status() = %+v, want address %s, stopped", addr, st, want)
		}
	}
}

func TestBackoff_Bounds(t *testing.T) {
	base, limit := 100*time.Millisecond, 3*time.Second
	for attempt := range 12 {
		want := min(base<<attempt, limit)
		for range 50 {
			if d := backoff(base, limit, attempt); d < want/2 || d > want {
				t.Fatalf("backoff(%v, %v, %d) = %v, want within [%v, %v]", base, limit, attempt, d, want/2, want)
			}
		}
	}
}

func TestEvent_JSON(t *testing.T) {
	at := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	e := Event{Type: TypeCallRinging, Seq: 42, At: at, Data: CallEvent{Extension: "101", UserID: 7,
		Call: CallInfo{ID: "01jx", State: CallRinging, Direction: DirectionIncoming, StartedAt: at, Since: at,
			Caller: citizen, Called: ddi, Parties: []Party{{Extension: "101", Kind: KindExtension, State: ConnAlerting}},
			Path: []PathStep{{At: at, Action: StepRang, Device: "101"}}}}}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"call.ringing","seq":42,"at":"2025-03-03T09:00:00Z","data":{"extension":"101","user_id":7,` +
		`"call":{"id":"01jx","state":"ringing","direction":"incoming","started_at":"2025-03-03T09:00:00Z",` +
		`"since":"2025-03-03T09:00:00Z","caller":"602123456","called":"544503100",` +
		`"extensions":[{"extension":"101","kind":"extension","state":"alerting"}],` +
		`"path":[{"at":"2025-03-03T09:00:00Z","action":"rang","device":"101"}]}}}`
	if string(b) != want {
		t.Errorf("json.Marshal(event) =\n%s\nwant\n%s", b, want)
	}
}
