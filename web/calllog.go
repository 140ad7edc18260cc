package web

import (
	"context"
	"net/http"
	"strings"

	"linka/cases"
	"linka/cti"
)

// CallLogReader is what the JSON API needs of the call log; *cti.CallLog
// implements it.
type CallLogReader interface {
	// Search returns one page of the calls f selects, newest first, and
	// how many there are in all; f.Number may be in any format.
	Search(ctx context.Context, f cti.CallLogFilter) ([]cti.CallLogEntry, int, error)
}

var _ CallLogReader = (*cti.CallLog)(nil)

// Limits of the call log query.
const (
	maxNumberQuery    = 32
	maxExtensionQuery = 16
)

// seesAllLoggedCalls reports whether u sees the whole call log; everybody
// else sees the calls at their own extension.
func seesAllLoggedCalls(u *cases.User) bool {
	return u.Has(cases.RoleClerk) || seesAllCalls(u)
}

// apiCallLog serves GET /api/v1/calllog: one page of the finished calls,
// newest first, filtered by number, extension, start time, direction and
// missed. Clerks, supervisors and PBX administrators see every call,
// everybody else the calls at their own extension.
func (s *Server) apiCallLog(w http.ResponseWriter, r *http.Request) {
	if s.calllog == nil {
		s.fail(w, r, cases.Errorf(cases.EUnavailable, "the call log is not configured"))
		return
	}
	f, err := callLogFilter(r, userOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, total, err := s.calllog.Search(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.callLogJSON(r, rows)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newPage(out, total, f.Limit, f.Offset))
}

// callLogFilter reads the query of GET /api/v1/calllog for u.
func callLogFilter(r *http.Request, u *cases.User) (cti.CallLogFilter, error) {
	q := r.URL.Query()
	var f cti.CallLogFilter
	var err error
	if f.Number, err = numberQuery(q.Get("number")); err != nil {
		return f, err
	}
	if f.Extension, err = extensionQuery(q.Get("extension"), u); err != nil {
		return f, err
	}
	if f.From, err = timeParam(q, "from", false); err != nil {
		return f, err
	}
	if f.To, err = timeParam(q, "to", true); err != nil {
		return f, err
	}
	switch d := cti.Direction(strings.TrimSpace(q.Get("direction"))); d {
	case "", cti.DirectionIncoming, cti.DirectionOutgoing, cti.DirectionInternal:
		f.Direction = d
	default:
		return f, cases.Invalid("direction", "%q is not a valid choice", string(d))
	}
	if f.Missed, err = boolParam(q, "missed"); err != nil {
		return f, err
	}
	if f.Limit, f.Offset, err = paging(q); err != nil {
		return f, err
	}
	if f.Limit > cti.MaxCallLogLimit {
		return f, cases.Invalid("limit", "limit must be 1–500 and offset not negative")
	}
	return f, nil
}

// numberQuery validates the number parameter: digits, an optional leading
// +, and the separators people type.
func numberQuery(v string) (string, error) {
	n := strings.TrimSpace(v)
	ok := len(n) <= maxNumberQuery
	for i, c := range n {
		ok = ok && (c >= '0' && c <= '9' || c == '+' && i == 0 || strings.ContainsRune(" -/().", c))
	}
	if !ok {
		return "", cases.Invalid("number", "%q is not a telephone number", v)
	}
	return n, nil
}

// extensionQuery validates the extension parameter and applies the
// visibility of u: who does not see every call gets their own extension,
// and no other.
func extensionQuery(v string, u *cases.User) (string, error) {
	ext := strings.TrimSpace(v)
	ok := len(ext) <= maxExtensionQuery
	for _, c := range ext {
		ok = ok && (c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c == '*' || c == '#')
	}
	switch {
	case !ok:
		return "", cases.Invalid("extension", "%q is not an extension number", v)
	case seesAllLoggedCalls(u):
		return ext, nil
	case ext != "" && ext != u.Extension:
		return "", forbidden("only clerks and supervisors may see the calls of other extensions")
	}
	return ownExtension(u)
}

// callLogJSON converts rows with the users who answered and the contacts
// matching the citizen's number.
func (s *Server) callLogJSON(r *http.Request, rows []cti.CallLogEntry) ([]callLogJSON, error) {
	u := userOf(r)
	users, err := s.svc.Users(r.Context(), u)
	if err != nil {
		return nil, err
	}
	staff := newStaffAt(users)
	matched := make(map[string][]cases.Contact)
	out := make([]callLogJSON, 0, len(rows))
	for i := range rows {
		number := citizenNumber(&rows[i])
		found, ok := matched[number]
		if !ok && number != "" {
			if found, err = s.svc.LookupCaller(r.Context(), u, number); err != nil {
				return nil, err
			}
			matched[number] = found
		}
		out = append(out, toCallLogJSON(&rows[i], staff, found))
	}
	return out, nil
}

// citizenNumber returns the number of the party outside: the caller of an
// incoming call, the called number of an outgoing one, none for an
// internal call.
func citizenNumber(e *cti.CallLogEntry) string {
	switch e.Direction {
	case cti.DirectionIncoming:
		return e.Caller
	case cti.DirectionOutgoing:
		return e.Called
	}
	return ""
}

// callLogJSON is a finished call of the call log.
type callLogJSON struct {
	// ID is the Linka call id; calls known only from SMDR have ids
	// starting with "smdr-".
	ID        string        `json:"id"`
	Direction cti.Direction `json:"direction"`
	Caller    string        `json:"caller"`
	Called    string        `json:"called"`
	// Extensions are the extensions and groups that took part.
	Extensions []string `json:"extensions"`
	// AnsweredBy is the extension that answered, null if none did.
	AnsweredBy  *answererJSON `json:"answered_by"`
	StartedAt   apiTime       `json:"started_at"`
	AnsweredAt  apiTime       `json:"answered_at"`
	EndedAt     apiTime       `json:"ended_at"`
	RingSeconds int64         `json:"ring_seconds"`
	TalkSeconds int64         `json:"talk_seconds"`
	EndReason   string        `json:"end_reason"`
	// Missed is an incoming call nobody answered; InProgress a call known
	// only from SMDR RC/AN lines so far.
	Missed     bool `json:"missed"`
	InProgress bool `json:"in_progress"`
	// Trunk is the PBX link's trunk, or SMDR's CO for a call only SMDR
	// described; CO is SMDR's CO number.
	Trunk       string   `json:"trunk"`
	CO          string   `json:"co"`
	AccountCode string   `json:"account_code"`
	Condition   string   `json:"condition"`
	Sources     []string `json:"sources"`
	SMDRLines   []string `json:"smdr_lines"`
	// Contacts match the citizen's number; Cases are the evidence numbers
	// of the cases the call is linked to.
	Contacts []callerJSON `json:"contacts"`
	Cases    []string     `json:"cases"`
}

// answererJSON is the extension that answered a call and its user.
type answererJSON struct {
	Extension string `json:"extension"`
	UserID    *int64 `json:"user_id"`
	UserName  string `json:"user_name"`
}

func toCallLogJSON(e *cti.CallLogEntry, staff staffAt, contacts []cases.Contact) callLogJSON {
	out := callLogJSON{ID: e.ID, Direction: e.Direction, Caller: e.Caller, Called: e.Called,
		Extensions: nonNil(e.Extensions), StartedAt: apiTime(e.StartedAt), AnsweredAt: apiTime(e.AnsweredAt),
		EndedAt: apiTime(e.EndedAt), RingSeconds: int64(e.Ring().Seconds()), TalkSeconds: int64(e.Talk().Seconds()),
		EndReason: e.EndReason, Missed: e.Missed(), InProgress: e.Provisional(), Trunk: e.Trunk, CO: e.CO,
		AccountCode: e.Account, Condition: e.Condition, Sources: []string{}, SMDRLines: nonNil(e.SMDRLines),
		Contacts: make([]callerJSON, 0, len(contacts)), Cases: nonNil(e.Cases)}
	if e.AnsweredBy != "" {
		a := &answererJSON{Extension: e.AnsweredBy}
		a.UserID, a.UserName = staff.user(e.AnsweredBy, 0, "")
		out.AnsweredBy = a
	}
	if e.CSTA {
		out.Sources = append(out.Sources, "csta")
	}
	if e.SMDR != cti.SMDRNone {
		out.Sources = append(out.Sources, "smdr")
	}
	for i := range contacts {
		out.Contacts = append(out.Contacts, callerJSON{ID: contacts[i].ID, DisplayName: contacts[i].DisplayName()})
	}
	return out
}

// nonNil returns s, or an empty slice (a JSON []) for nil.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
