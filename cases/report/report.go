// Package report builds Linka's control reports and statistics: the
// scheduled e-mail reports ("Úkoly k vyřízení", the weekly overdue summary,
// the monthly counts, the queue statistics, the annual report on
// information requests), the alert rules, and the supervisors' wallboard.
// The figures are computed in Go from plain rows the Store returns, so one
// code path serves PostgreSQL and SQLite; rendering (HTML e-mail, CSV, SVG
// charts) lives beside them. Mail goes through a Mailer (the outbox).
package report

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"linka/cases"
)

// Kind is what a scheduled report shows.
type Kind string

// The report kinds.
const (
	// KindTasks is "Úkoly k vyřízení": the open cases of an official or a
	// department, overdue ones in red.
	KindTasks Kind = "tasks"
	// KindOverdue is the weekly summary of missed deadlines by department.
	KindOverdue Kind = "overdue"
	// KindMonthly is the monthly counts by channel, department and type.
	KindMonthly Kind = "monthly"
	// KindQueue is the queue statistics of the previous day.
	KindQueue Kind = "queue"
	// KindFOI is the annual report on information requests (§18 of Act
	// 106/1999 Coll.) of the previous year.
	KindFOI Kind = "foi"
)

// Kinds lists every report kind.
var Kinds = []Kind{KindTasks, KindOverdue, KindMonthly, KindQueue, KindFOI}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if k == x {
			return true
		}
	}
	return false
}

// Personal reports whether the kind's rows carry citizens' personal data
// (case subjects): such reports link to Linka instead of attaching a CSV.
func (k Kind) Personal() bool { return k == KindTasks || k == KindOverdue }

// Params are a scheduled report's filters. Zero values select everything.
type Params struct {
	// User is the login of the official whose tasks are listed (tasks).
	User string `json:"user,omitempty"`
	// Department is the code of a department (tasks, overdue).
	Department string `json:"department,omitempty"`
	// IntervalMinutes is the queue statistics' interval: 15, 30 or 60
	// (0 means 30).
	IntervalMinutes int `json:"interval_minutes,omitempty"`
}

// Schedule is a report sent by e-mail on a cron-like schedule.
type Schedule struct {
	ID         int64
	Name       string // unique; `linka report send NAME`
	Kind       Kind
	Cron       string // five-field schedule in Europe/Prague
	Recipients []string
	Params     Params
	Language   string // "cs" or "en"
	Active     bool
	NextRunAt  time.Time // zero while inactive
	LastRunAt  time.Time
	LastError  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Validate checks a schedule; errors are *cases.Error naming the field.
func (s *Schedule) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	switch {
	case s.Name == "" || len(s.Name) > 100 || strings.ContainsAny(s.Name, " \t\r\n/"):
		return cases.Invalid("name", "the name is required: up to 100 characters without spaces or slashes")
	case !s.Kind.Valid():
		return cases.Invalid("kind", "unknown report kind %q", s.Kind)
	case len(s.Recipients) == 0:
		return cases.Invalid("recipients", "at least one recipient is required")
	case s.Language != "cs" && s.Language != "en":
		return cases.Invalid("language", "the language is cs or en, not %q", s.Language)
	}
	for _, r := range s.Recipients {
		if !validEmail(r) {
			return cases.Invalid("recipients", "%q is not an e-mail address", r)
		}
	}
	switch s.Params.IntervalMinutes {
	case 0, 15, 30, 60:
	default:
		return cases.Invalid("interval_minutes", "the interval is 15, 30 or 60 minutes")
	}
	_, err := ParseCron(s.Cron)
	return err
}

// validEmail is a light check: something@domain.tld without spaces.
func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-3 && strings.Contains(s[at:], ".") && !strings.ContainsAny(s, " \t\r\n,;<>")
}

// SplitAddresses splits a list of addresses separated by commas,
// semicolons, spaces or new lines.
func SplitAddresses(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}

// MarshalParams encodes p for storage.
func MarshalParams(p Params) string {
	b, _ := json.Marshal(p)
	return string(b)
}

// UnmarshalParams decodes stored params ("" is the zero Params).
func UnmarshalParams(s string) (Params, error) {
	var p Params
	if s == "" {
		return p, nil
	}
	err := json.Unmarshal([]byte(s), &p)
	return p, err
}

// TaskFilter selects open cases for the tasks and overdue reports.
type TaskFilter struct {
	// UserID selects the cases an official handles or is assigned.
	UserID int64
	// DepartmentID selects one department's cases.
	DepartmentID int64
	// OverdueOn selects cases due before this date (zero: all open cases).
	OverdueBefore time.Time
}

// Store is what the reports read and keep; internal/store implements it.
type Store interface {
	// OpenTasks returns the open cases f selects, earliest due date first
	// (cases without one last).
	OpenTasks(ctx context.Context, f TaskFilter) ([]Task, error)
	// ReceivedCounts counts the cases received in [from, to).
	ReceivedCounts(ctx context.Context, from, to time.Time) ([]CaseCount, error)
	// ChangeCounts counts the state changes made in [from, to).
	ChangeCounts(ctx context.Context, from, to time.Time) ([]ChangeCount, error)
	// QueueCalls returns the incoming calls that started in [from, to),
	// with their after-call work.
	QueueCalls(ctx context.Context, from, to time.Time) ([]QueueCall, error)
	// GatewayCalls returns the voice gateway's calls entered in [from, to).
	GatewayCalls(ctx context.Context, from, to time.Time) ([]GatewayCall, error)
	// CallbackTasks returns the callbacks first asked for in [from, to).
	CallbackTasks(ctx context.Context, from, to time.Time) ([]CallbackTask, error)
	// AgentChanges returns each extension's last agent state change before
	// from and its changes in [from, to), with the user's name.
	AgentChanges(ctx context.Context, from, to time.Time) ([]AgentChange, error)
	// CaseCounts returns the wallboard's case figures as of now.
	CaseCounts(ctx context.Context, now time.Time) (CaseCounts, error)
	// AgentReasonNames returns the names of the not-ready reasons by code
	// in lang ("cs" or "en").
	AgentReasonNames(ctx context.Context, lang string) (map[string]string, error)
	// FOIStats returns the information-request figures of [from, to).
	FOIStats(ctx context.Context, from, to time.Time) (FOI, error)

	ScheduleStore
	AlertStore
	FactStore
	CountStore
	// PutGatewayEvent records a voice gateway event of a call.
	PutGatewayEvent(ctx context.Context, e GatewayEvent) error
}

// ScheduleStore keeps the scheduled reports.
type ScheduleStore interface {
	ReportSchedules(ctx context.Context) ([]Schedule, error)
	// ReportSchedule returns the schedule named name (ENotFound if none).
	ReportSchedule(ctx context.Context, name string) (Schedule, error)
	// SaveReportSchedule inserts s (ID 0, setting ID) or updates it.
	SaveReportSchedule(ctx context.Context, s *Schedule) error
	DeleteReportSchedule(ctx context.Context, id int64) error
	// DueReportSchedules returns the active schedules due at now.
	DueReportSchedules(ctx context.Context, now time.Time) ([]Schedule, error)
	// ClaimReportRun moves the next run of schedule id from due to next
	// and reports whether this caller did it (another instance may have).
	ClaimReportRun(ctx context.Context, id int64, due, next time.Time) (bool, error)
	// FinishReportRun records a run: its time and error text ("" if sent).
	FinishReportRun(ctx context.Context, id int64, at time.Time, errText string) error
}
