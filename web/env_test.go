package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/internal/store"
	"linka/internal/store/storetest"
	"linka/internal/workdays"
)

// testPassword is the password of every test user.
const testPassword = "correct horse battery"

// testClock is a settable clock for the service and the server.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// syncBuffer collects log output from concurrent handlers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testEnv is a Server over a real SQLite store in a temporary directory
// and a real cases.Service, with departments and, on demand, users.
type testEnv struct {
	t       *testing.T
	srv     *Server
	svc     *cases.Service
	clock   *testClock
	logs    *syncBuffer
	readyMu sync.Mutex
	readyOK error
	deps    map[string]int64
	users   map[string]*cases.User
	tokens  map[string]string
	db      *store.DB // the panel's store (panel_api.go)
}

// userSpecs are the test users newEnv can create, by login.
var userSpecs = map[string]struct {
	roles []cases.Role
	dep   string
}{
	"clerk":      {[]cases.Role{cases.RoleClerk}, ""},
	"clerk2":     {[]cases.Role{cases.RoleClerk}, ""},
	"doprava":    {[]cases.Role{cases.RoleOfficial}, "Doprava"},
	"investice":  {[]cases.Role{cases.RoleOfficial}, "Investice"},
	"supervisor": {[]cases.Role{cases.RoleSupervisor}, ""},
	"admin":      {[]cases.Role{cases.RoleAdmin}, ""},
	"dpo":        {[]cases.Role{cases.RoleDPO}, ""},
}

// testNow is the test clock's start: Tuesday 10 March 2026, 10:00 in Prague.
var testNow = time.Date(2026, 3, 10, 10, 0, 0, 0, workdays.Prague())

func newEnv(t *testing.T, opts ...func(*cases.Options)) *testEnv {
	t.Helper()
	ctx := context.Background()
	st := storetest.SQLite(t)
	var err error
	db, blobs := st.DB, st.Blobs
	e := &testEnv{t: t, clock: &testClock{t: testNow}, logs: &syncBuffer{},
		deps: map[string]int64{}, users: map[string]*cases.User{}, tokens: map[string]string{}}
	o := cases.Options{Now: e.clock.Now}
	for _, f := range opts {
		f(&o)
	}
	e.svc, e.db = cases.NewService(db, blobs, o), db
	e.srv, err = New(Options{Service: e.svc, Registry: prometheus.NewRegistry(), Version: "test", Panel: db,
		Logger: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Ready: func(ctx context.Context) error {
			e.readyMu.Lock()
			defer e.readyMu.Unlock()
			if e.readyOK != nil {
				return e.readyOK
			}
			return db.Ping(ctx)
		}})
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	for _, name := range []string{"Doprava", "Investice"} {
		d := &cases.Department{Code: strings.ToUpper(name[:3]), Name: name, Active: true}
		if err := e.svc.SaveDepartment(ctx, cases.Console(), d); err != nil {
			t.Fatalf("SaveDepartment(%s) = %v", name, err)
		}
		e.deps[name] = d.ID
	}
	return e
}

// setReady makes the readiness check fail with err (nil: ping the store).
func (e *testEnv) setReady(err error) {
	e.readyMu.Lock()
	defer e.readyMu.Unlock()
	e.readyOK = err
}

// user returns the test user login, creating it on first use.
func (e *testEnv) user(login string) *cases.User {
	e.t.Helper()
	if u, ok := e.users[login]; ok {
		return u
	}
	spec, ok := userSpecs[login]
	if !ok {
		e.t.Fatalf("no test user %q", login)
	}
	u := &cases.User{Login: login, Name: "Test " + login, Roles: spec.roles, Active: true,
		DepartmentID: e.deps[spec.dep]}
	if err := e.svc.CreateUser(context.Background(), cases.Console(), u, testPassword); err != nil {
		e.t.Fatalf("CreateUser(%s) = %v", login, err)
	}
	e.users[login] = u
	return u
}

// token returns a bearer token of the test user login.
func (e *testEnv) token(login string) string {
	e.t.Helper()
	if tok, ok := e.tokens[login]; ok {
		return tok
	}
	u := e.user(login)
	tok, _, err := e.svc.CreateToken(context.Background(), cases.Console(), u.ID, "test", 0)
	if err != nil {
		e.t.Fatalf("CreateToken(%s) = %v", login, err)
	}
	e.tokens[login] = tok
	return tok
}

// request describes one test request.
type request struct {
	method, path string
	body         io.Reader
	ctype        string
	token        string // bearer token
	cookies      []*http.Cookie
	header       http.Header
	host         string
}

func (e *testEnv) do(r request) *httptest.ResponseRecorder {
	e.t.Helper()
	req := httptest.NewRequest(r.method, r.path, r.body)
	if r.ctype != "" {
		req.Header.Set("Content-Type", r.ctype)
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	for _, c := range r.cookies {
		req.AddCookie(c)
	}
	for k, vs := range r.header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if r.host != "" {
		req.Host = r.host
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return rec
}

// api sends body (marshalled unless it is a string) as JSON with the
// bearer token of login ("" for none).
func (e *testEnv) api(method, path, login string, body any) *httptest.ResponseRecorder {
	e.t.Helper()
	r := request{method: method, path: path}
	if login != "" {
		r.token = e.token(login)
	}
	switch b := body.(type) {
	case nil:
	case string:
		r.body, r.ctype = strings.NewReader(b), "application/json"
	default:
		data, err := json.Marshal(b)
		if err != nil {
			e.t.Fatalf("marshal %T: %v", body, err)
		}
		r.body, r.ctype = bytes.NewReader(data), "application/json"
	}
	return e.do(r)
}

// form posts form values as a browser does.
func (e *testEnv) form(path string, v url.Values, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	e.t.Helper()
	return e.do(request{method: http.MethodPost, path: path, body: strings.NewReader(v.Encode()),
		ctype: "application/x-www-form-urlencoded", cookies: cookies})
}

// session signs login in through the form and returns the session cookie
// and the session's CSRF token.
func (e *testEnv) session(login string) (*http.Cookie, string) {
	e.t.Helper()
	e.user(login)
	rec := e.form("/login", url.Values{"login": {login}, "password": {testPassword}})
	if rec.Code != http.StatusSeeOther {
		e.t.Fatalf("POST /login as %s = %d, want 303; body %s", login, rec.Code, rec.Body)
	}
	c := findCookie(rec, sessionCookie)
	if c == nil {
		e.t.Fatalf("POST /login as %s set no %s cookie", login, sessionCookie)
	}
	me := e.do(request{method: http.MethodGet, path: "/api/v1/me", cookies: []*http.Cookie{c}})
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	decodeInto(e.t, me, http.StatusOK, &out)
	return c, out.CSRF
}

// findCookie returns the cookie name that rec sets, or nil.
func findCookie(rec *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, c := range rec.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// decodeInto checks the status and decodes the JSON body into dst.
func decodeInto(t *testing.T, rec *httptest.ResponseRecorder, status int, dst any) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), dst); err != nil {
		t.Fatalf("decode %s: %v", rec.Body, err)
	}
}

// wantError checks an error response: status, code and (if not "") field.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, code, field string) {
	t.Helper()
	var body struct {
		Error struct {
			Code, Message, Field string
		}
	}
	if rec.Code != status {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("error body %q is not JSON: %v", rec.Body, err)
	}
	if body.Error.Code != code || body.Error.Field != field || body.Error.Message == "" {
		t.Errorf("error = %+v, want code %q field %q and a message", body.Error, code, field)
	}
}

// newCase registers a case through the service as login and returns it.
func (e *testEnv) newCase(login string, in cases.CaseInput) *cases.Case {
	e.t.Helper()
	if in.Source == "" {
		in.Source = cases.SourcePhone
	}
	if in.Subject == "" {
		in.Subject = "Stížnost na stav řešení parkování v ulici Nerudova"
	}
	c, err := e.svc.CreateCase(context.Background(), e.user(login), in)
	if err != nil {
		e.t.Fatalf("CreateCase(%+v) = %v", in, err)
	}
	return c
}
