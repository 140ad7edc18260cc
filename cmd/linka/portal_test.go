package main

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestDemo_Portal: the demo serves the citizen portal at /portal/ and on
// its own listener (-portal-addr), and prints a case and access code that
// open the status page.
func TestDemo_Portal(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	portalAddr := ln.Addr().String()
	ln.Close()
	url, stop := startDemo(t, t.TempDir(), "-sim-calls-per-minute", "0", "-portal-addr", portalAddr,
		"-portal-office-name", "Obecní úřad Zkušebná")
	defer stop()
	c := &http.Client{Timeout: 10 * time.Second}
	code, body := get(t, c, url+"/portal/form")
	if code != http.StatusOK || !strings.Contains(body, "Obecní úřad Zkušebná") || !strings.Contains(body, `name="website"`) {
		t.Errorf("GET /portal/form = %d, want the branded form", code)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := c.Get("http://" + portalAddr + "/portal/status")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET /portal/status on -portal-addr = %d, want 200", resp.StatusCode)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the portal's own listener does not answer: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code, _ := get(t, c, "http://"+portalAddr+"/login"); code != http.StatusNotFound {
		t.Errorf("GET /login on the portal's listener = %d, want 404 (staff pages are not there)", code)
	}
}

func TestPortalConfig_Validate(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-portal-colour", "#ffff00"}, "contrast"},
		{[]string{"-portal-colour", "blue"}, "#rrggbb"},
		{[]string{"-trusted-proxies", "10.0.0.0/8, nonsense"}, "trusted-proxies"},
		{[]string{"-portal-url", "podnety.example.cz"}, "portal-url"},
		{[]string{"-portal-code-ttl", "5m"}, "portal-code-ttl"},
		{[]string{"-portal-logo", "/nonexistent.png"}, "portal-logo"},
		{[]string{"-portal-office-email", "not-an-address"}, "portal-office-email"},
	} {
		var c serveConfig
		s := newSettings("serve", "")
		c.register(s)
		if err := s.Parse(append([]string{"-data-dir", t.TempDir()}, tc.args...), func(string) string { return "" }); err != nil {
			t.Fatalf("Parse(%v) = %v", tc.args, err)
		}
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate(%v) = %v, want an error about %s", tc.args, err, tc.want)
		}
	}
	var c serveConfig
	s := newSettings("serve", "")
	c.register(s)
	_ = s.Parse([]string{"-data-dir", t.TempDir(), "-trusted-proxies", "10.0.0.0/8,192.0.2.1,::1"}, func(string) string { return "" })
	if err := c.Validate(); err != nil || len(c.Portal.proxies) != 3 || c.Portal.proxies[1].Bits() != 32 {
		t.Errorf("Validate(trusted proxies) = %v, proxies %v", err, c.Portal.proxies)
	}
}
