package web

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
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
)

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
}

// newEventHub returns the hub of bus (nil: the endpoint answers 503).
func newEventHub(bus *cti.Bus) *eventHub {
	return &eventHub{bus: bus, buffer: eventsBuffer, ping: eventsPing, pongWait: eventsPongWait,
		writeWait: eventsWriteWait, grace: eventsCloseGrace}
}

// apiEvents serves GET /api/v1/events: it upgrades to a WebSocket and
// sends the bus events the user may see until either side closes.
func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	h := s.events
	if h.bus == nil {
		s.fail(w, r, cases.Errorf(cases.EUnavailable, "no PBX link is configured"))
		return
	}
	filter, err := eventFilter(userOf(r))
	if err == nil {
		err = eventsOrigin(r)
	}
	if err != nil {
		s.logWarn(r, "event stream refused", "origin", r.Header.Get("Origin"), "error", err)
		s.fail(w, r, err)
		return
	}
	up := websocket.Upgrader{ReadBufferSize: eventsMaxMessage, WriteBufferSize: 4096,
		HandshakeTimeout: h.writeWait,
		// eventsOrigin has checked the origin above, with the credentials.
		CheckOrigin: func(*http.Request) bool { return true },
		Error: func(w http.ResponseWriter, r *http.Request, status int, reason error) {
			s.fail(w, r, upgradeError(status, reason))
		}}
	conn, err := up.Upgrade(hijacker{w}, r, nil)
	if err != nil {
		return // the Error function has answered
	}
	sub := h.bus.Subscribe(filter, h.buffer)
	why := h.serve(conn, sub)
	s.log.DebugContext(r.Context(), "event stream closed", "request_id", requestID(r),
		"user_id", userOf(r).ID, "reason", why.Error())
}

// upgradeError turns a failed WebSocket handshake into an API error.
func upgradeError(status int, reason error) error {
	if status >= http.StatusInternalServerError {
		return fmt.Errorf("websocket upgrade: %w", reason)
	}
	return badRequest("", "%s", reason.Error()) // the library's diagnosis of the handshake
}

// eventFilter returns the filter of the bus events u may receive:
// supervisors and PBX administrators every call, agent and link event;
// clerks and officials the call events involving their extension and its
// agent state; anybody else is refused.
func eventFilter(u *cases.User) (func(cti.Event) bool, error) {
	if seesAllCalls(u) {
		return streamed, nil
	}
	if !u.Has(cases.RoleClerk) && !u.Has(cases.RoleOfficial) {
		return nil, forbidden("you may not receive call events")
	}
	ext := u.Extension
	if ext == "" {
		return nil, forbidden("you have no extension; ask an administrator to set one")
	}
	return func(e cti.Event) bool { return concernsExtension(e, ext) }, nil
}

// streamed reports whether e is an event the stream can send: a call,
// agent or link event of package cti.
func streamed(e cti.Event) bool {
	switch e.Data.(type) {
	case cti.CallEvent, cti.AgentInfo, cti.LinkStatus:
		return true
	case map[string]any: // the voice gateway's ivr.* events (supervisors)
		return strings.HasPrefix(e.Type, "ivr.")
	}
	return false
}

// concernsExtension reports whether e is about extension ext: a call event
// that happened at ext or of a call with a party at ext (for call.ended,
// whose call has no parties left, a call that passed through ext), or the
// agent state of ext.
func concernsExtension(e cti.Event, ext string) bool {
	switch d := e.Data.(type) {
	case cti.CallEvent:
		if d.Extension == ext {
			return true
		}
		if _, ok := d.Call.Party(ext); ok {
			return true
		}
		return e.Type == cti.TypeCallEnded &&
			slices.ContainsFunc(d.Call.Path, func(p cti.PathStep) bool { return p.Device == ext })
	case cti.AgentInfo:
		return d.Extension == ext
	}
	return false
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
func (h *eventHub) serve(conn *websocket.Conn, sub *cti.Subscription) error {
	defer conn.Close()
	defer sub.Close()
	done := make(chan struct{})
	go h.readLoop(conn, done)
	return h.writeLoop(conn, sub, done)
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
// client goes, a write fails or the subscription is dropped.
func (h *eventHub) writeLoop(conn *websocket.Conn, sub *cti.Subscription, done <-chan struct{}) error {
	ping := time.NewTicker(h.ping)
	defer ping.Stop()
	for {
		select {
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

// closeDropped tells the client why its subscription ended (CloseResync
// for a slow one) and waits a moment for its close frame.
func (h *eventHub) closeDropped(conn *websocket.Conn, why error, done <-chan struct{}) error {
	if why == nil {
		why = cti.ErrUnsubscribed
	}
	msg := websocket.FormatCloseMessage(websocket.CloseGoingAway, "")
	if errors.Is(why, cti.ErrSlowSubscriber) {
		msg = websocket.FormatCloseMessage(CloseResync, "resync")
	}
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

// toEventJSON converts a bus event that streamed accepts.
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
	default:
		out.Data = e.Data
	}
	return out
}
