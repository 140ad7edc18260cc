package main

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/cases/gomail/sinktest"
)

// TestServe_SendsNotificationsBySMTP: `linka serve` configured with
// LINKA_SMTP_* sends what is queued to a real SMTP server (smtp-sink),
// with the configured sender, Message-ID domain and status-page link.
func TestServe_SendsNotificationsBySMTP(t *testing.T) {
	sink := sinktest.Start(t)
	dir := t.TempDir()
	ctx := context.Background()
	b, err := openBackend(ctx, &storeConfig{DataDir: dir, Database: "sqlite:" + filepath.Join(dir, "linka.db"),
		BlobDir: filepath.Join(dir, "blobs")})
	if err != nil {
		t.Fatal(err)
	}
	c, err := b.service(cases.Options{}).CreateCase(ctx, cases.System(), cases.CaseInput{Source: cases.SourceWeb,
		Subject: "Nesvítí lampa v Nerudově ulici", KeepInformed: true, Language: "en",
		NewSubmitter: &cases.Contact{FirstName: "Petr", LastName: "Novotný", Email: "petr@example.cz"}})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	vars := map[string]string{
		"LINKA_SMTP_HOST": "127.0.0.1", "LINKA_SMTP_PORT": strconv.Itoa(sink.Port), "LINKA_SMTP_TLS": "none",
		"LINKA_SMTP_FROM": "Městský úřad <podnety@urad.example.cz>", "LINKA_SMTP_DOMAIN": "mail.urad.example.cz",
		"LINKA_SMTP_PUBLIC_URL": "https://podnety.urad.example.cz/", "LINKA_DATA_DIR": dir, "LINKA_LOG_LEVEL": "warn",
		"LINKA_ADDR": "127.0.0.1:0",
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan int, 1)
	var out, errOut syncBuffer
	go func() {
		done <- run(sctx, []string{"serve"}, env{stdout: &out, stderr: &errOut, stdin: strings.NewReader(""),
			getenv: func(k string) string { return vars[k] }})
	}()
	ms := sink.Wait(t, 1)
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited with %d: %s", code, errOut.String())
	}
	if len(ms) != 1 {
		t.Fatalf("smtp-sink received %d messages, want 1; log: %s", len(ms), errOut.String())
	}
	h := ms[0].Msg.Header
	if id := h.Get("Message-Id"); !strings.HasPrefix(id, "<linka.") || !strings.HasSuffix(id, "."+strconv.FormatInt(c.ID, 10)+"@mail.urad.example.cz>") {
		t.Errorf("Message-ID = %q", id)
	}
	from, _ := mail.ParseAddress(h.Get("From"))
	if from == nil || from.Address != "podnety@urad.example.cz" {
		t.Errorf("From = %q", h.Get("From"))
	}
	if text := plainPart(t, ms[0].Msg); !strings.Contains(text, "https://podnety.urad.example.cz/portal/status?case="+c.Number) {
		t.Errorf("the mail has no link to the status page:\n%s", text)
	}
	if h.Get("Content-Language") != "en" {
		t.Errorf("Content-Language = %q, want en", h.Get("Content-Language"))
	}
}

// plainPart returns the decoded text/plain part of a multipart message.
func plainPart(t *testing.T, m *mail.Message) string {
	t.Helper()
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatalf("no text/plain part: %v", err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			b, _ := io.ReadAll(p)
			return string(b)
		}
	}
}

// TestDemo_WritesMailToFolder: the demo needs no SMTP server; the seeded
// cases' notifications become .eml files in DATA-DIR/mail.
func TestDemo_WritesMailToFolder(t *testing.T) {
	dir := t.TempDir()
	_, stop := startDemo(t, dir)
	defer stop()
	deadline := time.Now().Add(60 * time.Second)
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "mail", "linka-*.eml"))
		if len(files) > 0 {
			f, err := os.Open(files[0])
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			m, err := mail.ReadMessage(f)
			if err != nil || !strings.HasSuffix(m.Header.Get("Message-Id"), "@urad.example.cz>") {
				t.Fatalf("%s: %v, Message-ID %q", files[0], err, m.Header.Get("Message-Id"))
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the demo wrote no mail into DATA-DIR/mail")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestRun_InvalidMailConfiguration(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		vars    map[string]string
		setting string
	}{
		{"no sender", map[string]string{"LINKA_SMTP_HOST": "mail.urad.cz"}, "LINKA_SMTP_FROM"},
		{"bad sender", map[string]string{"LINKA_SMTP_HOST": "mail.urad.cz", "LINKA_SMTP_FROM": "podnety"}, "LINKA_SMTP_FROM"},
		{"bad TLS mode", map[string]string{"LINKA_SMTP_HOST": "mail.urad.cz", "LINKA_SMTP_FROM": "p@urad.cz", "LINKA_SMTP_TLS": "ssl3"}, "LINKA_SMTP_"},
		{"host and folder", map[string]string{"LINKA_SMTP_HOST": "mail.urad.cz", "LINKA_SMTP_DIR": dir, "LINKA_SMTP_FROM": "p@urad.cz"}, "LINKA_SMTP_DIR"},
		{"bad public URL", map[string]string{"LINKA_SMTP_DIR": dir, "LINKA_SMTP_FROM": "p@urad.cz", "LINKA_SMTP_PUBLIC_URL": "podnety.urad.cz"}, "LINKA_SMTP_PUBLIC_URL"},
		{"bad domain", map[string]string{"LINKA_SMTP_DIR": dir, "LINKA_SMTP_FROM": "p@urad.cz", "LINKA_SMTP_DOMAIN": "a b"}, "LINKA_SMTP_DOMAIN"},
		{"missing password file", map[string]string{"LINKA_SMTP_PASSWORD_FILE": dir + "/none"}, "LINKA_SMTP_PASSWORD_FILE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, tt.vars, "serve", "-data-dir", dir)
			if code != 2 || !strings.Contains(stderr, tt.setting) {
				t.Errorf("serve with %v = %d, stderr %q; want 2 naming %s", tt.vars, code, stderr, tt.setting)
			}
		})
	}
	code, out, stderr := runCmd(t, nil, "serve", "-h")
	if !strings.Contains(out+stderr, "LINKA_SMTP_PASSWORD_FILE") || !strings.Contains(out+stderr, "LINKA_SMTP_PUBLIC_URL") {
		t.Errorf("serve -h = %d, does not document the SMTP settings", code)
	}
}
