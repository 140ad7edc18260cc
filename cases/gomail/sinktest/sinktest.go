// Package sinktest runs Postfix's smtp-sink, a real SMTP server that
// writes every message it receives into a file, with its fault injection
// (4xx, 5xx, a connection dropped after the final dot, delays), for the
// tests of the outbox. It is used only by tests.
package sinktest

import (
	"bytes"
	"fmt"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Sink is Postfix's smtp-sink on a free loopback port, writing every
// message it receives into its own file in dir.
type Sink struct {
	Port int
	Dir  string
	cmd  *exec.Cmd
}

// smtpSinkPath is where Debian's postfix package installs smtp-sink.
const smtpSinkPath = "/usr/sbin/smtp-sink"

// Start starts smtp-sink with the extra fault-injection args (e.g.
// "-r", "." for a 4xx after the data) and stops it when t ends. It skips
// the test when smtp-sink is missing, unless LINKA_REQUIRE_PEERS=1.
func Start(t testing.TB, args ...string) *Sink {
	t.Helper()
	if _, err := os.Stat(smtpSinkPath); err != nil {
		if os.Getenv("LINKA_REQUIRE_PEERS") == "1" {
			t.Fatalf("smtp-sink is missing (%v) and LINKA_REQUIRE_PEERS=1", err)
		}
		t.Skip("smtp-sink is missing: apt-get install postfix (see docs/notifications.md)")
	}
	dir := t.TempDir()
	// smtp-sink writes as nobody when started by root: let it reach dir.
	if err := os.Chmod(filepath.Dir(dir), 0o711); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	s := &Sink{Port: FreePort(t), Dir: dir}
	full := []string{"-d", filepath.Join(dir, "%M.")}
	if os.Geteuid() == 0 {
		full = append(full, "-u", "nobody")
	}
	full = append(full, args...)
	full = append(full, fmt.Sprintf("127.0.0.1:%d", s.Port), "10")
	s.cmd = exec.Command(smtpSinkPath, full...)
	var stderr bytes.Buffer
	s.cmd.Stderr = &stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start smtp-sink: %v", err)
	}
	t.Cleanup(func() {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", s.Addr(), time.Second)
		if err == nil {
			c.Close()
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("smtp-sink does not answer on %s: %v; stderr: %s", s.Addr(), err, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Addr returns the sink's host:port.
func (s *Sink) Addr() string { return fmt.Sprintf("127.0.0.1:%d", s.Port) }

// FreePort returns a loopback TCP port nobody listens on now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Message is one message smtp-sink wrote: the message as received, after
// the sink's own header lines (X-Client-Addr, X-Mail-Args, X-Rcpt-Args…).
type Message struct {
	File string
	Msg  *mail.Message
	Raw  []byte // with LF line ends
}

// Messages returns the messages written so far; a file that is not a
// whole message fails the test.
func (s *Sink) Messages(t testing.TB) []Message {
	t.Helper()
	ms, err := s.read(false)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// read parses the files written so far. With partial, a file that is not
// a whole message yet (smtp-sink writes while the data arrives, and a
// session cut short leaves a stub) is left out instead of failing.
func (s *Sink) read(partial bool) ([]Message, error) {
	files, err := filepath.Glob(filepath.Join(s.Dir, "*"))
	if err != nil {
		return nil, err
	}
	var out []Message
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
		m, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			if partial {
				continue
			}
			return nil, fmt.Errorf("parse %s: %v\n%s", f, err, raw)
		}
		out = append(out, Message{File: f, Msg: m, Raw: raw})
	}
	return out, nil
}

// Wait waits until at least n whole messages were written and returns
// them. The deadline allows for one retry of the outbox after a
// temporary failure (its first backoff is 30 s).
func (s *Sink) Wait(t testing.TB, n int) []Message {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ms, err := s.read(true)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) >= n || time.Now().After(deadline) {
			return ms
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// MessageIDs returns the Message-IDs of ms.
func MessageIDs(ms []Message) []string {
	var ids []string
	for _, m := range ms {
		ids = append(ids, strings.TrimSpace(m.Msg.Header.Get("Message-Id")))
	}
	return ids
}
