package imapintake

import (
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// memServer starts go-imap's in-process IMAP server, IMAP4rev1 without
// MOVE, so the intake moves with COPY, STORE and EXPUNGE. It is the fast
// test without Dovecot.
func memServer(t *testing.T) string {
	mem := imapmemserver.New()
	u := imapmemserver.NewUser("intake", "secret")
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		InsecureAuth: true,
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// appendMessages delivers raw messages through a client connection.
func appendMessages(t *testing.T, addr string, raws ...[]byte) {
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login("intake", "secret").Wait(); err != nil {
		t.Fatal(err)
	}
	for _, raw := range raws {
		cmd := c.Append("INBOX", int64(len(raw)), nil)
		if _, err := cmd.Write(raw); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
}

// count returns the messages in a folder of the in-process server.
func count(t *testing.T, addr, folder string) int {
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login("intake", "secret").Wait(); err != nil {
		t.Fatal(err)
	}
	st, err := c.Status(folder, &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil {
		return 0
	}
	return int(*st.NumMessages)
}

func TestMailbox_InProcessPolling(t *testing.T) {
	addr := memServer(t)
	e := newEnv(t, t.TempDir(), 64<<10)
	var raws [][]byte
	for i := range 30 {
		raws = append(raws, simple(i, "Podnět "+strconv.Itoa(i)))
	}
	appendMessages(t, addr, append(raws, load(t, "autoreply.eml"))...)
	m, err := New(e.svc, Options{Addr: addr, Security: SecurityPlain, Username: "intake", Password: "secret",
		MoveTo: "Linka", SkippedTo: "Auto", Poll: 100 * time.Millisecond, NoIdle: true, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	run(t, m)
	waitFor(t, "an empty inbox", 20*time.Second, func() bool { return count(t, addr, "INBOX") == 0 })
	if n := e.total(t); n != 30 {
		t.Errorf("cases = %d, want 30", n)
	}
	if l, a := count(t, addr, "Linka"), count(t, addr, "Auto"); l != 30 || a != 1 {
		t.Errorf("moved to Linka %d, to Auto %d; want 30 and 1", l, a)
	}
	if st := m.Status(); st.Idle || !st.Connected || st.Cases != 30 || st.Skipped != 1 {
		t.Errorf("Status() = %+v, want polling, connected, 30 cases, 1 skipped", st)
	}
	// A later message is found by the next poll.
	appendMessages(t, addr, simple(100, "Pozdější"))
	waitFor(t, "the later message", 20*time.Second, func() bool { return e.total(t) == 31 })
}
