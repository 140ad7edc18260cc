package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/cti"
	"linka/cti/pbxsim"
)

// rowWith returns the table row (<tr …>…</tr>) holding needle.
func rowWith(t *testing.T, body, needle string) string {
	t.Helper()
	i := strings.Index(body, needle)
	if i < 0 {
		t.Fatalf("no row holds %q", needle)
	}
	start := strings.LastIndex(body[:i], "<tr")
	end := strings.Index(body[i:], "</tr>")
	if start < 0 || end < 0 {
		t.Fatalf("%q is not in a table row", needle)
	}
	return body[start : i+end]
}

// wantAll reports each of want that s lacks.
func wantAll(t *testing.T, what, s string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, s)
		}
	}
}

// noInline reports inline script or style, which the CSP forbids.
func noInline(t *testing.T, what, body string) {
	t.Helper()
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") || strings.Contains(body, " onclick=") {
		t.Errorf("%s has inline script or style", what)
	}
}

func TestCallbacksPage_Queue(t *testing.T) {
	e := newCallbackEnv(t, nil, pbxsim.Options{}, "clerk", "official", "supervisor")
	contact := &cases.Contact{Kind: cases.KindPerson, FirstName: "Petr", LastName: "Novotný", Phone: "602 123 456"}
	if err := e.svc.CreateContact(context.Background(), e.user("clerk"), contact); err != nil {
		t.Fatalf("CreateContact = %v", err)
	}
	e.missed("602123456", "101")
	task := e.waitTask("a task for the missed call", "+420602123456", func(*apiCallback) bool { return true })
	e.missed("603111222", "101")
	e.waitTask("a task for the second call", "+420603111222", func(*apiCallback) bool { return true })
	e.clock.Add(5 * time.Minute)
	h, _ := e.talk("603111222", "102")
	if err := h.Hangup("102"); err != nil {
		t.Fatal(err)
	}
	e.waitTask("the second task to close", "+420603111222", func(c *apiCallback) bool { return c.State == "done" })

	c, csrf := e.session("clerk")
	body := html(t, e.get("/callbacks", c), http.StatusOK)
	noInline(t, "the queue", body)
	wantAll(t, "the queue", body, `<a href="/callbacks" aria-current="page">Zpětná volání</a>`, `href="/calllog"`,
		"Zobrazeno 1–1 z 1")
	row := rowWith(t, body, `href="tel:&#43;420602123456"`)
	wantAll(t, "the open task", row, ">&#43;420602123456</a>", fmt.Sprintf(`<a href="/contacts/%d">%s</a>`, contact.ID, contact.DisplayName()),
		"<td>Zmeškaný</td>", "<td>1</td>", "<td>10.03.2026 10:00</td>", "Zatím žádné", "<td>ihned</td>", "Čeká na zavolání",
		fmt.Sprintf(`action="/callbacks/%d/attempt"`, task.ID), `name="csrf_token" value="`+csrf+`"`,
		`name="return" value=""`, "Zavolat zpět")
	if strings.Contains(body, "420603111222") {
		t.Error("the open queue shows a task that is done")
	}

	done := html(t, e.get("/callbacks?state=done", c), http.StatusOK)
	row = rowWith(t, done, `href="tel:&#43;420603111222"`)
	wantAll(t, "the done task", row, "Občan se dovolal", "za 5:00")
	if strings.Contains(row, "Zavolat zpět") || strings.Contains(done, "420602123456") {
		t.Errorf("the done list offers a call-back or shows an open task:\n%s", done)
	}
	for query, want := range map[string]int{"state=all": 2, "state=all&category=abandoned": 0, "category=missed": 1} {
		b := html(t, e.get("/callbacks?"+query, c), http.StatusOK)
		if got := strings.Count(b, `href="tel:`); got != want {
			t.Errorf("GET /callbacks?%s shows %d tasks, want %d", query, got, want)
		}
	}
	bad := html(t, e.get("/callbacks?state=closed", c), http.StatusUnprocessableEntity)
	wantAll(t, "the invalid filter", bad, `class="field-error">stav musí být open, done nebo all`)

	o, _ := e.session("official")
	forbidden := html(t, e.get("/callbacks", o), http.StatusForbidden)
	if strings.Contains(forbidden, `href="/callbacks"`) || !strings.Contains(forbidden, `href="/calllog"`) {
		t.Error("an official's navigation links the callbacks or lacks the calls")
	}
}

func TestCallbacksPage_Attempt(t *testing.T) {
	e := newCallbackEnv(t, nil, pbxsim.Options{}, "clerk", "noext", "supervisor")
	e.missed("605000001", "101")
	task := e.waitTask("a task", "+420605000001", func(*apiCallback) bool { return true })
	path := fmt.Sprintf("/callbacks/%d/attempt", task.ID)
	c, csrf := e.session("clerk")
	attempt := func(cookie *http.Cookie, token string, extra ...*http.Cookie) *httptest.ResponseRecorder {
		t.Helper()
		return e.form(path, url.Values{"csrf_token": {token}, "return": {"state=all&evil=1"}}, append(extra, cookie)...)
	}

	html(t, attempt(c, ""), http.StatusForbidden)
	n, ntoken := e.session("noext")
	noExt := html(t, attempt(n, ntoken), http.StatusUnprocessableEntity)
	wantAll(t, "the refusal without an extension", noExt, `role="alert">nemáte přidělenou linku; požádejte správce o její nastavení`,
		`name="return" value="state=all"`, `<option value="all" selected>`)

	// 16:30; the earlier session has expired meanwhile.
	e.clock.Add(6*time.Hour + 30*time.Minute)
	c, csrf = e.session("clerk")
	late := html(t, attempt(c, csrf), http.StatusConflict)
	wantAll(t, "the refusal out of hours", late, "mimo úřední hodiny; další pokus je možný od 2026-03-11 08:00")
	en := html(t, attempt(c, csrf, &http.Cookie{Name: langCookie, Value: "en"}), http.StatusConflict)
	wantAll(t, "the English refusal", en, "outside opening hours; the next attempt is allowed at 2026-03-11 08:00")

	e.clock.Add(16 * time.Hour) // 08:30 the next day
	c, csrf = e.session("clerk")
	rec := attempt(c, csrf)
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != fmt.Sprintf("/callbacks?called=%d&state=all", task.ID) {
		t.Fatalf("POST %s = %d to %q, want 303 back to the queue", path, rec.Code, loc)
	}
	back := html(t, e.get(rec.Header().Get("Location"), c), http.StatusOK)
	wantAll(t, "the queue after the attempt", back, `class="notice" role="status">Zpětné volání se spojuje`,
		"Test clerk (101): probíhá", `name="return" value="state=all"`)
	again := html(t, attempt(c, csrf), http.StatusConflict)
	wantAll(t, "the second attempt", again, "jiný pokus o zpětné volání tohoto úkolu právě probíhá")
	var got apiCallback
	decodeInto(t, e.api(http.MethodGet, fmt.Sprintf("/api/v1/callbacks/%d", task.ID), "clerk", nil), http.StatusOK, &got)
	if len(got.Attempts) != 1 || got.Attempts[0].Extension != "101" {
		t.Errorf("attempts = %+v, want the one from 101", got.Attempts)
	}

	noLink, err := New(Options{Service: e.svc, Registry: prometheus.NewRegistry(), Callbacks: e.cb})
	if err != nil {
		t.Fatalf("New without a PBX link = %v", err)
	}
	e.srv = noLink
	noPBX := html(t, attempt(c, csrf), http.StatusServiceUnavailable)
	wantAll(t, "the refusal without a PBX link", noPBX, "spojení s ústřednou není nastaveno")
}

func TestCallbacksPage_NotConfigured(t *testing.T) {
	e := newEnv(t)
	c, csrf := e.session("clerk")
	body := html(t, e.get("/callbacks", c), http.StatusOK)
	wantAll(t, "the page without a queue", body, "Fronta zpětných volání není nastavena.")
	if strings.Contains(body, "<table") {
		t.Error("the page without a queue shows a table")
	}
	rec := e.form("/callbacks/1/attempt", url.Values{"csrf_token": {csrf}}, c)
	wantAll(t, "the attempt without a queue", html(t, rec, http.StatusServiceUnavailable), "zpětná volání nejsou nastavena")
}

func TestCallbackLabels_Complete(t *testing.T) {
	keys := []string{"callbacks.state.open", "callbacks.state.done", "callbacks.state.all"}
	for _, c := range []cti.CallbackCategory{cti.CategoryMissed, cti.CategoryAbandoned, cti.CategoryOutOfHours} {
		keys = append(keys, "category."+string(c))
	}
	for _, r := range []cti.CallbackResolution{cti.ResolutionReached, cti.ResolutionCalledIn, cti.ResolutionCalledOut, cti.ResolutionGaveUp} {
		keys = append(keys, "resolution."+string(r))
	}
	for _, o := range []cti.AttemptOutcome{cti.OutcomePending, cti.OutcomeReached, cti.OutcomeTooShort, cti.OutcomeNoAnswer,
		cti.OutcomeFailed, cti.OutcomeNotPlaced, cti.OutcomeUnknown} {
		keys = append(keys, "outcome."+string(o))
	}
	for _, d := range []cti.Direction{cti.DirectionIncoming, cti.DirectionOutgoing, cti.DirectionInternal, cti.DirectionUnknown} {
		keys = append(keys, "direction."+string(d))
	}
	for _, r := range []string{cti.EndCompleted, cti.EndMissed, cti.EndAbandoned, cti.EndUnanswered, cti.EndFailed,
		cti.EndMerged, cti.EndForwarded, cti.EndLost} {
		keys = append(keys, "end."+r)
	}
	for lang, cat := range catalogs() {
		for _, k := range keys {
			if _, ok := cat[k]; !ok {
				t.Errorf("catalogue %s lacks %q", lang, k)
			}
		}
	}
}

func TestClockDuration(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0:00"}, {5 * time.Second, "0:05"}, {83 * time.Second, "1:23"}, {59*time.Minute + 59*time.Second, "59:59"},
		{time.Hour, "1:00:00"}, {26*time.Hour + 3*time.Minute + 4*time.Second, "26:03:04"}, {1500 * time.Millisecond, "0:01"},
	} {
		if got := clockDuration(tt.d); got != tt.want {
			t.Errorf("clockDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestTelLink(t *testing.T) {
	for number, want := range map[string]string{"+420602123456": "tel:+420602123456", "602123456": "tel:602123456",
		"": "", "60+2": "", "1#2": "", "javascript:x": ""} {
		if got := string(telLink(number)); got != want {
			t.Errorf("telLink(%q) = %q, want %q", number, got, want)
		}
	}
}
