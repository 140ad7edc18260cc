package web

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"linka/cases"
)

// chromium returns the path of a Chromium binary, or skips the test (fails
// it when LINKA_REQUIRE_PEERS=1).
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("LINKA_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "Chromium not found: apt-get install chromium (or set LINKA_CHROMIUM)"
	if os.Getenv("LINKA_REQUIRE_PEERS") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// browser starts a headless Chromium for one test and collects JavaScript
// exceptions and console errors (e.g. CSP violations).
func browser(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true), chromedp.Flag("disable-quic", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
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
	return ctx, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), problems...) }
}

func TestBrowser_ClerkRegistersAndEditsCase(t *testing.T) {
	e := newEnv(t)
	e.user("clerk")
	old := e.newCase("clerk", cases.CaseInput{Source: cases.SourcePhone, Subject: "Stížnost na stav parkování v ulici Nerudova",
		DepartmentID: e.deps["Doprava"]})
	ts := httptest.NewServer(e.srv)
	defer ts.Close()
	ctx, problems := browser(t)

	var register string
	err := chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(`#login`, chromedp.ByID),
		chromedp.SendKeys(`#login`, "clerk", chromedp.ByID),
		chromedp.SendKeys(`#password`, testPassword, chromedp.ByID),
		chromedp.Submit(`#password`, chromedp.ByID),
		chromedp.WaitVisible(`table.register`, chromedp.ByQuery),
		chromedp.Text(`table.register`, &register, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	if !strings.Contains(register, old.Subject) || !strings.Contains(register, "Doprava") {
		t.Errorf("register after sign-in = %q, want the case and its department", register)
	}

	// Register a new case through the form.
	var heading, caseURL string
	err = chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/cases/new"),
		chromedp.WaitVisible(`#case-subject`, chromedp.ByID),
		chromedp.SetValue(`#case-source`, "WEB", chromedp.ByID),
		chromedp.SendKeys(`#case-subject`, "Požadavek na nákup laviček", chromedp.ByID),
		chromedp.SendKeys(`#case-description`, "Prosíme o lavičky v parku.", chromedp.ByID),
		chromedp.Submit(`#case-subject`, chromedp.ByID),
		chromedp.WaitVisible(`nav.tabs`, chromedp.ByQuery),
		chromedp.Text(`h1`, &heading, chromedp.ByQuery),
		chromedp.Location(&caseURL),
	)
	if err != nil {
		t.Fatalf("create case: %v", err)
	}
	if !strings.HasSuffix(caseURL, "/cases/2") {
		t.Errorf("after saving the new case the browser is at %q, want /cases/2", caseURL)
	}

	// Edit it: the change is saved and shows in the history tab.
	var history string
	err = chromedp.Run(ctx,
		chromedp.SetValue(`#case-subject`, "Požadavek na nákup laviček do parku", chromedp.ByID),
		chromedp.Submit(`#case-subject`, chromedp.ByID),
		chromedp.WaitVisible(`p.notice`, chromedp.ByQuery),
		chromedp.Navigate(caseURL+"?tab=history"),
		chromedp.WaitVisible(`#hist-title`, chromedp.ByID),
		chromedp.Text(`main`, &history, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("edit case: %v", err)
	}
	if !strings.Contains(history, "Požadavek na nákup laviček do parku") {
		t.Errorf("history = %q, want the new subject", history)
	}

	// Switch to English.
	var nav string
	err = chromedp.Run(ctx,
		chromedp.Click(`a[hreflang="en"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`html[lang="en"]`, chromedp.ByQuery),
		chromedp.Text(`header`, &nav, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("switch language: %v", err)
	}
	if !strings.Contains(nav, "Citizen submissions") {
		t.Errorf("English header = %q, want Citizen submissions", nav)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the pages raised script errors or CSP violations: %q", p)
	}
}
