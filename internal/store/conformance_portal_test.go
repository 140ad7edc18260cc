package store

import (
	"sync"
	"testing"
	"time"

	"linka/cases"
)

// testAccessCodes: a case has at most one code; setting a new one replaces
// it, ends the case's portal sessions and writes the history row with it.
func testAccessCodes(t *testing.T, f *fixture) {
	c := f.create(t, nil)
	other := f.create(t, nil)
	_, err := f.db.AccessCode(f.ctx, c.ID)
	wantCode(t, "AccessCode(no code yet)", err, cases.ENotFound)
	_, err = f.db.AccessCode(f.ctx, -1)
	wantCode(t, "AccessCode(-1)", err, cases.ENotFound)

	first := cases.AccessCode{CaseID: c.ID, Hash: "h1", IssuedAt: f.now, ExpiresAt: f.now.Add(time.Hour),
		Channel: cases.CodeByWebForm}
	must(t, f.db.SetAccessCode(f.ctx, first, nil))
	got, err := f.db.AccessCode(f.ctx, c.ID)
	must(t, err)
	if got.Hash != "h1" || got.IssuedBy != 0 || got.Channel != cases.CodeByWebForm ||
		!got.ExpiresAt.Equal(first.ExpiresAt.Truncate(time.Microsecond)) {
		t.Errorf("AccessCode = %+v, want %+v", got, first)
	}
	for _, s := range []cases.PortalSession{{ID: "s1", CaseID: c.ID}, {ID: "s2", CaseID: other.ID}} {
		s.CreatedAt, s.ExpiresAt = f.now, f.now.Add(time.Hour)
		must(t, f.db.CreatePortalSession(f.ctx, s))
	}
	hist := []cases.HistoryEntry{{At: f.now, UserID: f.clerk.ID, Field: "access_code", New: cases.CodeByStaff}}
	second := cases.AccessCode{CaseID: c.ID, Hash: "h2", IssuedAt: f.now.Add(time.Minute),
		ExpiresAt: f.now.Add(2 * time.Hour), IssuedBy: f.clerk.ID, Channel: cases.CodeByStaff}
	must(t, f.db.SetAccessCode(f.ctx, second, hist))
	got, err = f.db.AccessCode(f.ctx, c.ID)
	must(t, err)
	if got.Hash != "h2" || got.IssuedBy != f.clerk.ID || got.Channel != cases.CodeByStaff {
		t.Errorf("AccessCode after re-issue = %+v, want hash h2 by the clerk", got)
	}
	if n := f.count(t, `SELECT count(*) FROM access_codes WHERE case_id = ?`, c.ID); n != 1 {
		t.Errorf("access code rows of the case = %d, want 1", n)
	}
	_, err = f.db.PortalSession(f.ctx, "s1")
	wantCode(t, "PortalSession(s1) after re-issue", err, cases.ENotFound)
	if _, err := f.db.PortalSession(f.ctx, "s2"); err != nil {
		t.Errorf("PortalSession(s2) of another case = %v, want it kept", err)
	}
	if hist[0].ID == 0 || hist[0].CaseID != c.ID {
		t.Errorf("history row = %+v, want an id and the case id", hist[0])
	}
	h, err := f.db.History(f.ctx, c.ID)
	must(t, err)
	if last := h[len(h)-1]; last.Field != "access_code" || last.New != cases.CodeByStaff || last.Public {
		t.Errorf("last history row = %+v, want a non-public access_code row", last)
	}

	// A failing write (unknown case) writes neither code nor history.
	bad := cases.AccessCode{CaseID: 999999, Hash: "x", IssuedAt: f.now, ExpiresAt: f.now, Channel: cases.CodeByEmail}
	if err := f.db.SetAccessCode(f.ctx, bad, []cases.HistoryEntry{{At: f.now, Field: "access_code"}}); err == nil {
		t.Errorf("SetAccessCode(unknown case) = nil, want an error")
	}
	if n := f.count(t, `SELECT count(*) FROM case_history WHERE case_id = 999999`); n != 0 {
		t.Errorf("history rows of the failed write = %d, want 0", n)
	}
}

// testPortalSessions: create, load, delete and expire.
func testPortalSessions(t *testing.T, f *fixture) {
	c := f.create(t, nil)
	old := cases.PortalSession{ID: "old", CaseID: c.ID, CreatedAt: f.now, ExpiresAt: f.now.Add(time.Minute)}
	live := cases.PortalSession{ID: "live", CaseID: c.ID, CreatedAt: f.now, ExpiresAt: f.now.Add(time.Hour)}
	must(t, f.db.CreatePortalSession(f.ctx, old))
	must(t, f.db.CreatePortalSession(f.ctx, live))
	wantCode(t, "CreatePortalSession(same id)", f.db.CreatePortalSession(f.ctx, live), cases.EConflict)
	got, err := f.db.PortalSession(f.ctx, "live")
	must(t, err)
	if got.CaseID != c.ID || !got.ExpiresAt.Equal(live.ExpiresAt) {
		t.Errorf("PortalSession = %+v, want %+v", got, live)
	}
	n, err := f.db.DeletePortalSessionsBefore(f.ctx, f.now.Add(30*time.Minute))
	must(t, err)
	if n != 1 {
		t.Errorf("DeletePortalSessionsBefore = %d, want 1", n)
	}
	_, err = f.db.PortalSession(f.ctx, "old")
	wantCode(t, "PortalSession(expired)", err, cases.ENotFound)
	must(t, f.db.DeletePortalSession(f.ctx, "live"))
	must(t, f.db.DeletePortalSession(f.ctx, "live")) // twice is fine
	_, err = f.db.PortalSession(f.ctx, "live")
	wantCode(t, "PortalSession(deleted)", err, cases.ENotFound)
}

// testThrottle: failures count up, start afresh after the window, reset,
// expire, and concurrent failures are all counted.
func testThrottle(t *testing.T, f *fixture) {
	st, err := f.db.Throttle(f.ctx, "case:1")
	must(t, err)
	if st != (cases.ThrottleState{}) {
		t.Errorf("Throttle(new key) = %+v, want zero", st)
	}
	for i := 1; i <= 3; i++ {
		st, err = f.db.AddFailure(f.ctx, "case:1", f.now.Add(time.Duration(i)*time.Second), f.now.Add(-time.Hour))
		must(t, err)
		if st.Failures != i {
			t.Errorf("AddFailure #%d = %d failures, want %d", i, st.Failures, i)
		}
	}
	st, err = f.db.Throttle(f.ctx, "case:1")
	must(t, err)
	if st.Failures != 3 || !st.LastAt.Equal(f.now.Add(3*time.Second).Truncate(time.Microsecond)) {
		t.Errorf("Throttle = %+v, want 3 failures, the last at +3s", st)
	}
	// A failure long after the last one starts the count again.
	later := f.now.Add(48 * time.Hour)
	st, err = f.db.AddFailure(f.ctx, "case:1", later, later.Add(-24*time.Hour))
	must(t, err)
	if st.Failures != 1 {
		t.Errorf("AddFailure after the window = %d failures, want 1", st.Failures)
	}
	must(t, f.db.ResetThrottle(f.ctx, "case:1"))
	st, err = f.db.Throttle(f.ctx, "case:1")
	must(t, err)
	if st.Failures != 0 {
		t.Errorf("Throttle after reset = %+v, want zero", st)
	}

	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.db.AddFailure(f.ctx, "ip:192.0.2.1", f.now, f.now.Add(-time.Hour)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	st, err = f.db.Throttle(f.ctx, "ip:192.0.2.1")
	must(t, err)
	if st.Failures != 8 {
		t.Errorf("Throttle after 8 concurrent failures = %d, want 8", st.Failures)
	}
	// Counters of one prefix go by age; the others stay.
	for _, k := range []string{"signin:192.0.2.1", "signin:192.0.2.2", "signinx", "ip:192.0.2.9"} {
		_, err := f.db.AddFailure(f.ctx, k, f.now.Add(-time.Hour), f.now.Add(-2*time.Hour))
		must(t, err)
	}
	n, err := f.db.DeleteThrottlePrefixBefore(f.ctx, "signin:", f.now.Add(-time.Minute))
	must(t, err)
	if n != 2 {
		t.Errorf("DeleteThrottlePrefixBefore(signin:) = %d, want the 2 sign-in counters", n)
	}
	for k, want := range map[string]int{"signin:192.0.2.1": 0, "signinx": 1, "ip:192.0.2.9": 1} {
		st, err := f.db.Throttle(f.ctx, k)
		must(t, err)
		if st.Failures != want {
			t.Errorf("after the prefix purge %s has %d failures, want %d", k, st.Failures, want)
		}
	}
	n, err = f.db.DeleteThrottleBefore(f.ctx, f.now.Add(time.Second))
	must(t, err)
	if n != 3 {
		t.Errorf("DeleteThrottleBefore = %d, want 3", n)
	}
}

// testCreateCaseAttachments: attachments given with a new case are
// written with it, or not at all.
func testCreateCaseAttachments(t *testing.T, f *fixture) {
	atts := []*cases.Attachment{
		{Name: "foto.jpg", ContentType: "image/jpeg", Size: 10, Key: "k1", CreatedAt: f.now},
		{Name: "dopis.pdf", ContentType: "application/pdf", Size: 20, Key: "k2", CreatedAt: f.now},
	}
	c := f.newCase(func(c *cases.Case) { c.Source = cases.SourceWeb; c.SourceRef = "web:abc" })
	must(t, f.db.CreateCase(f.ctx, cases.NewCase{Case: c, Number: cases.NumberScope{Start: 1}, Attachments: atts}))
	got, err := f.db.Attachments(f.ctx, c.ID)
	must(t, err)
	if len(got) != 2 || got[0].Name != "foto.jpg" || got[1].Key != "k2" || atts[0].ID == 0 || atts[1].CaseID != c.ID {
		t.Errorf("Attachments = %+v (given %+v), want both with ids", got, atts)
	}
	// The same source reference again: a conflict, and nothing written.
	dup := f.newCase(func(c *cases.Case) { c.SourceRef = "web:abc" })
	err = f.db.CreateCase(f.ctx, cases.NewCase{Case: dup, Number: cases.NumberScope{Start: 1},
		Attachments: []*cases.Attachment{{Name: "x", Key: "k3", Size: 1, CreatedAt: f.now}}})
	wantCode(t, "CreateCase(same source ref)", err, cases.EConflict)
	if n := f.count(t, `SELECT count(*) FROM attachments WHERE blob_key = 'k3'`); n != 0 {
		t.Errorf("attachments of the refused case = %d, want 0", n)
	}
}
