package pbxsim

import (
	"slices"

	"linka/cti/csta"
)

// agentState is the ICD agent state of an extension. Panasonic ICD group
// members log in and out of their groups; the simulator keeps one state per
// extension for all its groups.
type agentState uint8

// Agent states.
const (
	agentLoggedOut agentState = iota
	agentReady
	agentNotReady
	agentWorkingAfterCall
)

// String names the state.
func (s agentState) String() string {
	switch s {
	case agentReady:
		return "ready"
	case agentNotReady:
		return "not ready"
	case agentWorkingAfterCall:
		return "working after call"
	}
	return "logged out"
}

// CSTA errors of setAgentState.
var (
	errAgentGroup = &csta.Error{Class: csta.ClassOperation, Value: 32}           // invalidAgentGroup
	errAgentState = &csta.Error{Class: csta.ClassStateIncompatibility, Value: 2} // invalidObjectState
	errAgentValue = &csta.Error{Class: csta.ClassOperation, Value: 3}            // valueOutOfRange
)

// setAgent changes the agent state of ext as setAgentState requests and
// reports it to the monitors of ext and of its groups. group, if not nil,
// is the group the request names. Runs with p.mu held.
func (p *PBX) setAgent(ext *device, req csta.AgentRequest, group *device) error {
	if len(ext.groups) == 0 || (group != nil && !slices.Contains(ext.groups, group)) {
		return errAgentGroup
	}
	if group == nil {
		group = ext.groups[0]
	}
	loggedIn := ext.agent != agentLoggedOut
	base := csta.AgentReadyEvent{AgentDevice: ext.id(), ACDGroup: group.id()}
	var ev csta.Event
	switch req {
	case csta.AgentLogOn:
		if loggedIn {
			return errAgentState
		}
		ext.agent = agentReady
		ev = &csta.AgentLoggedOnEvent{AgentDevice: base.AgentDevice, ACDGroup: base.ACDGroup}
	case csta.AgentLogOff:
		if !loggedIn {
			return errAgentState
		}
		ext.agent = agentLoggedOut
		ev = &csta.AgentLoggedOffEvent{AgentDevice: base.AgentDevice, ACDGroup: base.ACDGroup}
	case csta.AgentReady, csta.AgentNotReady, csta.AgentWorkingAfterCall:
		if !loggedIn {
			return errAgentState
		}
		ev = p.agentStateEvent(ext, req, base)
	default:
		return errAgentValue
	}
	p.emit(nil, append([]*device{ext}, ext.groups...), ev, nil)
	p.smdrAgent(ext, req)
	return nil
}

// agentStateEvent moves a logged-in agent to ready, not ready or working
// after call and returns the event reporting it.
func (p *PBX) agentStateEvent(ext *device, req csta.AgentRequest, base csta.AgentReadyEvent) csta.Event {
	switch req {
	case csta.AgentReady:
		ext.agent = agentReady
		return &base
	case csta.AgentNotReady:
		ext.agent = agentNotReady
		ev := csta.AgentNotReadyEvent(base)
		return &ev
	}
	ext.agent = agentWorkingAfterCall
	return &csta.AgentWorkingAfterCallEvent{AgentDevice: base.AgentDevice, ACDGroup: base.ACDGroup}
}
