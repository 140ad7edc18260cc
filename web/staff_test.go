package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"linka/cases"
)

func TestStaffAPI_MeAndUsers(t *testing.T) {
	e := newEnv(t)
	e.user("doprava")
	for _, path := range []string{"/api/v1/me", "/api/v1/users"} {
		rec := e.api(http.MethodGet, path, "clerk", nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, rec.Code)
		}
		if body := strings.ToLower(rec.Body.String()); strings.Contains(body, "password") || strings.Contains(body, "argon2") {
			t.Errorf("GET %s shows password data: %s", path, rec.Body)
		}
	}
	var me struct {
		Login string   `json:"login"`
		Roles []string `json:"roles"`
		CSRF  string   `json:"csrf_token"`
	}
	decodeInto(t, e.api(http.MethodGet, "/api/v1/me", "doprava", nil), http.StatusOK, &me)
	if me.Login != "doprava" || len(me.Roles) != 1 || me.Roles[0] != "official" || me.CSRF != "" {
		t.Errorf("me = %+v, want the official without a CSRF token (bearer)", me)
	}
	var users apiPage[struct{ Login string }]
	decodeInto(t, e.api(http.MethodGet, "/api/v1/users", "clerk", nil), http.StatusOK, &users)
	if users.Total != 2 {
		t.Errorf("users = %+v, want clerk and doprava", users)
	}
}

func TestStaffAPI_ManageUsers(t *testing.T) {
	e := newEnv(t)
	newUser := map[string]any{"login": "jonas", "name": "Adam Jonáš", "roles": []string{"official"},
		"department_id": e.deps["Doprava"], "password": "dlouhé heslo 123", "extension": "201"}
	var u struct {
		ID     int64  `json:"id"`
		Login  string `json:"login"`
		Active bool   `json:"active"`
	}
	decodeInto(t, e.api(http.MethodPost, "/api/v1/users", "admin", newUser), http.StatusCreated, &u)
	if u.Login != "jonas" || !u.Active {
		t.Errorf("created user = %+v, want active jonas", u)
	}
	path := "/api/v1/users/" + itoa(u.ID)
	update := map[string]any{"login": "jonas", "name": "Adam Jonáš", "roles": []string{"official", "supervisor"},
		"active": false}
	decodeInto(t, e.api(http.MethodPut, path, "admin", update), http.StatusOK, &u)
	if u.Active {
		t.Errorf("after PUT active=false the user is %+v", u)
	}
	tests := []struct {
		name, method, path, login string
		body                      any
		status                    int
		code, field               string
	}{
		{"clerk may not create", http.MethodPost, "/api/v1/users", "clerk", newUser, 403, cases.EForbidden, ""},
		{"login taken", http.MethodPost, "/api/v1/users", "admin", newUser, 422, cases.EInvalid, "login"},
		{"short password", http.MethodPost, "/api/v1/users", "admin", map[string]any{"login": "x", "name": "X",
			"roles": []string{"clerk"}, "password": "short"}, 422, cases.EInvalid, "password"},
		{"unknown role", http.MethodPost, "/api/v1/users", "admin", map[string]any{"login": "y", "name": "Y",
			"roles": []string{"boss"}, "password": "dlouhé heslo 123"}, 422, cases.EInvalid, "roles"},
		{"PUT without active", http.MethodPut, path, "admin", map[string]any{"login": "jonas", "name": "A",
			"roles": []string{"official"}}, 422, cases.EInvalid, "active"},
		{"PUT with a password", http.MethodPut, path, "admin", map[string]any{"login": "jonas", "name": "A",
			"roles": []string{"official"}, "active": true, "password": "x"}, 422, cases.EInvalid, "password"},
		{"PUT unknown user", http.MethodPut, "/api/v1/users/999", "admin", update, 404, cases.ENotFound, ""},
		{"others' password", http.MethodPut, path + "/password", "clerk", map[string]any{"password": "nové heslo 12345"}, 403, cases.EForbidden, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.api(tt.method, tt.path, tt.login, tt.body), tt.status, tt.code, tt.field)
		})
	}
	clerk := "/api/v1/users/" + itoa(e.user("clerk").ID) + "/password"
	if rec := e.api(http.MethodPut, clerk, "clerk", map[string]any{"password": "nové heslo 12345"}); rec.Code != http.StatusNoContent {
		t.Errorf("PUT own password = %d, want 204; body %s", rec.Code, rec.Body)
	}
}

func TestStaffAPI_DepartmentsAndCaseTypes(t *testing.T) {
	e := newEnv(t)
	var d struct {
		ID     int64  `json:"id"`
		Name   string `json:"name"`
		Active bool   `json:"active"`
	}
	decodeInto(t, e.api(http.MethodPost, "/api/v1/departments", "admin", map[string]any{"code": "BYT", "name": "Bytové"}), http.StatusCreated, &d)
	if d.Name != "Bytové" || !d.Active {
		t.Errorf("department = %+v", d)
	}
	decodeInto(t, e.api(http.MethodPut, "/api/v1/departments/"+itoa(d.ID), "admin",
		map[string]any{"code": "BYT", "name": "Bytový odbor", "active": false}), http.StatusOK, &d)
	if d.Name != "Bytový odbor" || d.Active {
		t.Errorf("after PUT department = %+v", d)
	}
	var deps apiPage[struct{ Name string }]
	decodeInto(t, e.api(http.MethodGet, "/api/v1/departments", "clerk", nil), http.StatusOK, &deps)
	if deps.Total != 3 {
		t.Errorf("departments = %+v, want 3", deps)
	}
	var ct struct {
		ID           int64 `json:"id"`
		DeadlineDays int   `json:"deadline_days"`
	}
	decodeInto(t, e.api(http.MethodPost, "/api/v1/case-types", "admin",
		map[string]any{"code": "STIZ", "name": "Stížnost", "deadline_days": 60}), http.StatusCreated, &ct)
	if ct.DeadlineDays != 60 {
		t.Errorf("case type = %+v", ct)
	}
	var types apiPage[struct{ Code string }]
	decodeInto(t, e.api(http.MethodGet, "/api/v1/case-types", "clerk", nil), http.StatusOK, &types)
	if types.Total != 1 || types.Items[0].Code != "STIZ" {
		t.Errorf("case types = %+v", types)
	}
	tests := []struct {
		name, method, path, login string
		body                      any
		status                    int
		code, field               string
	}{
		{"clerk may not add departments", http.MethodPost, "/api/v1/departments", "clerk", map[string]any{"code": "X", "name": "X"}, 403, cases.EForbidden, ""},
		{"department without code", http.MethodPost, "/api/v1/departments", "admin", map[string]any{"name": "X"}, 422, cases.EInvalid, "code"},
		{"negative deadline", http.MethodPost, "/api/v1/case-types", "admin", map[string]any{"code": "X", "name": "X", "deadline_days": -1}, 422, cases.EInvalid, "deadline_days"},
		{"unknown department", http.MethodPut, "/api/v1/departments/999", "admin", map[string]any{"code": "X", "name": "X"}, 404, cases.ENotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.api(tt.method, tt.path, tt.login, tt.body), tt.status, tt.code, tt.field)
		})
	}
}

func TestAccessLogAPI(t *testing.T) {
	e := newEnv(t)
	var c apiContact
	decodeInto(t, e.api(http.MethodPost, "/api/v1/contacts", "clerk", novotny), http.StatusCreated, &c)
	kase := e.newCase("clerk", cases.CaseInput{SubmitterID: c.ID})
	e.api(http.MethodGet, "/api/v1/cases/"+kase.Number, "clerk", nil)
	e.api(http.MethodGet, "/api/v1/contacts/"+itoa(c.ID), "clerk", nil)

	var pg apiPage[struct {
		UserID int64  `json:"user_id"`
		Object string `json:"object"`
		Action string `json:"action"`
	}]
	query := "/api/v1/access-log?contact_id=" + itoa(c.ID) + "&from=2026-03-10&to=2026-03-10"
	decodeInto(t, e.api(http.MethodGet, query, "dpo", nil), http.StatusOK, &pg)
	if pg.Total != 2 || len(pg.Items) != 2 || pg.Items[0].UserID != e.user("clerk").ID {
		t.Errorf("access log = %+v, want the clerk's two reads", pg)
	}
	rec := e.api(http.MethodGet, query+"&format=csv", "dpo", nil)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV export = %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	data := rec.Body.Bytes()
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Fatalf("CSV starts with %q, want a UTF-8 BOM", data[:min(len(data), 8)])
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read CSV with ';': %v\n%s", err, data)
	}
	if len(rows) != 3 || rows[0][0] != "Datum a čas" || len(rows[1]) != 6 || rows[1][1] != "clerk" ||
		rows[1][0] != "10.03.2026 10:00:00" {
		t.Errorf("CSV rows = %q, want a Czech header and two reads in Prague time", rows)
	}
	tests := []struct {
		name, query, login string
		status             int
		code, field        string
	}{
		{"clerk may not read", "/api/v1/access-log", "clerk", 403, cases.EForbidden, ""},
		{"bad format", "/api/v1/access-log?format=xlsx", "dpo", 422, cases.EInvalid, "format"},
		{"bad date", "/api/v1/access-log?from=yesterday", "dpo", 422, cases.EInvalid, "from"},
		{"bad user", "/api/v1/access-log?user_id=x", "dpo", 422, cases.EInvalid, "user_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.api(http.MethodGet, tt.query, tt.login, nil), tt.status, tt.code, tt.field)
		})
	}
}

func TestCSVCell_Formulas(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Adam Jonáš", "Adam Jonáš"}, {"=1+1", "'=1+1"}, {"+420", "'+420"}, {"-x", "'-x"}, {"@SUM", "'@SUM"}, {"", ""},
	}
	for _, tt := range tests {
		if got := csvCell(tt.in); got != tt.want {
			t.Errorf("csvCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
