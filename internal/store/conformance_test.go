package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// runConformance runs every Store test on stores that open returns: a
// fresh, migrated, empty database per call. The same tests run on SQLite
// and PostgreSQL, so the two must behave the same.
func runConformance(t *testing.T, open func(t *testing.T) *DB) {
	tests := []struct {
		name string
		fn   func(t *testing.T, f *fixture)
	}{
		{"Migrate_Idempotent", testMigrateIdempotent},
		{"Ping", testPing},
		{"CreateCase", testCreateCase},
		{"CreateCase_NewSubmitter", testCreateCaseNewSubmitter},
		{"CreateCase_Numbers", testCreateCaseNumbers},
		{"CreateCase_Concurrent", testCreateCaseConcurrent},
		{"CreateCase_SourceRefConflict", testCreateCaseSourceRefConflict},
		{"CreateCase_FailureWritesNothing", testCreateCaseFailureWritesNothing},
		{"UpdateCase", testUpdateCase},
		{"UpdateCase_StaleVersion", testUpdateCaseStaleVersion},
		{"UpdateCase_FailureWritesNoHistory", testUpdateCaseFailureWritesNoHistory},
		{"UpdateCase_ConcurrentSameVersion", testUpdateCaseConcurrent},
		{"NotFound", testNotFound},
		{"Activities", testActivities},
		{"Attachments", testAttachments},
		{"ListCases_Filters", testListCasesFilters},
		{"ListCases_Sorts", testListCasesSorts},
		{"ListCases_Paging", testListCasesPaging},
		{"ListCases_Scope", testListCasesScope},
		{"ListCases_Rows", testListCasesRows},
		{"ListCases_FullText", testListCasesFullText},
		{"ListCases_InvalidSort", testListCasesInvalidSort},
		{"UpdateContact_RefreshesCaseSearch", testUpdateContactRefreshesCases},
		{"Contacts", testContacts},
		{"ListContacts", testListContacts},
		{"ContactsByPhone", testContactsByPhone},
		{"Users", testUsers},
		{"Departments", testDepartments},
		{"CaseTypes", testCaseTypes},
		{"Sessions", testSessions},
		{"Tokens", testTokens},
		{"AccessLog", testAccessLog},
		{"Times", testTimes},
		// outbox: the notification outbox and its templates (conformance_outbox_test.go).
		{"Outbox_InCaseTransactions", testOutboxInCaseTransactions},
		{"Outbox_Claim", testOutboxClaim},
		{"Outbox_Purge", testOutboxPurge},
		{"Outbox_Templates", testNotificationTemplates},
		{"Panel", testPanel},           // panel: agent lists, state log, wrap-ups, drafts, case calls
		{"Recordings", testRecordings}, // recording area
		{"IVR", testIVR},
		// workflow: the case workflow and the legal regimes (migration 0007).
		{"CaseHandling", testCaseHandling},
		{"ApplyChange", testApplyChange},
		{"CaseTypeRegimes", testCaseTypeRegimes},
		// portal: access codes, citizens' sessions, throttles (conformance_portal_test.go)
		{"AccessCodes", testAccessCodes},
		{"PortalSessions", testPortalSessions},
		{"Throttle", testThrottle},
		{"CreateCase_Attachments", testCreateCaseAttachments},
		{"IntakeCase", testIntakeCase}, // intake
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, newFixture(t, open(t)))
		})
	}
}

// fixture is a store with two departments, two case types and a few
// users, and helpers to fill it.
type fixture struct {
	db                      *DB
	ctx                     context.Context
	now                     time.Time
	deps                    []cases.Department // "Doprava", "Životní prostředí"
	types                   []cases.CaseType   // "Stížnost" (60 days), "Podnět" (30 days)
	clerk, off1, off2, boss *cases.User
}

func newFixture(t *testing.T, db *DB) *fixture {
	t.Helper()
	f := &fixture{db: db, ctx: context.Background(),
		now: time.Date(2026, 3, 10, 9, 30, 15, 123456000, time.UTC)}
	for _, d := range []cases.Department{
		{Code: "DOP", Name: "Doprava", Email: "doprava@example.cz", Active: true},
		{Code: "ZP", Name: "Životní prostředí", Active: true},
	} {
		must(t, db.CreateDepartment(f.ctx, &d))
		f.deps = append(f.deps, d)
	}
	for _, ct := range []cases.CaseType{
		{Code: "STIZ", Name: "Stížnost", DeadlineDays: 60, Active: true},
		{Code: "POD", Name: "Podnět", DeadlineDays: 30, Active: true},
	} {
		must(t, db.CreateCaseType(f.ctx, &ct))
		f.types = append(f.types, ct)
	}
	f.clerk = f.user(t, "clerk", "Klára Úřednická", 0, cases.RoleClerk)
	f.off1 = f.user(t, "off1", "Oto První", f.deps[0].ID, cases.RoleOfficial)
	f.off2 = f.user(t, "off2", "Olga Druhá", f.deps[1].ID, cases.RoleOfficial)
	f.boss = f.user(t, "boss", "Šárka Vedoucí", 0, cases.RoleSupervisor)
	return f
}

func (f *fixture) user(t *testing.T, login, name string, dep int64, roles ...cases.Role) *cases.User {
	t.Helper()
	u := &cases.User{Login: login, Name: name, DepartmentID: dep, Roles: roles, Active: true,
		PasswordHash: "$argon2id$x", CreatedAt: f.now}
	must(t, f.db.CreateUser(f.ctx, u))
	return u
}

// contact creates a person.
func (f *fixture) contact(t *testing.T, first, last, phone string) *cases.Contact {
	t.Helper()
	c := &cases.Contact{Kind: cases.KindPerson, FirstName: first, LastName: last, Phone: phone,
		CreatedAt: f.now, UpdatedAt: f.now}
	must(t, f.db.CreateContact(f.ctx, c))
	return c
}

// newCase returns a valid case received at f.now, changed by mod.
func (f *fixture) newCase(mod func(c *cases.Case)) *cases.Case {
	c := &cases.Case{Source: cases.SourcePhone, ReceivedAt: f.now, CreatedAt: f.now, UpdatedAt: f.now,
		Subject: "Výtluk na silnici", Description: "Díra v Nádražní ulici", State: cases.StateNew,
		Priority: cases.PriorityNormal, Language: "cs"}
	if mod != nil {
		mod(c)
	}
	return c
}

// create stores a case made by newCase(mod) in the default number scope.
func (f *fixture) create(t *testing.T, mod func(c *cases.Case)) *cases.Case {
	t.Helper()
	c := f.newCase(mod)
	must(t, f.db.CreateCase(f.ctx, cases.NewCase{Case: c, Number: cases.NumberScope{Start: 1},
		History: []cases.HistoryEntry{{At: f.now, UserID: f.clerk.ID, Field: "state", New: "new", Public: true}}}))
	return c
}

// count returns a count(*) query's result.
func (f *fixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.reader().row(f.ctx, q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantCode fails unless err is a *cases.Error with the given code.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	var e *cases.Error
	if !errors.As(err, &e) {
		t.Errorf("%s = %v (%T), want a *cases.Error %s", what, err, err, code)
		return
	}
	if e.Code != code {
		t.Errorf("%s = %v, want code %s", what, err, code)
	}
}

func testMigrateIdempotent(t *testing.T, f *fixture) {
	must(t, f.db.Migrate(f.ctx))
	must(t, f.db.Migrate(f.ctx))
	ms, err := loadMigrations(migrationFiles)
	must(t, err)
	if got := f.count(t, `SELECT count(*) FROM schema_migrations`); got != len(ms) {
		t.Errorf("schema_migrations rows = %d, want %d", got, len(ms))
	}
	if got := f.count(t, `SELECT count(*) FROM departments`); got != 2 {
		t.Errorf("departments after migrating again = %d, want 2", got)
	}
}

func testPing(t *testing.T, f *fixture) {
	must(t, f.db.Ping(f.ctx))
	if d := f.db.Dialect(); d != Postgres && d != SQLite {
		t.Errorf("Dialect() = %q, want %q or %q", d, Postgres, SQLite)
	}
}

// testTimes checks that times come back in UTC with microseconds and that
// dates survive both databases.
func testTimes(t *testing.T, f *fixture) {
	prague := workdays.Prague()
	at := time.Date(2026, 7, 1, 23, 59, 59, 987654321, prague)
	c := f.create(t, func(c *cases.Case) {
		c.ReceivedAt = at
		c.DueDate = workdays.Date{Year: 2026, Month: 8, Day: 31}
	})
	got, err := f.db.CaseByID(f.ctx, c.ID)
	must(t, err)
	want := at.UTC().Truncate(time.Microsecond)
	if !got.ReceivedAt.Equal(want) || got.ReceivedAt.Location() != time.UTC {
		t.Errorf("ReceivedAt = %v, want %v in UTC", got.ReceivedAt, want)
	}
	if got.DueDate != c.DueDate {
		t.Errorf("DueDate = %v, want %v", got.DueDate, c.DueDate)
	}
	anon := f.create(t, nil)
	got, err = f.db.CaseByID(f.ctx, anon.ID)
	must(t, err)
	if !got.DueDate.IsZero() {
		t.Errorf("DueDate of a case without one = %v, want zero", got.DueDate)
	}
}

// ids returns the ids of register rows.
func ids(rows []cases.CaseRow) []int64 {
	out := []int64{}
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}

// caseIDs returns the ids of cases.
func caseIDs(cs ...*cases.Case) []int64 {
	out := []int64{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}
