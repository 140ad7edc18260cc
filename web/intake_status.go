package web

import (
	"net/http"

	"linka/cases"
)

// seesIntake reports whether u may see the intake sources' state.
func seesIntake(u *cases.User) bool {
	return u != nil && (u.Has(cases.RoleAdmin) || u.Has(cases.RoleSupervisor))
}

// SeesIntake reports whether the user sees the intake page in the menu.
func (p basePage) SeesIntake() bool { return seesIntake(p.User) }

// intakeJSON is one intake source in GET /api/v1/intake.
type intakeJSON struct {
	Name        string  `json:"name"`
	Kind        string  `json:"kind"`
	Target      string  `json:"target"`
	Connected   bool    `json:"connected"`
	Idle        bool    `json:"idle"`
	LastPollAt  apiTime `json:"last_poll_at"`
	LastError   string  `json:"last_error"`
	LastErrorAt apiTime `json:"last_error_at"`
	Cases       int64   `json:"cases"`
	Replies     int64   `json:"replies"`
	Duplicates  int64   `json:"duplicates"`
	Skipped     int64   `json:"skipped"`
	Failed      int64   `json:"failed"`
	Errors      int64   `json:"errors"`
}

func toIntakeJSON(st cases.IntakeStatus) intakeJSON {
	return intakeJSON{Name: st.Name, Kind: st.Kind, Target: st.Target, Connected: st.Connected, Idle: st.Idle,
		LastPollAt: apiTime(st.LastPoll), LastError: st.LastError, LastErrorAt: apiTime(st.LastErrAt),
		Cases: st.Cases, Replies: st.Replies, Duplicates: st.Duplicates, Skipped: st.Skipped,
		Failed: st.Failed, Errors: st.Errors}
}

// apiIntake serves GET /api/v1/intake: the state of every mailbox and
// watched folder, for administrators and supervisors.
func (s *Server) apiIntake(w http.ResponseWriter, r *http.Request) {
	if !seesIntake(userOf(r)) {
		s.fail(w, r, forbidden("only administrators and supervisors may see the intake"))
		return
	}
	out := []intakeJSON{}
	if s.intake != nil {
		for _, st := range s.intake() {
			out = append(out, toIntakeJSON(st))
		}
	}
	writeJSON(w, http.StatusOK, newList(out))
}

// intakeView is the intake page.
type intakeView struct {
	basePage
	Rows []intakeRow
}

// intakeRow is one source, formatted for display.
type intakeRow struct {
	intakeJSON
	KindLabel, State, LastPoll, LastErrorAt string
}

// intakePage serves GET /intake.
func (s *Server) intakePage(w http.ResponseWriter, r *http.Request) {
	p := intakeView{basePage: s.newBase(r, "intake.title", "intake")}
	if !seesIntake(p.User) {
		s.fail(w, r, forbidden("only administrators and supervisors may see the intake"))
		return
	}
	if s.intake != nil {
		for _, st := range s.intake() {
			row := intakeRow{intakeJSON: toIntakeJSON(st), KindLabel: p.T("intake.kind." + st.Kind),
				LastPoll: czechSeconds(st.LastPoll), LastErrorAt: czechSeconds(st.LastErrAt)}
			switch {
			case st.Connected && st.Idle:
				row.State = p.T("intake.idle")
			case st.Connected:
				row.State = p.T("intake.connected")
			default:
				row.State = p.T("intake.disconnected")
			}
			p.Rows = append(p.Rows, row)
		}
	}
	s.render(w, r, http.StatusOK, "intake", p)
}
