package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// apiCase is the part of a case the tests read.
type apiCase struct {
	ID           int64   `json:"id"`
	Number       string  `json:"number"`
	Source       string  `json:"source"`
	ReceivedAt   string  `json:"received_at"`
	DueDate      *string `json:"due_date"`
	Overdue      bool    `json:"overdue"`
	SubmitterID  *int64  `json:"submitter_id"`
	Subject      string  `json:"subject"`
	DepartmentID *int64  `json:"department_id"`
	State        string  `json:"state"`
	Assigned     bool    `json:"assigned"`
	Version      int     `json:"version"`
	SubmitterNm  string  `json:"submitter_name"`
	DepartmentNm string  `json:"department_name"`
}

type apiPage[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func TestCasesAPI_Create(t *testing.T) {
	e := newEnv(t)
	body := map[string]any{
		"source": "TEL", "received_at": "2026-03-09T09:30:00+01:00", "subject": "Stížnost na parkování",
		"department_id": e.deps["Doprava"],
		"submitter": map[string]any{"title_before": "Ing.", "first_name": "Petr", "last_name": "Novotný",
			"phone": "560 987 654", "email": "petr.novotny@centrum.cz"},
	}
	rec := e.api(http.MethodPost, "/api/v1/cases", "clerk", body)
	var c apiCase
	decodeInto(t, rec, http.StatusCreated, &c)
	if loc := rec.Header().Get("Location"); loc != "/api/v1/cases/"+c.Number {
		t.Errorf("Location = %q, want /api/v1/cases/%s", loc, c.Number)
	}
	if c.Number == "" || c.Version != 1 || c.State != "new" || c.SubmitterID == nil {
		t.Errorf("created case = %+v, want a number, version 1, state new and a submitter", c)
	}
	if c.ReceivedAt != "2026-03-09T09:30:00+01:00" {
		t.Errorf("received_at = %q, want the Prague offset 2026-03-09T09:30:00+01:00", c.ReceivedAt)
	}
	if c.DueDate == nil || *c.DueDate != "2026-04-08" {
		t.Errorf("due_date = %v, want 2026-04-08 (30 days)", c.DueDate)
	}
	var got apiCase
	decodeInto(t, e.api(http.MethodGet, "/api/v1/cases/"+c.Number, "clerk", nil), http.StatusOK, &got)
	if got.ID != c.ID || got.Subject != c.Subject {
		t.Errorf("GET = %+v, want %+v", got, c)
	}
}

func TestCasesAPI_CreateInvalid(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no subject", map[string]any{"source": "TEL"}, "subject"},
		{"unknown source", map[string]any{"source": "FAX", "subject": "x"}, "source"},
		{"unknown department", map[string]any{"source": "TEL", "subject": "x", "department_id": 999}, "department_id"},
		{"future receipt", map[string]any{"source": "TEL", "subject": "x", "received_at": "2030-01-01T00:00:00Z"}, "received_at"},
		{"bad submitter e-mail", map[string]any{"source": "TEL", "subject": "x",
			"submitter": map[string]any{"last_name": "Nováková", "email": "nope"}}, "email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.api(http.MethodPost, "/api/v1/cases", "clerk", tt.body),
				http.StatusUnprocessableEntity, cases.EInvalid, tt.field)
		})
	}
	wantError(t, e.api(http.MethodPost, "/api/v1/cases", "admin", map[string]any{"source": "TEL", "subject": "x"}),
		http.StatusForbidden, cases.EForbidden, "")
}

func TestCasesAPI_MalformedBodies(t *testing.T) {
	e := newEnv(t, func(o *cases.Options) { o.MaxAttachment = 1 << 10 })
	tok := e.token("clerk")
	tests := []struct {
		name, body, ctype string
		status            int
		code, field       string
	}{
		{"syntax", `{"source": "TEL",`, "application/json", 400, codeBadRequest, ""},
		{"not an object", `[1,2]`, "application/json", 400, codeBadRequest, ""},
		{"unknown field", `{"source":"TEL","subjekt":"x"}`, "application/json", 400, codeBadRequest, "subjekt"},
		{"wrong type", `{"source":"TEL","department_id":"Doprava"}`, "application/json", 400, codeBadRequest, "department_id"},
		{"two values", `{"source":"TEL","subject":"x"} {}`, "application/json", 400, codeBadRequest, ""},
		{"empty", ``, "application/json", 400, codeBadRequest, ""},
		{"not JSON", `source=TEL`, "application/x-www-form-urlencoded", 400, codeBadRequest, ""},
		{"bad time", `{"source":"TEL","subject":"x","received_at":"yesterday"}`, "application/json", 400, codeBadRequest, ""},
		{"too large", `{"subject":"` + strings.Repeat("x", maxJSONBody) + `"}`, "application/json", 413, cases.ETooLarge, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := e.do(request{method: http.MethodPost, path: "/api/v1/cases", body: strings.NewReader(tt.body),
				ctype: tt.ctype, token: tok})
			wantError(t, rec, tt.status, tt.code, tt.field)
		})
	}
}

func TestCasesAPI_Visibility(t *testing.T) {
	e := newEnv(t)
	inv := e.newCase("clerk", cases.CaseInput{DepartmentID: e.deps["Investice"], Subject: "Požadavek na nákup laviček"})
	dop := e.newCase("clerk", cases.CaseInput{DepartmentID: e.deps["Doprava"]})
	hidden := e.newCase("supervisor", cases.CaseInput{Restricted: true, HiddenFrom: []int64{e.user("clerk2").ID}})
	tests := []struct {
		name, login, number string
		status              int
	}{
		{"official sees own department", "doprava", dop.Number, http.StatusOK},
		{"official of another department", "doprava", inv.Number, http.StatusNotFound},
		{"restricted case hidden from clerk2", "clerk2", hidden.Number, http.StatusNotFound},
		{"restricted case visible to clerk", "clerk", hidden.Number, http.StatusOK},
		{"no such case", "clerk", "999999", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"", "/history", "/activities", "/attachments"} {
				rec := e.api(http.MethodGet, "/api/v1/cases/"+tt.number+path, tt.login, nil)
				if rec.Code != tt.status {
					t.Errorf("GET …/%s%s as %s = %d, want %d", tt.number, path, tt.login, rec.Code, tt.status)
				}
			}
			patch := e.api(http.MethodPatch, "/api/v1/cases/"+tt.number, tt.login, map[string]any{"version": 1, "subject": "x"})
			if tt.status == http.StatusNotFound {
				wantError(t, patch, http.StatusNotFound, cases.ENotFound, "")
			}
		})
	}
	var list apiPage[apiCase]
	decodeInto(t, e.api(http.MethodGet, "/api/v1/cases", "doprava", nil), http.StatusOK, &list)
	if list.Total != 1 || len(list.Items) != 1 || list.Items[0].Number != dop.Number {
		t.Errorf("the official's register = %+v, want only case %s", list, dop.Number)
	}
}

func TestCasesAPI_List(t *testing.T) {
	e := newEnv(t)
	old := e.newCase("clerk", cases.CaseInput{Source: cases.SourcePhone, ReceivedAt: time.Date(2017, 4, 25, 9, 30, 0, 0, workdays.Prague()),
		DepartmentID: e.deps["Doprava"], Subject: "Stížnost na stav řešení parkování v ulici Nerudova"})
	lav := e.newCase("clerk", cases.CaseInput{Source: cases.SourcePost, ReceivedAt: testNow.Add(-48 * time.Hour),
		DepartmentID: e.deps["Investice"], Subject: "Požadavek na nákup laviček"})
	uk := e.newCase("clerk", cases.CaseInput{Source: cases.SourceEmail, ReceivedAt: testNow.Add(-time.Hour),
		Subject: "Oznámení neprovedení úklidu v obecním domě", AssignedTo: e.user("doprava").ID})
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{uk.Number, lav.Number, old.Number}},
		{"?sort=received_at", []string{old.Number, lav.Number, uk.Number}},
		{"?overdue=true", []string{old.Number}},
		{"?source=POST", []string{lav.Number}},
		{"?q=lavicek", []string{lav.Number}},
		{"?q=NERUDOVA+parkovani", []string{old.Number}},
		{"?state=assigned", []string{uk.Number}},
		{"?state=new,assigned&sort=number", []string{old.Number, lav.Number, uk.Number}},
		{"?state=new&state=assigned&department_id=" + fmt.Sprint(e.deps["Investice"]), []string{lav.Number}},
		{"?official_id=" + fmt.Sprint(e.user("doprava").ID), []string{uk.Number}},
		{"?received_from=2026-03-08&received_to=2026-03-08", []string{lav.Number}},
		{"?received_to=2017-04-25", []string{old.Number}},
		{"?limit=1&offset=1", []string{lav.Number}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var pg apiPage[apiCase]
			decodeInto(t, e.api(http.MethodGet, "/api/v1/cases"+tt.query, "clerk", nil), http.StatusOK, &pg)
			var got []string
			for _, c := range pg.Items {
				got = append(got, c.Number)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("GET /api/v1/cases%s = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
	var pg apiPage[apiCase]
	decodeInto(t, e.api(http.MethodGet, "/api/v1/cases?limit=2", "clerk", nil), http.StatusOK, &pg)
	if pg.Total != 3 || pg.Limit != 2 || pg.Offset != 0 || len(pg.Items) != 2 {
		t.Errorf("page = total %d limit %d offset %d items %d, want 3 2 0 2", pg.Total, pg.Limit, pg.Offset, len(pg.Items))
	}
	if !pg.Items[0].Assigned || pg.Items[1].DepartmentNm != "Investice" {
		t.Errorf("rows = %+v, want assigned first and the department name on the second", pg.Items)
	}
}

func TestCasesAPI_ListInvalid(t *testing.T) {
	e := newEnv(t)
	tests := []struct{ query, field string }{
		{"?state=open", "state"},
		{"?sort=subject", "sort"},
		{"?limit=0", "limit"},
		{"?limit=501", "limit"},
		{"?offset=-1", "offset"},
		{"?department_id=Doprava", "department_id"},
		{"?received_from=25.13.2017", "received_from"},
		{"?overdue=maybe", "overdue"},
		{"?source=FAX", "source"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			wantError(t, e.api(http.MethodGet, "/api/v1/cases"+tt.query, "clerk", nil),
				http.StatusUnprocessableEntity, cases.EInvalid, tt.field)
		})
	}
}

func TestCasesAPI_Update(t *testing.T) {
	e := newEnv(t)
	c := e.newCase("clerk", cases.CaseInput{DepartmentID: e.deps["Doprava"]})
	path := "/api/v1/cases/" + c.Number
	var up apiCase
	decodeInto(t, e.api(http.MethodPatch, path, "clerk", map[string]any{"version": 1,
		"assigned_to": e.user("doprava").ID, "subject": "Parkování v Nerudově ulici"}), http.StatusOK, &up)
	if up.Version != 2 || up.State != "assigned" || !up.Assigned || up.Subject != "Parkování v Nerudově ulici" {
		t.Errorf("after PATCH = %+v, want version 2, assigned, new subject", up)
	}
	tests := []struct {
		name   string
		body   any
		status int
		code   string
		field  string
	}{
		{"stale version", map[string]any{"version": 1, "subject": "x"}, 409, cases.EConflict, ""},
		{"no version", map[string]any{"subject": "x"}, 422, cases.EInvalid, "version"},
		{"empty subject", map[string]any{"version": 2, "subject": ""}, 422, cases.EInvalid, "subject"},
		{"null subject", map[string]any{"version": 2, "subject": nil}, 422, cases.EInvalid, "subject"},
		{"rejected without reason", map[string]any{"version": 2, "state": "rejected"}, 422, cases.EInvalid, "outcome"},
		{"unknown state", map[string]any{"version": 2, "state": "lost"}, 422, cases.EInvalid, "state"},
		{"unknown field", `{"version":2,"number":"1"}`, 400, codeBadRequest, "number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.api(http.MethodPatch, path, "clerk", tt.body), tt.status, tt.code, tt.field)
		})
	}
	var cleared apiCase
	decodeInto(t, e.api(http.MethodPatch, path, "clerk", map[string]any{"version": 2, "department_id": nil}), http.StatusOK, &cleared)
	if cleared.DepartmentID != nil || cleared.Version != 3 || cleared.Subject != up.Subject {
		t.Errorf("after clearing the department = %+v, want department null, version 3, subject kept", cleared)
	}
	var hist apiPage[struct {
		Field, Old, New string
		UserID          *int64 `json:"user_id"`
	}]
	decodeInto(t, e.api(http.MethodGet, path+"/history", "clerk", nil), http.StatusOK, &hist)
	var fields []string
	for _, h := range hist.Items {
		fields = append(fields, h.Field)
	}
	if hist.Total != len(hist.Items) {
		t.Errorf("history total = %d with %d items", hist.Total, len(hist.Items))
	}
	for _, f := range []string{"state", "assigned_to", "subject", "department"} {
		if !slices.Contains(fields, f) {
			t.Errorf("history fields = %v, want a %s change", fields, f)
		}
	}
}
