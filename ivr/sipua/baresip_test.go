package sipua

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"linka/ivr/audio"
	"linka/ivr/media"
)

func (e *env) uri() string { return fmt.Sprintf("sip:ivr@%s", e.gw.Addr()) }

// TestGateway_Baresip_AfterHours: on a Saturday the phone hears the notice
// and then the after-hours message, and the gateway hangs up. The audio
// baresip recorded is compared with the prompts.
func TestGateway_Baresip_AfterHours(t *testing.T) {
	e := startGateway(t, saturday)
	phone := startBaresip(t, silenceWAV(t), "answermode=manual;dtmfmode=rtpevent")
	phone.command("dial", e.uri())
	e.waitBus(t, "ivr.entered", 10*time.Second)
	e.waitBus(t, "ivr.notice_played", 10*time.Second)
	phone.waitEvent("CALL_CLOSED", 15*time.Second)
	time.Sleep(300 * time.Millisecond) // sndfile closes its file
	path := phone.recording()
	if path == "" {
		t.Fatalf("baresip wrote no recording in %s", phone.dir)
	}
	b, _ := os.ReadFile(path)
	if k := os.Getenv("KEEP"); k != "" {
		_ = os.WriteFile(k, b, 0o644)
	}
	got, err := audio.ReadWAV(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rec := got.Samples
	t.Logf("recording: %d Hz → %d samples (%.2f s)", got.SourceRate, len(rec), float64(len(rec))/8000)
	// The gateway sends no packets between prompts (silence suppression,
	// RFC 3551 clause 4.1) and baresip records only what it receives: the
	// recording is the prompts played back to back.
	hang := int(media.Hangover / (time.Second / audio.Rate))
	want := len(e.prompts["notice"]) + len(e.prompts["after_hours"]) + 2*hang
	// baresip's receive buffer (20–160 ms) may keep the very end unplayed.
	if d := len(rec) - want; d < -1280 || d > 800 {
		t.Errorf("recording lasts %.3f s, the prompts played %.3f s", float64(len(rec))/8000, float64(want)/8000)
	}
	for _, tt := range []struct {
		prompt string
		heard  bool
	}{{"notice", true}, {"after_hours", true}, {"menu", false}} {
		p := floats(e.prompts[tt.prompt])
		c, lag := bestMatch(rec, p)
		t.Logf("%s: correlation %.3f at %.3f s", tt.prompt, c, float64(lag)/8000)
		switch {
		case tt.heard && c < 0.8:
			t.Errorf("%s: correlation %.3f with what the phone heard, want ≥ 0.8", tt.prompt, c)
		case !tt.heard && c > 0.3:
			t.Errorf("%s: correlation %.3f, but it should not have played after hours", tt.prompt, c)
		}
	}
	if strings.Contains(phone.out.String(), "REFER") {
		t.Error("a transfer was attempted after hours")
	}
	if n := e.pacing.Count(); n < 100 {
		t.Errorf("pacing recorded %d packets", n)
	}
}

// TestGateway_Baresip_MenuTransfer: in office hours the phone presses 1
// (RFC 4733) in the menu and the gateway transfers it by REFER: baresip
// calls the transfer target, which sees the INVITE the REFER caused.
func TestGateway_Baresip_MenuTransfer(t *testing.T) {
	e := startGateway(t, tuesday)
	phone := startBaresip(t, silenceWAV(t), "answermode=manual;dtmfmode=rtpevent")
	phone.command("dial", e.uri())
	e.waitBus(t, "ivr.notice_played", 10*time.Second)
	time.Sleep(300 * time.Millisecond) // the menu prompt is playing
	phone.command("sndcode", "1")
	ev := e.waitBus(t, "ivr.chose", 10*time.Second)
	if d := ev.Data.(map[string]any); d["digit"] != "1" || d["node"] != "menu" {
		t.Fatalf("ivr.chose data = %v, want digit 1 at node menu", d)
	}
	select {
	case inv := <-e.target.invites:
		// Only the REFER's Refer-To names this host and user.
		if inv.Recipient.User != "600" {
			t.Fatalf("target got INVITE %s, want sip:600@…", inv.Recipient.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the phone did not call the transfer target: no REFER was acted on")
	}
	ev = e.waitBus(t, "ivr.transferred", 10*time.Second)
	if d := ev.Data.(map[string]any); d["target"] != "600" {
		t.Fatalf("ivr.transferred data = %v, want target 600", d)
	}
	if !strings.Contains(phone.out.String(), "transfer") {
		t.Errorf("baresip did not report a transfer")
	}
}

// TestGateway_Baresip_Objection: the phone presses the objection digit
// while the notice plays; the call is marked do-not-record before the
// transfer, so before any recording could start.
func TestGateway_Baresip_Objection(t *testing.T) {
	e := startGateway(t, tuesday)
	phone := startBaresip(t, silenceWAV(t), "answermode=manual;dtmfmode=rtpevent")
	phone.command("dial", e.uri())
	e.waitBus(t, "ivr.entered", 10*time.Second)
	time.Sleep(500 * time.Millisecond)
	phone.command("sndcode", "9")
	ev := e.waitBus(t, "call.do_not_record", 10*time.Second)
	d := ev.Data.(map[string]any)
	if d["caller"] != "+420tester" || d["sip_call_id"] == "" || d["at"] == nil {
		t.Fatalf("call.do_not_record data = %v, want caller, sip_call_id and at", d)
	}
	e.waitBus(t, "ivr.objected", time.Second)
	e.waitBus(t, "ivr.notice_played", 10*time.Second)
	phone.command("hangup", "")
	e.waitBus(t, "ivr.abandoned", 10*time.Second)
}

// TestGateway_SIPp_InfoDTMF: a peer that sends digits as SIP INFO
// (application/dtmf-relay, the fallback when RFC 4733 is not negotiated)
// is understood too. baresip 1.0 sends RFC 4733 only, so SIPp plays the
// phone here.
func TestGateway_SIPp_InfoDTMF(t *testing.T) {
	requirePeer(t, "sipp", "apt-get install sip-tester")
	e := startGateway(t, tuesday)
	out, err := runSIPp(t, "testdata/info_dtmf.xml", e.gw.Addr().String(), "-m", "1")
	if err != nil {
		t.Fatalf("sipp: %v\n%s", err, out)
	}
	ev := e.waitBus(t, "call.do_not_record", 5*time.Second)
	if d := ev.Data.(map[string]any); d["caller"] != "+420601234567" {
		t.Fatalf("call.do_not_record data = %v, want caller +420601234567", d)
	}
	e.waitBus(t, "ivr.abandoned", 5*time.Second)
}

// TestGateway_SIPp_ReInvite: a re-INVITE during the call (the PBX puts it
// on hold) is answered in the dialog and the call goes on.
func TestGateway_SIPp_ReInvite(t *testing.T) {
	requirePeer(t, "sipp", "apt-get install sip-tester")
	e := startGateway(t, tuesday)
	if out, err := runSIPp(t, "testdata/reinvite.xml", e.gw.Addr().String(), "-m", "1"); err != nil {
		t.Fatalf("sipp: %v\n%s", err, out)
	}
	e.waitBus(t, "ivr.abandoned", 5*time.Second)
}

// runSIPp runs a SIPp scenario against addr on loopback, bounded in time.
func runSIPp(t *testing.T, scenario, addr string, args ...string) (string, error) {
	t.Helper()
	port := freePort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	abs, err := filepath.Abs(scenario)
	if err != nil {
		t.Fatal(err)
	}
	all := append([]string{"-sf", abs, "-i", "127.0.0.1", "-p", strconv.Itoa(port), "-mp", strconv.Itoa(freePort(t)),
		"-trace_err", "-error_file", filepath.Join(t.TempDir(), "err.log")}, args...)
	all = append(all, addr)
	cmd := exec.CommandContext(ctx, "sipp", all...)
	cmd.Dir = t.TempDir()
	out, err := cmd.CombinedOutput()
	return string(out), err
}
