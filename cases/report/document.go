package report

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"linka/cases"
	"linka/cti"
	"linka/internal/workdays"
)

// Document is a built report: a title, lines of text and tables, in one
// language. E-mails, the web pages and CSV exports all render it.
type Document struct {
	Kind   Kind
	Title  string
	Intro  []string
	Tables []Table
	// Link is the report's page in Linka.
	Link string
}

// Table is one table of a Document.
type Table struct {
	Title string
	Head  []string
	Rows  []Row
}

// Row is one row; Overdue rows are shown in red; Link (optional) is the
// path of the first cell's object in Linka.
type Row struct {
	Cells   []string
	Overdue bool
	Link    string
}

// Records returns the tables as CSV records: each table's title, header
// and rows, tables separated by an empty record.
func (d Document) Records() [][]string {
	var out [][]string
	for i, t := range d.Tables {
		if i > 0 {
			out = append(out, []string{})
		}
		if t.Title != "" {
			out = append(out, []string{t.Title})
		}
		out = append(out, t.Head)
		for _, r := range t.Rows {
			out = append(out, r.Cells)
		}
	}
	return out
}

// Document builds the report of kind k with params p as of now, in lang.
func (s *Service) Document(ctx context.Context, k Kind, p Params, lang string) (Document, error) {
	l := labels(lang)
	now := s.now()
	d := Document{Kind: k, Title: l[string(k)+".title"]}
	switch k {
	case KindTasks, KindOverdue:
		tasks, err := s.Tasks(ctx, p, k == KindOverdue)
		if err != nil {
			return d, err
		}
		if k == KindTasks {
			tasksDoc(&d, tasks, now, l)
		} else {
			overdueDoc(&d, tasks, now, l)
		}
	case KindMonthly:
		from, to := Period(k, now)
		m, err := s.Monthly(ctx, from, to)
		if err != nil {
			return d, err
		}
		d = MonthlyDocument(m, lang)
	case KindQueue:
		from, to := Period(k, now)
		o := QueueOptions{Interval: time.Duration(p.IntervalMinutes) * time.Minute}
		rows, err := s.Queue(ctx, from, to, o)
		if err != nil {
			return d, err
		}
		d = QueueDocument(rows, from, to, lang)
	case KindFOI:
		from, to := Period(k, now)
		f, err := s.store.FOIStats(ctx, from, to)
		if err != nil {
			return d, err
		}
		d = FOIDocument(f, from, lang)
	default:
		return d, cases.Invalid("kind", "unknown report kind %q", k)
	}
	d.Link = s.link(reportPath(k, p))
	return d, nil
}

// reportPath is the page of a report in Linka.
func reportPath(k Kind, p Params) string {
	switch k {
	case KindTasks, KindOverdue:
		q := url.Values{}
		if p.User != "" {
			q.Set("user", p.User)
		}
		if p.Department != "" {
			q.Set("department", p.Department)
		}
		path := "/reports/" + string(k)
		if len(q) > 0 {
			path += "?" + q.Encode()
		}
		return path
	case KindQueue:
		return "/statistics/queue"
	case KindFOI:
		return "/statistics/foi"
	}
	return "/statistics"
}

func tasksDoc(d *Document, tasks []Task, now time.Time, l map[string]string) {
	t := Table{Title: l["tasks.heading"], Head: []string{l["col.case"], l["col.handled_by"], l["col.received"],
		l["col.due"], l["col.priority"], l["col.done"]}}
	over := 0
	for _, x := range tasks {
		od := x.Overdue(now)
		if od {
			over++
		}
		t.Rows = append(t.Rows, Row{Cells: []string{caseLabel(x, l), dash(x.HandledBy, l), fmtTime(x.ReceivedAt),
			dateText(x.DueDate, l), l["priority."+string(x.Priority)], l["no"]}, Overdue: od, Link: "/cases/" + x.Number})
	}
	d.Intro = []string{fmt.Sprintf(l["tasks.count"], len(tasks), over)}
	d.Tables = []Table{t}
}

func overdueDoc(d *Document, tasks []Task, now time.Time, l map[string]string) {
	by := Table{Title: l["col.department"], Head: []string{l["col.department"], l["col.count"]}}
	counts := map[string]int{}
	var order []string
	detail := Table{Head: []string{l["col.case"], l["col.handled_by"], l["col.department"], l["col.due"], l["col.days_overdue"]}}
	for _, x := range tasks {
		dep := dash(x.Department, l)
		if counts[dep] == 0 {
			order = append(order, dep)
		}
		counts[dep]++
		detail.Rows = append(detail.Rows, Row{Cells: []string{caseLabel(x, l), dash(x.HandledBy, l), dep,
			dateText(x.DueDate, l), strconv.Itoa(x.DaysOverdue(now))}, Overdue: true, Link: "/cases/" + x.Number})
	}
	for _, dep := range order {
		by.Rows = append(by.Rows, Row{Cells: []string{dep, strconv.Itoa(counts[dep])}})
	}
	d.Intro = []string{fmt.Sprintf(l["overdue.count"], len(tasks))}
	d.Tables = []Table{by, detail}
}

func caseLabel(t Task, l map[string]string) string {
	if t.Subject == "" {
		return t.Number + ": " + l["restricted"]
	}
	return t.Number + ": " + t.Subject
}

func dash(s string, l map[string]string) string {
	if s == "" {
		return l["none"]
	}
	return s
}

func dateText(d workdays.Date, l map[string]string) string {
	if d.IsZero() {
		return l["none"]
	}
	return d.Czech()
}

// MonthlyDocument lays out a monthly report.
func MonthlyDocument(m Monthly, lang string) Document {
	l := labels(lang)
	d := Document{Kind: KindMonthly, Title: l["monthly.title"]}
	last := m.To.Add(-time.Nanosecond)
	d.Intro = []string{fmt.Sprintf(l["monthly.period"], workdays.DateOf(m.From).Czech(), workdays.DateOf(last).Czech())}
	head := []string{l["col.name"], l["col.received_n"], l["col.accepted"], l["col.rejected"], l["col.forwarded"],
		l["col.deferred"], l["col.resolved"], l["col.avg_handling"], l["col.on_time"]}
	row := func(name string, c Counts) Row {
		return Row{Cells: []string{name, strconv.Itoa(c.Received), strconv.Itoa(c.Accepted), strconv.Itoa(c.Rejected),
			strconv.Itoa(c.Forwarded), strconv.Itoa(c.Deferred), strconv.Itoa(c.Resolved),
			FormatHandling(c.AvgHandling(), lang), FormatPct(c.OnTimeShare(), lang)}}
	}
	d.Tables = append(d.Tables, Table{Title: l["dim.total"], Head: head, Rows: []Row{row(l["dim.total"], m.Total)}})
	for _, g := range []struct {
		title string
		gs    []Group
	}{{l["dim.channel"], m.ByChannel}, {l["dim.department"], m.ByDepartment}, {l["dim.case_type"], m.ByCaseType}} {
		t := Table{Title: g.title, Head: head}
		for _, x := range g.gs {
			t.Rows = append(t.Rows, row(dash(x.Name, l), x.Counts))
		}
		d.Tables = append(d.Tables, t)
	}
	return d
}

// QueueHead returns the header of queue statistics rows.
func QueueHead(lang string) []string {
	l := labels(lang)
	return []string{l["col.group"], l["col.interval"], l["col.offered"], l["col.answered"], l["col.abandoned_gateway"],
		l["col.abandoned_queue"], l["col.abandoned_ringing"], l["col.short"], l["col.overflowed"], l["col.sl"],
		l["col.asa"], l["col.longest"], l["col.aht"], l["col.transfer"], l["col.repeat"], l["col.callbacks"], l["col.ttc"]}
}

// QueueCells returns one queue statistics row as text.
func QueueCells(r QueueRow, interval string, lang string) []string {
	g := r.Group
	if g == "" {
		g = labels(lang)["all_groups"]
	}
	return []string{g, interval, strconv.Itoa(r.Offered), strconv.Itoa(r.Answered), strconv.Itoa(r.AbandonedGateway),
		strconv.Itoa(r.AbandonedQueue), strconv.Itoa(r.AbandonedRinging), strconv.Itoa(r.ShortAbandons),
		strconv.Itoa(r.Overflowed), FormatPct(r.ServiceLevel(), lang), secs(r.ASA()), secs(r.LongestWait),
		secs(r.AHT()), FormatPct(r.TransferRate(), lang), strconv.Itoa(r.RepeatCalls), strconv.Itoa(r.Callbacks),
		secs(r.AvgTimeToCallback())}
}

// QueueDocument lays out the queue statistics of [from, to).
func QueueDocument(rows []QueueRow, from, to time.Time, lang string) Document {
	l := labels(lang)
	d := Document{Kind: KindQueue, Title: l["queue.title"]}
	period := fmtTime(from) + " – " + fmtTime(to)
	d.Intro = []string{period}
	sum := Table{Title: l["dim.total"], Head: QueueHead(lang)}
	for _, r := range SumRows(rows) {
		sum.Rows = append(sum.Rows, Row{Cells: QueueCells(r, period, lang)})
	}
	iv := Table{Title: l["col.interval"], Head: QueueHead(lang)}
	for _, r := range rows {
		iv.Rows = append(iv.Rows, Row{Cells: QueueCells(r, fmtTime(r.Start), lang)})
	}
	d.Tables = []Table{sum, iv}
	return d
}

// FOIDocument lays out the annual report on information requests of the
// year from is in.
func FOIDocument(f FOI, from time.Time, lang string) Document {
	l := labels(lang)
	d := Document{Kind: KindFOI, Title: l["foi.title"]}
	d.Intro = []string{strconv.Itoa(workdays.DateOf(from).Year)}
	t := Table{Head: []string{"", l["col.count"]}}
	for _, x := range []struct {
		k string
		n int
	}{{"foi.requests", f.Requests}, {"foi.refusals", f.Refusals}, {"foi.appeals", f.Appeals},
		{"foi.court", f.CourtReviews}, {"foi.licences", f.ExclusiveLicences}, {"foi.complaints", f.Complaints}} {
		t.Rows = append(t.Rows, Row{Cells: []string{l[x.k], strconv.Itoa(x.n)}})
	}
	r := Table{Title: l["foi.reasons"], Head: []string{l["foi.reasons"], l["col.count"]}}
	for _, x := range f.Reasons {
		r.Rows = append(r.Rows, Row{Cells: []string{x.Name, strconv.Itoa(x.Count)}})
	}
	d.Tables = []Table{t, r}
	return d
}

// AgentTable lays out the per-clerk statistics; reasons names the
// not-ready reason codes.
func AgentTable(rows []AgentRow, reasons map[string]string, lang string) Table {
	l := labels(lang)
	t := Table{Title: l["agents.title"], Head: []string{l["col.extension"], l["col.clerk"], l["col.signed_in"],
		l["col.ready"], l["col.not_ready"], l["col.acw"], l["col.reasons"], l["col.calls"], l["col.handling"],
		l["col.occupancy"]}}
	for _, r := range rows {
		var rs []string
		for code, d := range r.NotReady {
			name := reasons[code]
			if name == "" {
				name = dash(code, l)
			}
			rs = append(rs, name+" "+fmtDuration(d))
		}
		sort.Strings(rs)
		t.Rows = append(t.Rows, Row{Cells: []string{r.Extension, dash(r.UserName, l), fmtDuration(r.SignedIn()),
			fmtDuration(r.States[cti.AgentReady]), fmtDuration(r.States[cti.AgentNotReady]),
			fmtDuration(r.States[cti.AgentWorkingAfterCall]), strings.Join(rs, ", "), strconv.Itoa(r.Calls),
			fmtDuration(r.Talk + r.Hold + r.ACW), FormatPct(r.Occupancy(), lang)}})
	}
	return t
}
