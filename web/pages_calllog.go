package web

import (
	"net/http"
	"strings"
	"time"

	"linka/cases"
	"linka/cti"
)

// callLogView is the call log page ("Hovory"): finished calls, newest first,
// filtered by number, extension, dates, direction and missed.
type callLogView struct {
	basePage
	// Configured is false when the server has no call log; the page then
	// says so and shows nothing else.
	Configured        bool
	Number, Extension string
	DateFrom, DateTo  string
	Missed            bool
	Directions        []option
	Errors            formErrors
	Rows              []callLogRow
	Total, From, To   int
	PrevURL, NextURL  string
}

// callLogRow is one call of the call log, formatted for display.
type callLogRow struct {
	Started    string
	Direction  string
	Caller     string
	Called     string
	Extensions string
	AnsweredBy string
	Ring, Talk string
	EndReason  string
	Sources    string
	Missed     bool
	InProgress bool
	Contacts   []contactLink
	Cases      []caseLink
}

// caseLink is a case a call is linked to.
type caseLink struct{ Number, URL string }

// SeesCallLog reports whether the user has a call log to see: the whole
// of it, or the calls at their own extension.
func (p basePage) SeesCallLog() bool {
	return p.User != nil && (seesAllLoggedCalls(p.User) || p.User.Extension != "")
}

// callLogPage serves GET /calllog with the filters and visibility of GET
// /api/v1/calllog: officials see the calls at their own extension.
func (s *Server) callLogPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	p := callLogView{basePage: s.newBase(r, "calllog.title", "calllog"), Configured: s.calllog != nil,
		Number: v.Get("number"), Extension: v.Get("extension"), DateFrom: v.Get("from"), DateTo: v.Get("to"),
		Missed: v.Get("missed") != "", Errors: formErrors{}}
	p.Directions = withNone(p.T("filter.all"), enumOptions(p.basePage, "direction.",
		[]cti.Direction{cti.DirectionIncoming, cti.DirectionOutgoing, cti.DirectionInternal}, v.Get("direction")))
	if !p.Configured {
		s.render(w, r, http.StatusOK, "calllog", p)
		return
	}
	f, err := callLogFilter(r, userOf(r))
	var rows []cti.CallLogEntry
	var total int
	if err == nil {
		rows, total, err = s.calllog.Search(r.Context(), f)
	}
	var out []callLogJSON
	if err == nil {
		out, err = s.callLogJSON(r, rows)
	}
	switch cases.ErrorCode(err) {
	case "":
	case cases.EInvalid, cases.EForbidden:
		p.Errors.add(r, err)
		_, status := s.publicError(r, err)
		s.render(w, r, status, "calllog", p)
		return
	default:
		s.fail(w, r, err)
		return
	}
	for i := range out {
		p.Rows = append(p.Rows, toCallLogRow(p.basePage, &out[i]))
	}
	p.Total, p.From, p.To = total, f.Offset+1, f.Offset+len(out)
	p.PrevURL, p.NextURL = pageLinks(r.URL, f.Offset, f.Limit, total)
	s.render(w, r, http.StatusOK, "calllog", p)
}

// toCallLogRow formats a call the JSON API would show: Czech dates in
// Prague, durations as m:ss, labels in the page's language.
func toCallLogRow(p basePage, c *callLogJSON) callLogRow {
	row := callLogRow{Started: czechSeconds(time.Time(c.StartedAt)), Direction: p.T("direction." + string(c.Direction)),
		Caller: c.Caller, Called: c.Called, Extensions: strings.Join(c.Extensions, ", "),
		Ring:    clockDuration(time.Duration(c.RingSeconds) * time.Second),
		Talk:    clockDuration(time.Duration(c.TalkSeconds) * time.Second),
		Sources: strings.ToUpper(strings.Join(c.Sources, ", ")), Missed: c.Missed, InProgress: c.InProgress,
		Contacts: contactLinks(c.Contacts)}
	if c.EndReason != "" {
		row.EndReason = p.T("end." + c.EndReason)
	}
	if c.AnsweredBy != nil {
		row.AnsweredBy = c.AnsweredBy.Extension
		if c.AnsweredBy.UserName != "" {
			row.AnsweredBy = c.AnsweredBy.UserName + " (" + c.AnsweredBy.Extension + ")"
		}
	}
	for _, n := range c.Cases {
		row.Cases = append(row.Cases, caseLink{Number: n, URL: casePath(n)})
	}
	return row
}
