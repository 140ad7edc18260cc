package cases

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"linka/internal/blob"
)

// WebSubmission is what a citizen sends through the portal's web form
// ("Jméno a příjmení; Ulice, Obec, PSČ; telefon; e-mail; předmět; obsah").
type WebSubmission struct {
	Name         string
	Street       string
	City         string
	Postcode     string
	Phone        string
	Email        string
	Subject      string
	Text         string
	KeepInformed bool   // "send me a copy" / keep me informed by e-mail
	Lang         string // the language the citizen used, "cs" or "en"
	// Key is the form's idempotency key, a random token put in the form
	// when it was shown: submitting the same form twice makes one case.
	Key   string
	Files []Upload
}

// Upload is one attached file of a web submission.
type Upload struct {
	Name string
	Open func() (io.ReadCloser, error)
}

// Web form limits.
const (
	MaxUploads   = 5
	maxKeyLength = 64
	minKeyLength = 16
)

// SubmitResult is the outcome of a web submission.
type SubmitResult struct {
	Case *Case
	// Code is the case's new access code, shown once on the confirmation;
	// "" if it could not be issued (the case is registered anyway).
	Code      string
	ExpiresAt time.Time
	// Repeated tells that the same form had been submitted before: no new
	// case was made, and Code replaces the code of the first answer.
	Repeated bool
}

// Submit registers a web-form submission as a case from source WEB with
// its attachments, matched to an existing contact by e-mail (or else by
// phone) or with a new contact, and issues its access code. The case, the
// new contact, the attachments and the history are written in one
// transaction after every file is in the blob store, so a refused file
// (too large, empty) leaves no case behind. The same Key within a day
// returns the earlier case with a fresh code.
func (p *Portal) Submit(ctx context.Context, in WebSubmission) (*SubmitResult, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	ref := webSourceRef(in.Key)
	if prev, err := p.svc.store.CaseBySourceRef(ctx, ref); err == nil {
		return p.repeated(ctx, prev, in.Key)
	} else if ErrorCode(err) != ENotFound {
		return nil, fmt.Errorf("look up source reference: %w", err)
	}
	now := p.svc.Now()
	c := &Case{Source: SourceWeb, ReceivedAt: now, CreatedAt: now, UpdatedAt: now, State: StateNew,
		Subject: strings.TrimSpace(in.Subject), Description: in.description(),
		KeepInformed: in.KeepInformed, Language: in.Lang, SourceRef: ref}
	sub, err := p.submitter(ctx, in, now)
	if err != nil {
		return nil, err
	}
	var newSub *Contact
	if sub.ID == 0 {
		newSub = sub
	}
	c.SubmitterID = sub.ID
	system := System()
	if err := p.svc.prepareNew(ctx, system, c, newSub); err != nil {
		return nil, err
	}
	atts, err := p.storeFiles(ctx, in.Files, now)
	if err != nil {
		return nil, err
	}
	hist := []HistoryEntry{{At: now, Field: "state", New: string(c.State), Public: true}}
	for _, a := range atts {
		hist = append(hist, HistoryEntry{At: now, Field: "attachment", New: a.Name})
	}
	notes, err := p.svc.caseNotifications(ctx, nil, c, sub, "", "") // outbox: "received"
	if err != nil {
		return nil, err
	}
	nc := NewCase{Case: c, Submitter: newSub, Number: p.svc.numberScope(now), History: hist, Attachments: atts,
		Notifications: notes}
	// The case is written here rather than through Service.CreateCase,
	// which cannot carry attachments: whatever Service.CreateCase does
	// after a case is created (notifications) must be done here too.
	if err := p.svc.store.CreateCase(ctx, nc); err != nil {
		if isConflict(err) { // the same form submitted twice at once
			if prev, perr := p.svc.store.CaseBySourceRef(ctx, ref); perr == nil {
				return p.repeated(ctx, prev, in.Key)
			}
		}
		return nil, fmt.Errorf("create case: %w", err)
	}
	p.svc.wakeOutbox(len(notes))
	res := &SubmitResult{Case: c}
	code, ac, err := p.issue(ctx, c, CodeByWebForm, 0, formCode(in.Key))
	if err != nil {
		return res, errors.Join(ErrCodeNotIssued, err)
	}
	res.Code, res.ExpiresAt = code, ac.ExpiresAt
	return res, nil
}

// webSourceRef is the source reference of a web form: a hash of its
// idempotency key, so that the stored reference does not give away the
// form's access code (formCode).
func webSourceRef(key string) string {
	sum := sha256.Sum256([]byte("linka-web-form-ref\x00" + key))
	return "web:" + hex.EncodeToString(sum[:16])
}

// formCode is the access code of the case a web form registers, derived
// from the form's secret idempotency key: a form sent twice at once shows
// the same valid code in both answers. The key's 256 random bits are
// known only to the browser that showed the form; only webSourceRef's
// hash of it and the code's hash are stored.
func formCode(key string) string {
	sum := sha256.Sum256([]byte("linka-web-form-code\x00" + key))
	return FormatAccessCode(encodeCrockford(sum[:accessCodeBits/8]))
}

// ErrCodeNotIssued accompanies a SubmitResult whose case was registered
// but whose access code could not be stored.
var ErrCodeNotIssued = errors.New("cases: the case was registered but its access code was not issued")

// repeated answers a form submitted again: within a day the earlier case
// is shown with the form's code again (the browser may never have shown
// the first answer, and whichever answer it shows holds the valid code).
func (p *Portal) repeated(ctx context.Context, prev *Case, key string) (*SubmitResult, error) {
	if p.svc.Now().Sub(prev.CreatedAt) > 24*time.Hour {
		return nil, Errorf(EConflict, "this form was already sent; open the form again to send a new submission")
	}
	code, ac, err := p.issue(ctx, prev, CodeByWebForm, 0, formCode(key))
	if err != nil {
		return nil, err
	}
	return &SubmitResult{Case: prev, Code: code, ExpiresAt: ac.ExpiresAt, Repeated: true}, nil
}

func (in *WebSubmission) validate() error {
	if problems := in.problems(); len(problems) > 0 {
		return problems[0]
	}
	return nil
}

// problems normalises the submission and returns every problem with it,
// in the order of the form.
func (in *WebSubmission) problems() []error {
	for _, f := range []*string{&in.Name, &in.Street, &in.City, &in.Postcode, &in.Phone, &in.Email, &in.Subject} {
		*f = strings.TrimSpace(*f)
	}
	in.Email = strings.ToLower(in.Email)
	in.Text = strings.TrimSpace(in.Text)
	if in.Lang != "en" {
		in.Lang = "cs"
	}
	var out []error
	add := func(bad bool, err error) {
		if bad {
			out = append(out, err)
		}
	}
	add(len(in.Key) < minKeyLength || len(in.Key) > maxKeyLength || strings.Trim(in.Key,
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "",
		Invalid("form", "the form is damaged; open it again"))
	add(in.Name == "", Invalid("name", "your name is required"))
	add(in.Email == "" && in.Phone == "", Invalid("email", "give an e-mail address or a telephone number"))
	add(in.KeepInformed && in.Email == "" && in.Phone != "", Invalid("email", "to be kept informed by e-mail, give an e-mail address"))
	add(in.Subject == "", Invalid("subject", "the subject is required"))
	add(in.Text == "", Invalid("text", "the text of the submission is required"))
	add(utf8.RuneCountInString(in.Text) > MaxDescription, Invalid("text", "the text is longer than %d characters", MaxDescription))
	add(len(in.Files) > MaxUploads, Invalid("attachments", "at most %d files may be attached", MaxUploads))
	return out
}

// CheckSubmission returns every problem of a submission that can be seen
// without storing anything — missing or malformed fields, a malformed
// phone, e-mail or postcode — so a form can show them all at once. Submit
// checks the same.
func (p *Portal) CheckSubmission(in WebSubmission) []error {
	out := in.problems()
	c := in.contact()
	if err := c.Normalize(p.svc.opts.Phone); err != nil {
		out = append(out, err)
	} else if err := c.Validate(); err != nil && ErrorField(err) != "last_name" {
		out = append(out, err)
	}
	return out
}

// description is the case description: the text, then the contact
// details as the citizen typed them, so nothing typed is lost when the
// submission is matched to an existing contact.
func (in *WebSubmission) description() string {
	var b strings.Builder
	b.WriteString(in.Text)
	b.WriteString("\n\n— Webový formulář —\n")
	for _, l := range [][2]string{{"Jméno", in.Name}, {"Ulice", in.Street}, {"Obec", in.City},
		{"PSČ", in.Postcode}, {"Telefon", in.Phone}, {"E-mail", in.Email}} {
		if l[1] != "" {
			fmt.Fprintf(&b, "%s: %s\n", l[0], l[1])
		}
	}
	if in.KeepInformed {
		b.WriteString("Přeje si být informován(a) e-mailem.\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// submitter finds the contact of a submission by e-mail, then by phone, or
// returns a new (unsaved) one. An existing contact is never changed from
// the public form.
func (p *Portal) submitter(ctx context.Context, in WebSubmission, now time.Time) (*Contact, error) {
	c := in.contact()
	if err := c.Normalize(p.svc.opts.Phone); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.Email != "" {
		list, _, err := p.svc.store.ListContacts(ctx, ContactFilter{Email: c.Email, Limit: 1})
		if err != nil {
			return nil, fmt.Errorf("match contact by e-mail: %w", err)
		}
		if len(list) > 0 {
			return &list[0], nil
		}
	}
	if c.Phone != "" && c.Email == "" {
		list, err := p.svc.store.ContactsByPhone(ctx, c.Phone)
		if err != nil {
			return nil, fmt.Errorf("match contact by phone: %w", err)
		}
		if len(list) > 0 {
			return &list[0], nil
		}
	}
	c.CreatedAt, c.UpdatedAt = now, now
	return c, nil
}

// contact is the submitter as the form describes it: the last word of
// the name is the surname.
func (in *WebSubmission) contact() *Contact {
	c := &Contact{Kind: KindPerson, Phone: in.Phone, Email: in.Email,
		Address: Address{Street: in.Street, City: in.City, Postcode: in.Postcode}}
	if i := strings.LastIndexByte(in.Name, ' '); i > 0 {
		c.FirstName, c.LastName = strings.TrimSpace(in.Name[:i]), strings.TrimSpace(in.Name[i+1:])
	} else {
		c.LastName = in.Name
	}
	return c
}

// storeFiles puts every upload into the blob store, refusing a file over
// the attachment limit or an empty one.
func (p *Portal) storeFiles(ctx context.Context, files []Upload, now time.Time) ([]*Attachment, error) {
	var out []*Attachment
	for _, f := range files {
		a, err := p.storeFile(ctx, f, now)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func (p *Portal) storeFile(ctx context.Context, f Upload, now time.Time) (*Attachment, error) {
	name := cleanFileName(f.Name)
	if name == "" {
		return nil, Invalid("attachments", "an attached file has no name")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open upload: %w", err)
	}
	defer rc.Close()
	head := &headReader{r: rc, max: 512}
	key, size, err := p.svc.blobs.Put(ctx, head, p.svc.opts.MaxAttachment)
	switch {
	case errors.Is(err, blob.ErrTooLarge):
		return nil, FieldErrorf(ETooLarge, "attachments", "the file %s is larger than %s", name, humanSize(p.svc.opts.MaxAttachment))
	case err != nil:
		return nil, fmt.Errorf("store attachment: %w", err)
	case size == 0:
		return nil, Invalid("attachments", "the file %s is empty", name)
	}
	return &Attachment{Name: name, ContentType: SniffContentType(head.buf, name), Size: size, Key: key,
		CreatedAt: now}, nil
}
