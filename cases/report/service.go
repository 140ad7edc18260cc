package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// Mail is a message the reports send: plain text, optional HTML and
// attachments. The outbox gives it a stable Message-ID and retries.
type Mail struct {
	To          []string
	Lang        string // "cs" or "en"
	Subject     string
	Text        string
	HTML        string
	Attachments []Attachment
}

// Attachment is a file attached to a Mail.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Mailer queues mail for delivery (the outbox).
type Mailer interface {
	QueueReportMail(ctx context.Context, m Mail) error
}

// Users resolves the official a tasks report is for.
type Users interface {
	UserByLogin(ctx context.Context, login string) (*cases.User, error)
	Departments(ctx context.Context) ([]cases.Department, error)
}

// Options configure a Service. Store, Users and Mailer are required.
type Options struct {
	Store  Store
	Users  Users
	Mailer Mailer
	// BaseURL is Linka's address for links in e-mails, e.g.
	// "https://linka.example.cz"; "" leaves links relative.
	BaseURL string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Calendar counts working days for the alerts.
	Calendar workdays.Calendar
	// Language of alerts: "cs" (the default) or "en".
	Language string
	// Queue are the defaults of the queue statistics (groups, service
	// level target, short abandons).
	Queue QueueOptions
	// Logger receives runs and failures; nil discards them.
	Logger *slog.Logger
}

// Service builds, previews and sends reports, runs the schedule and the
// alert rules.
type Service struct {
	store Store
	users Users
	mail  Mailer
	base  string
	now   func() time.Time
	cal   workdays.Calendar
	lang  string
	queue QueueOptions
	log   *slog.Logger
}

// NewService returns a Service for opts.
func NewService(opts Options) (*Service, error) {
	if opts.Store == nil || opts.Users == nil || opts.Mailer == nil {
		return nil, errors.New("report: Options.Store, Users and Mailer are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Language != "en" {
		opts.Language = "cs"
	}
	return &Service{store: opts.Store, users: opts.Users, mail: opts.Mailer,
		base: strings.TrimRight(opts.BaseURL, "/"), now: func() time.Time { return opts.Now().UTC() },
		cal: opts.Calendar, lang: opts.Language, queue: opts.Queue, log: opts.Logger}, nil
}

// Store returns the service's store (schedules, rules).
func (s *Service) Store() Store { return s.store }

// Now returns the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// QueueDefaults returns the configured queue statistics options.
func (s *Service) QueueDefaults() QueueOptions { return s.queue.normal() }

// link returns the absolute URL of a path in Linka.
func (s *Service) link(path string) string { return s.base + path }

// Agents builds the per-clerk statistics of [from, to).
func (s *Service) Agents(ctx context.Context, from, to time.Time) ([]AgentRow, error) {
	ch, err := s.store.AgentChanges(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("report: agent states: %w", err)
	}
	calls, err := s.store.QueueCalls(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("report: calls: %w", err)
	}
	return AgentStats(ch, calls, from, to), nil
}

func (s *Service) merge(o QueueOptions) QueueOptions {
	d := s.queue
	if o.Interval > 0 {
		d.Interval = o.Interval
	}
	if o.SLSeconds > 0 {
		d.SLSeconds = o.SLSeconds
	}
	if o.ShortAbandon > 0 {
		d.ShortAbandon = o.ShortAbandon
	}
	if len(o.Groups) > 0 {
		d.Groups = o.Groups
	}
	return d.normal()
}

// Tasks returns the open cases of the params' official or department.
func (s *Service) Tasks(ctx context.Context, p Params, overdueOnly bool) ([]Task, error) {
	var f TaskFilter
	if p.User != "" {
		u, err := s.users.UserByLogin(ctx, p.User)
		if err != nil {
			return nil, err
		}
		f.UserID = u.ID
	}
	if p.Department != "" {
		deps, err := s.users.Departments(ctx)
		if err != nil {
			return nil, err
		}
		for _, d := range deps {
			if strings.EqualFold(d.Code, p.Department) {
				f.DepartmentID = d.ID
			}
		}
		if f.DepartmentID == 0 {
			return nil, cases.Invalid("department", "no department has the code %q", p.Department)
		}
	}
	if overdueOnly {
		f.OverdueBefore = workdays.DateOf(s.now()).Start()
	}
	return s.store.OpenTasks(ctx, f)
}

// Period returns the period a scheduled report of kind k covers when run
// at now: the previous Prague day (queue), week (overdue is as of now),
// month (monthly) or year (foi).
func Period(k Kind, now time.Time) (from, to time.Time) {
	today := workdays.DateOf(now)
	switch k {
	case KindQueue:
		return today.AddDays(-1).Start().UTC(), today.Start().UTC()
	case KindMonthly:
		first := workdays.NewDate(today.Year, today.Month, 1)
		prev := workdays.NewDate(today.Year, today.Month-1, 1)
		return prev.Start().UTC(), first.Start().UTC()
	case KindFOI:
		return workdays.NewDate(today.Year-1, 1, 1).Start().UTC(), workdays.NewDate(today.Year, 1, 1).Start().UTC()
	}
	return today.Start().UTC(), today.End().UTC()
}

// Send builds the schedule's report as of now and queues it for its
// recipients.
func (s *Service) Send(ctx context.Context, sc Schedule) error {
	r, err := s.Build(ctx, sc)
	if err != nil {
		return err
	}
	m := r.Mail
	m.To, m.Lang = sc.Recipients, sc.Language
	if err := s.mail.QueueReportMail(ctx, m); err != nil {
		return fmt.Errorf("report: queue mail: %w", err)
	}
	s.log.Info("report sent", "report", sc.Name, "kind", sc.Kind, "recipients", len(sc.Recipients))
	return nil
}

// SendNamed sends the schedule named name now, whatever its schedule.
func (s *Service) SendNamed(ctx context.Context, name string) error {
	sc, err := s.store.ReportSchedule(ctx, name)
	if err != nil {
		return err
	}
	err = s.Send(ctx, sc)
	errText := ""
	if err != nil {
		errText = err.Error()
	}
	if ferr := s.store.FinishReportRun(ctx, sc.ID, s.now(), errText); ferr != nil && err == nil {
		err = ferr
	}
	return err
}

// RunDue sends every schedule due now once (claiming each run, so that
// several instances send it once) and returns how many it sent.
func (s *Service) RunDue(ctx context.Context) (int, error) {
	now := s.now()
	due, err := s.store.DueReportSchedules(ctx, now)
	if err != nil {
		return 0, fmt.Errorf("report: due schedules: %w", err)
	}
	sent := 0
	for _, sc := range due {
		c, err := ParseCron(sc.Cron)
		if err != nil {
			s.log.Error("report schedule invalid", "report", sc.Name, "error", err)
			continue
		}
		ok, err := s.store.ClaimReportRun(ctx, sc.ID, sc.NextRunAt, c.Next(now))
		if err != nil || !ok {
			continue
		}
		err = s.Send(ctx, sc)
		errText := ""
		if err != nil {
			errText = err.Error()
			s.log.Error("report not sent", "report", sc.Name, "error", err)
		} else {
			sent++
		}
		if err := s.store.FinishReportRun(ctx, sc.ID, now, errText); err != nil {
			s.log.Error("report run not recorded", "report", sc.Name, "error", err)
		}
	}
	return sent, nil
}

// Run sends due reports and checks the alert rules every interval until
// ctx ends (interval 0 means a minute).
func (s *Service) Run(ctx context.Context, interval time.Duration) error {
	if interval <= 0 {
		interval = time.Minute
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.RunDue(ctx); err != nil {
			s.log.Error("scheduled reports failed", "error", err)
		}
		if _, err := s.CheckAlerts(ctx); err != nil {
			s.log.Error("alerts failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// SaveSchedule validates sc, sets its next run and stores it.
func (s *Service) SaveSchedule(ctx context.Context, sc *Schedule) error {
	if err := sc.Validate(); err != nil {
		return err
	}
	now := s.now()
	c, _ := ParseCron(sc.Cron)
	sc.NextRunAt = time.Time{}
	if sc.Active {
		sc.NextRunAt = c.Next(now)
	}
	if sc.ID == 0 {
		sc.CreatedAt = now
	}
	sc.UpdatedAt = now
	return s.store.SaveReportSchedule(ctx, sc)
}

// SaveRule validates r and stores it.
func (s *Service) SaveRule(ctx context.Context, r *AlertRule) error {
	if err := r.Validate(); err != nil {
		return err
	}
	now := s.now()
	if r.ID == 0 {
		r.CreatedAt = now
	}
	r.UpdatedAt = now
	return s.store.SaveAlertRule(ctx, r)
}
