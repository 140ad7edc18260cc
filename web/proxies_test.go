package web

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestTrustedProxies_ClientIP(t *testing.T) {
	tp := trustedProxies{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.1/32")}
	for _, tc := range []struct {
		name, peer, xff, want string
	}{
		{"no proxy", "198.51.100.7:1234", "", "198.51.100.7"},
		{"untrusted peer's header ignored", "198.51.100.7:1234", "203.0.113.9", "198.51.100.7"},
		{"one trusted proxy", "10.0.0.2:1234", "203.0.113.9", "203.0.113.9"},
		{"forged left entries ignored", "10.0.0.2:1234", "1.2.3.4, 203.0.113.9", "203.0.113.9"},
		{"two trusted proxies", "10.0.0.2:1234", "203.0.113.9, 192.0.2.1", "203.0.113.9"},
		{"malformed entry stops the walk", "10.0.0.2:1234", "203.0.113.9, junk", "10.0.0.2"},
		{"trusted proxy without header", "10.0.0.2:1234", "", "10.0.0.2"},
		{"IPv4-mapped peer", "[::ffff:10.0.0.2]:1234", "203.0.113.9", "203.0.113.9"},
		{"IPv6 client", "10.0.0.2:1234", "2001:db8::1", "2001:db8::1"},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tc.peer
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if got := tp.clientIP(r); got != tc.want {
			t.Errorf("%s: clientIP = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestTrustedProxies_HTTPS(t *testing.T) {
	tp := trustedProxies{netip.MustParsePrefix("10.0.0.0/8")}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "10.0.0.2:1"
	r.Header.Set("X-Forwarded-Proto", "https")
	if !tp.https(r) {
		t.Errorf("https(trusted proxy says https) = false")
	}
	r.RemoteAddr = "198.51.100.7:1"
	if tp.https(r) {
		t.Errorf("https(untrusted peer says https) = true")
	}
	r.TLS = &tls.ConnectionState{}
	if !tp.https(r) {
		t.Errorf("https(direct TLS) = false")
	}
	if got := throttleIP("2001:db8:1:2:3:4:5:6"); got != "2001:db8:1:2::/64" {
		t.Errorf("throttleIP(IPv6) = %q, want its /64", got)
	}
}

func TestCheckPortalColour(t *testing.T) {
	for c, ok := range map[string]bool{"#1d4f91": true, "#000000": true, "#767676": true, "#777777": false,
		"#ffff00": false, "1d4f91": false, "#12345g": false} {
		if err := CheckPortalColour(c); (err == nil) != ok {
			t.Errorf("CheckPortalColour(%s) = %v, want ok %v", c, err, ok)
		}
	}
	if r, _ := contrast("#000000", "#ffffff"); r < 20.99 || r > 21.01 {
		t.Errorf("contrast(black, white) = %.3f, want 21", r)
	}
}
