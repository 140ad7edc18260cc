package main

import (
	"context"
	"io"
	"log/slog"
	"mime"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/cases/gomail"
	"linka/cases/gomail/sinktest"
	"linka/cases/report"
)

// TestReportMail_ReachesSMTPSink sends a monthly report (with its CSV) and
// a tasks report (linked, not attached) through the outbox to Postfix's
// smtp-sink and reads what arrived.
func TestReportMail_ReachesSMTPSink(t *testing.T) {
	sink := sinktest.Start(t)
	ctx := context.Background()
	var c serveConfig
	c.Store.DataDir = t.TempDir()
	if err := c.Store.validate(); err != nil {
		t.Fatal(err)
	}
	b, err := openBackend(ctx, &c.Store)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	svc := b.service(c.serviceOptions())
	c.Report.BaseURL = "https://linka.urad.example.cz"
	rep, err := newReports(&c, b, svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []report.Schedule{
		{Name: "mesicni", Kind: report.KindMonthly, Cron: "0 7 1 * *", Recipients: []string{"vedouci@urad.example.cz"}},
		{Name: "ukoly", Kind: report.KindTasks, Cron: "0 6 * * 1-5", Recipients: []string{"doprava@urad.example.cz"}},
	} {
		sc.Language, sc.Active = "cs", true
		if err := rep.SaveSchedule(ctx, &sc); err != nil {
			t.Fatal(err)
		}
		if err := rep.SendNamed(ctx, sc.Name); err != nil {
			t.Fatalf("send %s: %v", sc.Name, err)
		}
	}
	smtp, err := gomail.NewSMTP(gomail.Options{Host: "127.0.0.1", Port: sink.Port, TLS: gomail.TLSNone, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ob, err := cases.NewOutbox(svc, cases.OutboxOptions{Sender: smtp, From: "Městský úřad <podnety@urad.example.cz>",
		Domain: "urad.example.cz"})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := ob.SendDue(ctx); err != nil || n != 2 {
		t.Fatalf("SendDue = %d, %v; want 2", n, err)
	}
	msgs := sink.Wait(t, 2)
	if len(msgs) != 2 {
		t.Fatalf("smtp-sink received %d messages, want 2", len(msgs))
	}
	dec := new(mime.WordDecoder)
	got := map[string]string{}
	for _, m := range msgs {
		subject, err := dec.DecodeHeader(m.Msg.Header.Get("Subject"))
		if err != nil {
			t.Fatal(err)
		}
		for _, to := range []string{"vedouci@urad.example.cz", "doprava@urad.example.cz"} {
			if strings.Contains(m.Msg.Header.Get("To"), to) {
				got[to] = subject + "\n" + string(m.Raw)
			}
		}
	}
	monthly, tasks := got["vedouci@urad.example.cz"], got["doprava@urad.example.cz"]
	if !strings.HasPrefix(monthly, "Linka: Měsíční přehled podnětů\n") || !strings.Contains(monthly, "monthly.csv") {
		t.Errorf("monthly report as received:\n%s", monthly)
	}
	if !strings.HasPrefix(tasks, "Linka: Úkoly k vyřízení\n") || strings.Contains(tasks, ".csv") ||
		!strings.Contains(tasks, "text/html") {
		t.Errorf("tasks report as received (no attachment expected):\n%s", tasks)
	}
}
