package cases

import (
	"strings"
	"time"
	"unicode/utf8"

	"linka/internal/workdays"
)

// State is the workflow state of a case.
type State string

// The states of a case.
const (
	StateNew        State = "new"         // registered, not yet triaged
	StateAssigned   State = "assigned"    // handed to a department or official
	StateInProgress State = "in_progress" // an official works on it
	StateWaiting    State = "waiting"     // waiting for the citizen
	StateResolved   State = "resolved"    // closed with a response
	StateRejected   State = "rejected"    // closed as unjustified ("neoprávněný")
	StateForwarded  State = "forwarded"   // passed to the competent body
	StateDeferred   State = "deferred"    // closed without action ("odloženo")
)

// States lists every state in workflow order.
var States = []State{StateNew, StateAssigned, StateInProgress, StateWaiting,
	StateResolved, StateRejected, StateForwarded, StateDeferred}

// Valid reports whether s is a known state.
func (s State) Valid() bool {
	for _, x := range States {
		if s == x {
			return true
		}
	}
	return false
}

// Open reports whether a case in state s still awaits handling.
func (s State) Open() bool {
	switch s {
	case StateResolved, StateRejected, StateForwarded, StateDeferred:
		return false
	}
	return true
}

// Source is the channel through which a case arrived.
type Source string

// The channels.
const (
	SourcePhone  Source = "TEL"
	SourceEmail  Source = "EMAIL"
	SourcePost   Source = "POST"
	SourceWeb    Source = "WEB"
	SourcePerson Source = "PERSON"
)

// Sources lists every channel.
var Sources = []Source{SourcePhone, SourceEmail, SourcePost, SourceWeb, SourcePerson}

// Valid reports whether s is a known channel.
func (s Source) Valid() bool {
	for _, x := range Sources {
		if s == x {
			return true
		}
	}
	return false
}

// Priority is a case's priority.
type Priority string

// The priorities ("Běžná", "Vysoká").
const (
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
)

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool { return p == PriorityNormal || p == PriorityHigh }

// Limits on free text, in characters.
const (
	MaxSubject     = 300
	MaxDescription = 50000
	MaxShortText   = 200
	MaxResponse    = 50000
)

// Case is a citizen submission ("podnět").
type Case struct {
	ID           int64
	Number       string        // evidence number, e.g. "8620" or "2026-8620"
	Source       Source        // channel
	ReceivedAt   time.Time     // when the office received it
	CreatedAt    time.Time     // when Linka registered it
	UpdatedAt    time.Time     // last change
	DueDate      workdays.Date // "Vyřídit do"; zero when none
	SubmitterID  int64         // contact; 0 for an anonymous submission
	Subject      string
	Description  string
	DepartmentID int64 // "odbor"; 0 when not yet chosen
	CaseTypeID   int64 // 0 when not yet chosen
	State        State
	Outcome      string
	Priority     Priority
	AssignedTo   int64 // assigned official (user id); 0 when none
	HandledBy    int64 // currently handling official ("Aktuálně vyřizuje"); 0 when none
	ResponseSent bool  // "Odeslaná odpověď"
	Response     string
	KeepInformed bool   // the citizen wants e-mails about the state
	Language     string // "cs" or "en": the citizen's language
	Restricted   bool   // hidden from the staff in HiddenFrom
	HiddenFrom   []int64
	SourceRef    string // unique reference of the source item (idempotency key); "" if none
	Version      int    // increases with every change (optimistic locking)
	Handling            // what the workflow and the legal regimes record
}

// Overdue reports whether c is still open after its due date, as of now.
func (c *Case) Overdue(now time.Time) bool {
	return c.State.Open() && !c.DueDate.IsZero() && workdays.DateOf(now).After(c.DueDate)
}

// Assigned reports whether an official is assigned ("Přiděleno").
func (c *Case) Assigned() bool { return c.AssignedTo != 0 }

// Validate checks the fields a client may set. It returns an *Error naming
// the first invalid field.
func (c *Case) Validate() error {
	switch {
	case !c.Source.Valid():
		return Invalid("source", "unknown source %q", c.Source)
	case c.ReceivedAt.IsZero():
		return Invalid("received_at", "the date of receipt is required")
	case strings.TrimSpace(c.Subject) == "":
		return Invalid("subject", "the subject is required")
	case utf8.RuneCountInString(c.Subject) > MaxSubject:
		return Invalid("subject", "the subject is longer than %d characters", MaxSubject)
	case utf8.RuneCountInString(c.Description) > MaxDescription:
		return Invalid("description", "the description is longer than %d characters", MaxDescription)
	case utf8.RuneCountInString(c.Outcome) > MaxShortText:
		return Invalid("outcome", "the outcome is longer than %d characters", MaxShortText)
	case utf8.RuneCountInString(c.Response) > MaxResponse:
		return Invalid("response", "the response is longer than %d characters", MaxResponse)
	case !c.State.Valid():
		return Invalid("state", "unknown state %q", c.State)
	case !c.Priority.Valid():
		return Invalid("priority", "unknown priority %q", c.Priority)
	case c.Language != "cs" && c.Language != "en":
		return Invalid("language", "unknown language %q", c.Language)
	case !c.DueDate.IsZero() && c.DueDate.Before(workdays.DateOf(c.ReceivedAt)):
		return Invalid("due_date", "the due date is before the date of receipt")
	}
	for _, s := range []string{c.Subject, c.Description, c.Outcome, c.Response} {
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return Invalid("description", "the text is not valid UTF-8")
		}
	}
	return c.Handling.validate()
}

// hiddenFrom reports whether user id is among the staff c is hidden from.
func (c *Case) hiddenFrom(id int64) bool {
	if !c.Restricted {
		return false
	}
	for _, h := range c.HiddenFrom {
		if h == id {
			return true
		}
	}
	return false
}
