package web

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"linka/cases"
)

func TestLogin_SessionCookie(t *testing.T) {
	e := newEnv(t)
	e.user("clerk")
	rec := e.form("/login", url.Values{"login": {"clerk"}, "password": {testPassword}, "next": {"/contacts"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/contacts" {
		t.Fatalf("POST /login = %d to %q, want 303 to /contacts", rec.Code, rec.Header().Get("Location"))
	}
	c := findCookie(rec, sessionCookie)
	if c == nil {
		t.Fatal("no session cookie")
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || !c.Secure || c.Path != "/" {
		t.Errorf("cookie = %+v, want HttpOnly, SameSite=Lax, Secure, Path=/", c)
	}
	me := e.do(request{method: http.MethodGet, path: "/api/v1/me", cookies: []*http.Cookie{c}})
	if me.Code != http.StatusOK || !strings.Contains(me.Body.String(), `"login":"clerk"`) {
		t.Errorf("GET /api/v1/me with the cookie = %d %s", me.Code, me.Body)
	}
}

func TestLogin_Logout(t *testing.T) {
	e := newEnv(t)
	c, csrf := e.session("clerk")
	rec := e.form("/logout", url.Values{csrfField: {csrf}}, c)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login" {
		t.Fatalf("POST /logout = %d to %q, want 303 to /login", rec.Code, rec.Header().Get("Location"))
	}
	if gone := findCookie(rec, sessionCookie); gone == nil || gone.MaxAge >= 0 {
		t.Errorf("logout cookie = %+v, want it deleted", gone)
	}
	me := e.do(request{method: http.MethodGet, path: "/api/v1/me", cookies: []*http.Cookie{c}})
	wantError(t, me, http.StatusUnauthorized, "unauthorized", "")
	page := e.do(request{method: http.MethodGet, path: "/contacts", cookies: []*http.Cookie{c}})
	if page.Code != http.StatusSeeOther || !strings.HasPrefix(page.Header().Get("Location"), "/login") {
		t.Errorf("GET /contacts after logout = %d to %q, want 303 to /login", page.Code, page.Header().Get("Location"))
	}
}

func TestLogin_NewSessionEachTime(t *testing.T) {
	e := newEnv(t)
	first, _ := e.session("clerk")
	// Signing in again with the old cookie (a fixated one, say) gives a new
	// session and ends the old one.
	e.user("clerk")
	rec := e.do(request{method: http.MethodPost, path: "/login", ctype: "application/x-www-form-urlencoded",
		body:    strings.NewReader(url.Values{"login": {"clerk"}, "password": {testPassword}}.Encode()),
		cookies: []*http.Cookie{first}})
	second := findCookie(rec, sessionCookie)
	if rec.Code != http.StatusSeeOther || second == nil {
		t.Fatalf("second POST /login = %d, cookie %v", rec.Code, second)
	}
	if second.Value == first.Value {
		t.Fatal("the second sign-in kept the session id")
	}
	tests := []struct {
		name   string
		cookie *http.Cookie
		status int
	}{{"old session ended", first, http.StatusUnauthorized}, {"new session works", second, http.StatusOK}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := e.do(request{method: http.MethodGet, path: "/api/v1/me", cookies: []*http.Cookie{tt.cookie}})
			if rec.Code != tt.status {
				t.Errorf("GET /api/v1/me = %d, want %d", rec.Code, tt.status)
			}
		})
	}
}

func TestLogin_IdleTimeout(t *testing.T) {
	e := newEnv(t)
	c, _ := e.session("clerk")
	e.clock.Add(3 * time.Hour) // the service's default idle timeout is 2 hours
	rec := e.do(request{method: http.MethodGet, path: "/api/v1/me", cookies: []*http.Cookie{c}})
	wantError(t, rec, http.StatusUnauthorized, "unauthorized", "")
}

func TestLogin_WrongPasswordRateLimited(t *testing.T) {
	e := newEnv(t)
	e.user("clerk")
	const secret = "wrong-password-123"
	for i := 1; i <= cases.SignInMaxFailures; i++ {
		rec := e.form("/login", url.Values{"login": {"clerk"}, "password": {secret}})
		if rec.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: POST /login = %d, want 401", i, rec.Code)
		}
		if findCookie(rec, sessionCookie) != nil {
			t.Fatalf("attempt %d set a session cookie", i)
		}
	}
	rec := e.form("/login", url.Values{"login": {"clerk"}, "password": {testPassword}})
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("attempt after %d failures = %d, want 429", cases.SignInMaxFailures, rec.Code)
	}
	logs := e.logs.String()
	if n := strings.Count(logs, `msg="login failed"`); n != cases.SignInMaxFailures {
		t.Errorf("%d 'login failed' log lines, want %d", n, cases.SignInMaxFailures)
	}
	if strings.Contains(logs, secret) || strings.Contains(logs, testPassword) {
		t.Error("a password appears in the log")
	}
	// Another address is not affected, and the limit expires.
	other := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"login": {"clerk"}, "password": {testPassword}}.Encode()))
	other.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	other.RemoteAddr = "198.51.100.7:4000"
	orec := httptest.NewRecorder()
	e.srv.ServeHTTP(orec, other)
	if orec.Code != http.StatusSeeOther {
		t.Errorf("sign-in from another address = %d, want 303", orec.Code)
	}
	e.clock.Add(cases.SignInWindow)
	if rec := e.form("/login", url.Values{"login": {"clerk"}, "password": {testPassword}}); rec.Code != http.StatusSeeOther {
		t.Errorf("sign-in after the window = %d, want 303", rec.Code)
	}
}

func TestCSRF_CookieRequests(t *testing.T) {
	e := newEnv(t)
	c, csrf := e.session("clerk")
	body := `{"source":"TEL","subject":"Požadavek na nákup laviček"}`
	tests := []struct {
		name   string
		header http.Header
		status int
	}{
		{"no token", nil, http.StatusForbidden},
		{"wrong token", http.Header{csrfHeader: {"x" + csrf}}, http.StatusForbidden},
		{"session token", http.Header{csrfHeader: {csrf}}, http.StatusCreated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := e.do(request{method: http.MethodPost, path: "/api/v1/cases", body: strings.NewReader(body),
				ctype: "application/json", cookies: []*http.Cookie{c}, header: tt.header})
			if rec.Code != tt.status {
				t.Errorf("POST /api/v1/cases = %d, want %d; body %s", rec.Code, tt.status, rec.Body)
			}
		})
	}
	// HTML forms carry the token in a hidden field.
	form := url.Values{"source": {"TEL"}, "subject": {"Oznámení neprovedení úklidu"}, "priority": {"normal"}}
	if rec := e.form("/cases/new", form, c); rec.Code != http.StatusForbidden {
		t.Errorf("form without csrf_token = %d, want 403", rec.Code)
	}
	form.Set(csrfField, csrf)
	if rec := e.form("/cases/new", form, c); rec.Code != http.StatusSeeOther {
		t.Errorf("form with csrf_token = %d, want 303; body %s", rec.Code, rec.Body)
	}
}

func TestCSRF_BearerNeedsNone(t *testing.T) {
	e := newEnv(t)
	rec := e.api(http.MethodPost, "/api/v1/cases", "clerk", map[string]any{"source": "EMAIL", "subject": "Dotaz"})
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST with a bearer token = %d, want 201; body %s", rec.Code, rec.Body)
	}
}

func TestAuth_Rejections(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name   string
		header http.Header
	}{
		{"no credentials", nil},
		{"unknown token", http.Header{"Authorization": {"Bearer lk_nonsense"}}},
		{"basic auth", http.Header{"Authorization": {"Basic Y2xlcms6cGFzcw=="}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := e.do(request{method: http.MethodGet, path: "/api/v1/cases", header: tt.header})
			wantError(t, rec, http.StatusUnauthorized, "unauthorized", "")
			if rec.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
}

func TestAuth_CrossOriginRefused(t *testing.T) {
	e := newEnv(t)
	rec := e.do(request{method: http.MethodPost, path: "/login", ctype: "application/x-www-form-urlencoded",
		body: strings.NewReader("login=clerk&password=x"), header: http.Header{"Sec-Fetch-Site": {"cross-site"}}})
	if rec.Code != http.StatusForbidden {
		t.Errorf("cross-site POST /login = %d, want 403", rec.Code)
	}
}

func TestSecure_CookiePolicy(t *testing.T) {
	tests := []struct {
		policy CookiePolicy
		host   string
		tls    bool
		want   bool
	}{
		{SecureAuto, "localhost:8080", false, false},
		{SecureAuto, "127.0.0.1:8080", false, false},
		{SecureAuto, "[::1]:8080", false, false},
		{SecureAuto, "localhost:8443", true, true},
		{SecureAuto, "linka.urad.cz", false, true},
		{SecureAlways, "localhost:8080", false, true},
		{SecureNever, "linka.urad.cz", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			s := &Server{cookies: tt.policy}
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.Host = tt.host
			if tt.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if got := s.secure(r); got != tt.want {
				t.Errorf("secure(policy %d, %s, tls %v) = %v, want %v", tt.policy, tt.host, tt.tls, got, tt.want)
			}
		})
	}
}

func TestSafeNext_Redirects(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/cases/8608", "/cases/8608"},
		{"/?state=new", "/?state=new"},
		{"", "/"},
		{"https://evil.example/", "/"},
		{"//evil.example/", "/"},
		{"/\\evil.example", "/"},
		{"javascript:alert(1)", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := safeNext(tt.in); got != tt.want {
				t.Errorf("safeNext(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSecurityHeaders_EveryResponse(t *testing.T) {
	e := newEnv(t)
	paths := []string{"/login", "/", "/api/v1/cases", "/healthz", "/readyz", "/metrics", "/static/app.css", "/nothing"}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			rec := e.do(request{method: http.MethodGet, path: p})
			h := rec.Header()
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "script-src 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") {
				t.Errorf("CSP %q allows inline code", csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" {
				t.Errorf("headers = %v, want nosniff and same-origin", h)
			}
			if h.Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
		})
	}
}
