package cases_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/store"
	"linka/internal/store/storetest"
)

// mailbox collects the access codes a Portal sends.
type mailbox struct {
	mu   sync.Mutex
	sent []cases.AccessCodeMail
}

func (m *mailbox) SendAccessCode(_ context.Context, mail cases.AccessCodeMail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, mail)
	return nil
}

// portalFixture is a Portal over a fresh SQLite store and blob directory.
type portalFixture struct {
	p    *cases.Portal
	svc  *cases.Service
	db   *store.DB
	now  time.Time
	mail *mailbox
	ctx  context.Context
}

func newPortalFixture(t testing.TB) *portalFixture {
	t.Helper()
	ctx := context.Background()
	st := storetest.SQLite(t)
	var err error
	db, blobs := st.DB, st.Blobs
	f := &portalFixture{db: db, now: time.Date(2026, 4, 2, 9, 30, 0, 0, time.UTC), mail: &mailbox{}, ctx: ctx}
	f.svc = cases.NewService(db, blobs, cases.Options{Now: func() time.Time { return f.now }, MaxAttachment: 1024})
	f.p, err = cases.NewPortal(f.svc, cases.PortalOptions{Store: db, Mailer: f.mail})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func upload(name, content string) cases.Upload {
	return cases.Upload{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }}
}

func (f *portalFixture) submit(t testing.TB, mod func(*cases.WebSubmission)) *cases.SubmitResult {
	t.Helper()
	in := cases.WebSubmission{Name: "Petr Novotný", Street: "nám. 6 dubna 56/789", City: "Praha", Postcode: "110 00",
		Phone: "560 987 654", Email: "Petr.Novotny@centrum.cz", Subject: "Parkování v ulici Nerudova",
		Text: "Auta stojí na chodníku.", KeepInformed: true, Key: "key-0123456789abcdef"}
	if mod != nil {
		mod(&in)
	}
	res, err := f.p.Submit(f.ctx, in)
	if err != nil {
		t.Fatalf("Submit = %v", err)
	}
	return res
}

func TestAccessCode_Format(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		code, err := cases.NewAccessCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(code) != 19 || strings.Count(code, "-") != 3 || strings.ContainsAny(code, "ILOU") {
			t.Fatalf("NewAccessCode() = %q, want XXXX-XXXX-XXXX-XXXX in Crockford base32", code)
		}
		if cases.NormalizeAccessCode(code) != strings.ReplaceAll(code, "-", "") {
			t.Fatalf("NormalizeAccessCode(%q) = %q", code, cases.NormalizeAccessCode(code))
		}
		if seen[code] {
			t.Fatalf("NewAccessCode() repeated %q", code)
		}
		seen[code] = true
	}
	for in, want := range map[string]string{
		"7kq2-m9xd-4hpa-0rtv":   "7KQ2M9XD4HPA0RTV",
		" 7KQ2 M9XD 4HPA ORTV ": "7KQ2M9XD4HPA0RTV", // O read as 0
		"iL00-0000-0000-0000":   "1100000000000000",
		"7KQ2-M9XD-4HPA":        "",
		"7KQ2-M9XD-4HPA-0RTV-1": "",
		"7KQ2-M9XD-4HPA-0RTU":   "", // U is not in the alphabet
		"7KQ2-M9XD-4HPA-0RTŠ":   "",
	} {
		if got := cases.NormalizeAccessCode(in); got != want {
			t.Errorf("NormalizeAccessCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPortal_SubmitAndSignIn(t *testing.T) {
	f := newPortalFixture(t)
	res := f.submit(t, func(in *cases.WebSubmission) {
		in.Files = []cases.Upload{upload("foto.txt", "hello"), upload("../../etc/x.txt", "second")}
	})
	c := res.Case
	if c.Source != cases.SourceWeb || !c.KeepInformed || c.SubmitterID == 0 || res.Code == "" || res.Repeated {
		t.Fatalf("Submit = %+v, want a WEB case kept informed, with a submitter and a code", res)
	}
	atts, err := f.db.Attachments(f.ctx, c.ID)
	if err != nil || len(atts) != 2 || atts[1].Name != "x.txt" {
		t.Errorf("attachments = %+v, %v; want 2, the second named x.txt", atts, err)
	}
	sub, err := f.db.Contact(f.ctx, c.SubmitterID)
	if err != nil || sub.Email != "petr.novotny@centrum.cz" || sub.LastName != "Novotný" || sub.Address.Postcode != "11000" {
		t.Errorf("submitter = %+v, %v", sub, err)
	}

	// The same form again: the same case and the same code, which works.
	again := f.submit(t, nil)
	if again.Case.ID != c.ID || !again.Repeated || again.Code != res.Code {
		t.Errorf("second Submit = %+v, want the same case, Repeated, the same code %s", again, res.Code)
	}
	if strings.Contains(c.SourceRef, "key-0123456789abcdef") {
		t.Errorf("SourceRef = %q holds the form's secret key", c.SourceRef)
	}
	secret, _, err := f.p.SignIn(f.ctx, " "+c.Number+" ", strings.ToLower(again.Code), "192.0.2.1")
	if err != nil {
		t.Fatalf("SignIn(right code) = %v", err)
	}
	v, err := f.p.View(f.ctx, secret)
	if err != nil || v.Number != c.Number || v.State != cases.StateNew || len(v.History) != 1 {
		t.Fatalf("View = %+v, %v; want the case with its one public history row", v, err)
	}

	// A new case from the same e-mail address is matched to the contact.
	other := f.submit(t, func(in *cases.WebSubmission) { in.Key = "key-other-0123456789"; in.Name = "P. Novotný" })
	if other.Case.SubmitterID != c.SubmitterID || !strings.Contains(other.Case.Description, "Jméno: P. Novotný") {
		t.Errorf("second submission = %+v, want the same contact and the typed name in the text", other.Case)
	}

	// Signing out ends the session; the session also expires.
	if err := f.p.SignOut(f.ctx, secret); err != nil {
		t.Fatal(err)
	}
	if _, err := f.p.View(f.ctx, secret); cases.ErrorCode(err) != cases.EUnauthorized {
		t.Errorf("View after sign-out = %v, want unauthorized", err)
	}
	secret, _, _ = f.p.SignIn(f.ctx, c.Number, again.Code, "192.0.2.1")
	f.now = f.now.Add(f.p.SessionTTL())
	if _, err := f.p.View(f.ctx, secret); cases.ErrorCode(err) != cases.EUnauthorized {
		t.Errorf("View after the session's lifetime = %v, want unauthorized", err)
	}
	// The code itself expires.
	f.now = f.now.Add(f.p.CodeTTL())
	_, _, err = f.p.SignIn(f.ctx, c.Number, again.Code, "192.0.2.1")
	if cases.ErrorCode(err) != cases.EUnauthorized || !strings.Contains(err.Error(), "expired") {
		t.Errorf("SignIn(expired code) = %v, want unauthorized: expired", err)
	}
}

func TestPortal_SubmitRefusals(t *testing.T) {
	f := newPortalFixture(t)
	big := strings.Repeat("x", 2000) // MaxAttachment is 1024
	for name, tc := range map[string]struct {
		mod   func(*cases.WebSubmission)
		code  string
		field string
	}{
		"no contact":          {func(in *cases.WebSubmission) { in.Email, in.Phone, in.KeepInformed = "", "", false }, cases.EInvalid, "email"},
		"informed, no e-mail": {func(in *cases.WebSubmission) { in.Email = "" }, cases.EInvalid, "email"},
		"no name":             {func(in *cases.WebSubmission) { in.Name = " " }, cases.EInvalid, "name"},
		"no text":             {func(in *cases.WebSubmission) { in.Text = "" }, cases.EInvalid, "text"},
		"bad key":             {func(in *cases.WebSubmission) { in.Key = "short" }, cases.EInvalid, "form"},
		"bad postcode":        {func(in *cases.WebSubmission) { in.Postcode = "12" }, cases.EInvalid, "postcode"},
		"oversized file": {func(in *cases.WebSubmission) {
			in.Files = []cases.Upload{upload("a.txt", "ok"), upload("big.txt", big)}
		}, cases.ETooLarge, "attachments"},
		"empty file": {func(in *cases.WebSubmission) { in.Files = []cases.Upload{upload("a.txt", "")} }, cases.EInvalid, "attachments"},
	} {
		t.Run(name, func(t *testing.T) {
			in := cases.WebSubmission{Name: "Jana Nová", Email: "jana@example.cz", Subject: "S", Text: "T",
				KeepInformed: true, Key: "key-0123456789abcdef"}
			tc.mod(&in)
			_, err := f.p.Submit(f.ctx, in)
			if cases.ErrorCode(err) != tc.code || cases.ErrorField(err) != tc.field {
				t.Errorf("Submit = %v, want %s on %s", err, tc.code, tc.field)
			}
		})
	}
	page, err := f.db.ListCases(f.ctx, cases.CaseFilter{Limit: 10, Sort: "-received_at", Scope: cases.Scope{All: true}})
	if err != nil || page.Total != 0 {
		t.Errorf("cases after refused submissions = %d, %v; want none", page.Total, err)
	}
}

func TestPortal_WrongCodesLockOut(t *testing.T) {
	f := newPortalFixture(t)
	res := f.submit(t, nil)
	number := res.Case.Number
	wrong := "0000-0000-0000-0000"
	// An unknown case number and a wrong code give the same error.
	_, _, errUnknown := f.p.SignIn(f.ctx, "99999", wrong, "192.0.2.7")
	_, _, errWrong := f.p.SignIn(f.ctx, number, wrong, "192.0.2.8")
	if errUnknown == nil || errWrong == nil || errUnknown.Error() != errWrong.Error() {
		t.Errorf("SignIn(unknown) = %v, SignIn(wrong) = %v; want the same error", errUnknown, errWrong)
	}
	// Further wrong codes for the case, from different addresses: after the
	// free attempts each must wait, growing, then the case is locked.
	var waits []time.Duration
	for i := 0; i < 40; i++ {
		_, _, err := f.p.SignIn(f.ctx, number, wrong, "198.51.100."+string(rune('a'+i)))
		var te *cases.ThrottledError
		if errors.As(err, &te) {
			waits = append(waits, te.Until.Sub(f.now))
			f.now = te.Until // wait as told, then try again
			if te.Locked {
				break
			}
		}
	}
	if len(waits) < 3 || waits[1] <= waits[0] || waits[len(waits)-1] != time.Hour {
		t.Fatalf("waits = %v, want growing delays ending in a one-hour lockout", waits)
	}
	// During a lockout even the right code is refused…
	f.now = f.now.Add(-time.Minute)
	if _, _, err := f.p.SignIn(f.ctx, number, res.Code, "203.0.113.1"); !isThrottled(err) {
		t.Errorf("SignIn(right code, locked) = %v, want throttled", err)
	}
	// A clerk's new code lifts the lockout.
	clerk := &cases.User{ID: 0, Login: "system", Name: "Linka", Roles: []cases.Role{cases.RoleClerk}, Active: true}
	code, _, err := f.p.IssueAccessCode(f.ctx, clerk, number)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.p.SignIn(f.ctx, number, code, "203.0.113.1"); err != nil {
		t.Errorf("SignIn(new code after lockout) = %v", err)
	}
}

func isThrottled(err error) bool {
	var te *cases.ThrottledError
	return errors.As(err, &te)
}

func TestPortal_IPLimit(t *testing.T) {
	f := newPortalFixture(t)
	var err error
	for i := 0; i < 40 && !isThrottled(err); i++ {
		_, _, err = f.p.SignIn(f.ctx, "N"+string(rune('A'+i)), "0000-0000-0000-0000", "192.0.2.99")
	}
	if !isThrottled(err) {
		t.Fatalf("SignIn from one address for many cases = %v, want throttled", err)
	}
	if _, _, err := f.p.SignIn(f.ctx, "NX", "0000-0000-0000-0000", "192.0.2.100"); isThrottled(err) {
		t.Errorf("SignIn from another address = %v, want not throttled", err)
	}
}

func TestPortal_RequestAccessCode(t *testing.T) {
	f := newPortalFixture(t)
	res := f.submit(t, nil)
	if err := f.p.RequestAccessCode(f.ctx, res.Case.Number, "someone@else.cz", "192.0.2.1", "en"); err != nil {
		t.Fatal(err)
	}
	if err := f.p.RequestAccessCode(f.ctx, "424242", "petr.novotny@centrum.cz", "192.0.2.1", "en"); err != nil {
		t.Fatal(err)
	}
	f.p.Wait()
	if len(f.mail.sent) != 0 {
		t.Fatalf("mails after requests with a wrong address or case = %+v, want none", f.mail.sent)
	}
	if err := f.p.RequestAccessCode(f.ctx, res.Case.Number, " PETR.novotny@centrum.cz", "192.0.2.2", "en"); err != nil {
		t.Fatal(err)
	}
	f.p.Wait()
	if len(f.mail.sent) != 1 || f.mail.sent[0].To != "petr.novotny@centrum.cz" || f.mail.sent[0].Lang != "en" {
		t.Fatalf("mails = %+v, want one to the address on record in English", f.mail.sent)
	}
	if _, _, err := f.p.SignIn(f.ctx, res.Case.Number, f.mail.sent[0].Code, "192.0.2.2"); err != nil {
		t.Errorf("SignIn(mailed code) = %v", err)
	}
	// Requests per case are limited.
	var err error
	for i := 0; i < 10 && !isThrottled(err); i++ {
		err = f.p.RequestAccessCode(f.ctx, res.Case.Number, "x@example.cz", "192.0.2."+string(rune('a'+i)), "cs")
	}
	if !isThrottled(err) {
		t.Errorf("many code requests for one case = %v, want throttled", err)
	}
	f.p.Wait()
}

func TestPublicHistory_HidesInternalRows(t *testing.T) {
	hist := []cases.HistoryEntry{
		{Field: "state", New: "assigned", Public: true, UserID: 7},
		{Field: "department", New: "Doprava", Public: true},
		{Field: "activity", New: "internal note", Public: true}, // marked public by mistake
		{Field: "handled_by", New: "Adam Jonáš", Public: false},
		{Field: "description", New: "x", Public: false},
	}
	got := cases.PublicHistory(hist)
	if len(got) != 2 || got[0].Field != "state" || got[0].UserID != 0 || got[1].Field != "department" {
		t.Errorf("PublicHistory = %+v, want the state and department rows without the user", got)
	}
}

// BenchmarkPortal_SignIn compares a wrong code for an existing case with
// an unknown case number: the same work, so the times should match
// (docs/performance.md). The throttles are set out of the way.
func BenchmarkPortal_SignIn(b *testing.B) {
	f := newPortalFixture(b)
	loose := cases.ThrottlePolicy{Free: 1 << 30, LockAfter: 1 << 30, Base: time.Second, Lock: time.Hour, Window: time.Hour}
	p, err := cases.NewPortal(f.svc, cases.PortalOptions{Store: f.db, CaseLimit: loose, IPLimit: loose})
	if err != nil {
		b.Fatal(err)
	}
	f.p = p
	res := f.submit(b, nil)
	for _, bc := range []struct{ name, number string }{{"wrong_code", res.Case.Number}, {"unknown_case", "999999"}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := p.SignIn(f.ctx, bc.number, "0000-0000-0000-0000", "192.0.2.1"); cases.ErrorCode(err) != cases.EUnauthorized {
					b.Fatal(err)
				}
			}
		})
	}
}
