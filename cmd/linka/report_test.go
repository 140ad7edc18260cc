package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"linka/cases/report"
)

// TestRun_ReportCommands: linka report list, preview and send against a
// data directory with one scheduled report; send queues it in the outbox.
func TestRun_ReportCommands(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var c serveConfig
	c.Store.DataDir = dir
	if err := c.Store.validate(); err != nil {
		t.Fatal(err)
	}
	b, err := openBackend(ctx, &c.Store)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := newReports(&c, b, b.service(c.serviceOptions()), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	sc := report.Schedule{Name: "mesicni", Kind: report.KindMonthly, Cron: "0 7 1 * *", Language: "cs", Active: true,
		Recipients: []string{"vedouci@urad.example.cz"}}
	if err := rep.SaveSchedule(ctx, &sc); err != nil {
		t.Fatal(err)
	}
	b.Close()
	if code, out, errOut := runCmd(t, nil, "report", "list", "-data-dir", dir); code != 0 || !strings.Contains(out, "mesicni\tmonthly\t0 7 1 * *") {
		t.Errorf("report list = %d %q %q", code, out, errOut)
	}
	code, out, errOut := runCmd(t, nil, "report", "preview", "mesicni", "-data-dir", dir)
	if code != 0 || !strings.Contains(out, "Subject: Linka: Měsíční přehled podnětů") || !strings.Contains(out, "Attachment: monthly.csv") {
		t.Errorf("report preview = %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runCmd(t, nil, "report", "preview", "nic", "-data-dir", dir); code != 1 || !strings.Contains(errOut, "not found") {
		t.Errorf("preview of an unknown report = %d %q", code, errOut)
	}
	if code, _, errOut := runCmd(t, nil, "report", "send"); code != 2 || !strings.Contains(errOut, "NAME") {
		t.Errorf("send without a name = %d %q", code, errOut)
	}
	if code, out, errOut := runCmd(t, nil, "report", "send", "mesicni", "-data-dir", dir); code != 0 || !strings.Contains(out, "queued") {
		t.Errorf("report send = %d %q %q", code, out, errOut)
	}
}
