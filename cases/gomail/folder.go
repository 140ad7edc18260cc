package gomail

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"linka/cases"
)

// Folder "sends" mail by writing each message as an .eml file into a
// directory: the demo's transport, which needs no SMTP server, and a way to
// hand mail to another system. A repeated delivery of a notification
// replaces its file, so the folder holds each notification once.
type Folder struct{ dir string }

var _ cases.Sender = (*Folder)(nil)

// NewFolder returns a Folder writing into dir, which it creates.
func NewFolder(dir string) (*Folder, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("gomail: create the mail folder: %w", err)
	}
	return &Folder{dir: dir}, nil
}

// Dir returns the folder's path.
func (f *Folder) Dir() string { return f.dir }

// fileName is the file of notification id.
func fileName(id int64) string { return fmt.Sprintf("linka-%08d.eml", id) }

// Send writes m to the folder atomically: a temporary file, fsync, rename.
func (f *Folder) Send(_ context.Context, m *cases.OutgoingMail) error {
	msg, err := Message(m)
	if err != nil {
		return cases.PermanentFailure(err)
	}
	tmp, err := os.CreateTemp(f.dir, ".tmp-*.eml")
	if err != nil {
		return fmt.Errorf("gomail: write mail: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename there is nothing to remove
	_, err = msg.WriteTo(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(f.dir, fileName(m.NotificationID)))
	}
	if err != nil {
		return fmt.Errorf("gomail: write mail: %w", err)
	}
	return nil
}

// List returns the newest max files (all when max ≤ 0), newest first,
// with their headers.
func (f *Folder) List(_ context.Context, max int) ([]cases.MailFile, error) {
	entries, err := os.ReadDir(f.dir)
	if err != nil {
		return nil, fmt.Errorf("gomail: list the mail folder: %w", err)
	}
	var out []cases.MailFile
	for _, e := range entries {
		if e.IsDir() || !validName(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, cases.MailFile{Name: e.Name(), Size: info.Size(), Written: info.ModTime().UTC()})
	}
	slices.SortFunc(out, func(a, b cases.MailFile) int {
		if c := b.Written.Compare(a.Written); c != 0 {
			return c
		}
		return strings.Compare(b.Name, a.Name)
	})
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	for i := range out {
		f.readHeaders(&out[i])
	}
	return out, nil
}

// readHeaders fills in the Message-ID, recipient and decoded subject.
func (f *Folder) readHeaders(mf *cases.MailFile) {
	file, err := os.Open(filepath.Join(f.dir, mf.Name))
	if err != nil {
		return
	}
	defer file.Close()
	msg, err := mail.ReadMessage(io.LimitReader(file, 1<<20))
	if err != nil {
		return
	}
	dec := new(mime.WordDecoder)
	mf.MessageID = msg.Header.Get("Message-Id")
	mf.To = msg.Header.Get("To")
	mf.Subject = msg.Header.Get("Subject")
	if s, err := dec.DecodeHeader(mf.Subject); err == nil {
		mf.Subject = s
	}
	if list, err := msg.Header.AddressList("To"); err == nil {
		var to []string
		for _, a := range list {
			to = append(to, a.Address)
		}
		mf.To = strings.Join(to, ", ")
	}
}

// Open returns the file called name; a name the folder would not write
// is not found.
func (f *Folder) Open(_ context.Context, name string) (io.ReadSeekCloser, error) {
	if !validName(name) {
		return nil, cases.Errorf(cases.ENotFound, "mail %s not found", name)
	}
	file, err := os.Open(filepath.Join(f.dir, name))
	if os.IsNotExist(err) {
		return nil, cases.Errorf(cases.ENotFound, "mail %s not found", name)
	}
	if err != nil {
		return nil, fmt.Errorf("gomail: open mail: %w", err)
	}
	return file, nil
}

// validName reports whether name is a file Send writes.
func validName(name string) bool {
	id, ok := strings.CutPrefix(name, "linka-")
	id, ok2 := strings.CutSuffix(id, ".eml")
	if !ok || !ok2 || id == "" {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
