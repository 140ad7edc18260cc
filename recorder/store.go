package recorder

import (
	"context"
	"errors"
	"time"

	"linka/cases"
	"linka/cti"
)

// Recording states.
const (
	StateRecording    = "recording"    // being written to the spool directory
	StateStored       = "stored"       // complete, its audio in the blob store
	StateUnrecordable = "unrecordable" // the media could not be decoded (SRTP, G.729, none captured)
	StateDiscarded    = "discarded"    // the office's rules say it must not be kept
)

// ErrNotFound reports a recording that does not exist.
var ErrNotFound = cases.Errorf(cases.ENotFound, "recording not found")

// Recording is one row of the recordings index.
type Recording struct {
	ID int64
	// CallID is the Linka call id the recording was matched to; "" when
	// no call matched (yet).
	CallID    string
	SIPCallID string
	State     string
	// Reason says why a recording is unrecordable or discarded.
	Reason string
	// Caller and Called are the numbers from the SIP signalling; Direction
	// is incoming, outgoing or unknown; Extension the clerk's extension
	// from the call log.
	Caller, Called, Direction, Extension string
	Codec                                string
	StartedAt, EndedAt                   time.Time
	Duration                             time.Duration
	// Packets and Lost add up both channels; JitterMS is the larger.
	Packets, Lost int64
	JitterMS      float64
	// BlobKey and Size locate the WAV file in the blob store.
	BlobKey string
	Size    int64
	// Details is JSON: {"legs": [...], "events": [...]}.
	Details string
	// SpoolFile is the file being written while State is recording.
	SpoolFile string
	CreatedAt time.Time
	// Cases are the evidence numbers of the cases linked to the call,
	// filled by the list queries.
	Cases []string
}

// Filter selects recordings; zero fields select all.
type Filter struct {
	CallID   string
	State    string
	From, To time.Time
	// Number matches the caller or called number (its last nine digits).
	Number string
	// Unmatched selects recordings not matched to a Linka call.
	Unmatched     bool
	Limit, Offset int
}

// Store keeps the recordings index; internal/store implements it.
type Store interface {
	CreateRecording(ctx context.Context, r *Recording) error
	UpdateRecording(ctx context.Context, r *Recording) error
	Recording(ctx context.Context, id int64) (Recording, error)
	ListRecordings(ctx context.Context, f Filter) ([]Recording, int, error)
	// CaseRecordings returns the recordings of the calls linked to the
	// case with evidence number number.
	CaseRecordings(ctx context.Context, number string) ([]Recording, error)
	// RecordingCases returns the evidence numbers of the cases linked to
	// a call.
	RecordingCases(ctx context.Context, callID string) ([]string, error)
	// Purgeable returns up to limit recordings with audio whose call is
	// linked to no case and that ended before before.
	Purgeable(ctx context.Context, before time.Time, limit int) ([]Recording, error)
	// SpoolRecordings returns the recordings still in state recording.
	SpoolRecordings(ctx context.Context) ([]Recording, error)
	DeleteRecording(ctx context.Context, id int64) error
	// CallLogCandidates is the call log's (cti.CallLogStore).
	CallLogCandidates(ctx context.Context, from, to time.Time) ([]cti.CallLogEntry, error)
	// LogAccess writes the access log (cases.Store).
	LogAccess(ctx context.Context, entries ...cases.AccessEntry) error
}

// IsNotFound reports a recording that does not exist.
func IsNotFound(err error) bool {
	return errors.Is(err, ErrNotFound) || cases.ErrorCode(err) == cases.ENotFound
}
