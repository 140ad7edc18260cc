package csta

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

// wait is the generous deadline tests give an outcome.
const wait = 5 * time.Second

// peer is a scripted fake PBX on the far end of a net.Pipe.
type peer struct {
	t    *testing.T
	conn net.Conn
}

// newPair returns a Conn and the fake peer talking to it.
func newPair(t *testing.T, opts Options) (*Conn, *peer) {
	t.Helper()
	a, b := net.Pipe()
	c := NewConn(a, opts)
	p := &peer{t: t, conn: b}
	t.Cleanup(func() {
		c.Close()
		b.Close()
	})
	return c, p
}

// read returns the next PDU the Conn sent.
func (p *peer) read() []byte {
	p.t.Helper()
	_ = p.conn.SetReadDeadline(time.Now().Add(wait))
	b, err := ReadFrame(p.conn, 0)
	if err != nil {
		p.t.Fatalf("peer read: %v", err)
	}
	return b
}

// readInvoke returns the next Invoke the Conn sent.
func (p *peer) readInvoke(op Operation) *Invoke {
	p.t.Helper()
	b := p.read()
	pdu, err := DecodePDU(b)
	inv, ok := pdu.(*Invoke)
	if err != nil || !ok || inv.Operation != op {
		p.t.Fatalf("peer got %x (%v), want an Invoke of %v", b, err, op)
	}
	return inv
}

// write sends one frame to the Conn.
func (p *peer) write(b []byte) {
	p.t.Helper()
	_ = p.conn.SetWriteDeadline(time.Now().Add(wait))
	if err := WriteFrame(p.conn, b); err != nil {
		p.t.Fatalf("peer write: %v", err)
	}
}

// reply answers inv with a ReturnResult carrying result.
func (p *peer) reply(inv *Invoke, result []byte) {
	p.t.Helper()
	b, err := (&ReturnResult{InvokeID: inv.InvokeID, Operation: inv.Operation, Result: result}).Marshal()
	if err != nil {
		p.t.Fatal(err)
	}
	p.write(b)
}

// recorder collects what the Conn hands to its owner.
type recorder struct {
	mu       sync.Mutex
	events   []EventReport
	invokes  []*Invoke
	statuses []SystemStatus
	errs     []error
	signal   chan struct{}
}

func newRecorder() *recorder { return &recorder{signal: make(chan struct{}, 100)} }

func (r *recorder) options() Options {
	return Options{
		OnEvent:        func(e EventReport) { r.add(func() { r.events = append(r.events, e) }) },
		OnInvoke:       func(i *Invoke) { r.add(func() { r.invokes = append(r.invokes, i) }) },
		OnSystemStatus: func(s SystemStatus) { r.add(func() { r.statuses = append(r.statuses, s) }) },
		OnError:        func(err error) { r.add(func() { r.errs = append(r.errs, err) }) },
	}
}

func (r *recorder) add(f func()) {
	r.mu.Lock()
	f()
	r.mu.Unlock()
	r.signal <- struct{}{}
}

// await waits until cond holds.
func (r *recorder) await(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(wait)
	for {
		r.mu.Lock()
		ok := cond()
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-r.signal:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// async runs f in a goroutine and returns a channel with its error.
func async(f func() error) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- f() }()
	return ch
}

// result waits for an async outcome.
func result(t *testing.T, ch <-chan error) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(wait):
		t.Fatal("timed out waiting for the request")
		return nil
	}
}

func TestConn_Associate(t *testing.T) {
	c, p := newPair(t, Options{})
	done := async(func() error {
		aare, err := c.Associate(context.Background())
		if err == nil && !aare.Accepted() {
			t.Error("Associate returned an AARE that is not accepted")
		}
		return err
	})
	assertBytes(t, "AARQ", p.read(), loadHex(t, "aarq.hex"))
	p.write(loadHex(t, "aare.hex"))
	if err := result(t, done); err != nil {
		t.Errorf("Associate() error = %v", err)
	}
}

func TestConn_AssociateRejected(t *testing.T) {
	c, p := newPair(t, Options{})
	done := async(func() error { _, err := c.Associate(context.Background()); return err })
	p.read()
	p.write((&AARE{Result: AssociateRejectedPermanent, DiagnosticSource: DiagnosticServiceUser, DiagnosticValue: 1}).Marshal())
	err := result(t, done)
	var ae *AssociationError
	if !errors.As(err, &ae) || ae.AARE.Result != AssociateRejectedPermanent {
		t.Errorf("Associate() error = %v, want *AssociationError rejected permanent", err)
	}
}

func TestConn_Heartbeat(t *testing.T) {
	rec := newRecorder()
	c, p := newPair(t, rec.options())
	_ = c
	p.write(loadHex(t, "systemstatus-invoke.hex"))
	assertBytes(t, "heartbeat answer", p.read(), loadHex(t, "systemstatus-result.hex"))

	phase2, _ := (&Invoke{InvokeID: 9, Operation: OpSystemStatusPhase2, Argument: mustHex(t, "30030a0101")}).Marshal()
	p.write(phase2)
	want, _ := (&ReturnResult{InvokeID: 9, Operation: OpSystemStatusPhase2, Result: NullResult()}).Marshal()
	assertBytes(t, "phase II heartbeat answer", p.read(), want)

	rec.await(t, "two statuses", func() bool { return len(rec.statuses) == 2 })
	if rec.statuses[0] != StatusNormal || rec.statuses[1] != StatusEnabled {
		t.Errorf("statuses = %v, want [normal enabled]", rec.statuses)
	}
}

func TestConn_RequestAnswers(t *testing.T) {
	c, p := newPair(t, Options{})
	ctx := context.Background()

	var res MonitorStartResult
	done := async(func() (err error) {
		res, err = c.MonitorStart(ctx, MonitorStartArgument{Device: DialingNumber("101"), Filter: &MonitorFilter{}})
		return err
	})
	inv := p.readInvoke(OpMonitorStart)
	p.reply(inv, mustHex(t, "3004 55020001"))
	if err := result(t, done); err != nil {
		t.Fatalf("MonitorStart() error = %v", err)
	}
	assertBytes(t, "cross reference", res.CrossRef, []byte{0, 1})

	done = async(func() error { return c.AnswerCall(ctx, ConnectionID{Call: []byte{0x2a}, Device: DialingNumber("101")}) })
	inv = p.readInvoke(OpAnswerCall)
	re, _ := (&ReturnError{InvokeID: inv.InvokeID, ErrorCode: UniversalFailureCode, Parameter: mustHex(t, "a203 0a0108")}).Marshal()
	p.write(re)
	err := result(t, done)
	var cerr *Error
	if !errors.As(err, &cerr) || cerr.Class != ClassStateIncompatibility || cerr.Value != 8 || cerr.Operation != OpAnswerCall {
		t.Errorf("AnswerCall() error = %v, want *Error stateIncompatibility noCallToAnswer", err)
	}

	done = async(func() error { return c.HoldCall(ctx, ConnectionID{Call: []byte{0x2a}}) })
	inv = p.readInvoke(OpHoldCall)
	p.write((&Reject{InvokeID: inv.InvokeID, Problem: RejectProblem{Kind: ProblemInvoke, Code: 1}}).Marshal())
	err = result(t, done)
	var rerr *RejectError
	if !errors.As(err, &rerr) || rerr.Problem.Code != 1 || rerr.Operation != OpHoldCall {
		t.Errorf("HoldCall() error = %v, want *RejectError unrecognizedOperation", err)
	}
}

func TestConn_TimeoutAndLateAnswer(t *testing.T) {
	rec := newRecorder()
	c, p := newPair(t, rec.options())
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	done := async(func() error { return c.RetrieveCall(ctx, ConnectionID{Call: []byte{1}}) })
	inv := p.readInvoke(OpRetrieveCall)
	if err := result(t, done); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("RetrieveCall() error = %v, want context.DeadlineExceeded", err)
	}
	p.reply(inv, NullResult())
	rec.await(t, "a report of the late answer", func() bool { return len(rec.errs) == 1 })
	if c.Err() != nil {
		t.Errorf("Err() = %v after a late answer, want nil", c.Err())
	}
}

func TestConn_InvokeIDsWrapAndSkipPending(t *testing.T) {
	c, p := newPair(t, Options{})
	c.mu.Lock()
	c.nextID = MaxInvokeID
	c.pending[MinInvokeID] = make(chan PDU, 1) // an old request still waiting
	c.mu.Unlock()
	ctx := context.Background()
	var ids []int
	for range 2 {
		done := async(func() error { return c.RetrieveCall(ctx, ConnectionID{Call: []byte{1}}) })
		inv := p.readInvoke(OpRetrieveCall)
		ids = append(ids, inv.InvokeID)
		p.reply(inv, nil)
		if err := result(t, done); err != nil {
			t.Fatalf("RetrieveCall() error = %v", err)
		}
	}
	if ids[0] != MaxInvokeID || ids[1] != MinInvokeID+1 {
		t.Errorf("invoke ids = %v, want [%d %d]", ids, MaxInvokeID, MinInvokeID+1)
	}
}

func TestConn_EventsAndMalformedPDUs(t *testing.T) {
	rec := newRecorder()
	_, p := newPair(t, rec.options())
	p.write(mustHex(t, "800100"))
	p.write(mustHex(t, "a1 05 020101"))
	p.write(loadHex(t, "delivered-101.hex"))
	badEvent, _ := (&Invoke{InvokeID: 3, Operation: OpEventReport, Argument: mustHex(t, "3000")}).Marshal()
	p.write(badEvent)
	p.write(loadHex(t, "established-101.hex"))
	rec.await(t, "two events and three errors", func() bool { return len(rec.events) == 2 && len(rec.errs) == 3 })
	if _, ok := rec.events[0].Event.(*DeliveredEvent); !ok {
		t.Errorf("first event = %T, want *DeliveredEvent", rec.events[0].Event)
	}
	if _, ok := rec.events[1].Event.(*EstablishedEvent); !ok {
		t.Errorf("second event = %T, want *EstablishedEvent", rec.events[1].Event)
	}
	for _, err := range rec.errs {
		if !IsMalformed(err) {
			t.Errorf("reported error %v, want a malformed-PDU error", err)
		}
	}
}

func TestConn_UnsolicitedInvokes(t *testing.T) {
	rec := newRecorder()
	_, p := newPair(t, rec.options())
	cdr, _ := (&Invoke{InvokeID: 11, Operation: OpCDRReport, Argument: mustHex(t, "3008 040101 020101 3000")}).Marshal()
	p.write(cdr)
	want, _ := (&ReturnResult{InvokeID: 11, Operation: OpCDRReport, Result: NullResult()}).Marshal()
	assertBytes(t, "cDRReport answer", p.read(), want)
	esc := marshalInvoke(t, 12, KMEDeviceListRequest(5))
	p.write(esc)
	rec.await(t, "two invokes", func() bool { return len(rec.invokes) == 2 })
	if rec.invokes[0].Operation != OpCDRReport || rec.invokes[1].Operation != OpEscape {
		t.Errorf("invokes = %v, %v, want cDRReport then escape", rec.invokes[0].Operation, rec.invokes[1].Operation)
	}
}

func TestConn_AnswerEscape(t *testing.T) {
	rec := newRecorder()
	opts := rec.options()
	opts.AnswerEscape = true
	_, p := newPair(t, opts)
	p.write(marshalInvoke(t, 13, KMEDeviceListRequest(5)))
	want, _ := (&ReturnResult{InvokeID: 13, Operation: OpEscape, Result: NullResult()}).Marshal()
	assertBytes(t, "escape answer", p.read(), want)
}

func TestConn_Close(t *testing.T) {
	c, p := newPair(t, Options{})
	done := async(func() error { return c.ClearConnection(context.Background(), ConnectionID{Call: []byte{1}}) })
	p.readInvoke(OpClearConnection)
	c.Close()
	if err := result(t, done); !errors.Is(err, ErrClosed) {
		t.Errorf("pending request error = %v, want ErrClosed", err)
	}
	select {
	case <-c.Done():
	case <-time.After(wait):
		t.Fatal("Done() not closed after Close")
	}
	if !errors.Is(c.Err(), ErrClosed) {
		t.Errorf("Err() = %v, want ErrClosed", c.Err())
	}
	if err := c.HoldCall(context.Background(), ConnectionID{Call: []byte{1}}); !errors.Is(err, ErrClosed) {
		t.Errorf("request after Close error = %v, want ErrClosed", err)
	}
}

func TestConn_PeerEndsLink(t *testing.T) {
	tests := []struct {
		name string
		act  func(p *peer)
		want error
	}{
		{"peer closes", func(p *peer) { p.conn.Close() }, io.EOF},
		{"framing lost", func(p *peer) { _, _ = p.conn.Write([]byte{0x00, 0x09, 0xa1}); p.conn.Close() }, io.ErrUnexpectedEOF},
		{"abort", func(p *peer) { p.write((&ABRT{Source: 1}).Marshal()) }, ErrPeerAborted},
		{"release", func(p *peer) {
			p.write((&RLRQ{Reason: 0}).Marshal())
			assertBytes(p.t, "RLRE", p.read(), (&RLRE{Reason: 0}).Marshal())
		}, ErrPeerReleased},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, p := newPair(t, Options{})
			done := async(func() error { return c.HoldCall(context.Background(), ConnectionID{Call: []byte{1}}) })
			p.readInvoke(OpHoldCall)
			tt.act(p)
			if err := result(t, done); !errors.Is(err, tt.want) {
				t.Errorf("pending request error = %v, want %v", err, tt.want)
			}
			<-c.Done()
			if !errors.Is(c.Err(), tt.want) {
				t.Errorf("Err() = %v, want %v", c.Err(), tt.want)
			}
		})
	}
}

func TestConn_Release(t *testing.T) {
	c, p := newPair(t, Options{})
	done := async(func() error { return c.Release(context.Background()) })
	assertBytes(t, "RLRQ", p.read(), (&RLRQ{Reason: 0}).Marshal())
	p.write((&RLRE{Reason: 0}).Marshal())
	if err := result(t, done); err != nil {
		t.Errorf("Release() error = %v", err)
	}
	if !errors.Is(c.Err(), ErrClosed) {
		t.Errorf("Err() after Release = %v, want ErrClosed", c.Err())
	}
}

// syncBuffer is a bytes.Buffer safe for the reader and writer goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestConn_Debug(t *testing.T) {
	var dbg syncBuffer
	rec := newRecorder()
	opts := rec.options()
	opts.Debug = &dbg
	_, p := newPair(t, opts)
	p.write(loadHex(t, "systemstatus-invoke.hex"))
	p.read()
	rec.await(t, "the status", func() bool { return len(rec.statuses) == 1 })
	want := "< a10c020101020200d330030a0102\n> a20b0201013006020200d30500\n"
	if got := dbg.String(); got != want {
		t.Errorf("debug output = %q, want %q", got, want)
	}
}

func TestConn_OversizedFrameSkipped(t *testing.T) {
	rec := newRecorder()
	opts := rec.options()
	opts.MaxPDUSize = 16
	_, p := newPair(t, opts)
	p.write(loadHex(t, "delivered-101.hex"))
	p.write(loadHex(t, "systemstatus-invoke.hex"))
	p.read()
	rec.await(t, "the status after the skipped frame", func() bool { return len(rec.statuses) == 1 && len(rec.errs) == 1 })
	if !errors.Is(rec.errs[0], ErrFrameTooLarge) || !strings.Contains(rec.errs[0].Error(), "skipped frame") {
		t.Errorf("reported error = %v, want a skipped oversized frame", rec.errs[0])
	}
}

// TestConn_AnswerThenClose checks that an answer the peer sends right
// before it closes the stream is not lost to the close: the reader hands
// it over first, so the waiting call must return it, every time.
func TestConn_AnswerThenClose(t *testing.T) {
	for i := 0; i < 50; i++ {
		c, p := newPair(t, Options{})
		done := async(func() error { _, err := c.Associate(context.Background()); return err })
		p.read()
		p.write(loadHex(t, "aare.hex"))
		p.conn.Close()
		if err := result(t, done); err != nil {
			t.Fatalf("run %d: Associate() with AARE then close = %v, want the AARE", i, err)
		}

		c, p = newPair(t, Options{})
		done = async(func() error { _, err := c.Invoke(context.Background(), OpSystemStatus, nil); return err })
		inv := p.readInvoke(OpSystemStatus)
		p.reply(inv, NullResult())
		p.conn.Close()
		if err := result(t, done); err != nil {
			t.Fatalf("run %d: Invoke() with result then close = %v, want the result", i, err)
		}
	}
}
