package cases

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"linka/internal/workdays"
)

// CasePatch changes some fields of a case; nil fields stay as they are.
type CasePatch struct {
	Source       *Source
	ReceivedAt   *time.Time
	DueDate      *workdays.Date
	SubmitterID  *int64
	Subject      *string
	Description  *string
	DepartmentID *int64
	CaseTypeID   *int64
	State        *State
	Outcome      *string
	Priority     *Priority
	AssignedTo   *int64
	HandledBy    *int64
	ResponseSent *bool
	Response     *string
	KeepInformed *bool
	Language     *string
	Restricted   *bool
	HiddenFrom   *[]int64
}

// UpdateCase applies p to the case with the given evidence number. version
// must be the version the client loaded; a stale version is a conflict.
// Each changed field becomes a history row in the same transaction.
func (s *Service) UpdateCase(ctx context.Context, u *User, number string, version int, p CasePatch) (*Case, error) {
	old, err := s.visibleCase(ctx, u, number)
	if err != nil {
		return nil, err
	}
	if !canEdit(u, old) {
		return nil, Errorf(EForbidden, "you may not change this case")
	}
	if version != old.Version {
		return nil, staleError()
	}
	if (p.Restricted != nil || p.HiddenFrom != nil) && !canRestrict(u) {
		return nil, Errorf(EForbidden, "you may not restrict cases")
	}
	c := *old
	c.HiddenFrom = slices.Clone(old.HiddenFrom)
	p.apply(&c)
	if p.AssignedTo != nil && c.AssignedTo != 0 && c.State == StateNew && p.State == nil {
		c.State = StateAssigned
	}
	if p.AssignedTo != nil && p.HandledBy == nil && c.AssignedTo != 0 {
		c.HandledBy = c.AssignedTo
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := checkTransition(u, old.State, &c); err != nil {
		return nil, err
	}
	if err := s.checkRefs(ctx, &c, old); err != nil {
		return nil, err
	}
	hist := s.diff(ctx, u, old, &c)
	if len(hist) == 0 {
		return old, nil
	}
	if c.State != old.State {
		return s.patchTransition(ctx, u, old, &c, hist)
	}
	if reassigned(old, &c) && slices.Contains(triaged, old.State) {
		return s.patchReassign(ctx, u, old, &c, hist)
	}
	c.UpdatedAt = s.Now()
	notes, err := s.caseNotifications(ctx, old, &c, nil, "", "")
	if err != nil {
		return nil, err
	}
	if err := s.store.UpdateCase(ctx, &c, hist, notes...); err != nil {
		if isConflict(err) {
			return nil, staleError()
		}
		return nil, fmt.Errorf("update case: %w", err)
	}
	s.wakeOutbox(len(notes))
	return &c, nil
}

func (p *CasePatch) apply(c *Case) {
	set(&c.Source, p.Source)
	if p.ReceivedAt != nil {
		c.ReceivedAt = p.ReceivedAt.UTC()
	}
	set(&c.DueDate, p.DueDate)
	set(&c.SubmitterID, p.SubmitterID)
	set(&c.Subject, p.Subject)
	set(&c.Description, p.Description)
	set(&c.DepartmentID, p.DepartmentID)
	set(&c.CaseTypeID, p.CaseTypeID)
	set(&c.State, p.State)
	set(&c.Outcome, p.Outcome)
	set(&c.Priority, p.Priority)
	set(&c.AssignedTo, p.AssignedTo)
	set(&c.HandledBy, p.HandledBy)
	set(&c.ResponseSent, p.ResponseSent)
	set(&c.Response, p.Response)
	set(&c.KeepInformed, p.KeepInformed)
	set(&c.Language, p.Language)
	set(&c.Restricted, p.Restricted)
	if p.HiddenFrom != nil {
		c.HiddenFrom = slices.Clone(*p.HiddenFrom)
	}
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// field is one field of a case as history records it.
type field struct {
	name    string
	changed bool
	show    func(*Case) string
	public  bool
}

// diff returns a history row for every field that differs between a and b.
// Values are recorded as people read them (names, not ids); names are
// looked up only for the fields that changed.
func (s *Service) diff(ctx context.Context, u *User, a, b *Case) []HistoryEntry {
	names := &names{s: s}
	fields := []field{
		{"source", a.Source != b.Source, func(c *Case) string { return string(c.Source) }, false},
		{"received_at", !a.ReceivedAt.Equal(b.ReceivedAt), func(c *Case) string { return c.ReceivedAt.Format(timeLayout) }, true},
		{"due_date", a.DueDate != b.DueDate, func(c *Case) string { return c.DueDate.String() }, true},
		{"submitter", a.SubmitterID != b.SubmitterID, func(c *Case) string { return names.contact(ctx, c.SubmitterID) }, false},
		{"subject", a.Subject != b.Subject, func(c *Case) string { return c.Subject }, false},
		{"description", a.Description != b.Description, func(c *Case) string { return c.Description }, false},
		{"department", a.DepartmentID != b.DepartmentID, func(c *Case) string { return names.department(ctx, c.DepartmentID) }, true},
		{"case_type", a.CaseTypeID != b.CaseTypeID, func(c *Case) string { return names.caseType(ctx, c.CaseTypeID) }, true},
		{"state", a.State != b.State, func(c *Case) string { return string(c.State) }, true},
		{"outcome", a.Outcome != b.Outcome, func(c *Case) string { return c.Outcome }, true},
		{"priority", a.Priority != b.Priority, func(c *Case) string { return string(c.Priority) }, false},
		{"assigned_to", a.AssignedTo != b.AssignedTo, func(c *Case) string { return names.user(ctx, c.AssignedTo) }, false},
		{"handled_by", a.HandledBy != b.HandledBy, func(c *Case) string { return names.user(ctx, c.HandledBy) }, false},
		{"response_sent", a.ResponseSent != b.ResponseSent, func(c *Case) string { return strconv.FormatBool(c.ResponseSent) }, true},
		{"response", a.Response != b.Response, func(c *Case) string { return c.Response }, false},
		{"keep_informed", a.KeepInformed != b.KeepInformed, func(c *Case) string { return strconv.FormatBool(c.KeepInformed) }, false},
		{"language", a.Language != b.Language, func(c *Case) string { return c.Language }, false},
		{"restricted", a.Restricted != b.Restricted, func(c *Case) string { return strconv.FormatBool(c.Restricted) }, false},
		{"hidden_from", !sameIDs(a.HiddenFrom, b.HiddenFrom), func(c *Case) string { return names.users(ctx, c.HiddenFrom) }, false},
	}
	fields = append(fields, handlingFields(a, b)...)
	now := s.Now()
	var hist []HistoryEntry
	for _, f := range fields {
		if f.changed {
			hist = append(hist, HistoryEntry{CaseID: a.ID, At: now, UserID: u.ID, Field: f.name,
				Old: f.show(a), New: f.show(b), Public: f.public})
		}
	}
	return hist
}

// sameIDs reports whether a and b hold the same ids in any order.
func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

const timeLayout = "2006-01-02T15:04:05Z07:00"

// names resolves ids to the names history records; a name that cannot
// be loaded is recorded as "#id".
type names struct{ s *Service }

func (n *names) department(ctx context.Context, id int64) string {
	if id == 0 {
		return ""
	}
	deps, _ := n.s.store.Departments(ctx)
	for _, d := range deps {
		if d.ID == id {
			return d.Name
		}
	}
	return idName(id, "")
}

func (n *names) caseType(ctx context.Context, id int64) string {
	if id == 0 {
		return ""
	}
	types, _ := n.s.store.CaseTypes(ctx)
	for _, t := range types {
		if t.ID == id {
			return t.Name
		}
	}
	return idName(id, "")
}

func (n *names) user(ctx context.Context, id int64) string {
	if id == 0 {
		return ""
	}
	u, err := n.s.store.User(ctx, id)
	if err != nil {
		return idName(id, "")
	}
	return u.Name
}

func (n *names) users(ctx context.Context, ids []int64) string {
	var out []string
	for _, id := range ids {
		out = append(out, n.user(ctx, id))
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

func (n *names) contact(ctx context.Context, id int64) string {
	if id == 0 {
		return ""
	}
	c, err := n.s.store.Contact(ctx, id)
	if err != nil {
		return idName(id, "")
	}
	return c.DisplayName()
}

func idName(id int64, name string) string {
	switch {
	case id == 0:
		return ""
	case name == "":
		return "#" + strconv.FormatInt(id, 10)
	}
	return name
}

// patchTransition carries a state change made by the generic edit through
// the workflow's one path (commit), after the regime's checks: the
// resolution of a complaint or an information request records more than
// a plain edit can, so it needs the resolve action.
func (s *Service) patchTransition(ctx context.Context, u *User, old, c *Case, hist []HistoryEntry) (*Case, error) {
	a := stateAction(old.State, c.State)
	if a == ActResolve && c.CaseTypeID != 0 {
		ct, err := s.caseType(ctx, c.CaseTypeID)
		if err != nil {
			return nil, err
		}
		if ct.Regime == RegimeComplaint || ct.Regime == RegimeInfoRequest {
			return nil, Invalid("state", "use the %s action: it needs more than a state", a)
		}
	}
	if a == ActResume {
		c.WaitingFor = ""
		if err := s.restartInfoPeriod(ctx, c); err != nil {
			return nil, err
		}
		hist = s.diff(ctx, u, old, c)
	}
	ch := &Change{Action: a, At: s.Now(), Actor: u, Old: *old, Case: c, Note: c.Outcome, History: hist}
	if err := s.commit(ctx, ch); err != nil {
		return nil, err
	}
	return c, nil
}

// restartInfoPeriod starts an information request's period again from
// today, when the citizen completed it (see step.resume).
func (s *Service) restartInfoPeriod(ctx context.Context, c *Case) error {
	if c.CaseTypeID == 0 {
		return nil
	}
	ct, err := s.caseType(ctx, c.CaseTypeID)
	if err != nil || ct.Regime != RegimeInfoRequest {
		return err
	}
	c.DeadlineFrom, c.ExtensionDays, c.ExtensionReason = workdays.DateOf(s.Now()), 0, ""
	c.DueDate = regimeDeadline(s.opts.Calendar, c, ct, s.opts.DefaultDeadlineDays)
	return nil
}

// reassigned reports whether the edit gives the case to another
// department or official.
func reassigned(old, c *Case) bool {
	return c.AssignedTo != old.AssignedTo || c.HandledBy != old.HandledBy || c.DepartmentID != old.DepartmentID
}

// patchReassign carries a reassignment made by the generic edit of a
// triaged case through the workflow's one path: it is an assignment when
// the user may assign, else a handover, else forbidden.
func (s *Service) patchReassign(ctx context.Context, u *User, old, c *Case, hist []HistoryEntry) (*Case, error) {
	a := ActAssign
	if !mayAct(u, a) {
		a = ActHandover
	}
	if !mayAct(u, a) {
		return nil, Errorf(EForbidden, "your role may not %s cases", ActAssign)
	}
	ch := &Change{Action: a, At: s.Now(), Actor: u, Old: *old, Case: c, History: hist}
	if err := s.commit(ctx, ch); err != nil {
		return nil, err
	}
	return c, nil
}
