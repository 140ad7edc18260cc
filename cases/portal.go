package cases

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// AccessCodeMail is an access code to send to the citizen who asked for
// it on the portal.
type AccessCodeMail struct {
	CaseNumber string
	To         string // the submitter's e-mail address on record
	Code       string // formatted, e.g. "7KQ2-M9XD-4HPA-0RTV"
	ExpiresAt  time.Time
	Lang       string // "cs" or "en": the language the citizen used
}

// AccessCodeMailer sends access codes by e-mail (implemented over the
// transactional outbox). SendAccessCode should only queue the message, so
// that it returns quickly whether or not it is delivered at once.
type AccessCodeMailer interface {
	SendAccessCode(ctx context.Context, m AccessCodeMail) error
}

// PortalOptions configure a Portal. Store is required; the zero value of
// every other field is documented beside it.
type PortalOptions struct {
	Store PortalStore
	// Mailer sends the codes citizens ask for by e-mail; nil means codes
	// can only be had from the web form's confirmation or from a clerk,
	// and RequestAccessCode answers EUnavailable.
	Mailer AccessCodeMailer
	// CodeTTL is how long an access code works; 0 means 90 days.
	CodeTTL time.Duration
	// SessionTTL is how long a citizen stays signed in to the status
	// page; 0 means 30 minutes.
	SessionTTL time.Duration
	// ShowOfficials shows the name of the official handling the case on
	// the status page; by default officials' names are not shown.
	ShowOfficials bool
	// CaseLimit, IPLimit and MailLimit override the throttles of wrong
	// codes per case number and per client address and of code requests
	// by e-mail; zero values mean the defaults (DefaultCaseLimit, …).
	CaseLimit, IPLimit, MailLimit ThrottlePolicy
	// Logger receives the failures of codes sent in the background; nil
	// discards them.
	Logger *slog.Logger
}

// Portal is the citizen side of the case register: the web form, access
// codes and the status page. It is safe for concurrent use.
type Portal struct {
	svc     *Service
	store   PortalStore
	opts    PortalOptions
	sending sync.WaitGroup // codes being sent in the background
}

// NewPortal returns the Portal over svc's register.
func NewPortal(svc *Service, opts PortalOptions) (*Portal, error) {
	if svc == nil || opts.Store == nil {
		return nil, errors.New("cases: NewPortal needs a Service and a PortalStore")
	}
	if opts.CodeTTL <= 0 {
		opts.CodeTTL = 90 * 24 * time.Hour
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 30 * time.Minute
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	for _, p := range []struct {
		dst *ThrottlePolicy
		def ThrottlePolicy
	}{{&opts.CaseLimit, DefaultCaseLimit}, {&opts.IPLimit, DefaultIPLimit}, {&opts.MailLimit, DefaultMailLimit}} {
		if *p.dst == (ThrottlePolicy{}) {
			*p.dst = p.def
		}
	}
	return &Portal{svc: svc, store: opts.Store, opts: opts}, nil
}

// Service returns the case service the portal works on.
func (p *Portal) Service() *Service { return p.svc }

// CodeTTL returns how long an access code works.
func (p *Portal) CodeTTL() time.Duration { return p.opts.CodeTTL }

// SessionTTL returns how long a citizen stays signed in.
func (p *Portal) SessionTTL() time.Duration { return p.opts.SessionTTL }

// CanMail reports whether codes can be requested by e-mail.
func (p *Portal) CanMail() bool { return p.opts.Mailer != nil }

// IssueAccessCode gives a case a new access code for a clerk to hand to
// the citizen (e.g. read out on the phone): the previous code stops
// working, the citizen's sessions end, and the case's lockout is lifted.
// The issue is recorded in the case history.
func (p *Portal) IssueAccessCode(ctx context.Context, u *User, number string) (string, *AccessCode, error) {
	c, err := p.svc.visibleCase(ctx, u, number)
	if err != nil {
		return "", nil, err
	}
	if !canEdit(u, c) {
		return "", nil, Errorf(EForbidden, "you may not change this case")
	}
	code, ac, err := p.issue(ctx, c, CodeByStaff, u.ID, "")
	if err != nil {
		return "", nil, err
	}
	if err := p.store.ResetThrottle(ctx, caseKey(c.Number)); err != nil {
		return "", nil, fmt.Errorf("reset throttle: %w", err)
	}
	return code, ac, nil
}

// issue stores an access code for c — code, or a new random one when
// code is "" — and records it in the history.
func (p *Portal) issue(ctx context.Context, c *Case, channel string, by int64, code string) (string, *AccessCode, error) {
	if code == "" {
		var err error
		if code, err = NewAccessCode(); err != nil {
			return "", nil, err
		}
	}
	now := p.svc.Now()
	ac := &AccessCode{CaseID: c.ID, Hash: AccessCodeHash(c.ID, NormalizeAccessCode(code)),
		IssuedAt: now, ExpiresAt: now.Add(p.opts.CodeTTL), IssuedBy: by, Channel: channel}
	hist := []HistoryEntry{{CaseID: c.ID, At: now, UserID: by, Field: "access_code", New: channel}}
	if err := p.store.SetAccessCode(ctx, *ac, hist); err != nil {
		return "", nil, fmt.Errorf("store access code: %w", err)
	}
	return code, ac, nil
}

// RequestAccessCode sends a new access code to the submitter of the case
// numbered number if email is the submitter's address on record. Whether
// it is or not, and whether the case exists, the result is the same (nil)
// and takes the same work before it returns: the lookup, the new code and
// the e-mail happen in the background (Wait waits for them), so neither
// the answer nor its timing tells anything. Requests are throttled per
// case number and per client (ip).
func (p *Portal) RequestAccessCode(ctx context.Context, number, email, ip, lang string) error {
	if p.opts.Mailer == nil {
		return Errorf(EUnavailable, "access codes cannot be sent by e-mail here; ask the office")
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if !ValidEmail(email) {
		return Invalid("email", "%q is not an e-mail address", email)
	}
	keys := []throttleKey{{mailKey(number), p.opts.MailLimit}, {"mailip:" + ip, p.opts.MailLimit}}
	if err := p.checkThrottles(ctx, keys); err != nil {
		return err
	}
	if err := p.addFailures(ctx, keys); err != nil {
		return err
	}
	if lang != "en" {
		lang = "cs"
	}
	number = strings.TrimSpace(number)
	p.sending.Add(1)
	go func() {
		defer p.sending.Done()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		if err := p.sendCode(ctx, number, email, lang); err != nil {
			p.opts.Logger.ErrorContext(ctx, "sending an access code failed", "case", number, "err", err)
		}
	}()
	return nil
}

// sendCode issues and sends a new code when email is the address on
// record of the case's submitter, and does nothing otherwise.
func (p *Portal) sendCode(ctx context.Context, number, email, lang string) error {
	c, sub := p.caseAndSubmitter(ctx, number)
	if c == nil || sub == nil || !sameHash(hashText(sub.Email), hashText(email)) {
		return nil
	}
	code, ac, err := p.issue(ctx, c, CodeByEmail, 0, "")
	if err != nil {
		return err
	}
	m := AccessCodeMail{CaseNumber: c.Number, To: sub.Email, Code: code, ExpiresAt: ac.ExpiresAt, Lang: lang}
	if err := p.opts.Mailer.SendAccessCode(ctx, m); err != nil {
		return fmt.Errorf("send access code of case %s: %w", c.Number, err)
	}
	return nil
}

// Wait waits until the codes being sent in the background are sent (or
// have failed); call it before closing the store.
func (p *Portal) Wait() { p.sending.Wait() }

// caseAndSubmitter loads a case and its submitter; nil for what does not
// exist or cannot be loaded.
func (p *Portal) caseAndSubmitter(ctx context.Context, number string) (*Case, *Contact) {
	c, err := p.svc.store.CaseByNumber(ctx, number)
	if err != nil || c.SubmitterID == 0 {
		return c, nil
	}
	sub, err := p.svc.store.Contact(ctx, c.SubmitterID)
	if err != nil || sub.Email == "" {
		return c, nil
	}
	return c, sub
}

// hashText hashes s for a constant-time comparison of texts of any length.
func hashText(s string) string { return AccessCodeHash(0, s) }

// caseKey and mailKey are the throttle keys of a case number, whether or
// not the case exists; numbers longer than any real one are cut.
func caseKey(number string) string { return "case:" + throttleNumber(number) }
func mailKey(number string) string { return "mail:" + throttleNumber(number) }

func throttleNumber(number string) string {
	n := strings.ToUpper(strings.TrimSpace(number))
	if len(n) > 40 {
		n = n[:40]
	}
	return n
}
