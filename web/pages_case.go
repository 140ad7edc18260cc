package web

import (
	"net/http"
	"net/url"
	"time"

	"linka/cases"
)

// casePage is a case with its tabs Editor / Přílohy / Historie (N).
type casePage struct {
	basePage
	Number          string
	URL             string
	Tab             string // "editor", "attachments" or "history"
	Case            *cases.Case
	Overdue         bool
	Saved           bool
	Conflict        bool
	Submitter       string
	SubmitterURL    string
	CaseVersion     string // the version the edit form was loaded at
	Fields          []formField
	FormError       string
	Activities      []activityRow
	ActivityFields  []formField
	ActivityError   string
	Attachments     []attachmentRow
	UploadError     string
	MaxUpload       string
	History         []historyRow
	AttachmentCount int
	Panel           panelCase      // the case's contacts and calls (panel_case_calls.html)
	Recordings      []recordingRow // recording area: the calls' recordings
	Workflow        *workflowView  // workflow: the triage panel (workflow_pages.go)
}

type activityRow struct {
	ID          int64
	At          string
	TakenBy     string
	Description string
	HandedTo    string
	Done        bool
}

type attachmentRow struct {
	Name, URL, Type, Size, At, By string
}

type historyRow struct {
	At, User, Field, Old, New string
}

// caseForms carries what the user typed into the forms of a case page
// when a submission failed; nil values show the stored case.
type caseForms struct {
	tab        string
	status     int
	edit       url.Values
	editErr    formErrors
	conflict   bool
	activity   url.Values
	actErr     formErrors
	uploadErr  string
	savedParam bool
	workflow   *workflowForm // workflow: a transition that failed
}

// casePage serves GET /cases/{number}.
func (s *Server) casePage(w http.ResponseWriter, r *http.Request) {
	tab := r.URL.Query().Get("tab")
	if tab != "attachments" && tab != "history" {
		tab = "editor"
	}
	s.showCase(w, r, caseForms{tab: tab, status: http.StatusOK, savedParam: r.URL.Query().Get("saved") != ""})
}

// caseData is everything a case page shows.
type caseData struct {
	c    *cases.Case
	l    *lookups
	acts []cases.Activity
	atts []cases.Attachment
	hist []cases.HistoryEntry
}

// loadCase loads the case in the path with what hangs on it.
func (s *Server) loadCase(r *http.Request) (*caseData, error) {
	ctx, u, number := r.Context(), userOf(r), r.PathValue("number")
	var d caseData
	var err error
	if d.c, err = s.svc.Case(ctx, u, number); err != nil {
		return nil, err
	}
	if d.l, err = s.loadLookups(r); err != nil {
		return nil, err
	}
	if d.acts, err = s.svc.Activities(ctx, u, number); err != nil {
		return nil, err
	}
	if d.atts, err = s.svc.Attachments(ctx, u, number); err != nil {
		return nil, err
	}
	d.hist, err = s.svc.History(ctx, u, number)
	return &d, err
}

// showCase renders a case page with its forms.
func (s *Server) showCase(w http.ResponseWriter, r *http.Request, f caseForms) {
	d, err := s.loadCase(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, l := d.c, d.l
	p := casePage{basePage: s.newBase(r, "case.title", "register"), Number: c.Number, URL: casePath(c.Number),
		Tab: f.tab, Case: c, Overdue: c.Overdue(s.svc.Now()), Saved: f.savedParam, Conflict: f.conflict,
		AttachmentCount: len(d.atts), UploadError: f.uploadErr, MaxUpload: byteSize(s.svc.MaxAttachment())}
	p.Title += " " + c.Number
	if err := s.fillSubmitter(r, &p, c.SubmitterID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.fillCaseForms(&p, l, c, f)
	p.Recordings = s.caseRecordingRows(r, c.Number)
	if p.Workflow, err = s.workflowView(r, p.basePage, l, c, f.workflow); err != nil {
		s.fail(w, r, err)
		return
	}
	for i := range d.acts {
		a := &d.acts[i]
		p.Activities = append(p.Activities, activityRow{ID: a.ID, At: czechDateTime(a.At),
			TakenBy: l.userName(a.TakenBy), Description: a.Description, HandedTo: l.userName(a.HandedTo), Done: a.Done})
	}
	for i := range d.atts {
		a := &d.atts[i]
		p.Attachments = append(p.Attachments, attachmentRow{Name: a.Name, URL: attachmentURL(c.Number, a.ID),
			Type: a.ContentType, Size: byteSize(a.Size), At: czechDateTime(a.CreatedAt), By: actorName(p.basePage, l, a.CreatedBy)})
	}
	for i := len(d.hist) - 1; i >= 0; i-- {
		h := &d.hist[i]
		p.History = append(p.History, historyRow{At: czechDateTime(h.At), User: actorName(p.basePage, l, h.UserID),
			Field: p.T("field." + h.Field), Old: historyValue(p.basePage, h.Field, h.Old), New: historyValue(p.basePage, h.Field, h.New)})
	}
	p.Panel = s.panelCaseData(r, p.basePage, c)
	s.render(w, r, f.status, "case", p)
}

// fillSubmitter shows the submitter's name and link (a logged read).
func (s *Server) fillSubmitter(r *http.Request, p *casePage, id int64) error {
	if id == 0 {
		p.Submitter = p.T("case.anonymous")
		return nil
	}
	sub, err := s.svc.Contact(r.Context(), userOf(r), id)
	if cases.ErrorCode(err) == cases.ENotFound {
		p.Submitter = "#" + itoa(id)
		return nil
	}
	if err != nil {
		return err
	}
	p.Submitter, p.SubmitterURL = sub.DisplayName(), "/contacts/"+itoa(id)
	return nil
}

// fillCaseForms builds the edit and activity forms, from what the user
// typed if a submission failed, else from the case.
func (s *Server) fillCaseForms(p *casePage, l *lookups, c *cases.Case, f caseForms) {
	edit := f.edit
	if edit == nil {
		edit = caseValues(c)
	}
	p.CaseVersion = edit.Get("version")
	p.Fields = caseFields(p.basePage, l, edit, true)
	p.FormError = attachErrors(f.editErr, p.Fields)
	act := f.activity
	if act == nil {
		act = url.Values{"taken_by": {itoa(p.User.ID)}}
	}
	p.ActivityFields = activityFields(p.basePage, l, act)
	p.ActivityError = attachErrors(f.actErr, p.ActivityFields)
}

// actorName names the user id of a history row or attachment; 0 is Linka.
func actorName(p basePage, l *lookups, id int64) string {
	if id == 0 {
		return p.T("case.system")
	}
	return l.userName(id)
}

// historyValue shows a recorded value as people read it.
func historyValue(p basePage, field, v string) string {
	if w, ok := workflowHistoryValue(p, field, v); ok { // workflow
		return w
	}
	switch {
	case v == "":
		return ""
	case field == "state":
		return p.T("state." + v)
	case field == "source":
		return p.T("source." + v)
	case field == "priority":
		return p.T("priority." + v)
	case v == "true":
		return p.T("yes")
	case v == "false":
		return p.T("no")
	case field == "received_at":
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return czechDateTime(t)
		}
	}
	return v
}

// updateCasePage serves POST /cases/{number}: the edit form with the
// version it showed. A validation error or a conflict shows the form again
// with what the user typed.
func (s *Server) updateCasePage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, formError(err))
		return
	}
	f := caseForms{tab: "editor", edit: r.PostForm, editErr: formErrors{}}
	version, verr := formID(r.PostForm.Get("version"), "version")
	patch, err := casePatch(r.PostForm)
	if err == nil && verr != nil {
		err = verr
	}
	var c *cases.Case
	if err == nil {
		c, err = s.svc.UpdateCase(r.Context(), userOf(r), r.PathValue("number"), int(version), patch)
	}
	switch cases.ErrorCode(err) {
	case "":
		s.caseChanged(TypeCaseUpdated, c, "", userOf(r).ID)
		http.Redirect(w, r, casePath(r.PathValue("number"))+"?saved=1", http.StatusSeeOther)
		return
	case cases.EInvalid, cases.EForbidden:
		f.editErr.add(r, err)
	case cases.EConflict:
		f.conflict = true
	default:
		s.fail(w, r, err)
		return
	}
	_, f.status = s.publicError(r, err)
	s.showCase(w, r, f)
}
