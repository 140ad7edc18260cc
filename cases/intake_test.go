package cases_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"linka/cases"
)

func mailItem(ref, subject, from string, files ...cases.IntakeFile) cases.IntakeItem {
	return cases.IntakeItem{Source: cases.SourceEmail, Subject: subject, Description: "Text " + ref,
		SenderName: "Petr Novák", SenderEmail: from, Refs: []string{ref}, Files: files}
}

// TestService_Intake registers an e-mail as a case with a new contact,
// matches the sender the second time, recognises a repeated item, records
// an oversized file as omitted, and threads replies by subject and by
// notification Message-ID.
func TestService_Intake(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	res, err := f.svc.Intake(ctx, mailItem("msgid:a@x", "Lampa", "Petr.Novak@example.cz",
		cases.IntakeFile{Name: "zprava.eml", Content: strings.NewReader("raw")},
		cases.IntakeFile{Name: "velky.pdf", Content: strings.NewReader(strings.Repeat("x", 2000))}))
	if err != nil {
		t.Fatal(err)
	}
	c := res.Case
	if c.Source != cases.SourceEmail || c.State != cases.StateNew || c.SubmitterID == 0 || c.SourceRef != "msgid:a@x" {
		t.Errorf("case = %+v, want EMAIL, new, a submitter, the source ref", c)
	}
	if len(res.Omitted) != 1 || res.Omitted[0].Name != "velky.pdf" || res.Omitted[0].Size != 2000 {
		t.Errorf("omitted = %+v, want velky.pdf of 2000 bytes", res.Omitted)
	}
	if !strings.Contains(c.Description, "velky.pdf") {
		t.Errorf("description %q does not name the omitted file", c.Description)
	}
	atts, _ := f.svc.Attachments(ctx, f.clerk, c.Number)
	if len(atts) != 1 || atts[0].Name != "zprava.eml" {
		t.Errorf("attachments = %+v, want zprava.eml", atts)
	}
	dup, err := f.svc.Intake(ctx, mailItem("msgid:a@x", "Lampa", "petr.novak@example.cz"))
	if err != nil || !dup.Duplicate || dup.Case.ID != c.ID {
		t.Fatalf("repeated intake = %+v, %v; want a duplicate of case %d", dup, err, c.ID)
	}
	second, err := f.svc.Intake(ctx, mailItem("msgid:b@x", "Jiná věc", "petr.novak@example.cz"))
	if err != nil || second.Case.ID == c.ID || second.Case.SubmitterID != c.SubmitterID {
		t.Fatalf("second e-mail = %+v, %v; want a new case of the same contact", second, err)
	}
	for _, tt := range []struct {
		name, subject, from string
		thread              []string
		reply               bool
	}{
		{"notification id", "Re: něco", "kdokoli@example.cz", []string{"<linka.3." + itoa(c.ID) + "@mesto.cz>"}, true},
		{"strong subject", "Re: [Podnět " + c.Number + "] Lampa", "kdokoli@example.cz", nil, true},
		{"weak subject, submitter", "Re: č. " + c.Number, "petr.novak@example.cz", nil, true},
		{"weak subject, stranger", "Dům č. " + c.Number, "cizi@example.cz", nil, false},
		{"unknown case", "Re: [Podnět 99999] x", "kdokoli@example.cz", nil, false},
		{"foreign message id", "Re: x", "kdokoli@example.cz", []string{"<abc@gmail.com>"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			it := mailItem("msgid:"+tt.name, tt.subject, tt.from)
			it.Thread = tt.thread
			res, err := f.svc.Intake(ctx, it)
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Activity != nil; got != tt.reply || (tt.reply && res.Case.ID != c.ID) {
				t.Errorf("Intake(%q) reply = %v on case %d, want reply %v", tt.subject, got, res.Case.ID, tt.reply)
			}
		})
	}
}

func TestService_IntakeInvalid(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, it := range []cases.IntakeItem{
		{Source: cases.SourcePhone, Refs: []string{"x"}},
		{Source: cases.SourceEmail},
	} {
		if _, err := f.svc.Intake(ctx, it); cases.ErrorCode(err) != cases.EInvalid {
			t.Errorf("Intake(%+v) = %v, want invalid", it, err)
		}
	}
	// Odd text is cleaned, not refused.
	res, err := f.svc.Intake(ctx, cases.IntakeItem{Source: cases.SourcePost, Refs: []string{"scan:1"},
		Subject: strings.Repeat("š", 400) + "\x00", Description: "a\x00b\xff"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Case.Subject == "" || strings.ContainsRune(res.Case.Description, 0) || res.Case.SubmitterID != 0 {
		t.Errorf("case = %+v, want a cut subject, a clean description, no submitter", res.Case)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestService_IntakeKeepsSenderInformed: a mailbox that keeps senders
// informed queues the receipt (with the case number) to the sender, in
// the case's transaction; one that does not, and a message without a
// sender, queue nothing. Informing is the office's choice, not the
// citizen's request: it sets no reply deadline.
func TestService_IntakeKeepsSenderInformed(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	received := func(caseID int64) []cases.Notification {
		ns, _, err := f.svc.Notifications(ctx, f.super, cases.NotificationFilter{CaseID: caseID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return ns
	}
	informed := mailItem("msgid:inf@x", "Výtluk", "Jana.Svobodova@example.cz")
	informed.KeepInformed = true
	res, err := f.svc.Intake(ctx, informed)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Case.KeepInformed || res.Case.ReplyRequested {
		t.Errorf("case keep informed %v, reply requested %v; want true, false", res.Case.KeepInformed, res.Case.ReplyRequested)
	}
	ns := received(res.Case.ID)
	if len(ns) != 1 || ns[0].Kind != cases.NotifyReceived || ns[0].To != "jana.svobodova@example.cz" {
		t.Errorf("notifications of the informed sender's case = %+v, want the receipt to jana.svobodova@example.cz", ns)
	}
	quiet, err := f.svc.Intake(ctx, mailItem("msgid:quiet@x", "Lampa", "petr@example.cz"))
	if err != nil {
		t.Fatal(err)
	}
	if quiet.Case.KeepInformed || len(received(quiet.Case.ID)) != 0 {
		t.Errorf("a mailbox that does not inform senders: keep informed %v, notifications %d", quiet.Case.KeepInformed,
			len(received(quiet.Case.ID)))
	}
	anon := mailItem("msgid:anon@x", "Bez odesílatele", "")
	anon.KeepInformed = true
	res, err = f.svc.Intake(ctx, anon)
	if err != nil {
		t.Fatal(err)
	}
	if res.Case.KeepInformed || len(received(res.Case.ID)) != 0 {
		t.Errorf("no sender: keep informed %v, notifications %d; want none", res.Case.KeepInformed, len(received(res.Case.ID)))
	}
}
