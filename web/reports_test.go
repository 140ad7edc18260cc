package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/cases/report"
	"linka/internal/store"
	"linka/internal/store/storetest"
	"linka/internal/workdays"
)

// reportMails is the Mailer of the web report tests.
type reportMails struct {
	mu   sync.Mutex
	sent []report.Mail
}

func (m *reportMails) QueueReportMail(ctx context.Context, x report.Mail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, x)
	return nil
}

func (m *reportMails) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sent)
}

// reportsEnv is a testEnv whose server has a report service over the
// same store.
type reportsEnv struct {
	*testEnv
	db    *store.DB
	rep   *report.Service
	mails *reportMails
}

func newReportsEnv(t *testing.T, opts Options) *reportsEnv {
	t.Helper()
	ctx := context.Background()
	st := storetest.SQLite(t)
	var err error
	db, blobs := st.DB, st.Blobs
	e := &reportsEnv{testEnv: &testEnv{t: t, clock: &testClock{t: testNow}, logs: &syncBuffer{},
		deps: map[string]int64{}, users: map[string]*cases.User{}, tokens: map[string]string{}}, db: db, mails: &reportMails{}}
	e.svc = cases.NewService(db, blobs, cases.Options{Now: e.clock.Now})
	e.rep, err = report.NewService(report.Options{Store: db, Users: e.svc, Mailer: e.mails, Now: e.clock.Now,
		BaseURL: "https://linka.example.cz", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	opts.Service, opts.Reports, opts.Registry, opts.Version = e.svc, e.rep, prometheus.NewRegistry(), "test"
	opts.Logger = slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if e.srv, err = New(opts); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Doprava", "Investice"} {
		d := &cases.Department{Code: strings.ToUpper(name[:3]), Name: name, Email: strings.ToLower(name) + "@example.cz", Active: true}
		if err := e.svc.SaveDepartment(ctx, cases.Console(), d); err != nil {
			t.Fatal(err)
		}
		e.deps[name] = d.ID
	}
	return e
}

// page GETs path as login with a session.
func (e *reportsEnv) page(path, login string) *httpResult {
	c, _ := e.session(login)
	w := e.do(request{method: http.MethodGet, path: path, cookies: []*http.Cookie{c}})
	return &httpResult{code: w.Code, body: w.Body.String(), header: w.Header()}
}

type httpResult struct {
	code   int
	body   string
	header http.Header
}

// post POSTs a form as login with the session's CSRF token.
func (e *reportsEnv) post(path, login string, v url.Values) *httpResult {
	c, csrf := e.session(login)
	v.Set("csrf_token", csrf)
	w := e.form(path, v, c)
	return &httpResult{code: w.Code, body: w.Body.String(), header: w.Header()}
}

func TestReports_Pages(t *testing.T) {
	e := newReportsEnv(t, Options{})
	ctx := context.Background()
	clerk := e.user("clerk")
	e.user("supervisor")
	// Two cases: received 2 March, overdue since 9 March; received today
	// (10 March), due 20 March.
	for i, due := range []string{"2026-03-09", "2026-03-20"} {
		d, _ := workdays.ParseDate(due)
		in := cases.CaseInput{Source: cases.SourcePhone, ReceivedAt: e.clock.Now().Add(-time.Duration(8-8*i) * 24 * time.Hour),
			Subject: "Parkování " + due, DepartmentID: e.deps["Doprava"], DueDate: d}
		if _, err := e.svc.CreateCase(ctx, clerk, in); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("forbidden to clerks", func(t *testing.T) {
		for _, p := range []string{"/statistics", "/statistics/queue", "/wallboard", "/reports"} {
			if r := e.page(p, "clerk"); r.code != http.StatusForbidden {
				t.Errorf("GET %s as clerk = %d, want 403", p, r.code)
			}
		}
	})
	t.Run("monthly with charts and CSV", func(t *testing.T) {
		r := e.page("/statistics?month=2026-03", "supervisor")
		if r.code != 200 || !strings.Contains(r.body, `<svg class="chart"`) || !strings.Contains(r.body, "Měsíční přehled podnětů") {
			t.Fatalf("GET /statistics = %d\n%s", r.code, r.body)
		}
		r = e.page("/statistics?month=2026-03&format=csv", "supervisor")
		if r.code != 200 || !strings.HasPrefix(r.body, "\ufeffCelkem\r\nSkupina;Přijato;") || !strings.Contains(r.body, "Celkem;2;0;0;0;0;0;0,0 d;—") {
			t.Errorf("CSV = %d %q", r.code, r.body)
		}
		if r := e.page("/statistics?month=březen", "supervisor"); r.code != 422 || !strings.Contains(r.body, "není měsíc") {
			t.Errorf("bad month = %d", r.code)
		}
	})
	t.Run("queue", func(t *testing.T) {
		if r := e.page("/statistics/queue?from=2026-03-10&to=2026-03-10&interval=15", "supervisor"); r.code != 200 {
			t.Errorf("queue = %d", r.code)
		}
		if r := e.page("/statistics/queue?interval=7", "supervisor"); r.code != 422 {
			t.Errorf("queue with interval 7 = %d, want 422", r.code)
		}
	})
	t.Run("foi", func(t *testing.T) {
		if r := e.page("/statistics/foi?year=2025", "supervisor"); r.code != 200 || !strings.Contains(r.body, "§ 18") {
			t.Errorf("foi = %d", r.code)
		}
	})
	t.Run("schedule: create, preview, send now", func(t *testing.T) {
		r := e.post("/reports/schedules/new", "supervisor", url.Values{"name": {"odbor-doprava"}, "kind": {"tasks"},
			"schedule": {"0 6 * * 1-5"}, "recipients": {"doprava@example.cz, sef@example.cz"}, "department": {"DOP"},
			"language": {"cs"}, "active": {"on"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("create = %d\n%s", r.code, r.body)
		}
		r = e.post("/reports/schedules/new", "supervisor", url.Values{"name": {"bad"}, "kind": {"tasks"},
			"schedule": {"0 25 * * *"}, "recipients": {"x@example.cz"}, "language": {"cs"}})
		if r.code != 422 || !strings.Contains(r.body, "aria-invalid") {
			t.Errorf("bad schedule = %d", r.code)
		}
		r = e.page("/reports", "supervisor")
		if !strings.Contains(r.body, "odbor-doprava") || !strings.Contains(r.body, "11.03.2026 06:00") {
			t.Errorf("admin page lacks the schedule and its next run:\n%s", r.body)
		}
		r = e.page("/reports/schedules/odbor-doprava/preview", "supervisor")
		if r.code != 200 || !strings.Contains(r.body, `class="overdue"`) || !strings.Contains(r.body, "Parkování 2026-03-09") {
			t.Errorf("preview = %d\n%s", r.code, r.body)
		}
		if r := e.post("/reports/schedules/odbor-doprava/send", "supervisor", url.Values{}); r.code != http.StatusSeeOther || e.mails.count() != 1 {
			t.Errorf("send now = %d, %d mails", r.code, e.mails.count())
		}
	})
	t.Run("alert rule", func(t *testing.T) {
		r := e.post("/reports/alerts/new", "supervisor", url.Values{"name": {"nezpracované"}, "kind": {"untriaged"},
			"threshold": {"2"}, "notify": {"supervisors"}, "active": {"on"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("create alert = %d\n%s", r.code, r.body)
		}
		r = e.post("/reports/alerts/new", "supervisor", url.Values{"name": {"x"}, "kind": {"service_level"},
			"threshold": {"80"}, "notify": {"nobody"}})
		if r.code != 422 {
			t.Errorf("bad alert = %d", r.code)
		}
	})
	t.Run("tasks page: own only", func(t *testing.T) {
		e.user("doprava")
		if r := e.page("/reports/tasks?user=doprava", "doprava"); r.code != 200 {
			t.Errorf("own tasks = %d", r.code)
		}
		if r := e.page("/reports/tasks?user=clerk", "doprava"); r.code != 403 {
			t.Errorf("other's tasks = %d, want 403", r.code)
		}
	})
	t.Run("wallboard", func(t *testing.T) {
		r := e.page("/wallboard", "supervisor")
		if r.code != 200 || !strings.Contains(r.body, `data-k="cases_new_today">1<`) {
			t.Errorf("wallboard = %d\n%s", r.code, r.body)
		}
		w := e.api(http.MethodGet, "/api/v1/wallboard", "supervisor", nil)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"overdue_by_department":[{"name":"Doprava","count":1}]`) {
			t.Errorf("api wallboard = %d %s", w.Code, w.Body.String())
		}
	})
}
