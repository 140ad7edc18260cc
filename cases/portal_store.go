package cases

import (
	"context"
	"time"
)

// PortalStore persists what the citizen portal needs besides the case
// register: access codes, citizens' sessions and failure counters.
// Implemented by internal/store; every method is one transaction.
type PortalStore interface {
	// SetAccessCode stores the access code of a case, replacing any
	// earlier one, ends the portal sessions of the case and writes hist,
	// in one transaction.
	SetAccessCode(ctx context.Context, ac AccessCode, hist []HistoryEntry) error
	// AccessCode returns the code of a case; ENotFound when it has none
	// (or the case does not exist).
	AccessCode(ctx context.Context, caseID int64) (*AccessCode, error)

	CreatePortalSession(ctx context.Context, s PortalSession) error
	// PortalSession returns the session with the given id (the hash of
	// the cookie's secret); ENotFound when missing.
	PortalSession(ctx context.Context, id string) (*PortalSession, error)
	DeletePortalSession(ctx context.Context, id string) error
	// DeletePortalSessionsBefore removes the sessions that expired before
	// t and returns how many.
	DeletePortalSessionsBefore(ctx context.Context, t time.Time) (int, error)

	ThrottleStore
}

// ThrottleStore keeps failure counters by key in the database, so that
// every instance sharing it counts the same failures: the portal's wrong
// codes and web-form submissions, and the staff sign-in failures.
type ThrottleStore interface {
	// Throttle returns the failure counter of key; a key without failures
	// has the zero value.
	Throttle(ctx context.Context, key string) (ThrottleState, error)
	// AddFailure counts a failure of key at now and returns the new state.
	// A counter whose last failure is before resetBefore starts afresh.
	AddFailure(ctx context.Context, key string, now, resetBefore time.Time) (ThrottleState, error)
	// ResetThrottle forgets the failures of key.
	ResetThrottle(ctx context.Context, key string) error
	// DeleteThrottleBefore forgets counters whose last failure is before t.
	DeleteThrottleBefore(ctx context.Context, t time.Time) (int, error)
	// DeleteThrottlePrefixBefore forgets the counters whose key starts
	// with prefix and whose last failure is before t.
	DeleteThrottlePrefixBefore(ctx context.Context, prefix string, t time.Time) (int, error)
}

// Channels through which an access code is issued.
const (
	CodeByWebForm = "web_form" // shown on the web form's confirmation page
	CodeByEmail   = "email"    // requested on the portal, sent by e-mail
	CodeByStaff   = "staff"    // issued by a clerk, e.g. read out to a caller
)

// AccessCode is the stored form of a case's access code.
type AccessCode struct {
	CaseID    int64
	Hash      string // AccessCodeHash
	IssuedAt  time.Time
	ExpiresAt time.Time
	IssuedBy  int64  // user id; 0 for the citizen
	Channel   string // CodeByWebForm, CodeByEmail or CodeByStaff
}

// PortalSession is a citizen signed in to the status page of one case.
type PortalSession struct {
	ID        string // SHA-256 of the cookie's secret
	CaseID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// ThrottleState is the failure counter of one throttle key.
type ThrottleState struct {
	Failures int
	LastAt   time.Time
}
