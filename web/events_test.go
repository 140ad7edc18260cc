package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/internal/workdays"
)

// eventsEnv is a pbxEnv whose server streams the link's bus, served on a
// loopback listener for WebSocket clients.
type eventsEnv struct {
	*pbxEnv
	ts *httptest.Server
}

// newEventsEnv starts the environment; tune, if not nil, may change the
// server and its listener before it starts.
func newEventsEnv(t *testing.T, tune func(*Server, *httptest.Server), logins ...string) *eventsEnv {
	t.Helper()
	e := &eventsEnv{pbxEnv: newPBXEnv(t, logins...)}
	srv, err := New(Options{Service: e.svc, Registry: prometheus.NewRegistry(), Telephony: e.link, Panel: e.db,
		Bus: e.link.Bus(), Logger: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	e.srv = srv
	e.ts = httptest.NewUnstartedServer(srv)
	if tune != nil {
		tune(srv, e.ts)
	}
	e.ts.Start()
	t.Cleanup(e.ts.Close)
	return e
}

// wsURL is the URL of the event stream.
func (e *eventsEnv) wsURL() string {
	return "ws" + strings.TrimPrefix(e.ts.URL, "http") + "/api/v1/events"
}

// sameOrigin is the Origin header a browser on this server sends.
func (e *eventsEnv) sameOrigin() string { return e.ts.URL }

// dial opens the event stream with header and closes it when the test
// ends.
func (e *eventsEnv) dial(d *websocket.Dialer, header http.Header) (*websocket.Conn, *http.Response, error) {
	e.t.Helper()
	if d == nil {
		d = &websocket.Dialer{}
	}
	d.HandshakeTimeout = pbxWait
	c, resp, err := d.Dial(e.wsURL(), header)
	if c != nil {
		e.t.Cleanup(func() { c.Close() })
	}
	return c, resp, err
}

// bearer returns the header of login's bearer token.
func (e *eventsEnv) bearer(login string) http.Header {
	return http.Header{"Authorization": {"Bearer " + e.token(login)}}
}

// cookie returns the header of login's session cookie with origin.
func (e *eventsEnv) cookie(login, origin string) http.Header {
	c, _ := e.session(login)
	h := http.Header{"Cookie": {c.String()}}
	if origin != "" {
		h.Set("Origin", origin)
	}
	return h
}

// connect opens the event stream with header and reads it in the
// background.
func (e *eventsEnv) connect(name string, header http.Header) *wsClient {
	e.t.Helper()
	conn, resp, err := e.dial(nil, header)
	if err != nil {
		e.t.Fatalf("dial %s as %s = %v (response %v)", e.wsURL(), name, err, resp)
	}
	c := &wsClient{t: e.t, name: name, ch: make(chan wsEvent, 4096), errc: make(chan error, 1)}
	go c.read(conn)
	return c
}

// waitSubscribers waits until the bus has n subscribers.
func (e *eventsEnv) waitSubscribers(n int) {
	e.t.Helper()
	e.eventually(fmt.Sprintf("%d bus subscribers", n), func() bool { return e.link.Bus().Subscribers() == n })
}

// wsEvent is a message of the stream as a client reads it.
type wsEvent struct {
	Type string          `json:"type"`
	Seq  uint64          `json:"seq"`
	At   string          `json:"at"`
	Data json.RawMessage `json:"data"`
}

// wsCallEvent is the data of a call event as a client reads it.
type wsCallEvent struct {
	Extension string `json:"extension"`
	Call      struct {
		ID         string `json:"id"`
		Caller     string `json:"caller"`
		EndReason  string `json:"end_reason"`
		Extensions []struct {
			Extension string `json:"extension"`
			State     string `json:"state"`
		} `json:"extensions"`
	} `json:"call"`
}

// call decodes the data of a call event.
func (ev *wsEvent) call(t *testing.T) wsCallEvent {
	t.Helper()
	var d wsCallEvent
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		t.Fatalf("decode data of %s: %v", ev.Type, err)
	}
	return d
}

// wsClient is an event stream connection read by a goroutine.
type wsClient struct {
	t    *testing.T
	name string
	ch   chan wsEvent
	errc chan error
	seq  uint64
	seen []wsEvent
}

func (c *wsClient) read(conn *websocket.Conn) {
	for {
		var ev wsEvent
		if err := conn.ReadJSON(&ev); err != nil {
			c.errc <- err
			return
		}
		c.ch <- ev
	}
}

// until reads events until one matches, failing the test after pbxWait
// or when seq does not increase.
func (c *wsClient) until(what string, match func(*wsEvent) bool) wsEvent {
	c.t.Helper()
	timeout := time.After(pbxWait)
	for {
		select {
		case ev := <-c.ch:
			if ev.Seq <= c.seq {
				c.t.Fatalf("%s: seq %d after %d, want it to increase", c.name, ev.Seq, c.seq)
			}
			c.seq = ev.Seq
			c.seen = append(c.seen, ev)
			if match(&ev) {
				return ev
			}
		case err := <-c.errc:
			c.t.Fatalf("%s: stream ended with %v while waiting for %s", c.name, err, what)
		case <-timeout:
			c.t.Fatalf("%s: timed out after %v waiting for %s", c.name, pbxWait, what)
		}
	}
}

// callEvent matches an event of type typ about call id.
func callEvent(t *testing.T, typ, id string) func(*wsEvent) bool {
	return func(ev *wsEvent) bool { return ev.Type == typ && ev.call(t).Call.ID == id }
}

func TestEvents_Filtering(t *testing.T) {
	e := newEventsEnv(t, nil, "clerk", "supervisor")
	base := e.link.Bus().Subscribers()
	clerk := e.connect("clerk (cookie)", e.cookie("clerk", e.sameOrigin()))
	super := e.connect("supervisor (token)", e.bearer("supervisor"))
	e.waitSubscribers(base + 2)

	h104, other := e.ring("+420777000104", "104")
	h101, mine := e.ring("+420777000101", "101")
	h105, boss := e.ring("+420777000105", "105")

	ev := clerk.until("call.ringing at 101", callEvent(t, "call.ringing", mine.ID))
	if d := ev.call(t); d.Extension != "101" || d.Call.Caller != "+420777000101" {
		t.Errorf("clerk's call.ringing data = %s, want extension 101 and caller +420777000101", ev.Data)
	}
	at, err := time.Parse(time.RFC3339, ev.At)
	if err != nil {
		t.Fatalf("at = %q, want RFC 3339: %v", ev.At, err)
	}
	if _, off := at.Zone(); off != zoneOffset(at) {
		t.Errorf("at = %q, want the Europe/Prague offset", ev.At)
	}
	super.until("call.ringing at 105", callEvent(t, "call.ringing", boss.ID))

	for _, h := range []struct {
		call  interface{ Hangup(string) error }
		party string
	}{{h104, "+420777000104"}, {h101, "101"}, {h105, "+420777000105"}} {
		if err := h.call.Hangup(h.party); err != nil {
			t.Fatalf("Hangup(%s) = %v", h.party, err)
		}
	}
	clerk.until("call.ended of the call to 101", callEvent(t, "call.ended", mine.ID))
	super.until("call.ended of the call to 105", callEvent(t, "call.ended", boss.ID))

	for _, ext := range []string{"102", "101"} {
		if err := e.pbx.AgentNotReady(ext); err != nil {
			t.Fatalf("AgentNotReady(%s) = %v", ext, err)
		}
	}
	clerk.until("agent.state of 101", agentEvent(t, "101"))
	for name, c := range map[string]*wsClient{"clerk at 101": clerk, "supervisor at 105": super} {
		for _, ev := range c.seen {
			d := ev.call(t)
			if d.Call.ID == other.ID || d.Extension == "104" || d.Extension == "102" {
				t.Errorf("%s received %s %s, of another extension", name, ev.Type, ev.Data)
			}
		}
	}
}

// agentEvent matches agent.state of ext with state not_ready.
func agentEvent(t *testing.T, ext string) func(*wsEvent) bool {
	return func(ev *wsEvent) bool {
		var d struct{ Extension, State string }
		if ev.Type != "agent.state" {
			return false
		}
		if err := json.Unmarshal(ev.Data, &d); err != nil {
			t.Fatalf("decode data of agent.state: %v", err)
		}
		return d.Extension == ext && d.State == "not_ready"
	}
}

// zoneOffset returns the Europe/Prague offset at t, in seconds.
func zoneOffset(t time.Time) int {
	_, off := t.In(workdays.Prague()).Zone()
	return off
}

func TestEvents_Refused(t *testing.T) {
	e := newEventsEnv(t, nil, "clerk")
	tests := []struct {
		name   string
		header http.Header
		status int
		code   string
	}{
		{"anonymous", nil, http.StatusUnauthorized, cases.EUnauthorized},
		{"bad token", http.Header{"Authorization": {"Bearer nonsense"}}, http.StatusUnauthorized, cases.EUnauthorized},
		{"cookie from another site", e.cookie("clerk", "http://evil.example"), http.StatusForbidden, cases.EForbidden},
		{"cookie without origin", e.cookie("clerk", ""), http.StatusForbidden, cases.EForbidden},
		{"token from another site", withOrigin(e.bearer("clerk"), "http://evil.example"), http.StatusForbidden, cases.EForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, resp, err := e.dial(nil, tt.header)
			if !errors.Is(err, websocket.ErrBadHandshake) || conn != nil {
				t.Fatalf("Dial = %v, want %v", err, websocket.ErrBadHandshake)
			}
			body, _ := io.ReadAll(resp.Body)
			var out errorBody
			_ = json.Unmarshal(body, &out)
			if resp.StatusCode != tt.status || out.Error.Code != tt.code {
				t.Errorf("Dial status = %d, body %s; want %d with code %s", resp.StatusCode, body, tt.status, tt.code)
			}
		})
	}
	t.Run("not a WebSocket", func(t *testing.T) {
		wantError(t, e.api(http.MethodGet, "/api/v1/events", "clerk", nil), http.StatusBadRequest, codeBadRequest, "")
	})
}

// withOrigin returns h with an Origin header.
func withOrigin(h http.Header, origin string) http.Header {
	h.Set("Origin", origin)
	return h
}

func TestEvents_NoBus(t *testing.T) {
	e := newEnv(t)
	rec := e.api(http.MethodGet, "/api/v1/events", "supervisor", nil)
	wantError(t, rec, http.StatusServiceUnavailable, cases.EUnavailable, "")
}

// smallBuffers shrinks the send buffer of every accepted connection, so
// that a client that stops reading blocks the server's writes soon.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(4096)
	}
	return c, err
}

func TestEvents_SlowClientResync(t *testing.T) {
	e := newEventsEnv(t, func(s *Server, ts *httptest.Server) {
		s.events.buffer = 8
		s.events.writeWait = 6 * pbxWait // the slow client reads late, but it does read
		ts.Listener = smallBuffers{ts.Listener}
	}, "clerk", "clerk2")
	base := e.link.Bus().Subscribers()
	slowDialer := &websocket.Dialer{NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetReadBuffer(4096)
		}
		return c, err
	}}
	slow, _, err := e.dial(slowDialer, e.bearer("clerk2"))
	if err != nil {
		t.Fatalf("dial as the slow clerk at 102 = %v", err)
	}
	admin := e.connect("clerk at 102, reading", e.bearer("clerk2"))
	clerk := e.connect("clerk", e.bearer("clerk"))
	e.waitSubscribers(base + 3)

	// Calls to 102 until the slow client, which reads nothing, is dropped;
	// each waits until a reading client has it all, so that only the slow
	// client falls behind.
	deadline := time.Now().Add(6 * pbxWait)
	calls := 0
	for ; e.link.Bus().Subscribers() > base+2; calls++ {
		if time.Now().After(deadline) {
			t.Fatalf("the slow client was not dropped after %d calls", calls)
		}
		from := fmt.Sprintf("+42077700%04d", calls)
		h, err := e.pbx.IncomingCall(from, "102")
		if err != nil {
			t.Fatalf("IncomingCall(%s, 102) = %v", from, err)
		}
		if err := h.Hangup(from); err != nil {
			t.Fatalf("Hangup(%s) = %v", from, err)
		}
		admin.until("the end of the call from "+from, func(ev *wsEvent) bool {
			return ev.Type == "call.ended" && ev.call(t).Call.Caller == from
		})
	}

	t.Logf("the slow client was dropped after %d calls", calls)
	_ = slow.SetReadDeadline(time.Now().Add(6 * pbxWait))
	for {
		if _, _, err = slow.ReadMessage(); err != nil {
			break
		}
	}
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != CloseResync || ce.Text != "resync" {
		t.Fatalf("slow client's stream ended with %v, want close %d \"resync\"", err, CloseResync)
	}

	_, mine := e.ring("+420777000101", "101")
	clerk.until("call.ringing at 101 after the drop", callEvent(t, "call.ringing", mine.ID))
	_, theirs := e.ring("+420777000102", "102")
	admin.until("call.ringing at 102 after the drop", callEvent(t, "call.ringing", theirs.ID))
	if n := e.link.Bus().Subscribers(); n != base+2 {
		t.Errorf("Bus.Subscribers() = %d after the drop, want %d", n, base+2)
	}
}
