package web

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"linka/cases"
	"linka/cti"
)

// PanelStore is what the clerk panel stores: the office lists, the agent
// state log, wrap-ups, call drafts and the calls linked to cases.
// *store.DB implements it.
type PanelStore interface {
	cti.AgentStore
	cti.DraftStore
	// LinkCaseCall links a call to a case and writes hist in one
	// transaction (nothing when already linked) and deletes the call's
	// draft.
	LinkCaseCall(ctx context.Context, caseID int64, callID string, userID int64, at time.Time, hist []cases.HistoryEntry) error
	// CaseCalls returns the calls linked to a case, latest first.
	CaseCalls(ctx context.Context, caseID int64) ([]cti.CaseCall, error)
}

// defaultAfterCallWork is the after-call-work time when none is set.
const defaultAfterCallWork = 60 * time.Second

// afterCallWork returns d, or the default for zero.
func afterCallWork(d time.Duration) time.Duration {
	if d <= 0 {
		return defaultAfterCallWork
	}
	return d
}

// Limits of what the panel stores.
const (
	maxDraftForm  = 64 << 10
	maxDraftNotes = 32 << 10
	maxCallID     = 64
	maxWrapUpNote = 4000
)

// needPanel answers 503 while no panel store is configured.
func (s *Server) needPanel(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.panel == nil {
			s.fail(w, r, cases.Errorf(cases.EUnavailable, "the clerk panel is not configured"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// panelStateJSON is GET /api/v1/panel: what the panel needs at start.
type panelStateJSON struct {
	UserID       int64             `json:"user_id"`
	UserName     string            `json:"user_name"`
	Extension    string            `json:"extension"`
	Supervisor   bool              `json:"supervisor"`
	Agent        panelAgentJSON    `json:"agent"`
	Reasons      []cti.AgentReason `json:"reasons"`
	Dispositions []cti.Disposition `json:"dispositions"`
	// AfterCallWork is the after-call-work timer in seconds.
	AfterCallWork int    `json:"after_call_work"`
	Link          string `json:"link"`
}

// panelAgentJSON is the agent state of the user's extension with the
// not-ready reason Linka keeps.
type panelAgentJSON struct {
	State  cti.AgentState `json:"state"`
	Since  apiTime        `json:"since"`
	Reason string         `json:"reason"`
}

// apiPanel serves GET /api/v1/panel.
func (s *Server) apiPanel(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	out := panelStateJSON{UserID: u.ID, UserName: u.Name, Extension: u.Extension,
		Supervisor: u.Has(cases.RoleSupervisor), AfterCallWork: int(s.acw / time.Second), Link: "not_configured"}
	var err error
	if out.Reasons, err = s.activeReasons(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	if out.Dispositions, err = s.activeDispositions(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	if s.tel != nil {
		out.Link = string(s.tel.Status().State)
	}
	if out.Agent, err = s.agentOf(r.Context(), u.Extension); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// agentOf returns the agent state of ext with its reason.
func (s *Server) agentOf(ctx context.Context, ext string) (panelAgentJSON, error) {
	out := panelAgentJSON{State: cti.AgentUnknown}
	if ext == "" || s.tel == nil {
		return out, nil
	}
	for _, d := range s.tel.Devices() {
		if d.Number == ext {
			out.State, out.Since = d.Agent.State, apiTime(d.Agent.Since)
		}
	}
	if out.State != cti.AgentNotReady {
		return out, nil
	}
	last, err := s.panel.LastAgentState(ctx, ext)
	if err == nil && last.State == cti.AgentNotReady {
		out.Reason = last.Reason
	} else if err != nil && cases.ErrorCode(err) != cases.ENotFound {
		return out, err
	}
	return out, nil
}

// activeReasons returns the reasons clerks may pick.
func (s *Server) activeReasons(ctx context.Context) ([]cti.AgentReason, error) {
	all, err := s.panel.AgentReasons(ctx)
	return slices.DeleteFunc(all, func(x cti.AgentReason) bool { return !x.Active }), err
}

// activeDispositions returns the dispositions clerks may pick.
func (s *Server) activeDispositions(ctx context.Context) ([]cti.Disposition, error) {
	all, err := s.panel.Dispositions(ctx)
	return slices.DeleteFunc(all, func(x cti.Disposition) bool { return !x.Active }), err
}

// panelAgentInJSON is the body of POST /api/v1/panel/agent.
type panelAgentInJSON struct {
	State  string `json:"state"`
	Reason string `json:"reason"`
}

// apiPanelAgent serves POST /api/v1/panel/agent: an agent state change
// at the user's extension through the PBX; a not-ready reason is kept in
// Linka (the agent state log) since the PBX knows none.
func (s *Server) apiPanelAgent(w http.ResponseWriter, r *http.Request) {
	var in panelAgentInJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	u := userOf(r)
	ext, err := ownExtension(u)
	if err == nil {
		err = s.changeAgent(r.Context(), u, ext, in)
	}
	if err != nil {
		s.fail(w, r, pbxFailure(err))
		return
	}
	out, err := s.agentOf(r.Context(), ext)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// changeAgent requests the state in at ext for u.
func (s *Server) changeAgent(ctx context.Context, u *cases.User, ext string, in panelAgentInJSON) error {
	cmd := agentCommand(in.State)
	if cmd == nil {
		return cases.Invalid("state", "the agent state must be login, logout, ready or not_ready")
	}
	if in.State != "not_ready" {
		return cmd(s.tel, ctx, ext)
	}
	if in.Reason != "" {
		reasons, err := s.activeReasons(ctx)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(reasons, func(x cti.AgentReason) bool { return x.Code == in.Reason }) {
			return cases.Invalid("reason", "unknown not-ready reason %q", in.Reason)
		}
	}
	now := s.svc.Now()
	if cur, _ := s.agentOf(ctx, ext); cur.State == cti.AgentNotReady {
		// Only the reason changes: the PBX has nothing to do. The row
		// follows the state it changes, whatever the clocks say.
		if last, err := s.panel.LastAgentState(ctx, ext); err == nil && !now.After(last.At) {
			now = last.At.Add(time.Millisecond)
		}
		return s.panel.LogAgentState(ctx, cti.AgentStateChange{Extension: ext, UserID: u.ID,
			State: cti.AgentNotReady, Reason: in.Reason, At: now})
	}
	if err := s.panel.SetPendingReason(ctx, ext, in.Reason, u.ID, now); err != nil {
		return err
	}
	if err := cmd(s.tel, ctx, ext); err != nil {
		_, _ = s.panel.TakePendingReason(ctx, ext, time.Time{}) // the PBX refused: forget it
		return err
	}
	return nil
}

// draftJSON is a call draft in the API.
type draftJSON struct {
	CallID    string          `json:"call_id"`
	Form      json.RawMessage `json:"form"`
	Notes     string          `json:"notes"`
	UpdatedBy *int64          `json:"updated_by"`
	UpdatedAt apiTime         `json:"updated_at"`
}

// callAccess reports whether u may read and write what belongs to the
// call id (its draft, its links to cases, its wrap-up): supervisors may;
// others if the call is at their extension now, is the call a
// consultation call at their extension was made from, passed through
// their extension lately, or has a draft they wrote.
func (s *Server) callAccess(ctx context.Context, u *cases.User, id string) error {
	if id == "" || len(id) > maxCallID {
		return cases.Invalid("call_id", "%q is not a Linka call id", id)
	}
	if u.Has(cases.RoleSupervisor) {
		return nil
	}
	if u.Extension != "" {
		if s.tel != nil {
			for _, c := range s.tel.Calls() {
				if (c.ID == id || c.ConsultationOf == id) && canSeeCall(u, &c) {
					return nil
				}
			}
		}
		if s.events.calls.at(id, u.Extension) || s.loggedAt(ctx, id, u.Extension) {
			return nil
		}
	}
	if d, err := s.panel.CallDraft(ctx, id); err == nil && d.UpdatedBy == u.ID {
		return nil
	}
	return cases.Errorf(cases.ENotFound, "call %s not found", id)
}

// loggedAt reports whether the call log has call id at ext in the last day.
func (s *Server) loggedAt(ctx context.Context, id, ext string) bool {
	if s.calllog == nil {
		return false
	}
	now := s.svc.Now()
	rows, _, err := s.calllog.Search(ctx, cti.CallLogFilter{Extension: ext, From: now.Add(-24 * time.Hour),
		Limit: cti.MaxCallLogLimit})
	return err == nil && slices.ContainsFunc(rows, func(e cti.CallLogEntry) bool { return e.ID == id })
}

// apiDraft serves GET /api/v1/panel/drafts/{call_id}.
func (s *Server) apiDraft(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("call_id")
	if err := s.callAccess(r.Context(), userOf(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.panel.CallDraft(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, draftJSON{CallID: d.CallID, Form: json.RawMessage(d.Form), Notes: d.Notes,
		UpdatedBy: ref(d.UpdatedBy), UpdatedAt: apiTime(d.UpdatedAt)})
}

// apiSaveDraft serves PUT /api/v1/panel/drafts/{call_id}: the form (a
// JSON object) and notes written so far.
func (s *Server) apiSaveDraft(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("call_id")
	u := userOf(r)
	var in draftJSON
	err := decodeJSON(r, &in)
	if err == nil {
		err = s.callAccess(r.Context(), u, id)
	}
	if err == nil {
		err = checkDraft(&in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := cti.CallDraft{CallID: id, Form: string(in.Form), Notes: in.Notes, UpdatedBy: u.ID, UpdatedAt: s.svc.Now()}
	if err := s.panel.SaveCallDraft(r.Context(), d); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// checkDraft validates a draft: the form must be a JSON object.
func checkDraft(in *draftJSON) error {
	form := strings.TrimSpace(string(in.Form))
	if form == "" || form == "null" {
		in.Form = json.RawMessage("{}")
		form = "{}"
	}
	var obj map[string]any
	switch {
	case len(form) > maxDraftForm:
		return cases.Invalid("form", "the draft is longer than %d bytes", maxDraftForm)
	case json.Unmarshal([]byte(form), &obj) != nil:
		return cases.Invalid("form", "the draft form must be a JSON object")
	case len(in.Notes) > maxDraftNotes:
		return cases.Invalid("notes", "the notes are longer than %d bytes", maxDraftNotes)
	}
	return nil
}

// apiDeleteDraft serves DELETE /api/v1/panel/drafts/{call_id}.
func (s *Server) apiDeleteDraft(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("call_id")
	if err := s.callAccess(r.Context(), userOf(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.panel.DeleteCallDraft(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
