package web

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"linka/cases"
	"linka/cti"
)

// CloseResync is the WebSocket close code of a connection dropped because
// it fell behind the event stream; the close reason is "resync". The
// client reconnects with backoff and reloads its state over the REST API.
const CloseResync = 4000

// Defaults of the event stream.
const (
	// eventsBuffer is the queue length of each connection's subscription.
	eventsBuffer = 256
	// eventsPing is how often the server pings; eventsPongWait is how long
	// it waits for any frame (a pong at least) before giving up.
	eventsPing     = 30 * time.Second
	eventsPongWait = 75 * time.Second
	// eventsWriteWait bounds every write of a frame.
	eventsWriteWait = 10 * time.Second
	// eventsCloseGrace is how long a closing server waits for the client's
	// close frame before it closes the connection.
	eventsCloseGrace = 2 * time.Second
	// eventsMaxMessage is the largest message a client may send: clients
	// send nothing but control frames.
	eventsMaxMessage = 1024
	// eventsRecheck is how often an open connection checks its
	// credentials again and picks up changes of the user (extension, roles).
	eventsRecheck = 30 * time.Second
)

// CloseSignedOut is the WebSocket close code of a connection whose session
// or user is no longer valid (signed out, disabled): the client should not
// reconnect but ask the user to sign in.
const CloseSignedOut = 4001

// eventHub serves /api/v1/events: it holds the bus and the tuning of the
// connections (fields, so that tests can shorten or shrink them).
type eventHub struct {
	// bus is nil when no PBX link is configured.
	bus       *cti.Bus
	buffer    int
	ping      time.Duration
	pongWait  time.Duration
	writeWait time.Duration
	grace     time.Duration
	recheck   time.Duration
	// calls maps call ids to extensions for the events of other modules.
	calls *callTracker
	// writeBuffers lends the connections their write buffers only while
	// they write: most connections are idle most of the time.
	writeBuffers sync.Pool

	// quit is closed by shutdown; wg counts the open connections.
	quitOnce sync.Once
	quit     chan struct{}
	wg       sync.WaitGroup
}

// newEventHub returns the hub of bus (nil: the endpoint answers 503). The
// call tracker subscribes to the bus before any connection.
func newEventHub(bus *cti.Bus) *eventHub {
	h := &eventHub{bus: bus, buffer: eventsBuffer, ping: eventsPing, pongWait: eventsPongWait,
		writeWait: eventsWriteWait, grace: eventsCloseGrace, recheck: eventsRecheck,
		calls: newCallTracker(), quit: make(chan struct{})}
	if bus != nil {
		bus.Subscribe(h.calls.observe, 1)
	}
	return h
}

// shutdown closes every open connection with "going away" and waits for
// them (at most the close grace) ; new ones are refused.
func (h *eventHub) shutdown() {
	h.quitOnce.Do(func() { close(h.quit) })
	done := make(chan struct{})
	go func() { h.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(h.grace + h.writeWait):
	}
}

// CloseEvents closes the open WebSocket connections of the event stream,
// which http.Server.Shutdown does not track; register it with
// http.Server.RegisterOnShutdown. New connections are refused afterwards.
func (s *Server) CloseEvents() { s.events.shutdown() }

// apiEvents serves GET /api/v1/events: it upgrades to a WebSocket and
// sends the bus events the user may see until either side closes.
func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	h := s.events
	if h.bus == nil {
		s.fail(w, r, cases.Errorf(cases.EUnavailable, "no PBX link is configured"))
		return
	}
	select {
	case <-h.quit:
		s.fail(w, r, cases.Errorf(cases.EUnavailable, "the server is shutting down"))
		return
	default:
	}
	if err := eventsOrigin(r); err != nil {
		s.logWarn(r, "event stream refused", "origin", r.Header.Get("Origin"), "error", err)
		s.fail(w, r, err)
		return
	}
	up := websocket.Upgrader{ReadBufferSize: eventsMaxMessage, WriteBufferSize: 4096,
		WriteBufferPool: &h.writeBuffers, HandshakeTimeout: h.writeWait,
		// eventsOrigin has checked the origin above, with the credentials.
		CheckOrigin: func(*http.Request) bool { return true },
		Error: func(w http.ResponseWriter, r *http.Request, status int, reason error) {
			s.fail(w, r, upgradeError(status, reason))
		}}
	conn, err := up.Upgrade(hijacker{w}, r, nil)
	if err != nil {
		return // the Error function has answered
	}
	h.wg.Add(1)
	defer h.wg.Done()
	var who atomic.Pointer[viewer]
	who.Store(newViewer(userOf(r)))
	sub := h.bus.Subscribe(func(e cti.Event) bool { return h.routes(who.Load(), e) }, h.buffer)
	recheck := func() error { return s.recheckViewer(r, &who) }
	why := h.serve(conn, sub, recheck)
	s.log.DebugContext(r.Context(), "event stream closed", "request_id", requestID(r),
		"user_id", userOf(r).ID, "reason", why.Error())
}

// errSignedOut ends a connection whose credentials are no longer valid.
var errSignedOut = errors.New("the session or token is no longer valid")

// recheckViewer authenticates the connection's request again and stores
// the user's current extension and roles; it returns errSignedOut when the
// session or token has ended or the user was disabled.
func (s *Server) recheckViewer(r *http.Request, who *atomic.Pointer[viewer]) error {
	ctx, cancel := context.WithTimeout(context.Background(), s.events.writeWait)
	defer cancel()
	a, err := s.identify(r.Clone(ctx))
	switch {
	case cases.ErrorCode(err) == cases.EUnauthorized || err == nil && a == nil:
		return errSignedOut
	case err != nil:
		s.logWarn(r, "event stream: check the user again", "error", err)
		return nil // keep the connection on a passing database failure
	}
	who.Store(newViewer(a.user))
	return nil
}

// upgradeError turns a failed WebSocket handshake into an API error.
func upgradeError(status int, reason error) error {
	if status >= http.StatusInternalServerError {
		return fmt.Errorf("websocket upgrade: %w", reason)
	}
	return badRequest("", "%s", reason.Error()) // the library's diagnosis of the handshake
}

// eventsOrigin checks the origin of a handshake. A browser cannot set the
// CSRF header on a WebSocket but always sends Origin, so a connection
// made with the session cookie must come from this site (same host); a
// handshake from another site is refused whatever its credentials.
func eventsOrigin(r *http.Request) error {
	origin := r.Header.Get("Origin")
	if origin == "" {
		if a := actorFrom(r.Context()); a != nil && a.session != nil {
			return forbidden("cross-origin requests are not allowed") // a browser always sends Origin
		}
		return nil
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || !strings.EqualFold(u.Host, r.Host) {
		return forbidden("cross-origin requests are not allowed")
	}
	return nil
}

// hijacker lets the WebSocket upgrader take over a connection through the
// middleware's response writers, which expose it only through Unwrap.
type hijacker struct{ http.ResponseWriter }

// Hijack implements http.Hijacker.
func (h hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(h.ResponseWriter).Hijack()
}

// serve runs one connection until it ends and returns why; it closes the
// subscription and the connection.
func (h *eventHub) serve(conn *websocket.Conn, sub *cti.Subscription, recheck func() error) error {
	defer conn.Close()
	defer sub.Close()
	done := make(chan struct{})
	go h.readLoop(conn, done)
	return h.writeLoop(conn, sub, done, recheck)
}

// readLoop reads until the connection fails or closes, and closes done.
// Clients send only control frames: pongs extend the read deadline, the
// library answers pings and close frames, and any data message is
// discarded (one over eventsMaxMessage ends the connection).
func (h *eventHub) readLoop(conn *websocket.Conn, done chan<- struct{}) {
	defer close(done)
	conn.SetReadLimit(eventsMaxMessage)
	_ = conn.SetReadDeadline(time.Now().Add(h.pongWait))
	conn.SetPongHandler(func(string) error {
		return conn.SetReadDeadline(time.Now().Add(h.pongWait))
	})
	for {
		if _, _, err := conn.NextReader(); err != nil {
			return
		}
	}
}

// errClientGone reports a connection the client closed or lost.
var errClientGone = errors.New("the client closed the connection or stopped answering")

// writeLoop sends the subscription's events and the pings until the
// client goes, a write fails, the subscription is dropped, the
// credentials end or the server shuts down.
func (h *eventHub) writeLoop(conn *websocket.Conn, sub *cti.Subscription, done <-chan struct{}, recheck func() error) error {
	ping := time.NewTicker(h.ping)
	defer ping.Stop()
	check := time.NewTicker(h.recheck)
	defer check.Stop()
	for {
		select {
		case <-check.C:
			if err := recheck(); err != nil {
				return h.closeWith(conn, CloseSignedOut, "signed out", err, done)
			}
		case <-h.quit:
			return h.closeWith(conn, websocket.CloseGoingAway, "server shutting down", errShutdown, done)
		case e, ok := <-sub.Events():
			if !ok {
				return h.closeDropped(conn, sub.Err(), done)
			}
			if err := h.send(conn, e); err != nil {
				return err
			}
		case <-ping.C:
			if err := conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(h.writeWait)); err != nil {
				return fmt.Errorf("send ping: %w", err)
			}
		case <-done:
			return errClientGone
		}
	}
}

// send writes e as one JSON text frame.
func (h *eventHub) send(conn *websocket.Conn, e cti.Event) error {
	data, err := json.Marshal(toEventJSON(e))
	if err != nil {
		return fmt.Errorf("encode %s event: %w", e.Type, err)
	}
	_ = conn.SetWriteDeadline(time.Now().Add(h.writeWait))
	if err := conn.WriteMessage(websocket.TextMessage, data); err != nil {
		return fmt.Errorf("send %s event: %w", e.Type, err)
	}
	return nil
}

// errShutdown ends the connections when the server shuts down.
var errShutdown = errors.New("the server is shutting down")

// closeDropped tells the client why its subscription ended (CloseResync
// for a slow one) and waits a moment for its close frame.
func (h *eventHub) closeDropped(conn *websocket.Conn, why error, done <-chan struct{}) error {
	if why == nil {
		why = cti.ErrUnsubscribed
	}
	if errors.Is(why, cti.ErrSlowSubscriber) {
		return h.closeWith(conn, CloseResync, "resync", why, done)
	}
	return h.closeWith(conn, websocket.CloseGoingAway, "", why, done)
}

// closeWith sends a close frame with code and text, waits a moment for
// the client's close frame, and returns why.
func (h *eventHub) closeWith(conn *websocket.Conn, code int, text string, why error, done <-chan struct{}) error {
	msg := websocket.FormatCloseMessage(code, text)
	if err := conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(h.writeWait)); err != nil {
		return fmt.Errorf("send close after %w: %w", why, err)
	}
	t := time.NewTimer(h.grace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
	return why
}

// The JSON of the event stream: cti payloads are copied field by field,
// like the calls endpoints do, so that a change in package cti never
// changes the stream by accident.

// eventJSON is one message of the stream (ARCHITECTURE.md, "WebSocket").
type eventJSON struct {
	Type string `json:"type"`
	// Seq increases by one with every event on the bus; a connection
	// sees only some of them, so a gap in seq is normal.
	Seq  uint64  `json:"seq"`
	At   apiTime `json:"at"`
	Data any     `json:"data"`
}

// callEventJSON is the data of the call.* events.
type callEventJSON struct {
	// Extension is where the event happened, "" for the whole call.
	Extension string        `json:"extension"`
	UserID    *int64        `json:"user_id"`
	UserName  string        `json:"user_name"`
	To        string        `json:"to"`
	Call      eventCallJSON `json:"call"`
}

// eventCallJSON is a call in an event: the call of GET /api/v1/calls/{id}
// without the matched contacts (no database query per event; the REST
// endpoint adds them) and with the end of an ended call.
type eventCallJSON struct {
	callJSON
	EndedAt   apiTime `json:"ended_at"`
	EndReason string  `json:"end_reason"`
	// Contacts hides callJSON.Contacts: it is never set, so omitted.
	Contacts []callerJSON `json:"contacts,omitempty"`
}

// agentEventJSON is the data of agent.state.
type agentEventJSON struct {
	Extension    string         `json:"extension"`
	State        cti.AgentState `json:"state"`
	Since        apiTime        `json:"since"`
	AgentID      string         `json:"agent_id"`
	Group        string         `json:"group"`
	DoNotDisturb bool           `json:"do_not_disturb"`
	ForwardTo    string         `json:"forward_to"`
	UserID       *int64         `json:"user_id"`
	UserName     string         `json:"user_name"`
}

// toEventJSON converts a bus event.
func toEventJSON(e cti.Event) eventJSON {
	out := eventJSON{Type: e.Type, Seq: e.Seq, At: apiTime(e.At)}
	switch d := e.Data.(type) {
	case cti.CallEvent:
		out.Data = callEventJSON{Extension: d.Extension, UserID: ref(d.UserID), UserName: d.UserName,
			To: d.To, Call: eventCallJSON{callJSON: toCallJSON(&d.Call, nil, nil),
				EndedAt: apiTime(d.Call.EndedAt), EndReason: d.Call.EndReason}}
	case cti.AgentInfo:
		out.Data = agentEventJSON{Extension: d.Extension, State: d.State, Since: apiTime(d.Since),
			AgentID: d.AgentID, Group: d.Group, DoNotDisturb: d.DoNotDisturb, ForwardTo: d.ForwardTo,
			UserID: ref(d.UserID), UserName: d.UserName}
	case cti.LinkStatus:
		out.Data = toPBXJSON(d)
	default: // case, wallboard, IVR and recording events carry their own JSON
		out.Data = d
	}
	return out
}
