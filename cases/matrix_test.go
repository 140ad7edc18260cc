package cases

import (
	"slices"
	"testing"
)

// TestRoleMay_Matrix checks every role against every action: the matrix
// docs/workflow.md documents, written out here independently of the
// rules table.
func TestRoleMay_Matrix(t *testing.T) {
	const (
		c = 1 << iota // clerk
		o             // official
		s             // supervisor
	)
	want := map[Action]int{
		ActAccept: c | s, ActAssign: c | s, ActTake: c | o | s, ActWait: c | o | s,
		ActResume: c | o | s, ActHandover: c | o | s, ActSendBack: o | s, ActExtend: o | s,
		ActResolve: c | o | s, ActReject: c | o | s, ActForward: c | o | s, ActDefer: c | o | s,
		ActReopen: s, ActRecord: o | s,
	}
	bit := map[Role]int{RoleClerk: c, RoleOfficial: o, RoleSupervisor: s}
	if len(want) != len(Actions) {
		t.Fatalf("the test knows %d actions, the workflow %d", len(want), len(Actions))
	}
	for _, a := range Actions {
		for _, r := range Roles {
			if got, exp := RoleMay(r, a), want[a]&bit[r] != 0; got != exp {
				t.Errorf("RoleMay(%s, %s) = %v, want %v", r, a, got, exp)
			}
		}
	}
}

// TestAction_From checks every action against every state.
func TestAction_From(t *testing.T) {
	open := []State{StateNew, StateAssigned, StateInProgress, StateWaiting}
	triaged := []State{StateAssigned, StateInProgress, StateWaiting}
	want := map[Action][]State{
		ActAccept: {StateNew}, ActAssign: triaged, ActTake: {StateNew, StateAssigned},
		ActWait: {StateAssigned, StateInProgress}, ActResume: {StateWaiting}, ActHandover: triaged,
		ActSendBack: triaged, ActExtend: triaged, ActResolve: open, ActReject: open, ActForward: open,
		ActDefer: open, ActReopen: {StateResolved, StateRejected, StateForwarded, StateDeferred}, ActRecord: States,
	}
	for _, a := range Actions {
		for _, st := range States {
			if got, exp := a.From(st), slices.Contains(want[a], st); got != exp {
				t.Errorf("%s.From(%s) = %v, want %v", a, st, got, exp)
			}
		}
	}
}

// TestMayAct_Users checks users of every role, inactive users and users
// with several roles against every action.
func TestMayAct_Users(t *testing.T) {
	for _, a := range Actions {
		for _, r := range Roles {
			u := &User{ID: 7, Roles: []Role{r}, Active: true}
			if got := mayAct(u, a); got != RoleMay(r, a) {
				t.Errorf("mayAct(%s, %s) = %v, want %v", r, a, got, RoleMay(r, a))
			}
			u.Active = false
			if mayAct(u, a) {
				t.Errorf("mayAct(inactive %s, %s) = true", r, a)
			}
		}
		both := &User{Roles: []Role{RoleAdmin, RoleSupervisor}, Active: true}
		if !mayAct(both, a) {
			t.Errorf("mayAct(admin+supervisor, %s) = false; the supervisor may take every action", a)
		}
		for _, r := range []Role{RoleAdmin, RolePBXAdmin, RoleDPO} {
			if RoleMay(r, a) {
				t.Errorf("RoleMay(%s, %s) = true; only handling roles act on cases", r, a)
			}
		}
	}
}

// TestActionsFor lists what each user may do on a case.
func TestActionsFor(t *testing.T) {
	clerk := &User{ID: 1, Roles: []Role{RoleClerk}, Active: true}
	off := &User{ID: 2, Roles: []Role{RoleOfficial}, DepartmentID: 5, Active: true}
	other := &User{ID: 3, Roles: []Role{RoleOfficial}, DepartmentID: 6, Active: true}
	dpo := &User{ID: 4, Roles: []Role{RoleDPO}, Active: true}
	c := &Case{State: StateInProgress, DepartmentID: 5}
	tests := []struct {
		u    *User
		want []Action
	}{
		{clerk, []Action{ActAssign, ActWait, ActHandover, ActResolve, ActReject, ActForward, ActDefer}},
		{off, []Action{ActWait, ActHandover, ActSendBack, ActExtend, ActResolve, ActReject, ActForward, ActDefer, ActRecord}},
		{other, nil}, // cannot see the case
		{dpo, nil},
	}
	for _, tt := range tests {
		if got := ActionsFor(tt.u, c); !slices.Equal(got, tt.want) {
			t.Errorf("ActionsFor(%v) = %v, want %v", tt.u.Roles, got, tt.want)
		}
	}
}
