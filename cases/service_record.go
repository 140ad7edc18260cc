package cases

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"linka/internal/blob"
)

// AddActivity records a handling step on a case.
func (s *Service) AddActivity(ctx context.Context, u *User, number string, a Activity) (*Activity, error) {
	c, err := s.visibleCase(ctx, u, number)
	if err != nil {
		return nil, err
	}
	if !canEdit(u, c) {
		return nil, Errorf(EForbidden, "you may not change this case")
	}
	a.CaseID, a.CreatedBy = c.ID, u.ID
	if a.At.IsZero() {
		a.At = s.Now()
	}
	if a.TakenBy == 0 {
		a.TakenBy = u.ID
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	for _, ref := range []struct {
		field string
		id    int64
	}{{"taken_by", a.TakenBy}, {"handed_to", a.HandedTo}} {
		if ref.id == 0 || ref.id == u.ID {
			continue
		}
		if _, err := s.store.User(ctx, ref.id); err != nil {
			return nil, refErr(err, ref.field, "unknown user")
		}
	}
	hist := []HistoryEntry{{CaseID: c.ID, At: s.Now(), UserID: u.ID, Field: "activity", New: a.Description}}
	if err := s.store.AddActivity(ctx, &a, hist); err != nil {
		return nil, fmt.Errorf("add activity: %w", err)
	}
	return &a, nil
}

// SetActivityDone marks a handling step done or not done.
func (s *Service) SetActivityDone(ctx context.Context, u *User, number string, id int64, done bool) (*Activity, error) {
	c, err := s.visibleCase(ctx, u, number)
	if err != nil {
		return nil, err
	}
	if !canEdit(u, c) {
		return nil, Errorf(EForbidden, "you may not change this case")
	}
	a, err := s.store.Activity(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.CaseID != c.ID {
		return nil, notFound("activity")
	}
	if a.Done == done {
		return a, nil
	}
	hist := []HistoryEntry{{CaseID: c.ID, At: s.Now(), UserID: u.ID, Field: "activity_done",
		Old: fmt.Sprint(a.Done), New: fmt.Sprint(done)}}
	a.Done = done
	if err := s.store.UpdateActivity(ctx, a, hist); err != nil {
		return nil, fmt.Errorf("update activity: %w", err)
	}
	return a, nil
}

// Activities returns the handling steps of a case u may see.
func (s *Service) Activities(ctx context.Context, u *User, number string) ([]Activity, error) {
	c, err := s.visibleCase(ctx, u, number)
	if err != nil {
		return nil, err
	}
	return s.store.Activities(ctx, c.ID)
}

// AddAttachment stores content read from r as a file attached to a case.
// The content type is sniffed from the content; content larger than the
// configured limit is refused with ETooLarge and nothing is recorded.
func (s *Service) AddAttachment(ctx context.Context, u *User, number, name string, r io.Reader) (*Attachment, error) {
	c, err := s.visibleCase(ctx, u, number)
	if err != nil {
		return nil, err
	}
	if !canEdit(u, c) {
		return nil, Errorf(EForbidden, "you may not change this case")
	}
	return s.attach(ctx, u, c, name, r)
}

// attach stores r in the blob store and records it on c.
func (s *Service) attach(ctx context.Context, u *User, c *Case, name string, r io.Reader) (*Attachment, error) {
	name = cleanFileName(name)
	if name == "" {
		return nil, Invalid("name", "the file name is required")
	}
	head := &headReader{r: r, max: 512}
	key, size, err := s.blobs.Put(ctx, head, s.opts.MaxAttachment)
	if err != nil {
		if errors.Is(err, blob.ErrTooLarge) {
			return nil, FieldErrorf(ETooLarge, "file", "the file is larger than %s", humanSize(s.opts.MaxAttachment))
		}
		return nil, fmt.Errorf("store attachment: %w", err)
	}
	if size == 0 {
		return nil, Invalid("file", "the file is empty")
	}
	a := &Attachment{CaseID: c.ID, Name: name, ContentType: SniffContentType(head.buf, name),
		Size: size, Key: key, CreatedAt: s.Now(), CreatedBy: u.ID}
	hist := []HistoryEntry{{CaseID: c.ID, At: a.CreatedAt, UserID: u.ID, Field: "attachment", New: name}}
	if err := s.store.AddAttachment(ctx, a, hist); err != nil {
		return nil, fmt.Errorf("add attachment: %w", err)
	}
	return a, nil
}

// Attachments lists the attachments of a case u may see.
func (s *Service) Attachments(ctx context.Context, u *User, number string) ([]Attachment, error) {
	c, err := s.visibleCase(ctx, u, number)
	if err != nil {
		return nil, err
	}
	return s.store.Attachments(ctx, c.ID)
}

// OpenAttachment returns an attachment of a case u may see, with its
// content, and writes the download to the access log.
func (s *Service) OpenAttachment(ctx context.Context, u *User, number string, id int64) (*Attachment, io.ReadSeekCloser, error) {
	c, err := s.visibleCase(ctx, u, number)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.store.Attachment(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if a.CaseID != c.ID {
		return nil, nil, notFound("attachment")
	}
	rc, err := s.blobs.Open(ctx, a.Key)
	if err != nil {
		return nil, nil, fmt.Errorf("open attachment %d: %w", a.ID, err)
	}
	if err := s.logAccess(ctx, u, ObjectAttachment, a.ID, "download"); err != nil {
		return nil, nil, errors.Join(err, rc.Close())
	}
	return a, rc, nil
}

// cleanFileName keeps the base name of a client-supplied file name.
func cleanFileName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = filepath.Base(strings.TrimSpace(name))
	if name == "." || name == "/" || !utf8.ValidString(name) {
		return ""
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > 200 {
		name = string([]rune(name)[:200])
	}
	return name
}

// headReader passes reads through and keeps the first max bytes.
type headReader struct {
	r   io.Reader
	max int
	buf []byte
}

func (h *headReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	if room := h.max - len(h.buf); room > 0 && n > 0 {
		h.buf = append(h.buf, p[:min(n, room)]...)
	}
	return n, err
}

// humanSize formats a byte count for messages ("25 MiB", "512 KiB").
func humanSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
