package csta

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// DefaultRequestTimeout bounds a request whose context has no deadline,
// unless Options.RequestTimeout says otherwise.
const DefaultRequestTimeout = 10 * time.Second

// Errors that end a Conn.
var (
	// ErrClosed is the error of a Conn closed by its owner.
	ErrClosed = errors.New("csta: connection closed")
	// ErrPeerAborted reports an ACSE ABRT from the PBX.
	ErrPeerAborted = errors.New("csta: association aborted by the peer")
	// ErrPeerReleased reports an ACSE release requested by the PBX.
	ErrPeerReleased = errors.New("csta: association released by the peer")
	// ErrNoInvokeID reports that every invoke id is waiting for an answer.
	ErrNoInvokeID = errors.New("csta: all invoke ids are in use")
)

// Options configures a Conn. The zero value is usable: callbacks may be
// nil, and zero limits take the defaults documented on each field.
type Options struct {
	// OnEvent receives each decoded cSTAEventReport.
	OnEvent func(EventReport)
	// OnInvoke receives the other invokes from the PBX: escape (KME
	// replies), cDRReport (already answered), unknown operations.
	OnInvoke func(*Invoke)
	// OnSystemStatus receives the status of each systemStatus invoke
	// (operation 211 or the Phase II 52), after it has been answered:
	// normal is the heartbeat; enabled and messagesLost call for
	// re-monitoring and a resync.
	OnSystemStatus func(SystemStatus)
	// OnError receives problems that do not end the connection: a
	// malformed PDU that was skipped, an answer to an unknown invoke id, an
	// unexpected PDU.
	OnError func(error)
	// Debug receives one line per PDU, "> hex" sent and "< hex" received.
	// The traffic contains personal data (phone numbers).
	Debug io.Writer
	// MaxPDUSize limits received frames; zero means MaxPDUSize.
	MaxPDUSize int
	// RequestTimeout bounds requests whose context has no deadline; zero
	// means DefaultRequestTimeout and a negative value no bound.
	RequestTimeout time.Duration
	// Versions is the CSTA version set offered in the AARQ; zero means
	// VersionFive, as Panasonic clients send.
	Versions Versions
	// AnswerEscape answers escape invokes from the PBX with a noData
	// result. Off by default: the clients known to work do not answer them.
	AnswerEscape bool
}

// Conn is one CSTA association over a byte stream (ECMA-285 clause 8:
// ACSE association, ROSE operations). One reader goroutine, started by
// NewConn, decodes every PDU: answers go to the waiting request, the
// heartbeat and cDRReport are answered, events and other invokes are
// handed to the callbacks of Options. Callbacks run on the reader
// goroutine and must return quickly. A Conn never logs.
type Conn struct {
	rwc  io.ReadWriteCloser
	opts Options

	writeMu sync.Mutex // serialises frames
	debugMu sync.Mutex

	mu      sync.Mutex
	nextID  int
	pending map[int]chan PDU
	err     error

	acse     chan PDU // AARE, RLRE for Associate and Release
	quit     chan struct{}
	quitOnce sync.Once
}

// NewConn starts a connection over rwc, which it owns from now on.
func NewConn(rwc io.ReadWriteCloser, opts Options) *Conn {
	c := &Conn{
		rwc:     rwc,
		opts:    opts,
		nextID:  MinInvokeID,
		pending: make(map[int]chan PDU),
		acse:    make(chan PDU, 1),
		quit:    make(chan struct{}),
	}
	go c.readLoop()
	return c
}

// Done returns a channel closed when the connection has ended.
func (c *Conn) Done() <-chan struct{} { return c.quit }

// Err returns why the connection ended, nil while it is open.
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Close ends the connection; requests still waiting fail with ErrClosed.
func (c *Conn) Close() error {
	c.shutdown(ErrClosed)
	return nil
}

// shutdown ends the connection with err (the first reason wins).
func (c *Conn) shutdown(err error) {
	c.mu.Lock()
	if c.err == nil {
		c.err = err
	}
	c.pending = map[int]chan PDU{}
	c.mu.Unlock()
	c.quitOnce.Do(func() {
		close(c.quit)
		_ = c.rwc.Close()
	})
}

// AssociationError reports an AARE that did not accept the association.
type AssociationError struct {
	AARE *AARE
}

// Error describes the rejection.
func (e *AssociationError) Error() string {
	return fmt.Sprintf("csta: association %v (diagnostic source %d, value %d)",
		e.AARE.Result, e.AARE.DiagnosticSource, e.AARE.DiagnosticValue)
}

// Associate sends the AARQ and waits for the AARE. A rejection returns
// the AARE and an *AssociationError; the connection stays open.
func (c *Conn) Associate(ctx context.Context) (*AARE, error) {
	v := c.opts.Versions
	if v == 0 {
		v = VersionFive
	}
	if err := c.send((&AARQ{Versions: v}).Marshal()); err != nil {
		return nil, fmt.Errorf("csta: send AARQ: %w", err)
	}
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	p, err := c.await(ctx, c.acse)
	if err != nil {
		return nil, fmt.Errorf("csta: associate: %w", err)
	}
	aare, ok := p.(*AARE)
	if !ok {
		return nil, fmt.Errorf("csta: associate: got %T instead of an AARE", p)
	}
	if !aare.Accepted() {
		return aare, &AssociationError{AARE: aare}
	}
	return aare, nil
}

// await waits for the answer on ch. An answer the reader delivered just
// before the peer closed the stream still counts: the reader hands it over
// before it notices the close, so ch is checked again once quit is closed.
func (c *Conn) await(ctx context.Context, ch <-chan PDU) (PDU, error) {
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-c.quit:
		select {
		case p := <-ch:
			return p, nil
		default:
			return nil, c.Err()
		}
	}
}

// Release sends an RLRQ, waits for the RLRE and closes the connection.
func (c *Conn) Release(ctx context.Context) error {
	defer c.Close()
	if err := c.send((&RLRQ{Reason: 0}).Marshal()); err != nil {
		return fmt.Errorf("csta: send RLRQ: %w", err)
	}
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	p, err := c.await(ctx, c.acse)
	if err != nil {
		return fmt.Errorf("csta: release: %w", err)
	}
	if _, ok := p.(*RLRE); !ok {
		return fmt.Errorf("csta: release: got %T instead of an RLRE", p)
	}
	return nil
}

// withTimeout applies the request timeout to a context without deadline.
func (c *Conn) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	d := c.opts.RequestTimeout
	if d == 0 {
		d = DefaultRequestTimeout
	}
	if _, has := ctx.Deadline(); has || d < 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}

// Do sends req and waits for its answer; see Invoke.
func (c *Conn) Do(ctx context.Context, req Request) (*ReturnResult, error) {
	arg, err := req.Marshal()
	if err != nil {
		return nil, fmt.Errorf("csta: encode %v: %w", req.Operation(), err)
	}
	return c.Invoke(ctx, req.Operation(), arg)
}

// Invoke sends an Invoke of op with the encoded argument arg and waits for
// the answer. A ReturnError becomes a *Error (or another error for a
// non-CSTA error code), a Reject a *RejectError.
func (c *Conn) Invoke(ctx context.Context, op Operation, arg []byte) (*ReturnResult, error) {
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	id, ch, err := c.register()
	if err != nil {
		return nil, fmt.Errorf("csta: %v: %w", op, err)
	}
	b, err := (&Invoke{InvokeID: id, Operation: op, Argument: arg}).Marshal()
	if err == nil {
		err = c.send(b)
	}
	if err != nil {
		c.unregister(id)
		return nil, fmt.Errorf("csta: send %v: %w", op, err)
	}
	p, err := c.await(ctx, ch)
	if err != nil {
		c.unregister(id)
		return nil, fmt.Errorf("csta: %v: %w", op, err)
	}
	return answer(op, p)
}

// answer turns the PDU answering op into a result or an error.
func answer(op Operation, p PDU) (*ReturnResult, error) {
	switch a := p.(type) {
	case *ReturnResult:
		return a, nil
	case *ReturnError:
		return nil, ErrorFromReturnError(op, a)
	case *Reject:
		return nil, &RejectError{Operation: op, Problem: a.Problem}
	}
	return nil, fmt.Errorf("csta: %v: unexpected answer %T", op, p)
}

// register reserves the next free invoke id, wrapping after MaxInvokeID
// and skipping ids still waiting for an answer.
func (c *Conn) register() (int, chan PDU, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, nil, c.err
	}
	if len(c.pending) >= MaxInvokeID-MinInvokeID+1 {
		return 0, nil, ErrNoInvokeID
	}
	for {
		id := c.nextID
		c.nextID++
		if c.nextID > MaxInvokeID {
			c.nextID = MinInvokeID
		}
		if _, busy := c.pending[id]; !busy {
			ch := make(chan PDU, 1)
			c.pending[id] = ch
			return id, ch, nil
		}
	}
}

// unregister forgets a request that will not wait for its answer.
func (c *Conn) unregister(id int) {
	c.mu.Lock()
	delete(c.pending, id)
	c.mu.Unlock()
}

// Reply sends a ReturnResult answering an invoke of the PBX; result is the
// encoded result value (NullResult() for noData).
func (c *Conn) Reply(invokeID int, op Operation, result []byte) error {
	b, err := (&ReturnResult{InvokeID: invokeID, Operation: op, Result: result}).Marshal()
	if err != nil {
		return err
	}
	return c.send(b)
}

// send writes one frame. A failed write ends the connection.
func (c *Conn) send(pdu []byte) error {
	select {
	case <-c.quit:
		return c.Err()
	default:
	}
	c.debug('>', pdu)
	c.writeMu.Lock()
	err := WriteFrame(c.rwc, pdu)
	c.writeMu.Unlock()
	if err != nil {
		err = fmt.Errorf("csta: write: %w", err)
		c.shutdown(err)
	}
	return err
}

// debug writes one traffic line to the debug writer.
func (c *Conn) debug(dir byte, pdu []byte) {
	if c.opts.Debug == nil {
		return
	}
	line := make([]byte, 0, 3+2*len(pdu))
	line = append(line, dir, ' ')
	line = hex.AppendEncode(line, pdu)
	line = append(line, '\n')
	c.debugMu.Lock()
	_, _ = c.opts.Debug.Write(line)
	c.debugMu.Unlock()
}

// report hands a non-fatal problem to the owner.
func (c *Conn) report(err error) {
	if c.opts.OnError != nil {
		c.opts.OnError(err)
	}
}
