package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"linka/cases"
	"linka/cases/report"
	"linka/internal/workdays"
)

// reportPage shows a report document: the statistics pages, the reports
// e-mails link to and the preview of a scheduled report.
type reportPage struct {
	basePage
	// Form names the filter form shown: "month", "queue", "year" or "";
	// Action is where it goes (the page itself).
	Form, Action    string
	Month, Year     string
	From, To        string
	Intervals       []option
	Errors          formErrors
	Intro           []string
	Charts          []template.HTML
	Tables          []report.Table
	CSVURL          string
	Notice, Alert   string
	MailText        string // preview: the e-mail as text
	MailAttachment  bool   // preview: a CSV is attached
	PreviewSchedule string // preview: the schedule's name
}

// newReportPage returns the page titled titleKey showing d.
func (s *Server) newReportPage(r *http.Request, titleKey string, d report.Document) reportPage {
	return reportPage{basePage: s.newBase(r, titleKey, "statistics"), Action: r.URL.Path, Intro: d.Intro, Tables: d.Tables,
		Errors: formErrors{}}
}

// csvLink returns the page's own URL asking for CSV.
func csvLink(r *http.Request) string {
	q := r.URL.Query()
	q.Set("format", "csv")
	return r.URL.Path + "?" + q.Encode()
}

// serveDocument answers with d as CSV when the query asks for it and
// reports whether it did.
func serveDocument(w http.ResponseWriter, r *http.Request, name string, d report.Document) bool {
	if r.URL.Query().Get("format") != "csv" {
		return false
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	_, _ = w.Write(report.CSV(d.Records()))
	return true
}

// monthlyStatsPage serves GET /statistics: the monthly report of ?month=
// (YYYY-MM, the previous month by default) with charts and CSV.
func (s *Server) monthlyStatsPage(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	now := s.reports.Now()
	from, to := report.Period(report.KindMonthly, now)
	month := r.URL.Query().Get("month")
	var err error
	if month != "" {
		from, to, err = parseMonth(month)
	}
	if err != nil {
		p := s.newReportPage(r, "report.monthly.title", report.Document{})
		p.Form, p.Month = "month", month
		p.Errors.add(r, err)
		s.render(w, r, http.StatusUnprocessableEntity, "report_doc", p)
		return
	}
	m, err := s.reports.Monthly(r.Context(), from, to)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := report.MonthlyDocument(m, lang)
	if serveDocument(w, r, "monthly-"+from.In(workdays.Prague()).Format("2006-01"), d) {
		return
	}
	p := s.newReportPage(r, "report.monthly.title", d)
	p.Form, p.Month, p.CSVURL = "month", from.In(workdays.Prague()).Format("2006-01"), csvLink(r)
	b := p.basePage
	p.Charts = []template.HTML{
		groupChart("chart-channel", b.T("report.chart.channel"), b, m.ByChannel),
		groupChart("chart-department", b.T("report.chart.department"), b, m.ByDepartment),
	}
	s.render(w, r, http.StatusOK, "report_doc", p)
}

// groupChart charts received and closed cases per group.
func groupChart(id, title string, b basePage, gs []report.Group) template.HTML {
	var labels []string
	rec, closed := report.Series{Name: b.T("report.series.received")}, report.Series{Name: b.T("report.series.closed")}
	for _, g := range gs {
		name := g.Name
		if name == "" {
			name = "—"
		}
		labels = append(labels, name)
		rec.Values = append(rec.Values, float64(g.Received))
		closed.Values = append(closed.Values, float64(g.Closed))
	}
	// The chart escapes every text it draws.
	return template.HTML(report.BarChart(id, title, labels, []report.Series{rec, closed}))
}

// parseMonth reads "YYYY-MM" as the month's bounds in Prague.
func parseMonth(s string) (time.Time, time.Time, error) {
	t, err := time.ParseInLocation("2006-01", s, workdays.Prague())
	if err != nil {
		return time.Time{}, time.Time{}, cases.Invalid("month", "%q is not a month (YYYY-MM)", s)
	}
	return t.UTC(), t.AddDate(0, 1, 0).UTC(), nil
}

// queueStatsPage serves GET /statistics/queue: the queue and clerk
// statistics of ?from= to ?to= (dates, today by default) per ?interval=
// minutes.
func (s *Server) queueStatsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lang := langOf(r)
	p := s.newReportPage(r, "report.queue.title", report.Document{})
	p.Form = "queue"
	today := workdays.DateOf(s.reports.Now())
	fromD, toD, iv := today, today, 30
	var err error
	if v := q.Get("from"); v != "" {
		fromD, err = formDate(v, "from")
	}
	if v := q.Get("to"); v != "" && err == nil {
		toD, err = formDate(v, "to")
	}
	if v := q.Get("interval"); v != "" && err == nil {
		iv, err = strconv.Atoi(v)
		if err != nil || (iv != 15 && iv != 30 && iv != 60 && iv != 1440) {
			err = cases.Invalid("interval", "the interval is 15, 30, 60 or 1440 minutes")
		}
	}
	if err == nil && toD.Before(fromD) {
		err = cases.Invalid("to", "the end is before the start")
	}
	p.From, p.To = fromD.String(), toD.String()
	p.Intervals = enumOptions(p.basePage, "report.interval.", []string{"15", "30", "60", "1440"}, strconv.Itoa(iv))
	if err != nil {
		p.Errors.add(r, err)
		s.render(w, r, http.StatusUnprocessableEntity, "report_doc", p)
		return
	}
	from, to := fromD.Start().UTC(), toD.End().UTC()
	rows, err := s.reports.Queue(r.Context(), from, to, report.QueueOptions{Interval: time.Duration(iv) * time.Minute})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	agents, err := s.reports.Agents(r.Context(), from, to)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := report.QueueDocument(rows, from, to, lang)
	d.Tables = append(d.Tables, report.AgentTable(agents, s.reasonNames(r, lang), lang))
	if serveDocument(w, r, "queue-"+p.From+"-"+p.To, d) {
		return
	}
	p.Intro, p.Tables, p.CSVURL = d.Intro, d.Tables, csvLink(r)
	p.Charts = []template.HTML{queueChart(p.basePage, rows)}
	s.render(w, r, http.StatusOK, "report_doc", p)
}

// queueChart charts the total row of each interval.
func queueChart(b basePage, rows []report.QueueRow) template.HTML {
	var labels []string
	off, ans, ab := report.Series{Name: b.T("report.series.offered")}, report.Series{Name: b.T("report.series.answered")},
		report.Series{Name: b.T("report.series.abandoned")}
	for _, r := range rows {
		if r.Group != "" {
			continue
		}
		labels = append(labels, r.Start.In(workdays.Prague()).Format("02.01. 15:04"))
		off.Values = append(off.Values, float64(r.Offered))
		ans.Values = append(ans.Values, float64(r.Answered))
		ab.Values = append(ab.Values, float64(r.Abandoned()))
	}
	return template.HTML(report.BarChart("chart-queue", b.T("report.chart.queue"), labels, []report.Series{off, ans, ab}))
}

// reasonNames returns the names of the not-ready reasons in lang; none
// when the panel's list cannot be read.
func (s *Server) reasonNames(r *http.Request, lang string) map[string]string {
	names, err := s.reports.Store().AgentReasonNames(r.Context(), lang)
	if err != nil {
		s.logWarn(r, "not-ready reasons unavailable", "error", err)
	}
	return names
}

// foiStatsPage serves GET /statistics/foi: the annual report on
// information requests of ?year= (the previous year by default).
func (s *Server) foiStatsPage(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	from, to := report.Period(report.KindFOI, s.reports.Now())
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			p := s.newReportPage(r, "report.foi.title", report.Document{})
			p.Form, p.Year = "year", v
			p.Errors.add(r, cases.Invalid("year", "%q is not a year", v))
			s.render(w, r, http.StatusUnprocessableEntity, "report_doc", p)
			return
		}
		from, to = workdays.NewDate(y, 1, 1).Start().UTC(), workdays.NewDate(y+1, 1, 1).Start().UTC()
	}
	f, err := s.reports.Store().FOIStats(r.Context(), from, to)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := report.FOIDocument(f, from, lang)
	year := strconv.Itoa(workdays.DateOf(from).Year)
	if serveDocument(w, r, "foi-"+year, d) {
		return
	}
	p := s.newReportPage(r, "report.foi.title", d)
	p.Form, p.Year, p.CSVURL = "year", year, csvLink(r)
	if !f.Available {
		p.Notice = p.T("report.foi.unavailable")
	}
	s.render(w, r, http.StatusOK, "report_doc", p)
}

// tasksReportPage serves GET /reports/tasks?user=&department=, the page
// "Úkoly k vyřízení" e-mails link to: supervisors and administrators see
// anyone's, an official their own.
func (s *Server) tasksReportPage(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	params := report.Params{User: r.URL.Query().Get("user"), Department: r.URL.Query().Get("department")}
	if !seesReports(u) && (params.User != u.Login || params.Department != "") {
		s.fail(w, r, forbidden("only supervisors and administrators may see other officials' tasks"))
		return
	}
	s.showReportDoc(w, r, "report.tasks.title", report.KindTasks, params)
}

// overdueReportPage serves GET /reports/overdue?department=.
func (s *Server) overdueReportPage(w http.ResponseWriter, r *http.Request) {
	s.showReportDoc(w, r, "report.overdue.title", report.KindOverdue, report.Params{Department: r.URL.Query().Get("department")})
}

func (s *Server) showReportDoc(w http.ResponseWriter, r *http.Request, titleKey string, k report.Kind, params report.Params) {
	d, err := s.reports.Document(r.Context(), k, params, langOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if serveDocument(w, r, string(k), d) {
		return
	}
	p := s.newReportPage(r, titleKey, d)
	p.CSVURL = csvLink(r)
	s.render(w, r, http.StatusOK, "report_doc", p)
}

// reportTabs are the statistics pages, for the sub-navigation.
func (p reportPage) Tabs() []option {
	cur := p.Path
	if u, err := url.Parse(cur); err == nil {
		cur = u.Path
	}
	out := []option{}
	for _, t := range []struct{ path, key string }{{"/statistics", "report.nav.monthly"}, {"/statistics/queue", "report.nav.queue"},
		{"/statistics/foi", "report.nav.foi"}, {"/wallboard", "report.nav.wallboard"}, {"/reports", "report.nav.reports"}} {
		out = append(out, option{Value: t.path, Label: p.T(t.key), Selected: cur == t.path})
	}
	return out
}
