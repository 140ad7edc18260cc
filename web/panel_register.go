package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
)

// Limits of the register's CSV export.
const (
	csvPage    = 500
	csvMaxRows = 100_000
)

// registerCSVURL returns the address of the CSV export of the register
// filtered as u (the register page's address) is, without its paging.
func registerCSVURL(u *url.URL) string {
	v := u.Query()
	v.Del("offset")
	v.Del("limit")
	if len(v) == 0 {
		return "/cases.csv"
	}
	return "/cases.csv?" + v.Encode()
}

// registerCSV serves GET /cases.csv: every case of the register with the
// filters, search and sort of the page, as a CSV file for people (UTF-8
// BOM, ";" separators, Czech dates in Prague, the register's columns in
// the user's language).
func (s *Server) registerCSV(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	v.Del("offset")
	v.Set("limit", itoa(csvPage))
	q, err := parseCaseQuery(v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.newBase(r, "register.title", "register")
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.Comma, cw.UseCRLF = ';', true
	_ = cw.Write([]string{p.T("col.number"), p.T("col.state"), p.T("col.source"), p.T("col.received"),
		p.T("col.due"), p.T("col.submitter"), p.T("col.assigned"), p.T("col.handled_by"),
		p.T("col.subject"), p.T("col.department"), p.T("col.response_sent"), p.T("case.overdue")})
	now := s.dueClock()
	for n := 0; n < csvMaxRows; {
		pg, err := s.svc.ListCases(r.Context(), userOf(r), q)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for i := range pg.Rows {
			row := toRegisterRow(p, &pg.Rows[i], now)
			_ = cw.Write([]string{row.Number, row.State, row.Source, row.Received, row.Due,
				csvCell(row.Submitter), yesNo(p, row.Assigned), csvCell(row.HandledBy), csvCell(row.Subject),
				csvCell(row.Department), yesNo(p, row.ResponseSent), yesNo(p, row.Overdue)})
		}
		n += len(pg.Rows)
		q.Offset += len(pg.Rows)
		if len(pg.Rows) < q.Limit || q.Offset >= pg.Total {
			break
		}
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", contentDisposition("podnety.csv"))
	_, _ = w.Write(buf.Bytes())
}

// yesNo is "Ano"/"Ne" ("Yes"/"No").
func yesNo(p basePage, b bool) string {
	if b {
		return p.T("yes")
	}
	return p.T("no")
}
