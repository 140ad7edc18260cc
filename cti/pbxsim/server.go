package pbxsim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"linka/cti/csta"
)

// ErrServerClosed is returned by Serve, ServeConn and ListenAndServe once
// the PBX is closed.
var ErrServerClosed = errors.New("pbxsim: server closed")

// PBX is a simulated Panasonic PBX: its devices, the calls in progress and
// the CSTA clients connected to it. All methods are safe for concurrent
// use.
type PBX struct {
	opts Options
	log  *slog.Logger
	dir  *directory

	wg sync.WaitGroup // session goroutines

	// pauseUntil holds back every write until that time (UnixNano), see
	// StopResponding.
	pauseUntil atomic.Int64

	mu         sync.Mutex
	calls      map[int]*call // by CSTA call id
	nextHandle int64
	monitors   map[*device][]*monitor
	sessions   map[*session]struct{}
	associated int
	cdr        *session // the client receiving CDR records
	out        []outPDU // invokes waiting for flush
	faults     faults
	listeners  map[net.Listener]struct{}
	smdrConns  map[*smdrConn]struct{} // SMDR clients, see smdr_server.go
	closed     bool
}

// monitor is a device monitor a client started.
type monitor struct {
	s   *session
	dev *device
	ref []byte
}

// New returns a PBX configured by opts, with no call in progress.
func New(opts Options) (*PBX, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	dir, err := newDirectory(opts)
	if err != nil {
		return nil, fmt.Errorf("pbxsim: options: %w", err)
	}
	if !opts.AgentsLoggedOut {
		for _, g := range dir.groups {
			for _, m := range g.members {
				m.agent = agentReady
			}
		}
	}
	return &PBX{
		opts:      opts,
		log:       opts.Logger,
		dir:       dir,
		calls:     map[int]*call{},
		monitors:  map[*device][]*monitor{},
		sessions:  map[*session]struct{}{},
		listeners: map[net.Listener]struct{}{},
		faults:    faults{reject: map[csta.Operation]int{}, fail: map[csta.Operation][]error{}},
	}, nil
}

// ListenAndServe listens on the TCP address addr (":33333" is the usual
// CSTA port) and serves clients until ctx is done, then closes the PBX and
// returns nil.
func (p *PBX) ListenAndServe(ctx context.Context, addr string) error {
	return p.listenAndServe(ctx, addr, "", p.Serve)
}

// listenAndServe listens on addr and runs serve on the listener until ctx
// is done, then closes the PBX and returns nil. what prefixes errors.
func (p *PBX) listenAndServe(ctx context.Context, addr, what string, serve func(net.Listener) error) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("pbxsim: %slisten: %w", what, err)
	}
	stop := context.AfterFunc(ctx, func() { p.Close() })
	defer stop()
	err = serve(ln)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// Serve accepts CSTA clients on ln until ln fails or the PBX is closed;
// ln is closed when Serve returns.
func (p *PBX) Serve(ln net.Listener) error {
	return p.accept(ln, "", func(conn net.Conn) {
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			conn.Close()
			return
		}
		p.wg.Add(1) // under p.mu, so that it happens before Close waits
		p.mu.Unlock()
		go func() {
			defer p.wg.Done()
			_ = p.ServeConn(conn)
		}()
	})
}

// accept registers ln with the PBX (Close closes it) and hands every
// connection accepted on it to serve, which must not block, until ln
// fails or the PBX is closed; ln is closed when accept returns. what
// prefixes errors.
func (p *PBX) accept(ln net.Listener, what string, serve func(net.Conn)) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		ln.Close()
		return ErrServerClosed
	}
	p.listeners[ln] = struct{}{}
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.listeners, ln)
		p.mu.Unlock()
		ln.Close()
	}()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if p.isClosed() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			return fmt.Errorf("pbxsim: %saccept: %w", what, err)
		}
		serve(conn)
	}
}

// ServeConn serves one client over conn (a TCP connection or one end of a
// net.Pipe) until it leaves or the PBX is closed. It returns nil when the
// client released the association or closed the stream.
func (p *PBX) ServeConn(conn net.Conn) error {
	s := newSession(p, conn)
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		conn.Close()
		return ErrServerClosed
	}
	p.sessions[s] = struct{}{}
	p.wg.Add(1)
	p.mu.Unlock()
	p.log.Debug("pbxsim: client connected", "remote", conn.RemoteAddr().String())
	go func() {
		defer p.wg.Done()
		s.writeLoop()
	}()
	err := s.readLoop()
	p.endSession(s)
	p.log.Debug("pbxsim: client gone", "remote", conn.RemoteAddr().String(), "err", err)
	if p.isClosed() {
		return ErrServerClosed
	}
	return err
}

// endSession forgets a client that left.
func (p *PBX) endSession(s *session) {
	p.mu.Lock()
	p.dissociate(s)
	delete(p.sessions, s)
	p.mu.Unlock()
	s.shutdown()
}

// release answers an RLRQ: the association ends, and the PBX waits for the
// client, which asked for the release, to close the connection.
func (p *PBX) release(s *session) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dissociate(s)
	s.enqueue(frame{b: framed((&csta.RLRE{Reason: 0}).Marshal()), linger: true}, false)
}

// dissociate forgets the association of s: its monitors and CDR
// transmission. Runs with p.mu held.
func (p *PBX) dissociate(s *session) {
	p.forgetMonitors(s)
	if p.cdr == s {
		p.cdr = nil
	}
	if s.associated {
		p.associated--
		s.associated = false
	}
}

// forgetMonitors removes the monitors of s. Runs with p.mu held.
func (p *PBX) forgetMonitors(s *session) {
	for _, m := range s.monitors {
		list := p.monitors[m.dev]
		for i, x := range list {
			if x == m {
				list = append(list[:i:i], list[i+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(p.monitors, m.dev)
		} else {
			p.monitors[m.dev] = list
		}
	}
	s.monitors = nil
}

// Close stops the listeners, cuts every client and waits for the
// connection goroutines to end. Calls in progress stay in the model.
func (p *PBX) Close() error {
	p.mu.Lock()
	p.closed = true
	for ln := range p.listeners {
		ln.Close()
	}
	sessions := make([]*session, 0, len(p.sessions))
	for s := range p.sessions {
		sessions = append(sessions, s)
	}
	p.mu.Unlock()
	for _, s := range sessions {
		s.shutdown()
	}
	p.closeSMDR(false)
	p.wg.Wait()
	return nil
}

// isClosed reports whether Close was called.
func (p *PBX) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// do runs f with p.mu held, offers queued calls to members that became
// free and writes the events f caused.
func (p *PBX) do(f func() error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	err := f()
	p.serveQueues()
	p.flush()
	return err
}

// flush hands the queued invokes to their clients. Runs with p.mu held.
func (p *PBX) flush() {
	for i, o := range p.out {
		o.s.sendEvent(o)
		p.out[i] = outPDU{}
	}
	p.out = p.out[:0]
}

// Clients returns the number of clients associated now.
func (p *PBX) Clients() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.associated
}

// Monitors returns the number of device monitors started by all clients.
func (p *PBX) Monitors() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, list := range p.monitors {
		n += len(list)
	}
	return n
}
