package cases

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"linka/internal/workdays"
)

// Mail is an e-mail another module queues through QueueMail: a report to
// supervisors, an alert. It is sent with the "generic" template in Lang,
// which shows Subject and Text.
type Mail struct {
	To      []string // e-mail addresses; each gets its own notification
	Subject string
	Text    string // plain text; the template's HTML part keeps its line breaks
	// HTML, when not "", is sent as the HTML part as it is, instead of
	// the template's (the sender escapes what it puts in).
	HTML   string
	Lang   string // "cs" (the default) or "en"
	CaseID int64  // the case the mail is about, 0 for none
	// Attachments are optional files (e.g. a CSV report), each at most
	// MaxAttachment bytes, kept in the blob store until sent.
	Attachments []MailAttachment
}

// MailAttachment is a file attached to a Mail.
type MailAttachment struct {
	Name        string
	ContentType string
	Content     io.Reader
}

// QueueMail puts m in the outbox, one notification per recipient, and
// returns when it is stored: the outbox worker sends it with retries.
func (s *Service) QueueMail(ctx context.Context, m Mail) error {
	if len(m.To) == 0 {
		return Invalid("to", "a mail needs a recipient")
	}
	for _, to := range m.To {
		if !ValidEmail(to) {
			return Invalid("to", "%q is not an e-mail address", to)
		}
	}
	m.Subject = strings.Join(strings.Fields(m.Subject), " ")
	if m.Subject == "" || utf8.RuneCountInString(m.Subject) > MaxSubject {
		return Invalid("subject", "the subject is required and at most %d characters", MaxSubject)
	}
	if utf8.RuneCountInString(m.Text) > MaxDescription || !utf8.ValidString(m.Text) {
		return Invalid("text", "the text is longer than %d characters or not valid", MaxDescription)
	}
	if m.Lang == "" {
		m.Lang = "cs"
	}
	if !validLang(m.Lang) {
		return Invalid("lang", "unknown language %q", m.Lang)
	}
	if utf8.RuneCountInString(m.HTML) > 10*MaxDescription || !utf8.ValidString(m.HTML) {
		return Invalid("html", "the HTML part is longer than %d characters or not valid", 10*MaxDescription)
	}
	d := NotificationData{Subject: m.Subject, Text: m.Text, HTML: m.HTML}
	for _, a := range m.Attachments {
		if a.Name == "" || strings.ContainsAny(a.Name, "/\\\r\n") || a.Content == nil {
			return Invalid("attachment", "an attachment needs a file name and content")
		}
		key, _, err := s.blobs.Put(ctx, a.Content, s.opts.MaxAttachment)
		if err != nil {
			return fmt.Errorf("store the attachment: %w", err)
		}
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		d.Attachments = append(d.Attachments, StoredAttachment{Name: a.Name, ContentType: ct, BlobKey: key})
	}
	now := s.Now()
	var ns []*Notification
	for _, to := range m.To {
		ns = append(ns, &Notification{CaseID: m.CaseID, Kind: NotifyGeneric, Lang: m.Lang, To: to,
			Data: d, State: NotificationPending, NextAttemptAt: now, CreatedAt: now})
	}
	if err := s.store.EnqueueNotifications(ctx, ns); err != nil {
		return fmt.Errorf("queue mail: %w", err)
	}
	s.wakeOutbox(len(ns))
	return nil
}

// SendAccessCode queues the e-mail that gives the submitter of a case the
// access code of its status page, in lang ("" means the case's language).
// The citizen asked for it, so it goes even if they did not ask to be
// kept informed; a case without a submitter's e-mail is EInvalid.
func (s *Service) SendAccessCode(ctx context.Context, caseNumber, code, lang string) error {
	return s.QueueAccessCode(ctx, AccessCodeMail{CaseNumber: caseNumber, Code: code, Lang: lang})
}

// QueueAccessCode queues the access-code e-mail m describes (what the
// citizen portal's AccessCodeMailer sends): to m.To, or the submitter's
// address when it is empty; in m.Lang, or the case's language; saying
// until when the code works when m.ExpiresAt is set.
func (s *Service) QueueAccessCode(ctx context.Context, m AccessCodeMail) error {
	if strings.TrimSpace(m.Code) == "" {
		return Invalid("code", "the access code is empty")
	}
	c, err := s.store.CaseByNumber(ctx, m.CaseNumber)
	if err != nil {
		return err
	}
	lang := m.Lang
	if lang == "" {
		lang = c.Language
	}
	if !validLang(lang) {
		return Invalid("lang", "unknown language %q", lang)
	}
	email := m.To
	if email == "" && c.SubmitterID != 0 {
		sub, err := s.store.Contact(ctx, c.SubmitterID)
		if err != nil {
			return fmt.Errorf("load the submitter: %w", err)
		}
		email = sub.Email
	}
	if email == "" {
		return Invalid("email", "case %s has no submitter's e-mail address to send the code to", c.Number)
	}
	if !ValidEmail(email) {
		return Invalid("to", "%q is not an e-mail address", email)
	}
	d := NotificationData{Number: c.Number, Subject: c.Subject, Code: m.Code}
	if !m.ExpiresAt.IsZero() {
		d.Expires = workdays.DateOf(m.ExpiresAt).Czech()
	}
	now := s.Now()
	n := &Notification{CaseID: c.ID, Kind: NotifyAccessCode, Lang: lang, To: email, Data: d,
		State: NotificationPending, NextAttemptAt: now, CreatedAt: now}
	if err := s.store.EnqueueNotifications(ctx, []*Notification{n}); err != nil {
		return fmt.Errorf("queue the access code: %w", err)
	}
	s.wakeOutbox(1)
	return nil
}

// wakeOutbox nudges a worker in this process after n notifications were
// queued; workers of other processes find them when they next poll.
// WakeOutbox makes the outbox worker look for due notifications now, as
// when this process queues one: for mail another instance queued.
func (s *Service) WakeOutbox() { s.wakeOutbox(1) }

func (s *Service) wakeOutbox(n int) {
	if n == 0 {
		return
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// canSeeOutbox reports whether u may see and retry notifications.
func canSeeOutbox(u *User) bool { return u.Active && (u.Has(RoleAdmin) || u.Has(RoleSupervisor)) }

// Notifications returns one page of the outbox, newest first, and the
// total, for admins and supervisors. Limit 0 means 50.
func (s *Service) Notifications(ctx context.Context, u *User, f NotificationFilter) ([]Notification, int, error) {
	if !canSeeOutbox(u) {
		return nil, 0, Errorf(EForbidden, "only admins and supervisors see the outbox")
	}
	switch f.State {
	case "", NotificationPending, NotificationSent, NotificationFailed:
	default:
		return nil, 0, Invalid("state", "unknown notification state %q", f.State)
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Limit < 0 || f.Limit > 500 || f.Offset < 0 {
		return nil, 0, Invalid("limit", "limit must be 1–500 and offset not negative")
	}
	return s.store.ListNotifications(ctx, f)
}

// NotificationCounts returns how many notifications are in each state.
func (s *Service) NotificationCounts(ctx context.Context, u *User) (map[NotificationState]int, error) {
	if !canSeeOutbox(u) {
		return nil, Errorf(EForbidden, "only admins and supervisors see the outbox")
	}
	return s.store.CountNotifications(ctx)
}

// PurgeNotifications deletes the sent and failed notifications queued
// more than retention ago (0: none): they carry citizens' names,
// addresses and case details, kept no longer than the office needs them.
// Pending ones are never deleted. It is the periodic sweep's, not a
// user's, action.
func (s *Service) PurgeNotifications(ctx context.Context, retention time.Duration) (int, error) {
	if retention <= 0 {
		return 0, nil
	}
	return s.store.DeleteNotificationsBefore(ctx, s.Now().Add(-retention))
}

// RetryNotification sends a failed notification again, with the same
// Message-ID.
func (s *Service) RetryNotification(ctx context.Context, u *User, id int64) error {
	if !canSeeOutbox(u) {
		return Errorf(EForbidden, "only admins and supervisors may retry notifications")
	}
	n, err := s.store.Notification(ctx, id)
	if err != nil {
		return err
	}
	if n.State != NotificationFailed {
		return Errorf(EConflict, "notification %d is %s, not failed", id, n.State)
	}
	if err := s.store.RetryNotification(ctx, id, s.Now()); err != nil {
		return err
	}
	s.wakeOutbox(1)
	return nil
}

// NotificationTemplates returns the template of every kind in every
// language: the admin's where one was saved, else the default.
func (s *Service) NotificationTemplates(ctx context.Context, u *User) ([]NotificationTemplate, error) {
	if !canSeeOutbox(u) {
		return nil, Errorf(EForbidden, "only admins and supervisors see the templates")
	}
	custom, err := s.store.NotificationTemplates(ctx)
	if err != nil {
		return nil, fmt.Errorf("load templates: %w", err)
	}
	var out []NotificationTemplate
	for _, k := range notificationKinds {
		for _, lang := range Languages {
			out = append(out, pickTemplate(custom, k, lang))
		}
	}
	return out, nil
}

// NotificationTemplate returns the template of kind in lang.
func (s *Service) NotificationTemplate(ctx context.Context, u *User, kind NotificationKind, lang string) (NotificationTemplate, error) {
	if !kind.Valid() || !validLang(lang) {
		return NotificationTemplate{}, notFound("template")
	}
	all, err := s.NotificationTemplates(ctx, u)
	if err != nil {
		return NotificationTemplate{}, err
	}
	return pickTemplate(all, kind, lang), nil
}

// template returns the template used to send kind in lang.
func (s *Service) template(ctx context.Context, kind NotificationKind, lang string) (NotificationTemplate, error) {
	custom, err := s.store.NotificationTemplates(ctx)
	if err != nil {
		return NotificationTemplate{}, fmt.Errorf("load templates: %w", err)
	}
	return pickTemplate(custom, kind, langOr(lang)), nil
}

// pickTemplate returns the template of kind in lang from ts, or the default.
func pickTemplate(ts []NotificationTemplate, kind NotificationKind, lang string) NotificationTemplate {
	for _, t := range ts {
		if t.Kind == kind && t.Lang == lang {
			return t
		}
	}
	return defaultTemplate(kind, lang)
}

// DefaultNotificationTemplate returns the shipped template of kind in lang.
func DefaultNotificationTemplate(kind NotificationKind, lang string) NotificationTemplate {
	return defaultTemplate(kind, langOr(lang))
}

// SaveNotificationTemplate stores an admin's version of a template after
// checking that it parses and renders.
func (s *Service) SaveNotificationTemplate(ctx context.Context, u *User, t NotificationTemplate) error {
	if !canManageStaff(u) {
		return Errorf(EForbidden, "only admins may change templates")
	}
	if err := t.Validate(); err != nil {
		return err
	}
	t.Custom, t.UpdatedAt, t.UpdatedBy = true, s.Now(), u.ID
	if err := s.store.SaveNotificationTemplate(ctx, &t); err != nil {
		return fmt.Errorf("save template: %w", err)
	}
	return nil
}

// ResetNotificationTemplate drops an admin's version of a template, so
// the default applies again.
func (s *Service) ResetNotificationTemplate(ctx context.Context, u *User, kind NotificationKind, lang string) error {
	if !canManageStaff(u) {
		return Errorf(EForbidden, "only admins may change templates")
	}
	if !kind.Valid() || !validLang(lang) {
		return notFound("template")
	}
	return s.store.DeleteNotificationTemplate(ctx, kind, lang)
}

// PreviewNotificationTemplate renders t with sample data, without saving.
func (s *Service) PreviewNotificationTemplate(ctx context.Context, u *User, t NotificationTemplate) (RenderedMail, error) {
	if !canSeeOutbox(u) {
		return RenderedMail{}, Errorf(EForbidden, "only admins and supervisors see the templates")
	}
	if err := t.Validate(); err != nil {
		return RenderedMail{}, err
	}
	return t.Render(SampleData(t.Kind, t.Lang))
}
