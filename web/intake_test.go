package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
)

// TestIntake_Status shows the intake sources' state to administrators and
// supervisors, in the API and on the page, and to nobody else.
func TestIntake_Status(t *testing.T) {
	e := newEnv(t)
	for _, l := range []string{"admin", "supervisor", "clerk"} {
		e.user(l)
	}
	at := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	srv, err := New(Options{Service: e.svc, Registry: prometheus.NewRegistry(), Intake: func() []cases.IntakeStatus {
		return []cases.IntakeStatus{
			{Name: "podatelna", Kind: "imap", Target: "podatelna@imap.mesto.cz:993/INBOX (tls)", Connected: true, Idle: true,
				LastPoll: at, Cases: 12, Replies: 3, Skipped: 2},
			{Name: "sken", Kind: "folder", Target: "/srv/sken", LastError: "read folder: permission denied", LastErrAt: at, Failed: 1},
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	var out struct {
		Items []struct {
			Name       string  `json:"name"`
			Kind       string  `json:"kind"`
			Idle       bool    `json:"idle"`
			Cases      int64   `json:"cases"`
			LastPollAt *string `json:"last_poll_at"`
			LastError  string  `json:"last_error"`
		} `json:"items"`
		Total int `json:"total"`
	}
	decodeInto(t, e.api(http.MethodGet, "/api/v1/intake", "supervisor", nil), http.StatusOK, &out)
	if out.Total != 2 || out.Items[0].Name != "podatelna" || !out.Items[0].Idle || out.Items[0].Cases != 12 ||
		out.Items[0].LastPollAt == nil || !strings.HasPrefix(*out.Items[0].LastPollAt, "2026-03-10T09:00:00+01:00") ||
		out.Items[1].LastError == "" || out.Items[1].LastPollAt != nil {
		t.Errorf("GET /api/v1/intake = %+v", out)
	}
	wantError(t, e.api(http.MethodGet, "/api/v1/intake", "clerk", nil), http.StatusForbidden, cases.EForbidden, "")
	c, _ := e.session("admin")
	rec := e.do(request{method: http.MethodGet, path: "/intake", cookies: []*http.Cookie{c}})
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "podatelna") || !strings.Contains(body, "připojeno (IDLE)") ||
		!strings.Contains(body, "permission denied") || !strings.Contains(body, `href="/intake" aria-current="page"`) {
		t.Errorf("GET /intake = %d\n%s", rec.Code, body)
	}
	c, _ = e.session("clerk")
	if rec := e.do(request{method: http.MethodGet, path: "/intake", cookies: []*http.Cookie{c}}); rec.Code != http.StatusForbidden {
		t.Errorf("GET /intake as clerk = %d, want 403", rec.Code)
	}
}
