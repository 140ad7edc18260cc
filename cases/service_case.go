package cases

import (
	"context"
	"fmt"
	"slices"
	"time"

	"linka/internal/workdays"
)

// CaseInput is what a client gives to register a case.
type CaseInput struct {
	Source       Source
	ReceivedAt   time.Time     // zero means now
	DueDate      workdays.Date // zero means computed from the case type
	SubmitterID  int64         // an existing contact, or
	NewSubmitter *Contact      // a new one (or neither: anonymous)
	Subject      string
	Description  string
	DepartmentID int64
	CaseTypeID   int64
	Priority     Priority // "" means normal
	AssignedTo   int64
	HandledBy    int64
	KeepInformed bool
	Language     string // "" means "cs"
	Restricted   bool
	HiddenFrom   []int64
	SourceRef    string // idempotency key of the source item
	// ReplyRequested: the submitter asked for a reply (a general
	// submission has a deadline only then, § 42 správního řádu); a
	// submitter who wants to be kept informed asks for one.
	ReplyRequested bool
}

// CreateCase registers a new case. It is idempotent by SourceRef: a second
// call with the same reference returns the case the first one created.
func (s *Service) CreateCase(ctx context.Context, u *User, in CaseInput) (*Case, error) {
	if !canWriteCases(u) {
		return nil, Errorf(EForbidden, "you may not register cases")
	}
	now := s.Now()
	c := &Case{Source: in.Source, ReceivedAt: in.ReceivedAt.UTC(), DueDate: in.DueDate,
		SubmitterID: in.SubmitterID, Subject: in.Subject, Description: in.Description,
		DepartmentID: in.DepartmentID, CaseTypeID: in.CaseTypeID, State: StateNew,
		Priority: in.Priority, AssignedTo: in.AssignedTo, HandledBy: in.HandledBy,
		KeepInformed: in.KeepInformed, Language: in.Language, Restricted: in.Restricted,
		HiddenFrom: in.HiddenFrom, SourceRef: in.SourceRef, CreatedAt: now, UpdatedAt: now,
		Handling: Handling{ReplyRequested: in.ReplyRequested || in.KeepInformed}}
	if c.ReceivedAt.IsZero() {
		c.ReceivedAt = now
	}
	if c.ReceivedAt.After(now.Add(5 * time.Minute)) {
		return nil, Invalid("received_at", "the date of receipt is in the future")
	}
	if err := s.prepareNew(ctx, u, c, in.NewSubmitter); err != nil {
		return nil, err
	}
	notes, err := s.caseNotifications(ctx, nil, c, in.NewSubmitter, "", "")
	if err != nil {
		return nil, err
	}
	nc := NewCase{Case: c, Submitter: in.NewSubmitter, Number: s.numberScope(now),
		History:       []HistoryEntry{{At: now, UserID: u.ID, Field: "state", New: string(c.State), Public: true}},
		Notifications: notes}
	err = s.store.CreateCase(ctx, nc)
	if ErrorCode(err) == EConflict && c.SourceRef != "" {
		if prev, perr := s.store.CaseBySourceRef(ctx, c.SourceRef); perr == nil {
			return prev, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("create case: %w", err)
	}
	s.wakeOutbox(len(notes))
	return c, nil
}

// prepareNew fills defaults of a new case and validates it and its references.
func (s *Service) prepareNew(ctx context.Context, u *User, c *Case, newSubmitter *Contact) error {
	if c.Priority == "" {
		c.Priority = PriorityNormal
	}
	if c.Language == "" {
		c.Language = "cs"
	}
	if c.AssignedTo != 0 {
		c.State = StateAssigned
		if c.HandledBy == 0 {
			c.HandledBy = c.AssignedTo
		}
	}
	if (c.Restricted || len(c.HiddenFrom) > 0) && !canRestrict(u) {
		return Errorf(EForbidden, "you may not restrict cases")
	}
	if c.DueDate.IsZero() {
		d, err := s.dueDate(ctx, c)
		if err != nil {
			return err
		}
		c.DueDate = d
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if newSubmitter != nil {
		if c.SubmitterID != 0 {
			return Invalid("submitter", "give either an existing contact or a new one")
		}
		if err := newSubmitter.Normalize(s.opts.Phone); err != nil {
			return err
		}
		if err := newSubmitter.Validate(); err != nil {
			return err
		}
		newSubmitter.CreatedAt, newSubmitter.UpdatedAt = c.CreatedAt, c.CreatedAt
	}
	return s.checkRefs(ctx, c, nil)
}

// checkRefs verifies that the contact, department, case type and users a
// case names exist. With old (an update) only the references that changed
// are checked.
func (s *Service) checkRefs(ctx context.Context, c, old *Case) error {
	if old == nil {
		old = &Case{}
	}
	if c.SubmitterID != 0 && c.SubmitterID != old.SubmitterID {
		if _, err := s.store.Contact(ctx, c.SubmitterID); err != nil {
			return refErr(err, "submitter_id", "unknown contact")
		}
	}
	if c.CaseTypeID != 0 && c.CaseTypeID != old.CaseTypeID {
		if _, err := s.caseType(ctx, c.CaseTypeID); err != nil {
			return err
		}
	}
	if c.DepartmentID != 0 && c.DepartmentID != old.DepartmentID {
		deps, err := s.store.Departments(ctx)
		if err != nil {
			return fmt.Errorf("load departments: %w", err)
		}
		if !slices.ContainsFunc(deps, func(d Department) bool { return d.ID == c.DepartmentID }) {
			return Invalid("department_id", "unknown department %d", c.DepartmentID)
		}
	}
	for _, id := range c.HiddenFrom {
		if slices.Contains(old.HiddenFrom, id) {
			continue
		}
		if _, err := s.store.User(ctx, id); err != nil {
			return refErr(err, "hidden_from", "unknown user")
		}
	}
	for _, ref := range []struct {
		field string
		id    int64
		old   int64
	}{{"assigned_to", c.AssignedTo, old.AssignedTo}, {"handled_by", c.HandledBy, old.HandledBy}} {
		if ref.id == 0 || ref.id == ref.old {
			continue
		}
		o, err := s.store.User(ctx, ref.id)
		if err != nil {
			return refErr(err, ref.field, "unknown user")
		}
		if !o.Active || !(o.Has(RoleOfficial) || o.Has(RoleClerk) || o.Has(RoleSupervisor)) {
			return Invalid(ref.field, "%s cannot handle cases", o.Name)
		}
	}
	return nil
}

// refErr turns a not-found error of a referenced row into a validation error.
func refErr(err error, field, msg string) error {
	if ErrorCode(err) == ENotFound {
		return Invalid(field, "%s", msg)
	}
	return err
}

// Case returns the case with the given evidence number if u may see it,
// and writes the read to the access log.
func (s *Service) Case(ctx context.Context, u *User, number string) (*Case, error) {
	c, err := s.visibleCase(ctx, u, number)
	if err != nil {
		return nil, err
	}
	if err := s.logAccess(ctx, u, ObjectCase, c.ID, "read"); err != nil {
		return nil, err
	}
	return c, nil
}

// visibleCase loads a case and applies the access rules without logging.
func (s *Service) visibleCase(ctx context.Context, u *User, number string) (*Case, error) {
	c, err := s.store.CaseByNumber(ctx, number)
	if err != nil {
		return nil, err
	}
	if !canSee(u, c) {
		return nil, notFound("case")
	}
	return c, nil
}

// CaseQuery is a register query as a user asks it.
type CaseQuery struct {
	States       []State
	DepartmentID int64
	OfficialID   int64
	Source       Source
	CaseTypeID   int64
	SubmitterID  int64
	Overdue      bool
	ReceivedFrom time.Time
	ReceivedTo   time.Time
	Text         string
	Sort         string
	Limit        int // 0 means 50; at most 500
	Offset       int
}

// ListCases returns one page of the cases u may see.
func (s *Service) ListCases(ctx context.Context, u *User, q CaseQuery) (CasePage, error) {
	f := CaseFilter{States: q.States, DepartmentID: q.DepartmentID, OfficialID: q.OfficialID,
		Source: q.Source, CaseTypeID: q.CaseTypeID, SubmitterID: q.SubmitterID, Overdue: q.Overdue,
		Today: workdays.DateOf(s.Now()), ReceivedFrom: q.ReceivedFrom, ReceivedTo: q.ReceivedTo,
		Terms: SearchTerms(q.Text), Sort: q.Sort, Limit: q.Limit, Offset: q.Offset, Scope: scope(u)}
	if err := f.normalize(); err != nil {
		return CasePage{}, err
	}
	if f.Scope.None {
		return CasePage{}, nil
	}
	page, err := s.store.ListCases(ctx, f)
	if err != nil {
		return CasePage{}, fmt.Errorf("list cases: %w", err)
	}
	return page, nil
}

func (f *CaseFilter) normalize() error {
	for _, st := range f.States {
		if !st.Valid() {
			return Invalid("state", "unknown state %q", st)
		}
	}
	if f.Source != "" && !f.Source.Valid() {
		return Invalid("source", "unknown source %q", f.Source)
	}
	if f.Sort == "" {
		f.Sort = "-received_at"
	}
	if !slices.Contains(CaseSorts, f.Sort) {
		return Invalid("sort", "unknown sort %q", f.Sort)
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Limit < 0 || f.Limit > 500 || f.Offset < 0 {
		return Invalid("limit", "limit must be 1–500 and offset not negative")
	}
	if len(f.Terms) > 10 {
		return Invalid("q", "at most 10 words")
	}
	return nil
}

// History returns the history of a case u may see.
func (s *Service) History(ctx context.Context, u *User, number string) ([]HistoryEntry, error) {
	c, err := s.visibleCase(ctx, u, number)
	if err != nil {
		return nil, err
	}
	return s.store.History(ctx, c.ID)
}

// staleError is returned when a case changed since the client loaded it.
func staleError() *Error {
	return Errorf(EConflict, "the case was changed by someone else; reload it")
}

// isConflict reports whether err is a conflict.
func isConflict(err error) bool { return ErrorCode(err) == EConflict }
