package web

import (
	"net/http"

	"linka/cases"
)

// reportRoutes registers the routes of this area (see areas.go): the
// statistics pages with their CSV exports, the scheduled reports and alert
// rules (admin), the reports e-mails link to, and the wallboard.
func (s *Server) reportRoutes(mux *http.ServeMux, c chains) {
	page := c.page
	mux.Handle("GET /statistics", page.then(s.needReports(s.monthlyStatsPage)))
	mux.Handle("GET /statistics/queue", page.then(s.needReports(s.queueStatsPage)))
	mux.Handle("GET /statistics/foi", page.then(s.needReports(s.foiStatsPage)))
	mux.Handle("GET /reports", page.then(s.needReports(s.reportsAdminPage)))
	mux.Handle("GET /reports/tasks", page.then(s.needReportService(s.tasksReportPage)))
	mux.Handle("GET /reports/overdue", page.then(s.needReports(s.overdueReportPage)))
	mux.Handle("GET /reports/schedules/new", page.then(s.needReports(s.scheduleForm)))
	mux.Handle("POST /reports/schedules/new", page.then(s.needReports(s.saveSchedule)))
	mux.Handle("GET /reports/schedules/{name}", page.then(s.needReports(s.scheduleForm)))
	mux.Handle("POST /reports/schedules/{name}", page.then(s.needReports(s.saveSchedule)))
	mux.Handle("GET /reports/schedules/{name}/preview", page.then(s.needReports(s.previewSchedule)))
	mux.Handle("POST /reports/schedules/{name}/send", page.then(s.needReports(s.sendSchedule)))
	mux.Handle("POST /reports/schedules/{name}/delete", page.then(s.needReports(s.deleteSchedule)))
	mux.Handle("GET /reports/alerts/new", page.then(s.needReports(s.alertForm)))
	mux.Handle("POST /reports/alerts/new", page.then(s.needReports(s.saveAlert)))
	mux.Handle("GET /reports/alerts/{id}", page.then(s.needReports(s.alertForm)))
	mux.Handle("POST /reports/alerts/{id}", page.then(s.needReports(s.saveAlert)))
	mux.Handle("POST /reports/alerts/{id}/delete", page.then(s.needReports(s.deleteAlert)))
	mux.Handle("GET /wallboard", page.then(s.needReports(s.wallboardPage)))
	mux.Handle("GET /api/v1/wallboard", c.api.then(s.needReports(s.apiWallboard)))
}

// seesReports reports whether u may see the statistics and manage
// reports: supervisors and administrators.
func seesReports(u *cases.User) bool {
	return u != nil && (u.Has(cases.RoleSupervisor) || u.Has(cases.RoleAdmin))
}

// SeesReports tells the layout whether to show the statistics.
func (p basePage) SeesReports() bool { return seesReports(p.User) }

// needReportService answers 503 when no report service is configured.
func (s *Server) needReportService(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.reports == nil {
			s.fail(w, r, cases.Errorf(cases.EUnavailable, "reports are not configured"))
			return
		}
		next(w, r)
	}
}

// needReports lets supervisors and administrators through.
func (s *Server) needReports(next http.HandlerFunc) http.HandlerFunc {
	return s.needReportService(func(w http.ResponseWriter, r *http.Request) {
		if !seesReports(userOf(r)) {
			s.fail(w, r, forbidden("only supervisors and administrators may see statistics and reports"))
			return
		}
		next(w, r)
	})
}

// reportMessages returns this area's message catalogues (Czech, English).
func reportMessages() (cs, en map[string]string) {
	cs = map[string]string{
		"report.nav.statistics":      "Statistiky",
		"report.nav.wallboard":       "Nástěnka",
		"report.nav.monthly":         "Měsíční přehled",
		"report.nav.queue":           "Fronty a operátoři",
		"report.nav.foi":             "Výroční zpráva (§ 18)",
		"report.nav.reports":         "Odesílané přehledy a upozornění",
		"report.monthly.title":       "Měsíční přehled podnětů",
		"report.queue.title":         "Statistika front a operátorů",
		"report.foi.title":           "Výroční zpráva o poskytování informací",
		"report.tasks.title":         "Úkoly k vyřízení",
		"report.overdue.title":       "Podněty po termínu",
		"report.month":               "Měsíc",
		"report.year":                "Rok",
		"report.from":                "Od",
		"report.to":                  "Do",
		"report.interval":            "Interval",
		"report.interval.15":         "15 minut",
		"report.interval.30":         "30 minut",
		"report.interval.60":         "1 hodina",
		"report.interval.1440":       "1 den",
		"report.show":                "Zobrazit",
		"report.csv":                 "Stáhnout CSV",
		"report.chart.channel":       "Přijaté a vyřízené podněty podle kanálu",
		"report.chart.department":    "Přijaté a vyřízené podněty podle odboru",
		"report.chart.queue":         "Nabídnuté, přijaté a zavěšené hovory podle intervalu",
		"report.series.received":     "Přijato",
		"report.series.closed":       "Uzavřeno",
		"report.series.offered":      "Nabídnuto",
		"report.series.answered":     "Přijato",
		"report.series.abandoned":    "Zavěšeno",
		"report.foi.unavailable":     "Databáze zatím neobsahuje údaje o žádostech o informace; čísla jsou nulová.",
		"report.admin.title":         "Odesílané přehledy a upozornění",
		"report.schedules":           "Pravidelné přehledy e-mailem",
		"report.alerts":              "Upozornění",
		"report.none":                "Zatím žádné.",
		"report.name":                "Název",
		"report.kind":                "Druh",
		"report.schedule":            "Plán (cron: minuta hodina den měsíc den-v-týdnu)",
		"report.schedule.short":      "Plán",
		"report.recipients":          "Příjemci (e-mailové adresy)",
		"report.params.user":         "Úředník (přihlašovací jméno)",
		"report.params.department":   "Odbor (kód)",
		"report.params.interval":     "Interval statistiky front (minuty)",
		"report.language":            "Jazyk",
		"report.active":              "Aktivní",
		"report.last_run":            "Naposledy",
		"report.next_run":            "Příště",
		"report.last_error":          "Chyba",
		"report.actions":             "Akce",
		"report.edit":                "Upravit",
		"report.preview":             "Náhled",
		"report.send_now":            "Odeslat hned",
		"report.delete":              "Smazat",
		"report.save":                "Uložit",
		"report.new_schedule":        "Nový přehled",
		"report.new_alert":           "Nové upozornění",
		"report.sent":                "Přehled byl zařazen k odeslání.",
		"report.saved":               "Uloženo.",
		"report.deleted":             "Smazáno.",
		"report.preview.title":       "Náhled přehledu",
		"report.preview.text":        "Textová podoba e-mailu",
		"report.preview.attachment":  "Příloha CSV: ano",
		"report.preview.link":        "Bez přílohy (osobní údaje): e-mail odkazuje do Linky.",
		"report.kind.tasks":          "Úkoly k vyřízení",
		"report.kind.overdue":        "Týdenní přehled zmeškaných termínů",
		"report.kind.monthly":        "Měsíční přehled",
		"report.kind.queue":          "Statistika front (předchozí den)",
		"report.kind.foi":            "Výroční zpráva § 18 (předchozí rok)",
		"report.alert.kind":          "Hlídat",
		"report.alert.threshold":     "Mez",
		"report.alert.target":        "Cílová doba přijetí (s)",
		"report.alert.notify":        "Komu (responsible, supervisors nebo e-mailové adresy)",
		"report.alert.notify.short":  "Komu",
		"report.alert.untriaged":     "Podnět nezpracovaný déle než N pracovních dní",
		"report.alert.deadline":      "Termín vyřízení do N dní",
		"report.alert.callback":      "Zpětné volání čeká déle než N minut",
		"report.alert.service_level": "Úroveň služeb této hodiny pod N %",
		"report.wallboard.title":     "Nástěnka",
		"report.wb.calls":            "Hovory",
		"report.wb.waiting":          "Čeká ve frontě",
		"report.wb.longest":          "Nejdelší čekání (s)",
		"report.wb.sl":               "Úroveň služeb dnes (%)",
		"report.wb.answered":         "Přijato dnes",
		"report.wb.missed":           "Nepřijato dnes",
		"report.wb.callbacks":        "Zpětná volání",
		"report.wb.clerks":           "Operátoři",
		"report.wb.signed_in":        "Přihlášeno",
		"report.wb.ready":            "Připraveno",
		"report.wb.busy":             "Obsazeno",
		"report.wb.not_ready":        "Nepřipraveno",
		"report.wb.cases":            "Podněty",
		"report.wb.new_today":        "Nové dnes",
		"report.wb.untriaged":        "Nezpracované",
		"report.wb.due_today":        "Termín dnes",
		"report.wb.overdue":          "Po termínu podle odboru",
		"report.wb.updated":          "Aktualizováno",
		"report.wb.live":             "Živě",
		"report.wb.offline":          "Spojení přerušeno, obnovuji…",
	}
	en = map[string]string{
		"report.nav.statistics":      "Statistics",
		"report.nav.wallboard":       "Wallboard",
		"report.nav.monthly":         "Monthly report",
		"report.nav.queue":           "Queues and clerks",
		"report.nav.foi":             "Annual report (§18)",
		"report.nav.reports":         "Scheduled reports and alerts",
		"report.monthly.title":       "Monthly case report",
		"report.queue.title":         "Queue and clerk statistics",
		"report.foi.title":           "Annual report on information requests",
		"report.tasks.title":         "Tasks to handle",
		"report.overdue.title":       "Overdue cases",
		"report.month":               "Month",
		"report.year":                "Year",
		"report.from":                "From",
		"report.to":                  "To",
		"report.interval":            "Interval",
		"report.interval.15":         "15 minutes",
		"report.interval.30":         "30 minutes",
		"report.interval.60":         "1 hour",
		"report.interval.1440":       "1 day",
		"report.show":                "Show",
		"report.csv":                 "Download CSV",
		"report.chart.channel":       "Cases received and closed by channel",
		"report.chart.department":    "Cases received and closed by department",
		"report.chart.queue":         "Calls offered, answered and abandoned by interval",
		"report.series.received":     "Received",
		"report.series.closed":       "Closed",
		"report.series.offered":      "Offered",
		"report.series.answered":     "Answered",
		"report.series.abandoned":    "Abandoned",
		"report.foi.unavailable":     "The database holds no information-request data yet; the figures are zero.",
		"report.admin.title":         "Scheduled reports and alerts",
		"report.schedules":           "Reports sent by e-mail",
		"report.alerts":              "Alerts",
		"report.none":                "None yet.",
		"report.name":                "Name",
		"report.kind":                "Kind",
		"report.schedule":            "Schedule (cron: minute hour day month weekday)",
		"report.schedule.short":      "Schedule",
		"report.recipients":          "Recipients (e-mail addresses)",
		"report.params.user":         "Official (login)",
		"report.params.department":   "Department (code)",
		"report.params.interval":     "Queue statistics interval (minutes)",
		"report.language":            "Language",
		"report.active":              "Active",
		"report.last_run":            "Last run",
		"report.next_run":            "Next run",
		"report.last_error":          "Error",
		"report.actions":             "Actions",
		"report.edit":                "Edit",
		"report.preview":             "Preview",
		"report.send_now":            "Send now",
		"report.delete":              "Delete",
		"report.save":                "Save",
		"report.new_schedule":        "New report",
		"report.new_alert":           "New alert",
		"report.sent":                "The report was queued for sending.",
		"report.saved":               "Saved.",
		"report.deleted":             "Deleted.",
		"report.preview.title":       "Report preview",
		"report.preview.text":        "The e-mail as text",
		"report.preview.attachment":  "CSV attachment: yes",
		"report.preview.link":        "No attachment (personal data): the e-mail links to Linka.",
		"report.kind.tasks":          "Tasks to handle",
		"report.kind.overdue":        "Weekly summary of missed deadlines",
		"report.kind.monthly":        "Monthly report",
		"report.kind.queue":          "Queue statistics (previous day)",
		"report.kind.foi":            "Annual report §18 (previous year)",
		"report.alert.kind":          "Watch",
		"report.alert.threshold":     "Threshold",
		"report.alert.target":        "Target answer time (s)",
		"report.alert.notify":        "Notify (responsible, supervisors or e-mail addresses)",
		"report.alert.notify.short":  "Notify",
		"report.alert.untriaged":     "Case untriaged for more than N working days",
		"report.alert.deadline":      "Deadline within N days",
		"report.alert.callback":      "Callback waiting over N minutes",
		"report.alert.service_level": "Service level this hour below N %",
		"report.wallboard.title":     "Wallboard",
		"report.wb.calls":            "Calls",
		"report.wb.waiting":          "Waiting",
		"report.wb.longest":          "Longest wait (s)",
		"report.wb.sl":               "Service level today (%)",
		"report.wb.answered":         "Answered today",
		"report.wb.missed":           "Missed today",
		"report.wb.callbacks":        "Callbacks pending",
		"report.wb.clerks":           "Clerks",
		"report.wb.signed_in":        "Signed in",
		"report.wb.ready":            "Ready",
		"report.wb.busy":             "Busy",
		"report.wb.not_ready":        "Not ready",
		"report.wb.cases":            "Cases",
		"report.wb.new_today":        "New today",
		"report.wb.untriaged":        "Untriaged",
		"report.wb.due_today":        "Due today",
		"report.wb.overdue":          "Overdue by department",
		"report.wb.updated":          "Updated",
		"report.wb.live":             "Live",
		"report.wb.offline":          "Connection lost, reconnecting…",
	}
	return cs, en
}
