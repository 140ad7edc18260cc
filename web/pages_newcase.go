package web

import (
	"net/http"
	"net/url"

	"linka/cases"
)

// newCasePage is the form that registers a case.
type newCasePage struct {
	basePage
	Fields          []formField
	SubmitterFields []formField
	FormError       string
}

// newCaseForm serves GET /cases/new. A contact_id parameter preselects
// the submitter (the contact page links here).
func (s *Server) newCaseForm(w http.ResponseWriter, r *http.Request) {
	v := url.Values{"source": {string(cases.SourcePhone)}, "priority": {string(cases.PriorityNormal)},
		"received_at": {inputDateTime(s.svc.Now())}}
	if id := r.URL.Query().Get("contact_id"); id != "" {
		v.Set("submitter_id", id)
	}
	s.showNewCase(w, r, http.StatusOK, v, nil)
}

// createCasePage serves POST /cases/new and goes to the new case.
func (s *Server) createCasePage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, formError(err))
		return
	}
	in, err := caseInput(r.PostForm)
	var c *cases.Case
	if err == nil {
		c, err = s.svc.CreateCase(r.Context(), userOf(r), in)
	}
	switch cases.ErrorCode(err) {
	case "":
		s.caseChanged(TypeCaseCreated, c, "", userOf(r).ID)
		http.Redirect(w, r, casePath(c.Number), http.StatusSeeOther)
	case cases.EInvalid, cases.EForbidden:
		errs := formErrors{}
		errs.add(r, err)
		_, status := s.publicError(r, err)
		s.showNewCase(w, r, status, r.PostForm, errs)
	default:
		s.fail(w, r, err)
	}
}

// showNewCase renders the new-case form with values and errors.
func (s *Server) showNewCase(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs formErrors) {
	l, err := s.loadLookups(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := newCasePage{basePage: s.newBase(r, "new_case.title", "new_case")}
	p.Fields = caseFields(p.basePage, l, v, false)
	for _, name := range []string{"first_name", "last_name", "phone", "email"} {
		kind := map[string]string{"phone": "tel", "email": "email"}[name]
		if kind == "" {
			kind = "text"
		}
		p.SubmitterFields = append(p.SubmitterFields, formField{Form: "submitter", Name: name,
			Label: p.T("contact." + name), Kind: kind, Value: v.Get(name)})
	}
	p.FormError = attachErrors(errs, p.Fields, p.SubmitterFields)
	s.render(w, r, status, "case_new", p)
}
