// Package dovecottest starts a real Dovecot IMAP server (Debian package
// dovecot-imapd) for tests: a standalone configuration in a temporary
// folder, listening on a free loopback port, with one user "intake"
// (password "secret"), optionally with TLS (a self-signed certificate).
// A test that cannot start it skips, saying how to get Dovecot, and fails
// when LINKA_REQUIRE_PEERS=1.
package dovecottest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// User and Password are the credentials of the test mailbox.
const (
	User     = "intake"
	Password = "secret"
)

// Server is a running Dovecot.
type Server struct {
	Dir     string
	Addr    string // imap (plain or STARTTLS), 127.0.0.1:port
	TLSAddr string // imaps when started WithTLS, else ""
	// RootCAs trusts the server's certificate (WithTLS).
	RootCAs *x509.CertPool
	conf    string
	t       testing.TB
	once    sync.Once
}

// Skip skips t (or fails it under LINKA_REQUIRE_PEERS=1) saying how to
// get Dovecot, when it is not installed.
func Skip(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("dovecot"); err == nil {
		return
	}
	const how = "Dovecot is not installed: apt-get install dovecot-imapd (Debian), then rerun"
	if os.Getenv("LINKA_REQUIRE_PEERS") == "1" {
		t.Fatalf("missing peer (LINKA_REQUIRE_PEERS=1): %s", how)
	}
	t.Skip(how)
}

// Start starts Dovecot and stops it when the test ends. withTLS adds an
// imaps listener and STARTTLS on the imap one.
func Start(t testing.TB, withTLS bool) *Server {
	t.Helper()
	Skip(t)
	s := newServer(t)
	ports := freePorts(t, 2)
	s.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0]))
	sslConf, imapsPort := "ssl = no", 0
	if withTLS {
		sslConf = s.makeCert(t)
		imapsPort = ports[1]
		s.TLSAddr = net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[1]))
	}
	s.launch(t, fmt.Sprintf(confTemplate, s.Dir, sslConf, ports[0], imapsPort), s.Addr)
	return s
}

// newServer makes the server's folder; the mail processes run as nobody,
// so the folders must be reachable.
func newServer(t testing.TB) *Server {
	t.Helper()
	dir, err := os.MkdirTemp("", "linka-dovecot-")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{dir, filepath.Join(dir, "mail")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	must(t, os.Chmod(dir, 0o755))
	must(t, os.Chmod(filepath.Join(dir, "mail"), 0o777))
	return &Server{Dir: dir, conf: filepath.Join(dir, "dovecot.conf"), t: t}
}

// launch writes conf and the password file, starts the daemon, stops it
// when the test ends and waits until every one of addrs accepts.
func (s *Server) launch(t testing.TB, conf string, addrs ...string) {
	t.Helper()
	must(t, os.WriteFile(s.conf, []byte(conf), 0o644))
	must(t, os.WriteFile(filepath.Join(s.Dir, "passwd"), []byte(User+":{PLAIN}"+Password+"\n"), 0o644))
	// The daemon keeps its standard output: a file, not a pipe, so that
	// starting it does not wait for the daemon to end.
	out, err := os.Create(filepath.Join(s.Dir, "start.log"))
	must(t, err)
	defer out.Close()
	cmd := exec.Command("dovecot", "-c", s.conf)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		b, _ := os.ReadFile(out.Name())
		t.Fatalf("start dovecot: %v\n%s", err, b)
	}
	t.Cleanup(s.Stop)
	for _, a := range addrs {
		s.waitListening(t, a)
	}
}

const confTemplate = `protocols = imap
listen = 127.0.0.1
base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/log
info_log_path = %[1]s/log
%[2]s
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:%[1]s/mail/%%u
mail_fsync = never
passdb {
  driver = passwd-file
  args = %[1]s/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=%[1]s/mail/%%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = %[3]d
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = %[4]d
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`

// Stop stops Dovecot and removes its folder; the test's end does it too.
func (s *Server) Stop() { s.once.Do(s.stop) }

func (s *Server) stop() {
	_ = exec.Command("doveadm", "-c", s.conf, "stop").Run()
	if s.t.Failed() {
		if b, err := os.ReadFile(filepath.Join(s.Dir, "log")); err == nil {
			s.t.Logf("dovecot log:\n%s", lastLines(string(b), 30))
		}
	}
	// Give the processes a moment to let go of the files.
	time.Sleep(100 * time.Millisecond)
	_ = os.RemoveAll(s.Dir)
}

// Log returns the daemon's log, for failure messages.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "log"))
	return string(b)
}

func (s *Server) waitListening(t testing.TB, addr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("dovecot does not listen on %s\n%s", addr, lastLines(s.Log(), 30))
}

// Doveadm runs doveadm with the server's configuration and returns its
// output.
func (s *Server) Doveadm(args ...string) (string, error) {
	cmd := exec.Command("doveadm", append([]string{"-c", s.conf}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		return out.String(), fmt.Errorf("doveadm %s: %w: %s", strings.Join(args, " "), err, out.String())
	}
	return out.String(), nil
}

// Deliver saves a raw message into folder (INBOX when "") of the test user.
func (s *Server) Deliver(t testing.TB, folder string, raw []byte) {
	t.Helper()
	args := []string{"-c", s.conf, "save", "-u", User}
	if folder != "" {
		args = append(args, "-m", folder)
	}
	cmd := exec.Command("doveadm", args...)
	cmd.Stdin = bytes.NewReader(raw)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("deliver: %v\n%s", err, out)
	}
}

// Status returns messages, uidnext and uidvalidity of a folder; a folder
// that does not exist has no messages.
func (s *Server) Status(t testing.TB, folder string) (messages, uidNext, uidValidity int) {
	t.Helper()
	out, err := s.Doveadm("mailbox", "status", "-u", User, "messages uidnext uidvalidity", folder)
	if err != nil {
		if strings.Contains(err.Error(), "exist") {
			return 0, 0, 0
		}
		t.Fatal(err)
	}
	for _, f := range strings.Fields(out) {
		k, v, _ := strings.Cut(f, "=")
		n, _ := strconv.Atoi(v)
		switch k {
		case "messages":
			messages = n
		case "uidnext":
			uidNext = n
		case "uidvalidity":
			uidValidity = n
		}
	}
	return messages, uidNext, uidValidity
}

// Count returns the number of messages in folder (0 when missing).
func (s *Server) Count(t testing.TB, folder string) int {
	n, _, _ := s.Status(t, folder)
	return n
}

// SetUIDValidity forces a new UIDVALIDITY on folder, as a server
// migration or a restored backup does: every UID changes meaning.
func (s *Server) SetUIDValidity(t testing.TB, folder string, v int) {
	t.Helper()
	if _, err := s.Doveadm("mailbox", "update", "-u", User, "--uid-validity", strconv.Itoa(v), folder); err != nil {
		t.Fatal(err)
	}
}

// TLSConfig trusts the server's certificate.
func (s *Server) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.RootCAs, ServerName: "localhost", MinVersion: tls.VersionTLS12}
}

// makeCert writes a self-signed certificate for localhost and 127.0.0.1
// and returns the ssl configuration lines.
func (s *Server) makeCert(t testing.TB) string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	must(t, err)
	cert, err := x509.ParseCertificate(der)
	must(t, err)
	s.RootCAs = x509.NewCertPool()
	s.RootCAs.AddCert(cert)
	kb, err := x509.MarshalECPrivateKey(key)
	must(t, err)
	crt, keyf := filepath.Join(s.Dir, "cert.pem"), filepath.Join(s.Dir, "key.pem")
	must(t, os.WriteFile(crt, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644))
	must(t, os.WriteFile(keyf, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600))
	return fmt.Sprintf("ssl = yes\nssl_cert = <%s\nssl_key = <%s", crt, keyf)
}

func freePorts(t testing.TB, n int) []int {
	var ports []int
	var lns []net.Listener
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		must(t, err)
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	for _, ln := range lns {
		ln.Close()
	}
	return ports
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
