package csta

import (
	"errors"
	"fmt"
	"io"
)

// readLoop reads and dispatches PDUs until the stream fails or the
// connection is closed. Malformed PDUs are reported and skipped; only a
// lost framing (or a closed stream) ends the connection.
func (c *Conn) readLoop() {
	for {
		b, err := ReadFrame(c.rwc, c.opts.MaxPDUSize)
		if errors.Is(err, ErrFrameTooLarge) || errors.Is(err, ErrEmptyFrame) {
			c.report(fmt.Errorf("csta: skipped frame: %w", err))
			continue
		}
		if err != nil {
			c.shutdown(readError(err))
			return
		}
		c.debug('<', b)
		p, err := DecodePDU(b)
		if err != nil {
			c.report(fmt.Errorf("csta: skipped PDU of %d bytes: %w", len(b), err))
			continue
		}
		c.dispatch(p)
		select {
		case <-c.quit:
			return
		default:
		}
	}
}

// readError describes why reading stopped.
func readError(err error) error {
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("csta: connection closed by the peer: %w", err)
	}
	return fmt.Errorf("csta: read: %w", err)
}

// dispatch routes one decoded PDU.
func (c *Conn) dispatch(p PDU) {
	switch v := p.(type) {
	case *Invoke:
		c.handleInvoke(v)
	case *ReturnResult:
		c.deliver(v.InvokeID, v)
	case *ReturnError:
		c.deliver(v.InvokeID, v)
	case *Reject:
		if v.InvokeID < 0 {
			c.report(fmt.Errorf("csta: the peer rejected a PDU: %v", v.Problem))
			return
		}
		c.deliver(v.InvokeID, v)
	case *AARE, *RLRE:
		select {
		case c.acse <- p:
		default:
			c.report(fmt.Errorf("csta: unexpected %T", p))
		}
	case *ABRT:
		c.shutdown(fmt.Errorf("%w (source %d, diagnostic %d)", ErrPeerAborted, v.Source, v.Diagnostic))
	case *RLRQ:
		_ = c.send((&RLRE{Reason: 0}).Marshal())
		c.shutdown(ErrPeerReleased)
	default:
		c.report(fmt.Errorf("csta: unexpected %T", p))
	}
}

// deliver hands an answer to the request waiting for it.
func (c *Conn) deliver(id int, p PDU) {
	c.mu.Lock()
	ch, ok := c.pending[id]
	delete(c.pending, id)
	c.mu.Unlock()
	if !ok {
		c.report(fmt.Errorf("csta: %T for invoke id %d, which no request is waiting for", p, id))
		return
	}
	ch <- p
}

// handleInvoke answers what must be answered and hands the invoke over.
func (c *Conn) handleInvoke(inv *Invoke) {
	switch inv.Operation {
	case OpSystemStatus, OpSystemStatusPhase2:
		c.answerInvoke(inv)
		arg, err := DecodeSystemStatusArgument(inv.Argument)
		if err != nil {
			c.report(fmt.Errorf("csta: system status (answered): %w", err))
			return
		}
		if c.opts.OnSystemStatus != nil {
			c.opts.OnSystemStatus(arg.Status)
		}
	case OpEventReport:
		rep, err := DecodeEventReport(inv.Argument)
		if err != nil {
			c.report(fmt.Errorf("csta: skipped event report: %w", err))
			return
		}
		if c.opts.OnEvent != nil {
			c.opts.OnEvent(rep)
		}
	case OpCDRReport:
		c.answerInvoke(inv)
		c.handOver(inv)
	case OpEscape:
		if c.opts.AnswerEscape {
			c.answerInvoke(inv)
		}
		c.handOver(inv)
	default:
		c.handOver(inv)
	}
}

// answerInvoke sends the noData ReturnResult for inv.
func (c *Conn) answerInvoke(inv *Invoke) {
	if err := c.Reply(inv.InvokeID, inv.Operation, NullResult()); err != nil {
		c.report(fmt.Errorf("csta: answer %v: %w", inv.Operation, err))
	}
}

// handOver passes an invoke to the owner.
func (c *Conn) handOver(inv *Invoke) {
	if c.opts.OnInvoke != nil {
		c.opts.OnInvoke(inv)
	}
}
