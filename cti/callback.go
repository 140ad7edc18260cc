package cti

import (
	"context"
	"errors"
	"slices"
	"time"
)

// Callbacks for calls that did not reach anybody: the types, the storage
// interface and the errors. The rules live in callback_service.go
// (creating, merging and closing tasks from finished calls) and
// callback_attempt.go (a clerk calling the citizen back).

// CallbackCategory says why a citizen is to be called back.
type CallbackCategory string

// Callback categories.
const (
	// CategoryMissed: an incoming call rang (or found the extension busy)
	// and nobody answered.
	CategoryMissed CallbackCategory = "missed"
	// CategoryAbandoned: the caller hung up while waiting in an ICD queue
	// (or while only an automated extension, such as an IVR, had answered).
	CategoryAbandoned CallbackCategory = "abandoned"
	// CategoryOutOfHours: an incoming call outside opening hours that
	// nobody answered.
	CategoryOutOfHours CallbackCategory = "out_of_hours"
)

// CallbackState is whether a task still waits for a callback.
type CallbackState string

// Callback task states.
const (
	CallbackOpen CallbackState = "open" // waits for a callback
	CallbackDone CallbackState = "done" // closed; Resolution says how
)

// CallbackResolution says how a task was closed.
type CallbackResolution string

// Callback resolutions.
const (
	// ResolutionReached: a callback attempt reached the citizen.
	ResolutionReached CallbackResolution = "reached"
	// ResolutionCalledIn: a later call of the citizen was answered.
	ResolutionCalledIn CallbackResolution = "called_in"
	// ResolutionCalledOut: an outgoing call to the citizen that was not a
	// callback attempt (dialled by hand) was answered.
	ResolutionCalledOut CallbackResolution = "called_out"
	// ResolutionGaveUp: the last allowed attempt did not reach the citizen.
	ResolutionGaveUp CallbackResolution = "gave_up"
)

// AttemptOutcome is the result of one callback attempt.
type AttemptOutcome string

// Attempt outcomes.
const (
	// OutcomePending: the call is placed and its record has not arrived.
	OutcomePending AttemptOutcome = "pending"
	// OutcomeReached: answered, and talked at least CallbackOptions.MinTalk.
	OutcomeReached AttemptOutcome = "reached"
	// OutcomeTooShort: answered, but the talk was shorter than MinTalk (an
	// answering machine, a hang-up).
	OutcomeTooShort AttemptOutcome = "too_short"
	// OutcomeNoAnswer: the call rang and nobody answered.
	OutcomeNoAnswer AttemptOutcome = "no_answer"
	// OutcomeFailed: the call failed: busy, unreachable or refused by the
	// network (the call record does not tell these apart).
	OutcomeFailed AttemptOutcome = "failed"
	// OutcomeNotPlaced: the PBX refused to place the call or could not be
	// asked. It does not count as an attempt.
	OutcomeNotPlaced AttemptOutcome = "not_placed"
	// OutcomeUnknown: the call's record never arrived (the PBX link or
	// Linka restarted meanwhile) or the call was lost in a resync.
	OutcomeUnknown AttemptOutcome = "unknown"
)

// CallbackCall is one call that asked for a callback.
type CallbackCall struct {
	// CallID is the Linka call id.
	CallID string
	// At is when the call started.
	At       time.Time
	Category CallbackCategory
}

// Clerk names the user who makes a callback attempt.
type Clerk struct {
	ID   int64
	Name string
}

// CallbackAttempt is one call a clerk placed to call a citizen back.
type CallbackAttempt struct {
	ID int64
	// At is when the clerk asked for the call.
	At time.Time
	// UserID and UserName name the clerk, Extension the phone called from.
	UserID    int64
	UserName  string
	Extension string
	// CallID is the Linka id of the call placed, "" if none was.
	CallID  string
	Outcome AttemptOutcome
	// Detail explains a not_placed outcome (the PBX's refusal).
	Detail string
	// AnsweredAt and EndedAt come from the call's record; AnsweredAt is
	// zero if the citizen did not answer.
	AnsweredAt, EndedAt time.Time
	// SettledAt is when the outcome became known.
	SettledAt time.Time
}

// Talk returns how long the citizen talked: zero if the call was not
// answered or has not ended.
func (a *CallbackAttempt) Talk() time.Duration {
	if a.AnsweredAt.IsZero() || a.EndedAt.Before(a.AnsweredAt) {
		return 0
	}
	return a.EndedAt.Sub(a.AnsweredAt)
}

// counts reports whether the attempt counts against the maximum number of
// attempts and the gap between them: every attempt the PBX placed.
func (a *CallbackAttempt) counts() bool { return a.Outcome != OutcomeNotPlaced }

// CallbackTask is one citizen (one normalised number) to call back, with
// every call that asked for it and every attempt made.
type CallbackTask struct {
	ID int64
	// Number is the normalised number (e.g. +420601234567), the key that
	// merges repeated calls into one open task.
	Number string
	// DialNumber is the number as the PBX presented the latest call, the
	// form in which it is dialled back.
	DialNumber string
	State      CallbackState
	// Resolution says how a done task was closed; "" while open.
	Resolution CallbackResolution
	// Calls are the calls that asked for the callback, oldest first.
	Calls []CallbackCall
	// FirstCallAt and LastCallAt are the start times of the first and the
	// latest call.
	FirstCallAt, LastCallAt time.Time
	// Attempts are the callback attempts, oldest first.
	Attempts []CallbackAttempt
	// ReachedAt is when the citizen was reached (the answer of the
	// reaching attempt or of the call that got through); zero otherwise.
	ReachedAt time.Time
	// TimeToCallback is ReachedAt minus FirstCallAt: how long the citizen
	// waited. Zero unless reached.
	TimeToCallback time.Duration
	// ClosedAt is when the task was closed, ClosedByCall the Linka id of
	// the call that closed it ("" when Linka gave up).
	ClosedAt     time.Time
	ClosedByCall string
	// Version increases with every change; a change based on an older
	// version fails with ErrCallbackConflict.
	Version int64
}

// Categories returns the categories of the task's calls, each once, in
// the order they first occurred.
func (t *CallbackTask) Categories() []CallbackCategory {
	var out []CallbackCategory
	for _, c := range t.Calls {
		if !slices.Contains(out, c.Category) {
			out = append(out, c.Category)
		}
	}
	return out
}

// Category returns the category of the first call.
func (t *CallbackTask) Category() CallbackCategory {
	if len(t.Calls) == 0 {
		return ""
	}
	return t.Calls[0].Category
}

// attempt returns the attempt with id, nil if none.
func (t *CallbackTask) attempt(id int64) *CallbackAttempt {
	for i := range t.Attempts {
		if t.Attempts[i].ID == id {
			return &t.Attempts[i]
		}
	}
	return nil
}

// attemptByCall returns the attempt that placed call id, nil if none.
func (t *CallbackTask) attemptByCall(id string) *CallbackAttempt {
	for i := range t.Attempts {
		if t.Attempts[i].CallID == id {
			return &t.Attempts[i]
		}
	}
	return nil
}

// counted returns the number of attempts that count and the latest of
// them (nil if none).
func (t *CallbackTask) counted() (int, *CallbackAttempt) {
	n, last := 0, (*CallbackAttempt)(nil)
	for i := range t.Attempts {
		if t.Attempts[i].counts() {
			n, last = n+1, &t.Attempts[i]
		}
	}
	return n, last
}

// pending returns the attempt whose outcome is awaited, nil if none.
func (t *CallbackTask) pending() *CallbackAttempt {
	for i := range t.Attempts {
		if t.Attempts[i].Outcome == OutcomePending {
			return &t.Attempts[i]
		}
	}
	return nil
}

// close closes the task with res at now; reachedAt is when the citizen
// was reached (zero if not) and callID the call that closed it.
func (t *CallbackTask) close(res CallbackResolution, reachedAt time.Time, callID string, now time.Time) {
	t.State, t.Resolution, t.ClosedAt, t.ClosedByCall = CallbackDone, res, now, callID
	t.ReachedAt, t.TimeToCallback = reachedAt, 0
	if !reachedAt.IsZero() && reachedAt.After(t.FirstCallAt) {
		t.TimeToCallback = reachedAt.Sub(t.FirstCallAt)
	}
}

// CallbackFilter selects callback tasks for a list.
type CallbackFilter struct {
	// State selects open or done tasks; "" selects both.
	State CallbackState
	// Category selects tasks with at least one call of the category; ""
	// selects every task.
	Category CallbackCategory
	// Limit is the page size (1–500; 0 means 50), Offset the number of
	// tasks skipped.
	Limit, Offset int
}

// CallbackChange is what UpdateCallback writes beside the task's own
// fields.
type CallbackChange struct {
	// AddCall records one more call of the task; ErrCallbackSeen if its
	// call id is recorded on any task already.
	AddCall *CallbackCall
	// AddAttempt records a new attempt and sets its ID.
	AddAttempt *CallbackAttempt
	// SetAttempts rewrites existing attempts of the task, by ID.
	SetAttempts []CallbackAttempt
}

// CallbackStore keeps callback tasks; the SQL adapter in internal/store
// implements it. Reads return a task with its calls and attempts, oldest
// first; a missing task is ErrCallbackNotFound.
type CallbackStore interface {
	// OpenCallback returns the open task of a normalised number.
	OpenCallback(ctx context.Context, number string) (CallbackTask, error)
	// Callback returns the task id.
	Callback(ctx context.Context, id int64) (CallbackTask, error)
	// CallbackByAttemptCall returns the task with an attempt that placed
	// the call with Linka id callID.
	CallbackByAttemptCall(ctx context.Context, callID string) (CallbackTask, error)
	// ListCallbacks returns the tasks f selects — open ones oldest first
	// call first, otherwise newest first call first — and how many there
	// are in all.
	ListCallbacks(ctx context.Context, f CallbackFilter) ([]CallbackTask, int, error)
	// CreateCallback stores a new task with its calls and sets its ID and
	// Version. It fails with ErrCallbackConflict if the number has an open
	// task already, and with ErrCallbackSeen if one of the calls is
	// recorded on a task already.
	CreateCallback(ctx context.Context, t *CallbackTask) error
	// UpdateCallback writes the task's state, resolution, numbers and
	// times and the change, in one transaction, if t.Version is the stored
	// version, and increments t.Version. Otherwise nothing is written and
	// it fails with ErrCallbackConflict.
	UpdateCallback(ctx context.Context, t *CallbackTask, ch CallbackChange) error
}

// Dialer places a call from an extension and returns its Linka call id;
// *Link implements it.
type Dialer interface {
	MakeCall(ctx context.Context, ext, number string) (string, error)
}

var _ Dialer = (*Link)(nil)

// Errors of callback storage.
var (
	// ErrCallbackNotFound reports a callback task that does not exist.
	ErrCallbackNotFound = errors.New("cti: callback task not found")
	// ErrCallbackConflict reports a task changed by somebody else since it
	// was read, or a second open task for one number.
	ErrCallbackConflict = errors.New("cti: the callback task was changed concurrently")
	// ErrCallbackSeen reports a call recorded on a callback task already.
	ErrCallbackSeen = errors.New("cti: the call is recorded on a callback task already")
)
