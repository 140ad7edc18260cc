package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/cti"
	"linka/cti/csta"
	"linka/cti/pbxsim"
)

// pbxWait is how long a test waits for the PBX, the link and the API to
// agree on an outcome. It is generous: tests never assert speed.
const pbxWait = 10 * time.Second

// phoneUsers are the users of a pbxEnv, by login, with their extension.
var phoneUsers = map[string]struct {
	ext   string
	roles []cases.Role
}{
	"clerk":      {"101", []cases.Role{cases.RoleClerk}},
	"clerk2":     {"102", []cases.Role{cases.RoleClerk}},
	"clerk3":     {"103", []cases.Role{cases.RoleClerk}},
	"official":   {"104", []cases.Role{cases.RoleOfficial}},
	"supervisor": {"105", []cases.Role{cases.RoleSupervisor}},
	"pbxadmin":   {"", []cases.Role{cases.RolePBXAdmin}},
	"admin":      {"", []cases.Role{cases.RoleAdmin}},
	"noext":      {"", []cases.Role{cases.RoleClerk}},
}

// pbxEnv is a testEnv whose server has a real cti.Link connected over
// loopback TCP to a real simulated PBX (pbxsim's default office:
// extensions 101…110, group 600 of 101–103, DDI 544503+number), and the
// phoneUsers given to newPBXEnv (each costs a password hash).
type pbxEnv struct {
	*testEnv
	pbx  *pbxsim.PBX
	link *cti.Link
	// stopLink stops the link's Run and waits for it.
	stopLink func()
}

func newPBXEnv(t *testing.T, logins ...string) *pbxEnv {
	t.Helper()
	e := &pbxEnv{testEnv: newEnv(t)}
	p, err := pbxsim.New(pbxsim.Options{})
	if err != nil {
		t.Fatalf("pbxsim.New = %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	go p.Serve(ln)
	t.Cleanup(func() { p.Close() })
	e.pbx = p
	var exts []string
	for n := 101; n <= 110; n++ {
		exts = append(exts, fmt.Sprint(n))
	}
	e.link, err = cti.NewLink(cti.LinkOptions{Address: ln.Addr().String(), Extensions: exts,
		Groups: []string{"600"}, BackoffBase: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond,
		RequestTimeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("cti.NewLink = %v", err)
	}
	e.runLink()
	e.srv, err = New(Options{Service: e.svc, Registry: prometheus.NewRegistry(), Telephony: e.link, Panel: e.db, Bus: e.link.Bus(),
		Logger: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	for _, login := range logins {
		spec, ok := phoneUsers[login]
		if !ok {
			t.Fatalf("no phone user %q", login)
		}
		u := &cases.User{Login: login, Name: "Test " + login, Roles: spec.roles, Active: true, Extension: spec.ext}
		if err := e.svc.CreateUser(context.Background(), cases.Console(), u, testPassword); err != nil {
			t.Fatalf("CreateUser(%s) = %v", login, err)
		}
		e.users[login] = u
	}
	e.eventually("the link to be up", func() bool { return e.link.Status().State == cti.LinkUp })
	return e
}

// runLink runs the link until the test ends or stopLink is called.
func (e *pbxEnv) runLink() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := e.link.Run(ctx); err != nil {
			e.t.Errorf("Link.Run = %v", err)
		}
	}()
	e.stopLink = func() {
		cancel()
		<-done
	}
	e.t.Cleanup(e.stopLink)
}

// eventually polls cond until it holds, failing the test after pbxWait.
func (e *pbxEnv) eventually(what string, cond func() bool) {
	e.t.Helper()
	deadline := time.Now().Add(pbxWait)
	for !cond() {
		if time.Now().After(deadline) {
			e.t.Fatalf("timed out after %v waiting for %s", pbxWait, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// apiCall is a call as the tests read it from the API.
type apiCall struct {
	ID         string  `json:"id"`
	State      string  `json:"state"`
	Direction  string  `json:"direction"`
	StartedAt  string  `json:"started_at"`
	Since      string  `json:"since"`
	AnsweredAt *string `json:"answered_at"`
	Caller     string  `json:"caller"`
	Called     string  `json:"called"`
	Trunk      string  `json:"trunk"`
	Extensions []struct {
		Extension string `json:"extension"`
		Kind      string `json:"kind"`
		State     string `json:"state"`
		UserID    *int64 `json:"user_id"`
		UserName  string `json:"user_name"`
	} `json:"extensions"`
	Path []struct {
		At     string `json:"at"`
		Action string `json:"action"`
		Device string `json:"device"`
	} `json:"path"`
	ConsultationOf *string `json:"consultation_of"`
	Contacts       []struct {
		ID          int64  `json:"id"`
		DisplayName string `json:"display_name"`
	} `json:"contacts"`
}

// stateAt returns the connection state of ext in the call, "" if absent.
func (c *apiCall) stateAt(ext string) string {
	for _, x := range c.Extensions {
		if x.Extension == ext {
			return x.State
		}
	}
	return ""
}

// calls lists the calls login sees.
func (e *pbxEnv) calls(login string) []apiCall {
	e.t.Helper()
	var out struct {
		Items []apiCall `json:"items"`
		Total int       `json:"total"`
	}
	decodeInto(e.t, e.api(http.MethodGet, "/api/v1/calls", login, nil), http.StatusOK, &out)
	if out.Total != len(out.Items) {
		e.t.Errorf("GET /api/v1/calls total = %d with %d items", out.Total, len(out.Items))
	}
	return out.Items
}

// waitCall waits until the supervisor sees a call with ext in state
// (alerting, connected, held, …) and returns it.
func (e *pbxEnv) waitCall(ext, state string) apiCall {
	e.t.Helper()
	var found apiCall
	e.eventually(fmt.Sprintf("a call %s at %s in GET /api/v1/calls", state, ext), func() bool {
		for _, c := range e.calls("supervisor") {
			if c.stateAt(ext) == state {
				found = c
				return true
			}
		}
		return false
	})
	return found
}

// ring makes from call ext through a trunk and waits until the call rings
// there in the API.
func (e *pbxEnv) ring(from, ext string) (*pbxsim.Call, apiCall) {
	e.t.Helper()
	h, err := e.pbx.IncomingCall(from, ext)
	if err != nil {
		e.t.Fatalf("IncomingCall(%q, %s) = %v", from, ext, err)
	}
	return h, e.waitCall(ext, "alerting")
}

// talk makes from call ext and answers it at ext in the simulator.
func (e *pbxEnv) talk(from, ext string) (*pbxsim.Call, apiCall) {
	e.t.Helper()
	h, _ := e.ring(from, ext)
	if err := h.Answer(ext); err != nil {
		e.t.Fatalf("Answer(%s) = %v", ext, err)
	}
	return h, e.waitCall(ext, "connected")
}

// simState returns the simulator's connection state of ext in the call
// with a party at device other, and whether there is such a call.
func (e *pbxEnv) simState(other, ext string) (csta.LocalConnectionState, bool) {
	for _, c := range e.pbx.Calls() {
		var st csta.LocalConnectionState
		hasOther, hasExt := false, false
		for _, p := range c.Parties {
			hasOther = hasOther || p.Device == other || p.Number == other
			if p.Device == ext {
				st, hasExt = p.State, true
			}
		}
		if hasOther && hasExt {
			return st, true
		}
	}
	return 0, false
}

// waitSim waits until ext is in state want in the simulator's call with a
// party other (a trunk's number or a device).
func (e *pbxEnv) waitSim(other, ext string, want csta.LocalConnectionState) {
	e.t.Helper()
	e.eventually(fmt.Sprintf("the simulator to show %s %v in the call with %s", ext, want, other), func() bool {
		st, ok := e.simState(other, ext)
		return ok && st == want
	})
}

// post sends a command as login and checks its status.
func (e *pbxEnv) post(login, path string, body any, status int) {
	e.t.Helper()
	if rec := e.api(http.MethodPost, path, login, body); rec.Code != status {
		e.t.Fatalf("POST %s as %s = %d, want %d; body %s", path, login, rec.Code, status, rec.Body)
	}
}
