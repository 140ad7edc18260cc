package web

import (
	"context"
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

// dupCheck is one search for similar contacts and its reason: "phone",
// "email" or "name".
type dupCheck struct {
	q      cases.ContactQuery
	reason string
}

// maxDuplicates bounds the similar contacts listed.
const maxDuplicates = 10

// similarContact is an existing contact like the one being created, and
// every reason it is like it.
type similarContact struct {
	Contact cases.Contact
	Reasons []string
}

// similarContacts returns the contacts like c that the user may see:
// the same phone or mobile (any format), the same e-mail, or the same
// name. A malformed number finds nothing (the save reports it).
func (s *Server) similarContacts(ctx context.Context, u *cases.User, c *cases.Contact) ([]similarContact, error) {
	var checks []dupCheck
	for _, ph := range []string{c.Phone, c.Mobile} {
		if strings.TrimSpace(ph) != "" {
			checks = append(checks, dupCheck{cases.ContactQuery{Phone: ph}, "phone"})
		}
	}
	if e := strings.TrimSpace(c.Email); e != "" {
		checks = append(checks, dupCheck{cases.ContactQuery{Email: e}, "email"})
	}
	if name := strings.TrimSpace(c.FirstName + " " + c.LastName); c.LastName != "" {
		checks = append(checks, dupCheck{cases.ContactQuery{Text: name}, "name"})
	}
	var out []similarContact
	at := map[int64]int{}
	for _, ch := range checks {
		ch.q.Limit = maxDuplicates
		found, _, err := s.svc.ListContacts(ctx, u, ch.q)
		if cases.ErrorCode(err) == cases.EInvalid {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, f := range found {
			if f.ID == c.ID {
				continue
			}
			if i, ok := at[f.ID]; ok {
				if !slices.Contains(out[i].Reasons, ch.reason) {
					out[i].Reasons = append(out[i].Reasons, ch.reason)
				}
				continue
			}
			if len(out) < maxDuplicates {
				at[f.ID] = len(out)
				out = append(out, similarContact{Contact: f, Reasons: []string{ch.reason}})
			}
		}
	}
	return slices.Clip(out), nil
}

// contactDuplicates returns the contacts like c for the new-contact
// form, which shows them and asks the clerk to confirm before creating
// another one.
func (s *Server) contactDuplicates(r *http.Request, p basePage, c *cases.Contact) ([]contactDup, error) {
	similar, err := s.similarContacts(r.Context(), userOf(r), c)
	if err != nil {
		return nil, err
	}
	out := make([]contactDup, 0, len(similar))
	for _, sc := range similar {
		why := make([]string, len(sc.Reasons))
		for i, reason := range sc.Reasons {
			why[i] = p.T("panel.dup_" + reason)
		}
		out = append(out, contactDup{Name: sc.Contact.DisplayName(), URL: "/contacts/" + itoa(sc.Contact.ID),
			Why: strings.Join(why, ", ")})
	}
	return out, nil
}

// apiSimilarContacts serves GET /api/v1/contacts/similar?phone=&mobile=
// &email=&first_name=&last_name=: the contacts a new one with these
// details would duplicate, each with its reasons, so an integration can
// ask before it creates one (the new-contact form does).
func (s *Server) apiSimilarContacts(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	c := &cases.Contact{Phone: v.Get("phone"), Mobile: v.Get("mobile"), Email: v.Get("email"),
		FirstName: v.Get("first_name"), LastName: v.Get("last_name")}
	similar, err := s.similarContacts(r.Context(), userOf(r), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type item struct {
		Contact contactJSON `json:"contact"`
		Reasons []string    `json:"reasons"`
	}
	items := make([]item, 0, len(similar))
	for i := range similar {
		items = append(items, item{toContactJSON(&similar[i].Contact), similar[i].Reasons})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// showContactDuplicates shows the new-contact form again with what was
// typed, the similar contacts, and the box that confirms a new one.
func (s *Server) showContactDuplicates(w http.ResponseWriter, r *http.Request, c *cases.Contact, dups []contactDup) {
	s.showContact(w, r, http.StatusConflict, &cases.Contact{}, r.PostForm, formErrors{}, dups...)
}
