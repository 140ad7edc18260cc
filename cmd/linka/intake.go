package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/cases/folderintake"
	"linka/cases/imapintake"
)

// intakeConfig is the e-mail and scanned-letter intake's part of the
// configuration: one mailbox and one watched folder as flags, any number
// of both in the configuration file ("mailboxes", "scan_folders").
type intakeConfig struct {
	Folder     string
	ArchiveDir string
	ErrorDir   string
	Settle     durationValue

	IMAP intakeMailbox
	// imapInform is -imap-keep-informed (the file's keep_informed).
	imapInform bool

	mailboxes []imapintake.Options
	folders   []folderintake.Options
}

// intakeMailbox is one mailbox as the configuration file lists it (and as
// the -imap-* flags give it). The password comes from password_file (a
// secret file) or password.
type intakeMailbox struct {
	Name         string `json:"name"`
	Addr         string `json:"addr"`
	Security     string `json:"security"`
	Username     string `json:"username"`
	Password     string `json:"password"`
	PasswordFile string `json:"password_file"`
	Folder       string `json:"folder"`
	MoveTo       string `json:"move_to"`
	SkippedTo    string `json:"skipped_to"`
	ErrorTo      string `json:"error_to"`
	Poll         string `json:"poll"`
	NoIdle       bool   `json:"no_idle"`
	// KeepInformed sends senders the e-mails about their cases (receipt
	// with the case number, state changes); nil means yes.
	KeepInformed *bool `json:"keep_informed"`
}

// intakeFolder is one watched folder as the configuration file lists it.
type intakeFolder struct {
	Name       string `json:"name"`
	Dir        string `json:"dir"`
	ArchiveDir string `json:"archive_dir"`
	ErrorDir   string `json:"error_dir"`
	Settle     string `json:"settle"`
}

func (c *intakeConfig) register(s *settings) {
	c.Settle.d = 2 * time.Second
	s.String(&c.Folder, "intake-folder", "", "watched folder of scanned letters (PDF, TIFF, JPEG, PNG); empty: none")
	s.String(&c.ArchiveDir, "intake-archive", "", "where taken scans go; default INTAKE-FOLDER/archiv")
	s.String(&c.ErrorDir, "intake-error", "", "where refused scans go with a reason file; default INTAKE-FOLDER/chyby")
	s.Duration(&c.Settle, "intake-settle", "a scan is taken when unchanged this long (default 2s)")
	s.String(&c.IMAP.Addr, "imap-addr", "", "IMAP server host:port of the intake mailbox (e.g. imap.example.cz:993); empty: none")
	s.String(&c.IMAP.Security, "imap-security", "tls", "IMAP connection: tls, starttls, or plain (loopback only)")
	s.String(&c.IMAP.Username, "imap-user", "", "IMAP user name")
	s.Secret(&c.IMAP.Password, "imap-password", "", "IMAP password")
	s.String(&c.IMAP.Folder, "imap-folder", "INBOX", "IMAP folder to take messages from")
	s.String(&c.IMAP.MoveTo, "imap-move-to", "Linka", "folder for registered messages; empty: flag them $LinkaDone")
	s.String(&c.IMAP.SkippedTo, "imap-skipped-to", "", "folder for auto-replies and bounces; default the -imap-move-to folder")
	s.String(&c.IMAP.ErrorTo, "imap-error-to", "", "folder for messages that cannot be registered; empty: flag them $LinkaFailed")
	s.String(&c.IMAP.Poll, "imap-poll", "1m", "rescan interval (besides IDLE)")
	s.Bool(&c.imapInform, "imap-keep-informed", true, "send senders the e-mails about their cases: the receipt with the case number, then state changes")
}

// validate checks the flags and the file's lists and builds the options of
// every mailbox and folder.
func (c *intakeConfig) validate(f fileConfig) error {
	mbs := f.Mailboxes
	if c.IMAP.Addr != "" {
		mb := c.IMAP
		if mb.Name == "" {
			mb.Name = "imap"
		}
		mb.KeepInformed = &c.imapInform
		mbs = append([]intakeMailbox{mb}, mbs...)
	}
	names := map[string]bool{}
	for i, mb := range mbs {
		o, err := mb.options()
		if err != nil {
			return usagef("mailbox %d (%s): %v", i+1, mb.Addr, err)
		}
		if names[o.Name] {
			return usagef("mailbox %q: the name is used twice", o.Name)
		}
		names[o.Name] = true
		c.mailboxes = append(c.mailboxes, o)
	}
	fs := f.ScanFolders
	if c.Folder != "" {
		fs = append([]intakeFolder{{Name: "sken", Dir: c.Folder, ArchiveDir: c.ArchiveDir, ErrorDir: c.ErrorDir,
			Settle: c.Settle.String()}}, fs...)
	}
	for i, fl := range fs {
		if fl.Dir == "" {
			return usagef("scan folder %d: dir is required", i+1)
		}
		settle, err := optDuration(fl.Settle)
		if err != nil {
			return usagef("scan folder %s: settle: %v", fl.Dir, err)
		}
		c.folders = append(c.folders, folderintake.Options{Name: fl.Name, Dir: fl.Dir, ArchiveDir: fl.ArchiveDir,
			ErrorDir: fl.ErrorDir, Settle: settle})
	}
	return nil
}

// options checks a mailbox entry and reads its password file.
func (mb intakeMailbox) options() (imapintake.Options, error) {
	o := imapintake.Options{Name: mb.Name, Addr: mb.Addr, Security: imapintake.Security(mb.Security),
		Username: mb.Username, Password: mb.Password, Folder: mb.Folder, MoveTo: mb.MoveTo,
		SkippedTo: mb.SkippedTo, ErrorTo: mb.ErrorTo, NoIdle: mb.NoIdle,
		KeepSendersInformed: mb.KeepInformed == nil || *mb.KeepInformed}
	host, _, err := net.SplitHostPort(mb.Addr)
	if err != nil {
		return o, fmt.Errorf("addr %q is not host:port", mb.Addr)
	}
	switch o.Security {
	case "":
		o.Security = imapintake.SecurityTLS
	case imapintake.SecurityTLS, imapintake.SecurityStartTLS:
	case imapintake.SecurityPlain:
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return o, fmt.Errorf("security plain sends the password unencrypted: allowed only on loopback")
		}
	default:
		return o, fmt.Errorf("security %q is not tls, starttls or plain", mb.Security)
	}
	if mb.Username == "" {
		return o, fmt.Errorf("username is required")
	}
	if mb.PasswordFile != "" {
		b, err := os.ReadFile(mb.PasswordFile)
		if err != nil {
			return o, fmt.Errorf("password_file: %v", err)
		}
		o.Password = strings.TrimRight(string(b), "\r\n")
	}
	if o.Poll, err = optDuration(mb.Poll); err != nil {
		return o, fmt.Errorf("poll: %v", err)
	}
	if o.Name == "" {
		o.Name = mb.Username + "@" + host
	}
	if _, err := imapintake.New(nil, o); err != nil {
		return o, err
	}
	return o, nil
}

// optDuration parses a duration; "" is zero (the default).
func optDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration (e.g. 30s, 5m)", s)
	}
	return d, nil
}

// startIntake starts every configured mailbox and watched folder and
// returns their status for the web layer (nil when none is configured).
func startIntake(ctx context.Context, wg *sync.WaitGroup, c *intakeConfig, svc *cases.Service,
	reg prometheus.Registerer, log *slog.Logger) (func() []cases.IntakeStatus, error) {
	var sources []func() cases.IntakeStatus
	for _, o := range c.mailboxes {
		o.Logger, o.MaxAttachment = log.With("module", "intake"), svc.MaxAttachment()
		m, err := imapintake.New(svc, o)
		if err != nil {
			return nil, err
		}
		sources = append(sources, m.Status)
		wg.Add(1)
		go func() { defer wg.Done(); _ = m.Run(ctx) }()
		log.Info("e-mail intake started", "mailbox", o.Name, "addr", o.Addr, "folder", m.Status().Target)
	}
	for _, o := range c.folders {
		o.Logger, o.MaxFile = log.With("module", "intake"), svc.MaxAttachment()
		f, err := folderintake.New(svc, o)
		if err != nil {
			return nil, usagef("scan folder: %v", err)
		}
		sources = append(sources, f.Status)
		wg.Add(1)
		go func() { defer wg.Done(); _ = f.Run(ctx) }()
		log.Info("scanned-letter intake started", "folder", f.Status().Target)
	}
	if len(sources) == 0 {
		log.Info("no e-mail or scanned-letter intake configured (-imap-addr, -intake-folder, config mailboxes)")
		return nil, nil
	}
	status := func() []cases.IntakeStatus {
		out := make([]cases.IntakeStatus, len(sources))
		for i, s := range sources {
			out[i] = s()
		}
		return out
	}
	if err := reg.Register(intakeCollector{status}); err != nil {
		return nil, fmt.Errorf("register intake metrics: %w", err)
	}
	return status, nil
}

// intakeCollector exports the intake sources' counters at each scrape.
type intakeCollector struct{ status func() []cases.IntakeStatus }

var (
	intakeItemsDesc = prometheus.NewDesc("linka_intake_items_total",
		"Items the intake handled, by source and outcome (case, reply, duplicate, skipped, failed).",
		[]string{"source", "kind", "outcome"}, nil)
	intakeErrorsDesc = prometheus.NewDesc("linka_intake_errors_total",
		"Failed scans or connections of an intake source.", []string{"source", "kind"}, nil)
	intakeUpDesc = prometheus.NewDesc("linka_intake_up",
		"1 while a mailbox is logged in or a folder is watched.", []string{"source", "kind"}, nil)
	intakePollDesc = prometheus.NewDesc("linka_intake_last_poll_timestamp_seconds",
		"When an intake source last completed a scan (0 before the first).", []string{"source", "kind"}, nil)
)

func (intakeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{intakeItemsDesc, intakeErrorsDesc, intakeUpDesc, intakePollDesc} {
		ch <- d
	}
}

func (c intakeCollector) Collect(ch chan<- prometheus.Metric) {
	for _, st := range c.status() {
		for _, o := range []struct {
			name string
			n    int64
		}{{"case", st.Cases}, {"reply", st.Replies}, {"duplicate", st.Duplicates}, {"skipped", st.Skipped}, {"failed", st.Failed}} {
			ch <- prometheus.MustNewConstMetric(intakeItemsDesc, prometheus.CounterValue, float64(o.n), st.Name, st.Kind, o.name)
		}
		ch <- prometheus.MustNewConstMetric(intakeErrorsDesc, prometheus.CounterValue, float64(st.Errors), st.Name, st.Kind)
		up := 0.0
		if st.Connected {
			up = 1
		}
		ch <- prometheus.MustNewConstMetric(intakeUpDesc, prometheus.GaugeValue, up, st.Name, st.Kind)
		poll := 0.0
		if !st.LastPoll.IsZero() {
			poll = float64(st.LastPoll.UnixNano()) / 1e9
		}
		ch <- prometheus.MustNewConstMetric(intakePollDesc, prometheus.GaugeValue, poll, st.Name, st.Kind)
	}
}
