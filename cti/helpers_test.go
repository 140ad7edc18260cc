package cti

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"linka/cti/csta"
)

// Numbers of the test office: extensions 101–104, ICD group 600, a
// citizen calling the DDI 544503100.
const (
	citizen = "602123456"
	ddi     = "544503100"
)

// directory is a Directory over a map.
type directory map[string]string

func (d directory) UserForExtension(ext string) (int64, string, bool) {
	name, ok := d[ext]
	if !ok {
		return 0, "", false
	}
	id, _ := strconv.ParseInt(ext, 10, 64)
	return id, name, true
}

// testClock returns a clock that advances a millisecond per reading.
func testClock() func() time.Time {
	t := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(time.Millisecond)
		return t
	}
}

// harness drives a model with CSTA event values.
type harness struct {
	t *testing.T
	m *model
}

// newHarness returns a model of extensions 101–104 and group 600, all
// monitored, with users at 101 and 102.
func newHarness(t *testing.T) *harness {
	m := newModel([]string{"101", "102", "103", "104"}, []string{"600"},
		directory{"101": "Jana Nováková", "102": "Petr Svoboda"}, testClock())
	for _, d := range m.devs.byNumber {
		d.monitored = true
	}
	return &harness{t: t, m: m}
}

// apply applies events and returns the bus events as "type@extension"
// words, e.g. "call.ringing@101 call.updated".
func (h *harness) apply(evs ...csta.Event) string {
	var out []Event
	for _, ev := range evs {
		out = h.m.apply(ev, out)
	}
	return describe(out)
}

// describe renders bus events as "type@extension" words.
func describe(evs []Event) string {
	var words []string
	for _, e := range evs {
		w := e.Type
		if ce, ok := e.Data.(CallEvent); ok && ce.Extension != "" {
			w += "@" + ce.Extension
		}
		if ce, ok := e.Data.(CallEvent); ok && e.Type == TypeCallEnded {
			w += ":" + ce.Call.EndReason
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// only returns the single call in progress.
func (h *harness) only() CallInfo {
	h.t.Helper()
	calls := h.m.callInfos()
	if len(calls) != 1 {
		h.t.Fatalf("%d calls in progress, want 1: %+v", len(calls), calls)
	}
	return calls[0]
}

// parties renders the parties of a call as "101:alerting 102:connected".
func parties(c CallInfo) string {
	var words []string
	for _, p := range c.Parties {
		words = append(words, p.Extension+":"+string(p.State))
	}
	return strings.Join(words, " ")
}

// path renders the path of a call as "queued@600 rang@101 transferred@102>104".
func path(c CallInfo) string {
	var words []string
	for _, s := range c.Path {
		w := s.Action + "@" + s.Device
		if s.To != "" {
			w += ">" + s.To
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// Builders of CSTA event values as a Panasonic PBX reports them.

func dn(n string) csta.DeviceID { return csta.DialingNumber(n) }

func cn(call, dev string) csta.ConnectionID {
	return csta.ConnectionID{Call: []byte(call), Device: dn(dev)}
}

func incoming(caller string) csta.Parties {
	return csta.Parties{CallingDevice: dn(caller), CalledDevice: dn(ddi),
		LastRedirectionDevice: csta.DeviceID{Kind: csta.DeviceNotRequired}}
}

func delivered(call, at string, p csta.Parties) *csta.DeliveredEvent {
	return &csta.DeliveredEvent{Connection: cn(call, at), AlertingDevice: dn(at), Parties: p,
		Common: csta.Common{LocalConnectionInfo: csta.StateAlerting, Cause: csta.CauseNewCall}}
}

func established(call, at string, p csta.Parties) *csta.EstablishedEvent {
	return &csta.EstablishedEvent{Connection: cn(call, at), AnsweringDevice: dn(at), Parties: p,
		Common: csta.Common{LocalConnectionInfo: csta.StateConnected, Cause: csta.CauseNewCall}}
}

func queued(call, group string, p csta.Parties) *csta.QueuedEvent {
	return &csta.QueuedEvent{Connection: cn(call, group), Queue: dn(group), Parties: p,
		Common: csta.Common{LocalConnectionInfo: csta.StateQueued, Cause: csta.CauseNewCall}}
}

func cleared(call, at string, cause csta.EventCause) *csta.ConnectionClearedEvent {
	return &csta.ConnectionClearedEvent{Connection: cn(call, at), ReleasingDevice: dn(at),
		Common: csta.Common{Cause: cause}}
}

func held(call, at string) *csta.HeldEvent {
	return &csta.HeldEvent{Connection: cn(call, at), HoldingDevice: dn(at),
		Common: csta.Common{LocalConnectionInfo: csta.StateHold, Cause: csta.CauseNormal}}
}

func retrieved(call, at string) *csta.RetrievedEvent {
	return &csta.RetrievedEvent{Connection: cn(call, at), RetrievingDevice: dn(at),
		Common: csta.Common{LocalConnectionInfo: csta.StateConnected, Cause: csta.CauseNormal}}
}

func originated(call, from, to string, cause csta.EventCause) *csta.OriginatedEvent {
	return &csta.OriginatedEvent{Connection: cn(call, from),
		Parties: csta.Parties{CallingDevice: dn(from), CalledDevice: dn(to)},
		Common:  csta.Common{LocalConnectionInfo: csta.StateConnected, Cause: cause}}
}

func serviceInitiated(call, at string, cause csta.EventCause) *csta.ServiceInitiatedEvent {
	return &csta.ServiceInitiatedEvent{Connection: cn(call, at), InitiatingDevice: dn(at),
		Common: csta.Common{LocalConnectionInfo: csta.StateInitiated, Cause: cause}}
}

// entry is a connection list entry: dev moved from call old to call new.
func entry(newCall, oldCall, dev string) csta.ConnectionListEntry {
	return csta.ConnectionListEntry{New: cn(newCall, dev), Old: cn(oldCall, dev), Endpoint: dn(dev)}
}
