package web

import (
	"errors"
	"net/http"
	"strings"

	"linka/cases"
)

// signInPage is the status page's sign-in form.
type signInPage struct {
	portalPage
	Fields  []formField
	CanMail bool
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request, number string, errs formErrors) signInPage {
	p := signInPage{portalPage: s.newPortalPage(w, r, "portal.signin.title", "status"), CanMail: s.portal.p.CanMail()}
	if errs != nil {
		p.Errors = sentences(errs)
	}
	p.Fields = []formField{
		{Form: "s", Name: "number", Label: p.T("portal.number"), Kind: "text", Value: number, Required: true, Auto: "off"},
		{Form: "s", Name: "code", Label: p.T("portal.code"), Kind: "text", Required: true, Auto: "off"},
	}
	p.fieldIDs = map[string]string{"number": "s-number", "code": "s-code"}
	p.fieldOrder = []string{"number", "code"}
	return p
}

// statusView is the public view of a case.
type statusView struct {
	portalPage
	Case       *cases.PublicCase
	State      string
	Received   string
	Due        string
	Updated    string
	History    []historyRow
	Expires    string
	Closed     bool
	ShowDue    bool
	OutcomeSet bool
}

// portalStatus serves GET /portal/status: the case of a signed-in
// citizen, or the sign-in form.
func (s *Server) portalStatus(w http.ResponseWriter, r *http.Request) {
	v, err := s.portal.p.View(r.Context(), s.portalCookie(r, portalSessionCookie))
	if cases.ErrorCode(err) == cases.EUnauthorized {
		s.renderPortal(w, r, http.StatusOK, "portal_signin", s.signInForm(w, r, r.URL.Query().Get("case"), nil))
		return
	}
	if err != nil {
		s.portalFail(w, r, err)
		return
	}
	p := statusView{portalPage: s.newPortalPage(w, r, "portal.view.title", "status"), Case: v}
	p.Title = p.T("portal.view.title") + " " + v.Number
	p.State = p.T("state." + string(v.State))
	p.Received, p.Updated = czechDateTime(v.ReceivedAt), czechDateTime(v.UpdatedAt)
	p.Closed = !v.State.Open()
	if !v.DueDate.IsZero() {
		p.Due = v.DueDate.Czech()
		p.ShowDue = !p.Closed
	}
	p.Expires = czechDateTime(v.SessionExpires)
	for _, h := range v.History {
		p.History = append(p.History, historyRow{At: czechDateTime(h.At), Field: p.T("field." + h.Field),
			Old: historyValue(p.basePage, h.Field, h.Old), New: historyValue(p.basePage, h.Field, h.New)})
	}
	s.renderPortal(w, r, http.StatusOK, "portal_view", p)
}

// portalSignIn serves POST /portal/status: the case number and access
// code. Unknown numbers and wrong codes get the same answer; repeated
// failures are slowed down and locked out (cases.Portal.SignIn).
func (s *Server) portalSignIn(w http.ResponseWriter, r *http.Request) {
	if !s.portalPost(w, r) {
		return
	}
	number, ip := strings.TrimSpace(r.PostFormValue("number")), throttleIP(s.clientIP(r))
	secret, sess, err := s.portal.p.SignIn(r.Context(), number, r.PostFormValue("code"), ip)
	if err != nil {
		status, msg := s.portalRefusal(r, err)
		if status == http.StatusInternalServerError {
			s.portalFail(w, r, err)
			return
		}
		reason := refusedWrongCode
		if status == http.StatusTooManyRequests {
			reason = refusedThrottled
		}
		s.portal.refuse(reason)
		s.logWarn(r, "portal sign-in refused", "case", logLogin(number), "ip", ip, "err", err)
		s.renderPortal(w, r, status, "portal_signin", s.signInForm(w, r, number, formErrors{"": msg}))
		return
	}
	s.portal.signIns.Inc()
	s.setPortalCookie(w, r, portalSessionCookie, secret, sess.ExpiresAt.Sub(sess.CreatedAt))
	http.Redirect(w, r, "/portal/status", http.StatusSeeOther)
}

// portalRefusal words a refused sign-in or code request: throttled (429,
// with when to try again) or unauthorized (401).
func (s *Server) portalRefusal(r *http.Request, err error) (int, string) {
	var te *cases.ThrottledError
	if errors.As(err, &te) {
		key := "portal.throttled"
		if te.Locked {
			key = "portal.locked"
		}
		return http.StatusTooManyRequests, strings.ReplaceAll(s.msg(r, key), "{at}", czechDateTime(te.Until))
	}
	e, status := s.publicError(r, err)
	return status, e.Message
}

// portalSignOut serves POST /portal/status/signout.
func (s *Server) portalSignOut(w http.ResponseWriter, r *http.Request) {
	if !s.portalPost(w, r) {
		return
	}
	if err := s.portal.p.SignOut(r.Context(), s.portalCookie(r, portalSessionCookie)); err != nil {
		s.portalFail(w, r, err)
		return
	}
	s.setPortalCookie(w, r, portalSessionCookie, "", -1)
	http.Redirect(w, r, "/portal/status", http.StatusSeeOther)
}

// codeRequestPage asks for a new access code by e-mail.
type codeRequestPage struct {
	portalPage
	Fields  []formField
	Sent    bool
	CanMail bool
}

func (s *Server) codeRequestForm(w http.ResponseWriter, r *http.Request, number, email string, errs formErrors) codeRequestPage {
	p := codeRequestPage{portalPage: s.newPortalPage(w, r, "portal.request.title", "status"), CanMail: s.portal.p.CanMail()}
	if errs != nil {
		p.Errors = sentences(errs)
	}
	p.Fields = []formField{
		{Form: "c", Name: "number", Label: p.T("portal.number"), Kind: "text", Value: number, Required: true, Auto: "off"},
		{Form: "c", Name: "email", Label: p.T("portal.request.email"), Kind: "email", Value: email, Required: true, Auto: "email"},
	}
	p.fieldIDs = map[string]string{"number": "c-number", "email": "c-email"}
	p.fieldOrder = []string{"number", "email"}
	return p
}

// portalCodePage serves GET /portal/code.
func (s *Server) portalCodePage(w http.ResponseWriter, r *http.Request) {
	s.renderPortal(w, r, http.StatusOK, "portal_code", s.codeRequestForm(w, r, r.URL.Query().Get("case"), "", nil))
}

// portalRequestCode serves POST /portal/code: a new code by e-mail when the
// address is the one on record. The answer is the same either way.
func (s *Server) portalRequestCode(w http.ResponseWriter, r *http.Request) {
	if !s.portalPost(w, r) {
		return
	}
	number, email := strings.TrimSpace(r.PostFormValue("number")), r.PostFormValue("email")
	ip := throttleIP(s.clientIP(r))
	err := s.portal.p.RequestAccessCode(r.Context(), number, email, ip, langOf(r))
	if err != nil {
		status, msg := s.portalRefusal(r, err)
		if status == http.StatusInternalServerError {
			s.portalFail(w, r, err)
			return
		}
		s.logWarn(r, "access code request refused", "case", logLogin(number), "ip", ip, "err", err)
		errs := formErrors{"": msg}
		if f := cases.ErrorField(err); f != "" {
			errs = formErrors{f: msg}
		}
		s.renderPortal(w, r, status, "portal_code", s.codeRequestForm(w, r, number, email, errs))
		return
	}
	s.log.InfoContext(r.Context(), "access code requested by e-mail", "request_id", requestID(r),
		"case", logLogin(number), "ip", ip)
	p := s.codeRequestForm(w, r, number, "", nil)
	p.Sent = true
	s.renderPortal(w, r, http.StatusOK, "portal_code", p)
}

// portalPost parses a portal form and checks its CSRF token; on failure it
// has answered.
func (s *Server) portalPost(w http.ResponseWriter, r *http.Request) bool {
	if err := parsePortalForm(r); err != nil {
		s.portalFormError(w, r, err)
		return false
	}
	if !s.checkPortalCSRF(r) {
		s.portal.refuse(refusedCSRF)
		s.logWarn(r, "portal form without a valid CSRF token", "ip", s.clientIP(r))
		s.portalMessage(w, r, http.StatusForbidden, s.msg(r, "portal.form.expired"), r.URL.Path)
		return false
	}
	return true
}

// portalFail shows an internal error on a portal page; details stay in
// the log.
func (s *Server) portalFail(w http.ResponseWriter, r *http.Request, err error) {
	e, status := s.publicError(r, err)
	s.portalMessage(w, r, status, e.Message, "")
}
