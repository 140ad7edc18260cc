package cases

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
)

// NotificationKind says what an e-mail from the outbox is about; each kind
// has its own template (see NotificationTemplate).
type NotificationKind string

// The kinds of notification. Adding one takes a constant here, a line in
// notificationKinds (and, for a case change, a rule in notificationsFor)
// and its default templates in notify_defaults.go.
const (
	NotifyReceived         NotificationKind = "received"          // the submission was registered
	NotifyAccepted         NotificationKind = "accepted"          // accepted and assigned to a department
	NotifyHandedOver       NotificationKind = "handed_over"       // passed to another department
	NotifyDeadlineExtended NotificationKind = "deadline_extended" // the due date moved later
	NotifyWaiting          NotificationKind = "waiting"           // waiting for the citizen
	NotifyResolved         NotificationKind = "resolved"          // resolved with the response
	NotifyRejected         NotificationKind = "rejected"          // rejected with the reason
	NotifyForwarded        NotificationKind = "forwarded"         // forwarded to the competent body
	NotifyDeferred         NotificationKind = "deferred"          // closed without action
	NotifyAccessCode       NotificationKind = "access_code"       // the code for the status page
	NotifyGeneric          NotificationKind = "generic"           // a staff report or any other mail
)

// notificationKinds lists every kind in the order the admin UI shows them.
var notificationKinds = []NotificationKind{NotifyReceived, NotifyAccepted, NotifyHandedOver,
	NotifyDeadlineExtended, NotifyWaiting, NotifyResolved, NotifyRejected, NotifyForwarded,
	NotifyDeferred, NotifyAccessCode, NotifyGeneric}

// NotificationKinds returns every kind of notification.
func NotificationKinds() []NotificationKind {
	return append([]NotificationKind(nil), notificationKinds...)
}

// Valid reports whether k is a known kind.
func (k NotificationKind) Valid() bool {
	for _, x := range notificationKinds {
		if k == x {
			return true
		}
	}
	return false
}

// NotificationState is where a notification is in the outbox.
type NotificationState string

// The states of a notification.
const (
	NotificationPending NotificationState = "pending" // waiting to be sent (again)
	NotificationSent    NotificationState = "sent"    // accepted by the mail server
	NotificationFailed  NotificationState = "failed"  // given up: staff must look at it
)

// Languages are the languages of notifications.
var Languages = []string{"cs", "en"}

// validLang reports whether lang is one of Languages.
func validLang(lang string) bool { return lang == "cs" || lang == "en" }

// Notification is one e-mail in the outbox, to one recipient. It is
// written in the same transaction as the change that causes it and
// rendered from its template when it is sent.
type Notification struct {
	ID            int64
	CaseID        int64  // 0 for mail about no case (reports)
	CaseNumber    string // the case's evidence number, as loaded (not stored)
	Kind          NotificationKind
	Lang          string // "cs" or "en"
	To            string // one e-mail address
	Data          NotificationData
	State         NotificationState
	Attempts      int       // sending attempts so far
	NextAttemptAt time.Time // when a pending notification may be sent
	LastError     string    // why the last attempt failed
	CreatedAt     time.Time
	SentAt        time.Time // zero unless sent
}

// NotificationData is what a template shows, captured when the
// notification is queued so that later changes to the case do not alter
// it. Every field is plain text; the HTML template escapes it.
type NotificationData struct {
	Number     string `json:"number,omitempty"`     // evidence number; filled when sent if empty
	Subject    string `json:"subject,omitempty"`    // the case's subject, or a generic mail's subject
	Department string `json:"department,omitempty"` // the department handling the case
	DueDate    string `json:"due_date,omitempty"`   // "31.08.2026"
	Reason     string `json:"reason,omitempty"`     // of a rejection, deferral or extension
	Missing    string `json:"missing,omitempty"`    // what the citizen should supply
	Response   string `json:"response,omitempty"`   // the office's response
	Body       string `json:"body,omitempty"`       // the competent body a case went to
	BodyInfo   string `json:"body_info,omitempty"`  // its contact
	Code       string `json:"code,omitempty"`       // an access code
	Expires    string `json:"expires,omitempty"`    // until when it works, "31.08.2026"
	Text       string `json:"text,omitempty"`       // a generic mail's text
	// HTML is a generic mail's own HTML part, sent as it is instead of
	// the template's (a report's tables); "" uses the template.
	HTML string `json:"html,omitempty"`
	// Attachments are a generic mail's files, kept in the blob store.
	Attachments []StoredAttachment `json:"attachments,omitempty"`
}

// StoredAttachment is a file of a queued mail: its name, media type and
// the blob-store key of its content.
type StoredAttachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	BlobKey     string `json:"blob_key"`
}

// MessageID returns the Message-ID of a notification, with the angle
// brackets: <linka.{notificationID}.{caseID}@{domain}>. The intake
// threads replies by it, so the form must not change.
func MessageID(notificationID, caseID int64, domain string) string {
	return "<linka." + strconv.FormatInt(notificationID, 10) + "." + strconv.FormatInt(caseID, 10) + "@" + domain + ">"
}

// ParseMessageID returns the notification and case ids of a Message-ID
// made by MessageID for domain (angle brackets optional).
func ParseMessageID(id, domain string) (notificationID, caseID int64, ok bool) {
	s := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(id), "<"), ">")
	local, dom, found := strings.Cut(s, "@")
	if !found || !strings.EqualFold(dom, domain) {
		return 0, 0, false
	}
	parts := strings.Split(local, ".")
	if len(parts) != 3 || parts[0] != "linka" {
		return 0, 0, false
	}
	n, err1 := strconv.ParseInt(parts[1], 10, 64)
	c, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || n <= 0 || c < 0 {
		return 0, 0, false
	}
	return n, c, true
}

// NotificationFilter selects notifications for the staff list.
type NotificationFilter struct {
	State  NotificationState // "" for all
	CaseID int64
	Limit  int
	Offset int
}

// OutboxStore persists the notification outbox and the templates.
type OutboxStore interface {
	// EnqueueNotifications inserts ns (setting ID) in one transaction.
	// Notifications caused by a case change go through CreateCase and
	// UpdateCase instead, in the case's transaction.
	EnqueueNotifications(ctx context.Context, ns []*Notification) error
	// ClaimNotifications takes up to limit pending notifications due at
	// now, oldest first, counts an attempt on each and hides them from
	// other claimers until now+lease. Several processes may claim at once;
	// none gets a row another holds.
	ClaimNotifications(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Notification, error)
	// MarkNotificationSent records the delivery of notification id.
	MarkNotificationSent(ctx context.Context, id int64, at time.Time) error
	// RescheduleNotification keeps id pending until next, with the error.
	RescheduleNotification(ctx context.Context, id int64, next time.Time, lastErr string) error
	// FailNotification gives up on id with the error.
	FailNotification(ctx context.Context, id int64, lastErr string) error
	// RetryNotification makes a failed notification pending again, due
	// at now, with its attempts reset. ENotFound if id is not failed.
	RetryNotification(ctx context.Context, id int64, now time.Time) error
	Notification(ctx context.Context, id int64) (*Notification, error)
	// ListNotifications returns one page, newest first, and the total.
	ListNotifications(ctx context.Context, f NotificationFilter) ([]Notification, int, error)
	// CountNotifications returns how many notifications are in each state.
	CountNotifications(ctx context.Context) (map[NotificationState]int, error)
	// DeleteNotificationsBefore deletes the sent and failed notifications
	// queued before t (never pending ones) and returns how many.
	DeleteNotificationsBefore(ctx context.Context, t time.Time) (int, error)

	// NotificationTemplates returns the templates admins changed.
	NotificationTemplates(ctx context.Context) ([]NotificationTemplate, error)
	// SaveNotificationTemplate inserts or replaces the template of t's
	// kind and language.
	SaveNotificationTemplate(ctx context.Context, t *NotificationTemplate) error
	// DeleteNotificationTemplate removes an admin's template, so the
	// default applies again.
	DeleteNotificationTemplate(ctx context.Context, kind NotificationKind, lang string) error
}

// permanentError marks a delivery failure that a retry will not cure.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// PermanentFailure marks err as a failure that retrying will not cure
// (the server refused the recipient or the message for good). Senders
// return it; any other error is retried.
func PermanentFailure(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err was marked by PermanentFailure.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}
