// Package imapintake takes e-mail from IMAP mailboxes into the case
// register: each new message becomes a case (or, for a reply to a known
// case, an activity on it), exactly once, and is then moved to a folder or
// flagged. See docs/intake.md.
package imapintake

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"linka/cases"
)

// Registrar registers intake items (implemented by *cases.Service).
type Registrar interface {
	Intake(ctx context.Context, item cases.IntakeItem) (*cases.IntakeResult, error)
}

// Keywords Linka sets on messages it leaves in the mailbox.
const (
	KeywordDone   imap.Flag = "$LinkaDone"   // registered (flag mode)
	KeywordFailed imap.Flag = "$LinkaFailed" // could not be registered
)

// Security is how the connection is protected.
type Security string

// The connection kinds. Plain sends the password unencrypted: for tests
// on loopback only.
const (
	SecurityTLS      Security = "tls"
	SecurityStartTLS Security = "starttls"
	SecurityPlain    Security = "plain"
)

// Options configure one mailbox. Zero values are documented per field.
type Options struct {
	Name     string   // label in logs, status and metrics; "" means user@addr
	Addr     string   // host:port of the IMAP server (required)
	Security Security // "" means tls
	Username string
	Password string
	Folder   string // the mailbox to take in; "" means INBOX
	// MoveTo receives registered messages (created when missing); ""
	// means they stay and get the $LinkaDone keyword and \Seen.
	MoveTo string
	// SkippedTo receives auto-replies and bounces; "" means MoveTo (or the
	// keyword when MoveTo is empty too).
	SkippedTo string
	// ErrorTo receives messages that cannot be registered; "" means they
	// stay with the $LinkaFailed keyword.
	ErrorTo string
	// Poll is the rescan interval: the only trigger when the server lacks
	// IDLE, a safety net besides IDLE otherwise; 0 means 1 minute.
	Poll time.Duration
	// MaxMessage is the largest message fetched whole; a larger one
	// becomes a case from its header with the body recorded as omitted.
	// 0 means 64 MiB.
	MaxMessage int64
	// MaxAttachment is the largest part kept; 0 means 25 MiB.
	MaxAttachment int64
	// NoIdle polls every Poll instead of using IMAP IDLE, for servers
	// whose IDLE is unreliable.
	NoIdle bool
	// KeepSendersInformed makes the cases of this mailbox keep their
	// senders informed by e-mail (cases.IntakeItem.KeepInformed).
	KeepSendersInformed bool
	// Workers is how many messages of a batch are registered at once; 0
	// means 4. Case numbers follow the delivery order only within one
	// worker; the date of receipt is always the delivery time.
	Workers int
	// TLSConfig overrides the TLS settings (e.g. a private CA); nil means
	// the system roots and the host name of Addr.
	TLSConfig *tls.Config
	Logger    *slog.Logger // nil means slog.Default()
	Now       func() time.Time
}

// Mailbox takes in one IMAP mailbox. Create it with New and call Run.
type Mailbox struct {
	opts    Options
	reg     Registrar
	log     *slog.Logger
	tracker *cases.IntakeTracker
	// failures counts failed attempts per message, so a message that keeps
	// failing is set aside instead of blocking the mailbox.
	mu       sync.Mutex
	failures map[string]int
}

// New returns the intake of one mailbox.
func New(reg Registrar, opts Options) (*Mailbox, error) {
	if opts.Addr == "" {
		return nil, fmt.Errorf("imapintake: no server address")
	}
	if _, _, err := net.SplitHostPort(opts.Addr); err != nil {
		return nil, fmt.Errorf("imapintake: address %q: %w", opts.Addr, err)
	}
	switch opts.Security {
	case "":
		opts.Security = SecurityTLS
	case SecurityTLS, SecurityStartTLS, SecurityPlain:
	default:
		return nil, fmt.Errorf("imapintake: security %q is not tls, starttls or plain", opts.Security)
	}
	if opts.Folder == "" {
		opts.Folder = "INBOX"
	}
	if opts.SkippedTo == "" {
		opts.SkippedTo = opts.MoveTo
	}
	for _, f := range []string{opts.MoveTo, opts.SkippedTo, opts.ErrorTo} {
		if strings.EqualFold(f, opts.Folder) {
			return nil, fmt.Errorf("imapintake: messages cannot be moved to %q, the folder they are taken from", f)
		}
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Minute
	}
	if opts.MaxMessage <= 0 {
		opts.MaxMessage = 64 << 20
	}
	if opts.MaxAttachment <= 0 {
		opts.MaxAttachment = 25 << 20
	}
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	if opts.Name == "" {
		opts.Name = opts.Username + "@" + opts.Addr
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	target := fmt.Sprintf("%s@%s/%s (%s)", opts.Username, opts.Addr, opts.Folder, opts.Security)
	return &Mailbox{opts: opts, reg: reg, log: opts.Logger.With("intake", opts.Name),
		tracker: cases.NewIntakeTracker(opts.Name, "imap", target), failures: map[string]int{}}, nil
}

// Status returns the mailbox's current status.
func (m *Mailbox) Status() cases.IntakeStatus { return m.tracker.Status() }

// Run takes in messages until ctx ends, reconnecting with jittered
// exponential backoff (1 s to 5 min) after an error. A failure is logged
// when it changes, not at every retry.
func (m *Mailbox) Run(ctx context.Context) error {
	backoff := time.Second
	lastErr := ""
	for ctx.Err() == nil {
		start := m.opts.Now()
		err := m.session(ctx)
		if ctx.Err() != nil {
			return nil
		}
		m.tracker.Update(func(st *cases.IntakeStatus) { st.Connected, st.Idle = false, false })
		m.tracker.Failed(m.opts.Now(), err)
		if err.Error() != lastErr {
			m.log.Warn("mailbox intake failed; reconnecting", "err", err)
			lastErr = err.Error()
		}
		if m.opts.Now().Sub(start) > 5*time.Minute {
			backoff = time.Second
		}
		wait := backoff/2 + rand.N(backoff/2+1)
		backoff = min(backoff*2, 5*time.Minute)
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
	return nil
}

// dial connects and logs in; newMail is signalled when the selected
// mailbox grows.
func (m *Mailbox) dial(newMail chan<- struct{}) (*imapclient.Client, error) {
	opts := &imapclient.Options{
		TLSConfig: m.opts.TLSConfig,
		Dialer:    &net.Dialer{Timeout: 30 * time.Second},
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					select {
					case newMail <- struct{}{}:
					default:
					}
				}
			},
		},
	}
	var c *imapclient.Client
	var err error
	switch m.opts.Security {
	case SecurityTLS:
		c, err = imapclient.DialTLS(m.opts.Addr, opts)
	case SecurityStartTLS:
		c, err = imapclient.DialStartTLS(m.opts.Addr, opts)
	default:
		c, err = imapclient.DialInsecure(m.opts.Addr, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", m.opts.Addr, err)
	}
	if err := c.Login(m.opts.Username, m.opts.Password).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("log in as %s: %w", m.opts.Username, err)
	}
	return c, nil
}

// ensureFolders creates the target folders that are missing.
func (m *Mailbox) ensureFolders(c *imapclient.Client) error {
	for _, f := range []string{m.opts.MoveTo, m.opts.SkippedTo, m.opts.ErrorTo} {
		if f == "" || f == m.opts.Folder {
			continue
		}
		err := c.Create(f, nil).Wait()
		if err != nil && !alreadyExists(err) {
			return fmt.Errorf("create folder %q: %w", f, err)
		}
	}
	return nil
}

func alreadyExists(err error) bool {
	if e, ok := err.(*imap.Error); ok && e.Code == imap.ResponseCodeAlreadyExists {
		return true
	}
	return strings.Contains(strings.ToLower(err.Error()), "exists")
}
