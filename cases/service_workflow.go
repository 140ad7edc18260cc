package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"linka/internal/workdays"
)

// Transition is what a user asks of the workflow: an action on a case at
// the version they loaded, with the data the action needs.
type Transition struct {
	Action  Action
	Version int
	// Note: the reason (reject, defer, extend, reopen, late forwarding),
	// what is missing (wait), the note of a handover or send-back, the
	// response (resolve).
	Note string
	// DepartmentID and UserID: whom accept, assign and handover give the
	// case to (handover needs UserID).
	DepartmentID int64
	UserID       int64
	// ForwardedTo and ForwardedOn: the competent body (name and contact)
	// and the date the case was sent there; zero ForwardedOn means today.
	ForwardedTo string
	ForwardedOn workdays.Date
	// Days and Reason of an extension (Reason a § 14(7) code for an
	// information request).
	Days   int
	Reason string
	// CompletedOn: the day the citizen completed the request (resume);
	// zero means today.
	CompletedOn workdays.Date
	// Resolution: the outcome (a short summary), whether the response was
	// sent, a complaint's finding, an information request's outcome, and
	// the reason for resolving after the deadline.
	Outcome      string
	ResponseSent bool
	Finding      Finding
	InfoOutcome  InfoOutcome
	LateReason   string
	// Report replaces the § 18 record of an information request (record).
	Report *InfoReport
}

// Transition takes an action on the case with the given evidence number
// and returns the case after it. The rules: the action must be possible
// in the case's state, one of u's roles must be allowed it (RoleMay), and
// the case type's legal regime must allow it (see docs/workflow.md).
func (s *Service) Transition(ctx context.Context, u *User, number string, t Transition) (*Case, error) {
	ch, err := s.decide(ctx, u, number, t)
	if err != nil {
		return nil, err
	}
	if err := s.commit(ctx, ch); err != nil {
		return nil, err
	}
	return ch.Case, nil
}

// step is a transition being decided.
type step struct {
	s     *Service
	ctx   context.Context
	u     *User
	t     Transition
	old   *Case
	c     *Case
	ct    *CaseType // nil without a type
	today workdays.Date
	act   *Activity
}

// decide checks a transition and works out the change it makes.
func (s *Service) decide(ctx context.Context, u *User, number string, t Transition) (*Change, error) {
	if !t.Action.Valid() {
		return nil, Invalid("action", "unknown action %q", t.Action)
	}
	old, err := s.visibleCase(ctx, u, number)
	if err != nil {
		return nil, err
	}
	if !canEdit(u, old) || !mayAct(u, t.Action) {
		return nil, Errorf(EForbidden, "your role may not %s cases", t.Action)
	}
	if t.Version != old.Version {
		return nil, staleError()
	}
	if !t.Action.From(old.State) {
		return nil, Invalid("action", "a %s case cannot be given the action %s", old.State, t.Action)
	}
	c := *old
	c.HiddenFrom = slices.Clone(old.HiddenFrom)
	st := &step{s: s, ctx: ctx, u: u, t: t, old: old, c: &c, today: workdays.DateOf(s.Now())}
	if c.CaseTypeID != 0 {
		if st.ct, err = s.caseType(ctx, c.CaseTypeID); err != nil {
			return nil, err
		}
	}
	if to := actionRules[t.Action].to; to != "" {
		c.State = to
	}
	if err := st.apply(); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := s.checkRefs(ctx, &c, old); err != nil {
		return nil, err
	}
	now := s.Now()
	hist := append([]HistoryEntry{{CaseID: c.ID, At: now, UserID: u.ID, Field: "action", New: string(t.Action) + noteSuffix(t.Note), Public: false}},
		s.diff(ctx, u, old, &c)...)
	if st.act != nil {
		st.act.CaseID, st.act.At, st.act.CreatedBy = c.ID, now, u.ID
		if err := st.act.Validate(); err != nil {
			return nil, err
		}
	}
	return &Change{Action: t.Action, At: now, Actor: u, Old: *old, Case: &c, Note: strings.TrimSpace(t.Note),
		History: hist, Activity: st.act}, nil
}

// noteSuffix returns ": note" for a history row, or "" without a note.
func noteSuffix(note string) string {
	if note = strings.TrimSpace(note); note != "" {
		return ": " + note
	}
	return ""
}

// apply makes the action's changes to st.c and checks its own rules.
func (st *step) apply() error {
	t := st.t
	t.Note = strings.TrimSpace(t.Note)
	st.t = t
	switch t.Action {
	case ActAccept:
		return st.accept()
	case ActAssign:
		return st.assign()
	case ActTake:
		st.c.HandledBy = st.u.ID
		if st.c.AssignedTo == 0 {
			st.c.AssignedTo = st.u.ID
		}
		return nil
	case ActWait:
		return st.wait()
	case ActResume:
		return st.resume()
	case ActHandover:
		return st.handover()
	case ActSendBack:
		return st.sendBack()
	case ActExtend:
		return st.extend()
	case ActResolve:
		return st.resolve()
	case ActReject, ActDefer:
		return st.close()
	case ActForward:
		return st.forward()
	case ActReopen:
		if t.Note == "" {
			return Invalid("note", "reopening needs a reason")
		}
		if st.c.HandledBy == 0 {
			st.c.HandledBy = st.u.ID
		}
		return nil
	case ActRecord:
		return st.record()
	}
	return nil
}

// needNote returns missing, which says what the note must say, when the
// transition carries no note.
func (st *step) needNote(missing *Error) error {
	if st.t.Note == "" {
		return missing
	}
	return nil
}

// dueDate recomputes the case's due date from its regime.
func (st *step) dueDate() {
	st.c.DueDate = regimeDeadline(st.s.opts.Calendar, st.c, st.ct, st.s.opts.DefaultDeadlineDays)
}

// regime returns the case's regime.
func (st *step) regime() Regime { return regimeOf(st.c, st.ct) }

// WorkflowInfo is what the workflow says about one case for one user: the
// actions they may take now and the periods of the case's regime.
type WorkflowInfo struct {
	Actions  []Action
	CaseType *CaseType // nil without a type
	Regime   Regime
	// PeriodFrom is the event the deadline counts from; PeriodDays its
	// length (0: no statutory deadline).
	PeriodFrom workdays.Date
	PeriodDays int
	// StepDue: the last day of an information request's 7-day steps;
	// ForwardDue: the last day to forward (a petition). Zero when none.
	StepDue    workdays.Date
	ForwardDue workdays.Date
	// Oral: an information request by phone, with no statutory deadline.
	Oral bool
	// IdentityMissing lists what a written information request lacks of
	// the § 14(2) identity data (nil when complete or not applicable).
	IdentityMissing []string
	// ExtensionLeft is how many more days the deadline may be extended.
	ExtensionLeft int
}

// Workflow returns the workflow's view of a case u may see, for c as
// loaded (no access-log row: the caller logged the read).
func (s *Service) Workflow(ctx context.Context, u *User, c *Case) (*WorkflowInfo, error) {
	if !canSee(u, c) {
		return nil, notFound("case")
	}
	w := &WorkflowInfo{Actions: ActionsFor(u, c), PeriodFrom: periodStart(c)}
	if c.CaseTypeID != 0 {
		ct, err := s.caseType(ctx, c.CaseTypeID)
		if err != nil {
			return nil, err
		}
		w.CaseType, w.Regime = ct, ct.Regime
	}
	cal := s.opts.Calendar
	w.PeriodDays = periodDays(c, w.CaseType, s.opts.DefaultDeadlineDays)
	w.StepDue, w.ForwardDue = stepDeadline(cal, c, w.CaseType), forwardDeadline(cal, c, w.CaseType)
	switch w.Regime {
	case RegimeInfoRequest:
		w.Oral = oral(c)
		w.ExtensionLeft = max(w.CaseType.ExtensionDays-c.ExtensionDays, 0)
		if !w.Oral && c.State.Open() && canReadContacts(u) {
			var sub *Contact
			if c.SubmitterID != 0 {
				got, err := s.store.Contact(ctx, c.SubmitterID)
				if err != nil && ErrorCode(err) != ENotFound {
					return nil, err
				}
				sub = got
			}
			w.IdentityMissing = IdentityMissing(sub)
		}
	case RegimeProposal:
		if !c.CouncilDecides {
			w.ExtensionLeft = w.CaseType.ExtensionDays
		}
	case RegimeNone:
		w.ExtensionLeft = 365
	}
	if w.Oral {
		w.StepDue, w.ExtensionLeft = workdays.Date{}, 0
	}
	w.Actions = slices.DeleteFunc(w.Actions, func(a Action) bool { return !regimeOffers(w, a) })
	return w, nil
}

// regimeOffers reports whether the case's regime allows action a at all,
// so the UI does not offer what would be refused whatever is typed.
func regimeOffers(w *WorkflowInfo, a Action) bool {
	switch a {
	case ActRecord:
		return w.Regime == RegimeInfoRequest
	case ActForward:
		return w.Regime != RegimeInfoRequest
	case ActExtend:
		return w.ExtensionLeft > 0 && !w.Oral && (w.Regime == RegimeNone || w.Regime == RegimeInfoRequest || w.Regime == RegimeProposal)
	}
	return true
}

// InstallDefaultCaseTypes saves DefaultCaseTypes when there are no case
// types at all (a new installation), as the console actor, and returns how
// many it saved. An office that has types of its own keeps them.
func (s *Service) InstallDefaultCaseTypes(ctx context.Context) (int, error) {
	types, err := s.store.CaseTypes(ctx)
	if err != nil || len(types) > 0 {
		return 0, err
	}
	n := 0
	for _, ct := range DefaultCaseTypes() {
		if err := s.SaveCaseType(ctx, Console(), &ct); err != nil {
			return n, fmt.Errorf("install case type %s: %w", ct.Code, err)
		}
		n++
	}
	return n, nil
}
