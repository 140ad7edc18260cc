package web

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"linka/cases"
	"linka/cti"
)

// marker publishes an event every connection receives and waits until
// each client has it, so that what a client has seen by then is all it
// will ever see of the events published before.
func (e *eventsEnv) marker(clients ...*wsClient) {
	e.t.Helper()
	ev := e.link.Bus().Publish(cti.Event{Type: "link.marker", Data: map[string]any{"marker": true}})
	for _, c := range clients {
		c.until("the marker", func(got *wsEvent) bool { return got.Seq == ev.Seq })
	}
}

// sawType reports whether c has seen an event of type typ.
func (c *wsClient) sawType(typ string) bool {
	for _, ev := range c.seen {
		if ev.Type == typ {
			return true
		}
	}
	return false
}

func TestEvents_RoutesOtherModules(t *testing.T) {
	e := newEventsEnv(t, nil, "clerk", "clerk2", "supervisor")
	base := e.link.Bus().Subscribers()
	clerk := e.connect("clerk at 101", e.bearer("clerk"))
	clerk2 := e.connect("clerk at 102", e.bearer("clerk2"))
	super := e.connect("supervisor", e.bearer("supervisor"))
	e.waitSubscribers(base + 3)
	bus := e.link.Bus()

	_, c := e.ring("+420777000101", "101")
	clerk.until("call.ringing at 101", callEvent(t, "call.ringing", c.ID))
	bus.Publish(cti.Event{Type: "ivr.menu", Data: map[string]any{"call_id": c.ID, "digit": "1"}})
	bus.Publish(cti.Event{Type: "recording.started", Data: struct {
		CallID string `json:"call_id"`
	}{c.ID}})
	bus.Publish(cti.Event{Type: "wallboard.queue", Data: map[string]any{"waiting": 2}})
	bus.Publish(cti.Event{Type: "case.updated", Data: CaseEvent{Number: "7", Users: []int64{e.users["clerk2"].ID}}})
	bus.Publish(cti.Event{Type: "case.created", Data: map[string]any{"number": "8", "handled_by": e.users["clerk"].ID}})
	e.marker(clerk, clerk2, super)

	want := map[string]map[*wsClient]bool{
		"ivr.menu":          {clerk: true, clerk2: false, super: true},
		"recording.started": {clerk: true, clerk2: false, super: true},
		"wallboard.queue":   {clerk: false, clerk2: false, super: true},
		"case.updated":      {clerk: false, clerk2: true, super: false},
		"case.created":      {clerk: true, clerk2: false, super: false},
	}
	for typ, who := range want {
		for c, w := range who {
			if got := c.sawType(typ); got != w {
				t.Errorf("%s received %s = %v, want %v", c.name, typ, got, w)
			}
		}
	}
}

func TestEvents_FilterFollowsUser(t *testing.T) {
	e := newEventsEnv(t, func(s *Server, _ *httptest.Server) { s.events.recheck = 50 * time.Millisecond }, "clerk")
	base := e.link.Bus().Subscribers()
	cookie, _ := e.session("clerk")
	clerk := e.connect("clerk", map[string][]string{"Cookie": {cookie.String()}, "Origin": {e.sameOrigin()}})
	e.waitSubscribers(base + 1)

	u := e.users["clerk"]
	u.Extension = "103"
	if err := e.svc.UpdateUser(context.Background(), cases.Console(), u); err != nil {
		t.Fatalf("UpdateUser = %v", err)
	}
	time.Sleep(200 * time.Millisecond) // a few rechecks
	_, c := e.ring("+420777000103", "103")
	clerk.until("call.ringing at the new extension 103", callEvent(t, "call.ringing", c.ID))

	// Signing out ends the stream with CloseSignedOut.
	if err := e.svc.Logout(context.Background(), cookie.Value); err != nil {
		t.Fatalf("Logout = %v", err)
	}
	wantClose(t, clerk, CloseSignedOut)
}

// wantClose waits until c's stream ends with the close code.
func wantClose(t *testing.T, c *wsClient, code int) {
	t.Helper()
	for {
		select {
		case <-c.ch:
		case err := <-c.errc:
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != code {
				t.Fatalf("%s: stream ended with %v, want close %d", c.name, err, code)
			}
			return
		case <-time.After(pbxWait):
			t.Fatalf("%s: the stream did not close with %d", c.name, code)
		}
	}
}

func TestEvents_CloseEvents(t *testing.T) {
	e := newEventsEnv(t, nil, "clerk")
	base := e.link.Bus().Subscribers()
	clerk := e.connect("clerk", e.bearer("clerk"))
	e.waitSubscribers(base + 1)
	e.srv.CloseEvents()
	wantClose(t, clerk, websocket.CloseGoingAway)
	if _, _, err := e.dial(nil, e.bearer("clerk")); !errors.Is(err, websocket.ErrBadHandshake) {
		t.Errorf("dial after CloseEvents = %v, want a refused handshake", err)
	}
	e.waitSubscribers(base)
}
