package cases

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"linka/internal/blob"
)

// IntakeStore records what the intake adapters (e-mail, scanned letters)
// take in. Each source item is known by one or more references (see
// IMAPRef, MessageIDRef, ContentRef, ScanRef); they are written in the
// same transaction as the case or activity the item became, so an item
// seen again — after a crash between the commit and moving the source, or
// under a new IMAP UIDVALIDITY — is recognised and not registered twice.
// Implemented by internal/store.
type IntakeStore interface {
	// IntakeRecord returns the record of the first of refs that is known,
	// or an ENotFound error when none is.
	IntakeRecord(ctx context.Context, refs []string) (*IntakeRecord, error)
	// CreateIntakeCase does what CreateCase does and, in the same
	// transaction, inserts atts (setting their ids and case id) and records
	// refs for the new case. It returns EConflict, writing nothing, when
	// one of refs or the case's SourceRef is already recorded.
	CreateIntakeCase(ctx context.Context, nc NewCase, atts []*Attachment, refs []string) error
	// AddIntakeActivity inserts a, atts and hist on a.CaseID and records
	// refs for it, in one transaction; EConflict as CreateIntakeCase.
	AddIntakeActivity(ctx context.Context, a *Activity, atts []*Attachment, refs []string, hist []HistoryEntry) error
}

// IntakeRecord says what a recorded source item became.
type IntakeRecord struct {
	Ref        string
	CaseID     int64
	ActivityID int64 // 0 when the item created the case
	CreatedAt  time.Time
}

// IntakeItem is one item an intake adapter received: an e-mail message or
// a scanned letter.
type IntakeItem struct {
	Source      Source    // SourceEmail or SourcePost
	ReceivedAt  time.Time // the server's delivery time; zero means now
	Subject     string    // "" becomes a placeholder
	Description string    // the text; cut to MaxDescription with a note
	SenderName  string    // display name of an e-mail's sender
	SenderEmail string    // matched to or creating a contact; "" for none
	// KeepInformed sends the sender the e-mails about the new case (its
	// receipt with the number, then its state changes), as the web form's
	// "keep me informed" does; it needs SenderEmail.
	KeepInformed bool
	// Refs are the item's idempotency keys, the first being the primary
	// one (the case's SourceRef). At least one is required.
	Refs []string
	// Thread lists the message ids of In-Reply-To and References, for
	// matching a reply to its case (see ThreadCaseID).
	Thread []string
	// Files are attached: the original message or scan first.
	Files []IntakeFile
	// Omitted lists parts the adapter left out (e.g. too large to read).
	Omitted []OmittedFile
}

// IntakeFile is content to attach, read once.
type IntakeFile struct {
	Name    string
	Content io.Reader
}

// OmittedFile is a part that was not attached, with the reason.
type OmittedFile struct {
	Name   string
	Size   int64 // bytes, -1 when unknown
	Reason string
}

// String describes the omission for the history and the description.
func (o OmittedFile) String() string {
	if o.Size >= 0 {
		return fmt.Sprintf("%s (%s): %s", o.Name, humanSize(o.Size), o.Reason)
	}
	return fmt.Sprintf("%s: %s", o.Name, o.Reason)
}

// IntakeResult is what an intake item became.
type IntakeResult struct {
	Case      *Case     // the new case, or the case a reply was threaded into
	Activity  *Activity // the activity of a reply; nil for a new case
	Duplicate bool      // the item was already recorded; nothing was written
	Omitted   []OmittedFile
}

// Intake registers an item from an intake adapter: a new case in state
// new, or — for an e-mail that replies to a known case — an activity on
// that case. The files go to the blob store first (content-addressed, so a
// repeated attempt stores nothing twice); the case or activity, its
// attachments and the item's references are then written in one
// transaction. An item whose reference is already recorded is a duplicate:
// nothing is written and the earlier case is returned. A file over the
// attachment limit is left out and recorded as omitted, never dropped
// silently.
func (s *Service) Intake(ctx context.Context, item IntakeItem) (*IntakeResult, error) {
	if item.Source != SourceEmail && item.Source != SourcePost && item.Source != SourceWeb {
		return nil, Invalid("source", "intake does not take source %q", item.Source)
	}
	if len(item.Refs) == 0 || item.Refs[0] == "" {
		return nil, Invalid("source_ref", "an intake item needs a source reference")
	}
	st := s.store
	if res, err := s.intakeDuplicate(ctx, st, item.Refs); res != nil || err != nil {
		return res, err
	}
	now := s.Now()
	if item.ReceivedAt.IsZero() || item.ReceivedAt.After(now) {
		item.ReceivedAt = now
	}
	atts, omitted, err := s.putIntakeFiles(ctx, item.Files, now)
	if err != nil {
		return nil, err
	}
	omitted = append(append([]OmittedFile(nil), item.Omitted...), omitted...)
	var res *IntakeResult
	if target, terr := s.threadTarget(ctx, item); terr != nil {
		return nil, terr
	} else if target != nil {
		res, err = s.intakeReply(ctx, st, target, item, atts, omitted, now)
	} else {
		res, err = s.intakeCase(ctx, st, item, atts, omitted, now)
	}
	if isConflict(err) {
		// Another instance took the same item in meanwhile.
		if dup, derr := s.intakeDuplicate(ctx, st, item.Refs); dup != nil || derr != nil {
			return dup, derr
		}
	}
	return res, err
}

// intakeDuplicate returns the earlier result of an item already recorded,
// or nil.
func (s *Service) intakeDuplicate(ctx context.Context, st IntakeStore, refs []string) (*IntakeResult, error) {
	rec, err := st.IntakeRecord(ctx, refs)
	if ErrorCode(err) == ENotFound {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up intake record: %w", err)
	}
	c, err := s.store.CaseByID(ctx, rec.CaseID)
	if err != nil {
		return nil, fmt.Errorf("load case of intake record: %w", err)
	}
	res := &IntakeResult{Case: c, Duplicate: true}
	if rec.ActivityID != 0 {
		if res.Activity, err = s.store.Activity(ctx, rec.ActivityID); err != nil {
			return nil, fmt.Errorf("load activity of intake record: %w", err)
		}
	}
	return res, nil
}

// putIntakeFiles stores files in the blob store and returns the
// attachments to record; files over the limit or empty are omitted.
func (s *Service) putIntakeFiles(ctx context.Context, files []IntakeFile, now time.Time) ([]*Attachment, []OmittedFile, error) {
	var atts []*Attachment
	var omitted []OmittedFile
	for _, f := range files {
		name := cleanFileName(f.Name)
		if name == "" {
			name = "priloha.bin"
		}
		head := &headReader{r: f.Content, max: 512}
		cr := &countReader{r: head}
		key, size, err := s.blobs.Put(ctx, cr, s.opts.MaxAttachment)
		switch {
		case errors.Is(err, blob.ErrTooLarge):
			n, _ := io.Copy(io.Discard, f.Content)
			omitted = append(omitted, OmittedFile{Name: name, Size: cr.n + n,
				Reason: "larger than the attachment limit of " + humanSize(s.opts.MaxAttachment)})
			continue
		case err != nil:
			return nil, nil, fmt.Errorf("store intake file %q: %w", name, err)
		case size == 0:
			omitted = append(omitted, OmittedFile{Name: name, Size: 0, Reason: "empty"})
			continue
		}
		atts = append(atts, &Attachment{Name: name, ContentType: SniffContentType(head.buf, name),
			Size: size, Key: key, CreatedAt: now})
	}
	return atts, omitted, nil
}

// intakeCase registers item as a new case.
func (s *Service) intakeCase(ctx context.Context, st IntakeStore, item IntakeItem, atts []*Attachment,
	omitted []OmittedFile, now time.Time) (*IntakeResult, error) {
	c := &Case{Source: item.Source, ReceivedAt: item.ReceivedAt.UTC(), State: StateNew,
		Subject: intakeSubject(item.Subject), Description: intakeText(item.Description, omitted),
		SourceRef: item.Refs[0], CreatedAt: now, UpdatedAt: now}
	// Informing the sender is the office's choice here, not the
	// citizen's request (§ 42 SŘ): it sets no reply deadline.
	c.KeepInformed = item.KeepInformed && item.SenderEmail != ""
	// Matching the sender and creating the case go together, so two
	// messages of a new sender taken at once make one contact.
	s.intakeMu.Lock()
	defer s.intakeMu.Unlock()
	sub, err := s.intakeSubmitter(ctx, item)
	if err != nil {
		return nil, err
	}
	if sub != nil && sub.ID != 0 {
		c.SubmitterID, sub = sub.ID, nil
	}
	if err := s.prepareNew(ctx, &User{}, c, sub); err != nil {
		return nil, err
	}
	hist := []HistoryEntry{{At: now, Field: "state", New: string(c.State), Public: true}}
	for _, o := range omitted {
		hist = append(hist, HistoryEntry{At: now, Field: "attachment_omitted", New: o.String()})
	}
	notes, err := s.caseNotifications(ctx, nil, c, sub, "", "") // outbox
	if err != nil {
		return nil, err
	}
	nc := NewCase{Case: c, Submitter: sub, Number: s.numberScope(now), History: hist, Notifications: notes}
	if err := st.CreateIntakeCase(ctx, nc, atts, item.Refs); err != nil {
		return nil, fmt.Errorf("create intake case: %w", err)
	}
	s.wakeOutbox(len(notes))
	return &IntakeResult{Case: c, Omitted: omitted}, nil
}

// intakeSubmitter returns the contact with the sender's address, a new
// contact for an unknown sender (ID 0), or nil for no sender.
func (s *Service) intakeSubmitter(ctx context.Context, item IntakeItem) (*Contact, error) {
	email := strings.ToLower(strings.TrimSpace(item.SenderEmail))
	if email == "" || !ValidEmail(email) {
		return nil, nil
	}
	list, _, err := s.store.ListContacts(ctx, ContactFilter{Email: email, Limit: 2})
	if err != nil {
		return nil, fmt.Errorf("match sender: %w", err)
	}
	if len(list) > 0 {
		return &list[0], nil
	}
	c := &Contact{Kind: KindPerson, Email: email}
	name := strings.Join(strings.Fields(item.SenderName), " ")
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxShortText || strings.Contains(name, "@") {
		name = ""
	}
	if i := strings.LastIndexByte(name, ' '); i > 0 {
		c.FirstName, c.LastName = name[:i], name[i+1:]
	} else {
		c.LastName = name
	}
	return c, nil
}

// intakeReply records item as an activity on target.
func (s *Service) intakeReply(ctx context.Context, st IntakeStore, target *Case, item IntakeItem,
	atts []*Attachment, omitted []OmittedFile, now time.Time) (*IntakeResult, error) {
	from := item.SenderEmail
	if item.SenderName != "" {
		from = item.SenderName + " <" + item.SenderEmail + ">"
	}
	text := fmt.Sprintf("E-mail: %s\n%s\n\n%s", strings.TrimSpace(from), intakeSubject(item.Subject), item.Description)
	a := &Activity{CaseID: target.ID, At: item.ReceivedAt.UTC(), Description: intakeText(text, omitted)}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	hist := []HistoryEntry{{CaseID: target.ID, At: now, Field: "activity", New: a.Description}}
	for _, o := range omitted {
		hist = append(hist, HistoryEntry{CaseID: target.ID, At: now, Field: "attachment_omitted", New: o.String()})
	}
	for _, at := range atts {
		at.CaseID = target.ID
	}
	if err := st.AddIntakeActivity(ctx, a, atts, item.Refs, hist); err != nil {
		return nil, fmt.Errorf("add intake activity: %w", err)
	}
	return &IntakeResult{Case: target, Activity: a, Omitted: omitted}, nil
}

// intakeSubject returns a valid subject: a placeholder for none, cut to
// MaxSubject characters.
func intakeSubject(s string) string {
	s = strings.Join(strings.Fields(cleanText(s)), " ")
	if s == "" {
		return "(bez předmětu)"
	}
	if utf8.RuneCountInString(s) > MaxSubject {
		s = string([]rune(s)[:MaxSubject-1]) + "…"
	}
	return s
}

// intakeText returns a valid description: the text with a list of omitted
// parts, cut to MaxDescription characters (the original stays attached).
func intakeText(s string, omitted []OmittedFile) string {
	s = strings.TrimSpace(cleanText(s))
	var note strings.Builder
	for _, o := range omitted {
		fmt.Fprintf(&note, "\n[Příloha vynechána / attachment omitted: %s]", o.String())
	}
	const cut = "\n[… text zkrácen, celé znění je v příloze / text cut, see the attachment]"
	room := MaxDescription - utf8.RuneCountInString(note.String())
	if utf8.RuneCountInString(s) > room {
		r := []rune(s)
		s = string(r[:max(room-utf8.RuneCountInString(cut), 0)]) + cut
	}
	return strings.TrimSpace(s + note.String())
}

// cleanText makes s valid UTF-8 without NUL and other C0 controls but tab
// and newline, with CRLF as LF.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
