package web

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"linka/ivr"
)

// TestBrowser_IVRAdmin: a PBX admin listens to a prompt in the browser,
// edits the flow, saves a new version and activates it — with no script
// errors or CSP violations.
func TestBrowser_IVRAdmin(t *testing.T) {
	e, svc := newIVREnv(t)
	e.user("pbxadmin")
	ctx := context.Background()
	flow, _ := ivr.DefaultFlow("office", "cs", "600", "")
	if _, err := svc.SaveFlow(ctx, flow, "first", "test"); err != nil {
		t.Fatal(err)
	}
	for _, p := range flow.Prompts() {
		if _, err := svc.UploadPrompt(ctx, p, "cs", bytes.NewReader(stereo16k(1.5)), "text", "test"); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(e.srv)
	defer ts.Close()
	bctx, problems := browser(t)
	var duration float64
	err := chromedp.Run(bctx,
		chromedp.Navigate(ts.URL+"/login"),
		chromedp.WaitVisible(`#login`, chromedp.ByID),
		chromedp.SendKeys(`#login`, "pbxadmin", chromedp.ByID),
		chromedp.SendKeys(`#password`, testPassword, chromedp.ByID),
		chromedp.Submit(`#password`, chromedp.ByID),
		chromedp.WaitVisible(`header nav`, chromedp.ByQuery),
		chromedp.Click(`a[href="/ivr"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#ivr-prompts`, chromedp.ByID),
		chromedp.Evaluate(`new Promise((resolve, reject) => {
			const a = document.querySelector('audio');
			a.addEventListener('loadedmetadata', () => resolve(a.duration));
			a.addEventListener('error', () => reject(new Error('audio error ' + (a.error && a.error.code))));
			a.preload = 'metadata'; a.load();
		})`, &duration, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	)
	if err != nil {
		t.Fatalf("open /ivr and load a prompt: %v", err)
	}
	if duration < 1.4 || duration > 1.6 {
		t.Errorf("the browser reads the prompt as %.2f s, want 1.5 s", duration)
	}
	var notice string
	err = chromedp.Run(bctx,
		chromedp.Click(`a[href="/ivr/flows/office/1"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#f-def`, chromedp.ByID),
		chromedp.Evaluate(`(() => { const f = document.querySelector('#f-def');
			f.value = f.value.replace('"Goodbye"', '"Rozloučení"'); })()`, nil),
		chromedp.SendKeys(`#f-note`, "nový popis", chromedp.ByID),
		chromedp.Submit(`#f-note`, chromedp.ByID),
		chromedp.WaitVisible(`div.notice button`, chromedp.ByQuery),
		chromedp.Click(`div.notice button`, chromedp.ByQuery),
		chromedp.WaitVisible(`#ivr-flows`, chromedp.ByID),
		chromedp.Text(`p.notice`, &notice, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("edit and activate the flow: %v", err)
	}
	if !strings.Contains(notice, "aktivní") {
		t.Errorf("notice after activation = %q", notice)
	}
	v, err := svc.ActiveFlow(ctx, "office")
	if n, _ := v.Node("goodbye"); err != nil || n.Label != "Rozloučení" {
		t.Fatalf("active flow after the edit: %v, %+v", err, n)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser problems: %v", p)
	}
}
