package folderintake

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/store"
	"linka/internal/store/storetest"
)

var clerk = &cases.User{Active: true, Roles: []cases.Role{cases.RoleClerk}}

type env struct {
	db  *store.DB
	svc *cases.Service
}

func newEnv(t testing.TB, dir string) *env {
	t.Helper()
	st := storetest.SQLiteIn(t, dir)
	db, blobs := st.DB, st.Blobs
	return &env{db: db, svc: cases.NewService(db, blobs, cases.Options{})}
}

func (e *env) rows(t testing.TB) []cases.CaseRow {
	t.Helper()
	page, err := e.svc.ListCases(context.Background(), clerk, cases.CaseQuery{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return page.Rows
}

func waitFor(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// pdf returns a small PDF whose content differs by n.
func pdf(n int) []byte { return fmt.Appendf(nil, "%%PDF-1.4\n%% scan %d\n%%%%EOF\n", n) }

func write(t testing.TB, path string, data []byte, old bool) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if old {
		past := time.Now().Add(-time.Minute)
		if err := os.Chtimes(path, past, past); err != nil {
			t.Fatal(err)
		}
	}
}

func start(t *testing.T, f *Folder) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = f.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

func count(t testing.TB, dir string) int {
	n := 0
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".error.txt") {
			n++
		}
		return nil
	})
	return n
}

// TestFolder takes complete scans (by content, whatever the extension),
// waits for a file still being written, and sets aside what is not a scan.
func TestFolder(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, dir)
	watched := filepath.Join(dir, "sken")
	f, err := New(e.svc, Options{Dir: watched, Settle: time.Second, Rescan: time.Hour, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	start(t, f)
	write(t, filepath.Join(watched, "dopis1.pdf"), pdf(1), true)
	jpeg := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 100)...)
	write(t, filepath.Join(watched, "foto.bin"), jpeg, true)
	write(t, filepath.Join(watched, "podvrh.pdf"), []byte("this is text, not a PDF"), true)
	write(t, filepath.Join(watched, ".skryty.pdf"), pdf(9), true)
	// A file written slowly: taken only when complete.
	growing := filepath.Join(watched, "dlouhy.pdf")
	full := pdf(2)
	for i := 0; i < 40; i++ {
		full = append(full, fmt.Sprintf("%% line %d\n", i)...)
	}
	write(t, growing, full[:10], false)
	for i := 10; i < len(full); i += 40 {
		time.Sleep(60 * time.Millisecond)
		fh, err := os.OpenFile(growing, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		fh.Write(full[i:min(i+40, len(full))])
		fh.Close()
	}
	waitFor(t, "3 cases", 10*time.Second, func() bool { return len(e.rows(t)) == 3 })
	waitFor(t, "the rejected file", 10*time.Second, func() bool { return count(t, f.opts.ErrorDir) == 1 })
	for _, r := range e.rows(t) {
		if r.Source != cases.SourcePost || r.State != cases.StateNew {
			t.Errorf("case %q: source %s, state %s; want POST, new", r.Subject, r.Source, r.State)
		}
		atts, err := e.db.Attachments(context.Background(), r.ID)
		if err != nil || len(atts) != 1 {
			t.Fatalf("case %q attachments = %v, %v; want the scan", r.Subject, atts, err)
		}
		if r.Subject == "Dopis (sken) dlouhy" && atts[0].Size != int64(len(full)) {
			t.Errorf("slowly written scan attached with %d bytes, want all %d", atts[0].Size, len(full))
		}
		if r.Subject == "Dopis (sken) foto" && atts[0].ContentType != "image/jpeg" {
			t.Errorf("foto.bin content type = %s, want image/jpeg", atts[0].ContentType)
		}
	}
	reason, err := os.ReadFile(filepath.Join(f.opts.ErrorDir, "podvrh.pdf.error.txt"))
	if err != nil || !strings.Contains(string(reason), "not a PDF") {
		t.Errorf("reason file = %q, %v; want why podvrh.pdf was refused", reason, err)
	}
	if n := count(t, f.opts.ArchiveDir); n != 3 {
		t.Errorf("archived files = %d, want 3", n)
	}
	if _, err := os.Stat(filepath.Join(watched, ".skryty.pdf")); err != nil {
		t.Errorf("hidden file touched: %v", err)
	}
	if st := f.Status(); st.Cases != 3 || st.Failed != 1 || st.LastPoll.IsZero() {
		t.Errorf("Status() = %+v, want 3 cases, 1 failed, polled", st)
	}
}

// TestFolder_RegisteredNotArchived simulates a crash after the commit and
// before the move: the file found again is recognised, not registered
// twice, and archived.
func TestFolder_RegisteredNotArchived(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, dir)
	watched := filepath.Join(dir, "sken")
	f, err := New(e.svc, Options{Dir: watched, Settle: 50 * time.Millisecond, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(watched, "a.pdf"), pdf(1), true)
	f.scan(context.Background())
	archived := filepath.Join(f.opts.ArchiveDir, time.Now().Format("2006/01"), "1_a.pdf")
	if err := os.Rename(archived, filepath.Join(watched, "a.pdf")); err != nil {
		t.Fatal(err)
	}
	f.scan(context.Background())
	if n := len(e.rows(t)); n != 1 {
		t.Errorf("cases = %d, want 1", n)
	}
	if st := f.Status(); st.Duplicates != 1 {
		t.Errorf("Status().Duplicates = %d, want 1", st.Duplicates)
	}
	if n := count(t, watched) - count(t, f.opts.ArchiveDir) - count(t, f.opts.ErrorDir); n != 0 {
		t.Errorf("files left in the watched folder = %d, want 0", n)
	}
}

const childEnv = "LINKA_FOLDERINTAKE_CHILD"

// TestFolder_KillDuringIntake kills the intake (a child process) with
// SIGKILL twice while it takes 300 scans; a last run finishes. Every scan
// must be exactly one case and archived.
func TestFolder_KillDuringIntake(t *testing.T) {
	if testing.Short() {
		t.Skip("300 files and three child processes; not in -short")
	}
	const total = 300
	dir := t.TempDir()
	e := newEnv(t, dir)
	watched := filepath.Join(dir, "sken")
	if err := os.MkdirAll(watched, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range total {
		write(t, filepath.Join(watched, fmt.Sprintf("dopis%03d.pdf", i)), pdf(i), true)
	}
	for _, at := range []int{30, 150} {
		child := startChild(t, dir)
		waitFor(t, fmt.Sprintf("%d cases", at), 3*time.Minute, func() bool { return total-pending(watched) >= at })
		_ = child.Process.Kill()
		_ = child.Wait()
	}
	child := startChild(t, dir)
	waitFor(t, "an empty folder", 5*time.Minute, func() bool { return pending(watched) == 0 })
	_ = child.Process.Signal(syscall.SIGTERM)
	_ = child.Wait()
	var all []cases.CaseRow
	for off := 0; ; off += 100 {
		page, err := e.svc.ListCases(context.Background(), clerk, cases.CaseQuery{Limit: 100, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Rows...)
		if len(page.Rows) < 100 {
			break
		}
	}
	seen := map[string]bool{}
	for _, r := range all {
		if seen[r.Subject] {
			t.Errorf("two cases %q", r.Subject)
		}
		seen[r.Subject] = true
	}
	if len(all) != total {
		t.Errorf("cases = %d, want %d", len(all), total)
	}
	if n := count(t, filepath.Join(watched, "archiv")); n != total {
		t.Errorf("archived = %d, want %d", n, total)
	}
}

// pending counts the scans still in the watched folder.
func pending(dir string) int {
	m, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	return len(m)
}

func startChild(t *testing.T, dir string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestFolderChild$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

// TestFolderChild is the intake process of TestFolder_KillDuringIntake;
// without its environment variable it does nothing.
func TestFolderChild(t *testing.T) {
	dir := os.Getenv(childEnv)
	if dir == "" {
		t.Skip("helper process of TestFolder_KillDuringIntake")
	}
	e := newEnv(t, dir)
	f, err := New(e.svc, Options{Dir: filepath.Join(dir, "sken"), Settle: 50 * time.Millisecond, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	_ = f.Run(ctx)
}
