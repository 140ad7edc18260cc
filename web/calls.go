package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"linka/cases"
	"linka/cti"
)

// Telephony is what the JSON API needs of the PBX link: the live calls and
// devices, the link state and the call and agent commands. *cti.Link
// implements it. Commands return nil, a *cti.RefusedError with the PBX's
// verdict, or one of the errors of package cti (see pbxError).
type Telephony interface {
	// Calls returns the calls in progress, oldest first.
	Calls() []cti.CallInfo
	// Call returns the call in progress with a Linka call id.
	Call(id string) (cti.CallInfo, error)
	// Devices returns the extensions, groups and trunks.
	Devices() []cti.DeviceInfo
	// Status returns the state of the link.
	Status() cti.LinkStatus

	// Answer, Hangup, Hold and Retrieve act on the call's connection at
	// the extension ext.
	Answer(ctx context.Context, callID, ext string) error
	Hangup(ctx context.Context, callID, ext string) error
	Hold(ctx context.Context, callID, ext string) error
	Retrieve(ctx context.Context, callID, ext string) error
	// Consult holds the call at ext and calls to; it returns the Linka id
	// of the consultation call.
	Consult(ctx context.Context, callID, ext, to string) (string, error)
	// Transfer joins the held call and the consultation call at ext.
	Transfer(ctx context.Context, callID, ext string) error
	// BlindTransfer sends the call at ext to the number to.
	BlindTransfer(ctx context.Context, callID, ext, to string) error
	// MakeCall calls number from ext and returns the new call's Linka id.
	MakeCall(ctx context.Context, ext, number string) (string, error)

	// Login, Logout, Ready and NotReady request an agent state for ext.
	Login(ctx context.Context, ext string) error
	Logout(ctx context.Context, ext string) error
	Ready(ctx context.Context, ext string) error
	NotReady(ctx context.Context, ext string) error
}

var _ Telephony = (*cti.Link)(nil)

// maxDialLength is the longest number a user may dial.
const maxDialLength = 32

// needTelephony answers 503 while no PBX link is configured.
func (s *Server) needTelephony(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.tel == nil {
			s.fail(w, r, cases.Errorf(cases.EUnavailable, "no PBX link is configured"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// seesAllCalls reports whether u sees every call, not only those at the
// user's own extension.
func seesAllCalls(u *cases.User) bool {
	return u.Has(cases.RoleSupervisor) || u.Has(cases.RolePBXAdmin)
}

// canSeeCall reports whether u may see call c: supervisors and PBX
// administrators see every call, others the calls at their extension.
func canSeeCall(u *cases.User, c *cti.CallInfo) bool {
	if seesAllCalls(u) {
		return true
	}
	if u.Extension == "" {
		return false
	}
	_, ok := c.Party(u.Extension)
	return ok
}

// ownExtension returns the extension of u, the one commands act at.
func ownExtension(u *cases.User) (string, error) {
	if u.Extension == "" {
		return "", cases.Invalid("extension", "you have no extension; ask an administrator to set one")
	}
	return u.Extension, nil
}

// visibleCall returns the call id if u may see it; a call u may not see
// is not found, so its existence is not disclosed.
func (s *Server) visibleCall(u *cases.User, id string) (cti.CallInfo, error) {
	c, err := s.tel.Call(id)
	if err != nil {
		return cti.CallInfo{}, err
	}
	if !canSeeCall(u, &c) {
		return cti.CallInfo{}, fmt.Errorf("%w: %s", cti.ErrCallNotFound, id)
	}
	return c, nil
}

// callsJSON converts calls with the users at their extensions and the
// contacts matching their callers.
func (s *Server) callsJSON(r *http.Request, calls []cti.CallInfo) ([]callJSON, error) {
	u := userOf(r)
	users, err := s.svc.Users(r.Context(), u)
	if err != nil {
		return nil, err
	}
	staff := newStaffAt(users)
	matched := make(map[string][]cases.Contact)
	out := make([]callJSON, 0, len(calls))
	for i := range calls {
		caller := calls[i].Caller
		found, ok := matched[caller]
		if !ok {
			if found, err = s.svc.LookupCaller(r.Context(), u, caller); err != nil {
				return nil, err
			}
			matched[caller] = found
		}
		out = append(out, toCallJSON(&calls[i], staff, found))
	}
	return out, nil
}

// apiListCalls serves GET /api/v1/calls: the calls in progress the user
// may see, oldest first.
func (s *Server) apiListCalls(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	var visible []cti.CallInfo
	for _, c := range s.tel.Calls() {
		if canSeeCall(u, &c) {
			visible = append(visible, c)
		}
	}
	out, err := s.callsJSON(r, visible)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(out))
}

// apiCall serves GET /api/v1/calls/{id}.
func (s *Server) apiCall(w http.ResponseWriter, r *http.Request) {
	c, err := s.visibleCall(userOf(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, pbxFailure(err))
		return
	}
	out, err := s.callsJSON(r, []cti.CallInfo{c})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out[0])
}

// apiDial serves POST /api/v1/calls: the user's extension (or, for
// supervisors, the one given) calls number.
func (s *Server) apiDial(w http.ResponseWriter, r *http.Request) {
	var in dialJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	ext, number, err := dialTarget(userOf(r), &in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.tel.MakeCall(r.Context(), ext, number)
	if err != nil {
		s.fail(w, r, pbxFailure(err))
		return
	}
	writeCallID(w, id)
}

// dialTarget validates a dial request of u: the extension to call from
// and the number to call.
func dialTarget(u *cases.User, in *dialJSON) (ext, number string, err error) {
	number, err = dialNumber("number", in.Number)
	if err != nil {
		return "", "", err
	}
	ext = strings.TrimSpace(in.Extension)
	switch {
	case ext == "" || ext == u.Extension:
		ext, err = ownExtension(u)
	case !u.Has(cases.RoleSupervisor):
		err = forbidden("only a supervisor may dial from another extension")
	case !isDigits(ext):
		err = cases.Invalid("extension", "%q is not an extension number", ext)
	}
	return ext, number, err
}

// dialNumber validates a number to dial given in field: at most 32 digits,
// * or #, optionally after a leading +. Spaces are removed.
func dialNumber(field, v string) (string, error) {
	n := strings.ReplaceAll(strings.TrimSpace(v), " ", "")
	if n == "" {
		return "", cases.Invalid(field, "the number to call is required")
	}
	digits := strings.TrimPrefix(n, "+")
	ok := len(n) <= maxDialLength && digits != ""
	for _, c := range digits {
		ok = ok && (c >= '0' && c <= '9' || c == '*' || c == '#')
	}
	if !ok {
		return "", cases.Invalid(field, "%q is not a number to dial (up to 32 digits, * and #)", v)
	}
	return n, nil
}

// isDigits reports whether s is a non-empty string of ASCII digits.
func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// writeCallID answers a command that started a call: 201 with the call's
// Linka id and its Location.
func writeCallID(w http.ResponseWriter, id string) {
	if id != "" {
		w.Header().Set("Location", "/api/v1/calls/"+id)
	}
	writeJSON(w, http.StatusCreated, callIDJSON{CallID: id})
}

// commandTarget returns the user's extension and the call of the request
// for a command on it.
func (s *Server) commandTarget(r *http.Request) (ext, id string, err error) {
	u := userOf(r)
	if ext, err = ownExtension(u); err != nil {
		return "", "", err
	}
	c, err := s.visibleCall(u, r.PathValue("id"))
	return ext, c.ID, err
}

// callCommand serves POST /api/v1/calls/{id}/answer, …/hangup, …/hold
// and …/retrieve: cmd at the user's extension, 204 when the PBX accepts.
func (s *Server) callCommand(cmd func(t Telephony, ctx context.Context, callID, ext string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ext, id, err := s.commandTarget(r)
		if err == nil {
			err = cmd(s.tel, r.Context(), id, ext)
		}
		if err != nil {
			s.fail(w, r, pbxFailure(err))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// Transfer modes of POST /api/v1/calls/{id}/transfer.
const (
	transferBlind    = "blind"
	transferConsult  = "consult"
	transferComplete = "complete"
)

// apiTransfer serves POST /api/v1/calls/{id}/transfer: a blind transfer,
// a consultation call (201 with its id) or the completion of a
// consultation transfer.
func (s *Server) apiTransfer(w http.ResponseWriter, r *http.Request) {
	var in transferJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	to, err := transferTarget(&in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ext, id, err := s.commandTarget(r)
	if err != nil {
		s.fail(w, r, pbxFailure(err))
		return
	}
	var consult string
	switch in.Mode {
	case transferBlind:
		err = s.tel.BlindTransfer(r.Context(), id, ext, to)
	case transferConsult:
		consult, err = s.tel.Consult(r.Context(), id, ext, to)
	case transferComplete:
		err = s.tel.Transfer(r.Context(), id, ext)
	}
	switch {
	case err != nil:
		s.fail(w, r, pbxFailure(err))
	case in.Mode == transferConsult:
		writeCallID(w, consult)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// transferTarget validates a transfer request and returns its destination
// ("" for complete, which joins the calls already there).
func transferTarget(in *transferJSON) (string, error) {
	switch in.Mode {
	case transferBlind, transferConsult:
		return dialNumber("to", in.To)
	case transferComplete:
		return "", nil
	}
	return "", cases.Invalid("mode", "the mode must be blind, consult or complete")
}
