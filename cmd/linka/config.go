package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"linka/cases"
	"linka/internal/workdays"
	"linka/web"
)

// storeConfig says where data lives; every command that opens the
// database shares it.
type storeConfig struct {
	DataDir  string
	Database string
	BlobDir  string
}

func (c *storeConfig) register(s *settings) {
	s.String(&c.DataDir, "data-dir", "linka-data", "directory for the embedded database and files")
	s.Secret(&c.Database, "database", "", "database: postgres://user:pass@host/db, or a SQLite file; default DATA-DIR/linka.db")
	s.String(&c.BlobDir, "blob-dir", "", "directory of attachments and recordings; default DATA-DIR/blobs")
}

func (c *storeConfig) validate() error {
	if c.DataDir == "" {
		return usagef("-data-dir (LINKA_DATA_DIR) must not be empty")
	}
	if c.Database == "" {
		c.Database = "sqlite:" + filepath.Join(c.DataDir, "linka.db")
	}
	if c.BlobDir == "" {
		c.BlobDir = filepath.Join(c.DataDir, "blobs")
	}
	if strings.HasPrefix(c.Database, "mysql:") || strings.HasPrefix(c.Database, "http") {
		return usagef("-database (LINKA_DATABASE): unsupported database %q: use postgres:// or a SQLite file", c.Database)
	}
	return nil
}

// serveConfig is the configuration of `linka serve` and `linka demo`.
type serveConfig struct {
	Store         storeConfig
	Addr          string
	LogLevel      string
	LogFormat     string
	SecureCookies string
	YearlyNumbers bool
	FirstNumber   int64
	OutsidePrefix string
	MaxAttachMB   int
	SessionIdle   durationValue
	ConfigFile    string
	PBX           pbxConfig
	SMDR          smdrConfig
	Mail          mailConfig     // outbox: the notification outbox's SMTP settings (outbox.go)
	Panel         panelConfig    // panel: the clerk panel (panel.go)
	Portal        portalConfig   // portal: the citizen portal (portal.go)
	Intake        intakeConfig   // intake
	Recorder      recorderConfig // recording area
	IVR           ivrConfig
	Report        reportConfig // area report

	file fileConfig
}

// fileConfig is the optional configuration file (JSON) holding lists.
type fileConfig struct {
	// ClosedDays are office closed days besides public holidays, e.g.
	// {"2026-12-31": "Úřad uzavřen"}.
	ClosedDays map[string]string `json:"closed_days"`
	// PBX lists the devices the PBX link monitors besides the users'
	// extensions: {"extensions": ["101-120"], "groups": ["600"]}.
	PBX struct {
		Extensions []string `json:"extensions"`
		Groups     []string `json:"groups"`
	} `json:"pbx"`
	// Mailboxes and ScanFolders are the e-mail and scanned-letter intake
	// sources (see intake.go and docs/intake.md).
	Mailboxes   []intakeMailbox `json:"mailboxes"`
	ScanFolders []intakeFolder  `json:"scan_folders"`
}

func (c *serveConfig) register(s *settings) {
	c.Store.register(s)
	c.SessionIdle.d = 2 * time.Hour
	s.String(&c.Addr, "addr", "127.0.0.1:8080", "HTTP listen address")
	s.String(&c.LogLevel, "log-level", "info", "log level: debug, info, warn, error")
	s.String(&c.LogFormat, "log-format", "text", "log format: text or json")
	s.String(&c.SecureCookies, "secure-cookies", "auto", "Secure cookie flag: auto (off only on plain-HTTP localhost), always, never")
	s.Bool(&c.YearlyNumbers, "yearly-numbers", false, "restart evidence numbers every year with a YYYY- prefix")
	s.Int64(&c.FirstNumber, "first-number", 1, "first evidence number of a new counter (to continue an older register)")
	s.String(&c.OutsidePrefix, "outside-prefix", "", "PBX outside-line access code stripped from caller numbers, e.g. 0")
	s.Int(&c.MaxAttachMB, "max-attachment-mb", 25, "largest attachment in MiB")
	s.Duration(&c.SessionIdle, "session-idle", "sign staff out after this long without activity")
	s.String(&c.ConfigFile, "config", "", "optional JSON configuration file with lists (closed_days, pbx, mailboxes, scan_folders)")
	c.Report.register(s) // area report
	c.PBX.register(s)
	c.SMDR.register(s)
	c.Mail.register(s)     // outbox
	c.Panel.register(s)    // panel
	c.Portal.register(s)   // portal
	c.Recorder.register(s) // recording area
	c.IVR.register(s)
	c.Intake.register(s)
}

// Validate checks the settings and loads the configuration file.
func (c *serveConfig) Validate() error {
	if err := c.Store.validate(); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return usagef("-addr (LINKA_ADDR): %q is not host:port", c.Addr)
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return err
	}
	switch {
	case c.LogFormat != "text" && c.LogFormat != "json":
		return usagef("-log-format (LINKA_LOG_FORMAT): %q is not text or json", c.LogFormat)
	case c.SecureCookies != "auto" && c.SecureCookies != "always" && c.SecureCookies != "never":
		return usagef("-secure-cookies (LINKA_SECURE_COOKIES): %q is not auto, always or never", c.SecureCookies)
	case c.FirstNumber < 1:
		return usagef("-first-number (LINKA_FIRST_NUMBER) must be at least 1")
	case c.MaxAttachMB < 1 || c.MaxAttachMB > 1024:
		return usagef("-max-attachment-mb (LINKA_MAX_ATTACHMENT_MB) must be 1–1024")
	case c.SessionIdle.d < time.Minute:
		return usagef("-session-idle (LINKA_SESSION_IDLE) must be at least 1m")
	case strings.Trim(c.OutsidePrefix, "0123456789") != "":
		return usagef("-outside-prefix (LINKA_OUTSIDE_PREFIX): %q is not digits", c.OutsidePrefix)
	}
	if err := c.Report.validate(); err != nil { // area report
		return err
	}
	if err := c.loadFile(); err != nil {
		return err
	}
	if err := c.PBX.validate(c.file); err != nil {
		return err
	}
	if err := c.Mail.validate(); err != nil { // outbox
		return err
	}
	if err := c.Panel.validate(); err != nil { // panel
		return err
	}
	if err := c.Recorder.validate(c.Store.DataDir); err != nil { // recording area
		return err
	}
	if err := c.IVR.validate(); err != nil { // voice gateway
		return err
	}
	if err := c.Portal.validate(); err != nil { // portal
		return err
	}
	if err := c.Intake.validate(c.file); err != nil { // intake
		return err
	}
	return c.SMDR.validate()
}

func (c *serveConfig) loadFile() error {
	if c.ConfigFile == "" {
		return nil
	}
	b, err := os.ReadFile(c.ConfigFile)
	if err != nil {
		return usagef("-config (LINKA_CONFIG): %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c.file); err != nil {
		return usagef("-config (LINKA_CONFIG) %s: %v", c.ConfigFile, err)
	}
	for d := range c.file.ClosedDays {
		if _, err := workdays.ParseDate(d); err != nil {
			return usagef("-config (LINKA_CONFIG) %s: closed_days: %v", c.ConfigFile, err)
		}
	}
	return nil
}

// serviceOptions turns the settings into the case service's options.
func (c *serveConfig) serviceOptions() cases.Options {
	cal := workdays.Calendar{Closed: map[workdays.Date]string{}}
	for d, name := range c.file.ClosedDays {
		date, _ := workdays.ParseDate(d) // checked in Validate
		cal.Closed[date] = name
	}
	return cases.Options{
		Phone:         cases.PhonePlan{OutsidePrefix: c.OutsidePrefix},
		Calendar:      cal,
		YearlyNumbers: c.YearlyNumbers,
		FirstNumber:   c.FirstNumber,
		MaxAttachment: int64(c.MaxAttachMB) << 20,
		SessionIdle:   c.SessionIdle.d,
	}
}

// cookiePolicy maps -secure-cookies to the web package's policy.
func (c *serveConfig) cookiePolicy() web.CookiePolicy {
	switch c.SecureCookies {
	case "always":
		return web.SecureAlways
	case "never":
		return web.SecureNever
	}
	return web.SecureAuto
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, usagef("-log-level (LINKA_LOG_LEVEL): %q is not debug, info, warn or error", s)
	}
	return l, nil
}

func newLogger(c *serveConfig) *slog.Logger {
	level, _ := parseLevel(c.LogLevel)
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

func describeDatabase(dsn string) string {
	if i := strings.Index(dsn, "@"); i > 0 && strings.Contains(dsn[:i], "://") {
		return dsn[:strings.Index(dsn, "://")+3] + "…" + dsn[i:]
	}
	return fmt.Sprint(dsn)
}
