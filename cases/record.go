package cases

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Activity is one step in handling a case: who took it over, what was done
// and to whom it was handed ("Převzal", "Popis", "Předal komu", "Vyřízeno").
type Activity struct {
	ID          int64
	CaseID      int64
	At          time.Time
	TakenBy     int64 // user id; 0 if none
	Description string
	HandedTo    int64 // user id; 0 if none
	Done        bool
	CreatedBy   int64
}

// Validate checks an activity's fields.
func (a *Activity) Validate() error {
	a.Description = strings.TrimSpace(a.Description)
	switch {
	case a.Description == "":
		return Invalid("description", "the description is required")
	case utf8.RuneCountInString(a.Description) > MaxDescription || !utf8.ValidString(a.Description):
		return Invalid("description", "the description is too long or not valid")
	case a.At.IsZero():
		return Invalid("at", "the date is required")
	}
	return nil
}

// Attachment describes a file attached to a case; the content lives in the
// blob store under Key (its SHA-256).
type Attachment struct {
	ID          int64
	CaseID      int64
	Name        string
	ContentType string // sniffed from the content, not trusted from the client
	Size        int64
	Key         string
	CreatedAt   time.Time
	CreatedBy   int64 // 0 for the system (intake)
}

// HistoryEntry records one change of one field of a case.
type HistoryEntry struct {
	ID     int64
	CaseID int64
	At     time.Time
	UserID int64 // 0 for the system
	Field  string
	Old    string
	New    string
	Public bool // shown to the citizen on the status page
}

// Object kinds in the access log.
const (
	ObjectCase       = "case"
	ObjectContact    = "contact"
	ObjectRecording  = "recording"
	ObjectAttachment = "attachment"
)

// AccessEntry records one read of personal data by staff.
type AccessEntry struct {
	ID       int64
	At       time.Time
	UserID   int64
	Object   string // ObjectCase, ObjectContact, …
	ObjectID int64
	Action   string // "read", "list", "download", "export"
}
