package imapintake

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/dovecottest"
)

// childEnv names the environment variable that makes TestCrashChild run
// the intake (in a child process of TestMailbox_KillDuringIntake).
const childEnv = "LINKA_IMAPINTAKE_CHILD"

// TestMailbox_KillDuringIntake delivers 500 messages, runs the intake in a
// child process and kills it with SIGKILL three times while it works; a
// last run finishes the inbox. Every message must be exactly one case and
// moved out of the inbox.
func TestMailbox_KillDuringIntake(t *testing.T) {
	if testing.Short() {
		t.Skip("500 messages and four child processes; not in -short")
	}
	const total = 500
	dc := dovecottest.Start(t, false)
	dir := t.TempDir()
	deliverMany(t, dc, total)
	e := newEnv(t, dir, 0) // migrates the database before the children start
	for _, at := range []int{40, 170, 330} {
		child := startChild(t, dc, dir)
		waitFor(t, fmt.Sprintf("%d cases", at), 3*time.Minute, func() bool { return e.total(t) >= at })
		if err := child.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = child.Wait()
		t.Logf("killed the intake at %d cases, %d messages left in the inbox", e.total(t), dc.Count(t, "INBOX"))
	}
	child := startChild(t, dc, dir)
	waitFor(t, "an empty inbox", 5*time.Minute, func() bool { return dc.Count(t, "INBOX") == 0 })
	_ = child.Process.Signal(syscall.SIGTERM)
	_ = child.Wait()
	if n := dc.Count(t, "Linka"); n != total {
		t.Errorf("messages moved = %d, want %d", n, total)
	}
	rows := e.cases(t)
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r.Subject] {
			t.Errorf("two cases with subject %q", r.Subject)
		}
		seen[r.Subject] = true
	}
	if len(rows) != total || len(seen) != total {
		t.Errorf("cases = %d (%d distinct), want exactly %d", len(rows), len(seen), total)
	}
	// 50 senders: one contact each, though messages are taken in parallel.
	if _, n, err := e.db.ListContacts(context.Background(), cases.ContactFilter{Limit: 1}); err != nil || n != 50 {
		t.Errorf("contacts = %d, %v; want 50", n, err)
	}
}

// deliverMany puts n messages into the inbox: the first through doveadm
// (which creates the maildir), the rest written straight into its new/
// folder, as a delivery agent does.
func deliverMany(t *testing.T, dc *dovecottest.Server, n int) {
	dc.Deliver(t, "", simple(0, "Podnět 0"))
	newDir := filepath.Join(dc.Dir, "mail", dovecottest.User, "new")
	for i := 1; i < n; i++ {
		name := filepath.Join(newDir, fmt.Sprintf("%d.M%dP%d.linka", time.Now().Unix(), i, os.Getpid()))
		if err := os.WriteFile(name, simple(i, "Podnět "+strconv.Itoa(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := dc.Count(t, "INBOX"); got != n {
		t.Fatalf("inbox holds %d messages, want %d", got, n)
	}
}

// startChild runs TestCrashChild in a new process of this test binary.
func startChild(t *testing.T, dc *dovecottest.Server, dir string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"="+dir+"|"+dc.Addr)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if !testing.Verbose() {
		cmd.Stdout, cmd.Stderr = nil, nil
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

// TestCrashChild is the intake process of TestMailbox_KillDuringIntake;
// without its environment variable it does nothing.
func TestCrashChild(t *testing.T) {
	v := os.Getenv(childEnv)
	if v == "" {
		t.Skip("helper process of TestMailbox_KillDuringIntake")
	}
	dir, addr, _ := strings.Cut(v, "|")
	e := newEnv(t, dir, 0)
	m, err := New(e.svc, Options{Name: "crash", Addr: addr, Security: SecurityPlain, Username: dovecottest.User,
		Password: dovecottest.Password, MoveTo: "Linka", Poll: 200 * time.Millisecond, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	_ = m.Run(ctx)
}
