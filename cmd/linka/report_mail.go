package main

import (
	"context"
	"errors"

	"linka/cases"
	"linka/cases/report"
)

// reportMailer is how reports and alerts reach the outbox, and whether
// there is one. This build has none yet: the outbox (cases.Service's
// QueueMail) plugs in here.
func reportMailer(svc *cases.Service) (report.Mailer, bool) { return noOutbox{}, false }

// noOutbox refuses to send: this build has no outbox.
type noOutbox struct{}

func (noOutbox) QueueReportMail(context.Context, report.Mail) error {
	return errors.New("report: no outbox to send mail through")
}
