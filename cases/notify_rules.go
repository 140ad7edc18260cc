package cases

import (
	"context"
	"fmt"
)

// notificationsFor decides which notifications a change of a case from
// before to after causes; before is nil for a new case. action names the
// workflow action that made the change when there is one (its kind is
// then looked up in actionNotifications); "" derives the kinds from the
// fields that changed. It says nothing about whether the citizen wants
// them (see caseNotifications).
func notificationsFor(before, after *Case, action string) []NotificationKind {
	if before == nil {
		return []NotificationKind{NotifyReceived}
	}
	if action != "" {
		if pick, ok := actionNotifications[action]; ok {
			if k := pick(before, after); k != "" {
				return []NotificationKind{k}
			}
		}
		return nil
	}
	var kinds []NotificationKind
	if before.State != after.State {
		if k := stateNotifications[after.State]; k != "" {
			kinds = append(kinds, k)
		} else if before.State == StateNew && (after.State == StateAssigned || after.State == StateInProgress) {
			kinds = append(kinds, NotifyAccepted)
		}
	}
	if !after.State.Open() {
		return kinds
	}
	if len(kinds) == 0 {
		if k := assignedKind(before, after); k != "" {
			kinds = append(kinds, k)
		}
	}
	if !before.DueDate.IsZero() && after.DueDate.After(before.DueDate) {
		kinds = append(kinds, NotifyDeadlineExtended)
	}
	return kinds
}

// stateNotifications are the kinds of reaching a state.
var stateNotifications = map[State]NotificationKind{
	StateWaiting:   NotifyWaiting,
	StateResolved:  NotifyResolved,
	StateRejected:  NotifyRejected,
	StateForwarded: NotifyForwarded,
	StateDeferred:  NotifyDeferred,
}

// actionNotifications are the kinds of the workflow's actions; an action
// not listed (take, resume, send back, reopen, record) sends nothing.
// Adding a kind for an action is one line here and its templates.
var actionNotifications = map[string]func(before, after *Case) NotificationKind{
	"accept":   always(NotifyAccepted),
	"assign":   assignedKind,
	"handover": always(NotifyHandedOver),
	"extend":   always(NotifyDeadlineExtended),
	"wait":     always(NotifyWaiting),
	"resolve":  always(NotifyResolved),
	"reject":   always(NotifyRejected),
	"forward":  always(NotifyForwarded),
	"defer":    always(NotifyDeferred),
}

func always(k NotificationKind) func(before, after *Case) NotificationKind {
	return func(*Case, *Case) NotificationKind { return k }
}

// assignedKind: a new case taken on is accepted; an open case moved to
// another department is handed over; another official of the same
// department is the office's own business.
func assignedKind(before, after *Case) NotificationKind {
	switch {
	case before.State == StateNew && after.State != StateNew:
		return NotifyAccepted
	case before.DepartmentID != 0 && after.DepartmentID != 0 && before.DepartmentID != after.DepartmentID && after.State != StateNew:
		return NotifyHandedOver
	}
	return ""
}

// caseNotifications returns the notifications of a change of a case from
// before (nil for a new one) to after by the workflow action (see
// notificationsFor), submitted by sub (nil: loaded): none unless the
// submitter wants to be informed and has an e-mail address. note is the
// text the action carries (the reason, what is missing, the body a case
// went to); "" means the case's outcome. The case's number is filled in
// when it is sent if the case is new.
func (s *Service) caseNotifications(ctx context.Context, before, after *Case, sub *Contact, action, note string) ([]*Notification, error) {
	if !after.KeepInformed || (sub == nil && after.SubmitterID == 0) {
		return nil, nil
	}
	kinds := notificationsFor(before, after, action)
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
		text := note
		if text == "" {
			text = after.Outcome
		}
		switch k {
		case NotifyResolved:
			d.Response, d.Reason = after.Response, text
		case NotifyRejected, NotifyDeferred:
			d.Reason = text
		case NotifyDeadlineExtended:
			d.Reason = note
		case NotifyWaiting:
			d.Missing = firstOf(after.WaitingFor, text)
		case NotifyForwarded:
			d.Body = firstOf(after.ForwardedTo, text)
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

// firstOf returns the first of values that is not empty.
func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
