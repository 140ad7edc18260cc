package web

import (
	"context"
	"net/http"

	"linka/cases"
)

// apiExtensions serves GET /api/v1/extensions: the PBX's extensions, ICD
// groups and trunks with their state, the agent state and the user at
// each extension.
func (s *Server) apiExtensions(w http.ResponseWriter, r *http.Request) {
	users, err := s.svc.Users(r.Context(), userOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	staff := newStaffAt(users)
	devs := s.tel.Devices()
	out := make([]deviceJSON, 0, len(devs))
	for i := range devs {
		out = append(out, toDeviceJSON(&devs[i], staff))
	}
	writeJSON(w, http.StatusOK, newList(out))
}

// apiPBX serves GET /api/v1/pbx: the state of the PBX link, for
// supervisors and administrators.
func (s *Server) apiPBX(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if !u.Has(cases.RoleSupervisor) && !u.Has(cases.RoleAdmin) && !u.Has(cases.RolePBXAdmin) {
		s.fail(w, r, forbidden("only supervisors and administrators may see the PBX link"))
		return
	}
	if s.tel == nil && s.smdr == nil {
		s.fail(w, r, cases.Errorf(cases.EUnavailable, "no PBX link is configured"))
		return
	}
	out := pbxJSON{State: "not_configured"}
	if s.tel != nil {
		out = toPBXJSON(s.tel.Status())
	}
	if s.smdr != nil {
		st := s.smdr()
		out.SMDR = &smdrJSON{Connected: st.Connected, Since: apiTime(st.Since), Source: st.Source,
			Layout: st.Layout.String(), Reconnects: st.Reconnects, Lines: st.Lines, BadLines: st.BadLines,
			LastLineAt: apiTime(st.LastLineAt), LastError: st.LastError, LastErrorAt: apiTime(st.LastErrorAt)}
	}
	writeJSON(w, http.StatusOK, out)
}

// agentCommand returns the Telephony command that requests an agent
// state, nil for an unknown state.
func agentCommand(state string) func(Telephony, context.Context, string) error {
	switch state {
	case "login":
		return Telephony.Login
	case "logout":
		return Telephony.Logout
	case "ready":
		return Telephony.Ready
	case "not_ready":
		return Telephony.NotReady
	}
	return nil
}

// apiAgent serves POST /api/v1/agent: the agent at the user's extension
// signs in to or out of its ICD groups, or becomes ready or not ready.
func (s *Server) apiAgent(w http.ResponseWriter, r *http.Request) {
	var in agentStateJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	cmd := agentCommand(in.State)
	if cmd == nil {
		s.fail(w, r, cases.Invalid("state", "the agent state must be login, logout, ready or not_ready"))
		return
	}
	ext, err := ownExtension(userOf(r))
	if err == nil {
		err = cmd(s.tel, r.Context(), ext)
	}
	if err != nil {
		s.fail(w, r, pbxFailure(err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
