package imapintake

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func load(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func names(m *Message) []string {
	var out []string
	for _, p := range m.Parts {
		out = append(out, p.Name)
	}
	return out
}

// TestParse_Torture parses the MIME torture messages in testdata.
func TestParse_Torture(t *testing.T) {
	tests := []struct {
		file      string
		subject   string
		from      string
		text      []string // substrings of the text
		notText   []string
		parts     []string
		omitted   []string
		auto      bool
		problems  bool
		messageID string
	}{
		{file: "nested.eml", subject: "Rozbitá lampa v ulici Dlouhá", from: "Petr.Novak@Example.cz",
			text: []string{"Dobrý den, v ulici Dlouhá nesvítí lampa č. 12."}, notText: []string{"HTML verze"},
			parts: []string{"cast-1.png", "foto.pdf", "cast-3.eml"}, messageID: "nested-1@example.cz"},
		{file: "windows1250.eml", subject: "Žádost o opravu", from: "marie@example.cz",
			text: []string{"Žádám o opravu chodníku", "Příliš žluťoučký kůň úpěl ďábelské ódy."}},
		{file: "iso88592.eml", subject: "Stížnost na hluk", from: "karel@example.cz",
			text:    []string{"Hluk", "Stěžuji si na hluk z restaurace U Kohouta.", "- pátek", "- sobota", "fotky (https://example.cz/foto)"},
			notText: []string{"alert", "color:red", "<"}},
		{file: "unknowncharset.eml", subject: "Nezname kodovani", text: []string{"Dobrý den, děkuji."}, problems: true},
		{file: "rfc2231.eml", subject: "Prilohy s diakritikou", text: []string{"Viz prilohy."},
			parts: []string{"žádost o kopii.pdf", "školní řád.txt", "příloha.txt"}},
		{file: "oversize.eml", subject: "Velka priloha", text: []string{"Posilam velky soubor"},
			parts: []string{"maly.pdf"}, omitted: []string{"velky.bin"}},
		{file: "notext.eml", subject: "Foto", parts: []string{"skladka.png"}},
		{file: "brokenboundary.eml", subject: "Rozbita hranice", text: []string{"Text pred rozbitou hranici."},
			parts: []string{"scan.pdf"}},
		{file: "autoreply.eml", auto: true, subject: "Automaticka odpoved: Podnet"},
		{file: "bounce.eml", auto: true, subject: "Undelivered Mail Returned to Sender"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := Parse(load(t, tt.file), 64<<10)
			if m.Subject != tt.subject {
				t.Errorf("Subject = %q, want %q", m.Subject, tt.subject)
			}
			if tt.from != "" && m.FromAddr != tt.from {
				t.Errorf("FromAddr = %q, want %q", m.FromAddr, tt.from)
			}
			if tt.messageID != "" && m.MessageID != tt.messageID {
				t.Errorf("MessageID = %q, want %q", m.MessageID, tt.messageID)
			}
			for _, s := range tt.text {
				if !strings.Contains(m.Text, s) {
					t.Errorf("Text = %q, want it to contain %q", m.Text, s)
				}
			}
			for _, s := range tt.notText {
				if strings.Contains(m.Text, s) {
					t.Errorf("Text = %q, want no %q", m.Text, s)
				}
			}
			if got := names(m); !tt.auto && !slices.Equal(got, tt.parts) {
				t.Errorf("parts = %q, want %q", got, tt.parts)
			}
			var om []string
			for _, o := range m.Omitted {
				om = append(om, o.Name)
				if o.Size < 200000 {
					t.Errorf("omitted %s size = %d, want its full size", o.Name, o.Size)
				}
			}
			if !slices.Equal(om, tt.omitted) {
				t.Errorf("omitted = %q, want %q", om, tt.omitted)
			}
			if (m.Auto != "") != tt.auto {
				t.Errorf("Auto = %q, want automatic %v", m.Auto, tt.auto)
			}
			if tt.problems && len(m.Problems) == 0 {
				t.Errorf("Problems = none, want a problem reported")
			}
		})
	}
}

func TestParse_Garbage(t *testing.T) {
	for _, raw := range []string{"", "\x00\x01\x02", "Subject: x\r\n", "no header at all\r\n\r\nbody",
		"Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n"} {
		m := Parse([]byte(raw), 1024)
		it := m.Item("imap:x", timeZero)
		if len(it.Refs) == 0 || len(it.Files) == 0 || it.Description == "" {
			t.Errorf("Parse(%q).Item() = refs %q, %d files, description %q; want refs, the original and a text", raw, it.Refs, len(it.Files), it.Description)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, n := range []string{"nested.eml", "rfc2231.eml", "brokenboundary.eml", "iso88592.eml"} {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := Parse(raw, 1<<16)
		_ = m.Item("imap:x", timeZero)
	})
}
