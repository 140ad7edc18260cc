package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// editForm returns the edit form of c as the page shows it, plus changes.
func editForm(c *cases.Case, csrf string, changes map[string]string) url.Values {
	v := caseValues(c)
	v.Set(csrfField, csrf)
	for k, x := range changes {
		v.Set(k, x)
	}
	return v
}

func TestCasePage_Tabs(t *testing.T) {
	e := newEnv(t)
	c, csrf := e.session("clerk")
	kase := e.newCase("clerk", cases.CaseInput{ReceivedAt: time.Date(2017, 4, 25, 9, 30, 0, 0, workdays.Prague()),
		DepartmentID: e.deps["Doprava"]})
	if _, err := e.svc.AddActivity(t.Context(), e.user("clerk"), kase.Number, cases.Activity{
		At: time.Date(2017, 4, 27, 10, 0, 0, 0, workdays.Prague()), Description: "po projednání předáno MP",
		HandedTo: e.user("doprava").ID, Done: true}); err != nil {
		t.Fatal(err)
	}
	path := "/cases/" + kase.Number
	editor := html(t, e.get(path, c), http.StatusOK)
	for _, want := range []string{"Editor", "Přílohy (0)", "Historie (2)", `aria-current="page">Editor`,
		"<th scope=\"col\">Datum</th>", "Převzal", "Předal komu", "Vyřízeno", "27.04.2017 10:00",
		"po projednání předáno MP", "Test doprava", `name="version" value="1"`, `value="` + csrf + `"`,
		"Datum přijetí", "Vyřídit do", "Aktuálně vyřizuje", "Odbor", "Odeslaná odpověď", "Přiděleno",
		`class="badge overdue"`, "Linka test"} {
		if !strings.Contains(editor, want) {
			t.Errorf("editor tab lacks %q", want)
		}
	}
	hist := html(t, e.get(path+"?tab=history", c), http.StatusOK)
	for _, want := range []string{`aria-current="page">Historie (2)`, "Činnost", "Stav", "Nový", "Test clerk"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history tab lacks %q", want)
		}
	}
	att := html(t, e.get(path+"?tab=attachments", c), http.StatusOK)
	if !strings.Contains(att, `enctype="multipart/form-data"`) || !strings.Contains(att, "Žádné přílohy") {
		t.Error("attachments tab lacks the upload form or the empty message")
	}
	other, _ := e.session("investice")
	if rec := e.get(path, other); rec.Code != http.StatusNotFound {
		t.Errorf("an official of another department gets %d, want 404", rec.Code)
	}
}

func TestCasePage_Edit(t *testing.T) {
	e := newEnv(t)
	c, csrf := e.session("clerk")
	kase := e.newCase("clerk", cases.CaseInput{DepartmentID: e.deps["Doprava"]})
	path := "/cases/" + kase.Number

	bad := e.form(path, editForm(kase, csrf, map[string]string{"subject": " ", "description": "Volal pan Novotný, chce odpověď e-mailem."}), c)
	body := html(t, bad, http.StatusUnprocessableEntity)
	for _, want := range []string{`id="case-subject-error"`, `aria-describedby="case-subject-error"`,
		"Volal pan Novotný, chce odpověď e-mailem."} {
		if !strings.Contains(body, want) {
			t.Errorf("invalid edit page lacks %q", want)
		}
	}

	ok := e.form(path, editForm(kase, csrf, map[string]string{"subject": "Parkování Nerudova", "state": "in_progress"}), c)
	if ok.Code != http.StatusSeeOther || ok.Header().Get("Location") != path+"?saved=1" {
		t.Fatalf("valid edit = %d to %q, want 303 to %s?saved=1; body %s", ok.Code, ok.Header().Get("Location"), path, ok.Body)
	}
	saved := html(t, e.get(path+"?saved=1", c), http.StatusOK)
	if !strings.Contains(saved, "Změny byly uloženy") || !strings.Contains(saved, `value="Parkování Nerudova"`) ||
		!strings.Contains(saved, `name="version" value="2"`) {
		t.Error("after saving the page lacks the notice, the new subject or version 2")
	}

	// The form still carries version 1: someone else's change in between.
	stale := e.form(path, editForm(kase, csrf, map[string]string{"subject": "Moje verze"}), c)
	body = html(t, stale, http.StatusConflict)
	if !strings.Contains(body, "změnil někdo jiný") || !strings.Contains(body, `value="Moje verze"`) {
		t.Error("the conflict page lacks the message or the typed subject")
	}
	got, err := e.svc.Case(t.Context(), e.user("clerk"), kase.Number)
	if err != nil || got.Subject != "Parkování Nerudova" {
		t.Errorf("after the conflict the case is %+v, %v; want the saved subject kept", got, err)
	}
}

func TestCasePage_ActivitiesAndUpload(t *testing.T) {
	e := newEnv(t, func(o *cases.Options) { o.MaxAttachment = 2 << 10 })
	c, csrf := e.session("clerk")
	kase := e.newCase("clerk", cases.CaseInput{})
	path := "/cases/" + kase.Number

	bad := e.form(path+"/activities", url.Values{csrfField: {csrf}, "description": {""}, "at": {"2026-03-09T08:00"}}, c)
	if body := html(t, bad, http.StatusUnprocessableEntity); !strings.Contains(body, `id="activity-description-error"`) ||
		!strings.Contains(body, `value="2026-03-09T08:00"`) {
		t.Error("an invalid activity is not shown with its error and the typed date")
	}
	add := e.form(path+"/activities", url.Values{csrfField: {csrf}, "description": {"nařízeno místní šetření"},
		"handed_to": {itoa(e.user("doprava").ID)}}, c)
	if add.Code != http.StatusSeeOther {
		t.Fatalf("add activity = %d; body %s", add.Code, add.Body)
	}
	acts, _ := e.svc.Activities(t.Context(), e.user("clerk"), kase.Number)
	if len(acts) != 1 || acts[0].Done {
		t.Fatalf("activities = %+v, want one not done", acts)
	}
	done := e.form(path+"/activities/"+itoa(acts[0].ID), url.Values{csrfField: {csrf}, "done": {"true"}}, c)
	if done.Code != http.StatusSeeOther {
		t.Fatalf("mark done = %d; body %s", done.Code, done.Body)
	}
	if acts, _ = e.svc.Activities(t.Context(), e.user("clerk"), kase.Number); !acts[0].Done {
		t.Error("the activity is not done after the form")
	}

	upload := func(content []byte) *bytes.Buffer {
		body, ctype := multipartBody(t, "dopis.txt", content, csrfField, csrf)
		rec := e.do(request{method: http.MethodPost, path: path + "/attachments", body: body, ctype: ctype,
			cookies: []*http.Cookie{c}})
		if rec.Code == http.StatusSeeOther {
			return nil
		}
		return rec.Body
	}
	if errBody := upload([]byte("Vážený úřade, …")); errBody != nil {
		t.Fatalf("upload failed: %s", errBody)
	}
	list := html(t, e.get(path+"?tab=attachments", c), http.StatusOK)
	if !strings.Contains(list, "dopis.txt") || !strings.Contains(list, "Přílohy (1)") {
		t.Error("the attachments tab does not list the upload")
	}
	errBody := upload(bytes.Repeat([]byte("x"), 3<<10))
	if errBody == nil || !strings.Contains(errBody.String(), `id="upload-file-error"`) {
		t.Errorf("an oversized upload is not refused next to the file field")
	}
	noToken, ctype := multipartBody(t, "dopis.txt", []byte("x"))
	if rec := e.do(request{method: http.MethodPost, path: path + "/attachments", body: noToken, ctype: ctype,
		cookies: []*http.Cookie{c}}); rec.Code != http.StatusForbidden {
		t.Errorf("upload without csrf_token = %d, want 403", rec.Code)
	}
}

func TestNewCasePage(t *testing.T) {
	e := newEnv(t)
	c, csrf := e.session("clerk")
	form := html(t, e.get("/cases/new", c), http.StatusOK)
	for _, want := range []string{`aria-current="page">Nový podnět`, `name="subject"`, `name="last_name"`,
		`value="2026-03-10T10:00"`, `<option value="TEL" selected>`} {
		if !strings.Contains(form, want) {
			t.Errorf("new-case form lacks %q", want)
		}
	}
	v := url.Values{csrfField: {csrf}, "source": {"TEL"}, "priority": {"normal"}, "received_at": {"2026-03-10T09:30"},
		"subject": {"Stížnost na hluk"}, "first_name": {"Natálie"}, "last_name": {"Bezděková"}, "phone": {"12"}}
	bad := html(t, e.form("/cases/new", v, c), http.StatusUnprocessableEntity)
	if !strings.Contains(bad, `id="submitter-phone-error"`) || !strings.Contains(bad, `value="Bezděková"`) ||
		!strings.Contains(bad, `value="Stížnost na hluk"`) {
		t.Error("an invalid new case is not shown with the phone error and the typed values")
	}
	v.Set("phone", "777 123 456")
	rec := e.form("/cases/new", v, c)
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/cases/") {
		t.Fatalf("create = %d to %q; body %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	page := html(t, e.get(rec.Header().Get("Location"), c), http.StatusOK)
	if !strings.Contains(page, "Natálie Bezděková") || !strings.Contains(page, "Stížnost na hluk") {
		t.Error("the new case page lacks the new submitter or subject")
	}
}

func TestContactPages(t *testing.T) {
	e := newEnv(t)
	c, csrf := e.session("clerk")
	create := url.Values{csrfField: {csrf}, "kind": {"person"}, "title_before": {"Ing."}, "first_name": {"Petr"},
		"last_name": {"Novotný"}, "district": {"Praha 10"}, "phone": {"560987654"}, "email": {"petr.novotny@centrum.cz"},
		"street": {"nám. 6 dubna 56/789"}, "postcode": {"11000"}, "city": {"Praha"}}
	rec := e.form("/contacts/new", create, c)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create contact = %d; body %s", rec.Code, rec.Body)
	}
	loc := rec.Header().Get("Location")
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/contacts/"), "?saved=1")
	kase := e.newCase("clerk", cases.CaseInput{SubmitterID: mustID(t, id)})
	page := html(t, e.get(loc, c), http.StatusOK)
	for _, want := range []string{"Kontakt Ing. Petr Novotný", "Titul 1", "Zaměstnavatel", "Městská část",
		"Kontaktní údaje", "Telefon", "Mobil", "PSČ", `420560987654"`, "Kontakt byl uložen",
		`href="/cases/` + kase.Number + `"`, "Podněty kontaktu (1)", "/cases/new?contact_id=" + id} {
		if !strings.Contains(page, want) {
			t.Errorf("contact page lacks %q", want)
		}
	}
	export := "/api/v1/access-log?contact_id=" + id + "&amp;format=csv"
	if strings.Contains(page, export) {
		t.Error("a clerk's contact page offers the access-log export")
	}
	dpo, _ := e.session("dpo")
	if page := html(t, e.get(loc, dpo), http.StatusOK); !strings.Contains(page, export) {
		t.Error("the data-protection officer's contact page lacks the access-log export")
	}
	create.Set("email", "není e-mail")
	bad := html(t, e.form("/contacts/"+id, create, c), http.StatusUnprocessableEntity)
	if !strings.Contains(bad, `id="contact-email-error"`) || !strings.Contains(bad, `value="není e-mail"`) {
		t.Error("an invalid contact is not shown with the e-mail error and the typed value")
	}
	list := html(t, e.get("/contacts?q=novotny", c), http.StatusOK)
	if !strings.Contains(list, `href="/contacts/`+id+`"`) || !strings.Contains(list, "Ing. Petr Novotný") {
		t.Error("the contact search does not find the contact")
	}
	if rec := e.get("/contacts/999", c); rec.Code != http.StatusNotFound {
		t.Errorf("GET /contacts/999 = %d, want 404", rec.Code)
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	n, err := pathID(fakePath{s}, "id", "x")
	if err != nil {
		t.Fatalf("id %q: %v", s, err)
	}
	return n
}

type fakePath struct{ v string }

func (f fakePath) PathValue(string) string { return f.v }
