package web

import (
	"net/http"
	"net/url"
	"strconv"

	"linka/cases"
)

// registerPage is the register of citizen submissions ("Podněty občanů").
type registerPage struct {
	basePage
	Q, ReceivedFrom, ReceivedTo string
	Overdue                     bool
	States                      []option
	Departments                 []option
	Sources                     []option
	Sorts                       []option
	Errors                      formErrors
	Rows                        []registerRow
	Total, From, To             int
	PrevURL, NextURL            string
	CSVURL                      string // the CSV export of these filters (panel_register.go)
	// SortBy are the clickable headers of the sortable columns, by key
	// (number, received_at, due_date).
	SortBy map[string]sortLink
}

// sortLink is a column header that sorts the register by its column:
// ascending first, descending when already ascending.
type sortLink struct {
	URL string
	// AriaSort is the column's aria-sort: ascending, descending or none.
	AriaSort string
}

// sortLinks returns the header links of the sortable columns for the
// register at u sorted by current; a new order starts at the first page.
func sortLinks(u *url.URL, current string) map[string]sortLink {
	out := map[string]sortLink{}
	for _, key := range []string{"number", "received_at", "due_date"} {
		l := sortLink{AriaSort: "none"}
		next := key
		switch current {
		case key:
			l.AriaSort, next = "ascending", "-"+key
		case "-" + key:
			l.AriaSort = "descending"
		}
		v := u.Query()
		v.Set("sort", next)
		v.Del("offset")
		l.URL = u.Path + "?" + v.Encode()
		out[key] = l
	}
	return out
}

// registerRow is one row of the register, formatted for display.
type registerRow struct {
	Number       string
	URL          string
	State        string
	Source       string
	Received     string
	Due          string
	Submitter    string
	Assigned     bool
	HandledBy    string
	Subject      string
	Department   string
	ResponseSent bool
	Overdue      bool
	DueSoon      bool // workflow: open and due within 3 working days
}

// registerPage serves GET /: filters, full-text search, sort and paging
// over the cases the user may see.
func (s *Server) registerPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	p := registerPage{basePage: s.newBase(r, "register.title", "register"), Errors: formErrors{},
		Q: v.Get("q"), ReceivedFrom: v.Get("received_from"), ReceivedTo: v.Get("received_to"),
		Overdue: v.Get("overdue") != ""}
	deps, err := s.svc.Departments(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := &lookups{departments: deps}
	p.States = enumOptions(p.basePage, "state.", cases.States, listValues(v, "state")...)
	p.Departments = l.departmentOptions(p.T("filter.all"), v.Get("department_id"))
	p.Sources = withNone(p.T("filter.all"), enumOptions(p.basePage, "source.", cases.Sources, v.Get("source")))
	sort := v.Get("sort")
	if sort == "" {
		sort = "-received_at" // the service's default order, shown as chosen
	}
	p.Sorts = enumOptions(p.basePage, "sort.", cases.CaseSorts, sort)
	status := http.StatusOK
	q, err := parseCaseQuery(v)
	var pg cases.CasePage
	if err == nil {
		pg, err = s.svc.ListCases(r.Context(), userOf(r), q)
	}
	if cases.ErrorCode(err) == cases.EInvalid {
		p.Errors.add(r, err)
		status = http.StatusUnprocessableEntity
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.dueClock()
	for i := range pg.Rows {
		p.Rows = append(p.Rows, toRegisterRow(p.basePage, &pg.Rows[i], now))
	}
	p.Total, p.From, p.To = pg.Total, q.Offset+1, q.Offset+len(pg.Rows)
	p.PrevURL, p.NextURL = pageLinks(r.URL, q.Offset, q.Limit, pg.Total)
	p.CSVURL = registerCSVURL(r.URL)
	p.SortBy = sortLinks(r.URL, sort)
	s.render(w, r, status, "register", p)
}

// toRegisterRow formats a row: Czech dates in Prague, labels in the
// page's language.
func toRegisterRow(p basePage, c *cases.CaseRow, now dueClock) registerRow {
	return registerRow{Number: c.Number, URL: casePath(c.Number),
		State: p.T("state." + string(c.State)), Source: p.T("source." + string(c.Source)),
		Received: czechDateTime(c.ReceivedAt), Due: c.DueDate.Czech(), Submitter: c.SubmitterName,
		Assigned: c.Assigned(), HandledBy: c.HandledByName, Subject: c.Subject,
		Department: c.DepartmentName, ResponseSent: c.ResponseSent, Overdue: c.Overdue(now.at),
		DueSoon: c.DueSoon(now.at, now.cal)}
}

// casePath returns the address of a case's page.
func casePath(number string) string { return "/cases/" + url.PathEscape(number) }

// pageLinks returns the addresses of the previous and next page of a
// list, keeping its other parameters, or "" where there is none.
func pageLinks(u *url.URL, offset, limit, total int) (prev, next string) {
	link := func(off int) string {
		v := u.Query()
		if off > 0 {
			v.Set("offset", strconv.Itoa(off))
		} else {
			v.Del("offset")
		}
		return u.Path + "?" + v.Encode()
	}
	if offset > 0 {
		prev = link(max(0, offset-limit))
	}
	if offset+limit < total {
		next = link(offset + limit)
	}
	return prev, next
}
