package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"linka/cases"
	"linka/cases/report"
	"linka/cti"
)

// reportConfig are the settings of the reports, alerts and statistics
// (area report).
type reportConfig struct {
	BaseURL      string
	SLSeconds    int
	ShortAbandon durationValue
	Tick         durationValue
}

func (c *reportConfig) register(s *settings) {
	c.ShortAbandon.d, c.Tick.d = 5*time.Second, time.Minute
	s.String(&c.BaseURL, "report-base-url", "", "Linka's address in report and alert e-mails, e.g. https://linka.urad.cz; empty: relative links")
	s.Int(&c.SLSeconds, "report-sl-seconds", 20, "service level target: answered within this many seconds")
	s.Duration(&c.ShortAbandon, "report-short-abandon", "calls abandoned sooner are counted apart as short abandons")
	s.Duration(&c.Tick, "report-tick", "how often scheduled reports and alert rules are checked")
}

func (c *reportConfig) validate() error {
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("-report-base-url (LINKA_REPORT_BASE_URL): %q is not an http(s) address", c.BaseURL)
		}
	}
	switch {
	case c.SLSeconds < 1 || c.SLSeconds > 3600:
		return usagef("-report-sl-seconds (LINKA_REPORT_SL_SECONDS) must be 1–3600")
	case c.ShortAbandon.d < 0 || c.ShortAbandon.d > time.Minute:
		return usagef("-report-short-abandon (LINKA_REPORT_SHORT_ABANDON) must be 0–1m")
	case c.Tick.d < time.Second:
		return usagef("-report-tick (LINKA_REPORT_TICK) must be at least 1s")
	}
	return nil
}

// newReports returns the report service of the server's configuration.
func newReports(c *serveConfig, b *backend, svc *cases.Service, log *slog.Logger) (*report.Service, error) {
	mailer, _ := reportMailer(svc)
	return report.NewService(report.Options{Store: b.db, Users: svc, Mailer: mailer, BaseURL: c.Report.BaseURL,
		Now: svc.Now, Calendar: c.serviceOptions().Calendar, Logger: log.With("module", "report"),
		Queue: report.QueueOptions{SLSeconds: c.Report.SLSeconds, ShortAbandon: c.Report.ShortAbandon.d,
			Groups: c.PBX.groups}})
}

// runReports runs the scheduled reports and alert rules and, with a PBX
// link, the wallboard publisher and the recorder of the voice gateway's
// events, until ctx ends.
func runReports(ctx context.Context, wg *sync.WaitGroup, rep *report.Service, tick time.Duration, bus *cti.Bus,
	live report.Live, st report.Store, log *slog.Logger) {
	if _, ok := reportMailer(nil); ok {
		wg.Add(1)
		go func() { defer wg.Done(); rep.Run(ctx, tick) }()
	} else {
		log.Warn("scheduled reports and alerts are not sent: no outbox in this build")
	}
	if bus == nil {
		return
	}
	wg.Add(2)
	go func() {
		defer wg.Done()
		(&report.Publisher{Service: rep, Bus: bus, Live: live}).Run(ctx)
	}()
	go func() { defer wg.Done(); report.RecordGateway(ctx, bus, st, log.With("module", "report")) }()
}

// runReport serves "linka report send|preview NAME": one scheduled report
// sent now or shown, without the scheduler.
func runReport(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || (args[0] != "send" && args[0] != "preview" && args[0] != "list") {
		fmt.Fprint(e.stderr, `Usage: linka report send|preview NAME [settings]
       linka report list [settings]

send     queues the scheduled report NAME for its recipients now (through the outbox)
preview  prints the report NAME as it would be sent now: subject, text, attachment
list     lists the scheduled reports
`)
		return usagef("the actions are send, preview and list")
	}
	action := args[0]
	var c serveConfig
	s := newSettings("report "+action, "Sends, previews or lists scheduled reports.")
	s.fs.SetOutput(e.stderr)
	c.Store.register(s)
	c.Report.register(s)
	rest := args[1:]
	name := ""
	if action != "list" {
		if len(rest) == 0 || strings.HasPrefix(rest[0], "-") {
			return usagef("the report NAME is required: linka report %s NAME", action)
		}
		name, rest = rest[0], rest[1:]
	}
	if err := s.Parse(rest, e.getenv); err != nil {
		return err
	}
	if err := c.Store.validate(); err != nil {
		return err
	}
	if err := c.Report.validate(); err != nil {
		return err
	}
	b, err := openBackend(ctx, &c.Store)
	if err != nil {
		return err
	}
	defer b.Close()
	svc := b.service(c.serviceOptions())
	rep, err := newReports(&c, b, svc, slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return err
	}
	switch action {
	case "list":
		return listReports(ctx, rep, e)
	case "preview":
		return previewReport(ctx, rep, name, e)
	}
	if err := rep.SendNamed(ctx, name); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "report %s queued for sending\n", name)
	return nil
}

func listReports(ctx context.Context, rep *report.Service, e env) error {
	scs, err := rep.Store().ReportSchedules(ctx)
	if err != nil {
		return err
	}
	for _, sc := range scs {
		next := "-"
		if !sc.NextRunAt.IsZero() {
			next = sc.NextRunAt.Local().Format(time.RFC3339)
		}
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\tnext %s\n", sc.Name, sc.Kind, sc.Cron, strings.Join(sc.Recipients, ","), next)
	}
	return nil
}

func previewReport(ctx context.Context, rep *report.Service, name string, e env) error {
	sc, err := rep.Store().ReportSchedule(ctx, name)
	if err != nil {
		return err
	}
	bt, err := rep.Build(ctx, sc)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "To: %s\nSubject: %s\n\n%s", strings.Join(sc.Recipients, ", "), bt.Mail.Subject, bt.Mail.Text)
	for _, a := range bt.Mail.Attachments {
		fmt.Fprintf(e.stdout, "\nAttachment: %s (%s, %d bytes)\n", a.Name, a.ContentType, len(a.Data))
	}
	return nil
}
