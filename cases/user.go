package cases

import (
	"strings"
	"time"
)

// Role is a set of permissions a user holds.
type Role string

// The roles.
const (
	RoleClerk      Role = "clerk"      // contact-centre clerk: takes calls, registers and triages cases
	RoleOfficial   Role = "official"   // resolves the cases of their department
	RoleSupervisor Role = "supervisor" // oversees every case and the reports
	RoleAdmin      Role = "admin"      // manages users, departments, case types
	RolePBXAdmin   Role = "pbx_admin"  // configures the voice gateway
	RoleDPO        Role = "dpo"        // data-protection officer: reads everything, changes nothing
)

// Roles lists every role.
var Roles = []Role{RoleClerk, RoleOfficial, RoleSupervisor, RoleAdmin, RolePBXAdmin, RoleDPO}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// User is a member of staff who signs in to Linka.
type User struct {
	ID           int64
	Login        string
	Name         string // display name
	Email        string
	Extension    string // PBX extension number, "" if none
	DepartmentID int64  // 0 if none
	Roles        []Role
	// AllDepartments grants an official the cases of every department.
	AllDepartments bool
	Active         bool
	PasswordHash   string // argon2id, PHC string format
	CreatedAt      time.Time
}

// Has reports whether u holds role r.
func (u *User) Has(r Role) bool {
	for _, x := range u.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Validate checks a user's fields.
func (u *User) Validate() error {
	u.Login = strings.TrimSpace(u.Login)
	u.Name = strings.TrimSpace(u.Name)
	u.Email = strings.TrimSpace(strings.ToLower(u.Email))
	switch {
	case u.Login == "" || len(u.Login) > 64 || strings.ContainsAny(u.Login, " \t\r\n/:"):
		return Invalid("login", "the login must be 1–64 characters without spaces, slashes or colons")
	case u.Name == "":
		return Invalid("name", "the name is required")
	case len(u.Name) > MaxShortText:
		return Invalid("name", "the name is too long")
	case u.Email != "" && !ValidEmail(u.Email):
		return Invalid("email", "%q is not an e-mail address", u.Email)
	case u.Extension != "" && !allDigits(u.Extension, len(u.Extension)):
		return Invalid("extension", "%q is not an extension number", u.Extension)
	case len(u.Roles) == 0:
		return Invalid("roles", "at least one role is required")
	}
	for _, r := range u.Roles {
		if !r.Valid() {
			return Invalid("roles", "unknown role %q", r)
		}
	}
	return nil
}

// Department is an office department ("odbor").
type Department struct {
	ID     int64
	Code   string // short code, e.g. "DOP"
	Name   string // e.g. "Doprava"
	Email  string // shared mailbox, optional
	Active bool
}

// Validate checks a department's fields.
func (d *Department) Validate() error {
	d.Code = strings.TrimSpace(d.Code)
	d.Name = strings.TrimSpace(d.Name)
	switch {
	case d.Code == "" || len(d.Code) > 16:
		return Invalid("code", "the code must be 1–16 characters")
	case d.Name == "" || len(d.Name) > MaxShortText:
		return Invalid("name", "the name is required")
	case d.Email != "" && !ValidEmail(d.Email):
		return Invalid("email", "%q is not an e-mail address", d.Email)
	}
	return nil
}

// CaseType is a kind of submission with its handling deadline (e.g. a
// complaint under § 175 of the Administrative Procedure Code: 60 days) and
// the legal regime whose rules its cases follow (see regime.go).
type CaseType struct {
	ID           int64
	Code         string
	Name         string
	Regime       Regime
	DeadlineDays int // calendar days from receipt to the due date; 0 = no deadline
	// ExtensionDays is the longest extension (an information request: 10
	// days) or, for a proposal, the days the council's decision adds (90
	// in all).
	ExtensionDays int
	// ForwardDays is the period to forward a case to the competent body (a
	// petition: 5 days); 0 means without undue delay.
	ForwardDays int
	// StepDays is the period of an information request's steps (7 days).
	StepDays int
	Active   bool
}

// Validate checks a case type's fields.
func (t *CaseType) Validate() error {
	t.Code = strings.TrimSpace(t.Code)
	t.Name = strings.TrimSpace(t.Name)
	switch {
	case t.Code == "" || len(t.Code) > 32:
		return Invalid("code", "the code must be 1–32 characters")
	case t.Name == "" || len(t.Name) > MaxShortText:
		return Invalid("name", "the name is required")
	case t.DeadlineDays < 0 || t.DeadlineDays > 3650:
		return Invalid("deadline_days", "the deadline must be 0–3650 days")
	case !t.Regime.Valid():
		return Invalid("regime", "unknown regime %q", t.Regime)
	case t.ExtensionDays < 0 || t.ExtensionDays > 3650:
		return Invalid("extension_days", "the extension must be 0–3650 days")
	case t.ForwardDays < 0 || t.ForwardDays > 365:
		return Invalid("forward_days", "the forwarding period must be 0–365 days")
	case t.StepDays < 0 || t.StepDays > 365:
		return Invalid("step_days", "the step period must be 0–365 days")
	}
	return nil
}

// Session is a signed-in staff browser session. ID is the SHA-256 of the
// secret cookie value, so a leaked database does not leak sessions.
type Session struct {
	ID        string
	UserID    int64
	CSRF      string
	CreatedAt time.Time
	SeenAt    time.Time
}

// Token is a bearer token for integrations, created by `linka user token`.
// Hash is the SHA-256 of the secret; the secret itself is shown once.
type Token struct {
	ID        int64
	UserID    int64
	Name      string
	Hash      string
	CreatedAt time.Time
	ExpiresAt time.Time // zero = never
}
