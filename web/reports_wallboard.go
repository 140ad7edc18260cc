package web

import (
	"net/http"

	"linka/cases/report"
)

// wallboardPage is the supervisors' wallboard: the figures as of loading,
// updated live by report.js from the "wallboard.update" events.
type wallboardPage struct {
	basePage
	W report.Wallboard
	// Live is false without a PBX link: no event stream to listen to.
	Live bool
}

// wallboard computes the wallboard with the PBX link's live figures.
func (s *Server) wallboard(r *http.Request) (report.Wallboard, error) {
	var live report.Live
	if s.tel != nil {
		live = s.tel
	}
	return s.reports.Wallboard(r.Context(), live)
}

// wallboardPage serves GET /wallboard.
func (s *Server) wallboardPage(w http.ResponseWriter, r *http.Request) {
	wb, err := s.wallboard(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := wallboardPage{basePage: s.newBase(r, "report.wallboard.title", "wallboard"), W: wb, Live: s.events.bus != nil}
	s.render(w, r, http.StatusOK, "report_wallboard", p)
}

// apiWallboard serves GET /api/v1/wallboard: the wallboard as JSON, which
// a client reloads after (re)connecting to the event stream.
func (s *Server) apiWallboard(w http.ResponseWriter, r *http.Request) {
	wb, err := s.wallboard(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wb)
}

// Percent formats a share for the wallboard ("—" when nothing to
// measure).
func (p wallboardPage) Percent(v float64) string { return report.FormatPct(v, p.Lang) }
