package sinktest

import (
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
	"strings"
	"syscall"
	"testing"
	"time"
)

// Submission is Dovecot's submission server in front of a Sink: it offers
// STARTTLS on Port and implicit TLS on TLSPort with a self-signed
// certificate (trusted by TLSConfig), requires authentication as User /
// Password, and relays every accepted message to the sink.
type Submission struct {
	Port, TLSPort  int
	User, Password string
	// TLSConfig trusts the server's certificate for "localhost".
	TLSConfig *tls.Config
	dir       string
	cmd       *exec.Cmd
}

// dovecotPath is where Debian's dovecot-core installs the master process;
// the submission service comes with dovecot-submissiond.
const (
	dovecotPath    = "/usr/sbin/dovecot"
	submissionPath = "/usr/lib/dovecot/submission"
)

// StartSubmission starts Dovecot's submission service relaying to sink
// and stops it when t ends. It skips the test when Dovecot's submission
// service is missing, unless LINKA_REQUIRE_PEERS=1.
func StartSubmission(t testing.TB, sink *Sink) *Submission {
	t.Helper()
	for _, p := range []string{dovecotPath, submissionPath} {
		if _, err := os.Stat(p); err != nil {
			if os.Getenv("LINKA_REQUIRE_PEERS") == "1" {
				t.Fatalf("%s is missing (%v) and LINKA_REQUIRE_PEERS=1", p, err)
			}
			t.Skip("Dovecot's submission service is missing: apt-get install dovecot-submissiond")
		}
	}
	dir, err := os.MkdirTemp("", "linka-submission-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// Dovecot's auth process reads the password file; the submission
	// process runs as nobody and wants a mail folder.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "mail"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "mail"), 0o777); err != nil {
		t.Fatal(err)
	}
	s := &Submission{Port: FreePort(t), TLSPort: FreePort(t), User: "linka", Password: "tajné-heslo", dir: dir}
	pool := writeCert(t, dir)
	s.TLSConfig = &tls.Config{RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS12}
	if err := os.WriteFile(filepath.Join(dir, "passwd"), []byte(s.User+":{PLAIN}"+s.Password+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "dovecot.conf")
	if err := os.WriteFile(conf, []byte(s.config(sink.Port)), 0o644); err != nil {
		t.Fatal(err)
	}
	s.cmd = exec.Command(dovecotPath, "-F", "-c", conf)
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start dovecot: %v", err)
	}
	t.Cleanup(func() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = s.cmd.Process.Kill()
		}
	})
	deadline := time.Now().Add(15 * time.Second)
	for _, port := range []int{s.Port, s.TLSPort} {
		for {
			c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
			if err == nil {
				c.Close()
				break
			}
			if time.Now().After(deadline) {
				log, _ := os.ReadFile(filepath.Join(dir, "log"))
				t.Fatalf("dovecot submission does not answer on %d: %v\n%s", port, err, log)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return s
}

// Log returns Dovecot's log, for failure messages.
func (s *Submission) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "log"))
	return string(b)
}

func (s *Submission) config(relayPort int) string {
	return strings.NewReplacer("DIR", s.dir, "PORT_TLS", fmt.Sprint(s.TLSPort), "PORT", fmt.Sprint(s.Port),
		"RELAY", fmt.Sprint(relayPort)).Replace(`protocols = submission
listen = 127.0.0.1
base_dir = DIR/run
state_dir = DIR/state
log_path = DIR/log
hostname = localhost
ssl = yes
ssl_cert = <DIR/cert.pem
ssl_key = <DIR/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = DIR/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=DIR/home
}
mail_location = maildir:DIR/mail/%u
submission_relay_host = 127.0.0.1
submission_relay_port = RELAY
submission_relay_trusted = yes
submission_relay_ssl = no
service submission-login {
  inet_listener submission {
    address = 127.0.0.1
    port = PORT
  }
  inet_listener submissions {
    address = 127.0.0.1
    port = PORT_TLS
    ssl = yes
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
`)
}

// writeCert writes a self-signed certificate for localhost and 127.0.0.1
// into dir and returns a pool that trusts it.
func writeCert(t testing.TB, dir string) *x509.CertPool {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), certPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	return pool
}
