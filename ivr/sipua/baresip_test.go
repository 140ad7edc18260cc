package sipua

import (
	"bytes"
	"fmt"
	"os"
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
	phone := startBaresip(t, silenceWAV(t), "answermode=manual")
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
