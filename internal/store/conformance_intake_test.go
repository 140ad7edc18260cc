package store

import (
	"testing"

	"linka/cases"
)

// testIntakeCase checks that an intake case, its attachments and its
// references are written together, and that any known reference makes a
// second attempt a conflict that writes nothing.
func testIntakeCase(t *testing.T, f *fixture) {
	sub := &cases.Contact{Kind: cases.KindPerson, LastName: "Nová", Email: "nova@example.cz", CreatedAt: f.now, UpdatedAt: f.now}
	c := f.newCase(func(c *cases.Case) { c.Source = cases.SourceEmail; c.SourceRef = "imap:a/INBOX;uidvalidity=1;uid=7" })
	atts := []*cases.Attachment{{Name: "zprava.eml", ContentType: "message/rfc822", Size: 10, Key: "k1", CreatedAt: f.now}}
	refs := []string{c.SourceRef, "msgid:abc@example.cz"}
	err := f.db.CreateIntakeCase(f.ctx, cases.NewCase{Case: c, Submitter: sub, Number: cases.NumberScope{Start: 1},
		History: []cases.HistoryEntry{{At: f.now, Field: "state", New: "new"}}}, atts, refs)
	must(t, err)
	if c.ID == 0 || sub.ID == 0 || atts[0].ID == 0 || atts[0].CaseID != c.ID {
		t.Fatalf("CreateIntakeCase set case %d, submitter %d, attachment %d on case %d; want all set", c.ID, sub.ID, atts[0].ID, atts[0].CaseID)
	}
	for _, r := range refs {
		rec, err := f.db.IntakeRecord(f.ctx, []string{"unknown", r})
		must(t, err)
		if rec.CaseID != c.ID || rec.ActivityID != 0 || rec.Ref != r {
			t.Errorf("IntakeRecord(%q) = %+v, want case %d", r, rec, c.ID)
		}
	}
	_, err = f.db.IntakeRecord(f.ctx, []string{"unknown"})
	wantCode(t, "IntakeRecord(unknown)", err, cases.ENotFound)

	// The same Message-ID under a new UIDVALIDITY is a conflict.
	dup := f.newCase(func(c *cases.Case) { c.SourceRef = "imap:a/INBOX;uidvalidity=2;uid=1" })
	dupAtt := []*cases.Attachment{{Name: "x.eml", ContentType: "message/rfc822", Size: 1, Key: "k2", CreatedAt: f.now}}
	err = f.db.CreateIntakeCase(f.ctx, cases.NewCase{Case: dup, Number: cases.NumberScope{Start: 1},
		History: []cases.HistoryEntry{{At: f.now, Field: "state", New: "new"}}}, dupAtt,
		[]string{dup.SourceRef, "msgid:abc@example.cz"})
	wantCode(t, "CreateIntakeCase(known Message-ID)", err, cases.EConflict)
	if n := f.count(t, `SELECT count(*) FROM cases`); n != 1 {
		t.Errorf("cases after the conflict = %d, want 1", n)
	}
	if n := f.count(t, `SELECT count(*) FROM attachments`); n != 1 {
		t.Errorf("attachments after the conflict = %d, want 1", n)
	}

	// A reply becomes an activity with its own references.
	a := &cases.Activity{CaseID: c.ID, At: f.now, Description: "Odpověď"}
	ratt := []*cases.Attachment{{Name: "odpoved.eml", ContentType: "message/rfc822", Size: 5, Key: "k3", CreatedAt: f.now}}
	must(t, f.db.AddIntakeActivity(f.ctx, a, ratt, []string{"msgid:reply@example.cz"},
		[]cases.HistoryEntry{{CaseID: c.ID, At: f.now, Field: "activity", New: "Odpověď"}}))
	rec, err := f.db.IntakeRecord(f.ctx, []string{"msgid:reply@example.cz"})
	must(t, err)
	if rec.CaseID != c.ID || rec.ActivityID != a.ID || a.ID == 0 || ratt[0].CaseID != c.ID {
		t.Errorf("reply record = %+v, activity %d; want case %d and the activity", rec, a.ID, c.ID)
	}
	err = f.db.AddIntakeActivity(f.ctx, &cases.Activity{CaseID: c.ID, At: f.now, Description: "x"}, nil,
		[]string{"msgid:reply@example.cz"}, nil)
	wantCode(t, "AddIntakeActivity(known reference)", err, cases.EConflict)
	if n := f.count(t, `SELECT count(*) FROM activities`); n != 1 {
		t.Errorf("activities after the conflict = %d, want 1", n)
	}
}
