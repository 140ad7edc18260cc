package cases

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"time"

	"linka/internal/workdays"
)

// OutgoingMail is a rendered notification as a Sender delivers it.
type OutgoingMail struct {
	NotificationID int64
	CaseID         int64
	MessageID      string // "<linka.{id}.{case}@{domain}>", the same on every attempt
	From           string // "Městský úřad <podnety@urad.cz>" or a bare address
	To             string
	Date           time.Time
	Lang           string
	Subject        string
	Text           string
	HTML           string // "" for a text-only mail
	// Attachments are optional files, each read once per attempt.
	Attachments []MailAttachment
}

// Sender delivers one mail. An error marked by PermanentFailure gives the
// notification up; any other error is retried later. Implemented by
// cases/gomail (SMTP and a folder of .eml files).
type Sender interface {
	Send(ctx context.Context, m *OutgoingMail) error
}

// OutboxOptions configure an Outbox. The zero value of each field but
// Sender, From and Domain is documented beside it.
type OutboxOptions struct {
	Sender Sender
	// From is the sender of every notification, with or without a name.
	From string
	// Domain is the right-hand side of Message-IDs ("urad.cz").
	Domain string
	// StatusURL returns the citizen's status page of a case number; nil
	// gives templates an empty link.
	StatusURL func(number string) string
	// PortalURL is the citizen portal's address, shown by templates.
	PortalURL string
	// Lease is how long a claimed notification stays hidden from other
	// workers while being sent; after it a crashed worker's notification
	// is sent again. 0 means 5 minutes. It must exceed the SMTP timeout.
	Lease time.Duration
	// Poll is how often the worker looks for due notifications when not
	// woken; 0 means 5 seconds.
	Poll time.Duration
	// Batch is how many notifications one claim takes; 0 means 10.
	Batch int
	// MaxAttempts gives up after this many failed attempts; 0 means 10.
	MaxAttempts int
	// Backoff is the wait after the n-th failed attempt (n ≥ 1); nil
	// means 30 s doubling each time, at most 1 hour.
	Backoff func(n int) time.Duration
	// Logger receives deliveries and failures; nil discards them.
	Logger *slog.Logger
}

// Outbox is the worker that sends queued notifications. Several may run,
// in one process or several sharing a PostgreSQL database: each claims
// different rows. Delivery is at least once: a notification whose sending
// was interrupted is sent again, with the same Message-ID.
type Outbox struct {
	svc  *Service
	opts OutboxOptions
	// retrying is set while deliveries fail temporarily, so that a mail
	// server that is down is logged once, not once per mail and attempt.
	retrying atomic.Bool
}

// NewOutbox returns a worker sending the notifications of svc's store.
func NewOutbox(svc *Service, opts OutboxOptions) (*Outbox, error) {
	if opts.Sender == nil || opts.From == "" || opts.Domain == "" {
		return nil, errors.New("outbox: a sender, a From address and a Message-ID domain are required")
	}
	if opts.Lease <= 0 {
		opts.Lease = 5 * time.Minute
	}
	if opts.Poll <= 0 {
		opts.Poll = 5 * time.Second
	}
	if opts.Batch <= 0 {
		opts.Batch = 10
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 10
	}
	if opts.Backoff == nil {
		opts.Backoff = DefaultBackoff
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Outbox{svc: svc, opts: opts}, nil
}

// DefaultBackoff waits 30 s after the first failed attempt, doubling
// after each further one, at most 1 hour.
func DefaultBackoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// Run sends due notifications until ctx ends, waking when this process
// queues one and every Poll otherwise.
func (o *Outbox) Run(ctx context.Context) error {
	t := time.NewTicker(o.opts.Poll)
	defer t.Stop()
	failing := false
	for {
		for {
			n, err := o.SendDue(ctx)
			if ctx.Err() != nil {
				return nil
			}
			if err != nil && !failing {
				o.opts.Logger.Error("outbox: claim notifications", "err", err)
			} else if err == nil && failing {
				o.opts.Logger.Info("outbox: the database answers again")
			}
			failing = err != nil
			if err != nil || n < o.opts.Batch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-o.svc.wake:
		case <-t.C:
		}
	}
}

// SendDue claims one batch of due notifications and sends them. It
// returns how many it claimed.
func (o *Outbox) SendDue(ctx context.Context) (int, error) {
	ns, err := o.svc.store.ClaimNotifications(ctx, o.svc.Now(), o.opts.Lease, o.opts.Batch)
	if err != nil {
		return 0, err
	}
	for i := range ns {
		o.send(ctx, &ns[i])
	}
	return len(ns), nil
}

// send delivers n and records the outcome; a failure to record it leaves
// n claimed, so it is sent again when its lease ends.
func (o *Outbox) send(ctx context.Context, n *Notification) {
	log := o.opts.Logger.With("notification", n.ID, "case_id", n.CaseID, "kind", n.Kind, "attempt", n.Attempts)
	m, err := o.compose(ctx, n)
	if err == nil {
		err = o.opts.Sender.Send(ctx, m)
	}
	if ctx.Err() != nil {
		return // shutting down: the lease expires and another attempt follows
	}
	now := o.svc.Now()
	var serr error
	switch {
	case err == nil:
		serr = o.svc.store.MarkNotificationSent(ctx, n.ID, now)
		log.Info("outbox: sent", "message_id", m.MessageID)
		if o.retrying.Swap(false) {
			o.opts.Logger.Info("outbox: deliveries succeed again")
		}
	case IsPermanent(err) || n.Attempts >= o.opts.MaxAttempts:
		serr = o.svc.store.FailNotification(ctx, n.ID, errText(err))
		log.Error("outbox: gave up", "err", err)
	default:
		next := now.Add(o.opts.Backoff(n.Attempts))
		serr = o.svc.store.RescheduleNotification(ctx, n.ID, next, errText(err))
		level := slog.LevelDebug // the first failure of a run of them was logged
		if !o.retrying.Swap(true) {
			level = slog.LevelWarn
		}
		log.Log(ctx, level, "outbox: will retry", "err", err, "next_attempt_at", next)
	}
	if serr != nil {
		log.Error("outbox: record the outcome", "err", serr)
	}
}

// errText shortens an error for the staff list.
func errText(err error) string {
	s := err.Error()
	if len(s) > 1000 {
		s = s[:1000]
	}
	return s
}

// compose renders n into the mail a Sender delivers.
func (o *Outbox) compose(ctx context.Context, n *Notification) (*OutgoingMail, error) {
	r, err := o.svc.RenderNotification(ctx, n, o.opts.StatusURL, o.opts.PortalURL)
	if err != nil {
		return nil, err
	}
	m := &OutgoingMail{NotificationID: n.ID, CaseID: n.CaseID,
		MessageID: MessageID(n.ID, n.CaseID, o.opts.Domain), From: o.opts.From, To: n.To,
		Date: n.CreatedAt.In(workdays.Prague()), Lang: n.Lang, Subject: r.Subject, Text: r.Text, HTML: r.HTML}
	for _, a := range n.Data.Attachments {
		b, err := o.readBlob(ctx, a.BlobKey)
		if err != nil {
			return nil, fmt.Errorf("read the attachment %s: %w", a.Name, err)
		}
		m.Attachments = append(m.Attachments, MailAttachment{Name: a.Name, ContentType: a.ContentType, Content: bytes.NewReader(b)})
	}
	return m, nil
}

// readBlob reads the content of blob key.
func (o *Outbox) readBlob(ctx context.Context, key string) ([]byte, error) {
	f, err := o.svc.blobs.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// RenderNotification renders n with its kind's current template; a case
// notification queued before its number was known gets it here. A
// template that cannot render is a permanent failure.
func (s *Service) RenderNotification(ctx context.Context, n *Notification, statusURL func(string) string, portalURL string) (RenderedMail, error) {
	d := TemplateData{NotificationData: n.Data, PortalURL: portalURL}
	if d.Number == "" {
		d.Number = n.CaseNumber
	}
	if n.CaseID != 0 && d.Number == "" {
		c, err := s.store.CaseByID(ctx, n.CaseID)
		if err != nil {
			return RenderedMail{}, fmt.Errorf("load case %d: %w", n.CaseID, err)
		}
		d.Number = c.Number
	}
	if d.Number != "" && statusURL != nil {
		d.StatusURL = statusURL(d.Number)
	}
	t, err := s.template(ctx, n.Kind, n.Lang)
	if err != nil {
		return RenderedMail{}, err
	}
	r, err := t.Render(d)
	if err != nil {
		return RenderedMail{}, PermanentFailure(fmt.Errorf("render the %s template (%s): %w", n.Kind, n.Lang, err))
	}
	if n.Kind == NotifyGeneric && n.Data.HTML != "" {
		r.HTML = n.Data.HTML
	}
	return r, nil
}

// MailFile is an e-mail a file transport wrote, as the admin UI lists it.
type MailFile struct {
	Name      string // the file name, e.g. "linka-00000042.eml"
	Size      int64
	Written   time.Time
	MessageID string
	To        string
	Subject   string
}
