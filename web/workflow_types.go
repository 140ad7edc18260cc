package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"linka/cases"
)

// caseTypesPage is the admin page of case types and their legal regimes
// (GET /case-types).
type caseTypesPage struct {
	basePage
	Saved bool
	Types []caseTypeForm
	New   caseTypeForm
}

// caseTypeForm is the form of one case type.
type caseTypeForm struct {
	CSRF   string
	Save   string
	ID     int64
	Title  string
	Open   bool
	Error  string
	Fields []formField
}

// SeesCaseTypes reports whether the user manages case types (admins).
func (p basePage) SeesCaseTypes() bool {
	return p.User != nil && p.User.Active && p.User.Has(cases.RoleAdmin)
}

// caseTypesPage serves GET /case-types.
func (s *Server) caseTypesPage(w http.ResponseWriter, r *http.Request) {
	s.showCaseTypes(w, r, http.StatusOK, r.URL.Query().Get("saved") != "", -1, nil, nil)
}

// showCaseTypes renders the page; the form of id failed (-1: none) with
// the values typed and errs.
func (s *Server) showCaseTypes(w http.ResponseWriter, r *http.Request, status int, saved bool, failed int64, vals url.Values, errs formErrors) {
	p := caseTypesPage{basePage: s.newBase(r, "workflow.types.title", "case_types"), Saved: saved}
	if !p.SeesCaseTypes() {
		s.fail(w, r, cases.Errorf(cases.EForbidden, "only an admin may manage case types"))
		return
	}
	types, err := s.svc.CaseTypes(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form := func(id int64, title string, v url.Values) caseTypeForm {
		f := caseTypeForm{CSRF: p.CSRF, Save: p.T("save"), ID: id, Title: title}
		if id == failed {
			v, f.Open = vals, true
		}
		f.Fields = caseTypeFields(p.basePage, id, v)
		if id == failed {
			f.Error = attachErrors(errs, f.Fields)
		}
		return f
	}
	for i := range types {
		t := &types[i]
		p.Types = append(p.Types, form(t.ID, t.Name+" ("+p.T("workflow.regime."+string(t.Regime))+")", caseTypeValues(t)))
	}
	p.New = form(0, p.T("workflow.types.new"), url.Values{"active": {"true"}})
	s.render(w, r, status, "workflow_types", p)
}

// caseTypeValues returns a case type as form values.
func caseTypeValues(t *cases.CaseType) url.Values {
	return url.Values{"code": {t.Code}, "name": {t.Name}, "regime": {string(t.Regime)},
		"deadline_days": {strconv.Itoa(t.DeadlineDays)}, "extension_days": {strconv.Itoa(t.ExtensionDays)},
		"forward_days": {strconv.Itoa(t.ForwardDays)}, "step_days": {strconv.Itoa(t.StepDays)},
		"active": {strconv.FormatBool(t.Active)}}
}

// caseTypeFields returns the inputs of a case type's form.
func caseTypeFields(p basePage, id int64, v url.Values) []formField {
	form := "ct-" + itoa(id)
	f := func(name, kind string) formField {
		return formField{Form: form, Name: name, Label: p.T("workflow.types." + name), Kind: kind, Value: v.Get(name)}
	}
	code, name := f("code", "text"), f("name", "text")
	code.Required, name.Required = true, true
	regime := f("regime", "select")
	regime.Options = enumOptions(p, "workflow.regime.", cases.Regimes, v.Get("regime"))
	active := f("active", "checkbox")
	active.Checked = v.Get("active") == "true"
	return []formField{code, name, regime, f("deadline_days", "number"), f("extension_days", "number"),
		f("forward_days", "number"), f("step_days", "number"), active}
}

// saveCaseTypePage serves POST /case-types: creates (id 0) or updates a
// case type; a refused one shows its form again with the errors.
func (s *Server) saveCaseTypePage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, formError(err))
		return
	}
	v := r.PostForm
	id, err := formID(v.Get("id"), "id")
	t := &cases.CaseType{ID: id, Code: v.Get("code"), Name: v.Get("name"), Regime: cases.Regime(v.Get("regime")),
		Active: v.Get("active") == "true"}
	for _, n := range []struct {
		name string
		dst  *int
	}{{"deadline_days", &t.DeadlineDays}, {"extension_days", &t.ExtensionDays}, {"forward_days", &t.ForwardDays}, {"step_days", &t.StepDays}} {
		raw := strings.TrimSpace(v.Get(n.name))
		if raw == "" || err != nil {
			continue
		}
		if *n.dst, err = strconv.Atoi(raw); err != nil {
			err = cases.Invalid(n.name, "%q is not a number", raw)
		}
	}
	if err == nil {
		err = s.svc.SaveCaseType(r.Context(), userOf(r), t)
	}
	switch cases.ErrorCode(err) {
	case "":
		s.log.Info("workflow: case type saved", "code", t.Code, "regime", t.Regime, "user", userOf(r).Login)
		http.Redirect(w, r, "/case-types?saved=1", http.StatusSeeOther)
		return
	case cases.EInvalid, cases.EConflict:
		s.log.Info("workflow: case type refused", "code", t.Code, "err", err)
	default:
		s.fail(w, r, err)
		return
	}
	errs := formErrors{}
	if cases.ErrorCode(err) == cases.EConflict {
		err = cases.Invalid("code", "the code %q is taken", t.Code)
	}
	errs.add(r, err)
	_, status := s.publicError(r, err)
	s.showCaseTypes(w, r, status, false, id, v, errs)
}
