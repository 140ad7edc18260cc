package cti

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"sync/atomic"
	"time"

	"linka/cti/csta"
)

// session is one connection to the PBX, from dial to failure.
type session struct {
	l    *Link
	conn *csta.Conn
	// kme receives the device list segments the PBX invokes escape with.
	kme chan csta.KMEDeviceListReply
	// resync receives enabled and messagesLost statuses.
	resync chan csta.SystemStatus
	// fatal receives a reason to drop the connection found by a callback.
	fatal chan error
	// alive is the wall time (Unix nanoseconds) of the last sign of life.
	alive atomic.Int64
	// badRun counts malformed PDUs since the last good one.
	badRun atomic.Int32
	// monitors are the cross references of the running monitors; only the
	// session goroutine uses them.
	monitors [][]byte
}

// session dials, associates and sets up one connection, marks the link up
// and watches it until it fails; up reports whether it got that far.
func (l *Link) session(ctx context.Context) (up bool, err error) {
	l.mu.Lock()
	l.setStateLocked(LinkConnecting)
	l.mu.Unlock()
	nc, err := l.opts.Dial(ctx, "tcp", l.opts.Address)
	if err != nil {
		return false, fmt.Errorf("connect to %s: %w", l.opts.Address, err)
	}
	s := l.newSession(nc)
	defer s.conn.Close()
	if _, err := s.conn.Associate(ctx); err != nil {
		return false, fmt.Errorf("associate: %w", err)
	}
	if err := s.setup(ctx); err != nil {
		return false, err
	}
	l.linkUp(s.conn)
	return true, s.watch(ctx)
}

// newSession starts a csta.Conn over nc with the session's callbacks.
func (l *Link) newSession(nc net.Conn) *session {
	s := &session{
		l:      l,
		kme:    make(chan csta.KMEDeviceListReply, 64),
		resync: make(chan csta.SystemStatus, 1),
		fatal:  make(chan error, 1),
	}
	s.touch()
	s.conn = csta.NewConn(nc, csta.Options{
		OnEvent:        s.onEvent,
		OnInvoke:       s.onInvoke,
		OnSystemStatus: s.onStatus,
		OnError:        s.onError,
		Debug:          l.opts.Debug,
		RequestTimeout: l.opts.RequestTimeout,
	})
	return s
}

// watch serves resync requests and the heartbeat watchdog until the
// connection fails or ctx ends.
func (s *session) watch(ctx context.Context) error {
	var tick <-chan time.Time
	if t := s.l.opts.HeartbeatTimeout; t > 0 {
		ticker := time.NewTicker(min(max(t/4, 10*time.Millisecond), 5*time.Second))
		defer ticker.Stop()
		tick = ticker.C
	}
	for {
		select {
		case <-ctx.Done():
			rctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_ = s.conn.Release(rctx)
			cancel()
			return ctx.Err()
		case <-s.conn.Done():
			return s.conn.Err()
		case err := <-s.fatal:
			return err
		case st := <-s.resync:
			s.l.log.Info("PBX asks for a resync", "status", st.String())
			if err := s.setup(ctx); err != nil {
				return fmt.Errorf("resync after status %v: %w", st, err)
			}
		case <-tick:
			if quiet := time.Since(time.Unix(0, s.alive.Load())); quiet > s.l.opts.HeartbeatTimeout {
				return fmt.Errorf("%w for %v", ErrHeartbeatTimeout, quiet.Round(time.Second))
			}
		}
	}
}

// touch records a sign of life from the PBX.
func (s *session) touch() { s.alive.Store(time.Now().UnixNano()) }

// good records a well-formed PDU.
func (s *session) good() {
	s.touch()
	s.badRun.Store(0)
}

// fail asks the session goroutine to drop the connection.
func (s *session) fail(err error) {
	select {
	case s.fatal <- err:
	default:
	}
}

// onEvent applies an event to the model and publishes what follows. It
// runs on the connection's reader goroutine.
func (s *session) onEvent(rep csta.EventReport) {
	s.good()
	l := s.l
	l.met.event(rep.Event.Type())
	l.mu.Lock()
	l.buf = l.model.apply(rep.Event, l.buf[:0])
	l.publishLocked(l.buf)
	l.mu.Unlock()
}

// onStatus records a heartbeat and asks for a resync after enabled and
// messagesLost.
func (s *session) onStatus(st csta.SystemStatus) {
	s.good()
	l := s.l
	l.mu.Lock()
	l.status.LastHeartbeat = l.opts.Now()
	l.mu.Unlock()
	switch st {
	case csta.StatusNormal:
	case csta.StatusEnabled, csta.StatusMessagesLost:
		select {
		case s.resync <- st:
		default: // a resync is already pending
		}
	default:
		l.log.Warn("PBX system status", "status", st.String())
	}
}

// onInvoke hands device list segments to the setup.
func (s *session) onInvoke(inv *csta.Invoke) {
	s.good()
	if inv.Operation != csta.OpEscape {
		s.l.log.Debug("PBX invoked an unexpected operation", "operation", inv.Operation.String())
		return
	}
	arg, err := csta.DecodeEscapeArgument(inv.Argument)
	if err != nil {
		s.onError(fmt.Errorf("escape from the PBX: %w", err))
		return
	}
	seg, err := csta.DecodeKMEDeviceListReply(arg)
	if err != nil {
		s.l.log.Debug("PBX sent private data that is not a device list", "err", err)
		return
	}
	select {
	case s.kme <- seg:
	default:
		s.l.log.Warn("device list segment dropped: nobody is waiting for it", "segment", seg.Segment)
	}
}

// onError records a problem the connection survived: a malformed PDU
// (counted; a long run of them drops the connection) or an unexpected one.
func (s *session) onError(err error) {
	l := s.l
	if !csta.IsMalformed(err) && !errorsIsFrame(err) {
		l.logChange("pdu", err.Error(), slog.LevelWarn, "unexpected PDU from the PBX", "err", err)
		return
	}
	l.met.decodeErrors.Inc()
	l.mu.Lock()
	l.status.DecodeErrors++
	l.status.LastDecodeError = err.Error()
	l.mu.Unlock()
	l.logChange("decode", err.Error(), slog.LevelWarn, "malformed PDU from the PBX skipped", "err", err)
	if n := s.badRun.Add(1); int(n) >= l.opts.DecodeErrorRun {
		s.fail(fmt.Errorf("%w (%d)", ErrFramingLost, n))
	}
}
