package cases

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// signatures maps leading bytes to content types for the files citizens
// and the registry send: scans, documents, pictures, e-mails.
var signatures = []struct {
	prefix []byte
	ctype  string
}{
	{[]byte("%PDF-"), "application/pdf"},
	{[]byte("\x89PNG\r\n\x1a\n"), "image/png"},
	{[]byte("\xff\xd8\xff"), "image/jpeg"},
	{[]byte("GIF87a"), "image/gif"},
	{[]byte("GIF89a"), "image/gif"},
	{[]byte("II*\x00"), "image/tiff"},
	{[]byte("MM\x00*"), "image/tiff"},
	{[]byte("RIFF"), "audio/wav"}, // checked further below
	{[]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "application/x-ole-storage"},
	{[]byte("PK\x03\x04"), "application/zip"},
}

// zipTypes maps the extensions of zip-based office formats to their types;
// a zip is only reported as one of them when the name says so.
var zipTypes = map[string]string{
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",
}

// SniffContentType returns the content type of a file from its first bytes
// (up to 512); the name only refines a container format it already
// matched. Unknown binary content is "application/octet-stream", so a
// browser never renders uploaded content as HTML.
func SniffContentType(head []byte, name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	for _, s := range signatures {
		if !bytes.HasPrefix(head, s.prefix) {
			continue
		}
		switch s.ctype {
		case "audio/wav":
			if len(head) >= 12 && string(head[8:12]) == "WAVE" {
				return s.ctype
			}
			return "application/octet-stream"
		case "application/zip":
			if t, ok := zipTypes[ext]; ok {
				return t
			}
		case "application/x-ole-storage":
			switch ext {
			case ".doc":
				return "application/msword"
			case ".xls":
				return "application/vnd.ms-excel"
			}
			return "application/octet-stream"
		}
		return s.ctype
	}
	if looksLikeMail(head) && ext == ".eml" {
		return "message/rfc822"
	}
	if isText(head) {
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}

func looksLikeMail(head []byte) bool {
	for _, h := range []string{"Received:", "Return-Path:", "From:", "Message-ID:", "Date:", "MIME-Version:", "Delivered-To:"} {
		if len(head) >= len(h) && strings.EqualFold(string(head[:len(h)]), h) {
			return true
		}
	}
	return false
}

// isText reports whether head is UTF-8 text without control characters
// other than tab, CR, LF and form feed. A multi-byte rune cut at the end of
// the head is allowed.
func isText(head []byte) bool {
	if len(head) == 0 {
		return false
	}
	for i := 0; i < len(head); {
		r, size := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && size == 1 {
			return len(head)-i < utf8.UTFMax && len(head) == 512
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' {
			return false
		}
		i += size
	}
	return true
}
