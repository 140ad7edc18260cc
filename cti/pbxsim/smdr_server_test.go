package pbxsim

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// logOutLine is the record AgentLogout("101") prints at 09:30 on
// 14 March 2025.
var logOutLine = smdrLine(scnDate, "09:30AM", "101", "", "LOG OUT", "", "", "", "")

// smdrPBX returns a PBX at 09:30 on 14 March 2025 serving SMDR on TCP.
func smdrPBX(t *testing.T, smdr SMDROptions) (*PBX, string) {
	t.Helper()
	clk := &clock{now: prague(2025, 3, 14, 9, 30)}
	p := newPBX(t, smdrOptions(clk, smdr))
	addr, _ := smdrListen(t, p)
	return p, addr
}

func TestSMDRServer_LoginVariants(t *testing.T) {
	iac := string(smdrNegotiation)
	// step is a client write (send) or what the PBX must write next.
	type step struct{ send, expect string }
	tests := []struct {
		name   string
		smdr   SMDROptions
		steps  []step
		lineAt string // the line end of records
	}{
		{"default", SMDROptions{}, []step{
			{expect: iac + "login: "}, {send: "SMDR\r\n"}, {expect: "SMDR\r\nPassword: "}, {send: "PCCSMDR\r\n"}, {expect: "\r\n"},
		}, "\r\n"},
		{"user name prompt without echo", SMDROptions{UserPrompt: "Enter user name: ", PasswordPrompt: "Enter password: ", NoEcho: true}, []step{
			{expect: iac + "Enter user name: "}, {send: "SMDR\r\n"}, {expect: "Enter password: "}, {send: "PCCSMDR\r\n"}, {expect: "\r\n"},
		}, "\r\n"},
		{"no prompt, credentials sent at once", SMDROptions{NoPrompt: true}, []step{
			{expect: iac}, {send: "SMDR\r\nPCCSMDR\r\n"}, {expect: "SMDR\r\n\r\n"},
		}, "\r\n"},
		{"client negotiation, CR NUL and a lone CR", SMDROptions{}, []step{
			{send: "\xff\xfd\x01\xff\xfd\x03"}, {expect: iac + "login: "},
			{send: "\xff\xfa\x18\x00VT100\xff\xf0SM\xff\xfb\x1fDR\r\x00"}, {expect: "SMDR\r\nPassword: "},
			{send: "PCCSMDR\r"}, {expect: "\r\n"},
		}, "\r\n"},
		{"LF line ends", SMDROptions{}, []step{
			{expect: iac + "login: "}, {send: "SMDR\n"}, {expect: "SMDR\r\nPassword: "}, {send: "PCCSMDR\n"}, {expect: "\r\n"},
		}, "\r\n"},
		{"other credentials, CR NUL line ends", SMDROptions{User: "smdr2", Password: "tajne", LineEnd: SMDRLineEndNUL}, []step{
			{expect: iac + "login: "}, {send: "smdr2\r\n"}, {expect: "smdr2\r\x00Password: "}, {send: "tajne\r\n"}, {expect: "\r\x00"},
		}, "\r\x00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, addr := smdrPBX(t, tt.smdr)
			c := smdrDial(t, addr)
			for _, s := range tt.steps {
				if s.send != "" {
					c.send(s.send)
				}
				c.expect(s.expect)
			}
			must(t, p.AgentLogout("101"))
			e := tt.lineAt
			c.expect(smdrHeader + e + smdrSeparator + e + logOutLine + e)
		})
	}
}

func TestSMDRServer_LoginIncorrect(t *testing.T) {
	p, addr := smdrPBX(t, SMDROptions{})
	c := smdrDial(t, addr)
	c.expect(string(smdrNegotiation) + "login: ")
	c.send("SMDR\r\n")
	c.expect("SMDR\r\nPassword: ")
	c.send("PCCSMD\r\n")
	c.expect("\r\nLogin incorrect\r\nlogin: ")
	c.send("smdr\r\n")
	c.expect("smdr\r\nPassword: ")
	c.send("PCCSMDR\r\n")
	c.expect("\r\nLogin incorrect\r\nlogin: ")
	c.send("SMDR\r\n")
	c.expect("SMDR\r\nPassword: ")
	c.send("PCCSMDR\r\n")
	c.expect("\r\n")
	must(t, p.AgentLogout("101"))
	if got := c.record(); got != logOutLine {
		t.Errorf("record after two failed logins = %q, want %q", got, logOutLine)
	}
}

func TestSMDRServer_LoginFailures(t *testing.T) {
	tests := []struct {
		name     string
		attempts int
		want     int // failed logins before the close
	}{
		{"three by default", 0, 3},
		{"one", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &clock{now: prague(2025, 3, 14, 9, 30)}
			p := newPBX(t, smdrOptions(clk, SMDROptions{LoginAttempts: tt.attempts}))
			a, b := net.Pipe()
			served := make(chan error, 1)
			go func() { served <- p.ServeSMDRConn(b) }()
			c := &smdrClient{t: t, conn: a, r: bufio.NewReader(a), end: "\r\n"}
			t.Cleanup(func() { a.Close() })
			c.expect(string(smdrNegotiation))
			for range tt.want {
				c.expect("login: ")
				c.send("SMDR\r\n")
				c.expect("SMDR\r\nPassword: ")
				c.send("wrong\r\n")
				c.expect("\r\nLogin incorrect\r\n")
			}
			c.expectEOF()
			select {
			case err := <-served:
				if !errors.Is(err, ErrSMDRLogin) {
					t.Errorf("ServeSMDRConn = %v, want ErrSMDRLogin", err)
				}
			case <-time.After(wait):
				t.Fatal("ServeSMDRConn did not return after the failed logins")
			}
		})
	}
}

func TestSMDRServer_Pages(t *testing.T) {
	const records = 7
	tests := []struct {
		name   string
		length int
		// headers are the indexes of the lines that must be headers.
		headers []int
	}{
		{"five lines a page", 5, []int{0, 5, 10}},
		{"header once", -1, []int{0}},
		{"sixty lines a page by default", 0, []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, addr := smdrPBX(t, SMDROptions{PageLength: tt.length, PadLines: true})
			c := smdrDial(t, addr)
			c.login()
			for i := range records {
				if i%2 == 0 {
					must(t, p.AgentLogout("101"))
				} else {
					must(t, p.AgentLogin("101"))
				}
			}
			n := records + 2*len(tt.headers)
			for i, h := 0, 0; i < n; i++ {
				l := c.line()
				if h < len(tt.headers) && i == tt.headers[h] {
					if l != smdrHeader {
						t.Fatalf("line %d = %q, want the header", i, l)
					}
					if l := c.line(); l != smdrSeparator {
						t.Fatalf("line %d = %q, want the separator", i+1, l)
					}
					i++
					h++
					continue
				}
				if len(l) != smdrWidth || !strings.Contains(l, " 101    LOG ") {
					t.Fatalf("line %d = %q, want a status line of %d columns", i, l, smdrWidth)
				}
			}
		})
	}
}

func TestSMDRServer_RecordsAfterLogin(t *testing.T) {
	p, addr := smdrPBX(t, SMDROptions{})
	must(t, p.AgentLogout("102")) // before anybody logged in
	first := smdrDial(t, addr)
	first.login()
	second := smdrDial(t, addr)
	second.expect(string(smdrNegotiation) + "login: ")
	must(t, p.AgentLogout("101")) // while the second is logging in
	second.send("SMDR\r\n")
	second.expect("SMDR\r\nPassword: ")
	second.send("PCCSMDR\r\n")
	second.expect("\r\n")
	must(t, p.AgentLogin("101"))
	logIn := smdrLine(scnDate, "09:30AM", "101", "", "LOG IN", "", "", "", "")
	for _, tc := range []struct {
		name string
		c    *smdrClient
		want []string
	}{{"first", first, []string{logOutLine, logIn}}, {"second", second, []string{logIn}}} {
		for _, want := range tc.want {
			if got := tc.c.record(); got != want {
				t.Errorf("%s client record = %q, want %q", tc.name, got, want)
			}
		}
	}
}

func TestSMDRServer_DropConnections(t *testing.T) {
	p, addr := smdrPBX(t, SMDROptions{})
	c := smdrDial(t, addr)
	c.login()
	half := smdrDial(t, addr)
	half.expect(string(smdrNegotiation) + "login: ")
	p.DropSMDRConnections()
	c.expectEOF()
	half.expectEOF()
	again := smdrDial(t, addr)
	again.login()
	must(t, p.AgentLogout("101"))
	if got := again.record(); got != logOutLine {
		t.Errorf("record after a reconnection = %q, want %q", got, logOutLine)
	}
}

func TestSMDRServer_Close(t *testing.T) {
	clk := &clock{now: prague(2025, 3, 14, 9, 30)}
	p := newPBX(t, smdrOptions(clk, SMDROptions{}))
	addr, served := smdrListen(t, p)
	c := smdrDial(t, addr)
	c.login()
	p.Close()
	c.expectEOF()
	select {
	case err := <-served:
		if !errors.Is(err, ErrServerClosed) {
			t.Errorf("ServeSMDR after Close = %v, want ErrServerClosed", err)
		}
	case <-time.After(wait):
		t.Fatal("ServeSMDR did not return after Close")
	}
	a, b := net.Pipe()
	defer a.Close()
	if err := p.ServeSMDRConn(b); !errors.Is(err, ErrServerClosed) {
		t.Errorf("ServeSMDRConn after Close = %v, want ErrServerClosed", err)
	}
	if _, err := a.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("read from a connection served after Close = %v, want EOF", err)
	}
}

func TestSMDRServer_ListenAndServe(t *testing.T) {
	p := newPBX(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.ListenAndServeSMDR(ctx, "127.0.0.1:0") }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ListenAndServeSMDR after cancel = %v, want nil", err)
		}
	case <-time.After(wait):
		t.Fatal("ListenAndServeSMDR did not return after cancel")
	}
	if err := newPBX(t, Options{}).ListenAndServeSMDR(context.Background(), "127.0.0.1:-1"); err == nil {
		t.Error("ListenAndServeSMDR(port -1) = nil, want a listen error")
	}
}

func TestSMDROptions_Validate(t *testing.T) {
	tests := []struct {
		name string
		smdr SMDROptions
		ok   bool
	}{
		{"zero value", SMDROptions{}, true},
		{"header once", SMDROptions{PageLength: -1}, true},
		{"page too short", SMDROptions{PageLength: 2}, false},
		{"negative attempts", SMDROptions{LoginAttempts: -1}, false},
		{"negative queue", SMDROptions{QueueLimit: -1}, false},
		{"password with a line end", SMDROptions{Password: "a\r\nb"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Options{SMDR: tt.smdr}.Validate()
			if (err == nil) != tt.ok {
				t.Errorf("Validate(%+v) = %v, want ok %v", tt.smdr, err, tt.ok)
			}
		})
	}
}
