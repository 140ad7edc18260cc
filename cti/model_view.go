package cti

import (
	"slices"
	"strings"
)

// info returns a snapshot of c.
func (m *model) info(c *call) CallInfo {
	ci := CallInfo{
		ID: c.id, State: c.state, Direction: c.dir, StartedAt: c.started, Since: c.since,
		AnsweredAt: c.answered, Caller: c.caller, Called: c.called,
		Trunk: c.trunk, Path: slices.Clone(c.path), ConsultationOf: c.consultOf,
	}
	if ci.Path == nil {
		ci.Path = []PathStep{}
	}
	ci.Parties = make([]Party, 0, len(c.conns))
	for _, x := range c.conns {
		if x.kind != KindExtension && x.kind != KindGroup {
			continue
		}
		p := Party{Extension: x.number, Kind: x.kind, State: x.state}
		if m.dir != nil && x.kind == KindExtension {
			if id, name, ok := m.dir.UserForExtension(x.number); ok {
				p.UserID, p.UserName = id, name
			}
		}
		ci.Parties = append(ci.Parties, p)
	}
	return ci
}

// callInfos returns snapshots of the calls in progress, oldest first.
func (m *model) callInfos() []CallInfo {
	out := make([]CallInfo, 0, len(m.calls))
	for _, c := range m.sortedCalls() {
		out = append(out, m.info(c))
	}
	return out
}

// sortedCalls returns the calls in progress, oldest first (Linka ids
// sort by creation time).
func (m *model) sortedCalls() []*call {
	out := make([]*call, 0, len(m.calls))
	for _, c := range m.calls {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *call) int { return strings.Compare(a.id, b.id) })
	return out
}

// callInfo returns the call with Linka id id.
func (m *model) callInfo(id string) (CallInfo, bool) {
	c, ok := m.calls[id]
	if !ok {
		return CallInfo{}, false
	}
	return m.info(c), true
}

// deviceInfos returns snapshots of every known device.
func (m *model) deviceInfos() []DeviceInfo {
	calls := make(map[string][]string)
	states := make(map[string]DeviceState)
	for _, c := range m.sortedCalls() {
		for _, x := range c.conns {
			calls[x.number] = append(calls[x.number], c.id)
			if st := deviceState(x.state); rankDevice(st) > rankDevice(states[x.number]) {
				states[x.number] = st
			}
		}
		if c.trunk != "" && c.conn(c.trunk) == nil {
			calls[c.trunk] = append(calls[c.trunk], c.id)
			states[c.trunk] = DeviceBusy
		}
	}
	out := make([]DeviceInfo, 0, len(m.devs.byNumber))
	for _, d := range m.devs.sorted() {
		di := DeviceInfo{Number: d.number, Kind: d.kind, State: DeviceIdle, Monitored: d.monitored,
			Calls: calls[d.number]}
		if st, ok := states[d.number]; ok {
			di.State = st
		}
		if di.Calls == nil {
			di.Calls = []string{}
		}
		if d.kind == KindExtension {
			di.Agent = m.agentInfo(d)
			di.UserID, di.UserName = di.Agent.UserID, di.Agent.UserName
		}
		out = append(out, di)
	}
	return out
}

// deviceState is the device state a connection implies.
func deviceState(s ConnectionState) DeviceState {
	switch s {
	case ConnAlerting, ConnQueued:
		return DeviceRinging
	case ConnFailed:
		return DeviceIdle
	}
	return DeviceBusy
}

// rankDevice orders device states: busy wins over ringing over idle.
func rankDevice(s DeviceState) int {
	switch s {
	case DeviceBusy:
		return 3
	case DeviceRinging:
		return 2
	case DeviceIdle:
		return 1
	}
	return 0
}
