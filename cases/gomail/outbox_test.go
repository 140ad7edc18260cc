package gomail_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"linka/cases"
	"linka/cases/gomail"
	"linka/cases/gomail/sinktest"
	"linka/internal/store/storetest"
)

const domain = "urad.example.cz"

// openService opens (creating and migrating) the SQLite register in dir.
func openService(t testing.TB, dir string) *cases.Service {
	t.Helper()
	st := storetest.SQLiteIn(t, dir)
	db, blobs := st.DB, st.Blobs
	return cases.NewService(db, blobs, cases.Options{})
}

func newOutbox(t testing.TB, svc *cases.Service, port int, lease time.Duration) *cases.Outbox {
	t.Helper()
	smtp, err := gomail.NewSMTP(gomail.Options{Host: "127.0.0.1", Port: port, TLS: gomail.TLSNone, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ob, err := cases.NewOutbox(svc, cases.OutboxOptions{Sender: smtp, From: "Městský úřad <podnety@" + domain + ">",
		Domain: domain, Lease: lease, Backoff: func(int) time.Duration { return 0 }, MaxAttempts: 100})
	if err != nil {
		t.Fatal(err)
	}
	return ob
}

// queue puts n reports into the outbox.
func queue(t testing.TB, svc *cases.Service, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		err := svc.QueueMail(context.Background(), cases.Mail{To: []string{fmt.Sprintf("boss%d@%s", i, domain)},
			Subject: fmt.Sprintf("Přehled č. %d", i), Text: "Podněty čekající na vyřízení: 3"})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// states returns the notifications' states and their expected Message-IDs.
func states(t testing.TB, svc *cases.Service) (map[cases.NotificationState]int, []string) {
	t.Helper()
	ns, _, err := svc.Notifications(context.Background(), cases.Console(), cases.NotificationFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	st := map[cases.NotificationState]int{}
	var ids []string
	for _, n := range ns {
		st[n.State]++
		ids = append(ids, cases.MessageID(n.ID, n.CaseID, domain))
	}
	slices.Sort(ids)
	return st, ids
}

// TestOutbox_DroppedAfterDot: the server takes the message but the
// connection drops before its answer — the classic duplicate. The worker
// cannot know it arrived, so it sends it again with the same Message-ID,
// by which the recipient's software recognises the duplicate.
func TestOutbox_DroppedAfterDot(t *testing.T) {
	ctx := context.Background()
	svc := openService(t, t.TempDir())
	queue(t, svc, 1)
	dropping := sinktest.Start(t, "-q", ".")
	if n, err := newOutbox(t, svc, dropping.Port, time.Minute).SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("SendDue = %d, %v", n, err)
	}
	st, want := states(t, svc)
	if st[cases.NotificationPending] != 1 {
		t.Fatalf("after the dropped connection: %v, want pending", st)
	}
	good := sinktest.Start(t)
	if n, err := newOutbox(t, svc, good.Port, time.Minute).SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("SendDue = %d, %v", n, err)
	}
	if st, _ := states(t, svc); st[cases.NotificationSent] != 1 {
		t.Fatalf("after the second attempt: %v, want sent", st)
	}
	first, second := sinktest.MessageIDs(dropping.Wait(t, 1)), sinktest.MessageIDs(good.Wait(t, 1))
	if len(second) != 1 || second[0] != want[0] {
		t.Errorf("the repeat carries %v, want %v", second, want)
	}
	// smtp-sink keeps the message it received before dropping the
	// connection: the citizen would get it twice, both with one Message-ID.
	if len(first) != 1 || len(second) != 1 || first[0] != second[0] {
		t.Errorf("the first attempt carried %v, the repeat %v: want one copy each with the same Message-ID", first, second)
	}
}

// TestOutbox_Kill9 kills the process sending mail (a child running the
// worker against a slow SMTP server) with SIGKILL in the middle of a
// delivery; a new worker then delivers every notification: none is lost.
func TestOutbox_Kill9(t *testing.T) {
	if os.Getenv("LINKA_OUTBOX_CHILD") != "" {
		t.Skip("the child runs TestOutboxChild")
	}
	ctx := context.Background()
	dir := t.TempDir()
	svc := openService(t, dir)
	const total = 5
	queue(t, svc, total)
	slow := sinktest.Start(t, "-w", "30") // answers the data after 30 s
	child := exec.Command(os.Args[0], "-test.run=^TestOutboxChild$", "-test.v")
	child.Env = append(os.Environ(), "LINKA_OUTBOX_CHILD="+dir, "LINKA_OUTBOX_PORT="+strconv.Itoa(slow.Port))
	out, _ := os.Create(filepath.Join(dir, "child.log"))
	defer out.Close()
	child.Stdout, child.Stderr = out, out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the child has claimed the batch and is sending.
	deadline := time.Now().Add(20 * time.Second)
	for {
		ns, _, err := svc.Notifications(ctx, cases.Console(), cases.NotificationFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		claimed := 0
		for _, n := range ns {
			if n.Attempts > 0 {
				claimed++
			}
		}
		if claimed > 0 {
			break
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "child.log"))
			t.Fatalf("the child claimed nothing:\n%s", b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // into the SMTP conversation
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()
	if st, _ := states(t, svc); st[cases.NotificationSent] != 0 || st[cases.NotificationPending] != total {
		t.Fatalf("after kill -9: %v, want all %d pending", st, total)
	}
	good := sinktest.Start(t)
	ob := newOutbox(t, svc, good.Port, 2*time.Second)
	deadline = time.Now().Add(30 * time.Second)
	for {
		if _, err := ob.SendDue(ctx); err != nil {
			t.Fatal(err)
		}
		if st, _ := states(t, svc); st[cases.NotificationSent] == total || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond) // the child's lease has to end
	}
	st, want := states(t, svc)
	if st[cases.NotificationSent] != total {
		t.Fatalf("after recovery: %v, want %d sent", st, total)
	}
	got := sinktest.MessageIDs(good.Wait(t, total))
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("delivered Message-IDs %v, want %v", got, want)
	}
}

// TestOutboxChild is the child process of TestOutbox_Kill9: it runs the
// worker until it is killed.
func TestOutboxChild(t *testing.T) {
	dir := os.Getenv("LINKA_OUTBOX_CHILD")
	if dir == "" {
		t.Skip("run by TestOutbox_Kill9")
	}
	port, _ := strconv.Atoi(os.Getenv("LINKA_OUTBOX_PORT"))
	svc := openService(t, dir)
	ob := newOutbox(t, svc, port, 2*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_ = ob.Run(ctx)
}
