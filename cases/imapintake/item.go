package imapintake

import (
	"bytes"
	"strings"
	"time"

	"linka/cases"
)

// Item turns a parsed message into an intake item: the subject, the text
// (with a note when the message has none), the sender, the references
// (imapRef, the Message-ID, the content hash), the thread ids, the
// original message as "zprava.eml" followed by the attachments, and the
// parts left out. receivedAt is the server's delivery time (INTERNALDATE);
// zero means the Date header.
func (m *Message) Item(imapRef string, receivedAt time.Time) cases.IntakeItem {
	refs := []string{}
	if m.MessageID != "" {
		refs = append(refs, cases.MessageIDRef(m.MessageID))
	}
	refs = append(refs, cases.ContentRef("mail", m.SHA256))
	if imapRef != "" {
		refs = append(refs, imapRef)
	}
	if receivedAt.IsZero() {
		receivedAt = m.Date
	}
	text := m.Text
	if strings.TrimSpace(text) == "" {
		text = "(Zpráva nemá textovou část, viz přílohy. / The message has no text part, see the attachments.)"
	}
	item := cases.IntakeItem{Source: cases.SourceEmail, ReceivedAt: receivedAt, Subject: m.Subject,
		Description: text, SenderName: m.FromName, SenderEmail: m.FromAddr, Refs: refs,
		Thread: m.Thread, Omitted: m.Omitted}
	item.Files = append(item.Files, cases.IntakeFile{Name: "zprava.eml", Content: bytes.NewReader(m.raw)})
	for _, p := range m.Parts {
		item.Files = append(item.Files, cases.IntakeFile{Name: p.Name, Content: bytes.NewReader(p.Data)})
	}
	return item
}
