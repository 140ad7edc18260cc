package cases

import (
	"slices"
)

// Action is one step of the workflow a user takes on a case. Every state
// change is an action; docs/workflow.md shows the same table.
type Action string

// The actions.
const (
	ActAccept   Action = "accept"    // triage: new → assigned to a department/official
	ActAssign   Action = "assign"    // change the department or official → assigned
	ActTake     Action = "take"      // the official starts work → in_progress
	ActWait     Action = "wait"      // the office waits for the citizen → waiting
	ActResume   Action = "resume"    // the citizen supplied what was missing → in_progress
	ActHandover Action = "handover"  // pass on to another official with a note → assigned
	ActSendBack Action = "send_back" // return to whoever handed it over (or to triage)
	ActExtend   Action = "extend"    // extend the deadline with a reason (state kept)
	ActResolve  Action = "resolve"   // → resolved with the response
	ActReject   Action = "reject"    // → rejected with the reason
	ActForward  Action = "forward"   // → forwarded to the competent body (name, date)
	ActDefer    Action = "defer"     // → deferred ("odloženo") with the reason
	ActReopen   Action = "reopen"    // a closed case → in_progress, with the reason
	ActRecord   Action = "record"    // record § 18 data of an information request (state kept)
)

// Actions lists every action in the order the UI offers them.
var Actions = []Action{ActAccept, ActAssign, ActTake, ActWait, ActResume, ActHandover, ActSendBack,
	ActExtend, ActResolve, ActReject, ActForward, ActDefer, ActReopen, ActRecord}

// actionRule says from which states an action may be taken, the state it
// leads to ("" = the state stays or is decided by the action) and which
// roles may take it.
type actionRule struct {
	from  []State
	to    State
	roles []Role
}

var (
	triaged  = []State{StateAssigned, StateInProgress, StateWaiting}
	openAll  = []State{StateNew, StateAssigned, StateInProgress, StateWaiting}
	closed   = []State{StateResolved, StateRejected, StateForwarded, StateDeferred}
	handlers = []Role{RoleClerk, RoleOfficial, RoleSupervisor}
)

// actionRules is the workflow: the role × transition matrix and the states.
var actionRules = map[Action]actionRule{
	ActAccept:   {[]State{StateNew}, StateAssigned, []Role{RoleClerk, RoleSupervisor}},
	ActAssign:   {triaged, StateAssigned, []Role{RoleClerk, RoleSupervisor}},
	ActTake:     {[]State{StateNew, StateAssigned}, StateInProgress, handlers},
	ActWait:     {[]State{StateAssigned, StateInProgress}, StateWaiting, handlers},
	ActResume:   {[]State{StateWaiting}, StateInProgress, handlers},
	ActHandover: {triaged, StateAssigned, handlers},
	ActSendBack: {triaged, "", []Role{RoleOfficial, RoleSupervisor}},
	ActExtend:   {triaged, "", []Role{RoleOfficial, RoleSupervisor}},
	ActResolve:  {openAll, StateResolved, handlers},
	ActReject:   {openAll, StateRejected, handlers},
	ActForward:  {openAll, StateForwarded, handlers},
	ActDefer:    {openAll, StateDeferred, handlers},
	ActReopen:   {closed, StateInProgress, []Role{RoleSupervisor}},
	ActRecord:   {States, "", []Role{RoleOfficial, RoleSupervisor}},
}

// Valid reports whether a is a known action.
func (a Action) Valid() bool { _, ok := actionRules[a]; return ok }

// RoleMay reports whether role r may take action a: the role × transition
// matrix.
func RoleMay(r Role, a Action) bool { return slices.Contains(actionRules[a].roles, r) }

// From reports whether a may be taken on a case in state s.
func (a Action) From(s State) bool { return slices.Contains(actionRules[a].from, s) }

// mayAct reports whether u holds a role that may take a.
func mayAct(u *User, a Action) bool {
	if !u.Active {
		return false
	}
	return slices.ContainsFunc(u.Roles, func(r Role) bool { return RoleMay(r, a) })
}

// ActionsFor returns the actions u may take on c now, in UI order.
func ActionsFor(u *User, c *Case) []Action {
	if !canEdit(u, c) {
		return nil
	}
	var out []Action
	for _, a := range Actions {
		if mayAct(u, a) && a.From(c.State) {
			out = append(out, a)
		}
	}
	return out
}

// stateAction names the action a plain state change from one state to
// another amounts to (the generic edit and PATCH change the state this
// way), or "" when no action leads there.
func stateAction(from, to State) Action {
	switch {
	case to == StateAssigned && from == StateNew:
		return ActAccept
	case to == StateAssigned:
		return ActAssign
	case to == StateInProgress && from == StateWaiting:
		return ActResume
	case to == StateInProgress && !from.Open():
		return ActReopen
	case to == StateInProgress:
		return ActTake
	}
	for _, a := range []Action{ActWait, ActResolve, ActReject, ActForward, ActDefer} {
		if actionRules[a].to == to {
			return a
		}
	}
	return ""
}

// patchActions are the actions a plain state change may stand for; the
// others need data only a transition carries (POST …/transitions).
var patchActions = []Action{ActAccept, ActAssign, ActTake, ActWait, ActResume, ActResolve, ActReject, ActDefer}

// checkTransition returns an *Error unless u may move a case from one state
// to the other by a plain state change (the generic edit, PATCH), with
// the outcome and response the target state needs.
func checkTransition(u *User, from State, c *Case) error {
	to := c.State
	if from == to {
		return nil
	}
	a := stateAction(from, to)
	if a == "" || !a.From(from) {
		return Invalid("state", "a case cannot move from %s to %s", from, to)
	}
	if !mayAct(u, a) {
		return Errorf(EForbidden, "your role may not %s cases", a)
	}
	if !slices.Contains(patchActions, a) {
		return Invalid("state", "use the %s action: it needs more than a state", a)
	}
	switch to {
	case StateRejected, StateDeferred:
		if c.Outcome == "" {
			return Invalid("outcome", "state %s needs the reason in the outcome", to)
		}
	case StateWaiting:
		if c.Outcome == "" && c.WaitingFor == "" {
			return Invalid("outcome", "state %s needs the reason in the outcome", to)
		}
		if c.WaitingFor == "" {
			c.WaitingFor = c.Outcome
		}
	case StateResolved:
		if c.Outcome == "" && c.Response == "" {
			return Invalid("response", "a resolved case needs a response or an outcome")
		}
	case StateAssigned:
		if c.AssignedTo == 0 && c.DepartmentID == 0 {
			return Invalid("assigned_to", "an assigned case needs a department or an official")
		}
	}
	return nil
}

// To returns the state a leads to, or "" when the action keeps the state
// (extend, record) or decides it itself (send back: assigned, or new when
// nobody handed the case over).
func (a Action) To() State { return actionRules[a].to }
