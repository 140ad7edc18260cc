package store

import (
	"context"
	"strings"

	"linka/cases"
)

// The workflow's columns of a case (cases.Handling, migration 0007), in
// one order for select, insert and update.
var handlingNames = []string{"deadline_from", "extension_days", "extension_reason", "extended_at",
	"late_reason", "finding", "forwarded_to", "forwarded_on", "waiting_for", "council_decides",
	"reply_requested", "info_outcome", "refusal", "appeal_filed", "appeal_outcome", "court_review",
	"court_outcome", "exclusive_licence", "licence_reason", "complaint_16a", "complaint_16a_reason",
	"complaint_16a_outcome"}

// handlingSelect returns the columns of handlingNames prefixed with the
// alias c.
func handlingSelect() string { return "c." + strings.Join(handlingNames, ", c.") }

// handlingSet returns "deadline_from = ?, …" for an UPDATE.
func handlingSet() string { return strings.Join(handlingNames, " = ?, ") + " = ?" }

// handlingDest returns scan destinations in the order of handlingNames.
func handlingDest(h *cases.Handling) []any {
	return []any{(*date)(&h.DeadlineFrom), &h.ExtensionDays, &h.ExtensionReason, (*ts)(&h.ExtendedAt),
		&h.LateReason, &h.Finding, &h.ForwardedTo, (*date)(&h.ForwardedOn), &h.WaitingFor,
		&h.CouncilDecides, &h.ReplyRequested, &h.InfoOutcome, &h.Refusal, &h.AppealFiled,
		&h.AppealOutcome, &h.CourtReview, &h.CourtOutcome, &h.ExclusiveLicence, &h.LicenceReason,
		&h.Complaint16a, &h.Complaint16aReason, &h.Complaint16aOutcome}
}

// handlingValues returns the values in the order of handlingNames.
func handlingValues(h *cases.Handling) []any {
	return []any{date(h.DeadlineFrom), h.ExtensionDays, h.ExtensionReason, ts(h.ExtendedAt),
		h.LateReason, h.Finding, h.ForwardedTo, date(h.ForwardedOn), h.WaitingFor,
		h.CouncilDecides, h.ReplyRequested, h.InfoOutcome, h.Refusal, h.AppealFiled,
		h.AppealOutcome, h.CourtReview, h.CourtOutcome, h.ExclusiveLicence, h.LicenceReason,
		h.Complaint16a, h.Complaint16aReason, h.Complaint16aOutcome}
}

// ApplyChange stores a workflow change: the case (if its version still
// matches, with the staff it is hidden from), its history and the activity
// it adds, in one transaction.
func (db *DB) ApplyChange(ctx context.Context, ch *cases.Change) error {
	c := ch.Case
	var histIDs []int64
	var actID int64
	err := db.write(ctx, func(r runner) error {
		number, err := checkVersion(ctx, r, c)
		if err != nil {
			return err
		}
		if err := updateCase(ctx, r, c, number); err != nil {
			return err
		}
		if _, err := r.exec(ctx, `DELETE FROM case_hidden_from WHERE case_id = ?`, c.ID); err != nil {
			return err
		}
		if err := insertHidden(ctx, r, c.ID, c.HiddenFrom); err != nil {
			return err
		}
		if ch.Activity != nil {
			ch.Activity.CaseID = c.ID
			if actID, err = insertActivity(ctx, r, ch.Activity); err != nil {
				return err
			}
		}
		if histIDs, err = insertHistory(ctx, r, c.ID, ch.History); err != nil {
			return err
		}
		return insertNotifications(ctx, r, c.ID, ch.Notifications)
	})
	if err != nil {
		return db.fail("apply change", "case", err)
	}
	c.Version++
	if ch.Activity != nil {
		ch.Activity.ID = actID
	}
	setHistoryIDs(ch.History, c.ID, histIDs)
	return nil
}
