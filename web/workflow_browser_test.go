package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"linka/cases"
)

// TestBrowser_TriagePanel: a clerk in a real Chromium opens a collapsed
// action of the triage panel, is refused without a reason (the form stays
// open with the error), then rejects the case with one.
func TestBrowser_TriagePanel(t *testing.T) {
	e := newEnv(t)
	e.user("clerk")
	kase := e.newCase("clerk", cases.CaseInput{Source: cases.SourceEmail, Subject: "Reklama na levné půjčky",
		DepartmentID: e.deps["Doprava"]})
	ts := httptest.NewServer(e.srv)
	defer ts.Close()
	ctx, problems := browser(t)

	var alert, state, panel string
	err := chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/cases/"+kase.Number),
		chromedp.WaitVisible(`#login`, chromedp.ByID),
		chromedp.SendKeys(`#login`, "clerk", chromedp.ByID),
		chromedp.SendKeys(`#password`, testPassword, chromedp.ByID),
		chromedp.Submit(`#password`, chromedp.ByID),
		chromedp.WaitVisible(`#workflow`, chromedp.ByID),
		chromedp.Click(`#wf-reject summary`, chromedp.ByQuery),
		chromedp.WaitVisible(`#wf-reject-note`, chromedp.ByID),
		chromedp.Submit(`#wf-reject-note`, chromedp.ByID),
		chromedp.WaitVisible(`#wf-reject-note-error`, chromedp.ByID),
		chromedp.Text(`#wf-reject-note-error`, &alert, chromedp.ByID),
		chromedp.SendKeys(`#wf-reject-note`, "neoprávněný — obchodní sdělení", chromedp.ByID),
		chromedp.Submit(`#wf-reject-note`, chromedp.ByID),
		chromedp.WaitVisible(`p.notice`, chromedp.ByQuery),
		chromedp.Text(`.case-head .state`, &state, chromedp.ByQuery),
		chromedp.Text(`#workflow`, &panel, chromedp.ByID),
	)
	if err != nil {
		t.Fatalf("triage in the browser: %v", err)
	}
	if !strings.Contains(alert, "uveďte důvod") {
		t.Errorf("refused rejection shows %q, want the Czech reason error", alert)
	}
	if state != "Neoprávněný" {
		t.Errorf("state after rejecting = %q, want Neoprávněný", state)
	}
	if strings.Contains(panel, "Zamítnout") || !strings.Contains(panel, "Žádný další krok") {
		t.Errorf("after rejecting, the clerk's panel = %q, want no further step", panel)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the pages raised script errors or CSP violations: %q", p)
	}
}
