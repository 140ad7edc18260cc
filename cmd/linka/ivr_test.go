package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"linka/cti"
	"linka/cti/pbxsim"
	"linka/ivr"
)

func TestServe_IVRSettings(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"bad mode", []string{"-ivr-listen", "127.0.0.1:0", "-ivr-mode", "pbx"}, "mode"},
		{"extension without registrar", []string{"-ivr-listen", "127.0.0.1:0", "-ivr-mode", "extension", "-ivr-user", "650"}, "registrar"},
		{"bad peer", []string{"-ivr-listen", "127.0.0.1:0", "-ivr-peers", "pbx.local"}, "peer"},
		{"bad rtp ports", []string{"-ivr-rtp-ports", "9-5"}, "-ivr-rtp-ports"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, map[string]string{"LINKA_DATA_DIR": t.TempDir()}, append([]string{"serve"}, tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Fatalf("serve %v = %d %q, want 2 naming %s", tt.args, code, stderr, tt.want)
			}
		})
	}
}

// TestDemo_VoiceGateway: the demo runs the default flow with its prompts,
// and a SIPp call to the printed SIP address goes through it.
func TestDemo_VoiceGateway(t *testing.T) {
	dir := t.TempDir()
	url, stop := startDemo(t, dir, "-sim-calls-per-minute", "0")
	defer stop()
	code, out, stderr := runCmd(t, map[string]string{"LINKA_DATA_DIR": dir}, "user", "token", "ustredna")
	if code != 0 {
		t.Fatalf("user token = %d: %s", code, stderr)
	}
	token := strings.TrimSpace(out)
	c := &http.Client{Timeout: 10 * time.Second}
	waitJSON(t, c, url+"/api/v1/ivr/flows?name=office", token, `"active":true`)
	waitJSON(t, c, url+"/api/v1/ivr/prompts", token, `"name":"after_hours","language":"en"`)
	var st struct {
		Listen     string `json:"listen"`
		TotalCalls int    `json:"total_calls"`
	}
	req, _ := http.NewRequest("GET", url+"/api/v1/ivr/status", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if st.Listen == "" {
		t.Fatalf("the demo's gateway does not listen: %+v", st)
	}
	if _, err := exec.LookPath("sipp"); err != nil {
		if os.Getenv("LINKA_REQUIRE_PEERS") == "1" {
			t.Fatal("sipp is required (apt-get install sip-tester)")
		}
		t.Skip("sipp not installed (apt-get install sip-tester)")
	}
	scenario, _ := filepath.Abs("../../ivr/sipua/testdata/info_dtmf.xml")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sipp", "-sf", scenario, "-i", "127.0.0.1", "-p", strconv.Itoa(freeUDPPort()),
		"-mp", strconv.Itoa(freeUDPPort()), "-m", "1", "-nostdin", st.Listen)
	cmd.Dir = t.TempDir()
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sipp call to the demo gateway: %v\n%s", err, b)
	}
	waitJSON(t, c, url+"/api/v1/ivr/status", token, `"total_calls":1`)
}

// TestIVRCallbacks: a caller's callback request from the gateway opens a
// task in the callback queue; a repeated request of the same call counts
// once.
func TestIVRCallbacks(t *testing.T) {
	ctx := context.Background()
	sc := &storeConfig{DataDir: t.TempDir()}
	if err := sc.validate(); err != nil {
		t.Fatal(err)
	}
	b, err := openBackend(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cb, err := cti.NewCallbacks(cti.CallbackOptions{Store: b.db, Normalize: func(s string) string { return "+420" + s }})
	if err != nil {
		t.Fatal(err)
	}
	a := ivrCallbacks{cb: cb}
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for range 2 {
		if err := a.RequestCallback(ctx, ivr.CallbackRequest{Caller: "601234567", SIPCallID: "abc", At: at}); err != nil {
			t.Fatal(err)
		}
	}
	tasks, n, err := cb.List(ctx, cti.CallbackFilter{State: cti.CallbackOpen, Limit: 10})
	if err != nil || n != 1 || tasks[0].Number != "+420601234567" || len(tasks[0].Calls) != 1 || tasks[0].Calls[0].CallID != "ivr-abc" {
		t.Fatalf("tasks = %+v (%d), %v; want one task of +420601234567 with call ivr-abc", tasks, n, err)
	}
}

// TestIVRModel_GroupReady: the gateway asks the CTI model whether a
// clerk of the group is ready, against the simulated PBX: unknown agent
// states let the PBX queue the call; signed in but not ready means no.
func TestIVRModel_GroupReady(t *testing.T) {
	pbx, err := pbxsim.New(pbxsim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = pbx.Serve(ln) }()
	defer pbx.Close()
	link, err := cti.NewLink(cti.LinkOptions{Address: ln.Addr().String(), Extensions: []string{"101", "102", "103"},
		Groups: []string{"600"}, Bus: cti.NewBus(nil)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = link.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(10 * time.Second)
	for link.Status().State != cti.LinkUp {
		if time.Now().After(deadline) {
			t.Fatal("the link did not come up")
		}
		time.Sleep(20 * time.Millisecond)
	}
	m := ivrModel{link: link, ext: "650"}
	if !m.GroupReady("600") {
		t.Fatal("GroupReady with unknown agent states = false, want true (let the PBX queue)")
	}
	wait := func(want bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for m.GroupReady("600") != want {
			if time.Now().After(deadline) {
				t.Fatalf("GroupReady = %v, want %v; devices %+v", !want, want, link.Devices())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	for _, ext := range []string{"101", "102", "103"} {
		// The simulated agents start signed in.
		if err := link.NotReady(ctx, ext); err != nil {
			t.Fatalf("not ready %s: %v", ext, err)
		}
	}
	wait(false)
	if err := link.Ready(ctx, "102"); err != nil {
		t.Fatal(err)
	}
	wait(true)
}
