package smdr

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal: the test writes to the master as the
// PBX's serial line would, the client opens the slave as its port.
func openPTY(t *testing.T) (master *os.File, slave string) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal (%v): this test needs /dev/ptmx and devpts", err)
	}
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Fatalf("unlock pty: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Fatalf("pty number: %v", err)
	}
	return m, "/dev/pts/" + strconv.Itoa(n)
}

// TestClient_SerialPortDisappears runs the client against a real tty
// through OpenSerial (tarm/serial): the device is a symbolic link to a
// pseudo-terminal, which the test closes and replaces as when a USB
// adapter is pulled out and plugged in again.
func TestClient_SerialPortDisappears(t *testing.T) {
	link := filepath.Join(t.TempDir(), "ttySMDR")
	tc := runClient(t, ClientOptions{Serial: SerialOptions{Device: link, Baud: 9600, LineEnd: LineEndCR},
		BackoffBase: 20 * time.Millisecond, BackoffMax: 100 * time.Millisecond})
	if err := tc.nextErr(); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("error before the port exists = %v, want no such file", err)
	}

	m1, pts := openPTY(t)
	defer m1.Close()
	if err := os.Symlink(pts, link); err != nil {
		t.Fatal(err)
	}
	tc.waitStatus("connected", func(st ClientStatus) bool { return st.Connected })
	if _, err := m1.WriteString(strings.ReplaceAll(pageA, "\r\n", "\r") + recA + "\r"); err != nil {
		t.Fatal(err)
	}
	expectPage(t, tc)

	m1.Close()
	tc.waitStatus("disconnected", func(st ClientStatus) bool { return !st.Connected })
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	m2, pts := openPTY(t)
	defer m2.Close()
	if err := os.Symlink(pts, link); err != nil {
		t.Fatal(err)
	}
	st := tc.waitStatus("reconnected", func(st ClientStatus) bool { return st.Connected })
	if st.Reconnects < 1 || st.LastError == "" {
		t.Errorf("Status() = %+v, want a reconnect after the port's failure", st)
	}
	if _, err := m2.WriteString(recA + "\r"); err != nil {
		t.Fatal(err)
	}
	if l := tc.next(); l.Kind != KindRecord || l.Raw != recA {
		t.Errorf("line after the reopen = %s, want recA", describe(l))
	}
}
