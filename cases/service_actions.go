package cases

import (
	"slices"
	"strings"
	"unicode/utf8"

	"linka/internal/workdays"
)

// The rules of each action; decide (service_workflow.go) runs them.

// accept triages a new case: a department or an official takes it. A
// written information request needs the applicant's identity data
// (§ 14 odst. 2 zákona č. 106/1999 Sb.).
func (st *step) accept() error {
	if err := st.assign(); err != nil {
		return err
	}
	if st.regime() != RegimeInfoRequest || oral(st.c) {
		return nil
	}
	var sub *Contact
	if st.c.SubmitterID != 0 {
		var err error
		if sub, err = st.s.store.Contact(st.ctx, st.c.SubmitterID); err != nil {
			return refErr(err, "submitter_id", "unknown contact")
		}
	}
	if miss := IdentityMissing(sub); len(miss) > 0 {
		return Invalid("submitter", "a written information request needs the applicant's %s (§ 14(2)); complete the contact or reject it under § 14(3)",
			strings.Join(miss, ", "))
	}
	return nil
}

// assign gives the case to a department and/or an official.
func (st *step) assign() error {
	t, c := st.t, st.c
	if t.DepartmentID == 0 && t.UserID == 0 {
		return Invalid("assigned_to", "an assigned case needs a department or an official")
	}
	if t.DepartmentID != 0 {
		c.DepartmentID = t.DepartmentID
	}
	if t.UserID != 0 || t.DepartmentID != st.old.DepartmentID {
		c.AssignedTo, c.HandledBy = t.UserID, t.UserID
	}
	return nil
}

// wait records what the office waits for. An information request's call
// to complete or clarify it must go out within 7 days (§ 14 odst. 5
// písm. b).
func (st *step) wait() error {
	if err := st.needNote(Invalid("note", "say what is missing from the citizen")); err != nil {
		return err
	}
	if step := stepDeadline(st.s.opts.Calendar, st.c, st.ct); !step.IsZero() && st.today.After(step) {
		return Invalid("note", "a request to complete or clarify must be sent by %s (§ 14(5)(b))", step.Czech())
	}
	st.c.WaitingFor = st.t.Note
	return nil
}

// resume goes back to work when the citizen supplied what was missing. An
// information request's 15-day period starts again from the day it was
// completed (it does not merely pause); an extension given before no
// longer applies.
func (st *step) resume() error {
	c := st.c
	c.WaitingFor = ""
	if st.regime() != RegimeInfoRequest {
		return nil
	}
	on := st.t.CompletedOn
	if on.IsZero() {
		on = st.today
	}
	if on.After(st.today) || on.Before(workdays.DateOf(c.ReceivedAt)) {
		return Invalid("completed_on", "the day of completion must be between the receipt and today")
	}
	c.DeadlineFrom, c.ExtensionDays, c.ExtensionReason = on, 0, ""
	st.dueDate()
	return nil
}

// handover passes the case to another official with a note, adding a
// step to the activity chain.
func (st *step) handover() error {
	t, c := st.t, st.c
	if t.UserID == 0 {
		return Invalid("user_id", "choose whom to hand the case over to")
	}
	if t.UserID == st.old.HandledBy {
		return Invalid("user_id", "the case is already handled by this official")
	}
	if err := st.needNote(Invalid("note", "write a note for the next official")); err != nil {
		return err
	}
	from := st.old.HandledBy
	if from == 0 {
		from = st.u.ID
	}
	if t.DepartmentID != 0 {
		c.DepartmentID = t.DepartmentID
	}
	c.AssignedTo, c.HandledBy = t.UserID, t.UserID
	st.act = &Activity{TakenBy: from, Description: t.Note, HandedTo: t.UserID, Done: true}
	return nil
}

// sendBack returns the case to whoever handed it to its current handler
// (the last step of the activity chain handed to them), or to triage
// (state new, nobody assigned) when nobody did.
func (st *step) sendBack() error {
	if err := st.needNote(Invalid("note", "say why the case goes back")); err != nil {
		return err
	}
	acts, err := st.s.store.Activities(st.ctx, st.c.ID)
	if err != nil {
		return err
	}
	c, back := st.c, int64(0)
	for i := len(acts) - 1; i >= 0; i-- {
		a := acts[i]
		if a.HandedTo != 0 && a.HandedTo == st.old.HandledBy && a.TakenBy != 0 && a.TakenBy != st.old.HandledBy {
			back = a.TakenBy
			break
		}
	}
	if back == 0 {
		c.State, c.AssignedTo, c.HandledBy = StateNew, 0, 0
	} else {
		c.State, c.AssignedTo, c.HandledBy = StateAssigned, back, back
	}
	from := st.old.HandledBy
	if from == 0 {
		from = st.u.ID
	}
	st.act = &Activity{TakenBy: from, Description: st.t.Note, HandedTo: back, Done: true}
	return nil
}

// extend lengthens the deadline as the regime allows: an information
// request by up to the type's extension (10 days) for a § 14(7) reason,
// only before the period ends (the notice must reach the applicant in
// time) and not for an oral request; a proposal the council decides on
// gets the longer period (90 days); a type without a regime by the days
// given with a reason. Complaints, petitions and general submissions
// cannot be extended: a complaint resolved late records the reason.
func (st *step) extend() error {
	c, t := st.c, st.t
	switch st.regime() {
	case RegimeInfoRequest:
		if oral(c) {
			return Invalid("action", "an oral request has no statutory deadline to extend")
		}
		if !slices.Contains(InfoExtensionReasons, t.Reason) {
			return Invalid("reason", "an information request may be extended only for a reason of § 14(7) a–c")
		}
		left := st.ct.ExtensionDays - c.ExtensionDays
		if t.Days < 1 || t.Days > left {
			return Invalid("days", "the extension must be 1–%d days", max(left, 0))
		}
		if !c.DueDate.IsZero() && st.today.After(c.DueDate) {
			return Invalid("action", "the period ended on %s; the notice of an extension must be sent before it ends", c.DueDate.Czech())
		}
		c.ExtensionReason = t.Reason
		if t.Note != "" && utf8.RuneCountInString(t.Note) <= MaxShortText-len(t.Reason)-2 {
			c.ExtensionReason += ": " + t.Note
		}
	case RegimeProposal:
		if c.CouncilDecides {
			return Invalid("action", "the council's period already applies")
		}
		if err := st.needNote(Invalid("note", "give the reason: the council decides")); err != nil {
			return err
		}
		c.CouncilDecides, c.ExtensionReason = true, t.Note
		t.Days = 0
	case RegimeNone:
		if t.Days < 1 || t.Days > 365 {
			return Invalid("days", "the extension must be 1–%d days", 365)
		}
		if err := st.needNote(Invalid("note", "give the reason for the extension")); err != nil {
			return err
		}
		c.ExtensionReason = t.Note
	default:
		return Invalid("action", "the %s regime allows no extension", st.regime())
	}
	c.ExtensionDays += t.Days
	c.ExtendedAt = st.s.Now()
	st.dueDate()
	return nil
}

// resolve closes the case with the response. A complaint records its
// finding and, when resolved after its deadline, the reason for the delay;
// an information request records how it was resolved: a refusal is a
// § 15 decision (open to appeal), a pointer to published information
// (§ 6) is possible only within 7 days.
func (st *step) resolve() error {
	c, t := st.c, st.t
	if t.Note != "" {
		c.Response = t.Note
	}
	c.ResponseSent = c.ResponseSent || t.ResponseSent
	if t.Outcome != "" {
		c.Outcome = t.Outcome
	}
	if c.Response == "" && c.Outcome == "" {
		return Invalid("response", "a resolved case needs a response or an outcome")
	}
	late := !c.DueDate.IsZero() && st.today.After(c.DueDate)
	switch st.regime() {
	case RegimeComplaint:
		if !slices.Contains(Findings, t.Finding) {
			return Invalid("finding", "a complaint is resolved as justified, partly justified or unjustified")
		}
		c.Finding = t.Finding
		if late && strings.TrimSpace(t.LateReason) == "" {
			return Invalid("late_reason", "the deadline passed on %s; record the reason for the delay", c.DueDate.Czech())
		}
	case RegimeInfoRequest:
		if !slices.Contains(InfoOutcomes, t.InfoOutcome) {
			return Invalid("info_outcome", "choose how the information request was resolved")
		}
		step := stepDeadline(st.s.opts.Calendar, c, st.ct)
		if t.InfoOutcome == InfoPointer && !step.IsZero() && st.today.After(step) {
			return Invalid("info_outcome", "a pointer to published information is enough only until %s (§ 6); provide the information", step.Czech())
		}
		c.InfoOutcome = t.InfoOutcome
		switch t.InfoOutcome {
		case InfoRefused:
			c.Refusal = RefusalWhole
		case InfoPartRefused:
			c.Refusal = RefusalPartial
		default:
			c.Refusal = ""
		}
	}
	c.LateReason = strings.TrimSpace(t.LateReason)
	return nil
}

// close rejects or defers the case with the reason.
func (st *step) close() error {
	if err := st.needNote(Invalid("note", "give the reason")); err != nil {
		return err
	}
	if utf8.RuneCountInString(st.t.Note) > MaxShortText {
		return Invalid("note", "the reason is longer than %d characters", MaxShortText)
	}
	st.c.Outcome = st.t.Note
	if st.t.Action == ActDefer && st.regime() == RegimeInfoRequest && st.old.State == StateWaiting {
		st.c.InfoOutcome = InfoNotCompleted
	}
	return nil
}

// forward passes the case to the competent body: without undue delay with
// a notice to the submitter (§ 12 správního řádu), a petition within its
// period (5 days) or with the reason for the delay. An information request
// is never forwarded: the office defers it as not competent (§ 14(5)(c)).
func (st *step) forward() error {
	c, t := st.c, st.t
	if st.regime() == RegimeInfoRequest {
		return Invalid("action", "an information request is not forwarded; defer it with a notice (§ 14(5)(c))")
	}
	body := strings.TrimSpace(t.ForwardedTo)
	if body == "" {
		return Invalid("forwarded_to", "name the competent body the case goes to")
	}
	on := t.ForwardedOn
	if on.IsZero() {
		on = st.today
	}
	if on.After(st.today) || on.Before(workdays.DateOf(c.ReceivedAt)) {
		return Invalid("forwarded_on", "the date of forwarding must be between the receipt and today")
	}
	if limit := forwardDeadline(st.s.opts.Calendar, c, st.ct); !limit.IsZero() && on.After(limit) && strings.TrimSpace(t.LateReason) == "" {
		return Invalid("late_reason", "the forwarding period ended on %s; record the reason for the delay", limit.Czech())
	}
	c.ForwardedTo, c.ForwardedOn, c.LateReason = body, on, strings.TrimSpace(t.LateReason)
	if t.Note != "" && utf8.RuneCountInString(t.Note) <= MaxShortText {
		c.Outcome = t.Note
	}
	return nil
}

// record replaces the § 18 data of an information request.
func (st *step) record() error {
	if st.regime() != RegimeInfoRequest {
		return Invalid("action", "only information requests keep the § 18 record")
	}
	r := st.t.Report
	if r == nil {
		return Invalid("report", "nothing to record")
	}
	switch {
	case r.ExclusiveLicence && strings.TrimSpace(r.LicenceReason) == "":
		return Invalid("licence_reason", "an exclusive licence needs the reason it was necessary")
	case r.Complaint16a && strings.TrimSpace(r.Complaint16aReason) == "":
		return Invalid("complaint_16a_reason", "a § 16a complaint needs its reason")
	case r.AppealFiled && st.c.Refusal == "" && r.Refusal == "":
		return Invalid("appeal_filed", "an appeal needs a refusal decision")
	}
	st.c.InfoReport = *r
	if r.Refusal == "" {
		st.c.Refusal = st.old.Refusal
	}
	return nil
}
