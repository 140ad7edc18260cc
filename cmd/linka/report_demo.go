package main

import (
	"context"
	"fmt"
	"log/slog"

	"linka/cases/report"
)

// seedDemoReports adds the demo's scheduled reports and alert rules: the
// seed's daily "Úkoly k vyřízení" at 6:00, the weekly overdue summary, the
// monthly counts, yesterday's queue statistics and the four alerts.
func seedDemoReports(ctx context.Context, rep *report.Service) error {
	boss := "vedouci@urad.example.cz"
	for _, sc := range []report.Schedule{
		{Name: "ukoly-doprava", Kind: report.KindTasks, Cron: "0 6 * * 1-5", Recipients: []string{"doprava@urad.example.cz"},
			Params: report.Params{Department: "DOP"}},
		{Name: "ukoly-jonas", Kind: report.KindTasks, Cron: "0 6 * * 1-5", Recipients: []string{"jonas@urad.example.cz"},
			Params: report.Params{User: "jonas"}},
		{Name: "zmeskane-terminy", Kind: report.KindOverdue, Cron: "0 7 * * 1", Recipients: []string{boss}},
		{Name: "mesicni-prehled", Kind: report.KindMonthly, Cron: "0 7 1 * *", Recipients: []string{boss}},
		{Name: "fronty-vcera", Kind: report.KindQueue, Cron: "30 6 * * *", Recipients: []string{boss},
			Params: report.Params{IntervalMinutes: 60}},
		{Name: "vyrocni-zprava-106", Kind: report.KindFOI, Cron: "0 8 2 1 *", Recipients: []string{boss}},
	} {
		sc.Language, sc.Active = "cs", true
		if err := rep.SaveSchedule(ctx, &sc); err != nil {
			return fmt.Errorf("demo report %s: %w", sc.Name, err)
		}
	}
	for _, r := range []report.AlertRule{
		{Name: "Nezpracovaný podnět 2 pracovní dny", Kind: report.AlertUntriaged, Threshold: 2, Notify: report.NotifyResponsible},
		{Name: "Termín do 3 dnů", Kind: report.AlertDeadline, Threshold: 3, Notify: report.NotifyResponsible},
		{Name: "Zpětné volání čeká hodinu", Kind: report.AlertCallback, Threshold: 60, Notify: report.NotifySupervisors},
		{Name: "Úroveň služeb pod 80 %", Kind: report.AlertServiceLevel, Threshold: 80, TargetSeconds: 20, Notify: report.NotifySupervisors},
	} {
		r.Active = true
		if err := rep.SaveRule(ctx, &r); err != nil {
			return fmt.Errorf("demo alert %s: %w", r.Name, err)
		}
	}
	return nil
}

// seedDemoReportsOf seeds the demo's reports with the demo's settings.
func seedDemoReportsOf(ctx context.Context, c *serveConfig, b *backend, log *slog.Logger) error {
	rep, err := newReports(c, b, b.service(c.serviceOptions()), log)
	if err != nil {
		return err
	}
	return seedDemoReports(ctx, rep)
}
