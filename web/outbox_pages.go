package web

import (
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"

	"linka/cases"
)

// outboxPage is the outbox ("Odchozí pošta"): notifications with their
// state, a retry button for the failed ones, and the mail folder of the
// file transport.
type outboxPage struct {
	basePage
	States           []option
	Counts           string
	Notice           string
	Rows             []outboxRow
	Total, From, To  int
	PrevURL, NextURL string
	Folder           bool
	Mail             []mailRow
}

// outboxRow is one notification, formatted for display.
type outboxRow struct {
	ID                      int64
	Created, Kind, Lang, To string
	CaseNumber, CaseURL     string
	State, StateKey         string
	Attempts                int
	Next, SentAt, Error     string
	Failed                  bool
	RetryURL                string
}

// mailRow is one file of the mail folder.
type mailRow struct {
	Name, Written, To, Subject, MessageID string
	URL, DownloadURL                      string
}

// outboxPage serves GET /outbox.
func (s *Server) outboxPage(w http.ResponseWriter, r *http.Request) {
	p := outboxPage{basePage: s.newBase(r, "outbox.title", "outbox")}
	q := r.URL.Query()
	if q.Get("retried") != "" {
		p.Notice = p.T("outbox.retried")
	}
	f, err := notificationFilter(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	ns, total, err := s.svc.Notifications(ctx, userOf(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts, err := s.svc.NotificationCounts(ctx, userOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Counts = fmt.Sprintf(p.T("outbox.counts"), counts[cases.NotificationPending],
		counts[cases.NotificationSent], counts[cases.NotificationFailed])
	p.States = withNone(p.T("filter.all"), enumOptions(p.basePage, "outbox.state.",
		[]cases.NotificationState{cases.NotificationPending, cases.NotificationSent, cases.NotificationFailed}, string(f.State)))
	for i := range ns {
		p.Rows = append(p.Rows, toOutboxRow(p.basePage, &ns[i]))
	}
	p.Total, p.From, p.To = total, f.Offset+1, f.Offset+len(ns)
	p.PrevURL, p.NextURL = pageLinks(&url.URL{Path: "/outbox", RawQuery: q.Encode()}, f.Offset, f.Limit, total)
	if s.mailDir != nil {
		p.Folder = true
		files, err := s.mailDir.List(ctx, 50)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, mf := range files {
			u := "/outbox/mail/" + url.PathEscape(mf.Name)
			p.Mail = append(p.Mail, mailRow{Name: mf.Name, Written: czechDateTime(mf.Written), To: mf.To,
				Subject: mf.Subject, MessageID: mf.MessageID, URL: u, DownloadURL: u + "?download=1"})
		}
	}
	s.render(w, r, http.StatusOK, "outbox", p)
}

// notificationFilter reads ?state=&case_id=&limit=&offset=.
func notificationFilter(q url.Values) (cases.NotificationFilter, error) {
	f := cases.NotificationFilter{State: cases.NotificationState(q.Get("state"))}
	var err error
	if f.Limit, f.Offset, err = paging(q); err != nil {
		return f, err
	}
	if v := q.Get("case_id"); v != "" {
		if f.CaseID, err = formID(v, "case_id"); err != nil {
			return f, err
		}
	}
	return f, nil
}

// toOutboxRow formats n for the page.
func toOutboxRow(p basePage, n *cases.Notification) outboxRow {
	row := outboxRow{ID: n.ID, Created: czechDateTime(n.CreatedAt), Kind: p.T("outbox.kind." + string(n.Kind)),
		Lang: n.Lang, To: n.To, CaseNumber: n.CaseNumber, State: p.T("outbox.state." + string(n.State)),
		StateKey: string(n.State), Attempts: n.Attempts, SentAt: czechDateTime(n.SentAt), Error: n.LastError,
		Failed: n.State == cases.NotificationFailed, RetryURL: "/outbox/" + itoa(n.ID) + "/retry"}
	if n.CaseNumber != "" {
		row.CaseURL = casePath(n.CaseNumber)
	}
	if n.State == cases.NotificationPending {
		row.Next = czechDateTime(n.NextAttemptAt)
	}
	return row
}

// outboxRetryPage serves POST /outbox/{id}/retry.
func (s *Server) outboxRetryPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "notification")
	if err == nil {
		err = s.svc.RetryNotification(r.Context(), userOf(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/outbox?state=failed&retried="+itoa(id), http.StatusSeeOther)
}

// outboxMailFile serves GET /outbox/mail/{name}: a written message as
// plain text to read in the browser, or with ?download=1 as an .eml file.
func (s *Server) outboxMailFile(w http.ResponseWriter, r *http.Request) {
	if !(basePage{User: userOf(r)}).SeesOutbox() {
		s.fail(w, r, cases.Errorf(cases.EForbidden, "only admins and supervisors see the outbox"))
		return
	}
	if s.mailDir == nil {
		s.fail(w, r, cases.Errorf(cases.ENotFound, "mail %s not found", r.PathValue("name")))
		return
	}
	name := r.PathValue("name")
	f, err := s.mailDir.Open(r.Context(), name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Type", "message/rfc822")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	} else {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	_, _ = io.Copy(w, f)
}

// outboxTemplatesPage lists the templates of every kind and language.
type outboxTemplatesPage struct {
	basePage
	Rows []templateRow
}

// templateRow is one template in the list.
type templateRow struct {
	Kind, Lang, Subject, EditURL string
	Custom                       bool
}

// outboxTemplatesPage serves GET /outbox/templates.
func (s *Server) outboxTemplatesPage(w http.ResponseWriter, r *http.Request) {
	p := outboxTemplatesPage{basePage: s.newBase(r, "outbox.templates", "outbox")}
	ts, err := s.svc.NotificationTemplates(r.Context(), userOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, t := range ts {
		p.Rows = append(p.Rows, templateRow{Kind: p.T("outbox.kind." + string(t.Kind)), Lang: p.T("outbox.lang." + t.Lang),
			Subject: t.Subject, Custom: t.Custom, EditURL: templatePath(t.Kind, t.Lang)})
	}
	s.render(w, r, http.StatusOK, "outbox_templates", p)
}

func templatePath(kind cases.NotificationKind, lang string) string {
	return "/outbox/templates/" + url.PathEscape(string(kind)) + "/" + url.PathEscape(lang)
}

// outboxTemplatePage is the editor of one template, with its preview.
type outboxTemplatePage struct {
	basePage
	KindName, LangName string
	Action, PreviewURL string
	Fields             []formField
	Errors             formErrors
	Notice             string
	Custom, CanEdit    bool
	Preview            *cases.RenderedMail
	FieldNames         string
}

// templateFields lists what templates may print.
const templateFields = "{{.Number}} {{.Subject}} {{.Department}} {{.DueDate}} {{.Reason}} {{.Missing}} " +
	"{{.Response}} {{.Body}} {{.BodyInfo}} {{.Code}} {{.Text}} {{.StatusURL}} {{.PortalURL}}; " +
	"{{link .StatusURL}}, {{para .Response}}"

// outboxTemplatePage serves GET /outbox/templates/{kind}/{lang}.
func (s *Server) outboxTemplatePage(w http.ResponseWriter, r *http.Request) {
	kind, lang := cases.NotificationKind(r.PathValue("kind")), r.PathValue("lang")
	t, err := s.svc.NotificationTemplate(r.Context(), userOf(r), kind, lang)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var notice string
	switch r.URL.Query().Get("done") {
	case "saved":
		notice = "outbox.saved"
	case "reset":
		notice = "outbox.was_reset"
	}
	s.showTemplate(w, r, http.StatusOK, t, nil, formErrors{}, notice)
}

// outboxSaveTemplatePage serves POST /outbox/templates/{kind}/{lang}:
// action=save stores the template, preview renders it with sample data,
// reset restores the default.
func (s *Server) outboxSaveTemplatePage(w http.ResponseWriter, r *http.Request) {
	kind, lang := cases.NotificationKind(r.PathValue("kind")), r.PathValue("lang")
	u := userOf(r)
	t := formTemplate(r, kind, lang)
	var err error
	switch r.PostFormValue("action") {
	case "reset":
		if err = s.svc.ResetNotificationTemplate(r.Context(), u, kind, lang); err == nil {
			http.Redirect(w, r, templatePath(kind, lang)+"?done=reset", http.StatusSeeOther)
			return
		}
	case "preview":
		var prev cases.RenderedMail
		if prev, err = s.svc.PreviewNotificationTemplate(r.Context(), u, t); err == nil {
			s.showTemplate(w, r, http.StatusOK, t, &prev, formErrors{}, "")
			return
		}
	default:
		if err = s.svc.SaveNotificationTemplate(r.Context(), u, t); err == nil {
			http.Redirect(w, r, templatePath(kind, lang)+"?done=saved", http.StatusSeeOther)
			return
		}
	}
	if cases.ErrorCode(err) == cases.EInvalid {
		errs := formErrors{}
		errs.add(r, err)
		_, status := s.publicError(r, err)
		s.showTemplate(w, r, status, t, nil, errs, "")
		return
	}
	s.fail(w, r, err)
}

// formTemplate reads the template the editor posted.
func formTemplate(r *http.Request, kind cases.NotificationKind, lang string) cases.NotificationTemplate {
	crlf := strings.NewReplacer("\r\n", "\n")
	return cases.NotificationTemplate{Kind: kind, Lang: lang, Subject: r.PostFormValue("subject"),
		Text: crlf.Replace(r.PostFormValue("text")), HTML: crlf.Replace(r.PostFormValue("html"))}
}

// showTemplate renders the editor of t.
func (s *Server) showTemplate(w http.ResponseWriter, r *http.Request, status int, t cases.NotificationTemplate,
	prev *cases.RenderedMail, errs formErrors, notice string) {
	p := outboxTemplatePage{basePage: s.newBase(r, "outbox.template_title", "outbox"), Errors: errs,
		Custom: t.Custom, Preview: prev, FieldNames: templateFields, Action: templatePath(t.Kind, t.Lang),
		PreviewURL: templatePath(t.Kind, t.Lang) + "/preview"}
	p.CanEdit = p.User != nil && p.User.Has(cases.RoleAdmin)
	p.KindName, p.LangName = p.T("outbox.kind."+string(t.Kind)), p.T("outbox.lang."+t.Lang)
	p.Title = p.T("outbox.template_title") + ": " + p.KindName + " (" + p.LangName + ")"
	if notice != "" {
		p.Notice = p.T(notice)
	}
	p.Fields = []formField{
		{Form: "tpl", Name: "subject", Label: p.T("outbox.subject"), Kind: "text", Value: t.Subject, Error: errs["subject"], Required: true, Wide: true},
		{Form: "tpl", Name: "text", Label: p.T("outbox.text"), Kind: "textarea", Value: t.Text, Error: errs["text"], Required: true, Wide: true},
		{Form: "tpl", Name: "html", Label: p.T("outbox.html"), Kind: "textarea", Value: t.HTML, Error: errs["html"], Wide: true},
	}
	s.render(w, r, status, "outbox_template", p)
}

// outboxPreviewHTML serves POST /outbox/templates/{kind}/{lang}/preview:
// the HTML part rendered with sample data, as a document of its own in a
// sandbox (no scripts, no same-origin access), opened in a new tab.
func (s *Server) outboxPreviewHTML(w http.ResponseWriter, r *http.Request) {
	kind, lang := cases.NotificationKind(r.PathValue("kind")), r.PathValue("lang")
	prev, err := s.svc.PreviewNotificationTemplate(r.Context(), userOf(r), formTemplate(r, kind, lang))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body := prev.HTML
	if body == "" {
		body = "<pre>" + template.HTMLEscapeString(prev.Text) + "</pre>"
	}
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, body)
}
