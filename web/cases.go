package web

import (
	"net/http"

	"linka/cases"
)

// apiListCases serves GET /api/v1/cases: one page of the register.
func (s *Server) apiListCases(w http.ResponseWriter, r *http.Request) {
	q, err := parseCaseQuery(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, err := s.svc.ListCases(r.Context(), userOf(r), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.dueClock()
	items := mapSlice(pg.Rows, func(c *cases.CaseRow) caseRowJSON { return toCaseRowJSON(c, now) })
	writeJSON(w, http.StatusOK, newPage(items, pg.Total, q.Limit, q.Offset))
}

// apiCreateCase serves POST /api/v1/cases.
func (s *Server) apiCreateCase(w http.ResponseWriter, r *http.Request) {
	var in caseCreateJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.svc.CreateCase(r.Context(), userOf(r), in.input())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.caseChanged(TypeCaseCreated, c, "", userOf(r).ID)
	w.Header().Set("Location", caseURL(c.Number))
	writeJSON(w, http.StatusCreated, toCaseJSON(c, s.dueClock()))
}

// apiCase serves GET /api/v1/cases/{number}.
func (s *Server) apiCase(w http.ResponseWriter, r *http.Request) {
	c, err := s.svc.Case(r.Context(), userOf(r), r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toCaseJSON(c, s.dueClock()))
}

// apiUpdateCase serves PATCH /api/v1/cases/{number}: the body holds the
// fields to change and the version the client loaded.
func (s *Server) apiUpdateCase(w http.ResponseWriter, r *http.Request) {
	var in casePatchJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Version == nil {
		s.fail(w, r, cases.Invalid("version", "the version of the case you loaded is required"))
		return
	}
	c, err := s.svc.UpdateCase(r.Context(), userOf(r), r.PathValue("number"), *in.Version, in.patch())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.caseChanged(TypeCaseUpdated, c, "", userOf(r).ID)
	writeJSON(w, http.StatusOK, toCaseJSON(c, s.dueClock()))
}

// apiHistory serves GET /api/v1/cases/{number}/history.
func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request) {
	hist, err := s.svc.History(r.Context(), userOf(r), r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(mapSlice(hist, toHistoryJSON)))
}
