package cases

// Access rules. Every read of cases and contacts goes through the Service,
// which applies these rules and writes the access log.
//
//   - Clerks and supervisors see every case: clerks register and triage all
//     incoming submissions, supervisors oversee them.
//   - Officials see the cases of their department, or of every department
//     when granted AllDepartments, and the cases assigned to or handled by
//     them.
//   - A restricted case is hidden from the staff it lists, whatever their
//     role (e.g. a complaint about a colleague).
//   - The data-protection officer reads everything, restricted cases
//     included, and changes nothing.
//   - Admins and PBX admins see no cases through those roles alone.
//
// A user asking for a case they may not see gets "not found", never
// "forbidden", so the existence of a case is not disclosed.

// scope returns what u may see in the register.
func scope(u *User) Scope {
	if !u.Active {
		return Scope{None: true}
	}
	if u.Has(RoleDPO) {
		return Scope{All: true}
	}
	s := Scope{HiddenFor: u.ID}
	switch {
	case u.Has(RoleClerk) || u.Has(RoleSupervisor) || (u.Has(RoleOfficial) && u.AllDepartments):
		s.All = true
	case u.Has(RoleOfficial):
		if u.DepartmentID != 0 {
			s.DepartmentIDs = []int64{u.DepartmentID}
		}
		s.UserID = u.ID
	default:
		return Scope{None: true}
	}
	return s
}

// canSee reports whether u may read c.
func canSee(u *User, c *Case) bool {
	s := scope(u)
	switch {
	case s.None:
		return false
	case s.HiddenFor != 0 && c.hiddenFrom(s.HiddenFor):
		return false
	case s.All:
		return true
	case c.AssignedTo == u.ID || c.HandledBy == u.ID:
		return true
	}
	for _, d := range s.DepartmentIDs {
		if c.DepartmentID == d {
			return true
		}
	}
	return false
}

// canWriteCases reports whether u may register and change cases at all.
func canWriteCases(u *User) bool {
	return u.Active && (u.Has(RoleClerk) || u.Has(RoleSupervisor) || u.Has(RoleOfficial))
}

// canEdit reports whether u may change c.
func canEdit(u *User, c *Case) bool {
	return canWriteCases(u) && canSee(u, c)
}

// canRestrict reports whether u may mark cases restricted and choose whom
// they are hidden from.
func canRestrict(u *User) bool {
	return u.Active && (u.Has(RoleSupervisor) || u.Has(RoleClerk))
}

// canReopen reports whether u may reopen a closed case.
func canReopen(u *User) bool { return u.Active && u.Has(RoleSupervisor) }

// canReadContacts reports whether u may read contacts.
func canReadContacts(u *User) bool {
	return u.Active && (u.Has(RoleClerk) || u.Has(RoleSupervisor) || u.Has(RoleOfficial) || u.Has(RoleDPO))
}

// canManageStaff reports whether u may manage users, departments and case types.
func canManageStaff(u *User) bool { return u.Active && u.Has(RoleAdmin) }

// canReadAccessLog reports whether u may read and export the access log.
func canReadAccessLog(u *User) bool { return u.Active && u.Has(RoleDPO) }

// System returns the actor for work Linka does by itself (intake, timers).
// Its ID is 0, which history and the access log show as "Linka".
func System() *User {
	return &User{Login: "system", Name: "Linka", Roles: []Role{RoleClerk}, Active: true}
}
