package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"

	"linka/cases"
)

// accessExportLimit is the most rows one CSV export holds; page through
// larger logs with offset.
const accessExportLimit = 10000

// accessJSON is one access-log entry.
type accessJSON struct {
	ID       int64   `json:"id"`
	At       apiTime `json:"at"`
	UserID   int64   `json:"user_id"`
	Object   string  `json:"object"`
	ObjectID int64   `json:"object_id"`
	Action   string  `json:"action"`
}

func toAccessJSON(e *cases.AccessEntry) accessJSON {
	return accessJSON{ID: e.ID, At: apiTime(e.At), UserID: e.UserID, Object: e.Object,
		ObjectID: e.ObjectID, Action: e.Action}
}

// parseAccessFilter reads the filters of the access log.
func parseAccessFilter(v url.Values) (cases.AccessFilter, error) {
	var f cases.AccessFilter
	var err error
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"contact_id", &f.ContactID}, {"user_id", &f.UserID}, {"object_id", &f.ObjectID}} {
		if *p.dst, err = int64Param(v, p.name); err != nil {
			return f, err
		}
	}
	f.Object = strings.TrimSpace(v.Get("object"))
	if f.From, err = timeParam(v, "from", false); err != nil {
		return f, err
	}
	if f.To, err = timeParam(v, "to", true); err != nil {
		return f, err
	}
	f.Limit, f.Offset, err = paging(v)
	return f, err
}

// apiAccessLog serves GET /api/v1/access-log for the data-protection
// officer: JSON pages, or with format=csv a spreadsheet of up to
// accessExportLimit rows.
func (s *Server) apiAccessLog(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	f, err := parseAccessFilter(v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format := v.Get("format")
	switch format {
	case "", "json":
	case "csv":
		f.Limit = accessExportLimit
	default:
		s.fail(w, r, cases.Invalid("format", "format must be json or csv"))
		return
	}
	entries, total, err := s.svc.AccessLog(r.Context(), userOf(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if format == "csv" {
		s.writeAccessCSV(w, r, entries)
		return
	}
	writeJSON(w, http.StatusOK, newPage(mapSlice(entries, toAccessJSON), total, f.Limit, f.Offset))
}

// writeAccessCSV writes entries as a CSV file for people: a UTF-8 BOM and
// ";" as the separator, as Czech Excel expects, times in Prague.
func (s *Server) writeAccessCSV(w http.ResponseWriter, r *http.Request, entries []cases.AccessEntry) {
	users, err := s.svc.Users(r.Context(), userOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := map[int64]cases.User{}
	for _, u := range users {
		names[u.ID] = u
	}
	msgs := s.msgs[langOf(r)]
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.Comma, cw.UseCRLF = ';', true
	_ = cw.Write([]string{msgs["csv.at"], msgs["csv.login"], msgs["csv.user"], msgs["csv.object"],
		msgs["csv.object_id"], msgs["csv.action"]})
	for _, e := range entries {
		u := names[e.UserID]
		_ = cw.Write([]string{czechSeconds(e.At), csvCell(u.Login), csvCell(u.Name), e.Object,
			itoa(e.ObjectID), e.Action})
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", contentDisposition("access-log.csv"))
	_, _ = w.Write(buf.Bytes())
}

// csvCell defuses text that a spreadsheet would run as a formula.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
