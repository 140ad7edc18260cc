package pbxsim

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"linka/cti/csta"
)

// wait is the generous deadline tests give an outcome.
const wait = 5 * time.Second

// newPBX returns a PBX closed when the test ends.
func newPBX(t testing.TB, opts Options) *PBX {
	t.Helper()
	p, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// transport opens a client stream to p.
type transport func(t testing.TB, p *PBX) net.Conn

// overTCP serves p on 127.0.0.1 and dials it.
func overTCP(t testing.TB, p *PBX) net.Conn {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	go p.Serve(ln)
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// overPipe serves p on one end of a net.Pipe.
func overPipe(t testing.TB, p *PBX) net.Conn {
	t.Helper()
	a, b := net.Pipe()
	go p.ServeConn(b)
	t.Cleanup(func() { a.Close() })
	return a
}

// transports lists both ways to reach the PBX.
var transports = []struct {
	name string
	open transport
}{{"tcp", overTCP}, {"pipe", overPipe}}

// client is a csta.Conn recording what the PBX sends it.
type client struct {
	t        testing.TB
	p        *PBX
	conn     *csta.Conn
	events   chan csta.EventReport
	invokes  chan *csta.Invoke
	statuses chan csta.SystemStatus
	errs     chan error
}

// dial connects a client over open without associating.
func dial(t testing.TB, p *PBX, open transport) *client {
	t.Helper()
	c := &client{
		t: t, p: p,
		events:   make(chan csta.EventReport, 100000),
		invokes:  make(chan *csta.Invoke, 1000),
		statuses: make(chan csta.SystemStatus, 1000),
		errs:     make(chan error, 1000),
	}
	c.conn = csta.NewConn(open(t, p), csta.Options{
		OnEvent:        func(r csta.EventReport) { c.events <- r },
		OnInvoke:       func(inv *csta.Invoke) { c.invokes <- inv },
		OnSystemStatus: func(s csta.SystemStatus) { c.statuses <- s },
		OnError:        func(err error) { c.errs <- err },
		RequestTimeout: wait,
	})
	t.Cleanup(func() { c.conn.Close() })
	return c
}

// connect dials over open and associates.
func connect(t testing.TB, p *PBX, open transport) *client {
	t.Helper()
	c := dial(t, p, open)
	if _, err := c.conn.Associate(context.Background()); err != nil {
		t.Fatalf("Associate: %v", err)
	}
	return c
}

// monitor starts monitors on numbers (dialing numbers) and returns their
// cross references.
func (c *client) monitor(numbers ...string) map[string]string {
	c.t.Helper()
	refs := map[string]string{}
	for _, n := range numbers {
		res, err := c.conn.MonitorStart(context.Background(), csta.MonitorStartArgument{Device: csta.DialingNumber(n), Filter: &csta.MonitorFilter{}})
		if err != nil {
			c.t.Fatalf("MonitorStart(%s): %v", n, err)
		}
		refs[n] = fmt.Sprintf("%x", res.CrossRef)
	}
	return refs
}

// sync makes sure every event the PBX queued before now has been handed to
// the client: a request's answer is written after them.
func (c *client) sync() {
	c.t.Helper()
	if _, err := c.conn.SnapshotDevice(context.Background(), csta.DialingNumber("T01")); err != nil {
		c.t.Fatalf("sync: %v", err)
	}
}

// drain returns the events received so far, after a sync.
func (c *client) drain() []csta.EventReport {
	c.t.Helper()
	c.sync()
	var out []csta.EventReport
	for {
		select {
		case r := <-c.events:
			out = append(out, r)
		default:
			return out
		}
	}
}

// lines describes the events received so far, one line each.
func (c *client) lines() []string {
	c.t.Helper()
	var out []string
	for _, r := range c.drain() {
		out = append(out, describe(c.p, r.Event))
	}
	return out
}

// status waits for the next system status.
func (c *client) status() csta.SystemStatus {
	c.t.Helper()
	select {
	case s := <-c.statuses:
		return s
	case <-time.After(wait):
		c.t.Fatal("no system status arrived")
	}
	return 0
}

// name renders a device as the test reads it: device numbers mapped back
// to their extension or trunk.
func name(p *PBX, d csta.DeviceID) string {
	if d.Kind == csta.DeviceNumbered {
		if dev := p.dir.byDevNum[d.Number]; dev != nil {
			return dev.number
		}
	}
	return d.String()
}

// connName renders a connection as call@device.
func connName(p *PBX, c csta.ConnectionID) string {
	id, _ := callIDValue(c.Call)
	if c.Device.IsZero() {
		return fmt.Sprint(id)
	}
	return fmt.Sprintf("%d@%s", id, name(p, c.Device))
}

// describe renders an event as "type connection subject cause state".
func describe(p *PBX, ev csta.Event) string {
	n := func(d csta.DeviceID) string { return name(p, d) }
	c := func(x csta.ConnectionID) string { return connName(p, x) }
	switch e := ev.(type) {
	case *csta.ServiceInitiatedEvent:
		return fmt.Sprintf("serviceInitiated %s %s %v %v", c(e.Connection), n(e.InitiatingDevice), e.Cause, e.LocalConnectionInfo)
	case *csta.OriginatedEvent:
		return fmt.Sprintf("originated %s %s→%s %v %v", c(e.Connection), n(e.CallingDevice), n(e.CalledDevice), e.Cause, e.LocalConnectionInfo)
	case *csta.DeliveredEvent:
		return fmt.Sprintf("delivered %s %s %v %v", c(e.Connection), n(e.AlertingDevice), e.Cause, e.LocalConnectionInfo)
	case *csta.EstablishedEvent:
		return fmt.Sprintf("established %s %s %v %v", c(e.Connection), n(e.AnsweringDevice), e.Cause, e.LocalConnectionInfo)
	case *csta.NetworkReachedEvent:
		return fmt.Sprintf("networkReached %s %s %v %v", c(e.Connection), n(e.NetworkInterfaceUsed), e.Cause, e.LocalConnectionInfo)
	case *csta.QueuedEvent:
		return fmt.Sprintf("queued %s %s %v %v", c(e.Connection), n(e.Queue), e.Cause, e.LocalConnectionInfo)
	case *csta.ConnectionClearedEvent:
		return fmt.Sprintf("connectionCleared %s %s %v %v", c(e.Connection), n(e.ReleasingDevice), e.Cause, e.LocalConnectionInfo)
	case *csta.FailedEvent:
		return fmt.Sprintf("failed %s %s %v %v", c(e.Connection), n(e.FailingDevice), e.Cause, e.LocalConnectionInfo)
	case *csta.HeldEvent:
		return fmt.Sprintf("held %s %s %v %v", c(e.Connection), n(e.HoldingDevice), e.Cause, e.LocalConnectionInfo)
	case *csta.RetrievedEvent:
		return fmt.Sprintf("retrieved %s %s %v %v", c(e.Connection), n(e.RetrievingDevice), e.Cause, e.LocalConnectionInfo)
	case *csta.DivertedEvent:
		return fmt.Sprintf("diverted %s %s→%s %v %v", c(e.Connection), n(e.DivertingDevice), n(e.NewDestination), e.Cause, e.LocalConnectionInfo)
	case *csta.TransferredEvent:
		var conns []string
		for _, x := range e.TransferredConnections {
			conns = append(conns, c(x.Old)+">"+c(x.New))
		}
		return fmt.Sprintf("transferred %s+%s %s→%s [%s] %v %v", c(e.PrimaryOldCall), c(e.SecondaryOldCall),
			n(e.TransferringDevice), n(e.TransferredToDevice), strings.Join(conns, " "), e.Cause, e.LocalConnectionInfo)
	case *csta.AgentLoggedOnEvent:
		return fmt.Sprintf("agentLoggedOn %s %s", n(e.AgentDevice), n(e.ACDGroup))
	case *csta.AgentLoggedOffEvent:
		return fmt.Sprintf("agentLoggedOff %s %s", n(e.AgentDevice), n(e.ACDGroup))
	case *csta.AgentReadyEvent:
		return fmt.Sprintf("agentReady %s %s", n(e.AgentDevice), n(e.ACDGroup))
	case *csta.AgentNotReadyEvent:
		return fmt.Sprintf("agentNotReady %s %s", n(e.AgentDevice), n(e.ACDGroup))
	case *csta.AgentWorkingAfterCallEvent:
		return fmt.Sprintf("agentWorkingAfterCall %s %s", n(e.AgentDevice), n(e.ACDGroup))
	}
	return ev.Type().String()
}

// assertLines compares event descriptions line by line.
func assertLines(t testing.TB, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") == strings.Join(want, "\n") {
		return
	}
	t.Errorf("%s: events =\n\t%s\nwant\n\t%s", what, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
}

// cstaError asserts err is a *csta.Error of class and value.
func cstaError(t testing.TB, what string, err error, class csta.ErrorClass, value int) {
	t.Helper()
	var ce *csta.Error
	if !errors.As(err, &ce) || ce.Class != class || ce.Value != value {
		t.Errorf("%s: error = %v, want %v error %d", what, err, class, value)
	}
}

// incoming places an incoming call or fails the test.
func incoming(t testing.TB, p *PBX, from, to string) *Call {
	t.Helper()
	h, err := p.IncomingCall(from, to)
	if err != nil {
		t.Fatalf("IncomingCall(%q, %q): %v", from, to, err)
	}
	return h
}

// outbound places an outbound call or fails the test.
func outbound(t testing.TB, p *PBX, ext, number string) *Call {
	t.Helper()
	h, err := p.OutboundCall(ext, number)
	if err != nil {
		t.Fatalf("OutboundCall(%q, %q): %v", ext, number, err)
	}
	return h
}

// must fails the test on a scenario error.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("scenario: %v", err)
	}
}
