package store

import (
	"reflect"
	"slices"
	"strconv"
	"sync"
	"testing"

	"linka/cases"
	"linka/internal/workdays"
)

func testCreateCase(t *testing.T, f *fixture) {
	sub := f.contact(t, "Petr", "Novák", "+420602123456")
	c := f.newCase(func(c *cases.Case) {
		c.Source = cases.SourceEmail
		c.DueDate = workdays.Date{Year: 2026, Month: 5, Day: 11}
		c.SubmitterID = sub.ID
		c.DepartmentID = f.deps[0].ID
		c.CaseTypeID = f.types[0].ID
		c.State = cases.StateAssigned
		c.Outcome = "x"
		c.Priority = cases.PriorityHigh
		c.AssignedTo = f.off1.ID
		c.HandledBy = f.off2.ID
		c.ResponseSent = true
		c.Response = "Odpověď"
		c.KeepInformed = true
		c.Language = "en"
		c.Restricted = true
		c.HiddenFrom = []int64{f.off2.ID, f.off1.ID, f.off2.ID}
		c.SourceRef = "imap:1:42"
	})
	hist := []cases.HistoryEntry{
		{At: f.now, UserID: f.clerk.ID, Field: "state", New: "new", Public: true},
		{At: f.now, Field: "department", New: "Doprava"},
	}
	must(t, f.db.CreateCase(f.ctx, cases.NewCase{Case: c, Number: cases.NumberScope{Start: 8620}, History: hist}))
	if c.ID == 0 || c.Number != "8620" || c.Version != 1 {
		t.Fatalf("CreateCase set ID %d, Number %q, Version %d; want an id, 8620, 1", c.ID, c.Number, c.Version)
	}
	for i, h := range hist {
		if h.ID == 0 || h.CaseID != c.ID {
			t.Errorf("history[%d] = id %d case %d, want an id and case %d", i, h.ID, h.CaseID, c.ID)
		}
	}
	want := *c
	want.HiddenFrom = []int64{f.off1.ID, f.off2.ID}
	slices.Sort(want.HiddenFrom)
	for name, load := range map[string]func() (*cases.Case, error){
		"CaseByID":        func() (*cases.Case, error) { return f.db.CaseByID(f.ctx, c.ID) },
		"CaseByNumber":    func() (*cases.Case, error) { return f.db.CaseByNumber(f.ctx, "8620") },
		"CaseBySourceRef": func() (*cases.Case, error) { return f.db.CaseBySourceRef(f.ctx, "imap:1:42") },
	} {
		got, err := load()
		must(t, err)
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s = %+v, want %+v", name, *got, want)
		}
	}
	got, err := f.db.History(f.ctx, c.ID)
	must(t, err)
	if !reflect.DeepEqual(got, hist) {
		t.Errorf("History = %+v, want %+v", got, hist)
	}
}

func testCreateCaseNewSubmitter(t *testing.T, f *fixture) {
	sub := &cases.Contact{Kind: cases.KindPerson, FirstName: "Jana", LastName: "Dvořáková",
		Email: "jana@example.cz", CreatedAt: f.now, UpdatedAt: f.now}
	c := f.newCase(nil)
	must(t, f.db.CreateCase(f.ctx, cases.NewCase{Case: c, Submitter: sub, Number: cases.NumberScope{Start: 1}}))
	if sub.ID == 0 || c.SubmitterID != sub.ID {
		t.Fatalf("CreateCase: submitter id %d, case.SubmitterID %d; want equal and set", sub.ID, c.SubmitterID)
	}
	got, err := f.db.Contact(f.ctx, sub.ID)
	must(t, err)
	if !reflect.DeepEqual(got, sub) {
		t.Errorf("Contact = %+v, want %+v", got, sub)
	}
	page, err := f.db.ListCases(f.ctx, cases.CaseFilter{Terms: []string{"dvorakova"}, Scope: cases.Scope{All: true}})
	must(t, err)
	if want := caseIDs(c); !slices.Equal(ids(page.Rows), want) {
		t.Errorf("search for the new submitter = %v, want %v", ids(page.Rows), want)
	}
}

func testCreateCaseNumbers(t *testing.T, f *fixture) {
	create := func(scope cases.NumberScope) string {
		c := f.newCase(nil)
		must(t, f.db.CreateCase(f.ctx, cases.NewCase{Case: c, Number: scope}))
		return c.Number
	}
	y25 := cases.NumberScope{Key: "2025", Prefix: "2025-", Start: 1}
	y26 := cases.NumberScope{Key: "2026", Prefix: "2026-", Start: 1}
	plain := cases.NumberScope{Start: 100}
	var got []string
	for _, s := range []cases.NumberScope{y25, y25, plain, y26, y25, plain, y26,
		{Start: 5000}} { // Start applies to a fresh counter only
		got = append(got, create(s))
	}
	want := []string{"2025-1", "2025-2", "100", "2026-1", "2025-3", "101", "2026-2", "102"}
	if !slices.Equal(got, want) {
		t.Errorf("numbers = %v, want %v", got, want)
	}
	if n := create(cases.NumberScope{Key: "zero"}); n != "1" {
		t.Errorf("number of a counter with Start 0 = %q, want 1", n)
	}
}

func testCreateCaseConcurrent(t *testing.T, f *fixture) {
	const workers, each = 4, 10
	var wg sync.WaitGroup
	var mu sync.Mutex
	var numbers []int
	errs := make(chan error, workers*each)
	for range workers {
		wg.Go(func() {
			for range each {
				c := f.newCase(nil)
				err := f.db.CreateCase(f.ctx, cases.NewCase{Case: c, Number: cases.NumberScope{Key: "2026", Start: 1},
					History: []cases.HistoryEntry{{At: f.now, Field: "state", New: "new"}}})
				if err != nil {
					errs <- err
					continue
				}
				n, _ := strconv.Atoi(c.Number)
				mu.Lock()
				numbers = append(numbers, n)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent CreateCase = %v", err)
	}
	slices.Sort(numbers)
	for i, n := range numbers {
		if n != i+1 {
			t.Fatalf("numbers = %v, want 1…%d without gaps or repeats", numbers, workers*each)
		}
	}
	if got := f.count(t, `SELECT count(*) FROM case_history`); got != workers*each {
		t.Errorf("history rows = %d, want %d", got, workers*each)
	}
}

func testCreateCaseSourceRefConflict(t *testing.T, f *fixture) {
	first := f.create(t, func(c *cases.Case) { c.SourceRef = "web:abc" })
	sub := &cases.Contact{Kind: cases.KindPerson, LastName: "Nový", CreatedAt: f.now, UpdatedAt: f.now}
	dup := f.newCase(func(c *cases.Case) { c.SourceRef = "web:abc" })
	err := f.db.CreateCase(f.ctx, cases.NewCase{Case: dup, Submitter: sub, Number: cases.NumberScope{Start: 1},
		History: []cases.HistoryEntry{{At: f.now, Field: "state", New: "new"}}})
	wantCode(t, "CreateCase(same SourceRef)", err, cases.EConflict)
	if dup.ID != 0 || dup.Number != "" || sub.ID != 0 {
		t.Errorf("failed CreateCase set case id %d, number %q, submitter id %d; want none", dup.ID, dup.Number, sub.ID)
	}
	if n := f.count(t, `SELECT count(*) FROM contacts`); n != 0 {
		t.Errorf("contacts after the conflict = %d, want 0", n)
	}
	if n := f.count(t, `SELECT count(*) FROM case_history`); n != 1 {
		t.Errorf("history rows after the conflict = %d, want 1", n)
	}
	next := f.create(t, nil)
	if first.Number != "1" || next.Number != "2" {
		t.Errorf("numbers around the conflict = %q, %q; want 1, 2 (no number spent)", first.Number, next.Number)
	}
}

// testCreateCaseFailureWritesNothing makes the last statement of
// CreateCase fail (a history row naming a missing user): nothing of the
// case, its submitter or its number may remain.
func testCreateCaseFailureWritesNothing(t *testing.T, f *fixture) {
	sub := &cases.Contact{Kind: cases.KindPerson, LastName: "Nový", CreatedAt: f.now, UpdatedAt: f.now}
	c := f.newCase(func(c *cases.Case) { c.HiddenFrom = []int64{f.off1.ID} })
	err := f.db.CreateCase(f.ctx, cases.NewCase{Case: c, Submitter: sub, Number: cases.NumberScope{Start: 1},
		History: []cases.HistoryEntry{{At: f.now, UserID: 999999, Field: "state", New: "new"}}})
	wantCode(t, "CreateCase(history of a missing user)", err, cases.EInvalid)
	for _, table := range []string{"cases", "contacts", "case_hidden_from", "case_history", "case_numbers"} {
		if n := f.count(t, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%s rows after a failed CreateCase = %d, want 0", table, n)
		}
	}
}

func testUpdateCase(t *testing.T, f *fixture) {
	c := f.create(t, func(c *cases.Case) { c.HiddenFrom = []int64{f.off1.ID}; c.Restricted = true })
	c.Subject = "Nový předmět"
	c.State = cases.StateInProgress
	c.HandledBy = f.off1.ID
	c.DepartmentID = f.deps[1].ID
	c.DueDate = workdays.Date{Year: 2026, Month: 4, Day: 9}
	c.HiddenFrom = []int64{f.off2.ID}
	c.UpdatedAt = f.now.Add(3600e9)
	c.Number = "ignored"
	hist := []cases.HistoryEntry{{At: c.UpdatedAt, UserID: f.off1.ID, Field: "state", Old: "new", New: "in_progress", Public: true}}
	must(t, f.db.UpdateCase(f.ctx, c, hist))
	if c.Version != 2 || hist[0].ID == 0 || hist[0].CaseID != c.ID {
		t.Errorf("UpdateCase: version %d, history id %d case %d; want 2, an id, %d", c.Version, hist[0].ID, hist[0].CaseID, c.ID)
	}
	got, err := f.db.CaseByID(f.ctx, c.ID)
	must(t, err)
	want := *c
	want.Number = "1" // the number never changes
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("after UpdateCase CaseByID = %+v, want %+v", *got, want)
	}
	h, err := f.db.History(f.ctx, c.ID)
	must(t, err)
	if len(h) != 2 || h[1] != hist[0] {
		t.Errorf("History = %+v, want the creation row then %+v", h, hist[0])
	}
}

func testUpdateCaseStaleVersion(t *testing.T, f *fixture) {
	c := f.create(t, nil)
	first := *c
	first.Subject = "First"
	must(t, f.db.UpdateCase(f.ctx, &first, nil))
	stale := *c // still version 1
	stale.Subject = "Stale"
	err := f.db.UpdateCase(f.ctx, &stale, []cases.HistoryEntry{{At: f.now, Field: "subject", New: "Stale"}})
	wantCode(t, "UpdateCase(stale version)", err, cases.EConflict)
	if stale.Version != 1 {
		t.Errorf("stale UpdateCase changed Version to %d, want 1", stale.Version)
	}
	got, err := f.db.CaseByID(f.ctx, c.ID)
	must(t, err)
	if got.Subject != "First" || got.Version != 2 {
		t.Errorf("after a stale update: subject %q version %d, want First 2", got.Subject, got.Version)
	}
	if n := f.count(t, `SELECT count(*) FROM case_history WHERE case_id = ?`, c.ID); n != 1 {
		t.Errorf("history rows after a stale update = %d, want 1", n)
	}
}

// testUpdateCaseFailureWritesNoHistory fails an update in its first
// statement (a missing department) and in its last (a history row of a
// missing user): neither may leave anything behind.
func testUpdateCaseFailureWritesNoHistory(t *testing.T, f *fixture) {
	c := f.create(t, nil)
	bad := *c
	bad.DepartmentID = 999999
	err := f.db.UpdateCase(f.ctx, &bad, []cases.HistoryEntry{{At: f.now, Field: "department", New: "?"}})
	wantCode(t, "UpdateCase(missing department)", err, cases.EInvalid)
	bad = *c
	bad.Subject = "Changed"
	err = f.db.UpdateCase(f.ctx, &bad, []cases.HistoryEntry{{At: f.now, UserID: 999999, Field: "subject", New: "Changed"}})
	wantCode(t, "UpdateCase(history of a missing user)", err, cases.EInvalid)
	got, err := f.db.CaseByID(f.ctx, c.ID)
	must(t, err)
	if got.Subject != c.Subject || got.Version != 1 || got.DepartmentID != 0 {
		t.Errorf("after failed updates: %+v, want the case unchanged", got)
	}
	if n := f.count(t, `SELECT count(*) FROM case_history WHERE case_id = ?`, c.ID); n != 1 {
		t.Errorf("history rows after failed updates = %d, want 1", n)
	}
}

// testUpdateCaseConcurrent races updates of one version: exactly one wins.
func testUpdateCaseConcurrent(t *testing.T, f *fixture) {
	c := f.create(t, nil)
	const n = 4
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			u := *c
			u.Subject = "Writer " + strconv.Itoa(i)
			errs[i] = f.db.UpdateCase(f.ctx, &u, []cases.HistoryEntry{{At: f.now, Field: "subject", New: u.Subject}})
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		wantCode(t, "concurrent UpdateCase", err, cases.EConflict)
	}
	if won != 1 {
		t.Errorf("%d concurrent updates of one version succeeded, want 1", won)
	}
	if h := f.count(t, `SELECT count(*) FROM case_history WHERE case_id = ?`, c.ID); h != 2 {
		t.Errorf("history rows = %d, want 2", h)
	}
}

func testNotFound(t *testing.T, f *fixture) {
	const missing = 987654
	c := f.create(t, nil)
	calls := map[string]func() error{
		"CaseByID":        func() error { _, err := f.db.CaseByID(f.ctx, missing); return err },
		"CaseByNumber":    func() error { _, err := f.db.CaseByNumber(f.ctx, "nope"); return err },
		"CaseBySourceRef": func() error { _, err := f.db.CaseBySourceRef(f.ctx, "nope"); return err },
		"CaseBySourceRef(empty)": func() error {
			_, err := f.db.CaseBySourceRef(f.ctx, "")
			return err
		},
		"UpdateCase": func() error {
			u := *c
			u.ID = missing
			return f.db.UpdateCase(f.ctx, &u, nil)
		},
		"Contact":       func() error { _, err := f.db.Contact(f.ctx, missing); return err },
		"UpdateContact": func() error { return f.db.UpdateContact(f.ctx, &cases.Contact{ID: missing, Kind: cases.KindPerson}) },
		"User":          func() error { _, err := f.db.User(f.ctx, missing); return err },
		"UserByLogin":   func() error { _, err := f.db.UserByLogin(f.ctx, "nobody"); return err },
		"UpdateUser": func() error {
			return f.db.UpdateUser(f.ctx, &cases.User{ID: missing, Login: "x", Name: "x", Roles: []cases.Role{cases.RoleClerk}})
		},
		"UpdateDepartment": func() error {
			return f.db.UpdateDepartment(f.ctx, &cases.Department{ID: missing, Code: "X", Name: "X"})
		},
		"UpdateCaseType": func() error { return f.db.UpdateCaseType(f.ctx, &cases.CaseType{ID: missing, Code: "X", Name: "X"}) },
		"Activity":       func() error { _, err := f.db.Activity(f.ctx, missing); return err },
		"UpdateActivity": func() error {
			return f.db.UpdateActivity(f.ctx, &cases.Activity{ID: missing, CaseID: c.ID, At: f.now, Description: "x"}, nil)
		},
		"Attachment":   func() error { _, err := f.db.Attachment(f.ctx, missing); return err },
		"Session":      func() error { _, err := f.db.Session(f.ctx, "nope"); return err },
		"TouchSession": func() error { return f.db.TouchSession(f.ctx, "nope", f.now) },
		"TokenByHash":  func() error { _, err := f.db.TokenByHash(f.ctx, "nope"); return err },
		"DeleteToken":  func() error { return f.db.DeleteToken(f.ctx, missing) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			wantCode(t, name, call(), cases.ENotFound)
		})
	}
	empty := map[string]func() (int, error){
		"History":     func() (int, error) { l, err := f.db.History(f.ctx, missing); return len(l), err },
		"Activities":  func() (int, error) { l, err := f.db.Activities(f.ctx, missing); return len(l), err },
		"Attachments": func() (int, error) { l, err := f.db.Attachments(f.ctx, missing); return len(l), err },
		"Tokens":      func() (int, error) { l, err := f.db.Tokens(f.ctx, missing); return len(l), err },
	}
	for name, call := range empty {
		if n, err := call(); n != 0 || err != nil {
			t.Errorf("%s(missing) = %d items, %v; want none, nil", name, n, err)
		}
	}
}

func testActivities(t *testing.T, f *fixture) {
	c := f.create(t, nil)
	later := &cases.Activity{CaseID: c.ID, At: f.now.Add(2e9), TakenBy: f.off1.ID, Description: "Předáno",
		HandedTo: f.off2.ID, CreatedBy: f.off1.ID}
	first := &cases.Activity{CaseID: c.ID, At: f.now.Add(1e9), Description: "Převzato", Done: true}
	hist := []cases.HistoryEntry{{At: f.now, UserID: f.off1.ID, Field: "activity", New: "Předáno"}}
	must(t, f.db.AddActivity(f.ctx, later, hist))
	must(t, f.db.AddActivity(f.ctx, first, nil))
	if later.ID == 0 || hist[0].ID == 0 || hist[0].CaseID != c.ID {
		t.Fatalf("AddActivity: id %d, history %+v; want ids set", later.ID, hist[0])
	}
	got, err := f.db.Activity(f.ctx, later.ID)
	must(t, err)
	if !reflect.DeepEqual(got, later) {
		t.Errorf("Activity = %+v, want %+v", got, later)
	}
	later.Done = true
	later.Description = "Vyřízeno"
	later.HandedTo = 0
	must(t, f.db.UpdateActivity(f.ctx, later, []cases.HistoryEntry{{At: f.now, Field: "activity", New: "Vyřízeno"}}))
	list, err := f.db.Activities(f.ctx, c.ID)
	must(t, err)
	if want := []cases.Activity{*first, *later}; !reflect.DeepEqual(list, want) {
		t.Errorf("Activities = %+v, want %+v", list, want)
	}
	if n := f.count(t, `SELECT count(*) FROM case_history WHERE case_id = ?`, c.ID); n != 3 {
		t.Errorf("history rows = %d, want 3", n)
	}
	bad := &cases.Activity{CaseID: 987654, At: f.now, Description: "x"}
	wantCode(t, "AddActivity(missing case)", f.db.AddActivity(f.ctx, bad, nil), cases.EInvalid)
}

func testAttachments(t *testing.T, f *fixture) {
	c := f.create(t, nil)
	a := &cases.Attachment{CaseID: c.ID, Name: "foto.jpg", ContentType: "image/jpeg", Size: 123456,
		Key: "ab12", CreatedAt: f.now, CreatedBy: f.clerk.ID}
	b := &cases.Attachment{CaseID: c.ID, Name: "dopis.pdf", ContentType: "application/pdf", Size: 1,
		Key: "cd34", CreatedAt: f.now}
	hist := []cases.HistoryEntry{{At: f.now, Field: "attachment", New: "foto.jpg"}}
	must(t, f.db.AddAttachment(f.ctx, a, hist))
	must(t, f.db.AddAttachment(f.ctx, b, nil))
	got, err := f.db.Attachment(f.ctx, a.ID)
	must(t, err)
	if !reflect.DeepEqual(got, a) {
		t.Errorf("Attachment = %+v, want %+v", got, a)
	}
	list, err := f.db.Attachments(f.ctx, c.ID)
	must(t, err)
	if want := []cases.Attachment{*a, *b}; !reflect.DeepEqual(list, want) {
		t.Errorf("Attachments = %+v, want %+v", list, want)
	}
	if hist[0].ID == 0 || f.count(t, `SELECT count(*) FROM case_history WHERE case_id = ?`, c.ID) != 2 {
		t.Errorf("AddAttachment did not write its history row")
	}
}
