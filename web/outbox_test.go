package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"linka/cases"
	"linka/cases/gomail"
)

// failing is a Sender that refuses every mail for good.
type failing struct{}

func (failing) Send(context.Context, *cases.OutgoingMail) error {
	return cases.PermanentFailure(errors.New("550 5.1.1 no such user"))
}

// informedCase registers a case whose submitter wants e-mails.
func (e *testEnv) informedCase() *cases.Case {
	return e.newCase("clerk", cases.CaseInput{KeepInformed: true,
		NewSubmitter: &cases.Contact{FirstName: "Petr", LastName: "Novotný", Email: "petr@example.cz"}})
}

// sendAll runs one batch of the outbox with sender.
func (e *testEnv) sendAll(sender cases.Sender) {
	e.t.Helper()
	ob, err := cases.NewOutbox(e.svc, cases.OutboxOptions{Sender: sender, From: "podnety@urad.example.cz", Domain: "urad.example.cz"})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := ob.SendDue(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

func TestAPI_Notifications(t *testing.T) {
	e := newEnv(t)
	c := e.informedCase()
	var out struct {
		Notifications []notificationJSON `json:"notifications"`
		Total         int                `json:"total"`
		Counts        map[string]int     `json:"counts"`
	}
	decodeInto(t, e.api("GET", "/api/v1/notifications", "supervisor", nil), http.StatusOK, &out)
	if out.Total != 1 || out.Notifications[0].Case != c.Number || out.Notifications[0].Kind != cases.NotifyReceived ||
		out.Notifications[0].State != cases.NotificationPending || out.Counts["pending"] != 1 {
		t.Fatalf("GET /api/v1/notifications = %+v", out)
	}
	wantError(t, e.api("GET", "/api/v1/notifications", "clerk", nil), http.StatusForbidden, "forbidden", "")
	wantError(t, e.api("GET", "/api/v1/notifications?state=lost", "admin", nil), http.StatusUnprocessableEntity, "invalid", "state")
	id := out.Notifications[0].ID
	path := "/api/v1/notifications/" + itoa(id) + "/retry"
	wantError(t, e.api("POST", path, "admin", nil), http.StatusConflict, "conflict", "")
	e.sendAll(failing{})
	decodeInto(t, e.api("GET", "/api/v1/notifications?state=failed", "admin", nil), http.StatusOK, &out)
	if out.Total != 1 || !strings.Contains(out.Notifications[0].LastError, "550") {
		t.Fatalf("failed notifications = %+v", out)
	}
	if rec := e.api("POST", path, "admin", nil); rec.Code != http.StatusNoContent {
		t.Fatalf("retry = %d %s", rec.Code, rec.Body)
	}
	decodeInto(t, e.api("GET", "/api/v1/notifications?state=pending", "admin", nil), http.StatusOK, &out)
	if out.Total != 1 || out.Notifications[0].Attempts != 0 {
		t.Errorf("after retry = %+v", out)
	}
	wantError(t, e.api("POST", "/api/v1/notifications/99999/retry", "admin", nil), http.StatusNotFound, "not_found", "")
}

func TestAPI_NotificationTemplates(t *testing.T) {
	e := newEnv(t)
	var list struct {
		Templates []templateJSON `json:"templates"`
	}
	decodeInto(t, e.api("GET", "/api/v1/notification-templates", "supervisor", nil), http.StatusOK, &list)
	if len(list.Templates) != 2*len(cases.NotificationKinds()) {
		t.Fatalf("templates = %d, want every kind in cs and en", len(list.Templates))
	}
	path := "/api/v1/notification-templates/rejected/en"
	body := map[string]string{"subject": "Rejected: {{.Number}}", "text": "Reason: {{.Reason}}", "html": "<p>{{.Reason}}</p>"}
	wantError(t, e.api("PUT", path, "supervisor", body), http.StatusForbidden, "forbidden", "")
	wantError(t, e.api("PUT", path, "admin", map[string]string{"subject": "{{.Nope", "text": "x"}), http.StatusUnprocessableEntity, "invalid", "subject")
	wantError(t, e.api("PUT", "/api/v1/notification-templates/nosuch/en", "admin", body), http.StatusUnprocessableEntity, "invalid", "kind")
	var tpl templateJSON
	decodeInto(t, e.api("PUT", path, "admin", body), http.StatusOK, &tpl)
	if !tpl.Custom || tpl.Subject != body["subject"] {
		t.Errorf("PUT = %+v", tpl)
	}
	var prev map[string]string
	decodeInto(t, e.api("POST", path+"/preview", "admin", map[string]string{"subject": "{{.Number}}", "text": "{{.Reason}}", "html": "<b>{{.Subject}}</b>"}), http.StatusOK, &prev)
	if prev["subject"] != "2026-8620" || !strings.Contains(prev["html"], "<b>Complaint") {
		t.Errorf("preview = %+v", prev)
	}
	if rec := e.api("DELETE", path, "admin", nil); rec.Code != http.StatusNoContent {
		t.Fatalf("DELETE = %d", rec.Code)
	}
	decodeInto(t, e.api("GET", path, "admin", nil), http.StatusOK, &tpl)
	if tpl.Custom {
		t.Errorf("after DELETE the template is still custom")
	}
}

func TestPages_Outbox(t *testing.T) {
	e := newEnv(t)
	e.informedCase()
	e.sendAll(failing{})
	cookie, csrf := e.session("supervisor")
	body := html(t, e.get("/outbox", cookie), http.StatusOK)
	for _, want := range []string{"petr@example.cz", "550 5.1.1 no such user", `action="/outbox/`, `href="/outbox"`, "Selhalo"} {
		if !strings.Contains(body, want) {
			t.Errorf("/outbox lacks %q", want)
		}
	}
	ns, _, _ := e.svc.Notifications(context.Background(), e.user("supervisor"), cases.NotificationFilter{})
	rec := e.form("/outbox/"+itoa(ns[0].ID)+"/retry", url.Values{"csrf_token": {csrf}}, cookie)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("retry form = %d %s", rec.Code, rec.Body)
	}
	body = html(t, e.get(rec.Header().Get("Location"), cookie), http.StatusOK)
	if !strings.Contains(body, "Zpráva čeká na nové odeslání.") {
		t.Errorf("no notice after the retry")
	}
	clerk, _ := e.session("clerk")
	if rec := e.get("/outbox", clerk); rec.Code != http.StatusForbidden {
		t.Errorf("/outbox as a clerk = %d, want 403", rec.Code)
	}
}

func TestPages_OutboxTemplates(t *testing.T) {
	e := newEnv(t)
	cookie, csrf := e.session("admin")
	body := html(t, e.get("/outbox/templates", cookie), http.StatusOK)
	if !strings.Contains(body, `href="/outbox/templates/access_code/en"`) {
		t.Errorf("the template list lacks access_code/en")
	}
	path := "/outbox/templates/resolved/cs"
	body = html(t, e.get(path, cookie), http.StatusOK)
	if !strings.Contains(body, "byl vyřízen") {
		t.Errorf("the editor does not show the default text")
	}
	v := url.Values{"csrf_token": {csrf}, "subject": {"Vyřízeno {{.Number}}"}, "text": {"Odpověď: {{.Response}}"},
		"html": {"<p>{{.Response}}</p>"}, "action": {"preview"}}
	body = html(t, e.form(path, v, cookie), http.StatusOK)
	if !strings.Contains(body, "Vyřízeno 2026-8620") || !strings.Contains(body, "Parkovací zóna") {
		t.Errorf("the preview does not show the rendered sample")
	}
	v.Set("subject", "{{.Number")
	v.Set("action", "save")
	body = html(t, e.form(path, v, cookie), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "šablona předmětu je chybná") {
		t.Errorf("no Czech error for a broken template")
	}
	v.Set("subject", "Vyřízeno {{.Number}}")
	if rec := e.form(path, v, cookie); rec.Code != http.StatusSeeOther {
		t.Fatalf("save = %d %s", rec.Code, rec.Body)
	}
	rec := e.form(path+"/preview", v, cookie)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<p>Parkovací zóna") ||
		!strings.Contains(rec.Header().Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("HTML preview = %d %q CSP %q", rec.Code, rec.Body, rec.Header().Get("Content-Security-Policy"))
	}
}

func TestPages_OutboxMailFolder(t *testing.T) {
	e := newEnv(t)
	folder, err := gomail.NewFolder(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e.srv.mailDir = folder
	c := e.informedCase()
	e.sendAll(folder)
	cookie, _ := e.session("admin")
	body := html(t, e.get("/outbox", cookie), http.StatusOK)
	if !strings.Contains(body, "Podnět č. "+c.Number+" byl přijat") || !strings.Contains(body, `href="/outbox/mail/linka-`) {
		t.Fatalf("/outbox does not list the written mail:\n%s", body)
	}
	files, _ := folder.List(context.Background(), 0)
	rec := e.get("/outbox/mail/"+files[0].Name+"?download=1", cookie)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "message/rfc822" ||
		!strings.Contains(strings.ToLower(rec.Body.String()), "message-id: <linka.") {
		t.Errorf("download = %d %q", rec.Code, rec.Header())
	}
	if rec := e.get("/outbox/mail/..%2Fx.eml", cookie); rec.Code != http.StatusNotFound {
		t.Errorf("a foreign name = %d, want 404", rec.Code)
	}
}
