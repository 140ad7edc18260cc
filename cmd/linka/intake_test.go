package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linka/internal/dovecottest"
)

func TestRun_IntakeSettings(t *testing.T) {
	dir := t.TempDir()
	conf := func(body string) string {
		p := filepath.Join(dir, fmt.Sprintf("c%d.json", len(body)))
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tt := range []struct {
		name    string
		args    []string
		vars    map[string]string
		setting string
	}{
		{"plain off loopback", []string{"-imap-addr", "imap.example.cz:143", "-imap-security", "plain", "-imap-user", "x"}, nil, "loopback"},
		{"bad security", []string{"-imap-addr", "imap.example.cz:993", "-imap-security", "ssl", "-imap-user", "x"}, nil, "security"},
		{"no user", []string{"-imap-addr", "imap.example.cz:993"}, nil, "username"},
		{"bad address", []string{"-imap-addr", "imap.example.cz", "-imap-user", "x"}, nil, "host:port"},
		{"missing password file", []string{"-imap-addr", "imap.example.cz:993", "-imap-user", "x"},
			map[string]string{"LINKA_IMAP_PASSWORD_FILE": filepath.Join(dir, "none")}, "LINKA_IMAP_PASSWORD_FILE"},
		{"file: password_file", []string{"-config", conf(`{"mailboxes":[{"addr":"a.cz:993","username":"u","password_file":"/nonexistent"}]}`)}, nil, "password_file"},
		{"file: duplicate names", []string{"-config", conf(`{"mailboxes":[{"name":"p","addr":"a.cz:993","username":"u"},{"name":"p","addr":"b.cz:993","username":"u"}]}`)}, nil, "twice"},
		{"file: bad poll", []string{"-config", conf(`{"mailboxes":[{"addr":"a.cz:993","username":"u","poll":"often"}]}`)}, nil, "poll"},
		{"file: folder without dir", []string{"-config", conf(`{"scan_folders":[{"name":"x"}]}`)}, nil, "dir is required"},
		{"move to the source folder", []string{"-imap-addr", "imap.example.cz:993", "-imap-user", "x", "-imap-move-to", "INBOX"}, nil, "taken from"},
		{"file: unknown field", []string{"-config", conf(`{"mailboxes":[{"adr":"a.cz:993"}]}`)}, nil, "adr"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"serve", "-data-dir", dir}, tt.args...)
			code, _, stderr := runCmd(t, tt.vars, args...)
			if code != 2 || !strings.Contains(stderr, tt.setting) {
				t.Errorf("run(%q) = %d %q, want 2 naming %s", args, code, stderr, tt.setting)
			}
		})
	}
}

// TestServe_Intake runs `linka serve` with a mailbox on a real Dovecot
// (password from a *_FILE secret) and a watched folder: a message and a
// scan become cases in the register, and the intake page's API shows both
// sources.
func TestServe_Intake(t *testing.T) {
	dc := dovecottest.Start(t, false)
	dir := t.TempDir()
	vars := map[string]string{"LINKA_DATA_DIR": dir}
	if code, _, stderr := runCmd(t, vars, "user", "add", "-login", "vedouci", "-name", "Vedoucí",
		"-roles", "supervisor", "-password", "dlouhe-heslo-1"); code != 0 {
		t.Fatalf("user add = %d %s", code, stderr)
	}
	code, token, _ := runCmd(t, vars, "user", "token", "vedouci")
	if code != 0 {
		t.Fatal("user token failed")
	}
	token = strings.TrimSpace(token)
	pw := filepath.Join(dir, "imap-password")
	if err := os.WriteFile(pw, []byte(dovecottest.Password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	scans := filepath.Join(dir, "sken")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	go func() {
		done <- run(ctx, []string{"serve", "-addr", addr, "-log-level", "warn", "-data-dir", dir, "-imap-addr", dc.Addr,
			"-imap-security", "plain", "-imap-user", dovecottest.User, "-imap-poll", "500ms", "-intake-folder", scans,
			"-intake-settle", "100ms"},
			env{stdout: &out, stderr: &errOut, stdin: strings.NewReader(""),
				getenv: func(k string) string { return map[string]string{"LINKA_IMAP_PASSWORD_FILE": pw}[k] }})
	}()
	defer func() { cancel(); <-done }()
	url := "http://" + addr
	c := &http.Client{Timeout: 10 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if resp, err := c.Get(url + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", errOut.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	dc.Deliver(t, "", []byte("From: Jana <jana@example.cz>\r\nSubject: Kontejner u školy\r\nMessage-ID: <serve-1@example.cz>\r\n\r\nPřeplněný kontejner.\r\n"))
	if err := os.WriteFile(filepath.Join(scans, "dopis.pdf"), []byte("%PDF-1.4\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitJSON(t, c, url+"/api/v1/cases?source=EMAIL", token, "Kontejner u školy")
	waitJSON(t, c, url+"/api/v1/cases?source=POST", token, "Dopis (sken) dopis")
	waitJSON(t, c, url+"/api/v1/intake", token, `"kind":"folder"`)
	waitJSON(t, c, url+"/api/v1/intake", token, `"idle":true`)
	if n := dc.Count(t, "Linka"); n != 1 {
		t.Errorf("messages moved to Linka = %d, want 1", n)
	}
}

// TestIntakeMailbox_KeepInformed: a mailbox keeps its senders informed
// unless the configuration says "keep_informed": false.
func TestIntakeMailbox_KeepInformed(t *testing.T) {
	no := false
	for _, tt := range []struct {
		name string
		set  *bool
		want bool
	}{{"not set", nil, true}, {"false", &no, false}} {
		o, err := intakeMailbox{Addr: "imap.example.cz:993", Username: "u", KeepInformed: tt.set}.options()
		if err != nil {
			t.Fatal(err)
		}
		if o.KeepSendersInformed != tt.want {
			t.Errorf("%s: keep senders informed = %v, want %v", tt.name, o.KeepSendersInformed, tt.want)
		}
	}
}
