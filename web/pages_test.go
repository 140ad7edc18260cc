package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// missingKey matches the marker basePage.T shows for a missing message.
var missingKey = regexp.MustCompile(`\[[a-z_]+\.[A-Za-z_.-]+\]`)

// html checks that rec is an HTML page with the status and returns it.
func html(t *testing.T, rec *httptest.ResponseRecorder, status int) string {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("Content-Type = %q, want HTML", ct)
	}
	body := rec.Body.String()
	if m := missingKey.FindString(body); m != "" {
		t.Errorf("page shows a missing message %s", m)
	}
	return body
}

// get fetches a page with the session cookie.
func (e *testEnv) get(path string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	e.t.Helper()
	return e.do(request{method: http.MethodGet, path: path, cookies: cookies})
}

// rowOf returns the table row (<tr …>…</tr>) that links to the case.
func rowOf(t *testing.T, body, number string) string {
	t.Helper()
	i := strings.Index(body, `href="/cases/`+number+`"`)
	if i < 0 {
		t.Fatalf("no row for case %s", number)
	}
	start := strings.LastIndex(body[:i], "<tr")
	end := strings.Index(body[i:], "</tr>")
	return body[start : i+end]
}

func TestPages_Anonymous(t *testing.T) {
	e := newEnv(t)
	tests := []struct{ path, location string }{
		{"/", "/login"},
		{"/cases/8608?tab=history", "/login?next=%2Fcases%2F8608%3Ftab%3Dhistory"},
		{"/contacts", "/login?next=%2Fcontacts"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := e.get(tt.path)
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != tt.location {
				t.Errorf("GET %s = %d to %q, want 303 to %q", tt.path, rec.Code, rec.Header().Get("Location"), tt.location)
			}
		})
	}
	body := html(t, e.get("/login?next=/contacts"), http.StatusOK)
	for _, want := range []string{`<html lang="cs">`, `<label for="login">`, `<label for="password">`,
		`name="next" value="/contacts"`, `class="skip" href="#main"`, "/static/app.css?v="} {
		if !strings.Contains(body, want) {
			t.Errorf("login page lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") {
		t.Error("login page has inline script or style")
	}
	wrong := e.form("/login", url.Values{"login": {"nikdo"}, "password": {"x"}})
	if b := html(t, wrong, http.StatusUnauthorized); !strings.Contains(b, "Nesprávné přihlašovací jméno nebo heslo") ||
		!strings.Contains(b, `value="nikdo"`) {
		t.Errorf("failed sign-in page lacks the message or the typed login")
	}
}

func TestRegisterPage_SeedColumns(t *testing.T) {
	e := newEnv(t)
	c, _ := e.session("clerk")
	sub := &cases.Contact{TitleBefore: "Ing.", FirstName: "Petr", LastName: "Novotný"}
	old := e.newCase("clerk", cases.CaseInput{ReceivedAt: time.Date(2017, 4, 25, 9, 30, 0, 0, workdays.Prague()),
		NewSubmitter: sub, DepartmentID: e.deps["Doprava"], AssignedTo: e.user("doprava").ID})
	fresh := e.newCase("clerk", cases.CaseInput{Source: cases.SourcePost, Subject: "Požadavek na nákup laviček",
		DepartmentID: e.deps["Investice"], ReceivedAt: testNow.Add(-time.Hour)})
	body := html(t, e.get("/", c), http.StatusOK)
	cols := []string{"Evidenční číslo", "Stav", "Zdroj", "Datum přijetí", "Vyřídit do", "Podávající",
		"Přiděleno", "Aktuálně vyřizuje", "Popis", "Odbor", "Odeslaná odpověď"}
	at := strings.Index(body, "<thead>")
	for _, col := range cols {
		i := strings.Index(body[at:], `">`+col+`<`) // a plain header, or a sorting link's
		if i < 0 {
			t.Fatalf("register lacks the column %q in order", col)
		}
		at += i
	}
	oldRow := rowOf(t, body, old.Number)
	for _, want := range []string{`class="overdue"`, "po termínu", "25.04.2017 09:30", "25.05.2017",
		"Ing. Petr Novotný", "Test doprava", "Doprava", "Ano", "✗", "TEL", "Přidělený"} {
		if !strings.Contains(oldRow, want) {
			t.Errorf("overdue row lacks %q:\n%s", want, oldRow)
		}
	}
	freshRow := rowOf(t, body, fresh.Number)
	if strings.Contains(freshRow, "overdue") || strings.Contains(freshRow, "po termínu") {
		t.Errorf("a case within its deadline is marked overdue:\n%s", freshRow)
	}
	for _, want := range []string{"Pošta", "Investice", "Požadavek na nákup laviček", "Ne", "Nový"} {
		if !strings.Contains(freshRow, want) {
			t.Errorf("row lacks %q:\n%s", want, freshRow)
		}
	}
	filtered := html(t, e.get("/?overdue=true&state=new,assigned", c), http.StatusOK)
	if !strings.Contains(filtered, ">"+old.Number+"</a>") || strings.Contains(filtered, ">"+fresh.Number+"</a>") {
		t.Error("the overdue filter does not show exactly the overdue case")
	}
	bad := html(t, e.get("/?received_from=yesterday&q=parkovani", c), http.StatusUnprocessableEntity)
	if !strings.Contains(bad, `id="f-from-error"`) || !strings.Contains(bad, `value="parkovani"`) {
		t.Error("an invalid filter is not shown next to its field with the other filters kept")
	}
}

func TestRegisterPage_Paging(t *testing.T) {
	e := newEnv(t)
	c, _ := e.session("clerk")
	for range 3 {
		e.newCase("clerk", cases.CaseInput{})
	}
	body := html(t, e.get("/?limit=2&sort=number", c), http.StatusOK)
	if !strings.Contains(body, "Zobrazeno 1–2 z 3") || !strings.Contains(body, `href="/?limit=2&amp;offset=2&amp;sort=number"`) {
		t.Errorf("first page lacks the count or the next link:\n%s", body)
	}
	last := html(t, e.get("/?limit=2&offset=2&sort=number", c), http.StatusOK)
	if !strings.Contains(last, "Zobrazeno 3–3 z 3") || !strings.Contains(last, `rel="prev"`) || strings.Contains(last, `rel="next"`) {
		t.Error("last page lacks the count or has wrong links")
	}
}

func TestLanguage_Switch(t *testing.T) {
	e := newEnv(t)
	c, _ := e.session("clerk")
	rec := e.get("/lang/en?next=/contacts", c)
	lang := findCookie(rec, langCookie)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/contacts" || lang == nil || lang.Value != "en" {
		t.Fatalf("GET /lang/en = %d to %q with cookie %v", rec.Code, rec.Header().Get("Location"), lang)
	}
	body := html(t, e.get("/", c, lang), http.StatusOK)
	for _, want := range []string{`<html lang="en">`, "Evidence number", "Citizen submissions", "Sign out"} {
		if !strings.Contains(body, want) {
			t.Errorf("English register lacks %q", want)
		}
	}
	if rec := e.get("/lang/xx?next=https://evil.example/"); rec.Header().Get("Location") != "/" {
		t.Errorf("GET /lang/xx redirects to %q, want /", rec.Header().Get("Location"))
	}
}
