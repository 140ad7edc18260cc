package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/cti"
	"linka/cti/csta"
)

// runAgentLog writes the agent state log of e's bus until the test ends,
// as `linka serve` does.
func runAgentLog(e *pbxEnv) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	l := &cti.AgentLog{Bus: e.link.Bus(), Store: e.db}
	go func() { defer close(done); l.Run(ctx) }()
	e.t.Cleanup(func() { cancel(); <-done })
}

// panelAgent is GET /api/v1/panel's agent as a test reads it.
type panelAgent struct {
	Agent struct {
		State  string `json:"state"`
		Reason string `json:"reason"`
	} `json:"agent"`
	Reasons      []cti.AgentReason `json:"reasons"`
	Dispositions []cti.Disposition `json:"dispositions"`
}

func TestPanelAPI_AgentStateWithReason(t *testing.T) {
	e := newPBXEnv(t, "clerk")
	e.clock.Add(time.Since(testNow)) // the link stamps agent states with the real time
	runAgentLog(e)
	start := e.svc.Now().Add(-time.Minute)
	e.post("clerk", "/api/v1/panel/agent", map[string]string{"state": "logout"}, http.StatusOK)
	e.eventually("the PBX to report the sign-out", func() bool { return e.panelState("101").Agent.State == "logged_out" })
	e.post("clerk", "/api/v1/panel/agent", map[string]string{"state": "login"}, http.StatusOK)
	e.eventually("the PBX to report the sign-in", func() bool { return e.panelState("101").Agent.State != "logged_out" })
	e.post("clerk", "/api/v1/panel/agent", map[string]string{"state": "not_ready", "reason": "meeting"}, http.StatusOK)
	e.eventually("not ready for a meeting", func() bool {
		p := e.panelState("101")
		return p.Agent.State == "not_ready" && p.Agent.Reason == "meeting"
	})
	// Only the reason changes: Linka logs it, the PBX has nothing to do.
	e.post("clerk", "/api/v1/panel/agent", map[string]string{"state": "not_ready", "reason": "break"}, http.StatusOK)
	if p := e.panelState("101"); p.Agent.Reason != "break" {
		t.Errorf("reason after a change = %q, want break", p.Agent.Reason)
	}
	// A change made on the phone is logged too, without a reason.
	if err := e.pbx.AgentReady("101"); err != nil {
		t.Fatalf("AgentReady = %v", err)
	}
	e.eventually("the agent state log of 101", func() bool {
		log, err := e.db.AgentStateLog(context.Background(), "101", start)
		if err != nil || len(log) != 5 {
			return false
		}
		want := []struct{ state, reason string }{{"logged_out", ""}, {"logged_in", ""}, {"not_ready", "meeting"}, {"not_ready", "break"}, {"ready", ""}}
		for i, w := range want {
			if string(log[i].State) != w.state || log[i].Reason != w.reason {
				return false
			}
		}
		return log[3].UserID == e.users["clerk"].ID // the link's rows name the user when cmd/linka's directory does
	})
	rec := e.api(http.MethodPost, "/api/v1/panel/agent", "clerk", map[string]string{"state": "not_ready", "reason": "nap"})
	wantError(t, rec, http.StatusUnprocessableEntity, cases.EInvalid, "reason")
}

// panelState reads GET /api/v1/panel as the user at ext's login (clerk).
func (e *pbxEnv) panelState(string) panelAgent {
	e.t.Helper()
	var p panelAgent
	decodeInto(e.t, e.api(http.MethodGet, "/api/v1/panel", "clerk", nil), http.StatusOK, &p)
	return p
}

func TestPanelAPI_DraftTravelsWithConsultation(t *testing.T) {
	e := newPBXEnv(t, "clerk", "clerk2", "clerk3")
	_, c := e.talk("560555666", "101")
	draft := map[string]any{"form": map[string]any{"subject": "Lampa"}, "notes": "volá kvůli lampě"}
	path := "/api/v1/panel/drafts/" + c.ID
	if rec := e.api(http.MethodPut, path, "clerk", draft); rec.Code != http.StatusNoContent {
		t.Fatalf("PUT draft = %d %s", rec.Code, rec.Body)
	}
	wantError(t, e.api(http.MethodGet, path, "clerk2", nil), http.StatusNotFound, cases.ENotFound, "")
	wantError(t, e.api(http.MethodPut, path, "clerk", map[string]any{"form": []int{1}}),
		http.StatusUnprocessableEntity, cases.EInvalid, "form")

	// The colleague at 103 reads the draft once the consultation call rings.
	wantError(t, e.api(http.MethodGet, path, "clerk3", nil), http.StatusNotFound, cases.ENotFound, "")
	e.post("clerk", "/api/v1/calls/"+c.ID+"/transfer", map[string]any{"to": "103", "mode": "consult"}, http.StatusCreated)
	e.waitSim("101", "103", csta.StateAlerting)
	e.waitCall("103", "alerting")
	var got struct {
		Form  map[string]string `json:"form"`
		Notes string            `json:"notes"`
	}
	decodeInto(t, e.api(http.MethodGet, path, "clerk3", nil), http.StatusOK, &got)
	if got.Form["subject"] != "Lampa" || got.Notes != "volá kvůli lampě" {
		t.Errorf("the colleague's draft = %+v, want the clerk's", got)
	}
}

func TestPanelAPI_CaseFromCall(t *testing.T) {
	e := newPBXEnv(t, "clerk", "clerk2")
	_, c := e.talk("560987654", "101")
	body := map[string]any{"call_id": c.ID, "case": map[string]any{"subject": "Výtluk", "source_ref": "form-1",
		"submitter": map[string]any{"kind": "person", "first_name": "Petr", "last_name": "Novotný", "phone": "560987654"}}}
	var first, again struct {
		Number      string `json:"number"`
		Source      string `json:"source"`
		SubmitterID *int64 `json:"submitter_id"`
	}
	decodeInto(t, e.api(http.MethodPost, "/api/v1/panel/cases", "clerk", body), http.StatusCreated, &first)
	decodeInto(t, e.api(http.MethodPost, "/api/v1/panel/cases", "clerk", body), http.StatusCreated, &again)
	if first.Number == "" || again.Number != first.Number || first.Source != "TEL" || first.SubmitterID == nil {
		t.Fatalf("case from a call = %+v, retry %+v; want one TEL case with a new submitter", first, again)
	}
	var calls struct {
		Items []struct {
			CallID string `json:"call_id"`
		} `json:"items"`
	}
	decodeInto(t, e.api(http.MethodGet, "/api/v1/cases/"+first.Number+"/calls", "clerk", nil), http.StatusOK, &calls)
	if len(calls.Items) != 1 || calls.Items[0].CallID != c.ID {
		t.Errorf("calls of the case = %+v, want %s", calls, c.ID)
	}

	// Link the same call to an older case; a clerk elsewhere may not.
	old := e.newCase("clerk", cases.CaseInput{Subject: "Starší podnět"})
	link := "/api/v1/cases/" + old.Number + "/calls"
	wantError(t, e.api(http.MethodPost, link, "clerk2", map[string]string{"call_id": c.ID}), http.StatusNotFound, cases.ENotFound, "")
	if rec := e.api(http.MethodPost, link, "clerk", map[string]string{"call_id": c.ID}); rec.Code != http.StatusNoContent {
		t.Fatalf("link = %d %s", rec.Code, rec.Body)
	}
	hist, err := e.svc.History(context.Background(), e.user("clerk"), old.Number)
	if err != nil || hist[len(hist)-1].Field != "call" || hist[len(hist)-1].New != c.ID {
		t.Errorf("history of the linked case = %+v, %v; want the call last", hist, err)
	}
}

func TestPanelAPI_WrapUp(t *testing.T) {
	e := newPBXEnv(t, "clerk")
	h, c := e.talk("560987654", "101")
	if err := h.Hangup("560987654"); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/panel/wrapups"
	wantError(t, e.api(http.MethodPost, path, "clerk", map[string]any{"call_id": c.ID, "disposition": "nope"}),
		http.StatusUnprocessableEntity, cases.EInvalid, "disposition")
	wantError(t, e.api(http.MethodPost, path, "clerk", map[string]any{"call_id": c.ID, "disposition": "case_linked"}),
		http.StatusUnprocessableEntity, cases.EInvalid, "case_number")
	kase := e.newCase("clerk", cases.CaseInput{Subject: "Podnět"})
	rec := e.api(http.MethodPost, path, "clerk", map[string]any{"call_id": c.ID, "disposition": "case_linked",
		"case_number": kase.Number, "acw_started_at": e.svc.Now().Add(-30e9)})
	if rec.Code != http.StatusNoContent {
		t.Fatalf("wrap-up = %d %s", rec.Code, rec.Body)
	}
	w, err := e.db.CallWrapUps(context.Background(), c.ID)
	if err != nil || len(w) != 1 || w[0].CaseID != kase.ID || w[0].Extension != "101" || w[0].ACWStartedAt.IsZero() {
		t.Errorf("wrap-ups = %+v, %v; want one naming the case", w, err)
	}
}

func TestPanelAPI_Lists(t *testing.T) {
	e := newEnv(t)
	e.user("clerk")
	reason := map[string]any{"name_cs": "Oběd", "name_en": "Lunch", "position": 5, "active": true}
	wantError(t, e.api(http.MethodPut, "/api/v1/agent-reasons/lunch", "clerk", reason), http.StatusForbidden, cases.EForbidden, "")
	wantError(t, e.api(http.MethodPut, "/api/v1/agent-reasons/Lunch!", "supervisor", reason),
		http.StatusUnprocessableEntity, cases.EInvalid, "code")
	if rec := e.api(http.MethodPut, "/api/v1/agent-reasons/lunch", "supervisor", reason); rec.Code != http.StatusOK {
		t.Fatalf("PUT reason = %d %s", rec.Code, rec.Body)
	}
	var p panelAgent
	decodeInto(t, e.api(http.MethodGet, "/api/v1/panel", "clerk", nil), http.StatusOK, &p)
	if len(p.Reasons) != 5 || p.Reasons[4].Code != "lunch" || len(p.Dispositions) != 6 {
		t.Errorf("the panel's lists = %+v / %+v, want lunch added", p.Reasons, p.Dispositions)
	}
	// The page: a supervisor retires a disposition.
	c, csrf := e.session("supervisor")
	rec := e.form("/panel/lists/dispositions", url.Values{"csrf_token": {csrf}, "code": {"wrong_number"},
		"name_cs": {"Omyl"}, "name_en": {"Wrong number"}, "position": {"6"}}, c)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("POST disposition form = %d %s", rec.Code, rec.Body)
	}
	decodeInto(t, e.api(http.MethodGet, "/api/v1/panel", "clerk", nil), http.StatusOK, &p)
	if len(p.Dispositions) != 5 {
		t.Errorf("active dispositions after retiring one = %d, want 5", len(p.Dispositions))
	}
	if body := html(t, e.get("/panel/lists", c), http.StatusOK); !strings.Contains(body, "Přestávka") {
		t.Error("the lists page does not show the reasons")
	}
	clerk, _ := e.session("clerk")
	if rec := e.get("/panel/lists", clerk); rec.Code != http.StatusForbidden {
		t.Errorf("the lists page for a clerk = %d, want 403", rec.Code)
	}
}

func TestRegisterCSV(t *testing.T) {
	e := newEnv(t)
	e.newCase("clerk", cases.CaseInput{Source: cases.SourcePhone, Subject: "=Stížnost na parkování", DepartmentID: e.deps["Doprava"]})
	e.newCase("clerk", cases.CaseInput{Source: cases.SourceEmail, Subject: "Úklid v domě"})
	c, _ := e.session("clerk")
	rec := e.get("/cases.csv?source=TEL", c)
	data := rec.Body.Bytes()
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
		!bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Fatalf("GET /cases.csv = %d %q, starts %q; want CSV with a BOM", rec.Code, rec.Header().Get("Content-Type"), data[:min(8, len(data))])
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) != 2 || rows[0][0] != "Evidenční číslo" || rows[1][2] != "TEL" ||
		rows[1][8] != "'=Stížnost na parkování" || rows[1][9] != "Doprava" {
		t.Errorf("CSV rows = %q, %v; want the header and the one TEL case, formula defused", rows, err)
	}
	if body := html(t, e.get("/?source=TEL&offset=0", c), http.StatusOK); !strings.Contains(body, `href="/cases.csv?source=TEL"`) {
		t.Error("the register does not link the CSV export of its filters")
	}
}

func TestContactPage_DuplicateWarning(t *testing.T) {
	e := newEnv(t)
	petr := &cases.Contact{Kind: cases.KindPerson, FirstName: "Petr", LastName: "Novotný", Phone: "560987654"}
	if err := e.svc.CreateContact(context.Background(), e.user("clerk"), petr); err != nil {
		t.Fatal(err)
	}
	c, csrf := e.session("clerk")
	form := url.Values{"csrf_token": {csrf}, "kind": {"person"}, "first_name": {"Petra"}, "last_name": {"Nová"},
		"phone": {"+420 560 987 654"}}
	body := html(t, e.form("/contacts/new", form, c), http.StatusConflict)
	if !strings.Contains(body, `id="contact-dups"`) || !strings.Contains(body, "/contacts/"+itoa(petr.ID)) ||
		!strings.Contains(body, `value="Petra"`) {
		t.Fatalf("new contact with a known phone: want the warning naming the contact and the typed values; got %s", body)
	}
	form.Set("confirm_duplicate", "true")
	if rec := e.form("/contacts/new", form, c); rec.Code != http.StatusSeeOther {
		t.Errorf("confirmed duplicate = %d, want a redirect to the new contact", rec.Code)
	}
}

// TestContactsAPI_Similar: an integration asks which contacts a new one
// would duplicate, and why, before it creates one.
func TestContactsAPI_Similar(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	petr := &cases.Contact{Kind: cases.KindPerson, FirstName: "Petr", LastName: "Novotný", Phone: "560987654",
		Email: "petr.novotny@centrum.cz"}
	jana := &cases.Contact{Kind: cases.KindPerson, FirstName: "Jana", LastName: "Dvořáková", Mobile: "744654321"}
	for _, c := range []*cases.Contact{petr, jana} {
		if err := e.svc.CreateContact(ctx, e.user("clerk"), c); err != nil {
			t.Fatal(err)
		}
	}
	type item struct {
		Contact struct {
			ID int64 `json:"id"`
		} `json:"contact"`
		Reasons []string `json:"reasons"`
	}
	for _, tt := range []struct {
		name, query string
		want        map[int64][]string
	}{
		{"phone in another format", "phone=%2B420+560+987+654", map[int64][]string{petr.ID: {"phone"}}},
		{"every reason at once", "phone=560987654&email=PETR.NOVOTNY%40centrum.cz&first_name=Petr&last_name=Novotn%C3%BD",
			map[int64][]string{petr.ID: {"phone", "email", "name"}}},
		{"mobile given as phone, and a name", "phone=744654321&last_name=Novotn%C3%BD",
			map[int64][]string{jana.ID: {"phone"}, petr.ID: {"name"}}},
		{"nothing alike", "phone=601000000&last_name=Svoboda", map[int64][]string{}},
		{"a malformed number finds nothing", "phone=12", map[int64][]string{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out struct{ Items []item }
			decodeInto(t, e.api(http.MethodGet, "/api/v1/contacts/similar?"+tt.query, "clerk", nil), http.StatusOK, &out)
			got := map[int64][]string{}
			for _, it := range out.Items {
				got[it.Contact.ID] = it.Reasons
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("similar to %s = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
	if rec := e.api(http.MethodGet, "/api/v1/contacts/similar?phone=560987654", "", nil); rec.Code != http.StatusUnauthorized {
		t.Errorf("anonymous = %d, want 401", rec.Code)
	}
}

// TestRegister_SortableHeaders: the number, received and due columns sort
// the register when their header is clicked — ascending first, descending
// on the next click — keeping the filters, back on the first page, and
// say their order to screen readers.
func TestRegister_SortableHeaders(t *testing.T) {
	e := newEnv(t)
	c, _ := e.session("clerk")
	e.newCase("clerk", cases.CaseInput{Source: cases.SourcePost, Subject: "Lavičky", DepartmentID: e.deps["Investice"],
		ReceivedAt: testNow.Add(-time.Hour)})
	body := html(t, e.get("/?source=POST", c), http.StatusOK)
	for _, want := range []string{
		`aria-sort="descending"><a href="/?sort=received_at&amp;source=POST">`,
		`aria-sort="none"><a href="/?sort=number&amp;source=POST">`,
		`aria-sort="none"><a href="/?sort=due_date&amp;source=POST">`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("default register: no %s", want)
		}
	}
	body = html(t, e.get("/?sort=due_date", c), http.StatusOK)
	if want := `aria-sort="ascending"><a href="/?sort=-due_date">`; !strings.Contains(body, want) {
		t.Errorf("register by due date: no %s", want)
	}
}
