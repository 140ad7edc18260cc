package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startDemo runs `linka demo` in the background and returns its URL.
func startDemo(t *testing.T, dir string, extra ...string) (string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"demo", "-addr", "127.0.0.1:0", "-data-dir", dir, "-log-level", "warn"}, extra...),
			env{stdout: &out, stderr: &errOut, stdin: strings.NewReader(""), getenv: func(string) string { return "" }})
	}()
	re := regexp.MustCompile(`running at (http://\S+)`)
	deadline := time.Now().Add(180 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[1], func() int { cancel(); return <-done }
		}
		select {
		case code := <-done:
			t.Fatalf("demo exited with %d: %s", code, errOut.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("demo did not print its URL; stdout %q stderr %q", out.String(), errOut.String())
	return "", nil
}

func get(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestDemo_ServesSeededRegister(t *testing.T) {
	dir := t.TempDir()
	// Short talks and many missed calls: the PBX has 8 trunks, and with
	// the default minute-and-a-half talks the first calls hold them all
	// long enough that a run of answered ones left the callback queue
	// empty for the test's whole wait.
	url, stop := startDemo(t, dir, "-sim-calls-per-minute", "60", "-sim-talk-median", "2s", "-sim-answer-percent", "50")
	c := &http.Client{Timeout: 10 * time.Second}
	if code, _ := get(t, c, url+"/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz = %d, want 200", code)
	}
	if code, body := get(t, c, url+"/login"); code != http.StatusOK || !strings.Contains(body, "<form") {
		t.Errorf("GET /login = %d, want 200 with a form", code)
	}
	req, _ := http.NewRequest("GET", url+"/api/v1/cases?limit=5&overdue=true", nil)
	token := demoToken(t, dir)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !regexp.MustCompile(`"total":\s*[1-9]`).Match(body) {
		t.Errorf("GET /api/v1/cases?overdue=true = %d %s, want some overdue demo cases", resp.StatusCode, body)
	}
	// workflow: the demo cases went through the workflow's actions under the shipped regimes.
	waitJSON(t, c, url+"/api/v1/cases?state=forwarded&limit=1", token, `"forwarded_to":"Městská policie`)
	waitJSON(t, c, url+"/api/v1/case-types", token, `"regime":"info_request"`)
	// The simulated PBX is linked and places calls by itself.
	waitJSON(t, c, url+"/api/v1/pbx", token, `"state":"up"`)
	waitJSON(t, c, url+"/api/v1/extensions", token, `"number":"101"`)
	// Finished calls reach the call history and, when nobody answered or
	// the office was closed, the callback queue.
	waitJSON(t, c, url+"/api/v1/callbacks?state=all", token, `"category"`)
	// The simulated PBX's SMDR lines reach the call log, merged with the
	// CSTA link's records of the same calls.
	waitJSON(t, c, url+"/api/v1/pbx", token, `"smdr":{"connected":true`)
	waitJSON(t, c, url+"/api/v1/calllog", token, `"sources":["csta","smdr"]`)
	// intake: a scan put into the demo's watched folder becomes a case.
	if err := os.WriteFile(filepath.Join(dir, "sken", "dopis.pdf"), []byte("%PDF-1.4\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitJSON(t, c, url+"/api/v1/intake", token, `"cases":1`)
	if code := stop(); code != 0 {
		t.Errorf("demo exit status = %d, want 0", code)
	}
	// A second start keeps the data instead of seeding again.
	url, stop = startDemo(t, dir)
	if code, _ := get(t, c, url+"/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz after restart = %d, want 200", code)
	}
	stop()
}

// demoToken issues a bearer token for the demo supervisor.
func demoToken(t *testing.T, dir string) string {
	t.Helper()
	code, out, stderr := runCmd(t, map[string]string{"LINKA_DATA_DIR": dir}, "user", "token", "vedouci")
	if code != 0 {
		t.Fatalf("user token = %d: %s", code, stderr)
	}
	return strings.TrimSpace(out)
}

// waitJSON polls an API endpoint with a bearer token until its body
// contains want.
func waitJSON(t *testing.T, c *http.Client, url, token, want string) {
	t.Helper()
	var body []byte
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := c.Do(req)
		if err == nil {
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && strings.Contains(string(body), want) {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("GET %s = %s, want it to contain %s", url, body, want)
}
