package cases

// transitions lists the states each state may move to. Reopening a closed
// case (to in_progress) needs a supervisor.
var transitions = map[State][]State{
	StateNew:        {StateAssigned, StateInProgress, StateResolved, StateRejected, StateForwarded, StateDeferred},
	StateAssigned:   {StateInProgress, StateWaiting, StateResolved, StateRejected, StateForwarded, StateDeferred},
	StateInProgress: {StateAssigned, StateWaiting, StateResolved, StateRejected, StateForwarded, StateDeferred},
	StateWaiting:    {StateInProgress, StateAssigned, StateResolved, StateRejected, StateDeferred},
	StateResolved:   {StateInProgress},
	StateRejected:   {StateInProgress},
	StateForwarded:  {StateInProgress},
	StateDeferred:   {StateInProgress},
}

// checkTransition returns an *Error unless u may move a case from one state
// to the other, with the outcome and response the target state needs.
func checkTransition(u *User, from State, c *Case) error {
	to := c.State
	if from == to {
		return nil
	}
	allowed := false
	for _, s := range transitions[from] {
		if s == to {
			allowed = true
		}
	}
	if !allowed {
		return Invalid("state", "a case cannot move from %s to %s", from, to)
	}
	if !from.Open() && !canReopen(u) {
		return Errorf(EForbidden, "only a supervisor may reopen a closed case")
	}
	switch to {
	case StateRejected, StateDeferred, StateForwarded:
		if c.Outcome == "" {
			return Invalid("outcome", "state %s needs the reason in the outcome", to)
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
