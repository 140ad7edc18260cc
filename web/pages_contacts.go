package web

import (
	"net/http"
	"net/url"

	"linka/cases"
)

// contactsPage is the contact search.
type contactsPage struct {
	basePage
	Q, Phone, Email  string
	Errors           formErrors
	Rows             []contactRow
	Total, From, To  int
	PrevURL, NextURL string
}

type contactRow struct {
	URL, Name, Phone, Mobile, Email, City string
	VIP                                   bool
}

// contactsPage serves GET /contacts?q=&phone=&email=.
func (s *Server) contactsPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	p := contactsPage{basePage: s.newBase(r, "contacts.title", "contacts"), Errors: formErrors{},
		Q: v.Get("q"), Phone: v.Get("phone"), Email: v.Get("email")}
	status := http.StatusOK
	limit, offset, err := paging(v)
	var list []cases.Contact
	if err == nil {
		list, p.Total, err = s.svc.ListContacts(r.Context(), userOf(r), cases.ContactQuery{
			Text: p.Q, Phone: p.Phone, Email: p.Email, Limit: limit, Offset: offset})
	}
	if cases.ErrorCode(err) == cases.EInvalid {
		p.Errors.add(r, err)
		status = http.StatusUnprocessableEntity
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	for i := range list {
		c := &list[i]
		p.Rows = append(p.Rows, contactRow{URL: "/contacts/" + itoa(c.ID), Name: c.DisplayName(),
			Phone: c.Phone, Mobile: c.Mobile, Email: c.Email, City: c.Address.City, VIP: c.VIP})
	}
	p.From, p.To = offset+1, offset+len(list)
	p.PrevURL, p.NextURL = pageLinks(r.URL, offset, limit, p.Total)
	s.render(w, r, status, "contacts", p)
}

// contactPage is one contact ("Kontakt") with its form and cases.
// ReadsAccessLog reports whether the user may export the access log (the
// data-protection officer).
func (p basePage) ReadsAccessLog() bool { return p.User != nil && p.User.Has(cases.RoleDPO) }

type contactPage struct {
	basePage
	ID         int64
	Action     string
	Saved      bool
	Fields     []formField
	Details    []formField
	FormError  string
	Cases      []registerRow
	CasesTotal int
	NewCaseURL string
	Duplicates []contactDup // similar contacts the clerk confirms past (panel_contacts.go)
}

// contactValues returns the form values of c.
func contactValues(c *cases.Contact) url.Values {
	v := url.Values{}
	for name, val := range map[string]string{"kind": string(c.Kind), "employer": c.Employer,
		"title_before": c.TitleBefore, "first_name": c.FirstName, "last_name": c.LastName,
		"title_after": c.TitleAfter, "district": c.District, "phone": c.Phone, "mobile": c.Mobile,
		"email": c.Email, "street": c.Address.Street, "postcode": c.Address.Postcode,
		"city": c.Address.City, "note": c.Note} {
		v.Set(name, val)
	}
	setBool(v, "vip", c.VIP)
	return v
}

// applyContact copies the form's fields onto c; fields the form does not
// show (birth date, data box, IČO, delivery address) stay as they are.
func applyContact(c *cases.Contact, v url.Values) {
	c.Kind, c.VIP = cases.ContactKind(v.Get("kind")), v.Get("vip") == "true"
	c.Employer, c.TitleBefore, c.FirstName = v.Get("employer"), v.Get("title_before"), v.Get("first_name")
	c.LastName, c.TitleAfter, c.District = v.Get("last_name"), v.Get("title_after"), v.Get("district")
	c.Phone, c.Mobile, c.Email = v.Get("phone"), v.Get("mobile"), v.Get("email")
	c.Address = cases.Address{Street: v.Get("street"), Postcode: v.Get("postcode"), City: v.Get("city")}
	c.Note = v.Get("note")
}

// contactFields are the seed's contact screen: the person, then
// "Kontaktní údaje".
func contactFields(p basePage, v url.Values) (person, details []formField) {
	f := func(name, kind string) formField {
		return formField{Form: "contact", Name: name, Label: p.T("contact." + name), Kind: kind, Value: v.Get(name)}
	}
	kind := f("kind", "select")
	kind.Options = enumOptions(p, "kind.", []cases.ContactKind{cases.KindPerson, cases.KindOrganisation}, v.Get("kind"))
	vip := f("vip", "checkbox")
	vip.Checked = v.Get("vip") == "true"
	person = []formField{kind, vip, f("employer", "text"), f("title_before", "text"), f("first_name", "text"),
		f("last_name", "text"), f("title_after", "text"), f("district", "text")}
	note := f("note", "textarea")
	note.Wide = true
	details = []formField{f("phone", "tel"), f("mobile", "tel"), f("email", "email"), f("street", "text"),
		f("postcode", "text"), f("city", "text"), note}
	return person, details
}

// contactPage serves GET /contacts/{id}.
func (s *Server) contactPage(w http.ResponseWriter, r *http.Request) {
	c, err := s.pathContact(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showContact(w, r, http.StatusOK, c, contactValues(c), nil)
}

// updateContactPage serves POST /contacts/{id}.
func (s *Server) updateContactPage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, formError(err))
		return
	}
	c, err := s.pathContact(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	applyContact(c, r.PostForm)
	err = s.svc.UpdateContact(r.Context(), userOf(r), c)
	s.afterContactSave(w, r, c, err)
}

// afterContactSave goes to the saved contact or shows the form again.
func (s *Server) afterContactSave(w http.ResponseWriter, r *http.Request, c *cases.Contact, err error) {
	switch cases.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/contacts/"+itoa(c.ID)+"?saved=1", http.StatusSeeOther)
	case cases.EInvalid, cases.EForbidden:
		errs := formErrors{}
		errs.add(r, err)
		_, status := s.publicError(r, err)
		s.showContact(w, r, status, c, r.PostForm, errs)
	default:
		s.fail(w, r, err)
	}
}

// newContactForm serves GET /contacts/new.
func (s *Server) newContactForm(w http.ResponseWriter, r *http.Request) {
	s.showContact(w, r, http.StatusOK, &cases.Contact{Kind: cases.KindPerson},
		url.Values{"kind": {string(cases.KindPerson)}}, nil)
}

// createContactPage serves POST /contacts/new.
func (s *Server) createContactPage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, formError(err))
		return
	}
	c := &cases.Contact{}
	applyContact(c, r.PostForm)
	if r.PostForm.Get("confirm_duplicate") == "" {
		p := s.newBase(r, "contact.new", "contacts")
		dups, err := s.contactDuplicates(r, p, c)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(dups) > 0 {
			s.showContactDuplicates(w, r, c, dups)
			return
		}
	}
	err := s.svc.CreateContact(r.Context(), userOf(r), c)
	if err != nil {
		c.ID = 0
	}
	s.afterContactSave(w, r, c, err)
}

// showContact renders a contact's form (new when c.ID is 0) and cases.
func (s *Server) showContact(w http.ResponseWriter, r *http.Request, status int, c *cases.Contact, v url.Values, errs formErrors,
	dups ...contactDup) {
	p := contactPage{basePage: s.newBase(r, "contact.title", "contacts"), ID: c.ID,
		Action: "/contacts/new", Saved: r.URL.Query().Get("saved") != ""}
	if c.ID != 0 {
		p.Title += " " + c.DisplayName()
		p.Action, p.NewCaseURL = "/contacts/"+itoa(c.ID), "/cases/new?contact_id="+itoa(c.ID)
		pg, err := s.svc.ListCases(r.Context(), userOf(r), cases.CaseQuery{SubmitterID: c.ID, Limit: 500})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		now := s.dueClock()
		for i := range pg.Rows {
			p.Cases = append(p.Cases, toRegisterRow(p.basePage, &pg.Rows[i], now))
		}
		p.CasesTotal = pg.Total
	} else {
		p.Title = p.T("contact.new")
	}
	p.Fields, p.Details = contactFields(p.basePage, v)
	p.FormError = attachErrors(errs, p.Fields, p.Details)
	p.Duplicates = dups
	s.render(w, r, status, "contact", p)
}
