package web

import (
	"net/http"
	"slices"
	"strings"

	"linka/cases"
	"linka/cti"
)

// Case event types the panel and the case pages publish.
const (
	TypeCaseCreated = "case.created"
	TypeCaseUpdated = "case.updated"
)

// caseChanged publishes a case event about c on the bus (when there is
// one), for the users it concerns: the assigned official, the one
// handling it, and extra users (e.g. the clerk who created it). Call it
// after every successful change of a case made through this server.
func (s *Server) caseChanged(typ string, c *cases.Case, callID string, extra ...int64) {
	if s.events.bus == nil || c == nil {
		return
	}
	users := []int64{}
	for _, id := range append([]int64{c.AssignedTo, c.HandledBy}, extra...) {
		if id != 0 && !slices.Contains(users, id) {
			users = append(users, id)
		}
	}
	s.events.bus.Publish(cti.Event{Type: typ, Data: CaseEvent{Number: c.Number, CaseID: c.ID, State: c.State,
		Subject: c.Subject, AssignedTo: c.AssignedTo, HandledBy: c.HandledBy, Users: users, CallID: callID}})
}

// panelCaseJSON is the body of POST /api/v1/panel/cases: the screen pop's
// new-case form and the call it records. case.source defaults to TEL and
// case.source_ref should be a key the browser made for the form, so that
// saving twice (a retry after a lost connection) creates one case.
type panelCaseJSON struct {
	Case   caseCreateJSON `json:"case"`
	CallID string         `json:"call_id"`
}

// apiPanelCase serves POST /api/v1/panel/cases: it registers the case
// and links the call to it. A retry with the same source_ref returns the
// case the first request created and links the call if that had failed.
func (s *Server) apiPanelCase(w http.ResponseWriter, r *http.Request) {
	var in panelCaseJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	u := userOf(r)
	if in.CallID != "" {
		if err := s.callAccess(r.Context(), u, in.CallID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if in.Case.Source == "" {
		in.Case.Source = cases.SourcePhone
	}
	if ref := strings.TrimSpace(in.Case.SourceRef); ref != "" {
		in.Case.SourceRef = "panel:" + ref
	}
	c, err := s.svc.CreateCase(r.Context(), u, in.Case.input())
	if err == nil && in.CallID != "" {
		err = s.linkCall(r, c, in.CallID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.caseChanged(TypeCaseCreated, c, in.CallID, u.ID)
	w.Header().Set("Location", caseURL(c.Number))
	writeJSON(w, http.StatusCreated, toCaseJSON(c, s.dueClock()))
}

// linkCall links call id to c as the request's user, with a history row.
func (s *Server) linkCall(r *http.Request, c *cases.Case, id string) error {
	u := userOf(r)
	now := s.svc.Now()
	hist := []cases.HistoryEntry{{At: now, UserID: u.ID, Field: "call", New: id}}
	return s.panel.LinkCaseCall(r.Context(), c.ID, id, u.ID, now, hist)
}

// callLinkJSON is the body of POST /api/v1/cases/{number}/calls.
type callLinkJSON struct {
	CallID string `json:"call_id"`
}

// apiLinkCall serves POST /api/v1/cases/{number}/calls: the clerk links a
// call (in progress or logged) to an existing case.
func (s *Server) apiLinkCall(w http.ResponseWriter, r *http.Request) {
	var in callLinkJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	u := userOf(r)
	c, err := s.svc.Case(r.Context(), u, r.PathValue("number"))
	if err == nil {
		err = s.callAccess(r.Context(), u, in.CallID)
	}
	if err == nil && !canLinkCalls(u) {
		err = forbidden("you may not change this case")
	}
	if err == nil {
		err = s.linkCall(r, c, in.CallID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.caseChanged(TypeCaseUpdated, c, in.CallID, u.ID)
	w.WriteHeader(http.StatusNoContent)
}

// canLinkCalls reports whether u may link calls to the cases u sees.
func canLinkCalls(u *cases.User) bool {
	return u.Has(cases.RoleClerk) || u.Has(cases.RoleOfficial) || u.Has(cases.RoleSupervisor)
}

// caseCallJSON is a call linked to a case.
type caseCallJSON struct {
	CallID     string        `json:"call_id"`
	Logged     bool          `json:"logged"`
	Direction  cti.Direction `json:"direction"`
	Caller     string        `json:"caller"`
	Called     string        `json:"called"`
	Extensions []string      `json:"extensions"`
	AnsweredBy string        `json:"answered_by"`
	StartedAt  apiTime       `json:"started_at"`
	AnsweredAt apiTime       `json:"answered_at"`
	EndedAt    apiTime       `json:"ended_at"`
	EndReason  string        `json:"end_reason"`
	LinkedAt   apiTime       `json:"linked_at"`
	LinkedBy   *int64        `json:"linked_by"`
}

func toCaseCallJSON(c *cti.CaseCall) caseCallJSON {
	exts := c.Extensions
	if exts == nil {
		exts = []string{}
	}
	return caseCallJSON{CallID: c.ID, Logged: c.Logged, Direction: c.Direction, Caller: c.Caller,
		Called: c.Called, Extensions: exts, AnsweredBy: c.AnsweredBy, StartedAt: apiTime(c.StartedAt),
		AnsweredAt: apiTime(c.AnsweredAt), EndedAt: apiTime(c.EndedAt), EndReason: c.EndReason,
		LinkedAt: apiTime(c.LinkedAt), LinkedBy: ref(c.LinkedBy)}
}

// apiCaseCalls serves GET /api/v1/cases/{number}/calls.
func (s *Server) apiCaseCalls(w http.ResponseWriter, r *http.Request) {
	c, err := s.svc.Case(r.Context(), userOf(r), r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	calls, err := s.panel.CaseCalls(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(mapSlice(calls, toCaseCallJSON)))
}
