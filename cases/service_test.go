package cases_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/store"
	"linka/internal/store/storetest"
	"linka/internal/workdays"
)

// fixture is a service over a fresh SQLite store with a few staff.
type fixture struct {
	svc                           *cases.Service
	db                            *store.DB
	now                           time.Time
	clerk, official, other, super *cases.User
	dpo, admin                    *cases.User
	dop, inv                      int64
	stiznost                      int64
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	st := storetest.SQLite(t)
	db, blobs := st.DB, st.Blobs
	f := &fixture{db: db, now: time.Date(2026, 4, 2, 9, 30, 0, 0, time.UTC)} // Thursday before Easter
	f.svc = cases.NewService(db, blobs, cases.Options{Now: func() time.Time { return f.now }, MaxAttachment: 1024})
	admin := cases.Console()
	for _, d := range []*cases.Department{{Code: "DOP", Name: "Doprava", Active: true}, {Code: "INV", Name: "Investice", Active: true}} {
		if err := f.svc.SaveDepartment(ctx, admin, d); err != nil {
			t.Fatal(err)
		}
	}
	deps, _ := f.svc.Departments(ctx)
	f.dop, f.inv = deps[0].ID, deps[1].ID
	ct := &cases.CaseType{Code: "stiznost", Name: "Stížnost", DeadlineDays: 60, Active: true}
	if err := f.svc.SaveCaseType(ctx, admin, ct); err != nil {
		t.Fatal(err)
	}
	f.stiznost = ct.ID
	mk := func(login string, dep int64, roles ...cases.Role) *cases.User {
		u := &cases.User{Login: login, Name: strings.ToUpper(login), DepartmentID: dep, Roles: roles, Active: true}
		if err := f.svc.CreateUser(ctx, admin, u, "heslo-heslo-1"); err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.clerk = mk("clerk", 0, cases.RoleClerk)
	f.official = mk("official", f.dop, cases.RoleOfficial)
	f.other = mk("other", f.inv, cases.RoleOfficial)
	f.super = mk("super", 0, cases.RoleSupervisor)
	f.dpo = mk("dpo", 0, cases.RoleDPO)
	f.admin = mk("admin", 0, cases.RoleAdmin)
	return f
}

func (f *fixture) create(t *testing.T, in cases.CaseInput) *cases.Case {
	t.Helper()
	if in.Source == "" {
		in.Source = cases.SourcePhone
	}
	if in.Subject == "" {
		in.Subject = "Stížnost na parkování v ulici Nerudova"
	}
	c, err := f.svc.CreateCase(context.Background(), f.clerk, in)
	if err != nil {
		t.Fatalf("CreateCase() error = %v", err)
	}
	return c
}

func TestService_CreateCase(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, cases.CaseInput{CaseTypeID: f.stiznost, NewSubmitter: &cases.Contact{
		FirstName: "Petr", LastName: "Novotný", Phone: "560 987 654"}})
	if c.Number != "1" || c.State != cases.StateNew || c.Version != 1 || c.SubmitterID == 0 {
		t.Errorf("CreateCase() = number %q state %q version %d submitter %d, want 1/new/1/set", c.Number, c.State, c.Version, c.SubmitterID)
	}
	// 2 April + 60 days = 1 June 2026 (a Monday).
	if want := workdays.NewDate(2026, 6, 1); c.DueDate != want {
		t.Errorf("DueDate = %v, want %v", c.DueDate, want)
	}
	c2 := f.create(t, cases.CaseInput{})
	if c2.Number != "2" {
		t.Errorf("second number = %q, want 2", c2.Number)
	}
	// 2 April + 30 days = 2 May, a Saturday: moved to Monday 4 May.
	if want := workdays.NewDate(2026, 5, 4); c2.DueDate != want {
		t.Errorf("default DueDate = %v, want %v", c2.DueDate, want)
	}
	hist, err := f.svc.History(ctx, f.clerk, c.Number)
	if err != nil || len(hist) != 1 || hist[0].Field != "state" || hist[0].New != "new" || hist[0].UserID != f.clerk.ID {
		t.Errorf("History() = %+v, %v, want one state row by the clerk", hist, err)
	}
	found, err := f.svc.LookupCaller(ctx, f.clerk, "+420560987654")
	if err != nil || len(found) != 1 || found[0].LastName != "Novotný" {
		t.Errorf("LookupCaller() = %+v, %v, want Novotný", found, err)
	}
}

func TestService_CreateCaseInvalid(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		in    cases.CaseInput
		field string
	}{
		{"no subject", cases.CaseInput{Source: cases.SourceWeb}, "subject"},
		{"bad source", cases.CaseInput{Source: "FAX", Subject: "x"}, "source"},
		{"future", cases.CaseInput{Source: cases.SourceWeb, Subject: "x", ReceivedAt: f.now.Add(48 * time.Hour)}, "received_at"},
		{"unknown department", cases.CaseInput{Source: cases.SourceWeb, Subject: "x", DepartmentID: 999}, "department_id"},
		{"unknown contact", cases.CaseInput{Source: cases.SourceWeb, Subject: "x", SubmitterID: 999}, "submitter_id"},
		{"bad new contact e-mail", cases.CaseInput{Source: cases.SourceWeb, Subject: "x", NewSubmitter: &cases.Contact{LastName: "X", Email: "x@"}}, "email"},
		{"assigned to admin", cases.CaseInput{Source: cases.SourceWeb, Subject: "x", AssignedTo: f.admin.ID}, "assigned_to"},
		{"oversized", cases.CaseInput{Source: cases.SourceWeb, Subject: strings.Repeat("á", 301)}, "subject"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.CreateCase(ctx, f.clerk, tt.in)
			if cases.ErrorCode(err) != cases.EInvalid || cases.ErrorField(err) != tt.field {
				t.Errorf("CreateCase() error = %v, want invalid %s", err, tt.field)
			}
		})
	}
	page, err := f.svc.ListCases(ctx, f.super, cases.CaseQuery{})
	if err != nil || page.Total != 0 {
		t.Errorf("after invalid input the register has %d cases (%v), want 0", page.Total, err)
	}
	if _, err := f.svc.CreateCase(ctx, f.dpo, cases.CaseInput{Source: cases.SourceWeb, Subject: "x"}); cases.ErrorCode(err) != cases.EForbidden {
		t.Errorf("CreateCase(dpo) error = %v, want forbidden", err)
	}
}

func TestService_CreateCaseIdempotent(t *testing.T) {
	f := newFixture(t)
	a := f.create(t, cases.CaseInput{Source: cases.SourceWeb, SourceRef: "web:abc"})
	b := f.create(t, cases.CaseInput{Source: cases.SourceWeb, SourceRef: "web:abc"})
	if a.Number != b.Number {
		t.Errorf("second CreateCase with the same SourceRef = %q, want the first case %q", b.Number, a.Number)
	}
}

func TestService_UpdateCase(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, cases.CaseInput{})
	dep := f.dop
	got, err := f.svc.UpdateCase(ctx, f.clerk, c.Number, c.Version, cases.CasePatch{DepartmentID: &dep, AssignedTo: &f.official.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got.State != cases.StateAssigned || got.HandledBy != f.official.ID || got.Version != 2 {
		t.Errorf("after assignment state %q handled by %d version %d, want assigned/official/2", got.State, got.HandledBy, got.Version)
	}
	hist, _ := f.svc.History(ctx, f.clerk, c.Number)
	fields := map[string]cases.HistoryEntry{}
	for _, h := range hist {
		fields[h.Field] = h
	}
	if h := fields["department"]; h.New != "Doprava" || !h.Public {
		t.Errorf("department history = %+v, want public Doprava", h)
	}
	if h := fields["assigned_to"]; h.New != "OFFICIAL" || h.Public {
		t.Errorf("assigned_to history = %+v, want internal OFFICIAL", h)
	}
	// A stale version is a conflict and writes nothing.
	subj := "změna"
	if _, err := f.svc.UpdateCase(ctx, f.official, c.Number, 1, cases.CasePatch{Subject: &subj}); cases.ErrorCode(err) != cases.EConflict {
		t.Errorf("UpdateCase(stale) error = %v, want conflict", err)
	}
	if hist2, _ := f.svc.History(ctx, f.clerk, c.Number); len(hist2) != len(hist) {
		t.Errorf("a conflicting update wrote history: %d rows, want %d", len(hist2), len(hist))
	}
	// Rejecting needs a reason.
	rej := cases.StateRejected
	if _, err := f.svc.UpdateCase(ctx, f.official, c.Number, 2, cases.CasePatch{State: &rej}); cases.ErrorField(err) != "outcome" {
		t.Errorf("reject without reason error = %v, want invalid outcome", err)
	}
	// The other department's official cannot see it: not found, not forbidden.
	if _, err := f.svc.UpdateCase(ctx, f.other, c.Number, 2, cases.CasePatch{Subject: &subj}); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("UpdateCase(other department) error = %v, want not found", err)
	}
	if _, err := f.svc.UpdateCase(ctx, f.dpo, c.Number, 2, cases.CasePatch{Subject: &subj}); cases.ErrorCode(err) != cases.EForbidden {
		t.Errorf("UpdateCase(dpo) error = %v, want forbidden", err)
	}
}

func TestService_AccessRulesAndLog(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, cases.CaseInput{DepartmentID: f.dop, Restricted: true, HiddenFrom: []int64{f.official.ID},
		NewSubmitter: &cases.Contact{LastName: "Bezděková", FirstName: "Natálie"}})
	open := f.create(t, cases.CaseInput{DepartmentID: f.dop})
	for _, tt := range []struct {
		name string
		u    *cases.User
		num  string
		want string
	}{
		{"hidden from listed official", f.official, c.Number, cases.ENotFound},
		{"other department", f.other, open.Number, cases.ENotFound},
		{"own department", f.official, open.Number, ""},
		{"supervisor sees restricted", f.super, c.Number, ""},
		{"dpo sees restricted", f.dpo, c.Number, ""},
		{"admin sees no cases", f.admin, open.Number, cases.ENotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.Case(ctx, tt.u, tt.num)
			if cases.ErrorCode(err) != tt.want {
				t.Errorf("Case() error = %v, want %q", err, tt.want)
			}
		})
	}
	page, _ := f.svc.ListCases(ctx, f.official, cases.CaseQuery{})
	if page.Total != 1 || page.Rows[0].Number != open.Number {
		t.Errorf("official's register = %d rows, want only the open case", page.Total)
	}
	if _, err := f.svc.Contact(ctx, f.super, c.SubmitterID); err != nil {
		t.Fatal(err)
	}
	log, total, err := f.svc.AccessLog(ctx, f.dpo, cases.AccessFilter{ContactID: c.SubmitterID})
	if err != nil || total != 3 { // super and dpo read the case, super read the contact
		t.Errorf("AccessLog(contact) = %d entries (%+v), %v, want 3", total, log, err)
	}
	if _, _, err := f.svc.AccessLog(ctx, f.super, cases.AccessFilter{}); cases.ErrorCode(err) != cases.EForbidden {
		t.Errorf("AccessLog(supervisor) error = %v, want forbidden", err)
	}
}

func TestService_Attachments(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, cases.CaseInput{})
	a, err := f.svc.AddAttachment(ctx, f.clerk, c.Number, "../sken.pdf", strings.NewReader("%PDF-1.4 dopis"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "sken.pdf" || a.ContentType != "application/pdf" || a.Size != 14 {
		t.Errorf("AddAttachment() = %+v, want sken.pdf application/pdf 14 bytes", a)
	}
	_, err = f.svc.AddAttachment(ctx, f.clerk, c.Number, "big.bin", strings.NewReader(strings.Repeat("x", 2000)))
	if cases.ErrorCode(err) != cases.ETooLarge {
		t.Errorf("AddAttachment(too large) error = %v, want too_large", err)
	}
	list, _ := f.svc.Attachments(ctx, f.clerk, c.Number)
	if len(list) != 1 {
		t.Errorf("Attachments() = %d, want 1 (the oversized one not recorded)", len(list))
	}
	_, rc, err := f.svc.OpenAttachment(ctx, f.super, c.Number, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	rc.Close()
	if _, _, err := f.svc.OpenAttachment(ctx, f.other, c.Number, a.ID); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("OpenAttachment(other department) error = %v, want not found", err)
	}
}

func TestService_LoginAndSessions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, _, _, err := f.svc.Login(ctx, "clerk", "wrong-password"); cases.ErrorCode(err) != cases.EUnauthorized {
		t.Errorf("Login(wrong) error = %v, want unauthorized", err)
	}
	if _, _, _, err := f.svc.Login(ctx, "nobody", "heslo-heslo-1"); cases.ErrorCode(err) != cases.EUnauthorized {
		t.Errorf("Login(unknown) error = %v, want unauthorized", err)
	}
	u, s1, secret, err := f.svc.Login(ctx, "clerk", "heslo-heslo-1")
	if err != nil || u.PasswordHash != "" {
		t.Fatalf("Login() = %+v, %v, want the user without its hash", u, err)
	}
	_, s2, _, _ := f.svc.Login(ctx, "clerk", "heslo-heslo-1")
	if s1.ID == s2.ID || s1.CSRF == s2.CSRF {
		t.Error("two logins share a session id or CSRF token")
	}
	if _, _, err := f.svc.SessionUser(ctx, secret); err != nil {
		t.Errorf("SessionUser() error = %v", err)
	}
	f.now = f.now.Add(3 * time.Hour) // idle longer than the default 2 h
	if _, _, err := f.svc.SessionUser(ctx, secret); cases.ErrorCode(err) != cases.EUnauthorized {
		t.Errorf("SessionUser(idle) error = %v, want unauthorized", err)
	}
	tok, _, err := f.svc.CreateToken(ctx, cases.Console(), f.super.ID, "crm", 0)
	if err != nil {
		t.Fatal(err)
	}
	if u, err := f.svc.TokenUser(ctx, tok); err != nil || u.ID != f.super.ID {
		t.Errorf("TokenUser() = %v, %v, want the supervisor", u, err)
	}
	f.super.Active = false
	if err := f.svc.UpdateUser(ctx, cases.Console(), f.super); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.TokenUser(ctx, tok); cases.ErrorCode(err) != cases.EUnauthorized {
		t.Errorf("TokenUser(disabled user) error = %v, want unauthorized", err)
	}
}
