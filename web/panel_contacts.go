package web

import (
	"net/http"
	"slices"
	"strings"

	"linka/cases"
)

// contactDup is an existing contact that looks like the one being
// created, and why.
type contactDup struct {
	Name string
	URL  string
	Why  string
}

// dupCheck is one search for duplicates and its reason.
type dupCheck struct {
	q   cases.ContactQuery
	why string
}

// maxDuplicates bounds the duplicates the new-contact form lists.
const maxDuplicates = 10

// contactDuplicates returns the contacts like c: the same phone, mobile
// or e-mail, or the same name. The form shows them and asks the clerk to
// confirm before creating another one.
func (s *Server) contactDuplicates(r *http.Request, p basePage, c *cases.Contact) ([]contactDup, error) {
	u := userOf(r)
	var out []contactDup
	seen := map[int64]bool{}
	add := func(q cases.ContactQuery, why string) error {
		q.Limit = maxDuplicates
		found, _, err := s.svc.ListContacts(r.Context(), u, q)
		if cases.ErrorCode(err) == cases.EInvalid {
			return nil // a malformed number: the save reports it
		}
		for i := range found {
			if !seen[found[i].ID] && len(out) < maxDuplicates {
				seen[found[i].ID] = true
				out = append(out, contactDup{Name: found[i].DisplayName(), URL: "/contacts/" + itoa(found[i].ID), Why: why})
			}
		}
		return err
	}
	var checks []dupCheck
	for _, ph := range []string{c.Phone, c.Mobile} {
		if strings.TrimSpace(ph) != "" {
			checks = append(checks, dupCheck{cases.ContactQuery{Phone: ph}, p.T("panel.dup_phone")})
		}
	}
	if e := strings.TrimSpace(c.Email); e != "" {
		checks = append(checks, dupCheck{cases.ContactQuery{Email: e}, p.T("panel.dup_email")})
	}
	if name := strings.TrimSpace(c.FirstName + " " + c.LastName); c.LastName != "" {
		checks = append(checks, dupCheck{cases.ContactQuery{Text: name}, p.T("panel.dup_name")})
	}
	for _, ch := range checks {
		if err := add(ch.q, ch.why); err != nil {
			return nil, err
		}
	}
	return slices.Clip(out), nil
}

// showContactDuplicates shows the new-contact form again with what was
// typed, the similar contacts, and the box that confirms a new one.
func (s *Server) showContactDuplicates(w http.ResponseWriter, r *http.Request, c *cases.Contact, dups []contactDup) {
	s.showContact(w, r, http.StatusConflict, &cases.Contact{}, r.PostForm, formErrors{}, dups...)
}
