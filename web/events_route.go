package web

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"linka/cases"
	"linka/cti"
)

// viewer is who a connection of the event stream serves, as of the last
// check of its credentials: the filter reads it on every event, so a
// change of the user's extension or roles applies to an open connection.
type viewer struct {
	userID     int64
	ext        string
	supervisor bool
}

// newViewer returns the viewer of u.
func newViewer(u *cases.User) *viewer {
	return &viewer{userID: u.ID, ext: u.Extension, supervisor: u.Has(cases.RoleSupervisor)}
}

// Event type prefixes the stream routes by.
const (
	prefixLink      = "link."
	prefixWallboard = "wallboard."
	prefixCase      = "case."
	prefixIVR       = "ivr."
	prefixRecording = "recording."
)

// routes reports whether the event e goes to the viewer v:
//   - link.*: to everybody (the panel shows that the PBX is unreachable);
//   - call.* and agent.state: to the user at an extension of the call
//     (concernsExtension);
//   - ivr.* and recording.*, whose data names a Linka call id: to the users
//     at the extensions of that call, and to supervisors;
//   - case.*: to the users the data names (assigned to, handling);
//   - wallboard.*: to supervisors.
//
// Nobody receives everybody's calls.
func (h *eventHub) routes(v *viewer, e cti.Event) bool {
	t := e.Type
	switch {
	case strings.HasPrefix(t, prefixLink):
		return true
	case strings.HasPrefix(t, prefixWallboard):
		return v.supervisor
	case strings.HasPrefix(t, prefixCase):
		return slices.Contains(eventUsers(e.Data), v.userID)
	case strings.HasPrefix(t, prefixIVR), strings.HasPrefix(t, prefixRecording):
		return v.supervisor || v.ext != "" && h.calls.at(eventCallID(e.Data), v.ext)
	}
	switch d := e.Data.(type) {
	case cti.CallEvent:
		// The end of a call that had left no trace of ext in its path
		// (e.g. the consultation call ext placed, merged by a transfer)
		// still reaches ext: the tracker saw ext in it.
		return v.ext != "" && (concernsExtension(e, v.ext) ||
			e.Type == cti.TypeCallEnded && h.calls.at(d.Call.ID, v.ext))
	case cti.AgentInfo:
		return v.ext != "" && concernsExtension(e, v.ext)
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

// CaseEvent is the data of the case.* events ("case.created",
// "case.updated", and those of other modules): the case and the users it
// concerns. The stream sends a case event to the users in Users.
type CaseEvent struct {
	Number     string      `json:"number"`
	CaseID     int64       `json:"case_id"`
	State      cases.State `json:"state"`
	Subject    string      `json:"subject"`
	AssignedTo int64       `json:"assigned_to,omitempty"`
	HandledBy  int64       `json:"handled_by,omitempty"`
	// Users are the ids of the users the event concerns: assigned to,
	// handling, and whoever else the publisher names.
	Users []int64 `json:"user_ids"`
	// CallID is the Linka id of the call the case came from, if any.
	CallID string `json:"call_id,omitempty"`
}

// eventUsers returns the users a case event names: CaseEvent.Users, or
// for data of another type the JSON fields user_ids, assigned_to and
// handled_by.
func eventUsers(data any) []int64 {
	if c, ok := data.(CaseEvent); ok {
		return c.Users
	}
	var d struct {
		Users      []int64 `json:"user_ids"`
		AssignedTo int64   `json:"assigned_to"`
		HandledBy  int64   `json:"handled_by"`
	}
	if !decodeData(data, &d) {
		return nil
	}
	return append(d.Users, d.AssignedTo, d.HandledBy)
}

// eventCallID returns the Linka call id an ivr.* or recording.* event
// names: the method CallID or the JSON field call_id of its data.
func eventCallID(data any) string {
	if c, ok := data.(interface{ CallID() string }); ok {
		return c.CallID()
	}
	var d struct {
		CallID string `json:"call_id"`
	}
	decodeData(data, &d)
	return d.CallID
}

// decodeData reads event data of a type this package does not know (a
// map, another module's struct) through its JSON form.
func decodeData(data any, dst any) bool {
	if m, ok := data.(map[string]any); ok && len(m) == 0 {
		return false
	}
	b, err := json.Marshal(data)
	return err == nil && json.Unmarshal(b, dst) == nil
}

// callTracker remembers the extensions each call passed through, from the
// call events on the bus, so that events of other modules that name only
// a call id (IVR, recording) reach the users at that call. Ended calls are
// kept a while: a recording ends after its call.
type callTracker struct {
	keep time.Duration

	mu    sync.Mutex
	exts  map[string][]string
	ended map[string]time.Time
}

// callTrackerKeep is how long an ended call stays in the tracker.
const callTrackerKeep = 10 * time.Minute

func newCallTracker() *callTracker {
	return &callTracker{keep: callTrackerKeep, exts: map[string][]string{}, ended: map[string]time.Time{}}
}

// observe records a call event; it is the filter of the tracker's bus
// subscription and always returns false (the subscription receives
// nothing). The bus runs filters in subscription order, and the tracker
// subscribes first, so it has seen a call before any connection's filter
// asks about it.
func (t *callTracker) observe(e cti.Event) bool {
	d, ok := e.Data.(cti.CallEvent)
	if !ok {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	id := d.Call.ID
	exts := t.exts[id]
	add := func(x string) {
		if x != "" && !slices.Contains(exts, x) {
			exts = append(exts, x)
		}
	}
	add(d.Extension)
	for _, p := range d.Call.Parties {
		add(p.Extension)
	}
	for _, p := range d.Call.Path {
		add(p.Device)
	}
	t.exts[id] = exts
	if e.Type == cti.TypeCallEnded {
		t.ended[id] = e.At
		t.prune(e.At)
	}
	return false
}

// prune forgets the calls ended before now less keep; t.mu is held.
func (t *callTracker) prune(now time.Time) {
	for id, at := range t.ended {
		if now.Sub(at) > t.keep {
			delete(t.ended, id)
			delete(t.exts, id)
		}
	}
}

// at reports whether the call id passed through extension ext.
func (t *callTracker) at(id, ext string) bool {
	if id == "" {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Contains(t.exts[id], ext)
}
