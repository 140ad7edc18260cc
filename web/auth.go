package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"

	"linka/cases"
)

// Cookie and form names of the staff session.
const (
	sessionCookie = "linka_session"
	csrfField     = "csrf_token"
	csrfHeader    = "X-CSRF-Token"
)

// actor is the authenticated user of a request; session is nil for a
// bearer token.
type actor struct {
	user    *cases.User
	session *cases.Session
}

// actorFrom returns the request's actor, or nil for an anonymous request.
func actorFrom(ctx context.Context) *actor {
	a, _ := ctx.Value(actorKey).(*actor)
	return a
}

// userOf returns the authenticated user of r. Only handlers behind
// requireAPIUser or requirePageUser call it, so the user is never nil.
func userOf(r *http.Request) *cases.User { return actorFrom(r.Context()).user }

// authenticate identifies the user by a bearer token or the session
// cookie. An invalid bearer token is refused at once; a stale session
// cookie leaves the request anonymous.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, err := s.identify(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if a != nil {
			info(r).userID = a.user.ID
			r = r.WithContext(context.WithValue(r.Context(), actorKey, a))
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) identify(r *http.Request) (*actor, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return nil, cases.Errorf(cases.EUnauthorized, "only bearer tokens are accepted")
		}
		u, err := s.svc.TokenUser(r.Context(), strings.TrimSpace(token))
		if err != nil {
			return nil, err
		}
		return &actor{user: u}, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	u, sess, err := s.svc.SessionUser(r.Context(), c.Value)
	if cases.ErrorCode(err) == cases.EUnauthorized {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &actor{user: u, session: sess}, nil
}

// csrf requires the session's CSRF token on every unsafe request made with
// the session cookie: in the X-CSRF-Token header (JSON API) or the
// csrf_token form field (HTML forms). Bearer tokens need none: browsers
// never send them by themselves.
func (s *Server) csrf(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := actorFrom(r.Context())
		if safeMethod(r.Method) || a == nil || a.session == nil {
			next.ServeHTTP(w, r)
			return
		}
		token := r.Header.Get(csrfHeader)
		if token == "" {
			var err error
			if token, err = formToken(r); err != nil {
				s.fail(w, r, err)
				return
			}
			defer removeMultipart(r)
		}
		if subtle.ConstantTimeCompare([]byte(token), []byte(a.session.CSRF)) != 1 {
			s.logWarn(r, "csrf token missing or wrong", "user_id", a.user.ID)
			s.fail(w, r, forbidden("the CSRF token is missing or wrong; reload the page and try again"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// formToken reads the CSRF token from a form body. A multipart form is
// parsed here (files spill to temporary files) and stays parsed for the
// handler.
func formToken(r *http.Request) (string, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch mt {
	case "application/x-www-form-urlencoded":
		err = r.ParseForm()
	case "multipart/form-data":
		err = r.ParseMultipartForm(multipartMemory)
	default:
		return "", nil
	}
	if err != nil {
		return "", formError(err)
	}
	return r.PostFormValue(csrfField), nil
}

// multipartMemory is how much of a multipart form is kept in memory; the
// rest goes to temporary files.
const multipartMemory = 1 << 20

// removeMultipart deletes the temporary files of a parsed multipart form.
func removeMultipart(r *http.Request) {
	if r.MultipartForm != nil {
		_ = r.MultipartForm.RemoveAll()
	}
}

// formError turns a form parsing error into a too-large or bad request.
func formError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return badRequest("", "malformed form: %v", err)
}

// safeMethod reports whether m never changes anything.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// requireAPIUser answers 401 to anonymous API requests.
func requireAPIUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if actorFrom(r.Context()) == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="linka"`)
			writeJSON(w, http.StatusUnauthorized, errorBody{Error: errorJSON{
				Code: cases.EUnauthorized, Message: "please sign in or send a bearer token"}})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requirePageUser sends anonymous visitors of staff pages to the sign-in
// page, which brings them back afterwards.
func requirePageUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if actorFrom(r.Context()) == nil {
			target := "/login"
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// secure reports whether cookies set in answer to r carry the Secure flag.
func (s *Server) secure(r *http.Request) bool {
	switch s.cookies {
	case SecureAlways:
		return true
	case SecureNever:
		return false
	}
	return s.proxies.https(r) || !loopbackHost(r.Host)
}

// loopbackHost reports whether the Host header names this machine.
func loopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// setSession sets the session cookie. It lives as long as the browser
// session; the service enforces the idle and maximum lifetimes.
func (s *Server) setSession(w http.ResponseWriter, r *http.Request, secret string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/",
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

// clearSession removes the session cookie from the browser.
func (s *Server) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

// safeNext returns next if it is a path on this site, else "/", so the
// sign-in form cannot redirect elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}
