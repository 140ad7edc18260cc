package smdr

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// wait is the generous deadline of every wait in the client tests.
const wait = 10 * time.Second

// fakePBX is a scripted SMDR telnet peer: every Dial runs the next script
// on the server side of a net.Pipe; when the scripts run out, Dial is
// refused.
type fakePBX struct {
	t       *testing.T
	mu      sync.Mutex
	scripts []func(*peer)
	dials   int
	done    sync.WaitGroup
}

func newFakePBX(t *testing.T, scripts ...func(*peer)) *fakePBX {
	f := &fakePBX{t: t, scripts: scripts}
	t.Cleanup(f.done.Wait)
	return f
}

var errRefused = errors.New("connection refused")

func (f *fakePBX) dial(ctx context.Context, network, address string) (net.Conn, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dials++
	if len(f.scripts) == 0 {
		return nil, errRefused
	}
	script := f.scripts[0]
	f.scripts = f.scripts[1:]
	client, server := net.Pipe()
	p := newPeer(f.t, server)
	f.done.Go(func() {
		defer p.close()
		script(p)
	})
	return client, nil
}

// peer is the PBX's side of one connection. A goroutine reads everything
// the client sends: telnet commands into telnet, text lines into lines.
type peer struct {
	t     *testing.T
	conn  net.Conn
	lines chan string
	mu    sync.Mutex
	tn    []byte
}

func newPeer(t *testing.T, conn net.Conn) *peer {
	p := &peer{t: t, conn: conn, lines: make(chan string, 100)}
	go p.read()
	return p
}

func (p *peer) read() {
	defer close(p.lines)
	buf := make([]byte, 512)
	var line []byte
	var cmd int // bytes of a telnet command still to come
	for {
		n, err := p.conn.Read(buf)
		for _, c := range buf[:n] {
			switch {
			case cmd > 0:
				p.mu.Lock()
				p.tn = append(p.tn, c)
				p.mu.Unlock()
				cmd--
			case c == 255:
				p.mu.Lock()
				p.tn = append(p.tn, c)
				p.mu.Unlock()
				cmd = 2
			case c == '\n':
				p.lines <- strings.TrimSuffix(string(line), "\r")
				line = line[:0]
			default:
				line = append(line, c)
			}
		}
		if err != nil {
			return
		}
	}
}

// send writes text to the client.
func (p *peer) send(text string) {
	if _, err := io.WriteString(p.conn, text); err != nil {
		p.t.Errorf("peer: send %q: %v", text, err)
	}
}

// sendBytes writes raw bytes (telnet commands) to the client.
func (p *peer) sendBytes(b ...byte) {
	if _, err := p.conn.Write(b); err != nil {
		p.t.Errorf("peer: send %v: %v", b, err)
	}
}

// expect waits for the client to send want as a line.
func (p *peer) expect(want string) bool {
	select {
	case got, ok := <-p.lines:
		if !ok {
			p.t.Errorf("peer: connection closed, want %q", want)
			return false
		}
		if got != want {
			p.t.Errorf("peer: client sent %q, want %q", got, want)
			return false
		}
		return true
	case <-time.After(wait):
		p.t.Errorf("peer: client sent nothing, want %q", want)
		return false
	}
}

// silentFor reports whether the client sent nothing for d.
func (p *peer) silentFor(d time.Duration) bool {
	select {
	case got := <-p.lines:
		p.t.Errorf("peer: client sent %q, want silence", got)
		return false
	case <-time.After(d):
		return true
	}
}

// telnet returns the telnet commands the client sent so far.
func (p *peer) telnet() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Clone(p.tn)
}

// hold keeps the connection open until the client closes it.
func (p *peer) hold() {
	for range p.lines {
	}
}

func (p *peer) close() { _ = p.conn.Close() }

// Lines a PBX prints after the login.
var (
	pageA = Header(PatternA) + "\r\n" + Separator(PatternA) + "\r\n"
	recA  = "01/02/02 10:03AM  1200 01 <I>12345678901234567890   5'15 00:00'00            NA"
)

// testClient runs a Client and collects what it reports.
type testClient struct {
	t      *testing.T
	c      *Client
	lines  chan Line
	errs   chan error
	cancel context.CancelFunc
	done   chan error
}

func startClient(t *testing.T, f *fakePBX, mod func(*ClientOptions)) *testClient {
	t.Helper()
	opts := ClientOptions{Address: "pbx.test", Dial: f.dial, LoginQuiet: 100 * time.Millisecond,
		LoginTimeout: wait, BackoffBase: 10 * time.Millisecond, BackoffMax: 50 * time.Millisecond}
	if mod != nil {
		mod(&opts)
	}
	return runClient(t, opts)
}

func runClient(t *testing.T, opts ClientOptions) *testClient {
	t.Helper()
	tc := &testClient{t: t, lines: make(chan Line, 100), errs: make(chan error, 100), done: make(chan error, 1)}
	opts.OnError = func(err error) {
		select {
		case tc.errs <- err:
		default:
		}
	}
	c, err := NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	tc.c = c
	ctx, cancel := context.WithCancel(context.Background())
	tc.cancel = cancel
	go func() { tc.done <- c.Run(ctx, func(l Line) { tc.lines <- l }) }()
	t.Cleanup(tc.stop)
	return tc
}

// stop cancels Run and waits for it to return.
func (tc *testClient) stop() {
	tc.cancel()
	select {
	case err := <-tc.done:
		if err != nil {
			tc.t.Errorf("Run = %v, want nil after cancel", err)
		}
		tc.done <- nil
	case <-time.After(wait):
		tc.t.Errorf("Run did not return after cancel")
	}
}

// next returns the next line the client handed over.
func (tc *testClient) next() Line {
	tc.t.Helper()
	select {
	case l := <-tc.lines:
		return l
	case <-time.After(wait):
		tc.t.Fatalf("no line within %v; status %+v", wait, tc.c.Status())
		return Line{}
	}
}

// nextErr returns the next error the client reported.
func (tc *testClient) nextErr() error {
	tc.t.Helper()
	select {
	case err := <-tc.errs:
		return err
	case <-time.After(wait):
		tc.t.Fatalf("no error within %v; status %+v", wait, tc.c.Status())
		return nil
	}
}

// waitStatus waits until cond holds for the client's status.
func (tc *testClient) waitStatus(what string, cond func(ClientStatus) bool) ClientStatus {
	tc.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		st := tc.c.Status()
		if cond(st) {
			return st
		}
		if time.Now().After(deadline) {
			tc.t.Fatalf("status never %s: %+v", what, st)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
