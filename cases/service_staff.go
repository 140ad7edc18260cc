package cases

import (
	"context"
	"fmt"
)

// Console returns the actor of an operator at the server console (the
// `linka user` commands), who manages staff without signing in.
func Console() *User {
	return &User{Login: "console", Name: "Console", Roles: []Role{RoleAdmin}, Active: true}
}

// CreateUser adds a member of staff with the given password.
func (s *Service) CreateUser(ctx context.Context, actor *User, u *User, password string) error {
	if !canManageStaff(actor) {
		return Errorf(EForbidden, "only an admin may manage users")
	}
	if err := u.Validate(); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	u.PasswordHash, u.CreatedAt = hash, s.Now()
	if err := s.checkDepartment(ctx, u.DepartmentID); err != nil {
		return err
	}
	if err := s.store.CreateUser(ctx, u); err != nil {
		if ErrorCode(err) == EConflict {
			return Invalid("login", "the login %q is taken", u.Login)
		}
		return fmt.Errorf("create user: %w", err)
	}
	return nil
}

// UpdateUser stores changes to a user's profile, roles and active flag.
// The password hash is kept. Disabling a user signs them out everywhere.
func (s *Service) UpdateUser(ctx context.Context, actor *User, u *User) error {
	if !canManageStaff(actor) {
		return Errorf(EForbidden, "only an admin may manage users")
	}
	old, err := s.store.User(ctx, u.ID)
	if err != nil {
		return err
	}
	if err := u.Validate(); err != nil {
		return err
	}
	if err := s.checkDepartment(ctx, u.DepartmentID); err != nil {
		return err
	}
	u.PasswordHash, u.CreatedAt = old.PasswordHash, old.CreatedAt
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return fmt.Errorf("update user: %w", err)
	}
	if old.Active && !u.Active {
		return s.store.DeleteUserSessions(ctx, u.ID)
	}
	return nil
}

// SetPassword replaces a user's password and signs them out everywhere.
// Users may change their own password; admins anyone's.
func (s *Service) SetPassword(ctx context.Context, actor *User, userID int64, password string) error {
	if actor.ID != userID && !canManageStaff(actor) {
		return Errorf(EForbidden, "only an admin may set other users' passwords")
	}
	u, err := s.store.User(ctx, userID)
	if err != nil {
		return err
	}
	if u.PasswordHash, err = HashPassword(password); err != nil {
		return err
	}
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	return s.store.DeleteUserSessions(ctx, u.ID)
}

func (s *Service) checkDepartment(ctx context.Context, id int64) error {
	if id == 0 {
		return nil
	}
	deps, err := s.store.Departments(ctx)
	if err != nil {
		return fmt.Errorf("load departments: %w", err)
	}
	for _, d := range deps {
		if d.ID == id {
			return nil
		}
	}
	return Invalid("department_id", "unknown department %d", id)
}

// UserByLogin returns a user for the console commands.
func (s *Service) UserByLogin(ctx context.Context, login string) (*User, error) {
	return s.store.UserByLogin(ctx, login)
}

// Users lists the staff. Any active member of staff may list them (to pick
// an official); password hashes are cleared.
func (s *Service) Users(ctx context.Context, actor *User) ([]User, error) {
	if !actor.Active {
		return nil, Errorf(EForbidden, "your account is disabled")
	}
	users, err := s.store.Users(ctx)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	for i := range users {
		users[i].PasswordHash = ""
	}
	return users, nil
}

// Departments lists the departments.
func (s *Service) Departments(ctx context.Context) ([]Department, error) {
	return s.store.Departments(ctx)
}

// SaveDepartment creates (ID 0) or updates a department.
func (s *Service) SaveDepartment(ctx context.Context, actor *User, d *Department) error {
	if !canManageStaff(actor) {
		return Errorf(EForbidden, "only an admin may manage departments")
	}
	if err := d.Validate(); err != nil {
		return err
	}
	if d.ID == 0 {
		return s.store.CreateDepartment(ctx, d)
	}
	return s.store.UpdateDepartment(ctx, d)
}

// CaseTypes lists the case types.
func (s *Service) CaseTypes(ctx context.Context) ([]CaseType, error) {
	return s.store.CaseTypes(ctx)
}

// SaveCaseType creates (ID 0) or updates a case type.
func (s *Service) SaveCaseType(ctx context.Context, actor *User, t *CaseType) error {
	if !canManageStaff(actor) {
		return Errorf(EForbidden, "only an admin may manage case types")
	}
	if err := t.Validate(); err != nil {
		return err
	}
	if t.ID == 0 {
		return s.store.CreateCaseType(ctx, t)
	}
	return s.store.UpdateCaseType(ctx, t)
}

// AccessLog returns access-log entries; only the data-protection officer
// may read it.
func (s *Service) AccessLog(ctx context.Context, actor *User, f AccessFilter) ([]AccessEntry, int, error) {
	if !canReadAccessLog(actor) {
		return nil, 0, Errorf(EForbidden, "only the data-protection officer may read the access log")
	}
	if f.Limit <= 0 || f.Limit > 10000 {
		f.Limit = 10000
	}
	return s.store.AccessLog(ctx, f)
}
