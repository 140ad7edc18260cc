package cases

import "testing"

func TestCanSee(t *testing.T) {
	clerk := &User{ID: 1, Roles: []Role{RoleClerk}, Active: true}
	official := &User{ID: 2, Roles: []Role{RoleOfficial}, DepartmentID: 10, Active: true}
	broad := &User{ID: 3, Roles: []Role{RoleOfficial}, DepartmentID: 10, AllDepartments: true, Active: true}
	dpo := &User{ID: 4, Roles: []Role{RoleDPO}, Active: true}
	admin := &User{ID: 5, Roles: []Role{RoleAdmin, RolePBXAdmin}, Active: true}
	disabled := &User{ID: 6, Roles: []Role{RoleSupervisor}, Active: false}
	own := &Case{DepartmentID: 10}
	other := &Case{DepartmentID: 20}
	assigned := &Case{DepartmentID: 20, HandledBy: 2}
	hidden := &Case{DepartmentID: 10, Restricted: true, HiddenFrom: []int64{1, 2, 4}}
	tests := []struct {
		name string
		u    *User
		c    *Case
		want bool
	}{
		{"clerk sees any department", clerk, other, true},
		{"official sees own department", official, own, true},
		{"official does not see other department", official, other, false},
		{"official sees case handled by them", official, assigned, true},
		{"official with all departments", broad, other, true},
		{"restricted hidden from clerk", clerk, hidden, false},
		{"restricted hidden from official", official, hidden, false},
		{"restricted visible to others", broad, hidden, true},
		{"dpo sees restricted even if listed", dpo, hidden, true},
		{"admin sees no cases", admin, own, false},
		{"disabled sees nothing", disabled, own, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := canSee(tt.u, tt.c); got != tt.want {
				t.Errorf("canSee() = %v, want %v", got, tt.want)
			}
		})
	}
	if canEdit(dpo, own) {
		t.Error("canEdit(dpo) = true, want false: the DPO changes nothing")
	}
}

func TestCheckTransition(t *testing.T) {
	clerk := &User{ID: 1, Roles: []Role{RoleClerk}, Active: true}
	super := &User{ID: 2, Roles: []Role{RoleSupervisor}, Active: true}
	official := &User{ID: 3, Roles: []Role{RoleOfficial}, Active: true}
	tests := []struct {
		name      string
		u         *User
		from      State
		c         Case
		wantCode  string
		wantField string
	}{
		{"reject with reason", clerk, StateNew, Case{State: StateRejected, Outcome: "neoprávněný"}, "", ""},
		{"reject without reason", clerk, StateNew, Case{State: StateRejected}, EInvalid, "outcome"},
		{"resolve without response", clerk, StateInProgress, Case{State: StateResolved}, EInvalid, "response"},
		{"assign without anybody", clerk, StateNew, Case{State: StateAssigned}, EInvalid, "assigned_to"},
		{"assign to department", clerk, StateNew, Case{State: StateAssigned, DepartmentID: 3}, "", ""},
		{"waiting back to new", clerk, StateWaiting, Case{State: StateNew}, EInvalid, "state"},
		{"clerk reopens", clerk, StateResolved, Case{State: StateInProgress}, EForbidden, ""},
		{"supervisor reopens without a reason", super, StateResolved, Case{State: StateInProgress}, EInvalid, "state"},
		{"official accepts", official, StateNew, Case{State: StateAssigned, DepartmentID: 3}, EForbidden, ""},
		{"clerk forwards without a body", clerk, StateNew, Case{State: StateForwarded, Outcome: "MP"}, EInvalid, "state"},
		{"waiting with what is missing", clerk, StateInProgress, Case{State: StateWaiting, Outcome: "chybí plná moc"}, "", ""},
		{"same state", clerk, StateWaiting, Case{State: StateWaiting}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkTransition(tt.u, tt.from, &tt.c)
			if ErrorCode(err) != tt.wantCode || ErrorField(err) != tt.wantField {
				t.Errorf("checkTransition() = %v, want code %q field %q", err, tt.wantCode, tt.wantField)
			}
		})
	}
}
