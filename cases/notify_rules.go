package cases

import (
	"context"
	"fmt"
)

// notificationsFor decides which notifications a change of a case from
// before to after causes; before is nil for a new case. It says nothing
// about whether the citizen wants them (see caseNotifications).
func notificationsFor(before, after *Case) []NotificationKind {
	if before == nil {
		return []NotificationKind{NotifyReceived}
	}
	var kinds []NotificationKind
	if before.State != after.State {
		switch after.State {
		case StateAssigned, StateInProgress:
			if before.State == StateNew {
				kinds = append(kinds, NotifyAccepted)
			}
		case StateWaiting:
			kinds = append(kinds, NotifyWaiting)
		case StateResolved:
			kinds = append(kinds, NotifyResolved)
		case StateRejected:
			kinds = append(kinds, NotifyRejected)
		case StateForwarded:
			kinds = append(kinds, NotifyForwarded)
		case StateDeferred:
			kinds = append(kinds, NotifyDeferred)
		}
	}
	if !after.State.Open() {
		return kinds
	}
	if before.DepartmentID != 0 && after.DepartmentID != 0 && before.DepartmentID != after.DepartmentID &&
		after.State != StateNew && len(kinds) == 0 {
		kinds = append(kinds, NotifyHandedOver)
	}
	if !before.DueDate.IsZero() && after.DueDate.After(before.DueDate) {
		kinds = append(kinds, NotifyDeadlineExtended)
	}
	return kinds
}

// caseNotifications returns the notifications of a change of a case from
// before (nil for a new one) to after, submitted by sub: none unless the
// submitter wants to be informed and has an e-mail address. The case's
// number is filled in when it is sent if the case is new.
func (s *Service) caseNotifications(ctx context.Context, before, after *Case, sub *Contact) ([]*Notification, error) {
	if !after.KeepInformed || (sub == nil && after.SubmitterID == 0) {
		return nil, nil
	}
	kinds := notificationsFor(before, after)
	if len(kinds) == 0 {
		return nil, nil
	}
	if sub == nil {
		var err error
		if sub, err = s.store.Contact(ctx, after.SubmitterID); err != nil {
			return nil, fmt.Errorf("load the submitter to notify: %w", err)
		}
	}
	if sub.Email == "" {
		return nil, nil
	}
	names := &names{s: s}
	now := s.Now()
	var out []*Notification
	for _, k := range kinds {
		d := NotificationData{Number: after.Number, Subject: after.Subject,
			Department: names.department(ctx, after.DepartmentID), DueDate: after.DueDate.Czech()}
		switch k {
		case NotifyResolved:
			d.Response, d.Reason = after.Response, after.Outcome
		case NotifyRejected, NotifyDeferred:
			d.Reason = after.Outcome
		case NotifyWaiting:
			d.Missing = after.Outcome
		case NotifyForwarded:
			d.Body = after.Outcome
		}
		out = append(out, &Notification{CaseID: after.ID, Kind: k, Lang: langOr(after.Language),
			To: sub.Email, Data: d, State: NotificationPending, NextAttemptAt: now, CreatedAt: now})
	}
	return out, nil
}

// langOr returns lang if it is a notification language, else "cs".
func langOr(lang string) string {
	if validLang(lang) {
		return lang
	}
	return "cs"
}
