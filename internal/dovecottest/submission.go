package dovecottest

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"testing"
)

// submissionPath is Dovecot's submission service (Debian package
// dovecot-submissiond).
const submissionPath = "/usr/lib/dovecot/submission"

// Submission is Dovecot's submission server in front of an SMTP server:
// STARTTLS on Port and implicit TLS on TLSPort with a self-signed
// certificate (trusted by TLSConfig), authentication as User / Password
// required, every accepted message relayed.
type Submission struct {
	*Server
	Port, TLSPort  int
	User, Password string
}

// StartSubmission starts Dovecot's submission service relaying to the
// SMTP server on 127.0.0.1:relayPort (e.g. smtp-sink) and stops it when
// the test ends. It skips the test when the service is missing, unless
// LINKA_REQUIRE_PEERS=1.
func StartSubmission(t testing.TB, relayPort int) *Submission {
	t.Helper()
	Skip(t)
	if _, err := os.Stat(submissionPath); err != nil {
		const how = "Dovecot's submission service is not installed: apt-get install dovecot-submissiond (Debian), then rerun"
		if os.Getenv("LINKA_REQUIRE_PEERS") == "1" {
			t.Fatalf("missing peer (LINKA_REQUIRE_PEERS=1): %s", how)
		}
		t.Skip(how)
	}
	s := &Submission{Server: newServer(t), User: User, Password: Password}
	ports := freePorts(t, 2)
	s.Port, s.TLSPort = ports[0], ports[1]
	sslConf := s.makeCert(t)
	conf := fmt.Sprintf(submissionTemplate, s.Dir, sslConf, s.Port, s.TLSPort, relayPort)
	s.launch(t, conf, net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port)),
		net.JoinHostPort("127.0.0.1", strconv.Itoa(s.TLSPort)))
	return s
}

const submissionTemplate = `protocols = submission
listen = 127.0.0.1
base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/log
hostname = localhost
%[2]s
disable_plaintext_auth = yes
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = %[1]s/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=%[1]s/mail/%%u
}
mail_location = maildir:%[1]s/mail/%%u
submission_relay_host = 127.0.0.1
submission_relay_port = %[5]d
submission_relay_trusted = yes
submission_relay_ssl = no
service submission-login {
  inet_listener submission {
    address = 127.0.0.1
    port = %[3]d
  }
  inet_listener submissions {
    address = 127.0.0.1
    port = %[4]d
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
`
