package web

import (
	"net/http"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// accessCodeJSON is the answer of POST /api/v1/cases/{number}/access-code.
type accessCodeJSON struct {
	Number    string    `json:"number"`
	Code      string    `json:"code"`
	ExpiresAt time.Time `json:"expires_at"`
	StatusURL string    `json:"status_url"`
}

// needPortal answers 503 when no portal is configured.
func (s *Server) needPortal(r *http.Request) error {
	if s.portal.p == nil {
		return cases.Errorf(cases.EUnavailable, "the citizen portal is not configured")
	}
	return nil
}

// apiIssueAccessCode serves POST /api/v1/cases/{number}/access-code: a new
// access code for a clerk to give the citizen (e.g. on the phone). The
// previous code stops working.
func (s *Server) apiIssueAccessCode(w http.ResponseWriter, r *http.Request) {
	if err := s.needPortal(r); err != nil {
		s.fail(w, r, err)
		return
	}
	code, ac, err := s.portal.p.IssueAccessCode(r.Context(), userOf(r), r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	number := r.PathValue("number")
	s.log.InfoContext(r.Context(), "access code issued by staff", "request_id", requestID(r),
		"case", number, "user_id", userOf(r).ID)
	writeJSON(w, http.StatusCreated, accessCodeJSON{Number: number, Code: code,
		ExpiresAt: ac.ExpiresAt.In(workdays.Prague()), StatusURL: s.statusURL(r)})
}

// issuedPage shows a code a clerk has just issued.
type issuedPage struct {
	basePage
	Number    string
	CaseURL   string
	Code      string
	ExpiresAt string
	StatusURL string
}

// issueAccessCodePage serves POST /cases/{number}/access-code: the button
// on the case page.
func (s *Server) issueAccessCodePage(w http.ResponseWriter, r *http.Request) {
	if err := s.needPortal(r); err != nil {
		s.pageError(w, r, err)
		return
	}
	number := r.PathValue("number")
	code, ac, err := s.portal.p.IssueAccessCode(r.Context(), userOf(r), number)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "access code issued by staff", "request_id", requestID(r),
		"case", number, "user_id", userOf(r).ID)
	p := issuedPage{basePage: s.newBase(r, "portal.staff.issued", ""), Number: number,
		CaseURL: "/cases/" + number, Code: code, ExpiresAt: czechDate(ac.ExpiresAt), StatusURL: s.statusURL(r)}
	s.render(w, r, http.StatusOK, "portal_issued", p)
}

// statusURL is the public address of the status page.
func (s *Server) statusURL(r *http.Request) string {
	if s.portal.set.BaseURL != "" {
		return s.portal.set.BaseURL + "/portal/status"
	}
	scheme := "http"
	if s.proxies.https(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/portal/status"
}
