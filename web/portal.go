package web

import (
	"net/http"
	"strings"
)

// portalRoutes registers the routes of this area (see areas.go): the
// staff's access-code endpoints, and the citizen portal on its own public
// chain — no staff session; the gate, a body limit, the same-origin check,
// and in the handlers the portal's own CSRF token, rate limits and
// cookies. The portal is also built as a handler of its own
// (PortalHandler) for a separate listener, and served alone on its host
// name (PortalSettings.BaseURL).
func (s *Server) portalRoutes(mux *http.ServeMux, c chains) {
	mux.Handle("POST /api/v1/cases/{number}/access-code", c.api.then(s.apiIssueAccessCode))
	mux.Handle("POST /cases/{number}/access-code", c.page.then(s.issueAccessCodePage))
	if s.portal.p == nil {
		return
	}
	pc := chain{s.gate, s.limitPortalBody, s.sameOrigin}
	s.registerPortal(mux, pc)

	own := http.NewServeMux()
	own.HandleFunc("GET /healthz", s.healthz)
	own.HandleFunc("GET /readyz", s.readyz)
	own.Handle("GET /static/", s.staticHandler())
	s.registerPortal(own, pc)
	own.Handle("GET /{$}", http.RedirectHandler("/portal/", http.StatusSeeOther))
	own.Handle("/", pc.then(s.portalNotFound))
	s.portal.handler = own
	if s.portal.host != "" {
		mux.Handle(s.portal.host+"/", own)
	}
}

// registerPortal registers the citizen's pages on mux.
func (s *Server) registerPortal(mux *http.ServeMux, pc chain) {
	mux.Handle("GET /portal/{$}", pc.then(s.portalHome))
	mux.Handle("GET /portal/form", pc.then(s.portalFormPage))
	mux.Handle("POST /portal/form", pc.then(s.portalSubmit))
	mux.Handle("GET /portal/status", pc.then(s.portalStatus))
	mux.Handle("POST /portal/status", pc.then(s.portalSignIn))
	mux.Handle("POST /portal/status/signout", pc.then(s.portalSignOut))
	mux.Handle("GET /portal/code", pc.then(s.portalCodePage))
	mux.Handle("POST /portal/code", pc.then(s.portalRequestCode))
	mux.Handle("GET /portal/privacy", pc.then(s.portalPrivacy))
	mux.Handle("GET /portal/accessibility", pc.then(s.portalAccessibility))
	mux.Handle("GET /portal/lang/{code}", pc.then(s.portalLang))
	mux.HandleFunc("GET /portal/brand.css", s.portalBrandCSS)
	mux.HandleFunc("GET /portal/logo", s.portalLogo)
	mux.Handle("/portal/", pc.then(s.portalNotFound))
}

// PortalHandler returns the citizen portal alone (its pages, static files
// and health checks), for a listener of its own; nil when no portal is
// configured.
func (s *Server) PortalHandler() http.Handler {
	if s.portal.handler == nil {
		return nil
	}
	return s.base(s.portal.handler)
}

// limitPortalBody caps a portal request's body: the web form's files
// together may be as large as one attachment may be, plus 1 MiB for the
// text and the multipart framing.
func (s *Server) limitPortalBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(maxJSONBody)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			limit = s.svc.MaxAttachment() + maxJSONBody
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// portalNotFound answers portal paths no route matches.
func (s *Server) portalNotFound(w http.ResponseWriter, r *http.Request) {
	s.portalMessage(w, r, http.StatusNotFound, s.msg(r, "portal.not_found"), "/portal/")
}

// portalMessages returns this area's message catalogues (Czech, English).
func portalMessages() (cs, en map[string]string) {
	return portalCS(), portalEN()
}
