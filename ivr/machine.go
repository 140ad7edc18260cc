package ivr

import (
	"time"
)

// InputKind is what happened on the call.
type InputKind int

// Inputs of a Machine.
const (
	// InputPlayed: the prompt of the last ActPlay finished.
	InputPlayed InputKind = iota + 1
	// InputDigit: the caller pressed Digit (during a prompt or a wait).
	InputDigit
	// InputTimeout: the wait of the last ActWait ran out.
	InputTimeout
	// InputHangup: the caller hung up or the media timed out.
	InputHangup
	// InputTransferred: the transfer of the last ActTransfer succeeded.
	InputTransferred
	// InputTransferFailed: the transfer of the last ActTransfer failed.
	InputTransferFailed
)

// Input is one thing that happened on the call.
type Input struct {
	Kind  InputKind
	Digit string
}

// ActionKind is what the gateway is to do.
type ActionKind int

// Actions of a Machine.
const (
	// ActPlay: play Prompt; report InputPlayed when it ends. A digit
	// pressed meanwhile is reported too; Interrupt says the prompt stops
	// then (a menu) rather than playing to its end.
	ActPlay ActionKind = iota + 1
	// ActWait: wait Timeout for a digit; report InputTimeout when it ran
	// out without one.
	ActWait
	// ActTransfer: transfer the call to Target Via refer or csta and
	// report the result.
	ActTransfer
	// ActCallback: create a callback task with the caller's number.
	ActCallback
	// ActDoNotRecord: the caller objected to recording: mark the call.
	ActDoNotRecord
	// ActNoticePlayed: the recording notice has been played.
	ActNoticePlayed
	// ActHangup: end the call.
	ActHangup
	// ActEvent: a step of the path the call took, for the call model:
	// Event is one of the Event* names.
	ActEvent
)

// Path events, published as "ivr."+name.
const (
	EventEntered     = "entered"
	EventChose       = "chose"
	EventObjected    = "objected"
	EventTransferred = "transferred"
	EventAbandoned   = "abandoned"
)

// Action is one thing for the gateway to do.
type Action struct {
	Kind      ActionKind
	Node      string
	Prompt    string
	Interrupt bool
	Timeout   time.Duration
	Target    string
	Via       string
	Event     string
	Digit     string
}

// Facts are what a Machine may ask about the world: the time (opening
// hours) and whether an ICD group has a ready clerk. Both must be quick
// and must not block.
type Facts struct {
	Now func() time.Time
	// Ready reports whether a clerk of the group is ready; nil means
	// always (the PBX queues the call).
	Ready func(group string) bool
}

// maxHops bounds the nodes entered without waiting for the caller; a valid
// flow never reaches it.
const maxHops = 64

// Machine runs one call through a flow. It is not safe for concurrent
// use: the gateway feeds it from the call's goroutine.
type Machine struct {
	flow    *Flow
	facts   Facts
	cur     *Node
	retries int
	phase   phase
	done    bool
	// transferred means the call was handed on, so a hang-up is not an
	// abandonment.
	transferred bool
}

// phase is where the current node is.
type phase int

const (
	phasePlaying phase = iota + 1
	phaseWaiting
	phaseTransferring
	phaseEnding
)

// NewMachine returns a machine for a call of flow, which must be valid.
func NewMachine(flow *Flow, facts Facts) *Machine {
	if facts.Now == nil {
		facts.Now = time.Now
	}
	return &Machine{flow: flow, facts: facts}
}

// Done reports whether the call's flow has ended.
func (m *Machine) Done() bool { return m.done }

// Node returns the id of the current node.
func (m *Machine) Node() string {
	if m.cur == nil {
		return ""
	}
	return m.cur.ID
}

// Start enters the start node.
func (m *Machine) Start() []Action {
	out := []Action{{Kind: ActEvent, Event: EventEntered, Node: m.flow.Start}}
	return m.enter(out, m.flow.Start)
}

// Step applies in and returns what to do next.
func (m *Machine) Step(in Input) []Action {
	if m.done {
		return nil
	}
	if in.Kind == InputHangup {
		m.done = true
		if m.transferred {
			return nil
		}
		return []Action{{Kind: ActEvent, Event: EventAbandoned, Node: m.Node()}}
	}
	n := m.cur
	switch n.Kind {
	case KindMenu:
		return m.menu(n, in)
	case KindNotice:
		return m.notice(n, in)
	case KindCallback:
		return m.callback(n, in)
	case KindTransfer:
		return m.transferResult(n, in)
	case KindPlay:
		if in.Kind == InputPlayed {
			return m.enter(nil, n.Next)
		}
	case KindHangup:
		if in.Kind == InputPlayed {
			return m.end(nil)
		}
	}
	return nil
}

// enter goes to node id ("" hangs up), passing through nodes that need no
// input, and appends what to do to out.
func (m *Machine) enter(out []Action, id string) []Action {
	for range maxHops {
		if id == "" {
			return m.end(out)
		}
		n, ok := m.flow.Node(id)
		if !ok {
			return m.end(out)
		}
		m.cur, m.retries = n, 0
		switch n.Kind {
		case KindTime:
			if n.Hours.Open(m.facts.Now(), n.calendar()) {
				id = n.Open
			} else {
				id = n.Closed
			}
			continue
		case KindTransfer:
			if n.Group && n.Busy != "" && m.facts.Ready != nil && !m.facts.Ready(n.Target) {
				id = n.Busy
				continue
			}
			m.phase = phaseTransferring
			via := n.Via
			if via == "" {
				via = ViaREFER
			}
			return append(out, Action{Kind: ActTransfer, Node: n.ID, Target: n.Target, Via: via})
		case KindCallback:
			if n.Digit == "" {
				out = append(out, Action{Kind: ActCallback, Node: n.ID})
				id = n.Next
				continue
			}
			return m.play(out, n, true)
		case KindHangup:
			if n.Prompt == "" {
				return m.end(out)
			}
			m.phase = phaseEnding
			return append(out, Action{Kind: ActPlay, Node: n.ID, Prompt: n.Prompt})
		case KindMenu:
			return m.play(out, n, true)
		default:
			return m.play(out, n, false)
		}
	}
	return m.end(out)
}

func (m *Machine) play(out []Action, n *Node, interrupt bool) []Action {
	m.phase = phasePlaying
	return append(out, Action{Kind: ActPlay, Node: n.ID, Prompt: n.Prompt, Interrupt: interrupt})
}

func (m *Machine) wait(out []Action, n *Node, def time.Duration) []Action {
	m.phase = phaseWaiting
	return append(out, Action{Kind: ActWait, Node: n.ID, Timeout: n.timeout(def)})
}

func (m *Machine) end(out []Action) []Action {
	m.done = true
	return append(out, Action{Kind: ActHangup, Node: m.Node()})
}

// menu handles a menu node: a known digit chooses, anything else retries.
func (m *Machine) menu(n *Node, in Input) []Action {
	switch in.Kind {
	case InputPlayed:
		if m.phase == phasePlaying {
			return m.wait(nil, n, DefaultTimeout)
		}
	case InputDigit:
		if next, ok := n.Choices[in.Digit]; ok {
			out := []Action{{Kind: ActEvent, Event: EventChose, Node: n.ID, Digit: in.Digit}}
			return m.enter(out, next)
		}
		return m.retry(n)
	case InputTimeout:
		if m.phase == phaseWaiting {
			return m.retry(n)
		}
	}
	return nil
}

// retry replays a menu or gives up to its no-input branch.
func (m *Machine) retry(n *Node) []Action {
	if m.retries >= n.Retries {
		return m.enter(nil, n.NoInput)
	}
	m.retries++
	return m.play(nil, n, true)
}

// notice handles the recording notice and its objection digit.
func (m *Machine) notice(n *Node, in Input) []Action {
	switch in.Kind {
	case InputDigit:
		if in.Digit != n.Digit || m.phase == phaseEnding {
			return nil
		}
		out := []Action{
			{Kind: ActDoNotRecord, Node: n.ID, Digit: in.Digit},
			{Kind: ActEvent, Event: EventObjected, Node: n.ID, Digit: in.Digit},
		}
		if m.phase == phasePlaying {
			// The notice plays to its end; the objection window is over.
			m.phase = phaseEnding
			return out
		}
		out = append(out, Action{Kind: ActNoticePlayed, Node: n.ID})
		return m.enter(out, n.Next)
	case InputPlayed:
		switch m.phase {
		case phasePlaying:
			return m.wait(nil, n, DefaultObjectionWindow)
		case phaseEnding:
			return m.enter([]Action{{Kind: ActNoticePlayed, Node: n.ID}}, n.Next)
		}
	case InputTimeout:
		if m.phase == phaseWaiting {
			return m.enter([]Action{{Kind: ActNoticePlayed, Node: n.ID}}, n.Next)
		}
	}
	return nil
}

// callback handles a callback offer.
func (m *Machine) callback(n *Node, in Input) []Action {
	switch in.Kind {
	case InputPlayed:
		if m.phase == phasePlaying {
			return m.wait(nil, n, DefaultTimeout)
		}
	case InputDigit:
		if in.Digit == n.Digit {
			out := []Action{{Kind: ActEvent, Event: EventChose, Node: n.ID, Digit: in.Digit}, {Kind: ActCallback, Node: n.ID}}
			return m.enter(out, n.Next)
		}
	case InputTimeout:
		if m.phase == phaseWaiting {
			return m.enter(nil, n.NoInput)
		}
	}
	return nil
}

// transferResult handles the end of a transfer.
func (m *Machine) transferResult(n *Node, in Input) []Action {
	switch in.Kind {
	case InputTransferred:
		m.transferred, m.done = true, true
		return []Action{{Kind: ActEvent, Event: EventTransferred, Node: n.ID, Target: n.Target}}
	case InputTransferFailed:
		return m.enter(nil, n.Failed)
	}
	return nil
}
