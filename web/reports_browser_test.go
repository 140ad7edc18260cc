package web

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"linka/cases"
	"linka/cases/report"
	"linka/cti"
)

// TestBrowser_WallboardUpdatesLive opens the wallboard in Chromium as a
// supervisor, registers a case and waits for the figure to change through
// a "wallboard.update" event on the WebSocket, without reloading.
func TestBrowser_WallboardUpdatesLive(t *testing.T) {
	bus := cti.NewBus(nil)
	e := newReportsEnv(t, Options{Bus: bus})
	e.user("supervisor")
	clerk := e.user("clerk")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		(&report.Publisher{Service: e.rep, Bus: bus, Interval: 100 * time.Millisecond}).Run(ctx)
	}()
	defer func() { cancel(); <-done }()
	ts := httptest.NewServer(e.srv)
	defer ts.Close()
	bctx, problems := browser(t)

	var before string
	err := chromedp.Run(bctx,
		chromedp.Navigate(ts.URL+"/wallboard"),
		chromedp.WaitVisible(`#login`, chromedp.ByID),
		chromedp.SendKeys(`#login`, "supervisor", chromedp.ByID),
		chromedp.SendKeys(`#password`, testPassword, chromedp.ByID),
		chromedp.Submit(`#password`, chromedp.ByID),
		chromedp.WaitVisible(`#wallboard`, chromedp.ByID),
		chromedp.Text(`dd[data-k="cases_new_today"]`, &before, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("open the wallboard: %v", err)
	}
	if before != "0" {
		t.Fatalf("cases new today before = %q, want 0", before)
	}
	// The page is connected once the status says so.
	if err := chromedp.Run(bctx, chromedp.WaitVisible(`#wb-state:not(:empty)`, chromedp.ByQuery)); err != nil {
		t.Fatalf("wallboard never connected: %v", err)
	}
	if _, err := e.svc.CreateCase(context.Background(), clerk, cases.CaseInput{Source: cases.SourcePhone,
		Subject: "Stížnost na hluk", DepartmentID: e.deps["Doprava"]}); err != nil {
		t.Fatal(err)
	}
	var after, updates string
	err = chromedp.Run(bctx,
		chromedp.WaitVisible(`#wallboard[data-updates] dd[data-k="cases_new_today"].changed`, chromedp.ByQuery),
		chromedp.Text(`dd[data-k="cases_new_today"]`, &after, chromedp.ByQuery),
		chromedp.AttributeValue(`#wallboard`, "data-updates", &updates, nil, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("the wallboard did not update: %v", err)
	}
	if after != "1" || updates == "" {
		t.Errorf("cases new today after = %q (updates %q), want 1 through an event", after, updates)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser problems: %v", p)
	}
}
