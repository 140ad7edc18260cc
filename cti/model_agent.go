package cti

import "linka/cti/csta"

// deviceEvent applies the logical device feature events: agent state, do
// not disturb, forwarding (ECMA-269 §21.2). Other events are ignored.
func (m *model) deviceEvent(ev csta.Event) {
	switch e := ev.(type) {
	case *csta.AgentLoggedOnEvent:
		m.agent(e.AgentDevice, AgentLoggedIn, e.AgentID, e.ACDGroup)
	case *csta.AgentLoggedOffEvent:
		m.agent(e.AgentDevice, AgentLoggedOut, e.AgentID, e.ACDGroup)
	case *csta.AgentReadyEvent:
		m.agent(e.AgentDevice, AgentReady, e.AgentID, e.ACDGroup)
	case *csta.AgentNotReadyEvent:
		m.agent(e.AgentDevice, AgentNotReady, e.AgentID, e.ACDGroup)
	case *csta.AgentWorkingAfterCallEvent:
		m.agent(e.AgentDevice, AgentWorkingAfterCall, e.AgentID, e.ACDGroup)
	case *csta.DoNotDisturbEvent:
		m.feature(e.Device, func(a *AgentInfo) { a.DoNotDisturb = e.On })
	case *csta.ForwardingEvent:
		to := ""
		if e.Status {
			to = m.devs.number(e.ForwardTo)
		}
		m.feature(e.Device, func(a *AgentInfo) { a.ForwardTo = to })
	}
}

// agent records an agent state change of the extension dev.
func (m *model) agent(dev csta.DeviceID, st AgentState, id string, group csta.DeviceID) {
	d := m.extension(dev)
	if d == nil {
		return
	}
	g := m.devs.number(group)
	a := &d.agent
	if a.State == st && a.AgentID == id && (g == "" || a.Group == g) {
		return
	}
	a.State, a.Since, a.AgentID = st, m.at, id
	if g != "" {
		a.Group = g
	}
	m.emitAgent(d)
}

// feature changes a feature of the extension dev.
func (m *model) feature(dev csta.DeviceID, change func(*AgentInfo)) {
	d := m.extension(dev)
	if d == nil {
		return
	}
	before := d.agent
	change(&d.agent)
	if d.agent != before {
		m.emitAgent(d)
	}
}

// extension returns the device an agent event names, adding an extension
// the device list did not name.
func (m *model) extension(dev csta.DeviceID) *device {
	n := m.devs.number(dev)
	if n == "" {
		return nil
	}
	return m.devs.add(n, KindExtension)
}

// emitAgent appends an agent.state event for d.
func (m *model) emitAgent(d *device) {
	m.out = append(m.out, Event{Type: TypeAgentState, At: m.at, Data: m.agentInfo(d)})
}

// agentInfo returns the agent state of d with its user.
func (m *model) agentInfo(d *device) AgentInfo {
	a := d.agent
	a.Extension = d.number
	if m.dir != nil {
		if id, name, ok := m.dir.UserForExtension(d.number); ok {
			a.UserID, a.UserName = id, name
		}
	}
	return a
}
