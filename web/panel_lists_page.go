package web

import (
	"net/http"
	"strconv"
	"strings"

	"linka/cases"
	"linka/cti"
)

// listsPage is /panel/lists: the office's not-ready reasons and wrap-up
// dispositions, edited by supervisors and PBX administrators.
type listsPage struct {
	basePage
	Reasons      []cti.AgentReason
	Dispositions []cti.Disposition
	Saved        bool
	Error        string
}

// listsPage serves GET /panel/lists.
func (s *Server) listsPage(w http.ResponseWriter, r *http.Request) {
	s.showLists(w, r, http.StatusOK, "")
}

// showLists renders the lists page with an error message, if any.
func (s *Server) showLists(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if !canEditLists(userOf(r)) {
		s.fail(w, r, forbidden("only supervisors and PBX administrators may edit the office lists"))
		return
	}
	p := listsPage{basePage: s.newBase(r, "panel.lists_title", "panel_lists"), Saved: r.URL.Query().Has("saved"),
		Error: msg}
	var err error
	if p.Reasons, err = s.panel.AgentReasons(r.Context()); err == nil {
		p.Dispositions, err = s.panel.Dispositions(r.Context())
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "panel_lists", p)
}

// listForm reads the shared fields of a list entry form.
func listForm(r *http.Request) (code, cs, en string, pos int, active bool, err error) {
	if err = r.ParseForm(); err != nil {
		return "", "", "", 0, false, formError(err)
	}
	f := r.PostForm
	code, cs, en = strings.TrimSpace(f.Get("code")), strings.TrimSpace(f.Get("name_cs")), strings.TrimSpace(f.Get("name_en"))
	if v := strings.TrimSpace(f.Get("position")); v != "" {
		if pos, err = strconv.Atoi(v); err != nil {
			return "", "", "", 0, false, cases.Invalid("position", "the position must be a number")
		}
	}
	return code, cs, en, pos, f.Get("active") != "", nil
}

// saveReasonPage serves POST /panel/lists/reasons.
func (s *Server) saveReasonPage(w http.ResponseWriter, r *http.Request) {
	code, cs, en, pos, active, err := listForm(r)
	if err == nil {
		err = s.saveReason(r, cti.AgentReason{Code: code, NameCS: cs, NameEN: en, Position: pos, Active: active})
	}
	s.afterListSave(w, r, err)
}

// saveDispositionPage serves POST /panel/lists/dispositions.
func (s *Server) saveDispositionPage(w http.ResponseWriter, r *http.Request) {
	code, cs, en, pos, active, err := listForm(r)
	if err == nil {
		err = s.saveDisposition(r, cti.Disposition{Code: code, NameCS: cs, NameEN: en, Position: pos, Active: active,
			NeedsCase: r.PostForm.Get("needs_case") != ""})
	}
	s.afterListSave(w, r, err)
}

// afterListSave goes back to the lists, showing a validation error.
func (s *Server) afterListSave(w http.ResponseWriter, r *http.Request, err error) {
	switch cases.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/panel/lists?saved=1", http.StatusSeeOther)
	case cases.EInvalid:
		e, status := s.publicError(r, err)
		s.showLists(w, r, status, e.Message)
	default:
		s.fail(w, r, err)
	}
}
