package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"linka/cases"
	"linka/internal/workdays"
)

// wfCase is the part of a case the workflow tests read.
type wfCase struct {
	Number   string  `json:"number"`
	State    string  `json:"state"`
	Version  int     `json:"version"`
	DueDate  *string `json:"due_date"`
	DueSoon  bool    `json:"due_soon"`
	Overdue  bool    `json:"overdue"`
	Handling struct {
		ForwardedTo   string  `json:"forwarded_to"`
		ForwardedOn   *string `json:"forwarded_on"`
		WaitingFor    string  `json:"waiting_for"`
		ExtensionDays int     `json:"extension_days"`
		InfoOutcome   string  `json:"info_outcome"`
		InfoReport    struct {
			Refusal     string `json:"refusal"`
			AppealFiled bool   `json:"appeal_filed"`
		} `json:"info_report"`
	} `json:"handling"`
}

// regimeType saves a shipped case type of the regime and returns its id.
func (e *testEnv) regimeType(r cases.Regime) int64 {
	e.t.Helper()
	for _, ct := range cases.DefaultCaseTypes() {
		if ct.Regime == r {
			if err := e.svc.SaveCaseType(context.Background(), cases.Console(), &ct); err != nil {
				e.t.Fatal(err)
			}
			return ct.ID
		}
	}
	e.t.Fatalf("no shipped case type of regime %q", r)
	return 0
}

func TestWorkflowAPI_Transitions(t *testing.T) {
	e := newEnv(t)
	kase := e.newCase("clerk", cases.CaseInput{DepartmentID: e.deps["Doprava"]})
	path := "/api/v1/cases/" + kase.Number + "/transitions"
	var wf workflowJSON
	decodeInto(t, e.api(http.MethodGet, path, "clerk", nil), http.StatusOK, &wf)
	if !slices.Contains(wf.Actions, cases.ActAccept) || slices.Contains(wf.Actions, cases.ActReopen) || wf.Version != 1 {
		t.Errorf("clerk's actions on a new case = %+v", wf)
	}
	post := func(login string, body map[string]any) *httptest.ResponseRecorder {
		return e.api(http.MethodPost, path, login, body)
	}
	var c wfCase
	decodeInto(t, post("clerk", map[string]any{"action": "accept", "version": 1, "user_id": e.user("doprava").ID}), http.StatusOK, &c)
	if c.State != "assigned" || c.Version != 2 {
		t.Fatalf("accepted = %+v", c)
	}
	wantError(t, post("clerk", map[string]any{"action": "take", "version": 1}), http.StatusConflict, cases.EConflict, "")
	wantError(t, post("clerk", map[string]any{"action": "take"}), http.StatusUnprocessableEntity, cases.EInvalid, "version")
	wantError(t, post("investice", map[string]any{"action": "take", "version": 2}), http.StatusNotFound, cases.ENotFound, "")
	wantError(t, post("dpo", map[string]any{"action": "take", "version": 2}), http.StatusForbidden, cases.EForbidden, "")
	wantError(t, post("clerk", map[string]any{"action": "extend", "version": 2, "days": 5, "note": "x"}),
		http.StatusForbidden, cases.EForbidden, "")
	decodeInto(t, post("doprava", map[string]any{"action": "wait", "version": 2, "note": "chybí fotografie"}), http.StatusOK, &c)
	if c.State != "waiting" || c.Handling.WaitingFor != "chybí fotografie" {
		t.Fatalf("waiting = %+v", c)
	}
	rec := e.api(http.MethodPost, path, "doprava", map[string]any{"action": "reject", "version": 3})
	wantError(t, rec, http.StatusUnprocessableEntity, cases.EInvalid, "note")
	decodeInto(t, post("doprava", map[string]any{"action": "forward", "version": 3, "forwarded_to": "Městská policie",
		"forwarded_on": "2026-03-10"}), http.StatusOK, &c)
	if c.State != "forwarded" || c.Handling.ForwardedTo != "Městská policie" || c.Handling.ForwardedOn == nil || *c.Handling.ForwardedOn != "2026-03-10" {
		t.Fatalf("forwarded = %+v", c)
	}
	var hist apiPage[struct{ Field, New string }]
	decodeInto(t, e.api(http.MethodGet, "/api/v1/cases/"+kase.Number+"/history", "supervisor", nil), http.StatusOK, &hist)
	if !slices.ContainsFunc(hist.Items, func(h struct{ Field, New string }) bool {
		return h.Field == "action" && h.New == "wait: chybí fotografie"
	}) {
		t.Errorf("history lacks the waiting step: %+v", hist.Items)
	}
	if !strings.Contains(e.logs.String(), "workflow: transition refused") {
		t.Error("a refused transition was not logged")
	}
}

func TestWorkflowAPI_InfoRequestAndCzechErrors(t *testing.T) {
	e := newEnv(t)
	info := e.regimeType(cases.RegimeInfoRequest)
	kase := e.newCase("clerk", cases.CaseInput{Source: cases.SourceEmail, CaseTypeID: info, DepartmentID: e.deps["Doprava"],
		NewSubmitter: &cases.Contact{FirstName: "Jan", LastName: "Malý", Email: "jan@example.cz"}})
	// Tue 10 Mar + 15 = Wed 25 Mar.
	if kase.DueDate != workdays.NewDate(2026, 3, 25) {
		t.Fatalf("due date = %v, want 2026-03-25", kase.DueDate)
	}
	path := "/api/v1/cases/" + kase.Number + "/transitions"
	var wf workflowJSON
	decodeInto(t, e.api(http.MethodGet, path, "clerk", nil), http.StatusOK, &wf)
	if wf.Regime != cases.RegimeInfoRequest || wf.PeriodDays != 15 || wf.StepDue == nil || wf.StepDue.String() != "2026-03-17" ||
		!slices.Equal(wf.IdentityMissing, []string{"birth_date", "address"}) {
		t.Errorf("workflow of an information request = %+v", wf)
	}
	r := request{method: http.MethodPost, path: path, token: e.token("clerk"), ctype: "application/json",
		header: http.Header{"Accept-Language": {"cs"}},
		body:   strings.NewReader(`{"action":"forward","version":1,"forwarded_to":"Krajský úřad"}`)}
	rec := e.do(r)
	wantError(t, rec, http.StatusUnprocessableEntity, cases.EInvalid, "action")
	if !strings.Contains(rec.Body.String(), "žádost o informace se nepostupuje") {
		t.Errorf("Czech error = %s", rec.Body)
	}
}

func TestWorkflowAPI_Matrix(t *testing.T) {
	e := newEnv(t)
	var m apiPage[matrixJSON]
	decodeInto(t, e.api(http.MethodGet, "/api/v1/workflow", "clerk", nil), http.StatusOK, &m)
	if len(m.Items) != len(cases.Actions) {
		t.Fatalf("matrix rows = %d, want %d", len(m.Items), len(cases.Actions))
	}
	for _, row := range m.Items {
		if row.Action == cases.ActReopen && (!slices.Equal(row.Roles, []cases.Role{cases.RoleSupervisor}) || row.To != cases.StateInProgress) {
			t.Errorf("reopen row = %+v", row)
		}
	}
}

func TestWorkflowPage_Triage(t *testing.T) {
	e := newEnv(t)
	c, csrf := e.session("clerk")
	kase := e.newCase("clerk", cases.CaseInput{DepartmentID: e.deps["Doprava"]})
	path := "/cases/" + kase.Number
	body := html(t, e.get(path, c), http.StatusOK)
	for _, want := range []string{`id="workflow"`, `id="wf-accept"`, "Přijmout a přidělit", `action="` + path + `/transitions"`,
		`id="wf-reject"`, `for="wf-reject-note"`} {
		if !strings.Contains(body, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
	if strings.Contains(body, `id="wf-reopen"`) || strings.Contains(body, `id="wf-extend"`) {
		t.Error("a clerk is offered reopening or extension")
	}
	form := func(v map[string]string) url.Values {
		out := url.Values{csrfField: {csrf}}
		for k, x := range v {
			out.Set(k, x)
		}
		return out
	}
	bad := e.form(path+"/transitions", form(map[string]string{"action": "accept", "version": "1"}), c)
	body = html(t, bad, http.StatusUnprocessableEntity)
	if !strings.Contains(body, `id="wf-accept" open`) || !strings.Contains(body, "přidělený podnět potřebuje odbor nebo úředníka") {
		t.Errorf("refused accept page lacks the open form or the Czech error")
	}
	ok := e.form(path+"/transitions", form(map[string]string{"action": "accept", "version": "1",
		"user_id": strconv.FormatInt(e.user("doprava").ID, 10)}), c)
	if ok.Code != http.StatusSeeOther || ok.Header().Get("Location") != path+"?saved=1#workflow" {
		t.Fatalf("accept = %d to %q; body %s", ok.Code, ok.Header().Get("Location"), ok.Body)
	}
	oc, ocsrf := e.session("doprava")
	body = html(t, e.get(path, oc), http.StatusOK)
	for _, want := range []string{`id="wf-take"`, `id="wf-send_back"`, "Vrátit", "Přiděleno"} {
		if !strings.Contains(body, want) {
			t.Errorf("the official's case page lacks %q", want)
		}
	}
	hand := url.Values{csrfField: {ocsrf}, "action": {"handover"}, "version": {"2"},
		"user_id": {strconv.FormatInt(e.user("investice").ID, 10)}, "note": {"patří Investicím"}}
	if rec := e.form(path+"/transitions", hand, oc); rec.Code != http.StatusSeeOther {
		t.Fatalf("handover = %d; body %s", rec.Code, rec.Body)
	}
	body = html(t, e.get(path, c), http.StatusOK)
	if !strings.Contains(body, "patří Investicím") {
		t.Error("the handover's note is not in the activities")
	}
	body = html(t, e.get(path+"?tab=history", c), http.StatusOK)
	if !strings.Contains(body, "Krok vyřizování") || !strings.Contains(body, "Předat s poznámkou: patří Investicím") {
		t.Error("the history tab lacks the handover step")
	}
	stale := e.form(path+"/transitions", form(map[string]string{"action": "reject", "version": "1", "note": "x"}), c)
	body = html(t, stale, http.StatusConflict)
	if !strings.Contains(body, `id="wf-reject" open`) {
		t.Error("a stale transition does not show its form again")
	}
}

func TestWorkflowPage_CaseTypes(t *testing.T) {
	e := newEnv(t)
	a, csrf := e.session("admin")
	body := html(t, e.get("/case-types", a), http.StatusOK)
	if !strings.Contains(body, "Typy podnětů a právní režimy") || !strings.Contains(body, `href="/case-types" aria-current="page"`) {
		t.Error("the case types page lacks its title or navigation")
	}
	v := url.Values{csrfField: {csrf}, "id": {"0"}, "code": {"info"}, "name": {"Žádost o informace"},
		"regime": {"info_request"}, "deadline_days": {"15"}, "extension_days": {"10"}, "step_days": {"7"}, "active": {"true"}}
	if rec := e.form("/case-types", v, a); rec.Code != http.StatusSeeOther {
		t.Fatalf("save = %d; body %s", rec.Code, rec.Body)
	}
	types, _ := e.svc.CaseTypes(context.Background())
	if len(types) != 1 || types[0].Regime != cases.RegimeInfoRequest || types[0].ExtensionDays != 10 || types[0].StepDays != 7 {
		t.Fatalf("saved types = %+v", types)
	}
	v.Set("deadline_days", "patnáct")
	body = html(t, e.form("/case-types", v, a), http.StatusUnprocessableEntity)
	if !strings.Contains(body, `&#34;patnáct&#34; není číslo`) || !strings.Contains(body, `id="ct-0" open`) {
		t.Error("a refused case type does not show its form with the Czech error")
	}
	v.Set("deadline_days", "15")
	body = html(t, e.form("/case-types", v, a), http.StatusUnprocessableEntity)
	if !strings.Contains(body, `kód &#34;info&#34; už je použit`) {
		t.Error("a taken code is not reported on the form")
	}
	c, _ := e.session("clerk")
	if rec := e.get("/case-types", c); rec.Code != http.StatusForbidden {
		t.Errorf("clerk GET /case-types = %d, want 403", rec.Code)
	}
	var api apiPage[caseTypeJSON]
	decodeInto(t, e.api(http.MethodGet, "/api/v1/case-types", "clerk", nil), http.StatusOK, &api)
	if len(api.Items) != 1 || api.Items[0].Regime != cases.RegimeInfoRequest || api.Items[0].StepDays != 7 {
		t.Errorf("GET /api/v1/case-types = %+v", api.Items)
	}
}

// TestWorkflow_DueSoonFlags: a case due within 3 working days is flagged
// in the register, on the contact's cases and in the API.
func TestWorkflow_DueSoonFlags(t *testing.T) {
	e := newEnv(t)
	sub := &cases.Contact{FirstName: "Petr", LastName: "Novotný", Phone: "560 987 654"}
	// Tue 10 Mar: due Fri 13 Mar is 3 working days away; Mon 16 Mar is 4.
	soon := e.newCase("clerk", cases.CaseInput{NewSubmitter: sub, DueDate: workdays.NewDate(2026, 3, 13), Subject: "Brzy"})
	later := e.newCase("clerk", cases.CaseInput{SubmitterID: soon.SubmitterID, DueDate: workdays.NewDate(2026, 3, 16), Subject: "Později"})
	var list apiPage[wfCase]
	decodeInto(t, e.api(http.MethodGet, "/api/v1/cases?sort=number", "clerk", nil), http.StatusOK, &list)
	if len(list.Items) != 2 || !list.Items[0].DueSoon || list.Items[1].DueSoon {
		t.Errorf("due_soon in the API = %+v, want only %s", list.Items, soon.Number)
	}
	c, _ := e.session("clerk")
	for _, page := range []string{"/", "/contacts/" + strconv.FormatInt(soon.SubmitterID, 10)} {
		body := html(t, e.get(page, c), http.StatusOK)
		if strings.Count(body, `class="due-soon"`) != 1 || !strings.Contains(body, "brzy termín") {
			t.Errorf("%s flags %d rows due soon, want 1 (%s, not %s)", page, strings.Count(body, `class="due-soon"`), soon.Number, later.Number)
		}
	}
}

// TestWorkflowMessages_Cover checks the keys the panel builds from values.
func TestWorkflowMessages_Cover(t *testing.T) {
	var keys []string
	for _, a := range cases.Actions {
		keys = append(keys, "workflow.action."+string(a), "workflow.hint."+string(a))
	}
	for _, r := range cases.Regimes {
		keys = append(keys, "workflow.regime."+string(r))
	}
	for _, f := range cases.Findings {
		keys = append(keys, "workflow.finding."+string(f))
	}
	for _, o := range append(cases.InfoOutcomes, cases.InfoNotCompleted) {
		keys = append(keys, "workflow.info_outcome."+string(o))
	}
	for _, o := range cases.AppealOutcomes {
		keys = append(keys, "workflow.appeal."+string(o))
	}
	for _, r := range cases.InfoExtensionReasons {
		keys = append(keys, "workflow.extend_reason."+r)
	}
	for _, f := range []string{"name", "birth_date", "address", "company_id"} {
		keys = append(keys, "workflow.identity."+f)
	}
	for _, f := range []string{"action", "deadline_from", "extension", "late_reason", "finding", "forwarded_to",
		"forwarded_on", "waiting_for", "council_decides", "reply_requested", "info_outcome", "refusal",
		"appeal_filed", "appeal_outcome", "court_review", "court_outcome", "exclusive_licence",
		"licence_reason", "complaint_16a", "complaint_16a_reason", "complaint_16a_outcome"} {
		keys = append(keys, "field."+f)
	}
	for lang, cat := range catalogs() {
		for _, k := range keys {
			if _, ok := cat[k]; !ok {
				t.Errorf("catalogue %s lacks %q", lang, k)
			}
		}
	}
}

// TestWorkflowForms_Labels renders the form of every action under every
// regime, and the case type form, in both languages: no label or option
// may be a missing message.
func TestWorkflowForms_Labels(t *testing.T) {
	for lang, cat := range catalogs() {
		p := basePage{msgs: cat}
		l := &lookups{users: []cases.User{{ID: 1, Name: "Adam Jonáš", Roles: []cases.Role{cases.RoleOfficial}, Active: true}}}
		var forms [][]formField
		for _, r := range cases.Regimes {
			wf := &cases.WorkflowInfo{Regime: r, ExtensionLeft: 10}
			for _, a := range cases.Actions {
				forms = append(forms, actionFields(p, l, a, wf, url.Values{}))
			}
		}
		forms = append(forms, caseTypeFields(p, 0, url.Values{}))
		for _, fields := range forms {
			for _, f := range fields {
				if strings.Contains(f.Label, "[") {
					t.Errorf("%s: field %s has no label: %s", lang, f.Name, f.Label)
				}
				for _, o := range f.Options {
					if strings.HasPrefix(o.Label, "[") {
						t.Errorf("%s: option %q of %s has no label", lang, o.Value, f.Name)
					}
				}
			}
		}
	}
}

// TestWorkflowPage_English: the panel follows the staff UI's language.
func TestWorkflowPage_English(t *testing.T) {
	e := newEnv(t)
	c, _ := e.session("supervisor")
	kase := e.newCase("clerk", cases.CaseInput{DepartmentID: e.deps["Doprava"]})
	body := html(t, e.get("/cases/"+kase.Number, c, &http.Cookie{Name: langCookie, Value: "en"}), http.StatusOK)
	for _, want := range []string{">Handling<", "Accept and assign", "Reject as unjustified", "Forward to the competent body"} {
		if !strings.Contains(body, want) {
			t.Errorf("English case page lacks %q", want)
		}
	}
}

// TestWorkflowAPI_ReplyRequested: a general submission has a deadline only
// when the submitter asked for a reply.
func TestWorkflowAPI_ReplyRequested(t *testing.T) {
	e := newEnv(t)
	general := e.regimeType(cases.RegimeGeneral)
	for _, tt := range []struct {
		reply bool
		want  string // Tue 10 Mar + 30 = Thu 9 Apr
	}{{false, ""}, {true, "2026-04-09"}} {
		var c wfCase
		decodeInto(t, e.api(http.MethodPost, "/api/v1/cases", "clerk", map[string]any{"source": "WEB", "subject": "Podání",
			"case_type_id": general, "reply_requested": tt.reply}), http.StatusCreated, &c)
		got := ""
		if c.DueDate != nil {
			got = *c.DueDate
		}
		if got != tt.want {
			t.Errorf("reply_requested %v: due date %q, want %q", tt.reply, got, tt.want)
		}
	}
}

func TestWorkflowHistoryValue(t *testing.T) {
	p := basePage{msgs: catalogs()["cs"]}
	for _, tt := range []struct{ field, v, want string }{
		{"extension", "6 14_7_b: 300 smluv", "6 dní — objemné množství oddělených a odlišných informací (písm. b): 300 smluv"},
		{"extension", "30 rozhoduje zastupitelstvo", "30 dní — rozhoduje zastupitelstvo"},
		{"finding", "partly", "částečně důvodná"},
		{"action", "forward: Městská policie", "Postoupit příslušnému orgánu: Městská policie"},
		{"subject", "x", ""},
	} {
		got, ok := workflowHistoryValue(p, tt.field, tt.v)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("workflowHistoryValue(%s, %q) = %q, %v; want %q", tt.field, tt.v, got, ok, tt.want)
		}
	}
}
