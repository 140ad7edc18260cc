package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// defaultLimit is the page size when a request gives no limit.
const defaultLimit = 50

// int64Param returns the integer query parameter name, or 0 when absent.
func int64Param(v url.Values, name string) (int64, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, cases.Invalid(name, "%q is not a valid id", s)
	}
	return n, nil
}

// boolParam returns the boolean query parameter name ("true", "1", "on").
func boolParam(v url.Values, name string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v.Get(name))) {
	case "", "false", "0", "off", "no":
		return false, nil
	case "true", "1", "on", "yes":
		return true, nil
	}
	return false, cases.Invalid(name, "%q is not true or false", v.Get(name))
}

// dateParam returns the date query parameter name ("2017-04-25" or
// "25.04.2017"), or the zero date when absent.
func dateParam(v url.Values, name string) (workdays.Date, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return workdays.Date{}, nil
	}
	d, err := workdays.ParseDate(s)
	if err != nil {
		return workdays.Date{}, cases.Invalid(name, "%q is not a date (YYYY-MM-DD)", s)
	}
	return d, nil
}

// timeParam returns an instant given as a date (the start of that day in
// Prague, or its end when end is true) or as RFC 3339.
func timeParam(v url.Values, name string, end bool) (time.Time, error) {
	s := strings.TrimSpace(v.Get(name))
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := dateParam(v, name)
	switch {
	case err != nil:
		return time.Time{}, cases.Invalid(name, "%q is not a date (YYYY-MM-DD) or an RFC 3339 time", s)
	case d.IsZero():
		return time.Time{}, nil
	case end:
		return d.End(), nil
	}
	return d.Start(), nil
}

// paging returns the limit and offset of a request; the limit defaults to
// defaultLimit. The service checks the upper bound.
func paging(v url.Values) (limit, offset int, err error) {
	limit, offset = defaultLimit, 0
	if s := v.Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 {
			return 0, 0, cases.Invalid("limit", "%q is not a positive number", s)
		}
	}
	if s := v.Get("offset"); s != "" {
		if offset, err = strconv.Atoi(s); err != nil || offset < 0 {
			return 0, 0, cases.Invalid("offset", "%q is not a number of at least 0", s)
		}
	}
	return limit, offset, nil
}

// listValues returns a repeatable parameter, each value also split at
// commas: state=new&state=assigned and state=new,assigned are the same.
func listValues(v url.Values, name string) []string {
	var out []string
	for _, s := range v[name] {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// parseCaseQuery reads the register's filters, search, sort and paging.
func parseCaseQuery(v url.Values) (cases.CaseQuery, error) {
	var q cases.CaseQuery
	for _, s := range listValues(v, "state") {
		q.States = append(q.States, cases.State(s))
	}
	ids := []struct {
		name string
		dst  *int64
	}{{"department_id", &q.DepartmentID}, {"official_id", &q.OfficialID},
		{"case_type_id", &q.CaseTypeID}, {"submitter_id", &q.SubmitterID}}
	for _, p := range ids {
		n, err := int64Param(v, p.name)
		if err != nil {
			return q, err
		}
		*p.dst = n
	}
	q.Source = cases.Source(strings.ToUpper(strings.TrimSpace(v.Get("source"))))
	var err error
	if q.Overdue, err = boolParam(v, "overdue"); err != nil {
		return q, err
	}
	from, err := dateParam(v, "received_from")
	if err != nil {
		return q, err
	}
	to, err := dateParam(v, "received_to")
	if err != nil {
		return q, err
	}
	if !from.IsZero() {
		q.ReceivedFrom = from.Start()
	}
	if !to.IsZero() {
		q.ReceivedTo = to.End()
	}
	q.Text, q.Sort = strings.TrimSpace(v.Get("q")), strings.TrimSpace(v.Get("sort"))
	q.Limit, q.Offset, err = paging(v)
	return q, err
}

// itoa formats an id.
func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// pathID returns the integer path value name; a malformed id names nothing
// that exists, so it is "not found".
func pathID(r interface{ PathValue(string) string }, name, what string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, cases.Errorf(cases.ENotFound, "%s not found", what)
	}
	return n, nil
}
