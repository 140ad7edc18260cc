package pbxsim

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"linka/cti/csta"
)

// tracker follows, from a client's event stream alone, the calls each
// monitored device has a connection in, as a CTI client does. It reports
// events that do not fit what it saw before.
type tracker struct {
	p     *PBX
	refs  map[string]string       // cross reference → monitored device
	conns map[string]map[int]bool // device → call ids with a connection
	errs  []string
}

func newTracker(p *PBX, refs map[string]string) *tracker {
	tr := &tracker{p: p, refs: map[string]string{}, conns: map[string]map[int]bool{}}
	for dev, ref := range refs {
		tr.refs[ref] = dev
		tr.conns[dev] = map[int]bool{}
	}
	return tr
}

// at returns the call id of c when its device is dev.
func (tr *tracker) at(c csta.ConnectionID, dev string) (int, bool) {
	id, ok := callIDValue(c.Call)
	return id, ok && name(tr.p, c.Device) == dev
}

// feed applies one event report.
func (tr *tracker) feed(r csta.EventReport) {
	dev, ok := tr.refs[fmt.Sprintf("%x", r.CrossRef)]
	if !ok {
		tr.errs = append(tr.errs, fmt.Sprintf("event for unknown cross reference %x", r.CrossRef))
		return
	}
	set := tr.conns[dev]
	add := func(c csta.ConnectionID) {
		if id, ok := tr.at(c, dev); ok {
			set[id] = true
		}
	}
	switch e := r.Event.(type) {
	case *csta.DeliveredEvent:
		add(e.Connection)
	case *csta.EstablishedEvent:
		add(e.Connection)
	case *csta.ServiceInitiatedEvent:
		add(e.Connection)
	case *csta.QueuedEvent:
		add(e.Connection)
	case *csta.NetworkReachedEvent:
		add(e.Connection)
	case *csta.HeldEvent, *csta.RetrievedEvent, *csta.OriginatedEvent:
		if c := connectionOf(e); c != nil {
			if id, ok := tr.at(*c, dev); ok && !set[id] {
				tr.errs = append(tr.errs, fmt.Sprintf("%s: %s on call %d it is not in", dev, describe(tr.p, e), id))
			}
		}
	case *csta.ConnectionClearedEvent:
		tr.remove(dev, e.Connection, describe(tr.p, e))
	case *csta.DivertedEvent:
		tr.remove(dev, e.Connection, describe(tr.p, e))
	case *csta.TransferredEvent:
		tr.transferred(dev, e)
	}
}

// connectionOf returns the connection of the events that only act on a
// connection the device already has.
func connectionOf(ev csta.Event) *csta.ConnectionID {
	switch e := ev.(type) {
	case *csta.HeldEvent:
		return &e.Connection
	case *csta.RetrievedEvent:
		return &e.Connection
	case *csta.OriginatedEvent:
		return &e.Connection
	}
	return nil
}

// remove drops the connection c of dev, which must be known.
func (tr *tracker) remove(dev string, c csta.ConnectionID, what string) {
	id, ok := tr.at(c, dev)
	if !ok {
		return
	}
	if !tr.conns[dev][id] {
		tr.errs = append(tr.errs, fmt.Sprintf("%s: %s for a connection it never had", dev, what))
	}
	delete(tr.conns[dev], id)
}

// transferred applies a transfer: the transferring device leaves both
// calls, the others move to their new connections.
func (tr *tracker) transferred(dev string, e *csta.TransferredEvent) {
	set := tr.conns[dev]
	if name(tr.p, e.TransferringDevice) == dev {
		for _, c := range []csta.ConnectionID{e.PrimaryOldCall, e.SecondaryOldCall} {
			if id, ok := callIDValue(c.Call); ok {
				delete(set, id)
			}
		}
	}
	for _, entry := range e.TransferredConnections {
		old, okOld := tr.at(entry.Old, dev)
		nu, okNew := tr.at(entry.New, dev)
		if okOld && okNew {
			delete(set, old)
			set[nu] = true
		}
	}
}

// check reports the inconsistencies and the connections never cleared.
func (tr *tracker) check(t *testing.T) {
	t.Helper()
	for _, e := range tr.errs {
		t.Error(e)
	}
	for _, dev := range slices.Sorted(maps.Keys(tr.conns)) {
		if left := tr.conns[dev]; len(left) != 0 {
			t.Errorf("%s still has connections in calls %v after every call ended", dev, slices.Sorted(maps.Keys(left)))
		}
	}
}
