package smdr

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

// expectPage checks that the client hands over a page header, its
// separator and a record.
func expectPage(t *testing.T, tc *testClient) {
	t.Helper()
	for _, want := range []Kind{KindHeader, KindSeparator, KindRecord} {
		if l := tc.next(); l.Kind != want {
			t.Fatalf("line = %s (%q), want a %s", describe(l), l.Raw, want)
		}
	}
}

// expectStream checks that the client hands over a page header, its
// separator and recA, and nothing more, and shows itself connected.
func expectStream(t *testing.T, tc *testClient) {
	t.Helper()
	expectPage(t, tc)
	st := tc.waitStatus("connected", func(st ClientStatus) bool { return st.Connected })
	if st.Lines != 3 || st.BadLines != 0 || st.Layout != PatternA || st.Source != "pbx.test:2300" {
		t.Errorf("Status() = %+v, want 3 good lines of pattern A from pbx.test:2300", st)
	}
}

func TestClient_LoginVariants(t *testing.T) {
	const (
		iac, will, wont, do         = 255, 251, 252, 253
		echo, sga, ttype, naws, env = 1, 3, 24, 31, 39
	)
	tests := []struct {
		name   string
		mod    func(*ClientOptions)
		script func(p *peer)
	}{
		{"login and password prompts", nil, func(p *peer) {
			p.send("\r\nKX-TDE SMDR\r\n\r\nlogin: ")
			if p.expect("SMDR") {
				p.send("Password: ")
				if p.expect("PCCSMDR") {
					p.send("\r\n" + pageA + recA + "\r\n")
				}
			}
			p.hold()
		}},
		{"Enter user name", nil, func(p *peer) {
			p.send("Enter user name:")
			if p.expect("SMDR") {
				p.send("\r\nEnter password:")
				if p.expect("PCCSMDR") {
					p.send("\r\n" + pageA + recA + "\r\n")
				}
			}
			p.hold()
		}},
		{"Username with its own line end", nil, func(p *peer) {
			p.send("Username:\r\n")
			if p.expect("SMDR") {
				p.send("Password:\r\n")
				if p.expect("PCCSMDR") {
					p.send(pageA + recA + "\r\n")
				}
			}
			p.hold()
		}},
		{"no prompt at all", nil, func(p *peer) {
			// The client sends the user and the password after a quiet
			// period each, then takes silence as success.
			if p.expect("SMDR") && p.expect("PCCSMDR") && p.silentFor(300*time.Millisecond) {
				p.send(pageA + recA + "\r\n")
			}
			p.hold()
		}},
		{"command prompt then password", nil, func(p *peer) {
			p.send("> ")
			if p.expect("SMDR") {
				p.send("\r\nEnter password: ")
				if p.expect("PCCSMDR") {
					p.send("\r\n" + pageA + recA + "\r")
				}
			}
			p.hold()
		}},
		{"password prompt with echo", nil, func(p *peer) {
			p.send("login: ")
			if p.expect("SMDR") {
				p.send("SMDR\r\nPassword: ")
				if p.expect("PCCSMDR") {
					p.send("PCCSMDR\r\n\r\n" + pageA + recA + "\r\n")
				}
			}
			p.hold()
		}},
		{"password prompt with masked echo", nil, func(p *peer) {
			p.send("login: ")
			if p.expect("SMDR") {
				p.send("SMDR\r\nPassword: ")
				if p.expect("PCCSMDR") {
					p.send("*******\r\n" + pageA + recA + "\r\n")
				}
			}
			p.hold()
		}},
		{"echo switched off for the password", nil, func(p *peer) {
			p.send("login: ")
			if p.expect("SMDR") {
				p.sendBytes(iac, will, echo)
				p.send("Password: ")
				if p.expect("PCCSMDR") {
					p.sendBytes(iac, wont, echo)
					p.send("\r\n" + pageA + recA + "\r\n")
				}
			}
			p.hold()
			if got, want := p.telnet(), []byte{iac, do, echo, iac, 254, echo}; !bytes.Equal(got, want) {
				t.Errorf("telnet answers = %v, want %v", got, want)
			}
		}},
		{"telnet negotiation", nil, func(p *peer) {
			p.sendBytes(iac, do, ttype, iac, will, echo, iac, will, sga, iac, do, naws, iac, do, env)
			p.send("login: ")
			if p.expect("SMDR") {
				p.send("Password: ")
				if p.expect("PCCSMDR") {
					p.send("\r\n" + pageA + recA + "\r\n")
				}
			}
			p.hold()
			want := []byte{iac, wont, ttype, iac, do, echo, iac, do, sga, iac, wont, naws, iac, wont, env}
			if got := p.telnet(); !bytes.Equal(got, want) {
				t.Errorf("telnet answers = %v, want %v", got, want)
			}
		}},
		{"CR NUL line ends", nil, func(p *peer) {
			p.send("login: ")
			if p.expect("SMDR") {
				p.send("\r\x00Password: ")
				if p.expect("PCCSMDR") {
					p.send("\r\x00" + strings.ReplaceAll(pageA, "\r\n", "\r\x00") + recA + "\r\x00")
				}
			}
			p.hold()
		}},
		{"no login needed", nil, func(p *peer) {
			p.send(pageA + recA + "\r\n")
			p.hold()
		}},
		{"configured user and password", func(o *ClientOptions) { o.User, o.Password = "smdr2", "secret" }, func(p *peer) {
			p.send("login: ")
			if p.expect("smdr2") {
				p.send("Password: ")
				if p.expect("secret") {
					p.send(pageA + recA + "\r\n")
				}
			}
			p.hold()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := startClient(t, newFakePBX(t, tt.script), tt.mod)
			expectStream(t, tc)
		})
	}
}

func TestClient_FailedLogin(t *testing.T) {
	tests := []struct {
		name   string
		script func(p *peer)
		reason string
	}{
		{"login incorrect", func(p *peer) {
			p.send("login: ")
			if p.expect("SMDR") {
				p.send("Password: ")
				if p.expect("PCCSMDR") {
					p.send("\r\nLogin incorrect\r\n")
				}
			}
			p.hold()
		}, "rejected"},
		{"prompt comes back", func(p *peer) {
			p.send("login: ")
			if p.expect("SMDR") {
				p.send("Password: ")
				if p.expect("PCCSMDR") {
					p.send("\r\nlogin: ")
				}
			}
			p.hold()
		}, "prompt repeated"},
		{"password prompt comes back", func(p *peer) {
			p.send("Enter password: ")
			if p.expect("PCCSMDR") {
				p.send("\r\nEnter password: ")
			}
			p.hold()
		}, "prompt repeated"},
		{"closed after the password", func(p *peer) {
			p.send("login: ")
			if p.expect("SMDR") {
				p.send("Password: ")
				p.expect("PCCSMDR")
			}
		}, "connection closed"},
	}
	accept := func(p *peer) {
		p.send("login: ")
		if p.expect("SMDR") {
			p.send("Password: ")
			if p.expect("PCCSMDR") {
				p.send(pageA + recA + "\r\n")
			}
		}
		p.hold()
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := startClient(t, newFakePBX(t, tt.script, accept), nil)
			err := tc.nextErr()
			var le *LoginError
			if !errors.As(err, &le) || le.Reason != tt.reason {
				t.Fatalf("error = %v, want a *LoginError %q", err, tt.reason)
			}
			if strings.Contains(err.Error(), "PCCSMDR") {
				t.Errorf("error %q shows the password", err)
			}
			st := tc.c.Status()
			if st.Connected || st.LastError != err.Error() {
				t.Errorf("Status() after the failed login = %+v, want not connected with the error", st)
			}
			// The client retries and the second connection logs in.
			expectStream(t, tc)
			if st := tc.c.Status(); st.Reconnects != 1 {
				t.Errorf("Status().Reconnects = %d, want 1", st.Reconnects)
			}
		})
	}
}

func TestClient_LoginTimeout(t *testing.T) {
	chatter := func(p *peer) {
		for range 500 {
			if _, err := p.conn.Write([]byte("please wait\r\n")); err != nil {
				return // the client gave up
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	tc := startClient(t, newFakePBX(t, chatter), func(o *ClientOptions) { o.LoginTimeout = 300 * time.Millisecond })
	var le *LoginError
	if err := tc.nextErr(); !errors.As(err, &le) || le.Reason != "timeout" || le.Stage != "user prompt" ||
		le.Text != "please wait" {
		t.Errorf("error = %v, want a login timeout at the user prompt", err)
	}
}

func TestClient_ReconnectAfterDrop(t *testing.T) {
	first := func(p *peer) {
		p.send("login: ")
		if p.expect("SMDR") {
			p.send("Password: ")
			if p.expect("PCCSMDR") {
				p.send(pageA + recA + "\r\n" + recA[:20]) // dropped in the middle of a line
			}
		}
	}
	second := func(p *peer) {
		p.send("login: ")
		if p.expect("SMDR") {
			p.send("Password: ")
			if p.expect("PCCSMDR") {
				p.send(pageA + recA + "\r\n")
			}
		}
		p.hold()
	}
	f := newFakePBX(t, first, second)
	tc := startClient(t, f, nil)
	expectPage(t, tc)
	cut := tc.next()
	if cut.Kind != KindInvalid || cut.Raw != recA[:20] {
		t.Errorf("line cut by the drop = %s (%q), want it kept as invalid", describe(cut), cut.Raw)
	}
	if err := tc.nextErr(); !errors.Is(err, ErrClosed) {
		t.Errorf("error after the drop = %v, want ErrClosed", err)
	}
	expectPage(t, tc)
	st := tc.waitStatus("reconnected", func(st ClientStatus) bool { return st.Connected })
	if st.Reconnects != 1 || st.Lines != 7 || st.BadLines != 1 || !strings.Contains(st.LastError, "closed") {
		t.Errorf("Status() = %+v, want 1 reconnect, 7 lines, 1 bad, the drop as last error", st)
	}
}

func TestClient_HeaderRepeatedMidStream(t *testing.T) {
	recC := row(widthsC, "01/02/02", "10:07AM", " 1230", "0001", "0601123456", "", "00:00'05", "00560.00EUR", "", "")
	script := func(p *peer) {
		p.send(pageA + recA + "\r\n" + recA + "\r\n")
		p.send("\f" + pageA + recA + "\r\n")
		p.send(Header(PatternC) + "\r\n" + Separator(PatternC) + "\r\n" + recC + "\r\n")
		p.send("garbage\r\n" + recC + "\r\n")
		p.hold()
	}
	tc := startClient(t, newFakePBX(t, script), nil)
	want := []string{"header A", "separator A", "A incoming", "A incoming", "header A", "separator A", "A incoming",
		"header C", "separator C", "C outgoing", "invalid", "C outgoing"}
	for i, w := range want {
		if l := tc.next(); !strings.HasPrefix(describe(l), w) {
			t.Errorf("line %d = %s, want %s…", i+1, describe(l), w)
		}
	}
	st := tc.waitStatus("all counted", func(st ClientStatus) bool { return st.Lines == uint64(len(want)) })
	if st.BadLines != 1 || st.Layout != PatternC || st.LastLineAt.IsZero() {
		t.Errorf("Status() = %+v, want 1 bad line, layout C", st)
	}
}

func TestClient_BacksOffWhileRefused(t *testing.T) {
	f := newFakePBX(t)
	tc := startClient(t, f, nil)
	for range 3 {
		if err := tc.nextErr(); !errors.Is(err, errRefused) {
			t.Fatalf("error = %v, want the refused dial", err)
		}
	}
	st := tc.waitStatus("retrying", func(st ClientStatus) bool { return st.Reconnects >= 2 })
	if st.Connected || !strings.Contains(st.LastError, "connect pbx.test:2300") {
		t.Errorf("Status() = %+v, want not connected, the dial as last error", st)
	}
}

func TestClient_RunOnce(t *testing.T) {
	tc := startClient(t, newFakePBX(t), nil)
	tc.nextErr() // Run has started
	if err := tc.c.Run(context.Background(), func(Line) {}); err == nil {
		t.Errorf("second Run = nil, want an error")
	}
}

func TestNewClient_Options(t *testing.T) {
	tests := []struct {
		name string
		opts ClientOptions
		ok   bool
	}{
		{"address", ClientOptions{Address: "pbx"}, true},
		{"serial", ClientOptions{Serial: SerialOptions{Device: "/dev/ttyS0", Baud: 19200, DataBits: 7,
			Parity: ParityEven, StopBits: 2, LineEnd: LineEndCR}}, true},
		{"nothing", ClientOptions{}, false},
		{"both", ClientOptions{Address: "pbx", Serial: SerialOptions{Device: "/dev/ttyS0"}}, false},
		{"bad baud", ClientOptions{Serial: SerialOptions{Device: "/dev/ttyS0", Baud: 1000}}, false},
		{"bad data bits", ClientOptions{Serial: SerialOptions{Device: "/dev/ttyS0", DataBits: 6}}, false},
		{"bad parity", ClientOptions{Serial: SerialOptions{Device: "/dev/ttyS0", Parity: 'M'}}, false},
		{"bad stop bits", ClientOptions{Serial: SerialOptions{Device: "/dev/ttyS0", StopBits: 3}}, false},
		{"negative backoff", ClientOptions{Address: "pbx", BackoffBase: -1}, false},
		{"max below base", ClientOptions{Address: "pbx", BackoffBase: time.Minute, BackoffMax: time.Second}, false},
		{"bad parser options", ClientOptions{Address: "pbx", Parse: Options{YearPivot: 200}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(tt.opts)
			if (err == nil) != tt.ok {
				t.Fatalf("NewClient(%+v) error = %v, want ok %v", tt.opts, err, tt.ok)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "smdr: ") {
				t.Errorf("error %q lacks the smdr: prefix", err)
			}
			if c != nil && c.Status().Connected {
				t.Errorf("a new client is connected")
			}
		})
	}
	c, err := NewClient(ClientOptions{Address: "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	if o := c.opts; o.Address != "192.0.2.1:2300" || o.User != "SMDR" || o.Password != "PCCSMDR" ||
		o.BackoffBase != time.Second || o.BackoffMax != time.Minute || o.LoginQuiet != time.Second {
		t.Errorf("defaults = %+v, want port 2300, SMDR/PCCSMDR, 1 s–1 min backoff", o)
	}
	if c, _ := NewClient(ClientOptions{Address: "[2001:db8::1]:23"}); c.opts.Address != "[2001:db8::1]:23" {
		t.Errorf("Address with a port became %q", c.opts.Address)
	}
}

func TestBackoff_Bounds(t *testing.T) {
	for attempt := range 12 {
		want := min(time.Second<<attempt, time.Minute)
		for range 20 {
			if d := backoff(time.Second, time.Minute, attempt); d < want/2 || d > want {
				t.Fatalf("backoff(1s, 1m, %d) = %v, want within [%v, %v]", attempt, d, want/2, want)
			}
		}
	}
}

// A net.Conn whose writes fail, to check that the login reports them.
type brokenConn struct{ net.Conn }

func (brokenConn) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestClient_LoginWriteFails(t *testing.T) {
	script := func(p *peer) {
		p.send("login: ")
		p.hold()
	}
	f := newFakePBX(t, script)
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := f.dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return brokenConn{c}, nil
	}
	tc := startClient(t, f, func(o *ClientOptions) { o.Dial = dial })
	if err := tc.nextErr(); err == nil || !strings.Contains(err.Error(), "send user") {
		t.Errorf("error = %v, want the failed send of the user", err)
	}
}
