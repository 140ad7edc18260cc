package web

import (
	"net/http"

	"linka/cases"
)

// userJSON is a member of staff; the password hash is never included.
type userJSON struct {
	ID             int64        `json:"id"`
	Login          string       `json:"login"`
	Name           string       `json:"name"`
	Email          string       `json:"email"`
	Extension      string       `json:"extension"`
	DepartmentID   *int64       `json:"department_id"`
	Roles          []cases.Role `json:"roles"`
	AllDepartments bool         `json:"all_departments"`
	Active         bool         `json:"active"`
	CreatedAt      apiTime      `json:"created_at"`
}

func toUserJSON(u *cases.User) userJSON {
	roles := u.Roles
	if roles == nil {
		roles = []cases.Role{}
	}
	return userJSON{ID: u.ID, Login: u.Login, Name: u.Name, Email: u.Email, Extension: u.Extension,
		DepartmentID: ref(u.DepartmentID), Roles: roles, AllDepartments: u.AllDepartments,
		Active: u.Active, CreatedAt: apiTime(u.CreatedAt)}
}

// userInputJSON is the body of POST /api/v1/users (with password) and
// PUT /api/v1/users/{id} (without; active is then required).
type userInputJSON struct {
	Login          string       `json:"login"`
	Name           string       `json:"name"`
	Email          string       `json:"email"`
	Extension      string       `json:"extension"`
	DepartmentID   int64        `json:"department_id"`
	Roles          []cases.Role `json:"roles"`
	AllDepartments bool         `json:"all_departments"`
	Active         *bool        `json:"active"`
	Password       string       `json:"password"`
}

func (in *userInputJSON) user(id int64, active bool) *cases.User {
	return &cases.User{ID: id, Login: in.Login, Name: in.Name, Email: in.Email,
		Extension: in.Extension, DepartmentID: in.DepartmentID, Roles: in.Roles,
		AllDepartments: in.AllDepartments, Active: active}
}

// meJSON is the signed-in user; csrf_token is there for session clients,
// which send it back in the X-CSRF-Token header.
type meJSON struct {
	userJSON
	CSRFToken string `json:"csrf_token,omitempty"`
}

// apiMe serves GET /api/v1/me.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r.Context())
	out := meJSON{userJSON: toUserJSON(a.user)}
	if a.session != nil {
		out.CSRFToken = a.session.CSRF
	}
	writeJSON(w, http.StatusOK, out)
}

// apiUsers serves GET /api/v1/users.
func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) {
	users, err := s.svc.Users(r.Context(), userOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(mapSlice(users, toUserJSON)))
}

// apiCreateUser serves POST /api/v1/users (admins).
func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) {
	var in userInputJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	u := in.user(0, in.Active == nil || *in.Active)
	if err := s.svc.CreateUser(r.Context(), userOf(r), u, in.Password); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/users/"+itoa(u.ID))
	writeJSON(w, http.StatusCreated, toUserJSON(u))
}

// apiUpdateUser serves PUT /api/v1/users/{id} (admins): the body replaces
// the profile, roles and active flag; the password is set separately.
func (s *Server) apiUpdateUser(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "user")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in userInputJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	switch {
	case in.Password != "":
		err = cases.Invalid("password", "set the password with PUT /api/v1/users/%d/password", id)
	case in.Active == nil:
		err = cases.Invalid("active", "active (true or false) is required")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := in.user(id, *in.Active)
	if err := s.svc.UpdateUser(r.Context(), userOf(r), u); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toUserJSON(u))
}

// apiSetPassword serves PUT /api/v1/users/{id}/password: users change
// their own, admins anyone's. It signs the user out everywhere.
func (s *Server) apiSetPassword(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "user")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Password string `json:"password"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.svc.SetPassword(r.Context(), userOf(r), id, in.Password); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// departmentJSON is an office department ("odbor").
type departmentJSON struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Active *bool  `json:"active"`
}

func toDepartmentJSON(d *cases.Department) departmentJSON {
	active := d.Active
	return departmentJSON{ID: d.ID, Code: d.Code, Name: d.Name, Email: d.Email, Active: &active}
}

// apiDepartments serves GET /api/v1/departments.
func (s *Server) apiDepartments(w http.ResponseWriter, r *http.Request) {
	deps, err := s.svc.Departments(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(mapSlice(deps, toDepartmentJSON)))
}

// apiSaveDepartment serves POST /api/v1/departments and
// PUT /api/v1/departments/{id} (admins); active defaults to true.
func (s *Server) apiSaveDepartment(w http.ResponseWriter, r *http.Request) {
	id, in, ok := saveTarget[departmentJSON](s, w, r, "department")
	if !ok {
		return
	}
	d := &cases.Department{ID: id, Code: in.Code, Name: in.Name, Email: in.Email,
		Active: in.Active == nil || *in.Active}
	if err := s.svc.SaveDepartment(r.Context(), userOf(r), d); err != nil {
		s.fail(w, r, err)
		return
	}
	writeSaved(w, r, id, "/api/v1/departments/"+itoa(d.ID), toDepartmentJSON(d))
}

// caseTypeJSON is a kind of submission with its deadline.
type caseTypeJSON struct {
	ID           int64  `json:"id"`
	Code         string `json:"code"`
	Name         string `json:"name"`
	DeadlineDays int    `json:"deadline_days"`
	Active       *bool  `json:"active"`
	// workflow: the legal regime and its adjustable periods (docs/workflow.md).
	Regime        cases.Regime `json:"regime"`
	ExtensionDays int          `json:"extension_days"`
	ForwardDays   int          `json:"forward_days"`
	StepDays      int          `json:"step_days"`
}

func toCaseTypeJSON(t *cases.CaseType) caseTypeJSON {
	active := t.Active
	return caseTypeJSON{ID: t.ID, Code: t.Code, Name: t.Name, DeadlineDays: t.DeadlineDays, Active: &active,
		Regime: t.Regime, ExtensionDays: t.ExtensionDays, ForwardDays: t.ForwardDays, StepDays: t.StepDays}
}

// apiCaseTypes serves GET /api/v1/case-types.
func (s *Server) apiCaseTypes(w http.ResponseWriter, r *http.Request) {
	types, err := s.svc.CaseTypes(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(mapSlice(types, toCaseTypeJSON)))
}

// apiSaveCaseType serves POST /api/v1/case-types and
// PUT /api/v1/case-types/{id} (admins); active defaults to true.
func (s *Server) apiSaveCaseType(w http.ResponseWriter, r *http.Request) {
	id, in, ok := saveTarget[caseTypeJSON](s, w, r, "case type")
	if !ok {
		return
	}
	t := &cases.CaseType{ID: id, Code: in.Code, Name: in.Name, DeadlineDays: in.DeadlineDays,
		Active: in.Active == nil || *in.Active, Regime: in.Regime, ExtensionDays: in.ExtensionDays,
		ForwardDays: in.ForwardDays, StepDays: in.StepDays}
	if err := s.svc.SaveCaseType(r.Context(), userOf(r), t); err != nil {
		s.fail(w, r, err)
		return
	}
	writeSaved(w, r, id, "/api/v1/case-types/"+itoa(t.ID), toCaseTypeJSON(t))
}

// saveTarget decodes the body of a create (POST, id 0) or replace (PUT
// …/{id}) request. The id in a body is ignored; the path decides.
func saveTarget[T any](s *Server, w http.ResponseWriter, r *http.Request, what string) (int64, T, bool) {
	var in T
	var id int64
	if r.Method == http.MethodPut {
		var err error
		if id, err = pathID(r, "id", what); err != nil {
			s.fail(w, r, err)
			return 0, in, false
		}
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return 0, in, false
	}
	return id, in, true
}

// writeSaved answers a create with 201 and its Location, a replace with 200.
func writeSaved(w http.ResponseWriter, r *http.Request, id int64, location string, v any) {
	if id == 0 {
		w.Header().Set("Location", location)
		writeJSON(w, http.StatusCreated, v)
		return
	}
	writeJSON(w, http.StatusOK, v)
}
