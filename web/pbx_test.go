package web

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cti/smdr"

	"linka/cases"
)

// apiDevice is a device as the tests read it from the API.
type apiDevice struct {
	Number    string `json:"number"`
	Kind      string `json:"kind"`
	State     string `json:"state"`
	Monitored bool   `json:"monitored"`
	UserID    *int64 `json:"user_id"`
	UserName  string `json:"user_name"`
	Agent     *struct {
		State *string `json:"state"`
		Since *string `json:"since"`
		Group string  `json:"group"`
	} `json:"agent"`
	Calls []string `json:"calls"`
}

// devices lists the devices as login sees them, by number.
func (e *pbxEnv) devices(login string) map[string]apiDevice {
	e.t.Helper()
	var out struct {
		Items []apiDevice `json:"items"`
	}
	decodeInto(e.t, e.api(http.MethodGet, "/api/v1/extensions", login, nil), http.StatusOK, &out)
	m := make(map[string]apiDevice, len(out.Items))
	for _, d := range out.Items {
		m[d.Number] = d
	}
	return m
}

// agentState returns the agent state of ext in the API, "" when unknown.
func (e *pbxEnv) agentState(ext string) string {
	d := e.devices("clerk")[ext]
	if d.Agent == nil || d.Agent.State == nil {
		return ""
	}
	return *d.Agent.State
}

func TestExtensionsAPI_List(t *testing.T) {
	e := newPBXEnv(t, "clerk", "supervisor")
	_, c := e.ring("560111222", "101")
	devs := e.devices("clerk")
	ext := devs["101"]
	if ext.Kind != "extension" || ext.State != "ringing" || !ext.Monitored || ext.Agent == nil ||
		ext.UserID == nil || *ext.UserID != e.user("clerk").ID || ext.UserName != "Test clerk" ||
		len(ext.Calls) != 1 || ext.Calls[0] != c.ID {
		t.Errorf("101 = %+v, want a monitored ringing extension of Test clerk with call %s", ext, c.ID)
	}
	if idle := devs["110"]; idle.State != "idle" || idle.UserID != nil || idle.UserName != "" || idle.Calls == nil {
		t.Errorf("110 = %+v, want idle, nobody signed in, calls []", idle)
	}
	if g := devs["600"]; g.Kind != "group" || g.Agent != nil || g.UserID != nil {
		t.Errorf("600 = %+v, want a group without agent and user", g)
	}
	trunks := 0
	for _, d := range devs {
		if d.Kind == "trunk" {
			trunks++
		}
	}
	if trunks == 0 {
		t.Errorf("devices %v hold no trunk", devs)
	}
}

func TestAgentAPI_State(t *testing.T) {
	e := newPBXEnv(t, "clerk")
	steps := []struct{ state, want string }{
		{"not_ready", "not_ready"},
		{"logout", "logged_out"},
		{"login", "logged_in"},
		{"ready", "ready"},
	}
	for _, st := range steps {
		e.post("clerk", "/api/v1/agent", map[string]any{"state": st.state}, http.StatusNoContent)
		e.eventually(fmt.Sprintf("agent 101 to be %s after %s", st.want, st.state), func() bool {
			return e.agentState("101") == st.want
		})
	}
	if since := e.devices("clerk")["101"].Agent.Since; since == nil {
		t.Errorf("agent since = null after a change, want a time")
	} else {
		checkPragueTime(t, "agent since", *since)
	}
	wantError(t, e.api(http.MethodPost, "/api/v1/agent", "clerk", map[string]any{"state": "away"}),
		http.StatusUnprocessableEntity, cases.EInvalid, "state")
	wantError(t, e.api(http.MethodPost, "/api/v1/agent", "clerk", map[string]any{"state": "ready", "extension": "102"}),
		http.StatusBadRequest, codeBadRequest, "extension")
}

// apiPBX is the link state as the tests read it.
type apiPBX struct {
	State         string  `json:"state"`
	Since         string  `json:"since"`
	LastHeartbeat *string `json:"last_heartbeat"`
	Reconnects    uint64  `json:"reconnects"`
	LastError     string  `json:"last_error"`
	LastErrorAt   *string `json:"last_error_at"`
	Resyncs       uint64  `json:"resyncs"`
	Monitored     int     `json:"monitored"`
}

func TestPBXAPI_Status(t *testing.T) {
	e := newPBXEnv(t, "supervisor", "admin", "pbxadmin", "clerk", "official")
	var st apiPBX
	e.eventually("a heartbeat", func() bool {
		decodeInto(t, e.api(http.MethodGet, "/api/v1/pbx", "supervisor", nil), http.StatusOK, &st)
		return st.LastHeartbeat != nil
	})
	if st.State != "up" || st.Reconnects != 0 || st.LastError != "" || st.LastErrorAt != nil ||
		st.Resyncs == 0 || st.Monitored == 0 {
		t.Errorf("GET /api/v1/pbx = %+v, want up, no reconnect, no error, resynced, monitors", st)
	}
	checkPragueTime(t, "since", st.Since)
	checkPragueTime(t, "last_heartbeat", *st.LastHeartbeat)
	for _, login := range []string{"admin", "pbxadmin"} {
		if rec := e.api(http.MethodGet, "/api/v1/pbx", login, nil); rec.Code != http.StatusOK {
			t.Errorf("GET /api/v1/pbx as %s = %d, want 200", login, rec.Code)
		}
	}
	for _, login := range []string{"clerk", "official"} {
		wantError(t, e.api(http.MethodGet, "/api/v1/pbx", login, nil), http.StatusForbidden, cases.EForbidden, "")
	}
	e.pbx.DropConnections()
	e.eventually("the link to reconnect and report why it failed", func() bool {
		decodeInto(t, e.api(http.MethodGet, "/api/v1/pbx", "pbxadmin", nil), http.StatusOK, &st)
		return st.State == "up" && st.Reconnects >= 1 && st.LastError != "" && st.LastErrorAt != nil
	})
	checkPragueTime(t, "last_error_at", *st.LastErrorAt)
}

// TestPBXAPI_SMDROnly checks /api/v1/pbx on a site with SMDR and no CSTA
// link: the SMDR source's state is shown.
func TestPBXAPI_SMDROnly(t *testing.T) {
	e := newEnv(t)
	e.user("supervisor")
	since := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	srv, err := New(Options{Service: e.svc, Registry: prometheus.NewRegistry(),
		SMDR: func() smdr.ClientStatus {
			return smdr.ClientStatus{Connected: false, Since: since, Source: "10.0.0.5:2300", Reconnects: 3,
				Lines: 120, BadLines: 2, LastError: "smdr: login refused", LastErrorAt: since}
		}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	var out struct {
		State string `json:"state"`
		SMDR  *struct {
			Connected  bool   `json:"connected"`
			Source     string `json:"source"`
			Reconnects uint64 `json:"reconnects"`
			BadLines   uint64 `json:"bad_lines"`
			LastError  string `json:"last_error"`
		} `json:"smdr"`
	}
	decodeInto(t, e.api(http.MethodGet, "/api/v1/pbx", "supervisor", nil), http.StatusOK, &out)
	if out.State != "not_configured" || out.SMDR == nil || out.SMDR.Source != "10.0.0.5:2300" ||
		out.SMDR.Reconnects != 3 || out.SMDR.BadLines != 2 || out.SMDR.LastError != "smdr: login refused" {
		t.Errorf("GET /api/v1/pbx = %+v (smdr %+v), want no link and the SMDR source's state", out, out.SMDR)
	}
	bare := newEnv(t)
	bare.user("supervisor")
	wantError(t, bare.api(http.MethodGet, "/api/v1/pbx", "supervisor", nil), http.StatusServiceUnavailable, cases.EUnavailable, "")
}
