package pbxsim

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"linka/cti/csta"
)

// session is one client connection: a reader goroutine that serves the
// client's PDUs (ServeConn) and a writer goroutine that drains a queue of
// frames, so that the PBX never blocks on a slow client.
type session struct {
	p    *PBX
	conn net.Conn
	done chan struct{}
	once sync.Once

	invokeIDs atomic.Uint64 // PBX-side invoke ids, see nextInvokeID

	// Guarded by p.mu.
	associated    bool
	monitors      []*monitor
	nextRef       uint16
	nextEscapeRef uint16
	cdrRef        []byte
	loseEvents    int
	after         []outPDU // invokes that follow the current result

	qmu     sync.Mutex
	qcond   *sync.Cond
	queue   []frame
	lost    bool // events were dropped: send messagesLost
	qclosed bool
}

// frame is one write of the writer goroutine.
type frame struct {
	b     []byte
	close bool // close the connection once b is written
	// linger waits, once b is written, for the client to close the
	// connection (at most closeLinger), writing nothing more.
	linger bool
}

func newSession(p *PBX, conn net.Conn) *session {
	s := &session{p: p, conn: conn, done: make(chan struct{})}
	s.qcond = sync.NewCond(&s.qmu)
	return s
}

// framed returns pdu behind its 2-byte length prefix.
func framed(pdu []byte) []byte {
	b := make([]byte, csta.FrameHeaderSize+len(pdu))
	b[0], b[1] = byte(len(pdu)>>8), byte(len(pdu))
	copy(b[csta.FrameHeaderSize:], pdu)
	return b
}

// nextInvokeID returns the next PBX-side invoke id, 1…32767, wrapping.
func (s *session) nextInvokeID() int {
	n := s.invokeIDs.Add(1)
	return int((n-1)%csta.MaxInvokeID) + csta.MinInvokeID
}

// enqueue adds f to the write queue. A droppable frame is dropped when the
// queue is full, and the client is told messagesLost later.
func (s *session) enqueue(f frame, droppable bool) {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	if s.qclosed {
		return
	}
	if droppable && len(s.queue) >= s.p.opts.QueueLimit {
		s.lost = true
		return
	}
	s.queue = append(s.queue, f)
	s.qcond.Signal()
}

// send queues one PDU.
func (s *session) send(pdu []byte) { s.enqueue(frame{b: framed(pdu)}, false) }

// sendAndClose queues one PDU after which the connection is closed.
func (s *session) sendAndClose(pdu []byte) { s.enqueue(frame{b: framed(pdu), close: true}, false) }

// sendInvoke queues an invoke of the PBX.
func (s *session) sendInvoke(op csta.Operation, arg []byte, droppable bool) {
	b, err := (&csta.Invoke{InvokeID: s.nextInvokeID(), Operation: op, Argument: arg}).Marshal()
	if err != nil {
		s.p.log.Debug("pbxsim: encode invoke", "op", op.String(), "err", err)
		return
	}
	s.enqueue(frame{b: framed(b)}, droppable)
}

// sendEvent queues an invoke from p.out, unless LoseEvents asks to drop
// it. Runs with p.mu held.
func (s *session) sendEvent(o outPDU) {
	if o.event && s.loseEvents > 0 {
		s.loseEvents--
		if s.loseEvents == 0 {
			s.sendStatus(csta.StatusMessagesLost)
		}
		return
	}
	s.sendInvoke(o.op, o.arg, o.event)
}

// sendStatus queues a systemStatus invoke.
func (s *session) sendStatus(status csta.SystemStatus) {
	if f, ok := s.statusFrame(status); ok {
		s.enqueue(f, false)
	}
}

// statusFrame encodes a systemStatus invoke: operation 211, or 52 with
// Options.LegacyHeartbeat.
func (s *session) statusFrame(status csta.SystemStatus) (frame, bool) {
	arg, err := csta.SystemStatusArgument{Status: status}.Marshal()
	if err != nil {
		return frame{}, false
	}
	op := csta.OpSystemStatus
	if s.p.opts.LegacyHeartbeat {
		op = csta.OpSystemStatusPhase2
	}
	b, err := (&csta.Invoke{InvokeID: s.nextInvokeID(), Operation: op, Argument: arg}).Marshal()
	if err != nil {
		return frame{}, false
	}
	return frame{b: framed(b)}, true
}

// take waits for queued frames and returns them all; false means the
// session is over and the queue empty.
func (s *session) take() ([]frame, bool) {
	s.qmu.Lock()
	defer s.qmu.Unlock()
	for len(s.queue) == 0 && !s.qclosed {
		s.qcond.Wait()
	}
	if len(s.queue) == 0 {
		return nil, false
	}
	batch := s.queue
	s.queue = nil
	if s.lost {
		s.lost = false
		if f, ok := s.statusFrame(csta.StatusMessagesLost); ok {
			batch = append(batch, f)
		}
	}
	return batch, true
}

// writeLoop writes queued frames until the session ends or a write fails.
func (s *session) writeLoop() {
	for {
		batch, ok := s.take()
		if !ok {
			return
		}
		s.p.waitPause(s.done)
		bufs := make(net.Buffers, 0, len(batch))
		var last frame
		for _, f := range batch {
			bufs = append(bufs, f.b)
			if last = f; f.close || f.linger {
				break
			}
		}
		if _, err := bufs.WriteTo(s.conn); err != nil {
			s.conn.Close()
			return
		}
		if last.close || last.linger {
			s.stopWriting(last.close)
			return
		}
	}
}

// closeLinger bounds how long the PBX waits for a client to close its side
// after the PBX closed the connection.
const closeLinger = 5 * time.Second

// stopWriting ends the writer after a final PDU and gives the client
// closeLinger to close the connection. With closeWrite the PBX closes its
// side: a TCP connection is half-closed, so that the client reads the
// final PDU and then the end of the stream, instead of a reset for the
// data the PBX left unread.
func (s *session) stopWriting(closeWrite bool) {
	s.qmu.Lock()
	s.qclosed = true
	s.queue = nil
	s.qmu.Unlock()
	_ = s.conn.SetReadDeadline(time.Now().Add(closeLinger))
	if !closeWrite {
		return
	}
	if cw, ok := s.conn.(interface{ CloseWrite() error }); !ok || cw.CloseWrite() != nil {
		s.conn.Close()
	}
}

// shutdown ends the session: the queue is closed and the connection cut.
func (s *session) shutdown() {
	s.once.Do(func() {
		s.qmu.Lock()
		s.qclosed = true
		s.queue = nil
		s.qcond.Broadcast()
		s.qmu.Unlock()
		close(s.done)
		s.conn.Close()
	})
}

// readLoop serves the client's PDUs until the stream ends.
func (s *session) readLoop() error {
	for {
		b, err := csta.ReadFrame(s.conn, 0)
		switch {
		case errors.Is(err, csta.ErrFrameTooLarge), errors.Is(err, csta.ErrEmptyFrame):
			s.reject(-1, csta.ProblemGeneral, problemBadlyStructured)
			continue
		case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
			return nil
		case err != nil:
			return err
		}
		pdu, err := csta.DecodePDU(b)
		if err != nil {
			s.p.log.Debug("pbxsim: undecodable PDU", "err", err)
			id, _ := peekInvokeID(b)
			s.reject(id, csta.ProblemGeneral, problemBadlyStructured)
			continue
		}
		s.handle(pdu)
	}
}

// ROSE reject problem codes (X.880).
const (
	problemBadlyStructured = 2 // GeneralProblem badlyStructuredPDU
	problemUnrecognizedOp  = 1 // InvokeProblem unrecognizedOperation
	problemMistypedArg     = 2 // InvokeProblem mistypedArgument
	problemResourceLimit   = 3 // InvokeProblem resourceLimitation
)

// reject queues a ROSE Reject; id -1 sends NULL.
func (s *session) reject(id int, kind csta.ProblemKind, code int) {
	s.send((&csta.Reject{InvokeID: id, Problem: csta.RejectProblem{Kind: kind, Code: code}}).Marshal())
}

// peekInvokeID reads the invoke id of a ROSE APDU whose rest may be
// garbled: a [1]…[4] tag, a definite length and an INTEGER.
func peekInvokeID(b []byte) (int, bool) {
	if len(b) < 2 || b[0] < 0xa1 || b[0] > 0xa4 {
		return -1, false
	}
	i := 2
	if b[1]&0x80 != 0 {
		i += int(b[1] & 0x7f)
	}
	if i+2 > len(b) || b[i] != 0x02 || b[i+1] == 0 || b[i+1] > 2 || i+2+int(b[i+1]) > len(b) {
		return -1, false
	}
	id := 0
	for _, c := range b[i+2 : i+2+int(b[i+1])] {
		id = id<<8 | int(c)
	}
	if id < csta.MinInvokeID || id > csta.MaxInvokeID {
		return -1, false
	}
	return id, true
}

// handle serves one decoded PDU.
func (s *session) handle(pdu csta.PDU) {
	switch v := pdu.(type) {
	case *csta.AARQ:
		s.p.associate(s, v)
	case *csta.Invoke:
		s.p.serveInvoke(s, v)
	case *csta.RLRQ:
		s.p.release(s)
	case *csta.ABRT:
		s.conn.Close()
	default:
		// Answers to the PBX's own invokes (heartbeat, escape, cDRReport)
		// and stray ACSE responses need nothing.
	}
}

// heartbeat sends systemStatus(normal) every interval until the session
// ends.
func (s *session) heartbeat(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.sendStatus(csta.StatusNormal)
		case <-s.done:
			return
		}
	}
}

// waitPause blocks while StopResponding holds the PBX's output, or until
// done is closed.
func (p *PBX) waitPause(done <-chan struct{}) {
	for {
		d := time.Until(time.Unix(0, p.pauseUntil.Load()))
		if d <= 0 {
			return
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-done:
			t.Stop()
			return
		}
	}
}
