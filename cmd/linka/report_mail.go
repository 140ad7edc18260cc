package main

import (
	"bytes"
	"context"

	"linka/cases"
	"linka/cases/report"
)

// reportMailer queues reports and alerts in the outbox (cases.Service's
// QueueMail), which sends them with retries and a stable Message-ID: the
// text, the report's own HTML (overdue rows in red) and its CSV.
func reportMailer(svc *cases.Service) (report.Mailer, bool) { return outboxMailer{svc}, true }

// outboxMailer adapts the report service's mail to the outbox.
type outboxMailer struct{ svc *cases.Service }

func (o outboxMailer) QueueReportMail(ctx context.Context, m report.Mail) error {
	cm := cases.Mail{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML, Lang: m.Lang}
	for _, a := range m.Attachments {
		cm.Attachments = append(cm.Attachments, cases.MailAttachment{Name: a.Name, ContentType: a.ContentType,
			Content: bytes.NewReader(a.Data)})
	}
	return o.svc.QueueMail(ctx, cm)
}
