package cases

import (
	"context"
	"io"
	"time"

	"linka/internal/workdays"
)

// Store persists the case register. Every method runs in one transaction:
// a change and its history rows are written together or not at all.
// Lookups of missing rows return an *Error with code ENotFound; a unique
// constraint violation returns EConflict. Implemented by internal/store.
type Store interface {
	Ping(ctx context.Context) error

	CaseStore
	ContactStore
	StaffStore
	AuthStore
	ThrottleStore
	AccessLogStore
	OutboxStore
	IntakeStore
}

// CaseStore persists cases and what hangs on them.
type CaseStore interface {
	// CreateCase inserts a new case. If nc.Submitter has ID 0 it is
	// inserted first and nc.Case.SubmitterID set. It allocates the evidence
	// number from nc.Number and sets Case.ID, Case.Number and Case.Version
	// (1); CreatedAt and UpdatedAt are taken from the case as given. Every
	// history row gets the new case's id. If nc.Case.SourceRef is not empty
	// and a case with the same reference exists, it returns EConflict and
	// writes nothing.
	CreateCase(ctx context.Context, nc NewCase) error
	// UpdateCase stores c if its Version still matches the stored one
	// (EConflict otherwise), increments Version, and writes hist and the
	// notifications the change causes (setting their IDs).
	UpdateCase(ctx context.Context, c *Case, hist []HistoryEntry, notes ...*Notification) error
	// ApplyChange stores a workflow change in one transaction: ch.Case if
	// its Version still matches the stored one (EConflict otherwise,
	// writing nothing), incrementing Version; ch.History; ch.Activity
	// when not nil (setting its ID); and ch.Notifications.
	ApplyChange(ctx context.Context, ch *Change) error
	CaseByID(ctx context.Context, id int64) (*Case, error)
	CaseByNumber(ctx context.Context, number string) (*Case, error)
	CaseBySourceRef(ctx context.Context, ref string) (*Case, error)
	// ListCases returns one page of the register and the total count.
	ListCases(ctx context.Context, f CaseFilter) (CasePage, error)
	History(ctx context.Context, caseID int64) ([]HistoryEntry, error)

	// AddActivity inserts a (setting ID) and hist in one transaction.
	AddActivity(ctx context.Context, a *Activity, hist []HistoryEntry) error
	// UpdateActivity stores a and hist in one transaction.
	UpdateActivity(ctx context.Context, a *Activity, hist []HistoryEntry) error
	Activity(ctx context.Context, id int64) (*Activity, error)
	Activities(ctx context.Context, caseID int64) ([]Activity, error)

	// AddAttachment inserts a (setting ID) and hist in one transaction.
	AddAttachment(ctx context.Context, a *Attachment, hist []HistoryEntry) error
	Attachment(ctx context.Context, id int64) (*Attachment, error)
	Attachments(ctx context.Context, caseID int64) ([]Attachment, error)
}

// ContactStore persists contacts.
type ContactStore interface {
	CreateContact(ctx context.Context, c *Contact) error
	// UpdateContact stores c and refreshes the search text of the cases it
	// submitted.
	UpdateContact(ctx context.Context, c *Contact) error
	Contact(ctx context.Context, id int64) (*Contact, error)
	ListContacts(ctx context.Context, f ContactFilter) ([]Contact, int, error)
	// ContactsByPhone returns the contacts whose phone or mobile equals the
	// E.164 number.
	ContactsByPhone(ctx context.Context, e164 string) ([]Contact, error)
}

// StaffStore persists users, departments and case types.
type StaffStore interface {
	CreateUser(ctx context.Context, u *User) error
	UpdateUser(ctx context.Context, u *User) error
	User(ctx context.Context, id int64) (*User, error)
	UserByLogin(ctx context.Context, login string) (*User, error)
	Users(ctx context.Context) ([]User, error)

	CreateDepartment(ctx context.Context, d *Department) error
	UpdateDepartment(ctx context.Context, d *Department) error
	Departments(ctx context.Context) ([]Department, error)

	CreateCaseType(ctx context.Context, t *CaseType) error
	UpdateCaseType(ctx context.Context, t *CaseType) error
	CaseTypes(ctx context.Context) ([]CaseType, error)
}

// AuthStore persists sessions and bearer tokens.
type AuthStore interface {
	CreateSession(ctx context.Context, s *Session) error
	Session(ctx context.Context, id string) (*Session, error)
	TouchSession(ctx context.Context, id string, at time.Time) error
	DeleteSession(ctx context.Context, id string) error
	// DeleteUserSessions signs a user out everywhere.
	DeleteUserSessions(ctx context.Context, userID int64) error
	// DeleteSessionsSeenBefore removes idle sessions and returns how many.
	DeleteSessionsSeenBefore(ctx context.Context, t time.Time) (int, error)

	CreateToken(ctx context.Context, t *Token) error
	TokenByHash(ctx context.Context, hash string) (*Token, error)
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	DeleteToken(ctx context.Context, id int64) error
}

// AccessLogStore persists the read-access log.
type AccessLogStore interface {
	LogAccess(ctx context.Context, entries ...AccessEntry) error
	AccessLog(ctx context.Context, f AccessFilter) ([]AccessEntry, int, error)
}

// Blobs stores binary content by its SHA-256 (implemented by internal/blob).
type Blobs interface {
	Put(ctx context.Context, r io.Reader, max int64) (key string, size int64, err error)
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
}

// NewCase is what CreateCase stores.
type NewCase struct {
	Case      *Case
	Submitter *Contact // optional; inserted first when its ID is 0
	Number    NumberScope
	History   []HistoryEntry
	// Notifications are queued in the same transaction, with the new
	// case's id (see caseNotifications).
	Notifications []*Notification
	// Attachments are inserted with the case (their content already in the
	// blob store); CreateCase sets their CaseID and ID.
	Attachments []*Attachment
}

// NumberScope says where an evidence number comes from: the counter Key
// (e.g. "" for one sequence, "2026" for yearly numbering), the first number
// of a fresh counter, and the Prefix put before the number ("2026-").
type NumberScope struct {
	Key    string
	Prefix string
	Start  int64
}

// CaseFilter selects cases for the register. Zero fields do not filter.
type CaseFilter struct {
	States       []State
	DepartmentID int64
	OfficialID   int64 // assigned to or currently handled by
	Source       Source
	CaseTypeID   int64
	SubmitterID  int64
	Overdue      bool          // open and due before Today
	Today        workdays.Date // set by the service
	ReceivedFrom time.Time     // inclusive
	ReceivedTo   time.Time     // exclusive
	Terms        []string      // folded words (SearchTerms); all must occur
	Sort         string        // one of CaseSorts; "" = "-received_at"
	Limit        int
	Offset       int
	Scope        Scope
}

// CaseSorts lists the accepted sort keys; a leading "-" means descending.
var CaseSorts = []string{"received_at", "-received_at", "due_date", "-due_date",
	"number", "-number", "updated_at", "-updated_at"}

// Scope limits a query to what one user may see (see Service.scope).
type Scope struct {
	None          bool    // nothing at all
	All           bool    // every department
	DepartmentIDs []int64 // cases of these departments
	UserID        int64   // plus cases assigned to or handled by this user
	HiddenFor     int64   // leave out restricted cases hidden from this user
}

// CaseRow is a case with the names the register shows beside it.
type CaseRow struct {
	Case
	SubmitterName  string
	DepartmentName string
	HandledByName  string
	AssignedToName string
	CaseTypeName   string
}

// CasePage is one page of the register.
type CasePage struct {
	Rows  []CaseRow
	Total int
}

// ContactFilter selects contacts.
type ContactFilter struct {
	Terms  []string // folded words, all must occur
	Phone  string   // E.164
	Email  string
	Limit  int
	Offset int
}

// AccessFilter selects access-log entries. ContactID selects reads of the
// contact and of every case it submitted.
type AccessFilter struct {
	UserID    int64
	Object    string
	ObjectID  int64
	ContactID int64
	From, To  time.Time
	Limit     int
	Offset    int
}
