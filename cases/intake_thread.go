package cases

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Source references of intake items (IntakeItem.Refs). Each names one
// way to recognise an item seen before.

// IMAPRef names a message by mailbox and UID: valid while the mailbox's
// UIDVALIDITY stays.
func IMAPRef(account, mailbox string, uidValidity, uid uint32) string {
	return fmt.Sprintf("imap:%s/%s;uidvalidity=%d;uid=%d", account, mailbox, uidValidity, uid)
}

// MessageIDRef names a message by its Message-ID header (without angle
// brackets), which survives a UIDVALIDITY change and a copy in a second
// mailbox.
func MessageIDRef(messageID string) string {
	return "msgid:" + strings.Trim(strings.TrimSpace(messageID), "<>")
}

// ContentRef names an item by the SHA-256 (hex) of its raw content: for
// messages without a Message-ID.
func ContentRef(kind, sha256hex string) string { return kind + "-sha256:" + sha256hex }

// ScanRef names a scanned file by its path relative to the watched folder
// and the SHA-256 (hex) of its content.
func ScanRef(relPath, sha256hex string) string { return "scan:" + sha256hex + ":" + relPath }

// notificationID matches the Message-ID of Linka's own notification
// e-mails: <linka.{notificationID}.{caseID}@{domain}>.
var notificationID = regexp.MustCompile(`^<?linka\.(\d{1,18})\.(\d{1,18})@[^>\s]+>?$`)

// NotificationCaseID returns the case id in the Message-ID of one of
// Linka's notifications, whatever the domain, and whether it is one.
func NotificationCaseID(messageID string) (int64, bool) {
	m := notificationID.FindStringSubmatch(strings.TrimSpace(messageID))
	if m == nil {
		return 0, false
	}
	id, err := strconv.ParseInt(m[2], 10, 64)
	return id, err == nil && id > 0
}

// Evidence numbers in a subject. A strong mention names the case with a
// word: "[Podnět 2026-8620]", "[Case 8620]", "podnětu č. 8620". A weak one
// is only "č. 8620" — the same words precede a house or law number, so a
// weak mention threads a reply only when the sender is the case's
// submitter. Plain numbers never match.
var (
	strongNumber = regexp.MustCompile(`(?i)(?:\[\s*(?:podnět|podnet|case|případ|pripad)\s+(?:č\.\s*|no\.\s*|#)?((?:\d{4}-)?\d{1,9})\s*\]` +
		`|\b(?:podnět|podnet|podnětu|podnetu|podnětem|případ|případu|pripad|pripadu|case)\s+(?:č\.\s*|no\.\s*|#)((?:\d{4}-)?\d{1,9})(?:$|[^\d/.\-]|\.(?:$|\s)))`)
	weakNumber = regexp.MustCompile(`(?i)(?:^|[\s(\[,;:])č\.\s?((?:\d{4}-)?\d{1,9})(?:$|[\s).,;:\]])`)
)

// SubjectNumbers returns the evidence numbers a subject names, strong
// mentions first (see strongNumber), each once.
func SubjectNumbers(subject string) (strong, weak []string) {
	seen := map[string]bool{}
	for _, m := range strongNumber.FindAllStringSubmatch(subject, -1) {
		n := m[1] + m[2]
		if !seen[n] {
			seen[n] = true
			strong = append(strong, n)
		}
	}
	for _, m := range weakNumber.FindAllStringSubmatch(subject, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			weak = append(weak, m[1])
		}
	}
	return strong, weak
}

// threadTarget returns the case an e-mail item replies to, or nil: a case
// named by a Linka notification's Message-ID in In-Reply-To/References,
// else an existing case named strongly in the subject, else one named
// weakly whose submitter has the sender's address.
func (s *Service) threadTarget(ctx context.Context, item IntakeItem) (*Case, error) {
	if item.Source != SourceEmail {
		return nil, nil
	}
	for _, id := range item.Thread {
		caseID, ok := NotificationCaseID(id)
		if !ok {
			continue
		}
		c, err := s.store.CaseByID(ctx, caseID)
		if ErrorCode(err) == ENotFound {
			continue
		}
		return c, err
	}
	strong, weak := SubjectNumbers(item.Subject)
	for i, n := range append(strong, weak...) {
		c, err := s.store.CaseByNumber(ctx, n)
		if ErrorCode(err) == ENotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if i < len(strong) {
			return c, nil
		}
		if ok, err := s.submittedBy(ctx, c, item.SenderEmail); err != nil || ok {
			return c, err
		}
	}
	return nil, nil
}

// submittedBy reports whether c's submitter has the e-mail address.
func (s *Service) submittedBy(ctx context.Context, c *Case, email string) (bool, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if c.SubmitterID == 0 || email == "" {
		return false, nil
	}
	ct, err := s.store.Contact(ctx, c.SubmitterID)
	if err != nil {
		return false, err
	}
	return strings.EqualFold(ct.Email, email), nil
}
