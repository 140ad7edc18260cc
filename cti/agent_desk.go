package cti

import (
	"context"
	"time"
)

// The clerk's side of the calls that the PBX does not keep: the office's
// lists of not-ready reasons and wrap-up dispositions, the log of agent
// state changes with their reasons, the wrap-up of each call, the draft
// written during a call, and the links between calls and cases
// (migrations 4, 5 and 6).

// AgentReason is a not-ready reason the office defines ("Přestávka").
type AgentReason struct {
	Code     string `json:"code"`
	NameCS   string `json:"name_cs"`
	NameEN   string `json:"name_en"`
	Position int    `json:"position"`
	Active   bool   `json:"active"`
}

// Disposition is a wrap-up disposition the office defines ("Poskytnuta
// informace"). NeedsCase says it names a case (opened or linked).
type Disposition struct {
	Code      string `json:"code"`
	NameCS    string `json:"name_cs"`
	NameEN    string `json:"name_en"`
	NeedsCase bool   `json:"needs_case"`
	Position  int    `json:"position"`
	Active    bool   `json:"active"`
}

// AgentStateChange is one row of the agent state log: the state an
// extension entered at At, with the not-ready reason code ("" when none
// was given) and the user signed in there.
type AgentStateChange struct {
	Extension string
	UserID    int64
	State     AgentState
	Reason    string
	At        time.Time
}

// WrapUp is the wrap-up of a call by a clerk: the disposition, the case it
// opened or was linked to (0 for none), and the after-call work from the
// end of the call to the wrap-up or the timer running out.
type WrapUp struct {
	CallID       string
	UserID       int64
	Extension    string
	Disposition  string
	CaseID       int64
	Note         string
	ACWStartedAt time.Time
	ACWEndedAt   time.Time
	At           time.Time
}

// CallDraft is what clerks wrote about a call before it became a case: the
// new-case form (JSON as the browser keeps it) and free notes. It is keyed
// by the Linka call id, so it travels with a transferred call to the
// colleague who answers, on any instance sharing the database.
type CallDraft struct {
	CallID    string
	Form      string // a JSON object
	Notes     string
	UpdatedBy int64
	UpdatedAt time.Time
}

// CaseCall is a call linked to a case: its call log row (only the ID when
// the call is still in progress or was never logged) and who linked it.
type CaseCall struct {
	CallLogEntry
	CaseID   int64
	Logged   bool // the call log has a row for the call
	LinkedAt time.Time
	LinkedBy int64
}

// AgentStore persists the office lists, the agent state log and the
// wrap-ups. Implemented by internal/store.
type AgentStore interface {
	// AgentReasons and Dispositions return the whole lists, inactive
	// entries included, by position.
	AgentReasons(ctx context.Context) ([]AgentReason, error)
	Dispositions(ctx context.Context) ([]Disposition, error)
	// SaveAgentReason and SaveDisposition insert or replace an entry by
	// code.
	SaveAgentReason(ctx context.Context, r AgentReason) error
	SaveDisposition(ctx context.Context, d Disposition) error

	// LogAgentState appends a row to the agent state log.
	LogAgentState(ctx context.Context, c AgentStateChange) error
	// LastAgentState returns the latest row of ext (the store's not-found error when none).
	LastAgentState(ctx context.Context, ext string) (AgentStateChange, error)
	// SetPendingReason remembers the reason of a not-ready request made at
	// ext, until the PBX reports the state; TakePendingReason returns and
	// forgets the reason requested at or after since ("" when none).
	SetPendingReason(ctx context.Context, ext, reason string, userID int64, at time.Time) error
	TakePendingReason(ctx context.Context, ext string, since time.Time) (string, error)

	// SaveWrapUp inserts or replaces the wrap-up of (CallID, UserID).
	SaveWrapUp(ctx context.Context, w WrapUp) error
}

// DraftStore persists the drafts of calls.
type DraftStore interface {
	// SaveCallDraft inserts or replaces the draft of d.CallID.
	SaveCallDraft(ctx context.Context, d CallDraft) error
	// CallDraft returns the draft of a call (the store's not-found error when none).
	CallDraft(ctx context.Context, callID string) (CallDraft, error)
	// DeleteCallDraft removes the draft of a call, if any.
	DeleteCallDraft(ctx context.Context, callID string) error
}
