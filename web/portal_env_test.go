package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/internal/store"
	"linka/internal/store/storetest"
)

// portalEnv is a testEnv whose server also serves the citizen portal, with
// a mailbox collecting the access codes sent by e-mail.
type portalEnv struct {
	*testEnv
	db     *store.DB
	portal *cases.Portal
	mail   *testMailbox
}

// testMailbox is the portal's AccessCodeMailer in tests.
type testMailbox struct {
	mu   sync.Mutex
	sent []cases.AccessCodeMail
}

func (m *testMailbox) SendAccessCode(_ context.Context, mail cases.AccessCodeMail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, mail)
	return nil
}

func (m *testMailbox) all() []cases.AccessCodeMail {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]cases.AccessCodeMail(nil), m.sent...)
}

// newPortalEnv returns a server over a fresh SQLite store with the portal;
// mod may change the server's options (settings, trusted proxies).
func newPortalEnv(t *testing.T, mod func(*Options), copts ...func(*cases.Options)) *portalEnv {
	t.Helper()
	ctx := context.Background()
	st := storetest.SQLite(t)
	var err error
	db, blobs := st.DB, st.Blobs
	e := &testEnv{t: t, clock: &testClock{t: testNow}, logs: &syncBuffer{},
		deps: map[string]int64{}, users: map[string]*cases.User{}, tokens: map[string]string{}}
	o := cases.Options{Now: e.clock.Now, MaxAttachment: 64 << 10}
	for _, f := range copts {
		f(&o)
	}
	e.svc = cases.NewService(db, blobs, o)
	pe := &portalEnv{testEnv: e, db: db, mail: &testMailbox{}}
	pe.portal, err = cases.NewPortal(e.svc, cases.PortalOptions{Store: db, Mailer: pe.mail})
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Service: e.svc, Registry: prometheus.NewRegistry(), Version: "test",
		Logger: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Portal: pe.portal, PortalSettings: PortalSettings{OfficeName: "Městský úřad Linkov",
			OfficeEmail: "podatelna@linkov.example.cz", OfficeAddress: "Náměstí 1, 123 45 Linkov"}}
	if mod != nil {
		mod(&opts)
	}
	if e.srv, err = New(opts); err != nil {
		t.Fatalf("New = %v", err)
	}
	d := &cases.Department{Code: "DOP", Name: "Doprava", Active: true}
	if err := e.svc.SaveDepartment(ctx, cases.Console(), d); err != nil {
		t.Fatal(err)
	}
	e.deps["Doprava"] = d.ID
	return pe
}

// browserless is a cookie-keeping client of the portal through ServeHTTP.
type browserless struct {
	e       *portalEnv
	cookies map[string]*http.Cookie
	ip      string
}

func (e *portalEnv) visitor(ip string) *browserless {
	return &browserless{e: e, cookies: map[string]*http.Cookie{}, ip: ip}
}

// do sends req with the visitor's cookies and address, and keeps the
// cookies the answer sets.
func (b *browserless) do(req *http.Request) *httptest.ResponseRecorder {
	b.e.t.Helper()
	req.RemoteAddr = b.ip + ":40000"
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.e.srv.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return rec
}

// csrf returns the visitor's portal CSRF token (whatever its cookie name).
func (b *browserless) csrf() string {
	for _, name := range []string{"__Host-" + portalCSRFCookie, portalCSRFCookie} {
		if c, ok := b.cookies[name]; ok {
			return c.Value
		}
	}
	b.e.t.Fatalf("the visitor has no CSRF cookie")
	return ""
}

func (b *browserless) get(path string) *httptest.ResponseRecorder {
	return b.do(httptest.NewRequest(http.MethodGet, path, nil))
}

func (b *browserless) post(path string, v url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// multipart posts v and files (name → content) as multipart/form-data.
func (b *browserless) multipart(path string, v url.Values, files map[string]string) *httptest.ResponseRecorder {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range v {
		for _, x := range vs {
			_ = w.WriteField(k, x)
		}
	}
	for name, content := range files {
		fw, _ := w.CreateFormFile("attachments", name)
		_, _ = io.WriteString(fw, content)
	}
	_ = w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.do(req)
}

var (
	hiddenRe   = regexp.MustCompile(`name="(csrf_token|key)" value="([^"]*)"`)
	questionRe = regexp.MustCompile(`<label for="f-answer">([^<]*)`)
	codeRe     = regexp.MustCompile(`id="access-code">([0-9A-Z-]+)<`)
	numberRe   = regexp.MustCompile(`id="case-number">([^<]+)<`)
)

// openForm loads the web form and returns its hidden fields with the
// answer to its question filled in, and typical citizen input.
func (b *browserless) openForm() url.Values {
	b.e.t.Helper()
	rec := b.get("/portal/form")
	if rec.Code != http.StatusOK {
		b.e.t.Fatalf("GET /portal/form = %d", rec.Code)
	}
	v := url.Values{"name": {"Petr Novotný"}, "street": {"nám. 6 dubna 56/789"}, "city": {"Praha"},
		"postcode": {"110 00"}, "phone": {"560987654"}, "email": {"petr.novotny@centrum.cz"},
		"subject": {"Parkování v ulici Nerudova"}, "text": {"Auta stojí na chodníku."}, "keep_informed": {"true"}}
	for _, m := range hiddenRe.FindAllStringSubmatch(rec.Body.String(), -1) {
		v.Set(m[1], m[2])
	}
	q := questionRe.FindStringSubmatch(rec.Body.String())
	if q == nil {
		b.e.t.Fatalf("the form has no question: %s", rec.Body)
	}
	v.Set(formAnswer, answerTo(strings.TrimSpace(q[1])))
	return v
}

// answerTo answers an anti-robot question as a person would.
func answerTo(question string) string {
	for _, q := range robotQuestions {
		if q.cs == question || q.en == question {
			return q.answers[0]
		}
	}
	return "?"
}

// trustProxy makes 10.0.0.0/8 the trusted proxies.
func trustProxy(o *Options) {
	o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
}
