package web

import (
	"net/http"

	"linka/cases"
)

// loginPage is the sign-in form.
type loginPage struct {
	basePage
	Login string
	Next  string
	Error string
}

// loginForm serves GET /login.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	p := loginPage{basePage: s.newBase(r, "login.title", ""), Next: safeNext(r.URL.Query().Get("next"))}
	s.render(w, r, http.StatusOK, "login", p)
}

// login serves POST /login: it checks the password, opens a new session
// (a new id at every sign-in, the old session ends) and goes on to the
// page the user came for. Failures are counted per client address.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, formError(err))
		return
	}
	login, next := r.PostForm.Get("login"), safeNext(r.PostForm.Get("next"))
	p := loginPage{basePage: s.newBase(r, "login.title", ""), Login: login, Next: next}
	ip := s.clientIP(r)
	ok, wait, err := s.svc.SignInAllowed(r.Context(), ip)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		s.metrics.loginLimited.Inc()
		s.logWarn(r, "login rate limited", "login", logLogin(login), "ip", ip)
		setRetryAfter(w, wait)
		p.Error = p.T("login.too_many")
		s.render(w, r, http.StatusTooManyRequests, "login", p)
		return
	}
	_, _, secret, err := s.svc.Login(r.Context(), login, r.PostForm.Get("password"))
	if cases.ErrorCode(err) == cases.EUnauthorized {
		if cerr := s.svc.CountSignInFailure(r.Context(), ip); cerr != nil {
			s.logWarn(r, "failed sign-in not counted", "err", cerr)
		}
		s.metrics.loginFailures.Inc()
		s.logWarn(r, "login failed", "login", logLogin(login), "ip", ip)
		p.Error = p.T("login.wrong")
		s.render(w, r, http.StatusUnauthorized, "login", p)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if old, err := r.Cookie(sessionCookie); err == nil && old.Value != "" {
		if err := s.svc.Logout(r.Context(), old.Value); err != nil && cases.ErrorCode(err) != cases.ENotFound {
			s.logWarn(r, "ending the previous session failed", "err", err)
		}
	}
	s.setSession(w, r, secret)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// logLogin shortens a typed login for the log: it is not secret, but it
// is user input of any length.
func logLogin(login string) string {
	if r := []rune(login); len(r) > 64 {
		return string(r[:64]) + "…"
	}
	return login
}

// logout serves POST /logout: it ends the session and forgets the cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := s.svc.Logout(r.Context(), c.Value); err != nil && cases.ErrorCode(err) != cases.ENotFound {
			s.fail(w, r, err)
			return
		}
	}
	s.clearSession(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
