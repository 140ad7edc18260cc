package web

import (
	"net/http"
	"regexp"
	"strings"
	"time"

	"linka/cases"
	"linka/cti"
)

// wrapUpJSON is the body of POST /api/v1/panel/wrapups: the clerk's
// disposition of a call, the case it opened or was linked to, and the
// after-call work (from the end of the call to the wrap-up or the end of
// the timer).
type wrapUpJSON struct {
	CallID       string    `json:"call_id"`
	Disposition  string    `json:"disposition"`
	CaseNumber   string    `json:"case_number"`
	Note         string    `json:"note"`
	ACWStartedAt time.Time `json:"acw_started_at"`
	ACWEndedAt   time.Time `json:"acw_ended_at"`
}

// apiWrapUp serves POST /api/v1/panel/wrapups; a second wrap-up of the
// same call by the same user replaces the first.
func (s *Server) apiWrapUp(w http.ResponseWriter, r *http.Request) {
	var in wrapUpJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	u := userOf(r)
	wu, err := s.wrapUp(r, u, &in)
	if err == nil {
		err = s.panel.SaveWrapUp(r.Context(), wu)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// wrapUp validates a wrap-up of u.
func (s *Server) wrapUp(r *http.Request, u *cases.User, in *wrapUpJSON) (cti.WrapUp, error) {
	ctx := r.Context()
	ext, err := ownExtension(u)
	if err != nil {
		return cti.WrapUp{}, err
	}
	if err := s.callAccess(ctx, u, in.CallID); err != nil {
		return cti.WrapUp{}, err
	}
	disps, err := s.activeDispositions(ctx)
	if err != nil {
		return cti.WrapUp{}, err
	}
	var d *cti.Disposition
	for i := range disps {
		if disps[i].Code == in.Disposition {
			d = &disps[i]
		}
	}
	if d == nil {
		return cti.WrapUp{}, cases.Invalid("disposition", "unknown disposition %q", in.Disposition)
	}
	if len(in.Note) > maxWrapUpNote {
		return cti.WrapUp{}, cases.Invalid("note", "the note is longer than %d bytes", maxWrapUpNote)
	}
	now := s.svc.Now()
	wu := cti.WrapUp{CallID: in.CallID, UserID: u.ID, Extension: ext, Disposition: d.Code, Note: in.Note,
		ACWStartedAt: in.ACWStartedAt, ACWEndedAt: in.ACWEndedAt, At: now}
	if wu.ACWEndedAt.IsZero() || wu.ACWEndedAt.After(now) {
		wu.ACWEndedAt = now
	}
	if number := strings.TrimSpace(in.CaseNumber); number != "" {
		c, err := s.svc.Case(ctx, u, number)
		if err != nil {
			return cti.WrapUp{}, err
		}
		wu.CaseID = c.ID
	} else if d.NeedsCase {
		return cti.WrapUp{}, cases.Invalid("case_number", "this disposition needs the number of a case")
	}
	return wu, nil
}

// listCode is the form of a code in the office lists.
var listCode = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// canEditLists reports whether u may edit the office lists (not-ready
// reasons, dispositions): supervisors and PBX administrators.
func canEditLists(u *cases.User) bool {
	return u.Has(cases.RoleSupervisor) || u.Has(cases.RolePBXAdmin)
}

// checkListEntry validates the shared fields of a list entry.
func checkListEntry(u *cases.User, code, cs, en string) error {
	switch {
	case !canEditLists(u):
		return forbidden("only supervisors and PBX administrators may edit the office lists")
	case !listCode.MatchString(code):
		return cases.Invalid("code", "the code must be 1 to 32 lowercase letters, digits or _")
	case strings.TrimSpace(cs) == "" || strings.TrimSpace(en) == "":
		return cases.Invalid("name_cs", "the Czech and English names are required")
	case len(cs) > 100 || len(en) > 100:
		return cases.Invalid("name_cs", "the names are longer than %d characters", 100)
	}
	return nil
}

// apiReasons serves GET /api/v1/agent-reasons: every not-ready reason.
func (s *Server) apiReasons(w http.ResponseWriter, r *http.Request) {
	out, err := s.panel.AgentReasons(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(out))
}

// apiSaveReason serves PUT /api/v1/agent-reasons/{code}.
func (s *Server) apiSaveReason(w http.ResponseWriter, r *http.Request) {
	var in cti.AgentReason
	err := decodeJSON(r, &in)
	in.Code = r.PathValue("code")
	if err == nil {
		err = s.saveReason(r, in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, in)
}

// saveReason validates and stores a reason.
func (s *Server) saveReason(r *http.Request, in cti.AgentReason) error {
	if err := checkListEntry(userOf(r), in.Code, in.NameCS, in.NameEN); err != nil {
		return err
	}
	s.logInfo(r, "not-ready reason saved", "code", in.Code, "active", in.Active)
	return s.panel.SaveAgentReason(r.Context(), in)
}

// apiDispositions serves GET /api/v1/dispositions: every disposition.
func (s *Server) apiDispositions(w http.ResponseWriter, r *http.Request) {
	out, err := s.panel.Dispositions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(out))
}

// apiSaveDisposition serves PUT /api/v1/dispositions/{code}.
func (s *Server) apiSaveDisposition(w http.ResponseWriter, r *http.Request) {
	var in cti.Disposition
	err := decodeJSON(r, &in)
	in.Code = r.PathValue("code")
	if err == nil {
		err = s.saveDisposition(r, in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, in)
}

// saveDisposition validates and stores a disposition.
func (s *Server) saveDisposition(r *http.Request, in cti.Disposition) error {
	if err := checkListEntry(userOf(r), in.Code, in.NameCS, in.NameEN); err != nil {
		return err
	}
	s.logInfo(r, "disposition saved", "code", in.Code, "active", in.Active)
	return s.panel.SaveDisposition(r.Context(), in)
}

// logInfo logs a change of settings made through a request.
func (s *Server) logInfo(r *http.Request, msg string, args ...any) {
	args = append([]any{"request_id", requestID(r), "user_id", userOf(r).ID}, args...)
	s.log.InfoContext(r.Context(), msg, args...)
}
