package pbxsim

import (
	"net"
	"time"

	"linka/cti/csta"
)

// Fault injection and system status, for tests of a client's recovery.

// faults holds the answers to replace, guarded by p.mu.
type faults struct {
	reject map[csta.Operation]int
	fail   map[csta.Operation][]error
}

// take returns the fault planned for the next invoke of op: a nil error
// for a ROSE Reject, a *csta.Error for a ReturnError.
func (f *faults) take(op csta.Operation) (error, bool) {
	if f.reject[op] > 0 {
		f.reject[op]--
		return nil, true
	}
	if list := f.fail[op]; len(list) > 0 {
		f.fail[op] = list[1:]
		return list[0], true
	}
	return nil, false
}

// RejectNext makes the PBX answer the next invoke of op, from any client,
// with a ROSE Reject (invoke problem resourceLimitation) instead of
// serving it.
func (p *PBX) RejectNext(op csta.Operation) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults.reject[op]++
}

// FailNext makes the PBX answer the next invoke of op, from any client,
// with a ReturnError carrying err instead of serving it.
func (p *PBX) FailNext(op csta.Operation, err *csta.Error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults.fail[op] = append(p.faults.fail[op], err)
}

// Garbage PDUs of InjectGarbage: well framed, but neither an ACSE nor a
// ROSE APDU, and an Invoke whose argument is cut short.
var garbagePDUs = [][]byte{
	{0x30, 0x03, 0x01, 0x01, 0xff},
	{0xa1, 0x08, 0x02, 0x01, 0x07, 0x02, 0x01, 0x15, 0x30, 0x7f},
}

// InjectGarbage sends every client two well-framed PDUs that do not
// decode. A client must skip them and keep the link.
func (p *PBX) InjectGarbage() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := range p.sessions {
		for _, g := range garbagePDUs {
			s.send(g)
		}
	}
}

// CloseMidPDU sends every client the length prefix and the first bytes of
// a PDU, then closes the connection: the framing is lost mid-PDU.
func (p *PBX) CloseMidPDU() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := range p.sessions {
		partial := []byte{0x00, 0x40, 0xa1, 0x3e, 0x02, 0x01, 0x07, 0x02, 0x01, 0x15}
		s.enqueue(frame{b: partial, close: true}, false)
	}
}

// StopResponding holds back everything the PBX writes (answers, events,
// heartbeats) for d, as a hung PBX or a stalled network would; requests
// are still served, and their answers arrive late. Calling it again moves
// the end of the pause.
func (p *PBX) StopResponding(d time.Duration) {
	p.pauseUntil.Store(time.Now().Add(d).UnixNano())
}

// DropConnections cuts every client connection abruptly (a TCP reset where
// possible, no ACSE abort). Calls in progress go on; the clients' monitors
// are gone with their connections.
func (p *PBX) DropConnections() {
	p.mu.Lock()
	sessions := make([]*session, 0, len(p.sessions))
	for s := range p.sessions {
		sessions = append(sessions, s)
	}
	p.mu.Unlock()
	for _, s := range sessions {
		if tc, ok := s.conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		s.shutdown()
	}
}

// LoseEvents drops the next n event reports to every associated client,
// then tells each systemStatus(messagesLost), as a PBX that lost events
// does. The client must resynchronise from snapshots.
func (p *PBX) LoseEvents(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := range p.sessions {
		if s.associated && n > 0 {
			s.loseEvents = n
		}
	}
}

// SendSystemStatus sends systemStatus with status to every associated
// client. After StatusEnabled the PBX has forgotten every monitor and CDR
// transmission, as after a restart, and numbers new monitors from 1 again;
// calls in progress go on.
func (p *PBX) SendSystemStatus(status csta.SystemStatus) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := range p.sessions {
		if !s.associated {
			continue
		}
		if status == csta.StatusEnabled {
			p.forgetMonitors(s)
			s.nextRef = 0
			if p.cdr == s {
				p.cdr, s.cdrRef = nil, nil
			}
		}
		s.sendStatus(status)
	}
}
