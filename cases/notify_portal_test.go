package cases_test

import (
	"testing"

	"linka/cases"
)

// TestPortal_SubmitQueuesReceived: a web form whose citizen wants to be
// kept informed queues the "received" e-mail with the new case, in the
// language the citizen used; a repeated submission queues nothing more.
func TestPortal_SubmitQueuesReceived(t *testing.T) {
	f := newPortalFixture(t)
	res := f.submit(t, func(in *cases.WebSubmission) { in.Lang = "en" })
	f.submit(t, func(in *cases.WebSubmission) { in.Lang = "en" }) // the same form again
	f.submit(t, func(in *cases.WebSubmission) { in.Key, in.KeepInformed = "key-other-0123456789", false })
	ns, total, err := f.svc.Notifications(f.ctx, cases.Console(), cases.NotificationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || ns[0].Kind != cases.NotifyReceived || ns[0].Lang != "en" || ns[0].CaseID != res.Case.ID ||
		ns[0].To != "petr.novotny@centrum.cz" {
		t.Errorf("outbox = %d %+v, want one received/en to petr.novotny@centrum.cz", total, ns)
	}
}
