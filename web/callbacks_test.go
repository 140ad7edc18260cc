package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/cti"
	"linka/cti/csta"
	"linka/cti/pbxsim"
	"linka/internal/store/storetest"
)

// callbackEnv is a pbxEnv whose link hands every finished call to a real
// cti.Callbacks over a real SQLite store, all on the test clock.
type callbackEnv struct {
	*pbxEnv
	cb *cti.Callbacks
	// viaSim makes MakeCall dial as a clerk dialling by hand
	// (pbxsim.OutboundCall) instead of through CSTA makeCall, so that the
	// test holds the far end and can make the citizen answer.
	viaSim  atomic.Bool
	mu      sync.Mutex
	handles map[string]*pbxsim.Call // by Linka call id
}

func newCallbackEnv(t *testing.T, mod func(*cti.CallbackOptions), sim pbxsim.Options, logins ...string) *callbackEnv {
	t.Helper()
	ctx := context.Background()
	st := storetest.SQLite(t)
	var err error
	db, blobs := st.DB, st.Blobs
	te := &testEnv{t: t, clock: &testClock{t: testNow}, logs: &syncBuffer{},
		deps: map[string]int64{}, users: map[string]*cases.User{}, tokens: map[string]string{}}
	// One database for the register and the callbacks, as in production.
	te.svc = cases.NewService(db, blobs, cases.Options{Now: te.clock.Now})
	e := &callbackEnv{pbxEnv: &pbxEnv{testEnv: te}, handles: map[string]*pbxsim.Call{}}
	o := cti.CallbackOptions{Store: db, Dialer: e, Normalize: e.svc.Phone().Lookup, Now: e.clock.Now}
	if mod != nil {
		mod(&o)
	}
	if e.cb, err = cti.NewCallbacks(o); err != nil {
		t.Fatalf("NewCallbacks = %v", err)
	}
	if e.pbx, err = pbxsim.New(sim); err != nil {
		t.Fatalf("pbxsim.New = %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	go e.pbx.Serve(ln)
	t.Cleanup(func() { e.pbx.Close() })
	logger := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.link, err = cti.NewLink(cti.LinkOptions{Address: ln.Addr().String(), Extensions: simExtensions(),
		Groups: []string{"600"}, BackoffBase: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond,
		RequestTimeout: 5 * time.Second, Now: e.clock.Now, Logger: logger,
		Store: cti.ObserveAfter(nil, e.cb.Observe)})
	if err != nil {
		t.Fatalf("cti.NewLink = %v", err)
	}
	e.runLink()
	e.srv, err = New(Options{Service: e.svc, Registry: prometheus.NewRegistry(), Telephony: e.link,
		Callbacks: e.cb, Logger: logger})
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	for _, login := range logins {
		spec := phoneUsers[login]
		u := &cases.User{Login: login, Name: "Test " + login, Roles: spec.roles, Active: true, Extension: spec.ext}
		if err := e.svc.CreateUser(ctx, cases.Console(), u, testPassword); err != nil {
			t.Fatalf("CreateUser(%s) = %v", login, err)
		}
		e.users[login] = u
	}
	e.eventually("the link to be up", func() bool { return e.link.Status().State == cti.LinkUp })
	return e
}

// simExtensions are the extensions of pbxsim's default office.
func simExtensions() []string {
	var exts []string
	for n := 101; n <= 110; n++ {
		exts = append(exts, fmt.Sprint(n))
	}
	return exts
}

// MakeCall implements cti.Dialer: through the link, or by hand in the
// simulator when viaSim is set, returning the Linka id the link gives the
// call.
func (e *callbackEnv) MakeCall(ctx context.Context, ext, number string) (string, error) {
	if !e.viaSim.Load() {
		return e.link.MakeCall(ctx, ext, number)
	}
	h, err := e.pbx.OutboundCall(ext, number)
	if err != nil {
		return "", err
	}
	for deadline := time.Now().Add(pbxWait); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, c := range e.link.Calls() {
			if _, at := c.Party(ext); at && c.Called == number {
				e.mu.Lock()
				defer e.mu.Unlock()
				e.handles[c.ID] = h
				return c.ID, nil
			}
		}
	}
	return "", fmt.Errorf("the link never showed the call from %s to %s", ext, number)
}

// handle returns the simulator's handle of a call placed with viaSim.
func (e *callbackEnv) handle(id string) *pbxsim.Call {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.handles[id]
}

// missed makes from call ext and hang up while it rings.
func (e *callbackEnv) missed(from, ext string) {
	e.t.Helper()
	h, c := e.ring(from, ext)
	party := from
	if info, ok := h.Info(); ok && from == "" {
		party = info.Trunk // a withheld caller is known by the trunk only
	}
	if err := h.Hangup(party); err != nil {
		e.t.Fatalf("Hangup(%s) = %v", from, err)
	}
	e.eventually("the missed call to end", func() bool { _, err := e.link.Call(c.ID); return err != nil })
}

// apiCallback is a callback task as the tests read it.
type apiCallback struct {
	ID            int64    `json:"id"`
	Number        string   `json:"number"`
	DialNumber    string   `json:"dial_number"`
	State         string   `json:"state"`
	Resolution    *string  `json:"resolution"`
	Category      string   `json:"category"`
	Categories    []string `json:"categories"`
	Calls         int      `json:"calls"`
	FirstCallAt   string   `json:"first_call_at"`
	LastCallAt    string   `json:"last_call_at"`
	NextAttemptAt *string  `json:"next_attempt_at"`
	Attempts      []struct {
		CallID      *string `json:"call_id"`
		Outcome     string  `json:"outcome"`
		Extension   string  `json:"extension"`
		UserName    string  `json:"user_name"`
		TalkSeconds *int64  `json:"talk_seconds"`
	} `json:"attempts"`
	TimeToCallback *int64  `json:"time_to_callback_seconds"`
	ClosedByCall   *string `json:"closed_by_call"`
	Contacts       []struct {
		DisplayName string `json:"display_name"`
	} `json:"contacts"`
}

// list returns the tasks GET /api/v1/callbacks?query shows the supervisor.
func (e *callbackEnv) list(query string) []apiCallback {
	e.t.Helper()
	var out struct {
		Items []apiCallback `json:"items"`
		Total int           `json:"total"`
	}
	decodeInto(e.t, e.api(http.MethodGet, "/api/v1/callbacks?"+query, "supervisor", nil), http.StatusOK, &out)
	if out.Total != len(out.Items) {
		e.t.Errorf("GET /api/v1/callbacks?%s total = %d with %d items", query, out.Total, len(out.Items))
	}
	return out.Items
}

// waitTask waits until GET /api/v1/callbacks?state=all shows the task of
// number satisfying cond, and returns it.
func (e *callbackEnv) waitTask(what, number string, cond func(c *apiCallback) bool) apiCallback {
	e.t.Helper()
	var found apiCallback
	e.eventually(what, func() bool {
		for _, c := range e.list("state=all") {
			if c.Number == number && cond(&c) {
				found = c
				return true
			}
		}
		return false
	})
	return found
}

// attempt posts a call-back of task id as login and checks the status.
func (e *callbackEnv) attempt(id int64, login string, status int) *http.Response {
	e.t.Helper()
	rec := e.api(http.MethodPost, fmt.Sprintf("/api/v1/callbacks/%d/attempt", id), login, nil)
	if rec.Code != status {
		e.t.Fatalf("POST attempt on %d as %s = %d, want %d; body %s", id, login, rec.Code, status, rec.Body)
	}
	return rec.Result()
}

func TestCallbacksAPI_MissedCallCalledBack(t *testing.T) {
	e := newCallbackEnv(t, nil, pbxsim.Options{}, "clerk", "supervisor")
	contact := &cases.Contact{Kind: cases.KindPerson, FirstName: "Petr", LastName: "Novotný", Phone: "602 123 456"}
	if err := e.svc.CreateContact(context.Background(), e.user("clerk"), contact); err != nil {
		t.Fatalf("CreateContact = %v", err)
	}
	e.missed("602123456", "101")
	task := e.waitTask("a task for the missed call", "+420602123456", func(*apiCallback) bool { return true })
	if task.Category != "missed" || task.Calls != 1 || task.DialNumber != "602123456" || task.State != "open" ||
		len(task.Contacts) != 1 || task.Contacts[0].DisplayName != contact.DisplayName() {
		t.Errorf("task = %+v, want one missed call of Petr Novotný, open", task)
	}
	if task.NextAttemptAt == nil || *task.NextAttemptAt != "2026-03-10T10:00:00+01:00" {
		t.Errorf("next_attempt_at = %v, want now", task.NextAttemptAt)
	}

	e.clock.Add(time.Minute)
	e.missed("602123456", "102")
	task = e.waitTask("the repeated call to merge", "+420602123456", func(c *apiCallback) bool { return c.Calls == 2 })
	if open := e.list(""); len(open) != 1 || task.FirstCallAt != "2026-03-10T10:00:00+01:00" || task.LastCallAt != "2026-03-10T10:01:00+01:00" {
		t.Errorf("%d open tasks, first %s, last %s; want one task from 10:00 to 10:01", len(open), task.FirstCallAt, task.LastCallAt)
	}

	e.clock.Add(time.Minute)
	e.viaSim.Store(true)
	var a struct {
		CallID    string `json:"call_id"`
		Outcome   string `json:"outcome"`
		Extension string `json:"extension"`
	}
	rec := e.api(http.MethodPost, fmt.Sprintf("/api/v1/callbacks/%d/attempt", task.ID), "clerk", nil)
	decodeInto(t, rec, http.StatusCreated, &a)
	if a.Outcome != "pending" || a.Extension != "101" || rec.Header().Get("Location") != "/api/v1/calls/"+a.CallID {
		t.Fatalf("attempt = %+v, Location %q; want pending from 101 with the call's Location", a, rec.Header().Get("Location"))
	}
	h := e.handle(a.CallID)
	if err := h.Answer("602123456"); err != nil {
		t.Fatalf("the citizen answers: %v", err)
	}
	e.eventually("the link to see the answer", func() bool {
		c, err := e.link.Call(a.CallID)
		return err == nil && c.State == cti.CallConnected
	})
	e.clock.Add(12 * time.Second)
	if err := h.Hangup("602123456"); err != nil {
		t.Fatalf("the citizen hangs up: %v", err)
	}
	task = e.waitTask("the call-back to reach the citizen", "+420602123456", func(c *apiCallback) bool { return c.State == "done" })
	got := task.Attempts[0]
	if *task.Resolution != "reached" || got.Outcome != "reached" || got.TalkSeconds == nil || *got.TalkSeconds != 12 || got.UserName != "Test clerk" {
		t.Errorf("task %s, attempt %+v; want reached after 12 s of talk by Test clerk", *task.Resolution, got)
	}
	if task.TimeToCallback == nil || *task.TimeToCallback != 120 || task.NextAttemptAt != nil || *task.ClosedByCall != a.CallID {
		t.Errorf("time to callback %v, next attempt %v, closed by %v; want 120 s, none, the call", task.TimeToCallback, task.NextAttemptAt, task.ClosedByCall)
	}
	var one apiCallback
	decodeInto(t, e.api(http.MethodGet, fmt.Sprintf("/api/v1/callbacks/%d", task.ID), "clerk", nil), http.StatusOK, &one)
	if one.ID != task.ID || one.State != "done" || len(one.Attempts) != 1 {
		t.Errorf("GET /api/v1/callbacks/%d = %+v, want the done task", task.ID, one)
	}
}

func TestCallbacksAPI_CitizenGetsThrough(t *testing.T) {
	e := newCallbackEnv(t, nil, pbxsim.Options{}, "clerk2", "supervisor")
	e.missed("603111222", "101")
	e.waitTask("a task for the missed call", "+420603111222", func(*apiCallback) bool { return true })
	e.clock.Add(5 * time.Minute)
	h, _ := e.talk("603111222", "102")
	if err := h.Hangup("102"); err != nil {
		t.Fatal(err)
	}
	task := e.waitTask("the task to close", "+420603111222", func(c *apiCallback) bool { return c.State == "done" })
	if *task.Resolution != "called_in" || task.TimeToCallback == nil || *task.TimeToCallback != 300 || len(task.Attempts) != 0 {
		t.Errorf("task = %+v, want called_in after 300 s without attempts", task)
	}
	if open, done := e.list("state=open"), e.list("state=done"); len(open) != 0 || len(done) != 1 {
		t.Errorf("%d open and %d done tasks, want 0 and 1", len(open), len(done))
	}
}

func TestCallbacksAPI_Categories(t *testing.T) {
	e := newCallbackEnv(t, nil, pbxsim.Options{AgentsLoggedOut: true}, "clerk", "supervisor")
	e.missed("", "101") // withheld: no task
	h, err := e.pbx.IncomingCall("604000001", "600")
	if err != nil {
		t.Fatal(err)
	}
	e.waitCall("600", "queued")
	if err := h.Hangup("604000001"); err != nil {
		t.Fatal(err)
	}
	internal, err := e.pbx.OutboundCall("103", "104")
	if err != nil {
		t.Fatal(err)
	}
	e.waitCall("104", "alerting")
	if err := internal.Hangup("103"); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(4 * 24 * time.Hour) // Saturday
	e.missed("604000002", "101")
	e.waitTask("the out-of-hours task", "+420604000002", func(*apiCallback) bool { return true })
	all := e.list("state=all")
	if len(all) != 2 || all[0].Category != "out_of_hours" || all[1].Category != "abandoned" || all[1].Number != "+420604000001" {
		t.Errorf("tasks = %+v, want the out-of-hours call and the abandoned one, nothing for the withheld or internal call", all)
	}
	if got := e.list("category=abandoned"); len(got) != 1 || got[0].Number != "+420604000001" {
		t.Errorf("GET ?category=abandoned = %+v, want the abandoned call only", got)
	}
}

func TestCallbacksAPI_AttemptRules(t *testing.T) {
	e := newCallbackEnv(t, func(o *cti.CallbackOptions) { o.MaxAttempts = 2 }, pbxsim.Options{}, "clerk", "supervisor")
	e.missed("605000001", "101")
	task := e.waitTask("a task", "+420605000001", func(*apiCallback) bool { return true })
	path := fmt.Sprintf("/api/v1/callbacks/%d/attempt", task.ID)
	refused := func(what, want string) {
		t.Helper()
		rec := e.api(http.MethodPost, path, "clerk", nil)
		wantError(t, rec, http.StatusConflict, cases.EConflict, "")
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("%s: body %s, want %q", what, rec.Body, want)
		}
	}

	e.clock.Add(6*time.Hour + 30*time.Minute) // 16:30
	refused("out of hours", "outside opening hours; the next attempt is allowed at 2026-03-11 08:00")
	cs := e.do(request{method: http.MethodPost, path: path, token: e.token("clerk"), header: http.Header{"Accept-Language": {"cs"}}})
	if !strings.Contains(cs.Body.String(), "mimo úřední hodiny") {
		t.Errorf("Czech refusal = %s, want it in Czech", cs.Body)
	}
	e.clock.Add(-6 * time.Hour) // 10:30
	for n := 1; n <= 2; n++ {
		var a struct {
			CallID string `json:"call_id"`
		}
		decodeInto(t, e.api(http.MethodPost, path, "clerk", nil), http.StatusCreated, &a)
		e.waitSim("605000001", "101", csta.StateConnected)
		refused("while pending", "another call-back attempt on this task is in progress")
		if err := e.link.Hangup(context.Background(), a.CallID, "101"); err != nil {
			t.Fatalf("Hangup = %v", err)
		}
		e.waitTask("the attempt to settle", task.Number, func(c *apiCallback) bool {
			return len(c.Attempts) == n && c.Attempts[n-1].Outcome == "no_answer"
		})
		if n == 1 {
			refused("too soon", "too soon after the last attempt; the next is allowed at 2026-03-10 10:45")
			e.clock.Add(15 * time.Minute)
		}
	}
	task = e.waitTask("the task to be given up", task.Number, func(c *apiCallback) bool { return c.State == "done" })
	if *task.Resolution != "gave_up" || task.TimeToCallback != nil {
		t.Errorf("task = %+v, want gave_up without a time to callback", task)
	}
	refused("after the last attempt", "all 2 call-back attempts were made without reaching the citizen")
}

func TestCallbacksAPI_Errors(t *testing.T) {
	e := newCallbackEnv(t, nil, pbxsim.Options{}, "clerk", "noext", "official", "supervisor")
	e.missed("606000001", "101")
	task := e.waitTask("a task", "+420606000001", func(*apiCallback) bool { return true })
	path := fmt.Sprintf("/api/v1/callbacks/%d/attempt", task.ID)

	wantError(t, e.api(http.MethodPost, path, "noext", nil), http.StatusUnprocessableEntity, cases.EInvalid, "extension")
	wantError(t, e.api(http.MethodGet, "/api/v1/callbacks", "official", nil), http.StatusForbidden, cases.EForbidden, "")
	wantError(t, e.api(http.MethodPost, path, "official", nil), http.StatusForbidden, cases.EForbidden, "")
	wantError(t, e.api(http.MethodGet, "/api/v1/callbacks/999999", "clerk", nil), http.StatusNotFound, cases.ENotFound, "")
	wantError(t, e.api(http.MethodPost, "/api/v1/callbacks/999999/attempt", "clerk", nil), http.StatusNotFound, cases.ENotFound, "")
	wantError(t, e.api(http.MethodGet, "/api/v1/callbacks/abc", "clerk", nil), http.StatusNotFound, cases.ENotFound, "")
	for query, field := range map[string]string{"state=closed": "state", "category=late": "category", "limit=501": "limit", "offset=-1": "offset"} {
		wantError(t, e.api(http.MethodGet, "/api/v1/callbacks?"+query, "clerk", nil), http.StatusUnprocessableEntity, cases.EInvalid, field)
	}
	wantError(t, e.api(http.MethodGet, "/api/v1/callbacks", "", nil), http.StatusUnauthorized, cases.EUnauthorized, "")

	e.pbx.FailNext(csta.OpMakeCall, &csta.Error{Operation: csta.OpMakeCall, Class: csta.ClassStateIncompatibility, Value: 2})
	wantError(t, e.api(http.MethodPost, path, "clerk", nil), http.StatusConflict, codeRefused, "")
	var got apiCallback
	decodeInto(t, e.api(http.MethodGet, fmt.Sprintf("/api/v1/callbacks/%d", task.ID), "clerk", nil), http.StatusOK, &got)
	if len(got.Attempts) != 1 || got.Attempts[0].Outcome != "not_placed" || got.NextAttemptAt == nil {
		t.Errorf("after the PBX refused: %+v, want one attempt not placed and the next allowed now", got)
	}

	noPBX, err := New(Options{Service: e.svc, Registry: prometheus.NewRegistry(), Callbacks: e.cb})
	if err != nil {
		t.Fatal(err)
	}
	none, err := New(Options{Service: e.svc, Registry: prometheus.NewRegistry(), Telephony: e.link})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = noPBX
	wantError(t, e.api(http.MethodPost, path, "clerk", nil), http.StatusServiceUnavailable, cases.EUnavailable, "")
	if rec := e.api(http.MethodGet, "/api/v1/callbacks", "clerk", nil); rec.Code != http.StatusOK {
		t.Errorf("GET /api/v1/callbacks without a PBX link = %d, want 200", rec.Code)
	}
	e.srv = none
	wantError(t, e.api(http.MethodGet, "/api/v1/callbacks", "clerk", nil), http.StatusServiceUnavailable, cases.EUnavailable, "")
}

func TestFromPBX_CallbackRefusals(t *testing.T) {
	at := time.Date(2026, 3, 11, 7, 0, 0, 0, time.UTC) // 08:00 in Prague
	tests := []struct {
		name string
		err  *cti.AttemptRefusedError
		msg  string
		cs   string
	}{
		{"outside hours", &cti.AttemptRefusedError{Reason: cti.RefusedOutsideHours, NextAllowed: at},
			"outside opening hours; the next attempt is allowed at 2026-03-11 08:00", "mimo úřední hodiny; další pokus je možný od 2026-03-11 08:00"},
		{"never open", &cti.AttemptRefusedError{Reason: cti.RefusedOutsideHours}, "outside opening hours", "mimo úřední hodiny"},
		{"too soon", &cti.AttemptRefusedError{Reason: cti.RefusedTooSoon, NextAllowed: at},
			"too soon after the last attempt; the next is allowed at 2026-03-11 08:00", "příliš brzy po posledním pokusu; další je možný od 2026-03-11 08:00"},
		{"max attempts", &cti.AttemptRefusedError{Reason: cti.RefusedMaxAttempts, MaxAttempts: 3},
			"all 3 call-back attempts were made without reaching the citizen", "všech 3 pokusů o zpětné volání proběhlo, aniž byl občan zastižen"},
		{"in progress", &cti.AttemptRefusedError{Reason: cti.RefusedInProgress},
			"another call-back attempt on this task is in progress", "jiný pokus o zpětné volání tohoto úkolu právě probíhá"},
		{"reached", &cti.AttemptRefusedError{Reason: cti.RefusedClosed, Resolution: cti.ResolutionReached},
			"the callback task is closed: a call-back reached the citizen", "úkol zpětného volání je uzavřen: občan byl zpětně zastižen"},
		{"called in", &cti.AttemptRefusedError{Reason: cti.RefusedClosed, Resolution: cti.ResolutionCalledIn},
			"the callback task is closed: the citizen's later call was answered", "úkol zpětného volání je uzavřen: pozdější hovor občana byl přijat"},
		{"called out", &cti.AttemptRefusedError{Reason: cti.RefusedClosed, Resolution: cti.ResolutionCalledOut},
			"the callback task is closed: an outgoing call reached the citizen", "úkol zpětného volání je uzavřen: občan byl zastižen odchozím hovorem"},
	}
	cs := httptest.NewRequest(http.MethodPost, "/api/v1/callbacks/1/attempt", nil)
	cs.Header.Set("Accept-Language", "cs")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fromPBX(pbxFailure(fmt.Errorf("wrapped: %w", tt.err)))
			if code, msg := cases.ErrorCode(got), cases.ErrorMessage(got); code != cases.EConflict || msg != tt.msg {
				t.Errorf("fromPBX(%v) = %s %q, want conflict %q", tt.err, code, msg, tt.msg)
			}
			if msg := localize(cs, got); msg != tt.cs {
				t.Errorf("localize(cs, %v) = %q, want %q", tt.err, msg, tt.cs)
			}
		})
	}
	for err, code := range map[error]string{cti.ErrCallbackNotFound: cases.ENotFound, cti.ErrCallbackConflict: cases.EConflict} {
		if got := cases.ErrorCode(fromPBX(pbxFailure(err))); got != code {
			t.Errorf("fromPBX(%v) code = %s, want %s", err, got, code)
		}
	}
}
