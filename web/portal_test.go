package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/internal/blob"
)

// countCases returns how many cases the register holds.
func (e *portalEnv) countCases() int {
	e.t.Helper()
	page, err := e.db.ListCases(context.Background(), cases.CaseFilter{Limit: 100, Sort: "-received_at",
		Scope: cases.Scope{All: true}})
	if err != nil {
		e.t.Fatal(err)
	}
	return page.Total
}

// submitted returns the case number and access code a confirmation shows.
func submitted(t *testing.T, body string) (string, string) {
	t.Helper()
	n, c := numberRe.FindStringSubmatch(body), codeRe.FindStringSubmatch(body)
	if n == nil || c == nil {
		t.Fatalf("the confirmation shows no case number or code: %s", body)
	}
	return n[1], c[1]
}

func TestPortal_SubmitAndFollow(t *testing.T) {
	e := newPortalEnv(t, nil)
	b := e.visitor("192.0.2.10")
	form := b.openForm()
	rec := b.multipart("/portal/form", form, map[string]string{"foto.txt": "fotografie chodníku"})
	if rec.Code != http.StatusOK {
		t.Fatalf("POST /portal/form = %d; body %s", rec.Code, rec.Body)
	}
	number, code := submitted(t, rec.Body.String())

	// A double click sends the same form again: still one case.
	again := b.multipart("/portal/form", form, map[string]string{"foto.txt": "fotografie chodníku"})
	number2, code2 := submitted(t, again.Body.String())
	if number2 != number || code2 != code || e.countCases() != 1 {
		t.Fatalf("after a double submit: numbers %s, %s and %d cases; want one case", number, number2, e.countCases())
	}
	c, err := e.db.CaseByNumber(context.Background(), number)
	if err != nil {
		t.Fatal(err)
	}
	atts, _ := e.db.Attachments(context.Background(), c.ID)
	if c.Source != cases.SourceWeb || !c.KeepInformed || !strings.HasPrefix(c.SourceRef, "web:") || len(atts) != 1 {
		t.Errorf("case = %+v with %d attachments; want WEB, kept informed, a web source ref, one file", c, len(atts))
	}

	// Staff work on the case: an internal activity and an official.
	clerk := e.user("clerk")
	official := e.user("doprava")
	dep := e.deps["Doprava"]
	if _, err := e.svc.UpdateCase(context.Background(), clerk, number, c.Version, cases.CasePatch{
		DepartmentID: &dep, AssignedTo: &official.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddActivity(context.Background(), clerk, number, cases.Activity{Description: "interní poznámka: volat starostovi"}); err != nil {
		t.Fatal(err)
	}

	// A wrong code is refused; the form's code opens the status page.
	rec = b.post("/portal/status", url.Values{"number": {number}, "code": {"0000-0000-0000-0000"}, csrfField: {form.Get(csrfField)}})
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("sign-in with a wrong code = %d, want 401", rec.Code)
	}
	rec = b.post("/portal/status", url.Values{"number": {number}, "code": {strings.ToLower(code2)}, csrfField: {form.Get(csrfField)}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("sign-in = %d, want 303; body %s", rec.Code, rec.Body)
	}
	view := b.get("/portal/status").Body.String()
	for _, want := range []string{number, "Přidělený", "Doprava"} {
		if !strings.Contains(view, want) {
			t.Errorf("status page lacks %q", want)
		}
	}
	for _, secret := range []string{"interní poznámka", official.Name, "Auta stojí", "petr.novotny"} {
		if strings.Contains(view, secret) {
			t.Errorf("status page shows internal or personal data %q", secret)
		}
	}
	rec = b.post("/portal/status/signout", url.Values{csrfField: {form.Get(csrfField)}})
	if rec.Code != http.StatusSeeOther || strings.Contains(b.get("/portal/status").Body.String(), "Doprava") {
		t.Errorf("after sign-out the status page still shows the case (%d)", rec.Code)
	}
}

func TestPortal_FormAbuse(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mod    func(v url.Values) url.Values
		files  map[string]string
		status int
	}{
		{"missing CSRF token", func(v url.Values) url.Values { v.Del(csrfField); return v }, nil, http.StatusForbidden},
		{"wrong CSRF token", func(v url.Values) url.Values { v.Set(csrfField, strings.Repeat("x", 43)); return v }, nil, http.StatusForbidden},
		{"honeypot", func(v url.Values) url.Values { v.Set(formHoneypot, "http://spam.example"); return v }, nil, http.StatusUnprocessableEntity},
		{"wrong answer", func(v url.Values) url.Values { v.Set(formAnswer, "12"); return v }, nil, http.StatusUnprocessableEntity},
		{"no answer", func(v url.Values) url.Values { v.Del(formAnswer); return v }, nil, http.StatusUnprocessableEntity},
		{"oversized file", nil, map[string]string{"a.txt": "ok", "big.bin": strings.Repeat("x", 70<<10)}, http.StatusRequestEntityTooLarge},
		{"oversized body", nil, map[string]string{"a.txt": "ok", "big.bin": strings.Repeat("x", 1200<<10)}, http.StatusRequestEntityTooLarge},
		{"no contact", func(v url.Values) url.Values { v.Del("email"); v.Del("phone"); v.Del("keep_informed"); return v }, nil, http.StatusUnprocessableEntity},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newPortalEnv(t, nil)
			b := e.visitor("192.0.2.20")
			v := b.openForm()
			if tc.mod != nil {
				v = tc.mod(v)
			}
			rec := b.multipart("/portal/form", v, tc.files)
			if rec.Code != tc.status {
				t.Fatalf("POST /portal/form = %d, want %d; body %s", rec.Code, tc.status, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), `role="alert"`) {
				t.Errorf("the answer shows no error message: %s", rec.Body)
			}
			if n := e.countCases(); n != 0 {
				t.Errorf("cases after the refused form = %d, want 0", n)
			}
			if !strings.Contains(e.logs.String(), "level=WARN") {
				t.Errorf("the refusal was not logged")
			}
			metrics := e.do(request{method: http.MethodGet, path: "/metrics"}).Body.String()
			if !regexp.MustCompile(`linka_portal_refusals_total\{reason="[a-z_]+"\} 1`).MatchString(metrics) {
				t.Errorf("no refusal counted in /metrics")
			}
		})
	}
}

// httptestDo sends a GET for path to h.
func httptestDo(h http.Handler, path string) *http.Response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Result()
}

func TestPortal_FormRateLimit(t *testing.T) {
	e := newPortalEnv(t, func(o *Options) { o.PortalSettings.SubmitsPerHour = 3 })
	b := e.visitor("192.0.2.30")
	for i := range 3 {
		rec := b.multipart("/portal/form", b.openForm(), nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("submission %d = %d; body %s", i+1, rec.Code, rec.Body)
		}
	}
	rec := b.multipart("/portal/form", b.openForm(), nil)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("fourth submission in an hour = %d, want 429 with Retry-After", rec.Code)
	}
	other := e.visitor("192.0.2.31")
	if rec := other.multipart("/portal/form", other.openForm(), nil); rec.Code != http.StatusOK {
		t.Errorf("a submission from another address = %d, want 200", rec.Code)
	}
	e.clock.Add(time.Hour)
	if rec := b.multipart("/portal/form", b.openForm(), nil); rec.Code != http.StatusOK {
		t.Errorf("a submission an hour later = %d, want 200", rec.Code)
	}
	if n := e.countCases(); n != 5 {
		t.Errorf("cases = %d, want 5", n)
	}
}

// TestPortal_FormRateLimitSharedByInstances: two instances of Linka on
// one database enforce one limit per address and clock hour.
func TestPortal_FormRateLimitSharedByInstances(t *testing.T) {
	e := newPortalEnv(t, func(o *Options) { o.PortalSettings.SubmitsPerHour = 3 })
	first := e.srv
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := cases.NewService(e.db, blobs, cases.Options{Now: e.clock.Now, MaxAttachment: 64 << 10})
	portal, err := cases.NewPortal(svc, cases.PortalOptions{Store: e.db})
	if err != nil {
		t.Fatal(err)
	}
	second, err := New(Options{Service: svc, Registry: prometheus.NewRegistry(), Version: "test",
		Logger: slog.New(slog.NewTextHandler(e.logs, nil)), Portal: portal,
		PortalSettings: PortalSettings{OfficeName: "Městský úřad Linkov", SubmitsPerHour: 3}})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Add(20 * time.Minute) // 10:20 in Prague: 40 minutes to the next hour
	b := e.visitor("192.0.2.40")
	for i, srv := range []*Server{first, second, first} {
		e.srv = srv
		if rec := b.multipart("/portal/form", b.openForm(), nil); rec.Code != http.StatusOK {
			t.Fatalf("submission %d = %d; body %s", i+1, rec.Code, rec.Body)
		}
	}
	e.srv = second
	rec := b.multipart("/portal/form", b.openForm(), nil)
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("fourth submission in the hour, through the other instance = %d, want 429", rec.Code)
	}
	if got := rec.Header().Get("Retry-After"); got != "2400" {
		t.Errorf("Retry-After = %q, want 2400 (the 40 minutes to the next hour)", got)
	}
	e.clock.Add(40 * time.Minute) // the next clock hour
	if rec := b.multipart("/portal/form", b.openForm(), nil); rec.Code != http.StatusOK {
		t.Errorf("a submission in the next hour = %d, want 200", rec.Code)
	}
}

// stripTokens removes what differs between two answers for reasons other
// than the case: the CSRF token and the number typed.
var tokenRe = regexp.MustCompile(`value="[^"]*"`)

func TestPortal_SignInAbuse(t *testing.T) {
	e := newPortalEnv(t, nil)
	b := e.visitor("192.0.2.40")
	number, code := submitted(t, b.multipart("/portal/form", b.openForm(), nil).Body.String())
	csrf := b.csrf()
	signIn := func(v *browserless, n, c string) *http.Response {
		v.cookies = b.cookies
		r := v.post("/portal/status", url.Values{"number": {n}, "code": {c}, csrfField: {csrf}}).Result()
		delete(b.cookies, "__Host-"+portalSessionCookie)
		return r
	}
	wrong := "0000-0000-0000-0000"

	// Unknown number and wrong code: the same answer.
	x, y := e.visitor("198.51.100.1"), e.visitor("198.51.100.2")
	x.cookies, y.cookies = b.cookies, b.cookies
	rUnknown := x.post("/portal/status", url.Values{"number": {"99999"}, "code": {wrong}, csrfField: {csrf}})
	rWrong := y.post("/portal/status", url.Values{"number": {number}, "code": {wrong}, csrfField: {csrf}})
	if rUnknown.Code != http.StatusUnauthorized || rWrong.Code != rUnknown.Code {
		t.Fatalf("unknown number = %d, wrong code = %d; want both 401", rUnknown.Code, rWrong.Code)
	}
	if a, b := tokenRe.ReplaceAllString(rUnknown.Body.String(), ""), tokenRe.ReplaceAllString(rWrong.Body.String(), ""); a != b {
		t.Errorf("the answers to an unknown number and a wrong code differ:\n%s\n---\n%s", a, b)
	}

	// Missing CSRF token: refused before the code is checked.
	rec := b.post("/portal/status", url.Values{"number": {number}, "code": {code}})
	if rec.Code != http.StatusForbidden {
		t.Errorf("sign-in without the CSRF token = %d, want 403", rec.Code)
	}

	// Repeated wrong codes: delays, then a lockout that even the right code
	// meets; an unknown number meets it the same way.
	var last *http.Response
	for i := 0; i < 30; i++ {
		last = signIn(e.visitor("203.0.113."+string(rune('1'+i%9))), number, wrong)
		if last.StatusCode == http.StatusTooManyRequests {
			e.clock.Add(2 * time.Minute) // wait out the growing delays
		}
	}
	if r := signIn(e.visitor("203.0.113.200"), number, code); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right code during the lockout = %d, want 429", r.StatusCode)
	}
	for i := 0; i < 30; i++ {
		signIn(e.visitor("203.0.114."+string(rune('1'+i%9))), "88888", wrong)
		e.clock.Add(2 * time.Minute)
	}
	e.clock.Add(-2 * time.Minute)
	if r := signIn(e.visitor("203.0.114.200"), "88888", code); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("unknown number after as many failures = %d, want 429 like a real case", r.StatusCode)
	}

	// The lockout ends; the code expires after its lifetime.
	e.clock.Add(2 * time.Hour)
	if r := signIn(e.visitor("203.0.113.201"), number, code); r.StatusCode != http.StatusSeeOther {
		t.Errorf("right code after the lockout = %d, want 303", r.StatusCode)
	}
	e.clock.Add(e.portal.CodeTTL())
	late := e.visitor("203.0.113.202")
	late.cookies = b.cookies
	rec = late.post("/portal/status", url.Values{"number": {number}, "code": {code}, csrfField: {csrf}})
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "vypršela") {
		t.Errorf("expired code = %d %s, want 401 saying it expired", rec.Code, rec.Body)
	}
}

func TestPortal_Cookies(t *testing.T) {
	e := newPortalEnv(t, trustProxy)
	b := e.visitor("10.1.2.3") // the proxy
	req := func(path string) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, path, nil)
		r.Host = "podnety.example.cz"
		r.Header.Set("X-Forwarded-Proto", "https")
		r.Header.Set("X-Forwarded-For", "192.0.2.50")
		return r
	}
	rec := b.do(req("/portal/form"))
	c := findCookie(rec, "__Host-"+portalCSRFCookie)
	if c == nil || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Domain != "" {
		t.Errorf("CSRF cookie behind an HTTPS proxy = %+v, want __Host-, Secure, HttpOnly, Strict, Path=/", c)
	}
	// The demo on plain-HTTP localhost: no prefix, no Secure.
	local := e.visitor("127.0.0.1")
	r, _ := http.NewRequest(http.MethodGet, "/portal/form", nil)
	r.Host = "localhost:8080"
	rec = local.do(r)
	if c := findCookie(rec, portalCSRFCookie); c == nil || c.Secure || c.SameSite != http.SameSiteStrictMode {
		t.Errorf("CSRF cookie on plain-HTTP localhost = %+v, want linka_portal_csrf without Secure", c)
	}
	// Forwarding headers from an untrusted peer do not make it HTTPS.
	r, _ = http.NewRequest(http.MethodGet, "/portal/form", nil)
	r.Host = "localhost:8080"
	r.Header.Set("X-Forwarded-Proto", "https")
	rec = e.visitor("192.0.2.60").do(r)
	if findCookie(rec, "__Host-"+portalCSRFCookie) != nil {
		t.Errorf("an untrusted peer's X-Forwarded-Proto was believed")
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options"} {
		if v := rec.Header().Get(h); v == "" || (h == "Content-Security-Policy" && !strings.Contains(v, "frame-ancestors 'none'")) {
			t.Errorf("%s = %q", h, v)
		}
	}
}

func TestPortal_ProxyAwareLoginLimit(t *testing.T) {
	e := newPortalEnv(t, trustProxy)
	e.user("clerk")
	login := func(peer, client string) int {
		r, _ := http.NewRequest(http.MethodPost, "/login", strings.NewReader("login=clerk&password=wrong"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("X-Forwarded-For", client)
		return e.visitor(peer).do(r).Code
	}
	// Count failures as real ones would (each real one costs an argon2
	// check); the point is which address the requests are counted under.
	fill := func(addr string) {
		for range cases.SignInMaxFailures {
			if err := e.svc.CountSignInFailure(context.Background(), addr); err != nil {
				t.Fatal(err)
			}
		}
	}
	fill("192.0.2.70")
	if code := login("10.0.0.1", "192.0.2.70"); code != http.StatusTooManyRequests {
		t.Errorf("sign-in after %d failures of one client behind the proxy = %d, want 429", cases.SignInMaxFailures, code)
	}
	if code := login("10.0.0.1", "192.0.2.71"); code != http.StatusUnauthorized {
		t.Errorf("another client behind the same proxy = %d, want 401 (not limited)", code)
	}
	// An untrusted peer cannot dodge the limit with a forged header.
	fill("198.51.100.9")
	if code := login("198.51.100.9", "192.0.2.2"); code != http.StatusTooManyRequests {
		t.Errorf("untrusted peer with a new X-Forwarded-For = %d, want 429", code)
	}
}

func TestPortal_StaffIssuesCode(t *testing.T) {
	e := newPortalEnv(t, nil)
	c := e.newCase("clerk", cases.CaseInput{Subject: "Telefonický podnět"})
	rec := e.api(http.MethodPost, "/api/v1/cases/"+c.Number+"/access-code", "clerk", nil)
	var out accessCodeJSON
	decodeInto(t, rec, http.StatusCreated, &out)
	if cases.NormalizeAccessCode(out.Code) == "" || out.Number != c.Number || !strings.HasSuffix(out.StatusURL, "/portal/status") {
		t.Errorf("issued = %+v", out)
	}
	wantError(t, e.api(http.MethodPost, "/api/v1/cases/"+c.Number+"/access-code", "admin", nil),
		http.StatusNotFound, cases.ENotFound, "")

	// The button on the case page.
	sess, csrf := e.session("clerk")
	page := e.do(request{method: http.MethodGet, path: "/cases/" + c.Number, cookies: []*http.Cookie{sess}})
	if !strings.Contains(page.Body.String(), `action="/cases/`+c.Number+`/access-code"`) {
		t.Errorf("the case page has no access-code button")
	}
	rec = e.form("/cases/"+c.Number+"/access-code", url.Values{csrfField: {csrf}}, sess)
	m := codeRe.FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusOK || m == nil {
		t.Fatalf("POST /cases/%s/access-code = %d; body %s", c.Number, rec.Code, rec.Body)
	}
	b := e.visitor("192.0.2.80")
	b.get("/portal/status")
	r := b.post("/portal/status", url.Values{"number": {c.Number}, "code": {m[1]}, csrfField: {b.csrf()}})
	if r.Code != http.StatusSeeOther {
		t.Errorf("sign-in with the clerk's code = %d, want 303", r.Code)
	}
	if r := e.form("/cases/"+c.Number+"/access-code", url.Values{}, sess); r.Code != http.StatusForbidden {
		t.Errorf("button without the CSRF token = %d, want 403", r.Code)
	}
}

func TestPortal_RequestCodeByEmail(t *testing.T) {
	e := newPortalEnv(t, nil)
	b := e.visitor("192.0.2.90")
	number, _ := submitted(t, b.multipart("/portal/form", b.openForm(), nil).Body.String())
	csrf := b.csrf()
	var bodies []string
	for _, tc := range []struct{ number, email string }{
		{number, "someone@else.example"}, {"77777", "petr.novotny@centrum.cz"}, {number, "Petr.Novotny@centrum.cz"},
	} {
		rec := b.post("/portal/code", url.Values{"number": {tc.number}, "email": {tc.email}, csrfField: {csrf}})
		if rec.Code != http.StatusOK {
			t.Fatalf("POST /portal/code = %d; body %s", rec.Code, rec.Body)
		}
		bodies = append(bodies, tokenRe.ReplaceAllString(rec.Body.String(), ""))
	}
	if bodies[0] != bodies[1] || bodies[1] != bodies[2] {
		t.Errorf("the answers to a wrong address, an unknown case and a match differ")
	}
	e.portal.Wait()
	sent := e.mail.all()
	if len(sent) != 1 || sent[0].CaseNumber != number || sent[0].To != "petr.novotny@centrum.cz" {
		t.Fatalf("mails = %+v, want one to the address on record", sent)
	}
	rec := b.post("/portal/status", url.Values{"number": {number}, "code": {sent[0].Code}, csrfField: {csrf}})
	if rec.Code != http.StatusSeeOther {
		t.Errorf("sign-in with the mailed code = %d, want 303", rec.Code)
	}
}

func TestPortal_OwnHost(t *testing.T) {
	e := newPortalEnv(t, func(o *Options) { o.PortalSettings.BaseURL = "https://podnety.example.cz/" })
	get := func(host, path string) *http.Response {
		r, _ := http.NewRequest(http.MethodGet, path, nil)
		r.Host = host
		return e.visitor("192.0.2.100").do(r).Result()
	}
	if r := get("podnety.example.cz", "/"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/portal/" {
		t.Errorf("GET / on the portal's host = %d → %q, want a redirect to /portal/", r.StatusCode, r.Header.Get("Location"))
	}
	if r := get("podnety.example.cz", "/login"); r.StatusCode != http.StatusNotFound {
		t.Errorf("the staff sign-in on the portal's host = %d, want 404", r.StatusCode)
	}
	if r := get("linka.intra.example.cz", "/login"); r.StatusCode != http.StatusOK {
		t.Errorf("the staff sign-in on the staff host = %d, want 200", r.StatusCode)
	}
	h := e.srv.PortalHandler()
	rec := httptestDo(h, "/portal/form")
	if rec.StatusCode != http.StatusOK {
		t.Errorf("PortalHandler GET /portal/form = %d, want 200", rec.StatusCode)
	}
	if rec := httptestDo(h, "/api/v1/cases"); rec.StatusCode != http.StatusNotFound {
		t.Errorf("PortalHandler GET /api/v1/cases = %d, want 404", rec.StatusCode)
	}
}

// TestPortal_OversizedUploadOverTCP: a real client sending a body far over
// the limit gets the 413 page, not a reset connection, and nothing is
// stored.
func TestPortal_OversizedUploadOverTCP(t *testing.T) {
	e := newPortalEnv(t, nil)
	ts := httptest.NewServer(e.srv)
	defer ts.Close()
	b := e.visitor("127.0.0.1")
	v := b.openForm()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k := range v {
		_ = mw.WriteField(k, v.Get(k))
	}
	fw, _ := mw.CreateFormFile("attachments", "big.bin")
	_, _ = fw.Write(bytes.Repeat([]byte("x"), 8<<20))
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/portal/form", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("POST of 8 MiB: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "Nic nebylo uloženo") {
		t.Errorf("POST of 8 MiB = %d, want 413 saying nothing was stored", resp.StatusCode)
	}
	if e.countCases() != 0 {
		t.Errorf("cases = %d, want 0", e.countCases())
	}
}
