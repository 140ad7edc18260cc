package pbxsim

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
)

// ErrSMDRLogin is returned by ServeSMDRConn when a client failed to log in
// SMDROptions.LoginAttempts times in a row.
var ErrSMDRLogin = errors.New("pbxsim: smdr: login incorrect")

// smdrLoginIncorrect answers wrong credentials.
const smdrLoginIncorrect = "Login incorrect"

// smdrConn is one SMDR client: the connection's goroutine writes the
// lines queued for it, another drops what the client sends once logged
// in.
type smdrConn struct {
	conn  net.Conn
	lines chan string
	done  chan struct{}
	once  sync.Once
	live  bool // logged in and receiving records; guarded by p.mu
}

// close cuts the connection, abruptly when reset is set (a TCP reset).
func (sc *smdrConn) close(reset bool) {
	sc.once.Do(func() {
		if tc, ok := sc.conn.(*net.TCPConn); ok && reset {
			_ = tc.SetLinger(0)
		}
		close(sc.done)
		sc.conn.Close()
	})
}

// ListenAndServeSMDR listens on the TCP address addr ("" means ":2300")
// and serves SMDR clients until ctx is done, then closes the PBX and
// returns nil.
func (p *PBX) ListenAndServeSMDR(ctx context.Context, addr string) error {
	if addr == "" {
		addr = DefaultSMDRAddr
	}
	return p.listenAndServe(ctx, addr, "smdr: ", p.ServeSMDR)
}

// ServeSMDR accepts SMDR clients on ln until ln fails or the PBX is
// closed; ln is closed when ServeSMDR returns. Several clients may be
// logged in at a time; each gets every record printed after its login.
func (p *PBX) ServeSMDR(ln net.Listener) error {
	return p.accept(ln, "smdr: ", func(conn net.Conn) { go func() { _ = p.ServeSMDRConn(conn) }() })
}

// ServeSMDRConn serves one SMDR client over conn (a TCP connection or one
// end of a net.Pipe): the telnet negotiation, the login dialogue, then
// the records, each followed by SMDROptions.LineEnd, until the client
// leaves, the connections are dropped or the PBX is closed. It returns
// ErrSMDRLogin after too many failed logins.
func (p *PBX) ServeSMDRConn(conn net.Conn) error {
	sc := &smdrConn{conn: conn, lines: make(chan string, p.opts.SMDR.QueueLimit), done: make(chan struct{})}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		conn.Close()
		return ErrServerClosed
	}
	if p.smdrConns == nil {
		p.smdrConns = map[*smdrConn]struct{}{}
	}
	p.smdrConns[sc] = struct{}{}
	p.wg.Add(1)
	p.mu.Unlock()
	defer p.wg.Done()
	p.log.Debug("pbxsim: smdr client connected", "remote", conn.RemoteAddr().String())
	err := p.serveSMDR(sc)
	p.mu.Lock()
	delete(p.smdrConns, sc)
	p.mu.Unlock()
	sc.close(false)
	p.log.Debug("pbxsim: smdr client gone", "remote", conn.RemoteAddr().String(), "err", err)
	if p.isClosed() {
		return ErrServerClosed
	}
	return err
}

// serveSMDR runs the dialogue and the stream of one client.
func (p *PBX) serveSMDR(sc *smdrConn) error {
	in := newTelnetReader(sc.conn)
	if _, err := sc.conn.Write(smdrNegotiation); err != nil {
		return fmt.Errorf("pbxsim: smdr: negotiate: %w", err)
	}
	if err := p.smdrLogin(sc, in); err != nil {
		return err
	}
	discarded := make(chan struct{})
	go func() {
		defer close(discarded)
		_ = in.discard()
		sc.close(false)
	}()
	err := p.smdrStream(sc)
	sc.close(false)
	<-discarded
	return err
}

// smdrLogin asks for the user and the password until they are right or
// the attempts are used up. The client is live, receiving records, before
// the line end that follows the password, so that a client knows every
// call ending after that line end is reported.
func (p *PBX) smdrLogin(sc *smdrConn, in *telnetReader) error {
	o := p.opts.SMDR
	for attempt := 1; ; attempt++ {
		user, err := p.smdrAsk(sc, in, o.UserPrompt)
		if err != nil {
			return err
		}
		if !o.NoEcho {
			if err := sc.write(user + o.LineEnd); err != nil {
				return err
			}
		}
		password, err := p.smdrAsk(sc, in, o.PasswordPrompt)
		if err != nil {
			return err
		}
		if user == o.User && password == o.Password {
			p.mu.Lock()
			sc.live = true
			p.mu.Unlock()
			return sc.write(o.LineEnd)
		}
		if err := sc.write(o.LineEnd + smdrLoginIncorrect + o.LineEnd); err != nil {
			return err
		}
		if attempt >= o.LoginAttempts {
			return ErrSMDRLogin
		}
	}
}

// smdrAsk writes prompt (unless SMDROptions.NoPrompt) and reads the
// answer.
func (p *PBX) smdrAsk(sc *smdrConn, in *telnetReader, prompt string) (string, error) {
	if !p.opts.SMDR.NoPrompt {
		if err := sc.write(prompt); err != nil {
			return "", err
		}
	}
	answer, err := in.readLine()
	if err != nil {
		return "", fmt.Errorf("pbxsim: smdr: read login: %w", err)
	}
	return answer, nil
}

// write writes s to the client.
func (sc *smdrConn) write(s string) error {
	if _, err := sc.conn.Write([]byte(s)); err != nil {
		return fmt.Errorf("pbxsim: smdr: write: %w", err)
	}
	return nil
}

// smdrStream writes the queued records, with the header and separator at
// the top of every page, until the connection ends.
func (p *PBX) smdrStream(sc *smdrConn) error {
	o := p.opts.SMDR
	end := o.LineEnd
	written := 0
	for {
		select {
		case <-sc.done:
			return nil
		case line := <-sc.lines:
			var b []byte
			if written == 0 || (o.PageLength > 0 && written%o.PageLength == 0) {
				b = append(b, smdrHeader+end+smdrSeparator+end...)
				written += 2
			}
			b = append(b, line+end...)
			written++
			if _, err := sc.conn.Write(b); err != nil {
				return fmt.Errorf("pbxsim: smdr: write: %w", err)
			}
		}
	}
}

// smdrPrint queues the line of r to every client logged in; a client
// whose queue is full loses it. Runs with p.mu held.
func (p *PBX) smdrPrint(r smdrRecord) {
	if len(p.smdrConns) == 0 {
		return
	}
	line := smdrFormat{dayFirst: p.opts.SMDR.DayFirst, pad: p.opts.SMDR.PadLines}.format(r)
	for sc := range p.smdrConns {
		if !sc.live {
			continue
		}
		select {
		case sc.lines <- line:
		default:
		}
	}
}

// DropSMDRConnections cuts every SMDR client connection abruptly (a TCP
// reset where possible), logged in or not. Calls go on; a client that
// logs in again gets the records printed from then on.
func (p *PBX) DropSMDRConnections() {
	p.closeSMDR(true)
}

// closeSMDR closes every SMDR connection.
func (p *PBX) closeSMDR(reset bool) {
	p.mu.Lock()
	conns := make([]*smdrConn, 0, len(p.smdrConns))
	for sc := range p.smdrConns {
		conns = append(conns, sc)
	}
	p.mu.Unlock()
	for _, sc := range conns {
		sc.close(reset)
	}
}
