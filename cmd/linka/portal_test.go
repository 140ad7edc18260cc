package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"regexp"
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
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"demo", "-addr", "127.0.0.1:0", "-data-dir", t.TempDir(), "-log-level", "warn",
			"-sim-calls-per-minute", "0", "-portal-addr", portalAddr, "-portal-office-name", "Obecní úřad Zkušebná"},
			env{stdout: &out, stderr: &errOut, stdin: strings.NewReader(""), getenv: func(string) string { return "" }})
	}()
	defer func() { cancel(); <-done }()
	re := regexp.MustCompile(`(?s)running at (http://\S+).*case (\S+) and access code ([0-9A-Z-]{19})`)
	var m []string
	for deadline := time.Now().Add(180 * time.Second); m == nil; m = re.FindStringSubmatch(out.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("demo printed no URL and access code; stdout %q stderr %q", out.String(), errOut.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	url, number, code := m[1], m[2], m[3]

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Timeout: 10 * time.Second, Jar: jar}
	status, body := get(t, c, url+"/portal/form")
	if status != http.StatusOK || !strings.Contains(body, "Obecní úřad Zkušebná") || !strings.Contains(body, `name="website"`) {
		t.Errorf("GET /portal/form = %d, want the branded form", status)
	}
	// The printed code opens the printed case's status page.
	_, body = get(t, c, url+"/portal/status")
	token := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(body)
	if token == nil {
		t.Fatalf("the sign-in form has no CSRF token: %s", body)
	}
	resp, err := c.PostForm(url+"/portal/status", map[string][]string{"number": {number}, "code": {code}, "csrf_token": {token[1]}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), `class="facts"`) {
		t.Errorf("sign-in with the demo's code = %d, want the status page of case %s", resp.StatusCode, number)
	}

	// The portal's own listener serves the portal and nothing else.
	if status, _ := get(t, c, "http://"+portalAddr+"/portal/status"); status != http.StatusOK {
		t.Errorf("GET /portal/status on -portal-addr = %d, want 200", status)
	}
	if status, _ := get(t, c, "http://"+portalAddr+"/login"); status != http.StatusNotFound {
		t.Errorf("GET /login on the portal's listener = %d, want 404 (staff pages are not there)", status)
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
