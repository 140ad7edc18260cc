package imapintake

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/dovecottest"
)

// TestMailbox_Dovecot takes the MIME torture messages, an auto-reply, a
// bounce and a reply from a real Dovecot: the messages become cases with
// their original and attachments, the automatic ones none, the reply an
// activity on its case; everything leaves the inbox.
func TestMailbox_Dovecot(t *testing.T) {
	dc := dovecottest.Start(t, false)
	e := newEnv(t, t.TempDir(), 64<<10)
	ctx := context.Background()
	// The case the reply refers to, as if registered earlier.
	first, err := e.svc.Intake(ctx, cases.IntakeItem{Source: cases.SourceEmail, Subject: "Vaše zpráva",
		Description: "x", SenderEmail: "petr.novak@example.cz", Refs: []string{"test:first"}})
	if err != nil {
		t.Fatal(err)
	}
	torture := []string{"nested.eml", "windows1250.eml", "iso88592.eml", "unknowncharset.eml",
		"rfc2231.eml", "oversize.eml", "notext.eml", "brokenboundary.eml"}
	for _, f := range append(torture, "autoreply.eml", "bounce.eml") {
		dc.Deliver(t, "", load(t, f))
	}
	dc.Deliver(t, "", bytes.ReplaceAll(load(t, "reply.eml"), []byte("CASEID"), []byte(strconv.FormatInt(first.Case.ID, 10))))
	m, err := New(e.svc, Options{Name: "podatelna", Addr: dc.Addr, Security: SecurityPlain,
		Username: dovecottest.User, Password: dovecottest.Password, MoveTo: "Linka", SkippedTo: "Automaticke",
		Poll: 200 * time.Millisecond, MaxAttachment: 64 << 10, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	run(t, m)
	waitFor(t, "an empty inbox", 30*time.Second, func() bool { return dc.Count(t, "INBOX") == 0 })
	if got, want := dc.Count(t, "Linka"), len(torture)+1; got != want {
		t.Errorf("messages moved to Linka = %d, want %d", got, want)
	}
	if got := dc.Count(t, "Automaticke"); got != 2 {
		t.Errorf("messages moved to Automaticke = %d, want 2 (auto-reply, bounce)", got)
	}
	rows := e.cases(t)
	if len(rows) != len(torture)+1 {
		t.Fatalf("cases = %d, want %d (the torture messages and the first case)", len(rows), len(torture)+1)
	}
	bySubject := map[string]cases.CaseRow{}
	for _, r := range rows {
		bySubject[r.Subject] = r
		if r.Source != cases.SourceEmail || r.State != cases.StateNew {
			t.Errorf("case %q: source %s, state %s; want EMAIL, new", r.Subject, r.Source, r.State)
		}
	}
	checkCase(t, e, bySubject["Rozbitá lampa v ulici Dlouhá"], "Petr.Novak@Example.cz",
		[]string{"zprava.eml", "cast-1.png", "foto.pdf", "cast-3.eml"}, "nesvítí lampa")
	checkCase(t, e, bySubject["Žádost o opravu"], "", []string{"zprava.eml"}, "žluťoučký kůň")
	checkCase(t, e, bySubject["Prilohy s diakritikou"], "", []string{"zprava.eml", "žádost o kopii.pdf", "školní řád.txt", "příloha.txt"}, "Viz prilohy")
	over := bySubject["Velka priloha"]
	checkCase(t, e, over, "", []string{"maly.pdf"}, "velky.bin")
	hist, err := e.db.History(ctx, over.ID)
	if err != nil {
		t.Fatal(err)
	}
	var omitted []string
	for _, h := range hist {
		if h.Field == "attachment_omitted" {
			omitted = append(omitted, h.New)
		}
	}
	// The original message is over the 64 KiB limit too.
	if len(omitted) != 2 || !strings.Contains(strings.Join(omitted, " "), "velky.bin") {
		t.Errorf("omitted in history = %q, want velky.bin and zprava.eml", omitted)
	}
	checkCase(t, e, bySubject["Foto"], "", []string{"zprava.eml", "skladka.png"}, "nemá textovou část")
	checkCase(t, e, bySubject["Rozbita hranice"], "", []string{"zprava.eml", "scan.pdf"}, "rozbitou hranici")
	acts, err := e.db.Activities(ctx, first.Case.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 1 || !strings.Contains(acts[0].Description, "Doplnuji fotku") {
		t.Errorf("activities of the replied case = %+v, want the reply", acts)
	}
	st := m.Status()
	if st.Cases != int64(len(torture)) || st.Replies != 1 || st.Skipped != 2 || st.LastPoll.IsZero() || !st.Connected {
		t.Errorf("Status() = %+v, want %d cases, 1 reply, 2 skipped, polled and connected", st, len(torture))
	}
}

// checkCase checks a case's sender, attachments (a prefix of names in
// order, "" entries ignored) and description.
func checkCase(t *testing.T, e *env, r cases.CaseRow, email string, atts []string, text string) {
	t.Helper()
	if r.ID == 0 {
		t.Errorf("case with attachments %q missing", atts)
		return
	}
	ctx := context.Background()
	if email != "" {
		c, err := e.db.Contact(ctx, r.SubmitterID)
		if err != nil || c.Email != strings.ToLower(email) {
			t.Errorf("case %q submitter = %+v, %v; want %s", r.Subject, c, err, email)
		}
	}
	list, err := e.db.Attachments(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range list {
		got = append(got, a.Name)
	}
	if strings.Join(got, "|") != strings.Join(atts, "|") {
		t.Errorf("case %q attachments = %q, want %q", r.Subject, got, atts)
	}
	if !strings.Contains(r.Description, text) {
		t.Errorf("case %q description = %q, want it to contain %q", r.Subject, r.Description, text)
	}
	if r.ReceivedAt.IsZero() || time.Since(r.ReceivedAt) > time.Hour {
		t.Errorf("case %q received at %v, want the delivery time (just now)", r.Subject, r.ReceivedAt)
	}
}

// TestMailbox_UIDValidityChange keeps registered messages in the inbox
// (flag mode), then strips the flags and changes UIDVALIDITY, as a server
// migration would: every message looks new, and none is registered twice.
func TestMailbox_UIDValidityChange(t *testing.T) {
	dc := dovecottest.Start(t, false)
	e := newEnv(t, t.TempDir(), 0)
	for i := range 5 {
		dc.Deliver(t, "", simple(i, "Podnět "+strconv.Itoa(i)))
	}
	// Polling only (no IDLE), and flags instead of moving.
	opts := Options{Addr: dc.Addr, Security: SecurityPlain, Username: dovecottest.User,
		Password: dovecottest.Password, Poll: 100 * time.Millisecond, NoIdle: true, Logger: testLogger(t)}
	m, err := New(e.svc, opts)
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, m)
	waitFor(t, "connected", 10*time.Second, func() bool { return m.Status().Connected })
	if m.Status().Idle {
		t.Error("Status().Idle = true with NoIdle")
	}
	waitFor(t, "5 cases", 20*time.Second, func() bool { return e.total(t) == 5 })
	waitFor(t, "5 flagged", 20*time.Second, func() bool { return m.Status().Cases == 5 && flagged(t, dc) == 5 })
	stop()
	_, _, before := dc.Status(t, "INBOX")
	if _, err := dc.Doveadm("flags", "remove", "-u", dovecottest.User, `$LinkaDone \Seen`, "mailbox", "INBOX", "all"); err != nil {
		t.Fatal(err)
	}
	dc.SetUIDValidity(t, "INBOX", before+7)
	dc.Deliver(t, "", simple(99, "Nový po změně"))
	m2, err := New(e.svc, opts)
	if err != nil {
		t.Fatal(err)
	}
	run(t, m2)
	waitFor(t, "6 flagged", 20*time.Second, func() bool { return flagged(t, dc) == 6 })
	if n := e.total(t); n != 6 {
		t.Errorf("cases after the UIDVALIDITY change = %d, want 6 (no duplicates)", n)
	}
	if st := m2.Status(); st.Duplicates != 5 || st.Cases != 1 {
		t.Errorf("Status() = %+v, want 5 duplicates and 1 case", st)
	}
}

// flagged counts the inbox messages with $LinkaDone.
func flagged(t testing.TB, dc *dovecottest.Server) int {
	out, err := dc.Doveadm("search", "-u", dovecottest.User, "mailbox", "INBOX", "keyword", "$LinkaDone")
	if err != nil {
		t.Fatal(err)
	}
	return len(strings.Fields(out)) / 2
}

// TestMailbox_TLS logs in over implicit TLS and STARTTLS with a private CA
// and refuses a server it does not trust.
func TestMailbox_TLS(t *testing.T) {
	dc := dovecottest.Start(t, true)
	e := newEnv(t, t.TempDir(), 0)
	for i, c := range []struct {
		addr string
		sec  Security
	}{{dc.TLSAddr, SecurityTLS}, {dc.Addr, SecurityStartTLS}} {
		dc.Deliver(t, "", simple(i, "TLS "+string(c.sec)))
		m, err := New(e.svc, Options{Name: string(c.sec), Addr: c.addr, Security: c.sec, Username: dovecottest.User,
			Password: dovecottest.Password, MoveTo: "Linka", Poll: 100 * time.Millisecond, TLSConfig: dc.TLSConfig(), Logger: testLogger(t)})
		if err != nil {
			t.Fatal(err)
		}
		stop := run(t, m)
		waitFor(t, "case over "+string(c.sec), 20*time.Second, func() bool { return e.total(t) == i+1 })
		stop()
	}
	m, err := New(e.svc, Options{Addr: dc.TLSAddr, Username: dovecottest.User, Password: dovecottest.Password, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	run(t, m)
	waitFor(t, "a certificate error", 20*time.Second, func() bool {
		return strings.Contains(m.Status().LastError, "certificate")
	})
}

// TestMailbox_HugeMessage registers a message over MaxMessage from its
// header: the case exists, the whole message is recorded as omitted.
func TestMailbox_HugeMessage(t *testing.T) {
	dc := dovecottest.Start(t, false)
	e := newEnv(t, t.TempDir(), 0)
	dc.Deliver(t, "", load(t, "oversize.eml"))
	m, err := New(e.svc, Options{Addr: dc.Addr, Security: SecurityPlain, Username: dovecottest.User,
		Password: dovecottest.Password, MoveTo: "Linka", MaxMessage: 100 << 10, Poll: 100 * time.Millisecond, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	run(t, m)
	waitFor(t, "the message moved", 20*time.Second, func() bool { return dc.Count(t, "Linka") == 1 })
	rows := e.cases(t)
	if len(rows) != 1 || rows[0].Subject != "Velka priloha" || !strings.Contains(rows[0].Description, "zprava.eml") {
		t.Fatalf("cases = %+v, want one case naming the omitted message", rows)
	}
	if atts, _ := e.db.Attachments(context.Background(), rows[0].ID); len(atts) != 0 {
		t.Errorf("attachments = %+v, want none", atts)
	}
}
