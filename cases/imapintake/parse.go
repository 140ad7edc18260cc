package imapintake

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode windows-1250, iso-8859-2 and the rest
	"github.com/emersion/go-message/mail"
	"golang.org/x/text/encoding/charmap"

	"linka/cases"
)

// Limits of the MIME walk.
const (
	maxDepth = 20   // nested multiparts
	maxParts = 1000 // leaves of one message
)

// Message is an e-mail parsed for intake.
type Message struct {
	MessageID string   // without angle brackets; "" if none
	Thread    []string // In-Reply-To and References, with angle brackets
	Subject   string
	FromName  string
	FromAddr  string
	Date      time.Time // the Date header; zero if missing or bad
	Text      string    // the text body; HTML converted to text
	Parts     []Part    // attachments (and inline non-text parts)
	Omitted   []cases.OmittedFile
	Auto      string // why the message is automatic (see AutoReason); "" if not
	Problems  []string
	SHA256    string // of the raw message
	raw       []byte
}

// Part is an attachment of a message.
type Part struct {
	Name string
	Data []byte
}

// Parse reads a raw RFC 5322 message. It never fails: what cannot be
// decoded is reported in Problems and the raw message stays the
// authority (it is attached to the case). Parts over maxPart bytes are
// left out and listed in Omitted.
func Parse(raw []byte, maxPart int64) *Message {
	sum := sha256.Sum256(raw)
	m := &Message{SHA256: hex.EncodeToString(sum[:]), raw: raw}
	e, err := message.Read(bytes.NewReader(raw))
	if e == nil {
		m.Problems = append(m.Problems, fmt.Sprintf("unreadable header: %v", err))
		m.Text = strings.ToValidUTF8(string(raw[:min(len(raw), 64<<10)]), "\uFFFD")
		return m
	}
	m.headers(mail.Header{Header: e.Header})
	m.Auto = AutoReason(e.Header, m.FromAddr)
	w := &walker{m: m, maxPart: maxPart}
	w.walk(e, err, 0)
	switch {
	case len(w.plain) > 0:
		m.Text = strings.Join(w.plain, "\n\n")
	case len(w.html) > 0:
		m.Text = strings.Join(w.html, "\n\n")
	}
	return m
}

// headers reads the envelope fields.
func (m *Message) headers(h mail.Header) {
	m.MessageID, _ = h.MessageID()
	if m.MessageID == "" {
		m.MessageID = strings.Trim(strings.TrimSpace(h.Get("Message-Id")), "<>")
	}
	for _, k := range []string{"In-Reply-To", "References"} {
		ids, err := h.MsgIDList(k)
		if err != nil {
			ids = strings.Fields(strings.NewReplacer("<", " ", ">", " ", ",", " ").Replace(h.Get(k)))
		}
		for _, id := range ids {
			m.Thread = append(m.Thread, "<"+id+">")
		}
	}
	var err error
	if m.Subject, err = h.Subject(); err != nil {
		m.Problems = append(m.Problems, fmt.Sprintf("subject: %v", err))
		m.Subject = decodeUnknown([]byte(m.Subject))
	}
	if from, err := h.AddressList("From"); err == nil && len(from) > 0 {
		m.FromName, m.FromAddr = from[0].Name, from[0].Address
	} else if v := h.Get("From"); v != "" {
		if a := looseAddress.FindString(v); a != "" {
			m.FromAddr = a
		}
	}
	m.Date, _ = h.Date()
}

var looseAddress = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)

// walker collects text and attachments from a MIME tree.
type walker struct {
	m       *Message
	maxPart int64
	plain   []string
	html    []string
	leaves  int
}

func (w *walker) walk(e *message.Entity, readErr error, depth int) {
	if depth > maxDepth {
		w.m.Problems = append(w.m.Problems, "multiparts nested too deep")
		return
	}
	if mr := e.MultipartReader(); mr != nil {
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return
			}
			if p == nil {
				w.m.Problems = append(w.m.Problems, fmt.Sprintf("broken multipart: %v", err))
				return
			}
			w.walk(p, err, depth+1)
		}
	}
	w.leaves++
	if w.leaves > maxParts {
		if w.leaves == maxParts+1 {
			w.m.Problems = append(w.m.Problems, "too many parts")
		}
		return
	}
	w.leaf(e, readErr)
}

// leaf handles one non-multipart entity.
func (w *walker) leaf(e *message.Entity, readErr error) {
	ctype, params, _ := e.Header.ContentType()
	disp, _, _ := e.Header.ContentDisposition()
	name := fileName(e.Header)
	data, size, err := readLimited(e.Body, w.maxPart)
	if err != nil {
		w.m.Problems = append(w.m.Problems, fmt.Sprintf("part %q: %v", name, err))
	}
	isText := strings.HasPrefix(ctype, "text/plain") || strings.HasPrefix(ctype, "text/html") || ctype == ""
	if isText && name == "" && disp != "attachment" && data != nil {
		text := string(data)
		if message.IsUnknownCharset(readErr) || !utf8.ValidString(text) {
			w.m.Problems = append(w.m.Problems, fmt.Sprintf("unknown charset %q", params["charset"]))
			text = decodeUnknown(data)
		}
		if ctype == "text/html" {
			w.html = append(w.html, HTMLText(text))
		} else {
			w.plain = append(w.plain, text)
		}
		return
	}
	if name == "" {
		name = partName(ctype, len(w.m.Parts)+len(w.m.Omitted)+1)
	}
	if data == nil {
		w.m.Omitted = append(w.m.Omitted, cases.OmittedFile{Name: name, Size: size,
			Reason: fmt.Sprintf("larger than the attachment limit of %d MiB", w.maxPart>>20)})
		return
	}
	w.m.Parts = append(w.m.Parts, Part{Name: name, Data: data})
}

// readLimited reads r whole; over max bytes it returns nil data and the
// full size.
func readLimited(r io.Reader, max int64) ([]byte, int64, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if int64(len(data)) <= max {
		return data, int64(len(data)), err
	}
	n, err2 := io.Copy(io.Discard, r)
	return nil, int64(len(data)) + n, errors.Join(err, err2)
}

// decodeUnknown turns text of an unknown or wrong charset into UTF-8: kept
// when it is valid UTF-8, else read as windows-1250 (the Czech default).
func decodeUnknown(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	s, err := charmap.Windows1250.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(s)
}

// fileName returns a part's file name: Content-Disposition filename (RFC
// 2231 and RFC 2047 decoded), else Content-Type name; RFC 2231 values in
// charsets the standard library does not decode are decoded here.
func fileName(h message.Header) string {
	// The standard library decodes RFC 2231 values only in UTF-8 and
	// US-ASCII and keeps the rest of a continuation in other charsets:
	// extended values are decoded here first.
	for _, field := range []string{"Content-Disposition", "Content-Type"} {
		v := h.Get(field)
		for _, p := range []string{"filename", "name"} {
			if strings.Contains(strings.ToLower(v), p+"*") {
				if n := rfc2231Value(v, p); n != "" {
					return n
				}
			}
		}
	}
	ah := mail.AttachmentHeader{Header: h}
	if n, err := ah.Filename(); err == nil && n != "" && utf8.ValidString(n) {
		return n
	}
	for _, field := range []string{"Content-Disposition", "Content-Type"} {
		for _, p := range []string{"filename", "name"} {
			if n := rfc2231Value(h.Get(field), p); n != "" {
				return n
			}
		}
	}
	return ""
}

// rfc2231Param matches name*=…, name*0*=…, name*1=… and name="…".
var rfc2231Param = regexp.MustCompile(`(?i)(?:^|;)\s*([a-z]+)(\*\d+)?(\*)?\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)`)

// rfc2231Value decodes parameter p of a header value by hand (RFC 2231
// continuations and any charset; RFC 2047 words in quotes).
func rfc2231Value(v, p string) string {
	type seg struct {
		n   int
		enc bool
		val string
	}
	var segs []seg
	for _, m := range rfc2231Param.FindAllStringSubmatch(v, -1) {
		if !strings.EqualFold(m[1], p) {
			continue
		}
		n := 0
		if m[2] != "" {
			n, _ = strconv.Atoi(m[2][1:])
		}
		segs = append(segs, seg{n: n, enc: m[3] != "", val: strings.Trim(strings.TrimSpace(m[4]), `"`)})
	}
	if len(segs) == 0 {
		return ""
	}
	sort.SliceStable(segs, func(i, j int) bool { return segs[i].n < segs[j].n })
	var raw []byte
	charset := ""
	for i, s := range segs {
		val := s.val
		if s.enc {
			if i == 0 {
				if parts := strings.SplitN(val, "'", 3); len(parts) == 3 {
					charset, val = parts[0], parts[2]
				}
			}
			if u, err := url.PathUnescape(val); err == nil {
				val = u
			}
		}
		raw = append(raw, val...)
	}
	if charset != "" && message.CharsetReader != nil {
		if r, err := message.CharsetReader(charset, bytes.NewReader(raw)); err == nil {
			if b, err := io.ReadAll(r); err == nil {
				return string(b)
			}
		}
	}
	dec := mime.WordDecoder{CharsetReader: message.CharsetReader}
	if s, err := dec.DecodeHeader(string(raw)); err == nil {
		return decodeUnknown([]byte(s))
	}
	return decodeUnknown(raw)
}

// partName names a part that has no file name after its type.
func partName(ctype string, n int) string {
	ext := ".bin"
	switch {
	case ctype == "message/rfc822":
		ext = ".eml"
	case strings.HasPrefix(ctype, "text/html"):
		ext = ".html"
	case strings.HasPrefix(ctype, "text/"):
		ext = ".txt"
	default:
		if exts, _ := mime.ExtensionsByType(ctype); len(exts) > 0 {
			ext = exts[0]
		}
	}
	return fmt.Sprintf("cast-%d%s", n, ext)
}
