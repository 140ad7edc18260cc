package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/cases/gomail"
	"linka/internal/store"
	"linka/web"
)

// mailConfig is the notification outbox's part of the configuration: the
// SMTP server (or a folder of .eml files), the sender, the Message-ID
// domain and the public address links in e-mails point to.
type mailConfig struct {
	Host      string
	Port      int
	TLS       string
	User      string
	Password  string
	HELO      string
	Timeout   durationValue
	From      string
	Domain    string
	PublicURL string
	Dir       string
	Retention durationValue
}

func (c *mailConfig) register(s *settings) {
	c.Timeout.d = time.Minute
	c.Retention.d = 90 * 24 * time.Hour
	s.String(&c.Host, "smtp-host", "", "SMTP server for notifications; empty (and no -smtp-dir): mail stays queued in the outbox")
	s.Int(&c.Port, "smtp-port", 0, "SMTP port; 0: 587 for starttls, 465 for tls, 25 for none and optional")
	s.String(&c.TLS, "smtp-tls", gomail.TLSStartTLS, "SMTP encryption: starttls (required), tls (implicit, port 465), optional, none")
	s.String(&c.User, "smtp-user", "", "SMTP user name; empty: no authentication")
	s.Secret(&c.Password, "smtp-password", "", "SMTP password")
	s.String(&c.HELO, "smtp-helo", "", "name announced in EHLO; default the host name")
	s.Duration(&c.Timeout, "smtp-timeout", "timeout of the SMTP connection and each command")
	s.String(&c.From, "smtp-from", "", `sender of notifications, e.g. "Městský úřad <podnety@urad.cz>"`)
	s.String(&c.Domain, "smtp-domain", "", "domain of the notifications' Message-IDs (<linka.N.CASE@DOMAIN>); default the sender's domain")
	s.String(&c.PublicURL, "smtp-public-url", "", "citizen portal's public address for links in e-mails, e.g. https://podnety.urad.cz")
	s.String(&c.Dir, "smtp-dir", "", "write notifications as .eml files into this folder instead of sending them (listed in the admin UI)")
	s.Duration(&c.Retention, "outbox-retention", "how long sent and failed notifications stay in the outbox (they hold personal data); 0: for ever")
}

// enabled reports whether mail is sent at all.
func (c *mailConfig) enabled() bool { return c.Host != "" || c.Dir != "" }

func (c *mailConfig) validate() error {
	if c.Retention.d < 0 {
		return usagef("-outbox-retention (LINKA_OUTBOX_RETENTION) must not be negative")
	}
	if !c.enabled() {
		return nil
	}
	if c.Host != "" && c.Dir != "" {
		return usagef("-smtp-host (LINKA_SMTP_HOST) and -smtp-dir (LINKA_SMTP_DIR) exclude each other")
	}
	if c.Host != "" {
		o := gomail.Options{Host: c.Host, Port: c.Port, TLS: c.TLS}
		if err := o.Validate(); err != nil {
			return usagef("-smtp-host/-smtp-port/-smtp-tls (LINKA_SMTP_*): %v", err)
		}
	}
	if c.From == "" {
		return usagef("-smtp-from (LINKA_SMTP_FROM) is required to send notifications")
	}
	from, err := mail.ParseAddress(c.From)
	if err != nil {
		return usagef("-smtp-from (LINKA_SMTP_FROM): %q is not an e-mail address: %v", c.From, err)
	}
	if c.Domain == "" {
		c.Domain = from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	}
	if strings.ContainsAny(c.Domain, "<>@ \t") || !strings.Contains(c.Domain, ".") {
		return usagef("-smtp-domain (LINKA_SMTP_DOMAIN): %q is not a domain", c.Domain)
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return usagef("-smtp-public-url (LINKA_SMTP_PUBLIC_URL): %q is not an http(s) address", c.PublicURL)
		}
		c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	}
	if c.Timeout.d < time.Second {
		return usagef("-smtp-timeout (LINKA_SMTP_TIMEOUT) must be at least 1s")
	}
	return nil
}

// demoDefaults makes the demo write its mail into DATA-DIR/mail, where the
// admin UI lists it, unless an SMTP server or folder is configured.
func (c *mailConfig) demoDefaults(dataDir, addr string) {
	if c.enabled() {
		return
	}
	c.Dir = filepath.Join(dataDir, "mail")
	if c.From == "" {
		c.From = "Městský úřad – demo Linky <podnety@urad.example.cz>"
	}
	if c.PublicURL == "" && !strings.HasSuffix(addr, ":0") {
		c.PublicURL = "http://" + addr
	}
}

// statusURL returns the link to the citizen's status page of a case.
func (c *mailConfig) statusURL(number string) string {
	if c.PublicURL == "" {
		return ""
	}
	return c.PublicURL + "/portal/status?case=" + url.QueryEscape(number)
}

// startOutbox runs the outbox worker when mail is configured and returns
// the mail folder of the file transport (nil for SMTP or no mail).
func startOutbox(ctx context.Context, wg *sync.WaitGroup, c *mailConfig, svc *cases.Service, db *store.DB,
	reg prometheus.Registerer, log *slog.Logger) (*gomail.Folder, error) {
	registerOutboxMetrics(reg, svc, log)
	if !c.enabled() {
		log.Info("no mail transport configured (-smtp-host or -smtp-dir): notifications stay queued in the outbox")
		return nil, nil
	}
	var sender cases.Sender
	var folder *gomail.Folder
	var err error
	if c.Dir != "" {
		if folder, err = gomail.NewFolder(c.Dir); err != nil {
			return nil, err
		}
		sender = folder
		log.Info("notifications are written as .eml files", "dir", c.Dir)
	} else {
		smtp, err := gomail.NewSMTP(gomail.Options{Host: c.Host, Port: c.Port, TLS: c.TLS, Username: c.User,
			Password: c.Password, HELO: c.HELO, Timeout: c.Timeout.d})
		if err != nil {
			return nil, err
		}
		sender = smtp
		log.Info("notifications are sent by SMTP", "server", smtp.Addr(), "tls", c.TLS, "from", c.From)
	}
	ob, err := cases.NewOutbox(svc, cases.OutboxOptions{Sender: sender, From: c.From, Domain: c.Domain,
		StatusURL: c.statusURL, PortalURL: c.PublicURL, Lease: 3*c.Timeout.d + time.Minute,
		Logger: log.With("module", "outbox")})
	if err != nil {
		return nil, fmt.Errorf("set up the outbox: %w", err)
	}
	wg.Add(2)
	go func() {
		defer wg.Done()
		_ = ob.Run(ctx)
	}()
	// Mail other instances queue wakes this one's worker too (PostgreSQL
	// LISTEN/NOTIFY; on SQLite there are no other instances).
	go func() {
		defer wg.Done()
		db.WatchOutbox(ctx, svc.WakeOutbox, log.With("module", "outbox"))
	}()
	return folder, nil
}

// registerOutboxMetrics exports the number of notifications in each state
// (linka_outbox_notifications{state=…}); failed ones need staff.
func registerOutboxMetrics(reg prometheus.Registerer, svc *cases.Service, log *slog.Logger) {
	for _, st := range []cases.NotificationState{cases.NotificationPending, cases.NotificationSent, cases.NotificationFailed} {
		g := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "linka_outbox_notifications",
			Help:        "Notifications in the outbox by state.",
			ConstLabels: prometheus.Labels{"state": string(st)}}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			n, err := svc.NotificationCounts(ctx, cases.Console())
			if err != nil {
				log.Warn("outbox metrics: count notifications", "err", err)
				return 0
			}
			return float64(n[st])
		})
		if err := reg.Register(g); err != nil {
			log.Warn("outbox metrics: register", "err", err)
		}
	}
}

// mailFolder gives the web layer the folder, or nil (not a nil pointer in
// an interface) when there is none.
func mailFolder(f *gomail.Folder) web.MailFolder {
	if f == nil {
		return nil
	}
	return f
}

// accessCodeMailer queues the access codes citizens ask for on the portal
// in the outbox (the portal's cases.AccessCodeMailer).
type accessCodeMailer struct{ svc *cases.Service }

func (m accessCodeMailer) SendAccessCode(ctx context.Context, am cases.AccessCodeMail) error {
	return m.svc.QueueAccessCode(ctx, am)
}
