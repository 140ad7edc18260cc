package web

import (
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"linka/cases"
)

// panelCase is what the case page shows of the case's contacts and calls
// (templates/panel_case_calls.html).
type panelCase struct {
	basePage
	// Shown is false when no panel store is configured.
	Shown    bool
	Number   string
	Contacts []panelContactRow
	Calls    []panelCallRow
	Error    string
}

// panelContactRow is a contact of a case: the submitter and the contacts
// whose number called in the case's calls.
type panelContactRow struct {
	Name  string
	URL   string
	Role  string // "submitter" or "caller"
	Phone string
	Tel   template.URL
}

// panelCallRow is a call linked to a case.
type panelCallRow struct {
	ID         string
	Direction  string
	Number     string
	Tel        template.URL
	Started    string
	Talk       string
	Extensions string
	Linked     string
	LinkedBy   string
	InProgress bool
}

// panelCaseData loads the contacts and calls of case c; a failure is
// logged and shown in the section, not fatal to the page.
func (s *Server) panelCaseData(r *http.Request, p basePage, c *cases.Case) panelCase {
	out := panelCase{basePage: p, Shown: s.panel != nil, Number: c.Number}
	if s.panel == nil {
		return out
	}
	if err := s.fillCaseContacts(r, &out, c); err != nil {
		s.logWarn(r, "case page: load the case's contacts", "error", err)
		out.Error = p.T("panel.load_failed")
	}
	return out
}

// fillCaseContacts fills the calls and the contacts of a case.
func (s *Server) fillCaseContacts(r *http.Request, out *panelCase, c *cases.Case) error {
	ctx := r.Context()
	u := userOf(r)
	calls, err := s.panel.CaseCalls(ctx, c.ID)
	if err != nil {
		return err
	}
	users, err := s.svc.Users(ctx, u)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, x := range users {
		names[x.ID] = x.Name
	}
	seen := map[int64]bool{}
	addContact := func(k *cases.Contact, role string) {
		if seen[k.ID] {
			return
		}
		seen[k.ID] = true
		phone := k.Phone
		if phone == "" {
			phone = k.Mobile
		}
		out.Contacts = append(out.Contacts, panelContactRow{Name: k.DisplayName(), URL: "/contacts/" + itoa(k.ID),
			Role: out.T("panel.role_" + role), Phone: phone, Tel: telLink(phone)})
	}
	if c.SubmitterID != 0 {
		if k, err := s.svc.Contact(ctx, u, c.SubmitterID); err == nil {
			addContact(k, "submitter")
		} else if cases.ErrorCode(err) != cases.ENotFound {
			return err
		}
	}
	var callers []string
	for i := range calls {
		k := &calls[i]
		number := k.Caller
		if k.Direction == "outgoing" {
			number = k.Called
		}
		row := panelCallRow{ID: k.ID, Direction: out.T("panel.dir_" + string(k.Direction)), Number: number,
			Tel: telLink(number), Started: czechDateTime(k.StartedAt), Linked: czechDateTime(k.LinkedAt),
			LinkedBy: names[k.LinkedBy], InProgress: !k.Logged}
		if !k.AnsweredAt.IsZero() && !k.EndedAt.IsZero() {
			row.Talk = k.EndedAt.Sub(k.AnsweredAt).Round(time.Second).String()
		}
		row.Extensions = strings.Join(k.Extensions, ", ")
		out.Calls = append(out.Calls, row)
		if k.Caller != "" && !slices.Contains(callers, k.Caller) {
			callers = append(callers, k.Caller)
		}
	}
	for _, number := range callers {
		found, err := s.svc.LookupCaller(ctx, u, number)
		if err != nil {
			return err
		}
		for i := range found {
			addContact(&found[i], "caller")
		}
	}
	return nil
}
