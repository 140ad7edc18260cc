package cases_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// outbox returns every notification in the outbox, oldest first.
func (f *fixture) outbox(t *testing.T) []cases.Notification {
	t.Helper()
	ns, _, err := f.svc.Notifications(context.Background(), f.super, cases.NotificationFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(ns)-1; i < j; i, j = i+1, j-1 {
		ns[i], ns[j] = ns[j], ns[i]
	}
	return ns
}

func kinds(ns []cases.Notification) string {
	var out []string
	for _, n := range ns {
		out = append(out, string(n.Kind)+"/"+n.Lang)
	}
	return strings.Join(out, " ")
}

func TestService_Notifications_CaseChanges(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	informed := f.create(t, cases.CaseInput{KeepInformed: true, Language: "en", NewSubmitter: &cases.Contact{
		FirstName: "Petr", LastName: "Novotný", Email: "Petr.Novotny@example.cz"}})
	f.create(t, cases.CaseInput{KeepInformed: false, NewSubmitter: &cases.Contact{LastName: "Tichý", Email: "t@example.cz"}})
	f.create(t, cases.CaseInput{KeepInformed: true, NewSubmitter: &cases.Contact{LastName: "Bez e-mailu", Phone: "560987654"}})
	f.create(t, cases.CaseInput{KeepInformed: true}) // anonymous
	ns := f.outbox(t)
	if kinds(ns) != "received/en" || ns[0].To != "petr.novotny@example.cz" || ns[0].CaseID != informed.ID {
		t.Fatalf("outbox after creating = %q %+v, want one received/en to petr.novotny@example.cz", kinds(ns), ns)
	}

	v := informed.Version
	upd := func(p cases.CasePatch) {
		t.Helper()
		c, err := f.svc.UpdateCase(ctx, f.super, informed.Number, v, p)
		if err != nil {
			t.Fatalf("UpdateCase: %v", err)
		}
		v = c.Version
	}
	dep := f.dop
	upd(cases.CasePatch{DepartmentID: &dep, AssignedTo: &f.official.ID})
	inv := f.inv
	upd(cases.CasePatch{DepartmentID: &inv})
	later := workdays.NewDate(2026, 7, 1)
	upd(cases.CasePatch{DueDate: &later})
	waiting, missing := cases.StateWaiting, "A photo of the place"
	upd(cases.CasePatch{State: &waiting, Outcome: &missing})
	// The citizen opts out for a while: a handover sends nothing.
	no, yes := false, true
	upd(cases.CasePatch{KeepInformed: &no})
	upd(cases.CasePatch{DepartmentID: &dep})
	upd(cases.CasePatch{KeepInformed: &yes})
	rejected, reason := cases.StateRejected, "Not the office's matter"
	upd(cases.CasePatch{State: &rejected, Outcome: &reason})
	subj := "Changed subject only"
	// A stale version writes neither the change nor a notification.
	if _, err := f.svc.UpdateCase(ctx, f.super, informed.Number, v-1, cases.CasePatch{Subject: &subj}); cases.ErrorCode(err) != cases.EConflict {
		t.Fatalf("stale UpdateCase = %v, want conflict", err)
	}
	ns = f.outbox(t)
	want := "received/en accepted/en handed_over/en deadline_extended/en waiting/en rejected/en"
	if kinds(ns) != want {
		t.Fatalf("outbox = %q, want %q", kinds(ns), want)
	}
	if d := ns[1].Data; d.Department != "Doprava" || d.Number != informed.Number {
		t.Errorf("accepted data = %+v, want Doprava and the number", d)
	}
	if d := ns[3].Data; d.DueDate != "01.07.2026" {
		t.Errorf("deadline_extended data = %+v, want due 01.07.2026", d)
	}
	if ns[4].Data.Missing != missing || ns[5].Data.Reason != reason {
		t.Errorf("waiting/rejected data = %+v / %+v", ns[4].Data, ns[5].Data)
	}
}

func TestNotificationTemplates_Defaults(t *testing.T) {
	for _, k := range cases.NotificationKinds() {
		for _, lang := range cases.Languages {
			tpl := cases.DefaultNotificationTemplate(k, lang)
			if err := tpl.Validate(); err != nil {
				t.Errorf("default %s/%s: %v", k, lang, err)
				continue
			}
			d := cases.SampleData(k, lang)
			d.Subject = `<script>alert("x")</script> & co`
			r, err := tpl.Render(d)
			if err != nil {
				t.Errorf("Render %s/%s: %v", k, lang, err)
				continue
			}
			if strings.Contains(r.HTML, "<script>") {
				t.Errorf("%s/%s: the HTML part does not escape the data:\n%s", k, lang, r.HTML)
			}
			if k != cases.NotifyGeneric && !strings.Contains(r.Subject+r.Text, d.Number) {
				t.Errorf("%s/%s: the mail does not name the case number:\n%s\n%s", k, lang, r.Subject, r.Text)
			}
			if k == cases.NotifyReceived && !strings.Contains(r.HTML, `<a href="https://podnety.example.cz/status/2026-8620">`) {
				t.Errorf("%s/%s: no link to the status page in the HTML part:\n%s", k, lang, r.HTML)
			}
		}
	}
	// Without a public address (no -smtp-public-url) no sentence points nowhere.
	rec := cases.DefaultNotificationTemplate(cases.NotifyReceived, "cs")
	d := cases.SampleData(cases.NotifyReceived, "cs")
	d.StatusURL = ""
	if r, err := rec.Render(d); err != nil || strings.Contains(r.Text, "sledovat") || strings.Contains(r.HTML, "<a ") {
		t.Errorf("received without a status URL = %q, %v", r.Text, err)
	}
	rej := cases.DefaultNotificationTemplate(cases.NotifyRejected, "cs")
	r, _ := rej.Render(cases.SampleData(cases.NotifyRejected, "cs"))
	if !strings.Contains(r.Text, "Je nutné místní šetření.") || !strings.Contains(r.Subject, "odmítnut") {
		t.Errorf("Czech rejection = %q / %q", r.Subject, r.Text)
	}
}

func TestService_NotificationTemplates_Edit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tpl, err := f.svc.NotificationTemplate(ctx, f.admin, cases.NotifyReceived, "cs")
	if err != nil || tpl.Custom {
		t.Fatalf("NotificationTemplate = %+v, %v; want the default", tpl, err)
	}
	tpl.Subject = "Přijato: {{.Number}}"
	tpl.HTML = "<p>{{.Subject}}</p>"
	if err := f.svc.SaveNotificationTemplate(ctx, f.super, tpl); cases.ErrorCode(err) != cases.EForbidden {
		t.Errorf("a supervisor saves a template: %v, want forbidden", err)
	}
	for _, bad := range []cases.NotificationTemplate{
		{Kind: "nosuch", Lang: "cs", Subject: "x", Text: "x"},
		{Kind: cases.NotifyReceived, Lang: "de", Subject: "x", Text: "x"},
		{Kind: cases.NotifyReceived, Lang: "cs", Subject: "{{.Number", Text: "x"},
		{Kind: cases.NotifyReceived, Lang: "cs", Subject: "x", Text: "{{.NoSuchField}}"},
		{Kind: cases.NotifyReceived, Lang: "cs", Subject: "x", Text: ""},
	} {
		if err := f.svc.SaveNotificationTemplate(ctx, f.admin, bad); cases.ErrorCode(err) != cases.EInvalid {
			t.Errorf("Save(%+v) = %v, want invalid", bad, err)
		}
	}
	if err := f.svc.SaveNotificationTemplate(ctx, f.admin, tpl); err != nil {
		t.Fatal(err)
	}
	prev, err := f.svc.PreviewNotificationTemplate(ctx, f.admin, tpl)
	if err != nil || prev.Subject != "Přijato: 2026-8620" || !strings.Contains(prev.HTML, "Nerudova") {
		t.Errorf("Preview = %+v, %v", prev, err)
	}
	c := f.create(t, cases.CaseInput{KeepInformed: true, NewSubmitter: &cases.Contact{LastName: "N", Email: "n@example.cz"}})
	n := f.outbox(t)[0]
	r, err := f.svc.RenderNotification(ctx, &n, func(num string) string { return "https://x/" + num }, "")
	if err != nil || r.Subject != "Přijato: "+c.Number {
		t.Errorf("RenderNotification = %+v, %v; want the admin's subject", r, err)
	}
	if err := f.svc.ResetNotificationTemplate(ctx, f.admin, cases.NotifyReceived, "cs"); err != nil {
		t.Fatal(err)
	}
	if tpl, _ := f.svc.NotificationTemplate(ctx, f.admin, cases.NotifyReceived, "cs"); tpl.Custom {
		t.Error("after Reset the template is still the admin's")
	}
}

// recorder is a Sender that fails as told and records what it was given.
type recorder struct {
	mu   sync.Mutex
	fail func(n int) error // the error of the n-th call (from 1)
	got  []*cases.OutgoingMail
}

func (r *recorder) Send(_ context.Context, m *cases.OutgoingMail) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, m)
	if r.fail != nil {
		return r.fail(len(r.got))
	}
	return nil
}

func TestOutbox_RetryAndGiveUp(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	rec := &recorder{fail: func(n int) error {
		switch n {
		case 1, 2:
			return errors.New("421 try later")
		case 3:
			return cases.PermanentFailure(errors.New("550 no such user"))
		}
		return nil
	}}
	ob, err := cases.NewOutbox(f.svc, cases.OutboxOptions{Sender: rec, From: "Úřad <podnety@urad.example.cz>",
		Domain: "urad.example.cz", MaxAttempts: 5, StatusURL: func(n string) string { return "https://podnety/" + n }})
	if err != nil {
		t.Fatal(err)
	}
	c := f.create(t, cases.CaseInput{KeepInformed: true, NewSubmitter: &cases.Contact{LastName: "N", Email: "n@example.cz"}})
	step := func(wantClaimed int) cases.Notification {
		t.Helper()
		if n, err := ob.SendDue(ctx); err != nil || n != wantClaimed {
			t.Fatalf("SendDue = %d, %v; want %d", n, err, wantClaimed)
		}
		return f.outbox(t)[0]
	}
	n := step(1)
	if n.State != cases.NotificationPending || n.Attempts != 1 || !n.NextAttemptAt.Equal(f.now.Add(30*time.Second)) || n.LastError != "421 try later" {
		t.Fatalf("after a 4xx: %+v, want pending, retried in 30 s", n)
	}
	step(0) // not due yet
	f.now = f.now.Add(30 * time.Second)
	if n = step(1); !n.NextAttemptAt.Equal(f.now.Add(time.Minute)) {
		t.Fatalf("after the second 4xx: next attempt %v, want in 1 minute", n.NextAttemptAt)
	}
	f.now = f.now.Add(time.Minute)
	if n = step(1); n.State != cases.NotificationFailed || n.LastError != "550 no such user" {
		t.Fatalf("after a 5xx: %+v, want failed", n)
	}
	if err := f.svc.RetryNotification(ctx, f.official, n.ID); cases.ErrorCode(err) != cases.EForbidden {
		t.Errorf("an official retries: %v, want forbidden", err)
	}
	if err := f.svc.RetryNotification(ctx, f.super, n.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RetryNotification(ctx, f.super, n.ID); cases.ErrorCode(err) != cases.EConflict {
		t.Errorf("retrying a pending notification: %v, want conflict", err)
	}
	if n = step(1); n.State != cases.NotificationSent || !n.SentAt.Equal(f.now) {
		t.Fatalf("after the retry: %+v, want sent", n)
	}
	ids := map[string]bool{}
	for _, m := range rec.got {
		ids[m.MessageID] = true
	}
	want := cases.MessageID(n.ID, c.ID, "urad.example.cz")
	if len(rec.got) != 4 || len(ids) != 1 || !ids[want] {
		t.Errorf("sent %d times with Message-IDs %v, want 4 times %s", len(rec.got), ids, want)
	}
	m := rec.got[3]
	if !strings.Contains(m.Text, "https://podnety/"+c.Number) || m.Subject == "" || m.HTML == "" || m.To != "n@example.cz" {
		t.Errorf("mail = %+v", m)
	}
	counts, _ := f.svc.NotificationCounts(ctx, f.admin)
	if counts[cases.NotificationSent] != 1 {
		t.Errorf("counts = %v", counts)
	}
}

func TestOutbox_MaxAttempts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	rec := &recorder{fail: func(int) error { return errors.New("connection refused") }}
	ob, _ := cases.NewOutbox(f.svc, cases.OutboxOptions{Sender: rec, From: "p@u.cz", Domain: "u.cz", MaxAttempts: 3,
		Backoff: func(int) time.Duration { return time.Second }})
	if err := f.svc.QueueMail(ctx, cases.Mail{To: []string{"boss@urad.example.cz"}, Subject: "Úkoly k vyřízení", Text: "3 podněty"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := ob.SendDue(ctx); err != nil {
			t.Fatal(err)
		}
		f.now = f.now.Add(time.Second)
	}
	n := f.outbox(t)[0]
	if n.State != cases.NotificationFailed || n.Attempts != 3 || n.Kind != cases.NotifyGeneric {
		t.Errorf("after 3 failed attempts: %+v, want failed", n)
	}
	if got := rec.got[0]; got.Subject != "Úkoly k vyřízení" || !strings.Contains(got.Text, "3 podněty") || got.CaseID != 0 {
		t.Errorf("generic mail = %+v", got)
	}
}

func TestService_QueueMailAndAccessCode(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, bad := range []cases.Mail{{Subject: "x"}, {To: []string{"not-an-address"}, Subject: "x"},
		{To: []string{"a@b.cz"}}, {To: []string{"a@b.cz"}, Subject: "x", Lang: "de"}} {
		if err := f.svc.QueueMail(ctx, bad); cases.ErrorCode(err) != cases.EInvalid {
			t.Errorf("QueueMail(%+v) = %v, want invalid", bad, err)
		}
	}
	if err := f.svc.QueueMail(ctx, cases.Mail{To: []string{"a@b.cz", "c@d.cz"}, Subject: "Report", Text: "x",
		HTML: "<table><tr><td>8620</td></tr></table>", Attachments: []cases.MailAttachment{
			{Name: "report.csv", ContentType: "text/csv", Content: strings.NewReader("a;b\n")},
			{Name: "report.txt", Content: strings.NewReader("plain")}}}); err != nil {
		t.Fatal(err)
	}
	anon := f.create(t, cases.CaseInput{})
	if err := f.svc.SendAccessCode(ctx, anon.Number, "ABC", ""); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("SendAccessCode without an e-mail = %v, want invalid", err)
	}
	c := f.create(t, cases.CaseInput{Language: "en", NewSubmitter: &cases.Contact{LastName: "N", Email: "n@example.cz"}})
	if err := f.svc.SendAccessCode(ctx, c.Number, "K7M4", ""); err != nil {
		t.Fatal(err)
	}
	// The portal's mailer gives the address on record and the expiry.
	if err := f.svc.QueueAccessCode(ctx, cases.AccessCodeMail{CaseNumber: c.Number, To: "jiny@example.cz", Code: "Q2XP",
		Lang: "cs", ExpiresAt: time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SendAccessCode(ctx, "999", "K7M4", "cs"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("SendAccessCode of a missing case = %v, want not found", err)
	}
	ns := f.outbox(t)
	if kinds(ns) != "generic/cs generic/cs access_code/en access_code/cs" || ns[2].Data.Code != "K7M4" || len(ns[0].Data.Attachments) != 2 {
		t.Errorf("outbox = %q %+v", kinds(ns), ns)
	}
	if n := ns[3]; n.To != "jiny@example.cz" || n.Data.Expires != "01.07.2026" {
		t.Errorf("the portal's code = %+v", n)
	}
	rec := &recorder{}
	ob, _ := cases.NewOutbox(f.svc, cases.OutboxOptions{Sender: rec, From: "p@u.cz", Domain: "u.cz"})
	if n, err := ob.SendDue(ctx); err != nil || n != 4 {
		t.Fatalf("SendDue = %d, %v", n, err)
	}
	if m := rec.got[3]; !strings.Contains(m.Text, "Kód platí do 01.07.2026.") || !strings.Contains(m.Text, "Q2XP") {
		t.Errorf("the access-code mail = %q", m.Text)
	}
	m := rec.got[0]
	if len(m.Attachments) != 2 || m.Attachments[0].Name != "report.csv" || m.Attachments[1].ContentType != "application/octet-stream" {
		t.Errorf("attachments = %+v", m.Attachments)
	}
	if m.HTML != "<table><tr><td>8620</td></tr></table>" || !strings.Contains(m.Text, "x") {
		t.Errorf("a mail with its own HTML = %q / %q", m.HTML, m.Text)
	}
}

func TestMessageID(t *testing.T) {
	id := cases.MessageID(42, 7, "urad.example.cz")
	if id != "<linka.42.7@urad.example.cz>" {
		t.Fatalf("MessageID = %s", id)
	}
	if n, c, ok := cases.ParseMessageID(id, "urad.example.cz"); !ok || n != 42 || c != 7 {
		t.Errorf("ParseMessageID(%s) = %d, %d, %v", id, n, c, ok)
	}
	for _, bad := range []string{"<linka.42.7@other.cz>", "<x.42.7@urad.example.cz>", "<linka.a.7@urad.example.cz>", "linka.42@urad.example.cz"} {
		if _, _, ok := cases.ParseMessageID(bad, "urad.example.cz"); ok {
			t.Errorf("ParseMessageID(%s) ok", bad)
		}
	}
}
