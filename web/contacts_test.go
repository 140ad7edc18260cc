package web

import (
	"fmt"
	"net/http"
	"testing"

	"linka/cases"
)

type apiContact struct {
	ID          int64  `json:"id"`
	DisplayName string `json:"display_name"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	Phone       string `json:"phone"`
	Mobile      string `json:"mobile"`
	Email       string `json:"email"`
	District    string `json:"district"`
	Address     struct {
		Street, Postcode, City string
	} `json:"address"`
}

// novotny is the seed's example contact.
var novotny = map[string]any{"kind": "person", "title_before": "Ing.", "first_name": "Petr",
	"last_name": "Novotný", "district": "Praha 10", "phone": "560987654", "mobile": "744 654 321",
	"email":   "petr.novotny@centrum.cz",
	"address": map[string]any{"street": "nám. 6 dubna 56/789", "postcode": "110 00", "city": "Praha"}}

func TestContactsAPI_CreateReadUpdate(t *testing.T) {
	e := newEnv(t)
	var c apiContact
	rec := e.api(http.MethodPost, "/api/v1/contacts", "clerk", novotny)
	decodeInto(t, rec, http.StatusCreated, &c)
	if c.DisplayName != "Ing. Petr Novotný" || c.Phone != "+420560987654" || c.Mobile != "+420744654321" ||
		c.Address.Postcode != "11000" {
		t.Errorf("created = %+v, want the normalised seed contact", c)
	}
	if loc := rec.Header().Get("Location"); loc != "/api/v1/contacts/"+itoa(c.ID) {
		t.Errorf("Location = %q", loc)
	}
	path := "/api/v1/contacts/" + itoa(c.ID)
	// A client may send back what it read, read-only fields included.
	var read map[string]any
	decodeInto(t, e.api(http.MethodGet, path, "clerk", nil), http.StatusOK, &read)
	read["district"] = "Praha 4"
	var up apiContact
	decodeInto(t, e.api(http.MethodPut, path, "clerk", read), http.StatusOK, &up)
	if up.District != "Praha 4" || up.ID != c.ID || up.Phone != c.Phone {
		t.Errorf("after PUT = %+v, want district Praha 4 and the rest kept", up)
	}
	tests := []struct {
		name, method, path, login string
		body                      any
		status                    int
		code, field               string
	}{
		{"bad phone", http.MethodPost, "/api/v1/contacts", "clerk", map[string]any{"last_name": "X", "phone": "12"}, 422, cases.EInvalid, "phone"},
		{"no name or detail", http.MethodPost, "/api/v1/contacts", "clerk", map[string]any{"district": "Praha 10"}, 422, cases.EInvalid, "last_name"},
		{"bad postcode", http.MethodPut, path, "clerk", map[string]any{"last_name": "X", "address": map[string]any{"postcode": "1"}}, 422, cases.EInvalid, "postcode"},
		{"unknown contact", http.MethodGet, "/api/v1/contacts/999", "clerk", nil, 404, cases.ENotFound, ""},
		{"update unknown", http.MethodPut, "/api/v1/contacts/999", "clerk", map[string]any{"last_name": "X"}, 404, cases.ENotFound, ""},
		{"admin may not read", http.MethodGet, path, "admin", nil, 404, cases.ENotFound, ""},
		{"DPO may not write", http.MethodPost, "/api/v1/contacts", "dpo", novotny, 403, cases.EForbidden, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.api(tt.method, tt.path, tt.login, tt.body), tt.status, tt.code, tt.field)
		})
	}
}

func TestContactsAPI_Search(t *testing.T) {
	e := newEnv(t)
	var c apiContact
	decodeInto(t, e.api(http.MethodPost, "/api/v1/contacts", "clerk", novotny), http.StatusCreated, &c)
	e.api(http.MethodPost, "/api/v1/contacts", "clerk", map[string]any{"first_name": "Natálie", "last_name": "Bezděková"})
	tests := []struct {
		query string
		want  []string
	}{
		{"?q=novotny", []string{"Ing. Petr Novotný"}},
		{"?q=bezdekova", []string{"Natálie Bezděková"}},
		{"?phone=%2B420+560+987+654", []string{"Ing. Petr Novotný"}},
		{"?email=petr.novotny@centrum.cz", []string{"Ing. Petr Novotný"}},
		{"?q=nikdo", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var pg apiPage[apiContact]
			decodeInto(t, e.api(http.MethodGet, "/api/v1/contacts"+tt.query, "clerk", nil), http.StatusOK, &pg)
			var got []string
			for _, c := range pg.Items {
				got = append(got, c.DisplayName)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || pg.Total != len(tt.want) {
				t.Errorf("GET /api/v1/contacts%s = %v (total %d), want %v", tt.query, got, pg.Total, tt.want)
			}
		})
	}
	wantError(t, e.api(http.MethodGet, "/api/v1/contacts?phone=abc", "clerk", nil), 422, cases.EInvalid, "phone")
}

func TestContactsAPI_CasesAndLookup(t *testing.T) {
	e := newEnv(t)
	var c apiContact
	decodeInto(t, e.api(http.MethodPost, "/api/v1/contacts", "clerk", novotny), http.StatusCreated, &c)
	open := e.newCase("clerk", cases.CaseInput{SubmitterID: c.ID, DepartmentID: e.deps["Doprava"]})
	closed := e.newCase("clerk", cases.CaseInput{SubmitterID: c.ID, Subject: "Dotaz na otevírací dobu"})
	if _, err := e.svc.UpdateCase(t.Context(), e.user("clerk"), closed.Number, closed.Version,
		cases.CasePatch{State: ptr(cases.StateResolved), Outcome: ptr("zodpovězeno telefonicky")}); err != nil {
		t.Fatalf("UpdateCase = %v", err)
	}
	var cs apiPage[apiCase]
	decodeInto(t, e.api(http.MethodGet, "/api/v1/contacts/"+itoa(c.ID)+"/cases?sort=number", "clerk", nil), http.StatusOK, &cs)
	if cs.Total != 2 || cs.Items[0].Number != open.Number || cs.Items[0].SubmitterNm != "Ing. Petr Novotný" {
		t.Errorf("contact's cases = %+v, want both, with the submitter's name", cs)
	}
	var seen apiPage[apiCase]
	decodeInto(t, e.api(http.MethodGet, "/api/v1/contacts/"+itoa(c.ID)+"/cases", "investice", nil), http.StatusOK, &seen)
	if seen.Total != 0 {
		t.Errorf("an official of Investice sees %d of the contact's cases, want 0", seen.Total)
	}

	var look struct {
		Phone    string `json:"phone"`
		Contacts []struct {
			ID          int64     `json:"id"`
			OpenCases   []apiCase `json:"open_cases"`
			RecentCases []apiCase `json:"recent_cases"`
		} `json:"contacts"`
	}
	decodeInto(t, e.api(http.MethodGet, "/api/v1/lookup?phone=00420560987654", "clerk", nil), http.StatusOK, &look)
	if look.Phone != "+420560987654" || len(look.Contacts) != 1 || look.Contacts[0].ID != c.ID {
		t.Fatalf("lookup = %+v, want the one contact", look)
	}
	lc := look.Contacts[0]
	if len(lc.OpenCases) != 1 || lc.OpenCases[0].Number != open.Number ||
		len(lc.RecentCases) != 1 || lc.RecentCases[0].Number != closed.Number {
		t.Errorf("lookup cases = open %+v recent %+v, want %s open and %s recent", lc.OpenCases, lc.RecentCases, open.Number, closed.Number)
	}
	tests := []struct{ phone string }{{"anonymous"}, {"123"}, {"%2B420777000111"}}
	for _, tt := range tests {
		t.Run(tt.phone, func(t *testing.T) {
			decodeInto(t, e.api(http.MethodGet, "/api/v1/lookup?phone="+tt.phone, "clerk", nil), http.StatusOK, &look)
			if len(look.Contacts) != 0 {
				t.Errorf("lookup %s found %d contacts, want none", tt.phone, len(look.Contacts))
			}
		})
	}
	wantError(t, e.api(http.MethodGet, "/api/v1/lookup", "clerk", nil), 422, cases.EInvalid, "phone")
}

func ptr[T any](v T) *T { return &v }
