package web

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// portalBrowser serves e over HTTPS (a test certificate Chromium is told
// to accept) and starts a headless Chromium; it returns the browser's
// context, the script errors and CSP violations seen so far, and the base
// URL.
func portalBrowser(t *testing.T, e *portalEnv) (context.Context, func() []string, string) {
	t.Helper()
	path := chromium(t)
	ts := httptest.NewTLSServer(e.srv)
	t.Cleanup(ts.Close)
	// Chromium may still write its profile for a moment after it is told
	// to quit: remove it last, ignoring what is left.
	profile, err := os.MkdirTemp("", "linka-portal-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(profile) })
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(profile), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("ignore-certificate-errors", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 150*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	var mu sync.Mutex
	var problems []string
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError {
				problems = append(problems, "console error")
			}
		}
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), problems...) }, ts.URL
}

func TestBrowser_PortalSubmitAndStatus(t *testing.T) {
	e := newPortalEnv(t, nil)
	ctx, problems, base := portalBrowser(t, e)
	file := filepath.Join(t.TempDir(), "chodnik.txt")
	if err := os.WriteFile(file, []byte("fotografie chodníku"), 0o600); err != nil {
		t.Fatal(err)
	}

	var question string
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"/portal/form"),
		chromedp.WaitVisible(`#f-name`, chromedp.ByID),
		chromedp.SendKeys(`#f-name`, "Natálie Bezděková", chromedp.ByID),
		chromedp.SendKeys(`#f-city`, "Praha", chromedp.ByID),
		chromedp.SendKeys(`#f-email`, "natalie@example.cz", chromedp.ByID),
		chromedp.SendKeys(`#f-subject`, "Požadavek na nákup laviček", chromedp.ByID),
		chromedp.SendKeys(`#f-text`, "Prosíme o lavičky v parku.", chromedp.ByID),
		chromedp.Click(`#f-keep_informed`, chromedp.ByID),
		chromedp.SetUploadFiles(`#f-attachments`, []string{file}, chromedp.ByID),
		chromedp.Text(`label[for="f-answer"]`, &question, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("fill the form: %v", err)
	}
	var number, code string
	err = chromedp.Run(ctx,
		chromedp.SendKeys(`#f-answer`, answerTo(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(question), "*"))), chromedp.ByID),
		chromedp.Click(`button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#access-code`, chromedp.ByID),
		chromedp.Text(`#case-number`, &number, chromedp.ByID),
		chromedp.Text(`#access-code`, &code, chromedp.ByID),
	)
	if err != nil {
		t.Fatalf("send the form: %v", err)
	}
	if e.countCases() != 1 {
		t.Fatalf("cases after sending the form = %d, want 1", e.countCases())
	}

	var state string
	err = chromedp.Run(ctx,
		chromedp.Click(`a[href^="/portal/status?case="]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#s-code`, chromedp.ByID),
		chromedp.SendKeys(`#s-code`, strings.ToLower(code), chromedp.ByID),
		chromedp.Submit(`#s-code`, chromedp.ByID),
		chromedp.WaitVisible(`dl.facts`, chromedp.ByQuery),
		chromedp.Text(`dl.facts`, &state, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("sign in to the status page: %v", err)
	}
	if !strings.Contains(state, number) || !strings.Contains(state, "Nový") {
		t.Errorf("status page = %q, want the number and the state Nový", state)
	}

	// The cookies as the browser stored them.
	var cookies []*network.Cookie
	err = chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		cookies, err = network.GetCookies().WithURLs([]string{base + "/portal/status"}).Do(ctx)
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, c := range cookies {
		found[c.Name] = true
		if !strings.HasPrefix(c.Name, "__Host-linka_portal") {
			continue
		}
		if !c.Secure || !c.HTTPOnly || c.SameSite != network.CookieSameSiteStrict || c.Path != "/" {
			t.Errorf("cookie %s: Secure %v HttpOnly %v SameSite %v Path %q; want Secure, HttpOnly, Strict, /",
				c.Name, c.Secure, c.HTTPOnly, c.SameSite, c.Path)
		}
	}
	for _, name := range []string{"__Host-" + portalSessionCookie, "__Host-" + portalCSRFCookie} {
		if !found[name] {
			t.Errorf("the browser holds no cookie %s (has %v)", name, found)
		}
	}

	// Signing out removes the session.
	var heading string
	err = chromedp.Run(ctx,
		chromedp.Click(`form.signout button`, chromedp.ByQuery),
		chromedp.WaitVisible(`#s-number`, chromedp.ByID),
		chromedp.Text(`h1`, &heading, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("sign out: %v", err)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the pages raised script errors or CSP violations: %q", p)
	}
}
