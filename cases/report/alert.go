package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// AlertKind is what an alert rule watches.
type AlertKind string

// The alert kinds and the meaning of their threshold.
const (
	// AlertUntriaged: a case still new after Threshold working days.
	AlertUntriaged AlertKind = "untriaged"
	// AlertDeadline: an open case due within Threshold days (0: today).
	AlertDeadline AlertKind = "deadline"
	// AlertCallback: a callback waiting over Threshold minutes.
	AlertCallback AlertKind = "callback"
	// AlertServiceLevel: the service level of the current hour (answered
	// within TargetSeconds) below Threshold per cent, once at least
	// MinSLCalls calls were offered.
	AlertServiceLevel AlertKind = "service_level"
)

// AlertKinds lists every alert kind.
var AlertKinds = []AlertKind{AlertUntriaged, AlertDeadline, AlertCallback, AlertServiceLevel}

// MinSLCalls is how many calls an hour must have been offered before its
// service level can raise an alert.
const MinSLCalls = 3

// Notify targets of a rule other than e-mail addresses.
const (
	NotifyResponsible = "responsible" // the handling official, else the department, else supervisors
	NotifySupervisors = "supervisors" // every active supervisor
)

// AlertRule is a configurable alert.
type AlertRule struct {
	ID            int64
	Name          string
	Kind          AlertKind
	Threshold     int
	TargetSeconds int
	// Notify is NotifyResponsible, NotifySupervisors or e-mail addresses
	// separated by commas.
	Notify    string
	Active    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks a rule; errors are *cases.Error naming the field.
func (r *AlertRule) Validate() error {
	r.Name = strings.TrimSpace(r.Name)
	r.Notify = strings.TrimSpace(r.Notify)
	known := false
	for _, k := range AlertKinds {
		known = known || k == r.Kind
	}
	switch {
	case r.Name == "" || len(r.Name) > 100:
		return cases.Invalid("name", "the name is required, up to 100 characters")
	case !known:
		return cases.Invalid("kind", "unknown alert kind %q", r.Kind)
	case r.Threshold < 0 || (r.Kind == AlertServiceLevel && r.Threshold > 100):
		return cases.Invalid("threshold", "the threshold %d is out of range", r.Threshold)
	case r.Kind == AlertServiceLevel && r.TargetSeconds <= 0:
		return cases.Invalid("target_seconds", "the service level needs the answer time in seconds")
	case r.Notify == "":
		return cases.Invalid("notify", "say whom to notify")
	}
	if r.Notify != NotifyResponsible && r.Notify != NotifySupervisors {
		for _, a := range SplitAddresses(r.Notify) {
			if !validEmail(a) {
				return cases.Invalid("notify", "%q is not an e-mail address", a)
			}
		}
	}
	return nil
}

// WaitingCallback is an open callback task.
type WaitingCallback struct {
	ID          int64
	Number      string
	FirstCallAt time.Time
}

// AlertStore keeps the alert rules and what they already notified, and
// answers their questions.
type AlertStore interface {
	AlertRules(ctx context.Context) ([]AlertRule, error)
	SaveAlertRule(ctx context.Context, r *AlertRule) error
	DeleteAlertRule(ctx context.Context, id int64) error
	// MarkAlert records the occurrence of rule id and reports whether it
	// is new; UnmarkAlert forgets it (its notification failed).
	MarkAlert(ctx context.Context, ruleID int64, occurrence string, at time.Time) (bool, error)
	UnmarkAlert(ctx context.Context, ruleID int64, occurrence string) error
	// UntriagedCases returns the cases in state new received before t.
	UntriagedCases(ctx context.Context, before time.Time) ([]Task, error)
	// CasesDue returns the open cases due on a date in [from, to].
	CasesDue(ctx context.Context, from, to workdays.Date) ([]Task, error)
	// WaitingCallbacks returns the open callbacks first asked for before t.
	WaitingCallbacks(ctx context.Context, before time.Time) ([]WaitingCallback, error)
	// SupervisorEmails returns the e-mail addresses of active supervisors.
	SupervisorEmails(ctx context.Context) ([]string, error)
}

// occurrence is one thing an alert rule found, to notify once.
type occurrence struct {
	key     string
	to      []string
	subject string
	text    string
}

// CheckAlerts evaluates every active rule once and notifies each new
// occurrence; it returns how many notifications it queued.
func (s *Service) CheckAlerts(ctx context.Context) (int, error) {
	rules, err := s.store.AlertRules(ctx)
	if err != nil {
		return 0, fmt.Errorf("report: load alert rules: %w", err)
	}
	now := s.now()
	sent := 0
	for _, r := range rules {
		if !r.Active {
			continue
		}
		occ, err := s.occurrences(ctx, r, now)
		if err != nil {
			s.log.Error("alert rule failed", "rule", r.Name, "error", err)
			continue
		}
		for _, o := range occ {
			n, err := s.notify(ctx, r, o, now)
			if err != nil {
				s.log.Error("alert not sent", "rule", r.Name, "occurrence", o.key, "error", err)
			}
			sent += n
		}
	}
	return sent, nil
}

// notify sends o unless it was sent before; the occurrence is claimed
// first so that two instances do not both send it.
func (s *Service) notify(ctx context.Context, r AlertRule, o occurrence, now time.Time) (int, error) {
	if len(o.to) == 0 {
		return 0, fmt.Errorf("nobody to notify")
	}
	fresh, err := s.store.MarkAlert(ctx, r.ID, o.key, now)
	if err != nil || !fresh {
		return 0, err
	}
	m := Mail{To: o.to, Lang: s.lang, Subject: o.subject, Text: o.text}
	if err := s.mail.QueueReportMail(ctx, m); err != nil {
		if uerr := s.store.UnmarkAlert(ctx, r.ID, o.key); uerr != nil {
			err = fmt.Errorf("%w (and forgetting it failed: %v)", err, uerr)
		}
		return 0, err
	}
	s.log.Info("alert sent", "rule", r.Name, "occurrence", o.key, "recipients", len(o.to))
	return 1, nil
}

// occurrences returns what rule r finds at now.
func (s *Service) occurrences(ctx context.Context, r AlertRule, now time.Time) ([]occurrence, error) {
	l := labels(s.lang)
	switch r.Kind {
	case AlertUntriaged:
		today := workdays.DateOf(now)
		tasks, err := s.store.UntriagedCases(ctx, now)
		if err != nil {
			return nil, err
		}
		var out []occurrence
		for _, t := range tasks {
			if s.cal.WorkdaysBetween(workdays.DateOf(t.ReceivedAt), today) < r.Threshold {
				continue
			}
			to, err := s.recipients(ctx, r.Notify, t)
			if err != nil {
				return nil, err
			}
			out = append(out, occurrence{key: fmt.Sprintf("case:%d", t.CaseID), to: to,
				subject: fmt.Sprintf(l["alert.untriaged.subject"], t.Number, r.Threshold),
				text:    s.taskText(l, t)})
		}
		return out, nil
	case AlertDeadline:
		today := workdays.DateOf(now)
		tasks, err := s.store.CasesDue(ctx, today, today.AddDays(r.Threshold))
		if err != nil {
			return nil, err
		}
		var out []occurrence
		for _, t := range tasks {
			to, err := s.recipients(ctx, r.Notify, t)
			if err != nil {
				return nil, err
			}
			out = append(out, occurrence{key: fmt.Sprintf("case:%d:%s", t.CaseID, t.DueDate), to: to,
				subject: fmt.Sprintf(l["alert.deadline.subject"], t.Number, t.DueDate.Czech()),
				text:    s.taskText(l, t)})
		}
		return out, nil
	case AlertCallback:
		cbs, err := s.store.WaitingCallbacks(ctx, now.Add(-time.Duration(r.Threshold)*time.Minute))
		if err != nil {
			return nil, err
		}
		var out []occurrence
		for _, c := range cbs {
			to, err := s.recipients(ctx, r.Notify, Task{})
			if err != nil {
				return nil, err
			}
			wait := now.Sub(c.FirstCallAt).Round(time.Minute)
			out = append(out, occurrence{key: fmt.Sprintf("callback:%d", c.ID), to: to,
				subject: fmt.Sprintf(l["alert.callback.subject"], c.Number, fmtDuration(wait)),
				text:    fmt.Sprintf(l["alert.callback.text"], c.Number, fmtTime(c.FirstCallAt), s.link("/callbacks"))})
		}
		return out, nil
	case AlertServiceLevel:
		return s.slOccurrence(ctx, r, now)
	}
	return nil, fmt.Errorf("unknown alert kind %q", r.Kind)
}

// slOccurrence checks the service level of the hour now is in.
func (s *Service) slOccurrence(ctx context.Context, r AlertRule, now time.Time) ([]occurrence, error) {
	from := now.Truncate(time.Hour)
	rows, err := s.Queue(ctx, from, from.Add(time.Hour), QueueOptions{Interval: time.Hour, SLSeconds: r.TargetSeconds})
	if err != nil {
		return nil, err
	}
	for _, row := range SumRows(rows) {
		if row.Group != "" || row.Offered < MinSLCalls {
			continue
		}
		sl := row.ServiceLevel()
		if sl < 0 || sl >= float64(r.Threshold) {
			return nil, nil
		}
		to, err := s.recipients(ctx, r.Notify, Task{})
		if err != nil {
			return nil, err
		}
		l := labels(s.lang)
		hour := from.In(workdays.Prague()).Format("2006-01-02T15")
		return []occurrence{{key: "sl:" + hour, to: to,
			subject: fmt.Sprintf(l["alert.sl.subject"], sl, r.Threshold, r.TargetSeconds),
			text: fmt.Sprintf(l["alert.sl.text"], fmtTime(from), row.Offered, row.Answered,
				row.Abandoned(), sl, r.TargetSeconds, s.link("/wallboard"))}}, nil
	}
	return nil, nil
}

// recipients resolves a rule's Notify for the case t (zero for none).
func (s *Service) recipients(ctx context.Context, notify string, t Task) ([]string, error) {
	switch notify {
	case NotifyResponsible:
		if t.HandlerEmail != "" {
			return []string{t.HandlerEmail}, nil
		}
		if t.DepartmentEmail != "" {
			return []string{t.DepartmentEmail}, nil
		}
		return s.store.SupervisorEmails(ctx)
	case NotifySupervisors:
		return s.store.SupervisorEmails(ctx)
	}
	return SplitAddresses(notify), nil
}

// taskText is the body of a case alert: no citizen's data, a link.
func (s *Service) taskText(l map[string]string, t Task) string {
	due := "—"
	if !t.DueDate.IsZero() {
		due = t.DueDate.Czech()
	}
	return fmt.Sprintf(l["alert.case.text"], t.Number, fmtTime(t.ReceivedAt), due, t.HandledBy, t.Department,
		s.link("/cases/"+t.Number))
}
