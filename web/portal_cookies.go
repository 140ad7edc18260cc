package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"time"
)

// The portal's cookies. Over HTTPS (directly or behind a trusted proxy)
// their names carry the __Host- prefix, which browsers accept only with
// Secure, Path=/ and no Domain — so no other host (a subdomain, a plain-HTTP
// page) can set or overwrite them. Plain HTTP is for the localhost demo.
const (
	portalSessionCookie = "linka_portal"      // the citizen's session on the status page
	portalCSRFCookie    = "linka_portal_csrf" // the double-submit CSRF token
)

// portalCookieName returns the name of a portal cookie for r.
func (s *Server) portalCookieName(r *http.Request, base string) string {
	if s.secure(r) {
		return "__Host-" + base
	}
	return base
}

// portalCookie reads a portal cookie; "" when missing.
func (s *Server) portalCookie(r *http.Request, base string) string {
	c, err := r.Cookie(s.portalCookieName(r, base))
	if err != nil {
		return ""
	}
	return c.Value
}

// setPortalCookie sets a portal cookie: Path=/, HttpOnly, SameSite=Strict,
// Secure (and __Host-) except on the plain-HTTP localhost demo. maxAge 0
// is a browser-session cookie, negative deletes it.
func (s *Server) setPortalCookie(w http.ResponseWriter, r *http.Request, base, value string, maxAge time.Duration) {
	c := &http.Cookie{Name: s.portalCookieName(r, base), Value: value, Path: "/", HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteStrictMode}
	switch {
	case maxAge < 0:
		c.MaxAge = -1
	case maxAge > 0:
		c.MaxAge = int(maxAge / time.Second)
	}
	http.SetCookie(w, c)
}

// portalCSRF returns the browser's CSRF token, issuing a new one (in a
// cookie) when it has none. Forms carry it in the csrf_token field.
func (s *Server) portalCSRF(w http.ResponseWriter, r *http.Request) string {
	if v := s.portalCookie(r, portalCSRFCookie); len(v) == 43 {
		return v
	}
	v := randomToken()
	s.setPortalCookie(w, r, portalCSRFCookie, v, 0)
	return v
}

// checkPortalCSRF reports whether the (parsed) form's token matches the
// cookie's.
func (s *Server) checkPortalCSRF(r *http.Request) bool {
	c := s.portalCookie(r, portalCSRFCookie)
	f := r.PostFormValue(csrfField)
	return c != "" && subtle.ConstantTimeCompare([]byte(c), []byte(f)) == 1
}

// randomToken returns 256 random bits, base64url-encoded (43 characters).
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}
