package cases

import (
	"sync"
	"time"
)

// IntakeStatus is the state of one intake source (a mailbox or a watched
// folder) that administrators see in the UI and the API and that the
// metrics export.
type IntakeStatus struct {
	Name       string    // configured name
	Kind       string    // "imap" or "folder"
	Target     string    // what it watches: "user@host:993/INBOX", a folder path
	Connected  bool      // a mailbox is logged in; a folder is watched
	Idle       bool      // a mailbox waits with IMAP IDLE (else it polls)
	LastPoll   time.Time // the last completed scan; zero before the first
	LastError  string    // the last error, "" after a scan that succeeded
	LastErrAt  time.Time
	Cases      int64 // new cases registered
	Replies    int64 // replies threaded into known cases
	Duplicates int64 // items found already registered (moved again)
	Skipped    int64 // auto-replies and bounces left out
	Failed     int64 // items moved to the error folder or flagged failed
	Errors     int64 // failed scans or connections
}

// IntakeTracker keeps an IntakeStatus up to date for concurrent readers.
type IntakeTracker struct {
	mu sync.Mutex
	st IntakeStatus
}

// NewIntakeTracker returns a tracker of a source.
func NewIntakeTracker(name, kind, target string) *IntakeTracker {
	return &IntakeTracker{st: IntakeStatus{Name: name, Kind: kind, Target: target}}
}

// Status returns a copy of the current status.
func (t *IntakeTracker) Status() IntakeStatus {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.st
}

// Update changes the status under the lock.
func (t *IntakeTracker) Update(fn func(st *IntakeStatus)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fn(&t.st)
}

// Count adds an intake result to the counters.
func (t *IntakeTracker) Count(res *IntakeResult) {
	t.Update(func(st *IntakeStatus) {
		switch {
		case res.Duplicate:
			st.Duplicates++
		case res.Activity != nil:
			st.Replies++
		default:
			st.Cases++
		}
	})
}

// Polled records a completed scan at time at.
func (t *IntakeTracker) Polled(at time.Time) {
	t.Update(func(st *IntakeStatus) { st.LastPoll, st.LastError = at, "" })
}

// Failed records an error at time at.
func (t *IntakeTracker) Failed(at time.Time, err error) {
	t.Update(func(st *IntakeStatus) { st.LastError, st.LastErrAt = err.Error(), at; st.Errors++ })
}
