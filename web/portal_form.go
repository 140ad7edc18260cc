package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"linka/cases"
)

// The names of the web form's controls besides the submission's fields.
const (
	formKeyField   = "key"     // the idempotency key
	formAnswer     = "answer"  // the anti-robot question's answer
	formHoneypot   = "website" // left empty by people, filled by robots
	formFilesField = "attachments"
)

// webFormPage is the web form ("Webový formulář").
type webFormPage struct {
	portalPage
	Key       string
	Person    []formField
	Address   []formField
	Contact   []formField
	Content   []formField
	Robot     formField
	Informed  formField
	FileError string
	MaxFiles  int
	MaxSize   string
	MaxBytes  int64
}

// webFormFields fills the form's fields from v (what was typed).
func (s *Server) webForm(w http.ResponseWriter, r *http.Request, v url.Values, errs formErrors) webFormPage {
	p := webFormPage{portalPage: s.newPortalPage(w, r, "portal.form.title", "form"), Key: v.Get(formKeyField),
		MaxFiles: cases.MaxUploads, MaxSize: byteSize(s.svc.MaxAttachment()), MaxBytes: s.svc.MaxAttachment()}
	if len(p.Key) < 16 {
		p.Key = randomToken()
	}
	if errs != nil {
		p.Errors = sentences(errs)
	}
	f := func(name, kind, auto string, required bool) formField {
		return formField{Form: "f", Name: name, Label: p.T("portal.form." + name), Kind: kind, Value: v.Get(name),
			Error: p.Errors[name], Required: required, Auto: auto, Wide: kind == "textarea"}
	}
	p.Person = []formField{f("name", "text", "name", true)}
	p.Address = []formField{f("street", "text", "street-address", false), f("city", "text", "address-level2", false),
		f("postcode", "text", "postal-code", false)}
	p.Contact = []formField{f("phone", "tel", "tel", false), f("email", "email", "email", false)}
	p.Content = []formField{f("subject", "text", "off", true), f("text", "textarea", "off", true)}
	p.Informed = f("keep_informed", "checkbox", "", false)
	p.Informed.Checked = v.Get("keep_informed") == "true"
	p.Robot = f(formAnswer, "text", "off", true)
	p.Robot.Label = robotQuestionFor(p.Key).text(p.Lang)
	p.Robot.Value = ""
	p.FileError = p.Errors[formFilesField]
	p.fieldIDs = map[string]string{}
	for _, group := range [][]formField{p.Person, p.Address, p.Contact, {p.Informed}, p.Content} {
		for _, fld := range group {
			p.fieldIDs[fld.Name] = fld.ID()
			p.fieldOrder = append(p.fieldOrder, fld.Name)
		}
	}
	p.fieldIDs[formFilesField], p.fieldIDs[formAnswer] = "f-attachments", p.Robot.ID()
	p.fieldOrder = append(p.fieldOrder, formFilesField, formAnswer)
	return p
}

// portalFormPage serves GET /portal/form.
func (s *Server) portalFormPage(w http.ResponseWriter, r *http.Request) {
	s.renderPortal(w, r, http.StatusOK, "portal_form", s.webForm(w, r, url.Values{}, nil))
}

// sentPage is the confirmation of a registered submission.
type sentPage struct {
	portalPage
	Number    string
	Code      string
	ExpiresAt string
	Repeated  bool
	Informed  bool
}

// portalSubmit serves POST /portal/form. Abuse is refused before anything
// is stored: too many submissions from one address, a missing or wrong
// CSRF token, a filled honeypot, a wrong answer to the question, a body
// over the size limit. The same form sent twice makes one case.
func (s *Server) portalSubmit(w http.ResponseWriter, r *http.Request) {
	ip := throttleIP(s.clientIP(r))
	ok, wait, err := s.portal.p.FormAllowed(r.Context(), ip, s.portal.perHour)
	if err != nil {
		// The limit guards against abuse; a database that cannot read it
		// fails the submission itself, with its own answer.
		s.log.WarnContext(r.Context(), "web form limit not checked", "request_id", requestID(r), "err", err)
		ok = true
	}
	if !ok {
		s.portal.refuse(refusedRateLimit)
		s.logWarn(r, "web form rate limited", "ip", ip)
		setRetryAfter(w, wait)
		s.portalMessage(w, r, http.StatusTooManyRequests, s.msg(r, "portal.form.too_many"), "/portal/form")
		return
	}
	if err := parsePortalForm(r); err != nil {
		s.portalFormError(w, r, err)
		return
	}
	defer removeMultipart(r)
	in := s.submission(r)
	if status, errs := s.screenForm(r, in, ip); status != 0 {
		s.renderPortal(w, r, status, "portal_form", s.webForm(w, r, r.PostForm, errs))
		return
	}
	res, err := s.portal.p.Submit(r.Context(), in)
	if err != nil && !errors.Is(err, cases.ErrCodeNotIssued) {
		s.submitRefused(w, r, ip, err)
		return
	}
	if err != nil {
		s.log.ErrorContext(r.Context(), "web submission registered without an access code", "request_id",
			requestID(r), "case", res.Case.Number, "err", err)
	}
	s.countSubmission(r, ip) // counts towards the hourly limit
	s.portal.submissions.Inc()
	s.log.InfoContext(r.Context(), "web submission registered", "request_id", requestID(r), "case", res.Case.Number,
		"repeated", res.Repeated, "attachments", len(in.Files))
	p := sentPage{portalPage: s.newPortalPage(w, r, "portal.sent.title", "form"), Number: res.Case.Number,
		Code: res.Code, ExpiresAt: czechDate(res.ExpiresAt), Repeated: res.Repeated, Informed: res.Case.KeepInformed}
	s.renderPortal(w, r, http.StatusOK, "portal_sent", p)
}

// countSubmission counts a submission or a spam signal from ip towards
// the address's hourly limit; a failure to count is logged.
func (s *Server) countSubmission(r *http.Request, ip string) {
	if err := s.portal.p.CountFormSubmission(r.Context(), ip); err != nil {
		s.log.WarnContext(r.Context(), "web form submission not counted", "request_id", requestID(r), "err", err)
	}
}

// screenForm checks a parsed web form before anything is stored: the CSRF
// token and the honeypot (refused at once), then every field problem and
// the anti-robot answer together, so the citizen sees them all. It
// returns 0 when the form may be submitted, else the status and errors
// to show. Spam signals count towards the address's hourly limit.
func (s *Server) screenForm(r *http.Request, in cases.WebSubmission, ip string) (int, formErrors) {
	v := r.PostForm
	switch {
	case !s.checkPortalCSRF(r):
		s.countSubmission(r, ip)
		s.portal.refuse(refusedCSRF)
		s.logWarn(r, "web form without a valid CSRF token", "ip", ip)
		return http.StatusForbidden, formErrors{"": s.msg(r, "portal.form.expired")}
	case v.Get(formHoneypot) != "":
		s.countSubmission(r, ip)
		s.portal.refuse(refusedHoneypot)
		s.logWarn(r, "web form honeypot filled: refused as spam", "ip", ip)
		return http.StatusUnprocessableEntity, formErrors{"": s.msg(r, "portal.form.spam")}
	}
	errs := formErrors{}
	for _, err := range s.portal.p.CheckSubmission(in) {
		if f := cases.ErrorField(err); errs[f] == "" {
			errs.add(r, err)
		}
	}
	if m, ok := errs["form"]; ok {
		delete(errs, "form")
		errs[""] = m
	}
	switch {
	case !robotQuestionFor(v.Get(formKeyField)).right(v.Get(formAnswer)):
		s.countSubmission(r, ip)
		s.portal.refuse(refusedWrongAnswer)
		s.logWarn(r, "web form: wrong answer to the anti-robot question", "ip", ip)
		errs[formAnswer] = s.msg(r, "portal.form.wrong_answer")
	case len(errs) > 0:
		s.portal.refuse(refusedInvalid)
		s.logWarn(r, "web form incomplete", "ip", ip, "fields", len(errs))
	default:
		return 0, nil
	}
	return http.StatusUnprocessableEntity, errs
}

// submitRefused answers a submission the case service refused: a field
// problem shows the form again, anything else a message page.
func (s *Server) submitRefused(w http.ResponseWriter, r *http.Request, ip string, err error) {
	e, status := s.publicError(r, err)
	if status == http.StatusInternalServerError || status == http.StatusServiceUnavailable {
		s.portalMessage(w, r, status, e.Message, "/portal/form")
		return
	}
	s.portal.refuse(refusedInvalid)
	s.logWarn(r, "web form refused", "ip", ip, "field", e.Field, "err", err)
	field := e.Field
	if field == "form" {
		field = ""
	}
	s.renderPortal(w, r, status, "portal_form", s.webForm(w, r, r.PostForm, formErrors{field: e.Message}))
}

// parsePortalForm parses a urlencoded or multipart body; files beyond the
// memory limit go to temporary files.
func parsePortalForm(r *http.Request) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		if err := r.ParseMultipartForm(multipartMemory); err != nil {
			return formError(err)
		}
		return nil
	}
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	return nil
}

// portalFormError answers a body that could not be read: too large (the
// files together over the limit) or malformed. Nothing was stored.
func (s *Server) portalFormError(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		s.portal.refuse(refusedTooLarge)
		s.logWarn(r, "web form too large", "limit", mbe.Limit, "ip", s.clientIP(r))
		w.Header().Set("Connection", "close")
		s.portalMessage(w, r, http.StatusRequestEntityTooLarge,
			strings.ReplaceAll(s.msg(r, "portal.form.too_large"), "{max}", byteSize(s.svc.MaxAttachment())), "")
		return
	}
	s.logWarn(r, "web form malformed", "err", err)
	s.portalMessage(w, r, http.StatusBadRequest, s.msg(r, "portal.form.malformed"), "/portal/form")
}

// submission builds the case service's input from the parsed form.
func (s *Server) submission(r *http.Request) cases.WebSubmission {
	v := r.PostForm
	return cases.WebSubmission{Name: v.Get("name"), Street: v.Get("street"), City: v.Get("city"),
		Postcode: v.Get("postcode"), Phone: v.Get("phone"), Email: v.Get("email"), Subject: v.Get("subject"),
		Text: v.Get("text"), KeepInformed: v.Get("keep_informed") == "true", Lang: langOf(r),
		Key: v.Get(formKeyField), Files: s.uploads(r)}
}

// uploads returns the files chosen in the form (an empty file input sends
// a part without a name, which is skipped).
func (s *Server) uploads(r *http.Request) []cases.Upload {
	if r.MultipartForm == nil {
		return nil
	}
	var out []cases.Upload
	for _, fh := range r.MultipartForm.File[formFilesField] {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		out = append(out, cases.Upload{Name: fh.Filename, Open: func() (io.ReadCloser, error) { return fh.Open() }})
	}
	return out
}

// msg returns a catalogue message in the language of r.
func (s *Server) msg(r *http.Request, key string) string {
	if m, ok := s.msgs[langOf(r)][key]; ok {
		return m
	}
	return "[" + key + "]"
}

// czechDate formats t as a date in Prague, "25.04.2017".
func czechDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return czechDateTime(t)[:10]
}
