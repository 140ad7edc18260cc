package pbxsim

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// smdrListen serves SMDR for p on 127.0.0.1 and returns the address;
// served receives what ServeSMDR returned.
func smdrListen(t testing.TB, p *PBX) (addr string, served chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	served = make(chan error, 1)
	go func() { served <- p.ServeSMDR(ln) }()
	return ln.Addr().String(), served
}

// smdrClient is a raw SMDR client reading what the PBX writes.
type smdrClient struct {
	t    testing.TB
	conn net.Conn
	r    *bufio.Reader
	end  string   // the line end the PBX uses
	all  []string // every line read
}

// smdrDial connects to addr without logging in.
func smdrDial(t testing.TB, addr string) *smdrClient {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial SMDR: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return &smdrClient{t: t, conn: conn, r: bufio.NewReader(conn), end: "\r\n"}
}

// expect reads exactly len(want) bytes and compares them with want.
func (c *smdrClient) expect(want string) {
	c.t.Helper()
	_ = c.conn.SetReadDeadline(time.Now().Add(wait))
	got := make([]byte, len(want))
	n, err := io.ReadFull(c.r, got)
	if err != nil || string(got) != want {
		c.t.Fatalf("SMDR read %q (%v), want %q", got[:n], err, want)
	}
}

// send writes s to the PBX.
func (c *smdrClient) send(s string) {
	c.t.Helper()
	if _, err := c.conn.Write([]byte(s)); err != nil {
		c.t.Fatalf("SMDR write: %v", err)
	}
}

// login runs the default dialogue with the default credentials.
func (c *smdrClient) login() {
	c.t.Helper()
	c.expect(string(smdrNegotiation) + "login: ")
	c.send("SMDR\r\n")
	c.expect("SMDR\r\nPassword: ")
	c.send("PCCSMDR\r\n")
	c.expect("\r\n")
}

// line reads the next line and strips its end.
func (c *smdrClient) line() string {
	c.t.Helper()
	_ = c.conn.SetReadDeadline(time.Now().Add(wait))
	var b []byte
	for !bytes.HasSuffix(b, []byte(c.end)) {
		x, err := c.r.ReadByte()
		if err != nil {
			c.t.Fatalf("SMDR line: read %q, then %v", b, err)
		}
		b = append(b, x)
	}
	l := string(b[:len(b)-len(c.end)])
	c.all = append(c.all, l)
	return l
}

// record reads the next line that is neither the header nor the separator.
func (c *smdrClient) record() string {
	c.t.Helper()
	for {
		if l := c.line(); l != smdrHeader && l != smdrSeparator {
			return l
		}
	}
}

// expectEOF waits for the PBX to close the connection.
func (c *smdrClient) expectEOF() {
	c.t.Helper()
	_ = c.conn.SetReadDeadline(time.Now().Add(wait))
	b, err := io.ReadAll(c.r)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		c.t.Fatalf("SMDR connection still open after %v; read %q", wait, b)
	}
	if len(b) > 0 {
		c.t.Errorf("SMDR read %q before the close, want nothing", b)
	}
}

// barrierExt is the extension whose log-out and log-in lines mark the end
// of a scenario's records: it is the only member of group 700.
const barrierExt = "110"

// smdrOptions returns PBX options with group 700 of barrierExt and the
// clock clk.
func smdrOptions(clk *clock, smdr SMDROptions) Options {
	return Options{
		Groups: map[string][]string{"600": {"101", "102", "103"}, "700": {barrierExt}},
		Now:    clk.Now, SMDR: smdr,
	}
}

// barrier logs barrierExt out and in again and returns the records up to
// its status lines, which must come last.
func (c *smdrClient) barrier(p *PBX) []string {
	c.t.Helper()
	must(c.t, p.AgentLogout(barrierExt))
	must(c.t, p.AgentLogin(barrierExt))
	var got []string
	for {
		l := c.record()
		if strings.HasSuffix(l, " "+barrierExt+"    "+statusLogOut) {
			if l := c.record(); !strings.HasSuffix(l, " "+barrierExt+"    "+statusLogIn) {
				c.t.Fatalf("SMDR record after the log-out barrier = %q, want the log-in", l)
			}
			return got
		}
		got = append(got, l)
	}
}

// smdrLine builds a Pattern A line field by field from PROTOCOLS.md's
// widths, trimmed of trailing blanks, for the expectations of tests.
func smdrLine(date, hhmm, ext, co, dial, ring, duration, acc, cd string) string {
	l := fmt.Sprintf("%-8s %-7s %5s %2s %-25s %4s %-8s %-10s %-3s", date, hhmm, ext, co, dial, ring, duration, acc, cd)
	return strings.TrimRight(l, " ")
}
