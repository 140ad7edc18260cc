package imapintake

import (
	"testing"
	"time"

	"github.com/emersion/go-message"
)

var timeZero time.Time

func TestAutoReason(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		from    string
		auto    bool
	}{
		{"person", map[string]string{"Subject": "Lampa"}, "petr@example.cz", false},
		{"auto-submitted no", map[string]string{"Auto-Submitted": "no"}, "petr@example.cz", false},
		{"auto-replied", map[string]string{"Auto-Submitted": "auto-replied"}, "petr@example.cz", true},
		{"auto-generated", map[string]string{"Auto-Submitted": "auto-generated"}, "x@example.cz", true},
		{"dsn", map[string]string{"Content-Type": "multipart/report; report-type=delivery-status; boundary=x"}, "x@example.cz", true},
		{"mailer-daemon", nil, "MAILER-DAEMON@mx.example.cz", true},
		{"x-autoreply", map[string]string{"X-Autoreply": "yes"}, "x@example.cz", true},
		{"precedence auto_reply", map[string]string{"Precedence": "auto_reply"}, "x@example.cz", true},
		{"precedence junk", map[string]string{"Precedence": "junk"}, "x@example.cz", true},
		{"precedence bulk alone", map[string]string{"Precedence": "bulk"}, "spolek@example.cz", false},
		{"precedence list", map[string]string{"Precedence": "list"}, "spolek@example.cz", false},
		{"precedence bulk no-reply", map[string]string{"Precedence": "bulk"}, "no-reply@example.cz", true},
		{"precedence bulk null path", map[string]string{"Precedence": "bulk", "Return-Path": "<>"}, "info@example.cz", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h message.Header
			for k, v := range tt.headers {
				h.Set(k, v)
			}
			if got := AutoReason(h, tt.from); (got != "") != tt.auto {
				t.Errorf("AutoReason(%v, %q) = %q, want automatic %v", tt.headers, tt.from, got, tt.auto)
			}
		})
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>Ahoj <b>světe</b></p><p>Druhý</p>", "Ahoj světe\n\nDruhý"},
		{"a<br>b<br/>c", "a\nb\nc"},
		{"<a href=\"https://x.cz\">odkaz</a>", "odkaz (https://x.cz)"},
		{"<a href=\"https://x.cz\">https://x.cz</a>", "https://x.cz"},
		{"<style>p{}</style><script>x()</script>text &amp; more", "text & more"},
	}
	for _, tt := range tests {
		if got := HTMLText(tt.in); got != tt.want {
			t.Errorf("HTMLText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
