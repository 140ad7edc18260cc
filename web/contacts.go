package web

import (
	"encoding/json"
	"net/http"

	"linka/cases"
	"linka/internal/workdays"
)

// addressJSON is a postal address.
type addressJSON struct {
	Street   string `json:"street"`
	Postcode string `json:"postcode"`
	City     string `json:"city"`
}

// contactJSON is a contact in the API, both ways: the read-only fields
// (id, display_name, created_at, updated_at) are ignored on input, so a
// client may send back what it read.
type contactJSON struct {
	ID              int64             `json:"id"`
	Kind            cases.ContactKind `json:"kind"`
	VIP             bool              `json:"vip"`
	DisplayName     string            `json:"display_name"`
	TitleBefore     string            `json:"title_before"`
	FirstName       string            `json:"first_name"`
	LastName        string            `json:"last_name"`
	TitleAfter      string            `json:"title_after"`
	BirthDate       *workdays.Date    `json:"birth_date"`
	Employer        string            `json:"employer"`
	District        string            `json:"district"`
	Phone           string            `json:"phone"`
	Mobile          string            `json:"mobile"`
	Email           string            `json:"email"`
	DataBox         string            `json:"data_box"`
	CompanyID       string            `json:"company_id"`
	Address         addressJSON       `json:"address"`
	DeliveryAddress addressJSON       `json:"delivery_address"`
	Note            string            `json:"note"`
	CreatedAt       json.RawMessage   `json:"created_at"`
	UpdatedAt       json.RawMessage   `json:"updated_at"`
}

func toContactJSON(c *cases.Contact) contactJSON {
	ts := func(t apiTime) json.RawMessage { b, _ := t.MarshalJSON(); return b }
	return contactJSON{ID: c.ID, Kind: c.Kind, VIP: c.VIP, DisplayName: c.DisplayName(),
		TitleBefore: c.TitleBefore, FirstName: c.FirstName, LastName: c.LastName,
		TitleAfter: c.TitleAfter, BirthDate: apiDate(c.BirthDate), Employer: c.Employer,
		District: c.District, Phone: c.Phone, Mobile: c.Mobile, Email: c.Email, DataBox: c.DataBox,
		CompanyID: c.CompanyID, Address: addressJSON(c.Address),
		DeliveryAddress: addressJSON(c.DeliveryAddress), Note: c.Note,
		CreatedAt: ts(apiTime(c.CreatedAt)), UpdatedAt: ts(apiTime(c.UpdatedAt))}
}

// contact returns the domain contact the JSON describes, with the given id.
func (in *contactJSON) contact(id int64) *cases.Contact {
	c := &cases.Contact{ID: id, Kind: in.Kind, VIP: in.VIP, TitleBefore: in.TitleBefore,
		FirstName: in.FirstName, LastName: in.LastName, TitleAfter: in.TitleAfter,
		Employer: in.Employer, District: in.District, Phone: in.Phone, Mobile: in.Mobile,
		Email: in.Email, DataBox: in.DataBox, CompanyID: in.CompanyID,
		Address: cases.Address(in.Address), DeliveryAddress: cases.Address(in.DeliveryAddress),
		Note: in.Note}
	if in.BirthDate != nil {
		c.BirthDate = *in.BirthDate
	}
	return c
}

// apiListContacts serves GET /api/v1/contacts?q=&phone=&email=.
func (s *Server) apiListContacts(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	limit, offset, err := paging(v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, total, err := s.svc.ListContacts(r.Context(), userOf(r), cases.ContactQuery{
		Text: v.Get("q"), Phone: v.Get("phone"), Email: v.Get("email"), Limit: limit, Offset: offset})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newPage(mapSlice(list, toContactJSON), total, limit, offset))
}

// apiCreateContact serves POST /api/v1/contacts.
func (s *Server) apiCreateContact(w http.ResponseWriter, r *http.Request) {
	var in contactJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	c := in.contact(0)
	if err := s.svc.CreateContact(r.Context(), userOf(r), c); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/contacts/"+itoa(c.ID))
	writeJSON(w, http.StatusCreated, toContactJSON(c))
}

// apiContact serves GET /api/v1/contacts/{id}.
func (s *Server) apiContact(w http.ResponseWriter, r *http.Request) {
	c, err := s.pathContact(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toContactJSON(c))
}

// pathContact loads the contact named in the path (a logged read).
func (s *Server) pathContact(r *http.Request) (*cases.Contact, error) {
	id, err := pathID(r, "id", "contact")
	if err != nil {
		return nil, err
	}
	return s.svc.Contact(r.Context(), userOf(r), id)
}

// apiUpdateContact serves PUT /api/v1/contacts/{id}: the body replaces
// every editable field of the contact.
func (s *Server) apiUpdateContact(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "contact")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in contactJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	c := in.contact(id)
	if err := s.svc.UpdateContact(r.Context(), userOf(r), c); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toContactJSON(c))
}

// apiContactCases serves GET /api/v1/contacts/{id}/cases: the cases the
// contact submitted that the user may see.
func (s *Server) apiContactCases(w http.ResponseWriter, r *http.Request) {
	c, err := s.pathContact(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := parseCaseQuery(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q.SubmitterID = c.ID
	pg, err := s.svc.ListCases(r.Context(), userOf(r), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.dueClock()
	items := mapSlice(pg.Rows, func(c *cases.CaseRow) caseRowJSON { return toCaseRowJSON(c, now) })
	writeJSON(w, http.StatusOK, newPage(items, pg.Total, q.Limit, q.Offset))
}

// Caller lookup: how many open and recent closed cases are shown per contact.
const (
	lookupOpen   = 20
	lookupRecent = 5
)

// lookupJSON is the answer of the caller lookup.
type lookupJSON struct {
	Phone    string              `json:"phone"`
	Contacts []lookupContactJSON `json:"contacts"`
}

type lookupContactJSON struct {
	contactJSON
	OpenCases   []caseRowJSON `json:"open_cases"`
	RecentCases []caseRowJSON `json:"recent_cases"`
}

// apiLookup serves GET /api/v1/lookup?phone=: the contacts with the
// caller's number, each with their open cases and most recent closed ones.
// A withheld or unparsable number finds nobody.
func (s *Server) apiLookup(w http.ResponseWriter, r *http.Request) {
	phone := r.URL.Query().Get("phone")
	if phone == "" {
		s.fail(w, r, cases.Invalid("phone", "the phone number is required"))
		return
	}
	found, err := s.svc.LookupCaller(r.Context(), userOf(r), phone)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := lookupJSON{Phone: s.svc.Phone().Lookup(phone), Contacts: []lookupContactJSON{}}
	for i := range found {
		lc, err := s.lookupContact(r, &found[i])
		if err != nil {
			s.fail(w, r, err)
			return
		}
		out.Contacts = append(out.Contacts, lc)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) lookupContact(r *http.Request, c *cases.Contact) (lookupContactJSON, error) {
	var open, closed []cases.State
	for _, st := range cases.States {
		if st.Open() {
			open = append(open, st)
		} else {
			closed = append(closed, st)
		}
	}
	now := s.dueClock()
	rows := func(states []cases.State, limit int) ([]caseRowJSON, error) {
		pg, err := s.svc.ListCases(r.Context(), userOf(r), cases.CaseQuery{SubmitterID: c.ID,
			States: states, Sort: "-received_at", Limit: limit})
		items := mapSlice(pg.Rows, func(c *cases.CaseRow) caseRowJSON { return toCaseRowJSON(c, now) })
		return items, err
	}
	lc := lookupContactJSON{contactJSON: toContactJSON(c)}
	var err error
	if lc.OpenCases, err = rows(open, lookupOpen); err != nil {
		return lc, err
	}
	lc.RecentCases, err = rows(closed, lookupRecent)
	return lc, err
}
