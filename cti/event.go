package cti

import "time"

// Event types published by the model and the link. Other modules publish
// their own types on the same bus ("recording.started", "case.created").
const (
	TypeCallRinging     = "call.ringing"     // a call alerts at an extension (CallEvent)
	TypeCallQueued      = "call.queued"      // a call waits in an ICD group (CallEvent)
	TypeCallDialing     = "call.dialing"     // an extension starts a call (CallEvent)
	TypeCallAnswered    = "call.answered"    // an extension or the far end answered (CallEvent)
	TypeCallHeld        = "call.held"        // an extension put the call on hold (CallEvent)
	TypeCallRetrieved   = "call.retrieved"   // an extension took the call back (CallEvent)
	TypeCallTransferred = "call.transferred" // the call moved to another extension (CallEvent)
	TypeCallUpdated     = "call.updated"     // anything else changed, e.g. after a resync (CallEvent)
	TypeCallEnded       = "call.ended"       // the call is over; the last event of the call (CallEvent)
	TypeAgentState      = "agent.state"      // an agent signed in or out, or changed state (AgentInfo)
	TypeLinkUp          = "link.up"          // the PBX link is up and resynced (LinkStatus)
	TypeLinkDown        = "link.down"        // the PBX link was lost (LinkStatus)
)

// Event is one message on the bus. The web layer sends it to browsers as
// {"type", "seq", "at", "data"}.
type Event struct {
	// Type names the event, e.g. "call.ringing".
	Type string `json:"type"`
	// Seq is assigned by the bus: it increases by one with every published
	// event, so a subscriber notices a gap.
	Seq uint64 `json:"seq"`
	// At is when the event happened.
	At time.Time `json:"at"`
	// Data is the typed payload: CallEvent, AgentInfo or LinkStatus for
	// the types of this package.
	Data any `json:"data"`
}

// CallEvent is the payload of the call.* events: where it happened and a
// snapshot of the whole call afterwards.
type CallEvent struct {
	// Extension is the device the event happened at (the ringing or
	// answering extension, the group a call queues at, the extension that
	// transferred), empty for events of the whole call.
	Extension string `json:"extension,omitempty"`
	// UserID and UserName name the user signed in at Extension, when the
	// directory knows one.
	UserID   int64  `json:"user_id,omitempty"`
	UserName string `json:"user_name,omitempty"`
	// To is the destination of a transfer or diversion.
	To string `json:"to,omitempty"`
	// Call is the call after the event.
	Call CallInfo `json:"call"`
}

// CallState is the state of a call as a clerk sees it.
type CallState string

// Call states.
const (
	CallDialing   CallState = "dialing"   // an extension is placing the call
	CallRinging   CallState = "ringing"   // the call alerts somewhere, nobody has answered yet
	CallQueued    CallState = "queued"    // the call waits in an ICD group
	CallConnected CallState = "connected" // parties talk
	CallHeld      CallState = "held"      // the extension holds the call
	CallEnded     CallState = "ended"     // the call is over
)

// Direction says where a call came from.
type Direction string

// Call directions.
const (
	DirectionIncoming Direction = "incoming" // from outside (a trunk) to an extension
	DirectionOutgoing Direction = "outgoing" // from an extension to outside
	DirectionInternal Direction = "internal" // between extensions
	DirectionUnknown  Direction = "unknown"  // rebuilt from a snapshot without caller details
)

// ConnectionState is the state of one party of a call (ECMA-269 clause
// 6.1.5 connection states, as the clerk sees them).
type ConnectionState string

// Connection states.
const (
	ConnInitiated ConnectionState = "initiated" // dialling
	ConnAlerting  ConnectionState = "alerting"  // ringing
	ConnConnected ConnectionState = "connected" // talking
	ConnHeld      ConnectionState = "held"      // on hold
	ConnQueued    ConnectionState = "queued"    // waiting in a group
	ConnFailed    ConnectionState = "failed"    // busy or unreachable
)

// End reasons of a call.
const (
	EndCompleted  = "completed"  // answered, then hung up
	EndMissed     = "missed"     // incoming, never answered: the ringing stopped
	EndAbandoned  = "abandoned"  // incoming, never answered: the caller hung up
	EndUnanswered = "unanswered" // outgoing or internal, never answered
	EndFailed     = "failed"     // busy, unreachable or refused
	EndMerged     = "merged"     // joined into another call by a transfer or conference
	EndForwarded  = "forwarded"  // transferred or diverted outside: no extension follows it any more
	EndLost       = "lost"       // no longer at the PBX after a resync
)

// Party is an extension or group taking part in a call.
type Party struct {
	// Extension is the extension or group number.
	Extension string `json:"extension"`
	// Kind is "extension" or "group".
	Kind  DeviceKind      `json:"kind"`
	State ConnectionState `json:"state"`
	// UserID and UserName name the user signed in at the extension.
	UserID   int64  `json:"user_id,omitempty"`
	UserName string `json:"user_name,omitempty"`
}

// PathStep is one step in the history of a call, e.g. queued at 600, rang
// at 101, answered at 102, transferred from 102 to 104.
type PathStep struct {
	At time.Time `json:"at"`
	// Action is one of queued, rang, answered, held, retrieved, diverted,
	// transferred, conferenced, failed, left, resynced.
	Action string `json:"action"`
	// Device is the extension or group where the step happened.
	Device string `json:"device"`
	// To is the destination of a transfer or diversion.
	To string `json:"to,omitempty"`
}

// Path step actions.
const (
	StepQueued      = "queued"
	StepRang        = "rang"
	StepAnswered    = "answered"
	StepHeld        = "held"
	StepRetrieved   = "retrieved"
	StepDiverted    = "diverted"
	StepTransferred = "transferred"
	StepConferenced = "conferenced"
	StepFailed      = "failed"
	StepLeft        = "left"
	StepResynced    = "resynced"
)

// CallInfo is a snapshot of one call.
type CallInfo struct {
	// ID is the stable Linka call id: it survives consultation, transfer,
	// CSTA call id reuse and a resync.
	ID        string    `json:"id"`
	State     CallState `json:"state"`
	Direction Direction `json:"direction"`
	// StartedAt is when Linka first saw the call, Since when it entered
	// its current state.
	StartedAt time.Time `json:"started_at"`
	Since     time.Time `json:"since"`
	// AnsweredAt is when the call was first answered.
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	// Caller is the calling number, empty when withheld or unknown.
	Caller string `json:"caller"`
	// Called is the number dialled: the DDI of an incoming call.
	Called string `json:"called"`
	// Trunk is the trunk (CO line) the call uses, when known.
	Trunk string `json:"trunk,omitempty"`
	// Parties are the extensions and groups in the call now.
	Parties []Party `json:"extensions"`
	// Path is the history of the call.
	Path []PathStep `json:"path"`
	// ConsultationOf is the Linka id of the call a consultation call was
	// made from.
	ConsultationOf string `json:"consultation_of,omitempty"`
	// EndedAt and EndReason are set once the call has ended.
	EndedAt   time.Time `json:"ended_at,omitzero"`
	EndReason string    `json:"end_reason,omitempty"`
}

// Party returns the party at extension ext.
func (c *CallInfo) Party(ext string) (Party, bool) {
	for _, p := range c.Parties {
		if p.Extension == ext {
			return p, true
		}
	}
	return Party{}, false
}

// DeviceKind says what a PBX device is.
type DeviceKind string

// Device kinds.
const (
	KindExtension DeviceKind = "extension"
	KindGroup     DeviceKind = "group" // an ICD (incoming call distribution) group
	KindTrunk     DeviceKind = "trunk" // a CO line
)

// DeviceState is what an extension is doing.
type DeviceState string

// Device states.
const (
	DeviceIdle    DeviceState = "idle"
	DeviceRinging DeviceState = "ringing"
	DeviceBusy    DeviceState = "busy" // dialling, talking or holding
)

// DeviceInfo is a snapshot of one device.
type DeviceInfo struct {
	Number string      `json:"number"`
	Kind   DeviceKind  `json:"kind"`
	State  DeviceState `json:"state"`
	// Monitored says whether the link receives the device's events.
	Monitored bool `json:"monitored"`
	// UserID and UserName name the user signed in at the extension.
	UserID   int64  `json:"user_id,omitempty"`
	UserName string `json:"user_name,omitempty"`
	// Agent is the ICD agent state of an extension.
	Agent AgentInfo `json:"agent"`
	// Calls are the Linka ids of the calls at the device.
	Calls []string `json:"calls"`
}

// AgentState is the ICD agent state of an extension.
type AgentState string

// Agent states.
const (
	// AgentUnknown is the state until the PBX reports one: Panasonic
	// reports agent states only as they change, and the link does not
	// query them.
	AgentUnknown          AgentState = "unknown"
	AgentLoggedOut        AgentState = "logged_out"
	AgentLoggedIn         AgentState = "logged_in" // signed in, readiness not reported yet
	AgentReady            AgentState = "ready"
	AgentNotReady         AgentState = "not_ready"
	AgentWorkingAfterCall AgentState = "working_after_call"
)

// AgentInfo is the agent state of an extension: the payload of
// agent.state.
type AgentInfo struct {
	Extension string     `json:"extension"`
	State     AgentState `json:"state"`
	Since     time.Time  `json:"since,omitzero"`
	// AgentID and Group are what the PBX reported with the last change.
	AgentID string `json:"agent_id,omitempty"`
	Group   string `json:"group,omitempty"`
	// DoNotDisturb and ForwardTo report the extension's features.
	DoNotDisturb bool   `json:"do_not_disturb"`
	ForwardTo    string `json:"forward_to,omitempty"`
	UserID       int64  `json:"user_id,omitempty"`
	UserName     string `json:"user_name,omitempty"`
}

// LinkState is the state of the PBX link.
type LinkState string

// Link states.
const (
	LinkDown       LinkState = "down"       // not connected; retrying
	LinkConnecting LinkState = "connecting" // connected, associating and resyncing
	LinkUp         LinkState = "up"         // events flow, commands work
	LinkStopped    LinkState = "stopped"    // Run has returned or not started
)

// LinkStatus describes the PBX link: the payload of link.up and link.down
// and the answer of Link.Status.
type LinkStatus struct {
	State   LinkState `json:"state"`
	Since   time.Time `json:"since"`
	Address string    `json:"address"`
	// LastHeartbeat is when the PBX last sent a systemStatus.
	LastHeartbeat time.Time `json:"last_heartbeat,omitzero"`
	// Reconnects counts the connections after the first.
	Reconnects uint64 `json:"reconnects"`
	// LastError is why the link last failed, LastErrorAt when.
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	// DecodeErrors counts malformed PDUs skipped; LastDecodeError is the
	// latest one.
	DecodeErrors    uint64 `json:"decode_errors"`
	LastDecodeError string `json:"last_decode_error,omitempty"`
	// Resyncs counts completed resyncs (after each connection and each
	// enabled or messagesLost status).
	Resyncs uint64 `json:"resyncs"`
	// Monitored is the number of devices with a running monitor.
	Monitored int `json:"monitored"`
}
