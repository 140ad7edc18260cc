package web

import (
	"context"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"linka/cases"
	"linka/recorder"
)

// A clerk plays a call's recording in the case page's audio player:
// Chromium loads the WAV through range requests and finds its length.
func TestBrowser_PlaysCaseRecording(t *testing.T) {
	e := newRecordingEnv(t)
	e.user("clerk")
	c := e.newCase("clerk", cases.CaseInput{})
	// Two seconds of a tone on the left, silence on the right.
	path := filepath.Join(t.TempDir(), "call.wav")
	w, err := recorder.CreateWAV(path, 2, 8000)
	if err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, 2*16000)
	for i := 0; i < 16000; i++ {
		pcm[2*i] = int16(8000 * math.Sin(2*math.Pi*440*float64(i)/8000))
	}
	if err := w.Write(pcm); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(nil); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	key, size, err := e.bs.Put(context.Background(), f, 0)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	r := recorder.Recording{CallID: "call-b", State: recorder.StateStored, Caller: "+420602123456", Direction: "incoming",
		Codec: "PCMA", StartedAt: testNow.Add(-time.Hour), EndedAt: testNow.Add(-time.Hour + 2*time.Second),
		Duration: 2 * time.Second, BlobKey: key, Size: size, CreatedAt: testNow}
	if err := e.db.CreateRecording(context.Background(), &r); err != nil {
		t.Fatal(err)
	}
	e.link(c, "call-b")
	ts := httptest.NewServer(e.srv)
	defer ts.Close()
	ctx, problems := browser(t)
	var duration float64
	err = chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(`#login`, chromedp.ByID),
		chromedp.SendKeys(`#login`, "clerk", chromedp.ByID),
		chromedp.SendKeys(`#password`, testPassword, chromedp.ByID),
		chromedp.Submit(`#password`, chromedp.ByID),
		chromedp.WaitVisible(`table.register`, chromedp.ByQuery),
		chromedp.Navigate(ts.URL+"/cases/"+c.Number),
		chromedp.WaitVisible(`#rec-title`, chromedp.ByID),
		chromedp.Evaluate(`new Promise(ok => { const a = document.querySelector('audio');
			a.addEventListener('loadedmetadata', () => ok(a.duration));
			a.addEventListener('error', () => ok(-1)); a.load(); })`, &duration,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	)
	if err != nil {
		t.Fatalf("play: %v", err)
	}
	if math.Abs(duration-2) > 0.01 {
		t.Errorf("the player found %v s, want 2", duration)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser problems: %v", p)
	}
	reads := e.recordingReads()
	if len(reads) == 0 || reads[0].Action != "play" || reads[0].ObjectID != r.ID {
		t.Errorf("access log = %+v, want the play of recording %s", reads, strconv.FormatInt(r.ID, 10))
	}
}
