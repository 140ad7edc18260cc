package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"time"
	"unicode"
	"unicode/utf8"
)

// portalPage is what the portal's layout shows on every page. Each page
// has its own struct embedding it.
type portalPage struct {
	basePage
	Office        string
	OfficeAddress string
	HasLogo       bool
	BrandVersion  string
	Errors        formErrors
	// fieldIDs maps field names to the ids of their controls, so the
	// error summary can link to them; fieldOrder is the order of the form.
	fieldIDs   map[string]string
	fieldOrder []string
}

// sentences starts every message of errs with a capital letter: domain
// messages are phrases ("vyplňte předmět"), the portal shows sentences.
func sentences(errs formErrors) formErrors {
	for k, m := range errs {
		if r, size := utf8.DecodeRuneInString(m); size > 0 {
			errs[k] = string(unicode.ToUpper(r)) + m[size:]
		}
	}
	return errs
}

// portalError is one line of a form's error summary.
type portalError struct{ ID, Message string }

// ErrorList returns the errors for the summary, the form-wide one first.
func (p portalPage) ErrorList() []portalError {
	var out []portalError
	if m, ok := p.Errors[""]; ok {
		out = append(out, portalError{Message: m})
	}
	keys := slices.Clone(p.fieldOrder)
	var rest []string
	for k := range p.Errors {
		if k != "" && !slices.Contains(keys, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range append(keys, rest...) {
		if _, ok := p.Errors[k]; !ok {
			continue
		}
		out = append(out, portalError{ID: p.fieldIDs[k], Message: p.Errors[k]})
	}
	return out
}

// newPortalPage returns the base of a portal page titled by titleKey,
// with the browser's CSRF token (issued if missing).
func (s *Server) newPortalPage(w http.ResponseWriter, r *http.Request, titleKey, nav string) portalPage {
	b := s.newBase(r, titleKey, nav)
	b.User = nil
	b.CSRF = s.portalCSRF(w, r)
	set := s.portal.set
	return portalPage{basePage: b, Office: set.OfficeName, OfficeAddress: set.OfficeAddress,
		HasLogo: len(set.Logo) > 0, BrandVersion: s.pages.asset, Errors: formErrors{}}
}

// renderPortal writes a portal page with the portal's layout.
func (s *Server) renderPortal(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.pages.pages[name]
	if !ok {
		s.fail(w, r, fmt.Errorf("no page template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "portal_layout", data); err != nil {
		s.fail(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// portalMessagePage is a page with a heading and one message.
type portalMessagePage struct {
	portalPage
	Message string
	Back    string
	BackKey string
}

// portalMessage shows a message page (an error the citizen can act on).
func (s *Server) portalMessage(w http.ResponseWriter, r *http.Request, status int, msg, back string) {
	p := portalMessagePage{portalPage: s.newPortalPage(w, r, "portal.problem", ""), Message: msg, Back: back}
	s.renderPortal(w, r, status, "portal_message", p)
}

// portalHome serves GET /portal/: what the citizen can do here.
func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) {
	s.renderPortal(w, r, http.StatusOK, "portal_home", s.newPortalPage(w, r, "portal.home.title", "home"))
}

// noticePage is the GDPR notice or the accessibility statement.
type noticePage struct {
	portalPage
	Set      PortalSettings
	CodeDays int
}

func (s *Server) notice(w http.ResponseWriter, r *http.Request, titleKey, nav, page string) {
	p := noticePage{portalPage: s.newPortalPage(w, r, titleKey, nav), Set: s.portal.set,
		CodeDays: int(s.portal.p.CodeTTL() / (24 * time.Hour))}
	s.renderPortal(w, r, http.StatusOK, page, p)
}

// portalPrivacy serves GET /portal/privacy: the information notice under
// Art. 13 GDPR.
func (s *Server) portalPrivacy(w http.ResponseWriter, r *http.Request) {
	s.notice(w, r, "portal.privacy.title", "privacy", "portal_privacy")
}

// portalAccessibility serves GET /portal/accessibility: the accessibility
// statement under zákon č. 99/2019 Sb.
func (s *Server) portalAccessibility(w http.ResponseWriter, r *http.Request) {
	s.notice(w, r, "portal.a11y.title", "a11y", "portal_a11y")
}

// portalBrandCSS serves GET /portal/brand.css: the office's colour. A
// stylesheet rather than an inline style, which the CSP forbids.
func (s *Server) portalBrandCSS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(s.portal.brandCSS)
}

// portalLogo serves GET /portal/logo.
func (s *Server) portalLogo(w http.ResponseWriter, r *http.Request) {
	if len(s.portal.set.Logo) == 0 {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", s.portal.logoType)
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(s.portal.set.Logo)
}

// portalLang serves GET /portal/lang/{code}?next=: the language switch
// (the staff one, under the portal's path).
func (s *Server) portalLang(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if next == "/" {
		next = "/portal/"
	}
	q := r.URL.Query()
	q.Set("next", next)
	r.URL.RawQuery = q.Encode()
	s.setLang(w, r)
}
