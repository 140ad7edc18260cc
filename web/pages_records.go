package web

import (
	"net/http"
	"net/url"

	"linka/cases"
)

// activityFields are the fields of the add-activity form.
func activityFields(p basePage, l *lookups, v url.Values) []formField {
	f := func(name, kind string) formField {
		return formField{Form: "activity", Name: name, Label: p.T("activity." + name), Kind: kind, Value: v.Get(name)}
	}
	at, taken, desc, handed, done := f("at", "datetime-local"), f("taken_by", "select"),
		f("description", "textarea"), f("handed_to", "select"), f("done", "checkbox")
	taken.Options = l.userOptions(p.T("none"), v.Get("taken_by"))
	handed.Options = l.userOptions(p.T("none"), v.Get("handed_to"))
	desc.Required, desc.Wide = true, true
	done.Checked = v.Get("done") == "true"
	return []formField{at, taken, handed, desc, done}
}

// addActivityPage serves POST /cases/{number}/activities.
func (s *Server) addActivityPage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, formError(err))
		return
	}
	v := r.PostForm
	a := cases.Activity{Description: v.Get("description"), Done: v.Get("done") == "true"}
	var err error
	a.At, err = formDateTime(v.Get("at"), "at")
	if err == nil {
		a.TakenBy, err = formID(v.Get("taken_by"), "taken_by")
	}
	if err == nil {
		a.HandedTo, err = formID(v.Get("handed_to"), "handed_to")
	}
	if err == nil {
		_, err = s.svc.AddActivity(r.Context(), userOf(r), r.PathValue("number"), a)
	}
	switch cases.ErrorCode(err) {
	case "":
		http.Redirect(w, r, casePath(r.PathValue("number"))+"#activities", http.StatusSeeOther)
		return
	case cases.EInvalid, cases.EForbidden:
		f := caseForms{tab: "editor", activity: v, actErr: formErrors{}}
		f.actErr.add(r, err)
		_, f.status = s.publicError(r, err)
		s.showCase(w, r, f)
	default:
		s.fail(w, r, err)
	}
}

// activityDonePage serves POST /cases/{number}/activities/{id}: it marks
// the activity done or not done (field done).
func (s *Server) activityDonePage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "activity")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	done := r.PostFormValue("done") == "true"
	if _, err := s.svc.SetActivityDone(r.Context(), userOf(r), r.PathValue("number"), id, done); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, casePath(r.PathValue("number"))+"#activities", http.StatusSeeOther)
}

// uploadPage serves POST /cases/{number}/attachments from the Přílohy tab.
func (s *Server) uploadPage(w http.ResponseWriter, r *http.Request) {
	_, err := s.upload(r)
	switch cases.ErrorCode(err) {
	case "":
		http.Redirect(w, r, casePath(r.PathValue("number"))+"?tab=attachments", http.StatusSeeOther)
		return
	case cases.EInvalid, cases.ETooLarge, cases.EForbidden:
	default:
		if !isTooLarge(err) {
			s.fail(w, r, err)
			return
		}
	}
	e, status := s.publicError(r, err)
	s.showCase(w, r, caseForms{tab: "attachments", status: status, uploadErr: e.Message})
}
