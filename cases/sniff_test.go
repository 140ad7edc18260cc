package cases

import "testing"

func TestSniffContentType(t *testing.T) {
	tests := []struct {
		name, file, head, want string
	}{
		{"pdf", "scan.pdf", "%PDF-1.7\n", "application/pdf"},
		{"pdf named txt", "x.txt", "%PDF-1.4", "application/pdf"},
		{"png", "a.png", "\x89PNG\r\n\x1a\nxxxx", "image/png"},
		{"jpeg", "a.jpg", "\xff\xd8\xff\xe0", "image/jpeg"},
		{"tiff", "a.tif", "II*\x00abc", "image/tiff"},
		{"docx", "a.docx", "PK\x03\x04abc", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"plain zip", "a.zip", "PK\x03\x04abc", "application/zip"},
		{"wav", "a.wav", "RIFF\x00\x00\x00\x00WAVEfmt ", "audio/wav"},
		{"html stays text", "a.pdf", "<html><script>alert(1)</script>", "text/plain; charset=utf-8"},
		{"eml", "m.eml", "Received: from x\r\n", "message/rfc822"},
		{"czech text", "a.txt", "Dobrý den, žádám…", "text/plain; charset=utf-8"},
		{"binary", "a.bin", "\x00\x01\x02", "application/octet-stream"},
		{"empty", "a", "", "application/octet-stream"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SniffContentType([]byte(tt.head), tt.file); got != tt.want {
				t.Errorf("SniffContentType(%q, %q) = %q, want %q", tt.head, tt.file, got, tt.want)
			}
		})
	}
}

func TestCleanFileName(t *testing.T) {
	for in, want := range map[string]string{
		"dopis.pdf": "dopis.pdf", "../../etc/passwd": "passwd", `C:\Users\x\sken 1.pdf`: "sken 1.pdf",
		"a\"b\x00.pdf": "ab.pdf", "": "", "/": "",
	} {
		if got := cleanFileName(in); got != want {
			t.Errorf("cleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHumanSize(t *testing.T) {
	for n, want := range map[int64]string{25 << 20: "25 MiB", 1536 << 10: "1.5 MiB", 1024: "1 KiB", 500: "500 bytes"} {
		if got := humanSize(n); got != want {
			t.Errorf("humanSize(%d) = %q, want %q", n, got, want)
		}
	}
}
