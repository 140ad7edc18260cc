package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"linka/cases"
	"linka/cti/csta"
)

// panelWait is how long a browser step of the panel flow may take: the
// path is simulator → CSTA → link → bus → WebSocket → page, on a shared
// machine. Generous; tests never assert speed.
const panelWait = 30 * time.Second

// signIn signs login in through the form in the browser context ctx and
// waits until the panel's event stream is open.
func signIn(t *testing.T, ctx context.Context, base, login string) {
	t.Helper()
	err := run(ctx, "sign in as "+login,
		emulation.SetDeviceMetricsOverride(1280, 860, 1, false),
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(`#login`, chromedp.ByID),
		chromedp.SendKeys(`#login`, login, chromedp.ByID),
		chromedp.SendKeys(`#password`, testPassword, chromedp.ByID),
		chromedp.Submit(`#password`, chromedp.ByID),
		chromedp.WaitVisible(`table.register, .summary`, chromedp.ByQuery),
		chromedp.WaitVisible(`#ap[data-live="1"]`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
}

// run runs actions with panelWait as the deadline, naming the step in
// the error.
func run(ctx context.Context, step string, actions ...chromedp.Action) error {
	tctx, cancel := context.WithTimeout(ctx, panelWait)
	defer cancel()
	if err := chromedp.Run(tctx, actions...); err != nil {
		if dir := os.Getenv("LINKA_SCREENSHOTS"); dir != "" {
			var png []byte
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = sctx
			_ = chromedp.Run(ctx, chromedp.CaptureScreenshot(&png))
			_ = os.WriteFile(filepath.Join(dir, "failed.png"), png, 0o644)
		}
		return &stepError{step, err}
	}
	return nil
}

type stepError struct {
	step string
	err  error
}

func (e *stepError) Error() string { return e.step + ": " + e.err.Error() }

// screenshot saves a PNG of the page as docs/<name>.png when
// LINKA_SCREENSHOTS names a directory (make screenshots).
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("LINKA_SCREENSHOTS")
	if dir == "" {
		return
	}
	var png []byte
	if err := chromedp.Run(ctx, chromedp.CaptureScreenshot(&png)); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Errorf("save screenshot: %v", err)
	}
}

// TestBrowser_PanelCallToCaseAndTransfer drives the whole path: the
// simulated PBX rings the clerk, the panel shows the caller and the
// contact, the clerk answers in the browser, the new-case form pops up
// pre-filled, survives a reload, is saved as a case linked to the call;
// a second call's draft travels with a consultation transfer to a
// colleague's panel in another browser.
func TestBrowser_PanelCallToCaseAndTransfer(t *testing.T) {
	e := newEventsEnv(t, nil, "clerk", "clerk3")
	e.clock.Add(time.Since(testNow)) // the browser stamps the form with the real time
	novak := &cases.Contact{Kind: cases.KindPerson, TitleBefore: "Ing.", FirstName: "Petr", LastName: "Novotný",
		Phone: "560987654"}
	if err := e.svc.CreateContact(context.Background(), e.user("clerk"), novak); err != nil {
		t.Fatalf("CreateContact = %v", err)
	}
	ctx, problems := browser(t)
	base := e.ts.URL
	signIn(t, ctx, base, "clerk")

	// The simulator rings the clerk's extension: the panel shows the caller.
	h, err := e.pbx.IncomingCall("560987654", "101")
	if err != nil {
		t.Fatalf("IncomingCall = %v", err)
	}
	var ringing string
	err = run(ctx, "the panel shows the ringing call",
		chromedp.WaitVisible(`#ap-calls .ap-call-alerting .ap-answer`, chromedp.ByQuery),
		chromedp.WaitVisible(`#ap-calls .ap-contact`, chromedp.ByQuery),
		chromedp.Text(`#ap-calls`, &ringing, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ringing, "560987654") || !strings.Contains(ringing, "Novotný") {
		t.Errorf("ringing call in the panel = %q, want the caller's number and contact", ringing)
	}
	screenshot(t, ctx, "panel-ringing")

	// Answer from the browser: the PBX connects and the form pops.
	var caller, contact string
	err = run(ctx, "answer and pop the case form",
		clickLive(`#ap-calls .ap-answer`),
		chromedp.WaitVisible(`#ap-pop[open] #ap-f-subject`, chromedp.ByQuery),
		chromedp.Value(`#ap-f-caller`, &caller, chromedp.ByID),
		chromedp.Value(`#ap-f-contact`, &contact, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	e.waitSim("560987654", "101", csta.StateConnected)
	callID := e.waitCall("101", "connected").ID
	if caller != "560987654" || contact != itoa(novak.ID) {
		t.Errorf("popped form: caller %q, contact %q; want 560987654 and contact %d", caller, contact, novak.ID)
	}

	// What the clerk types survives a reload.
	var subject string
	err = run(ctx, "type, reload, find the draft",
		chromedp.SendKeys(`#ap-f-subject`, "Stížnost na parkování v Nerudově", chromedp.ByID),
		chromedp.SendKeys(`#ap-f-description`, "Auta stojí na chodníku u školy.", chromedp.ByID),
		chromedp.Reload(),
		chromedp.WaitVisible(`#ap-pop[open] #ap-f-subject`, chromedp.ByQuery),
		chromedp.Value(`#ap-f-subject`, &subject, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if subject != "Stížnost na parkování v Nerudově" {
		t.Errorf("subject after reload = %q, want what was typed", subject)
	}
	screenshot(t, ctx, "panel-screen-pop")

	// Save: the case exists with the call linked, and shows in the register.
	var saved string
	err = run(ctx, "save the case",
		chromedp.Click(`#ap-pop-save`, chromedp.ByID),
		chromedp.WaitVisible(`#ap-conn a`, chromedp.ByQuery),
		chromedp.Text(`#ap-conn a`, &saved, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	number := strings.TrimSpace(saved[strings.LastIndex(saved, " ")+1:])
	var register, calls string
	err = run(ctx, "the register and the case page",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`table.register`, chromedp.ByQuery),
		chromedp.Text(`table.register`, &register, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "case-register")
	err = run(ctx, "the case page",
		chromedp.Navigate(base+"/cases/"+number),
		chromedp.WaitVisible(`#case-calls`, chromedp.ByID),
		chromedp.Text(`#case-calls`, &calls, chromedp.ByID),
		chromedp.WaitVisible(`#ap[data-live="1"] #ap-calls .ap-call-connected`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(register, "Stížnost na parkování v Nerudově") || !strings.Contains(register, "Novotný") {
		t.Errorf("register = %q, want the new case with its submitter", register)
	}
	if !strings.Contains(calls, "560987654") || !strings.Contains(calls, "Novotný") {
		t.Errorf("case page's contacts and calls = %q, want the linked call and the contact", calls)
	}
	if err := h.Hangup("560987654"); err != nil {
		t.Fatalf("Hangup = %v", err)
	}
	if err := run(ctx, "wrap-up after the call", chromedp.WaitVisible(`#ap-wrapup`, chromedp.ByID),
		chromedp.SetValue(`#ap-disposition`, "case_opened", chromedp.ByID),
		chromedp.Click(`#ap-wrapup button`, chromedp.ByQuery),
		chromedp.WaitNotVisible(`#ap-wrapup`, chromedp.ByID)); err != nil {
		screenshot(t, ctx, "debug-wrapup")
		t.Fatal(err)
	}
	e.eventually("the wrap-up row", func() bool {
		w, err := e.db.CallWrapUps(context.Background(), callID)
		return err == nil && len(w) == 1 && w[0].Disposition == "case_opened" && w[0].CaseID != 0
	})

	// A second call: the draft travels with a consultation transfer.
	transferDraft(t, e, ctx, base)
	if p := problems(); len(p) > 0 {
		t.Errorf("the pages raised script errors or CSP violations: %q", p)
	}
}

// transferDraft: the clerk answers a call, types a draft, consults the
// colleague at 103 (another browser) and transfers; the
// colleague's panel rings, and on answering shows the draft.
func transferDraft(t *testing.T, e *eventsEnv, ctx context.Context, base string) {
	t.Helper()
	if _, err := e.pbx.IncomingCall("602111222", "101"); err != nil {
		t.Fatalf("IncomingCall = %v", err)
	}
	err := run(ctx, "answer the second call and write a draft",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`#ap[data-live="1"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#ap-calls .ap-call-alerting .ap-answer`, chromedp.ByQuery),
		clickLive(`#ap-calls .ap-answer`),
		chromedp.WaitVisible(`#ap-pop[open] #ap-f-subject`, chromedp.ByQuery),
		chromedp.SendKeys(`#ap-f-subject`, "Nesvítí lampa v Husově ulici", chromedp.ByID),
		chromedp.SendKeys(`#ap-f-notes`, "Volající chce mluvit s odborem dopravy.", chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}

	// The colleague's browser: a second Chromium (headless Chromium does
	// not open tabs in a second browser context).
	colleague, _ := browser(t)
	signIn(t, colleague, base, "clerk3")

	err = run(ctx, "consult the colleague at 103",
		clickLive(`#ap-calls .ap-call-connected button:nth-child(2)`), // Transfer
		chromedp.WaitVisible(`#ap-colleagues input[value="103"]`, chromedp.ByQuery),
		chromedp.Click(`#ap-colleagues input[value="103"]`, chromedp.ByQuery),
		chromedp.Click(`#ap-consult`, chromedp.ByID),
		chromedp.WaitNotVisible(`#ap-transfer`, chromedp.ByID),
		chromedp.WaitVisible(`#ap-calls .ap-complete`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	var subject, notes string
	err = run(colleague, "the colleague's panel rings; answer and see the draft",
		chromedp.WaitVisible(`#ap-calls .ap-call-alerting .ap-answer`, chromedp.ByQuery),
		clickLive(`#ap-calls .ap-answer`),
		chromedp.WaitVisible(`#ap-pop[open] #ap-f-subject`, chromedp.ByQuery),
		chromedp.Poll(`document.getElementById("ap-f-subject").value !== ""`, nil, chromedp.WithPollingTimeout(panelWait)),
		chromedp.Value(`#ap-f-subject`, &subject, chromedp.ByID),
		chromedp.Value(`#ap-f-notes`, &notes, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if subject != "Nesvítí lampa v Husově ulici" || notes != "Volající chce mluvit s odborem dopravy." {
		t.Errorf("the colleague's form = %q / %q, want the clerk's draft", subject, notes)
	}
	screenshot(t, colleague, "panel-transfer-draft")
	err = run(ctx, "complete the transfer",
		clickLive(`#ap-calls .ap-complete`),
		chromedp.WaitNotPresent(`#ap-calls li`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	e.waitSim("602111222", "103", csta.StateConnected)
	var after string
	if err := run(colleague, "the colleague has the caller", chromedp.WaitVisible(`#ap-calls .ap-call-connected`, chromedp.ByQuery),
		chromedp.Poll(`document.getElementById("ap-calls").textContent.includes("602111222")`, nil,
			chromedp.WithPollingTimeout(panelWait)),
		chromedp.Text(`#ap-calls`, &after, chromedp.ByID)); err != nil {
		t.Fatal(err)
	}
}

// clickLive clicks the visible element sel finds as soon as there is one.
// The panel re-renders its call list on every event, so a node found by
// WaitVisible may be gone before a Click reaches it ("Could not find node
// with given id"); a script that finds and clicks in one turn cannot miss.
func clickLive(sel string) chromedp.Action {
	js := fmt.Sprintf(`(() => { const el = document.querySelector(%q); `+
		`if (!el || el.offsetParent === null || el.disabled) return false; el.click(); return true; })()`, sel)
	return chromedp.Poll(js, nil, chromedp.WithPollingTimeout(panelWait))
}
