package gomail_test

import (
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/cases/gomail"
	"linka/cases/gomail/sinktest"
	"linka/internal/dovecottest"
)

// sample is a mail as the outbox hands it over.
func sample() *cases.OutgoingMail {
	return &cases.OutgoingMail{NotificationID: 42, CaseID: 7, MessageID: cases.MessageID(42, 7, "urad.example.cz"),
		From: "Městský úřad <podnety@urad.example.cz>", To: "petr.novotny@example.cz",
		Date: time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC), Lang: "cs",
		Subject: "Podnět č. 2026-8620 byl přijat – žluťoučký kůň",
		Text:    "Dobrý den,\n\nváš podnět byl přijat.\n",
		HTML:    "<p>Dobrý den,</p><p>váš podnět byl <b>přijat</b>.</p>"}
}

func sender(t *testing.T, s *sinktest.Sink) *gomail.SMTP {
	t.Helper()
	smtp, err := gomail.NewSMTP(gomail.Options{Host: "127.0.0.1", Port: s.Port, TLS: gomail.TLSNone, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return smtp
}

func TestSMTP_Deliver(t *testing.T) {
	s := sinktest.Start(t)
	if err := sender(t, s).Send(context.Background(), sample()); err != nil {
		t.Fatalf("Send = %v", err)
	}
	ms := s.Wait(t, 1)
	if len(ms) != 1 {
		t.Fatalf("smtp-sink wrote %d messages, want 1", len(ms))
	}
	checkSample(t, ms[0].Msg)
	if !strings.Contains(string(ms[0].Raw), "petr.novotny@example.cz") {
		t.Errorf("the dump names no recipient:\n%s", ms[0].Raw)
	}
}

// checkSample checks the headers and both parts of sample() as received.
func checkSample(t *testing.T, m *mail.Message) {
	t.Helper()
	want := sample()
	h := m.Header
	dec := new(mime.WordDecoder)
	subj, err := dec.DecodeHeader(h.Get("Subject"))
	if err != nil || subj != want.Subject {
		t.Errorf("Subject = %q (%v), want %q", subj, err, want.Subject)
	}
	if got := h.Get("Message-Id"); got != "<linka.42.7@urad.example.cz>" {
		t.Errorf("Message-ID = %q, want <linka.42.7@urad.example.cz>", got)
	}
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Address != "podnety@urad.example.cz" || from[0].Name != "Městský úřad" {
		t.Errorf("From = %v (%v), want Městský úřad <podnety@urad.example.cz>", from, err)
	}
	if got := h.Get("To"); !strings.Contains(got, "petr.novotny@example.cz") {
		t.Errorf("To = %q", got)
	}
	if h.Get("Content-Language") != "cs" || h.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("Content-Language = %q, Auto-Submitted = %q", h.Get("Content-Language"), h.Get("Auto-Submitted"))
	}
	if d, err := h.Date(); err != nil || !d.Equal(want.Date) {
		t.Errorf("Date = %v (%v), want %v", d, err, want.Date)
	}
	parts := readParts(t, m)
	if got := parts["text/plain"]; got != want.Text && got != strings.TrimSuffix(want.Text, "\n") {
		t.Errorf("text/plain part = %q, want %q", got, want.Text)
	}
	if got := parts["text/html"]; got != want.HTML {
		t.Errorf("text/html part = %q, want %q", got, want.HTML)
	}
}

// readParts decodes a multipart/alternative message into its parts by
// media type.
func readParts(t *testing.T, m *mail.Message) map[string]string {
	t.Helper()
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative", m.Header.Get("Content-Type"), err)
	}
	out := map[string]string{}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		pt, pp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if strings.ToLower(pp["charset"]) != "utf-8" {
			t.Errorf("part %s charset = %q, want UTF-8", pt, pp["charset"])
		}
		b, _ := io.ReadAll(p)
		out[pt] = strings.ReplaceAll(string(b), "\r\n", "\n")
	}
}

func TestSMTP_Failures(t *testing.T) {
	for _, tt := range []struct {
		name      string
		args      []string
		permanent bool
	}{
		{"4xx after the data", []string{"-r", "."}, false},
		{"4xx to RCPT", []string{"-r", "RCPT"}, false},
		{"5xx after the data", []string{"-f", "."}, true},
		{"5xx to RCPT", []string{"-f", "RCPT"}, true},
		{"5xx to MAIL", []string{"-f", "MAIL"}, true},
		{"dropped after the final dot", []string{"-q", "."}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := sinktest.Start(t, tt.args...)
			err := sender(t, s).Send(context.Background(), sample())
			if err == nil {
				t.Fatal("Send = nil, want an error")
			}
			if got := cases.IsPermanent(err); got != tt.permanent {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, got, tt.permanent)
			}
		})
	}
}

func TestSMTP_Refused(t *testing.T) {
	smtp, err := gomail.NewSMTP(gomail.Options{Host: "127.0.0.1", Port: sinktest.FreePort(t), TLS: gomail.TLSNone, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = smtp.Send(context.Background(), sample())
	if err == nil || cases.IsPermanent(err) {
		t.Errorf("Send to a closed port = %v, want a temporary error", err)
	}
}

func TestSMTP_StartTLSRequired(t *testing.T) {
	// smtp-sink offers no STARTTLS: a sender that requires it must not
	// send in plain text.
	s := sinktest.Start(t)
	smtp, err := gomail.NewSMTP(gomail.Options{Host: "127.0.0.1", Port: s.Port, TLS: gomail.TLSStartTLS, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := smtp.Send(context.Background(), sample()); err == nil {
		t.Fatal("Send with STARTTLS required to a server without it = nil, want an error")
	}
	if n := len(s.Messages(t)); n != 0 {
		t.Errorf("smtp-sink received %d messages in plain text, want 0", n)
	}
}

func TestOptions_Validate(t *testing.T) {
	for _, o := range []gomail.Options{{}, {Host: "x", Port: 70000}, {Host: "x", TLS: "ssl3"}} {
		if err := o.Validate(); err == nil {
			t.Errorf("Validate(%+v) = nil, want an error", o)
		}
	}
}

func TestFolder(t *testing.T) {
	dir := t.TempDir()
	f, err := gomail.NewFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < 2; i++ { // a repeat replaces the file
		if err := f.Send(ctx, sample()); err != nil {
			t.Fatal(err)
		}
	}
	files, err := f.List(ctx, 0)
	if err != nil || len(files) != 1 {
		t.Fatalf("List = %v, %v; want one file", files, err)
	}
	mf := files[0]
	if mf.Name != "linka-00000042.eml" || mf.MessageID != "<linka.42.7@urad.example.cz>" || mf.Subject != sample().Subject ||
		mf.To != "petr.novotny@example.cz" {
		t.Errorf("List = %+v", mf)
	}
	r, err := f.Open(ctx, mf.Name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	m, err := mail.ReadMessage(r)
	if err != nil {
		t.Fatal(err)
	}
	checkSample(t, m)
	for _, bad := range []string{"../x.eml", "linka-1.eml/..", "x.eml", "linka-.eml", "linka-99.eml"} {
		if _, err := f.Open(ctx, bad); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("Open(%q) = %v, want not found", bad, err)
		}
	}
}

// TestSMTP_TLSAndAuth sends through Dovecot's submission server, which
// requires TLS (STARTTLS or implicit) and authentication, and relays to
// smtp-sink.
func TestSMTP_TLSAndAuth(t *testing.T) {
	s := sinktest.Start(t)
	sub := dovecottest.StartSubmission(t, s.Port)
	for _, tt := range []struct {
		name     string
		tls      string
		port     int
		password string
		ok       bool
		roots    bool // trust the server's certificate
	}{
		{"starttls", gomail.TLSStartTLS, sub.Port, sub.Password, true, true},
		{"implicit tls", gomail.TLSImplicit, sub.TLSPort, sub.Password, true, true},
		{"wrong password", gomail.TLSStartTLS, sub.Port, "wrong", false, true},
		{"untrusted certificate", gomail.TLSStartTLS, sub.Port, sub.Password, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := gomail.Options{Host: "localhost", Port: tt.port, TLS: tt.tls,
				Username: sub.User, Password: tt.password, Timeout: 10 * time.Second}
			if tt.roots {
				o.TLSConfig = sub.TLSConfig()
			}
			smtp, err := gomail.NewSMTP(o)
			if err != nil {
				t.Fatal(err)
			}
			before := len(s.Messages(t))
			err = smtp.Send(context.Background(), sample())
			if (err == nil) != tt.ok {
				t.Fatalf("Send = %v, want ok %v\n%s", err, tt.ok, sub.Log())
			}
			if !tt.ok {
				if cases.IsPermanent(err) {
					t.Errorf("a refused login or certificate is permanent: %v; want it retried once fixed", err)
				}
				return
			}
			ms := s.Wait(t, before+1)
			if len(ms) != before+1 {
				t.Fatalf("relayed %d messages, want %d", len(ms), before+1)
			}
		})
	}
}

func TestMessage_Attachments(t *testing.T) {
	m := sample()
	m.Attachments = []cases.MailAttachment{{Name: "úkoly.csv", ContentType: "text/csv", Content: strings.NewReader("číslo;předmět\n8620;Lavičky\n")}}
	msg, err := gomail.Message(m)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if _, err := msg.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	parsed, err := mail.ReadMessage(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, _ := mime.ParseMediaType(parsed.Header.Get("Content-Type"))
	if mt != "multipart/mixed" {
		t.Fatalf("Content-Type = %s, want multipart/mixed", mt)
	}
	mr := multipart.NewReader(parsed.Body, params["boundary"])
	var found bool
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		// go-mail writes a non-ASCII name as an RFC 2047 word, as most
		// mail clients expect.
		if name, _ := new(mime.WordDecoder).DecodeHeader(p.FileName()); name == "úkoly.csv" {
			data, _ := io.ReadAll(p) // the reader decodes only quoted-printable
			if dec, err := base64Decode(string(data)); err != nil || dec != "číslo;předmět\n8620;Lavičky\n" {
				t.Errorf("attachment content = %q (%v)", dec, err)
			}
			found = true
		}
	}
	if !found {
		t.Error("no attachment úkoly.csv")
	}
}

func base64Decode(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
	return string(b), err
}
