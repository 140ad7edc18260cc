package cases

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"linka/internal/workdays"
)

// ContactKind tells a person from an organisation.
type ContactKind string

// The kinds of contact.
const (
	KindPerson       ContactKind = "person"
	KindOrganisation ContactKind = "organisation"
)

// Address is a postal address.
type Address struct {
	Street   string
	Postcode string
	City     string
}

// Empty reports whether no part of a is filled in.
func (a Address) Empty() bool { return a.Street == "" && a.Postcode == "" && a.City == "" }

// Contact is a citizen or organisation that submits cases ("Kontakt").
type Contact struct {
	ID              int64
	Kind            ContactKind
	VIP             bool
	TitleBefore     string // "Titul 1", e.g. "Ing."
	FirstName       string
	LastName        string // for an organisation: its name
	TitleAfter      string // e.g. "Ph.D."
	BirthDate       workdays.Date
	Employer        string
	District        string // "Městská část"
	Phone           string // E.164
	Mobile          string // E.164
	Email           string
	DataBox         string // ID datové schránky
	CompanyID       string // IČO
	Address         Address
	DeliveryAddress Address
	Note            string
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// DisplayName returns the name with titles, as the register shows it
// ("Ing. Petr Novotný, Ph.D.").
func (c *Contact) DisplayName() string {
	if c.Kind == KindOrganisation {
		return c.LastName
	}
	name := strings.TrimSpace(strings.Join(nonEmpty(c.TitleBefore, c.FirstName, c.LastName), " "))
	if c.TitleAfter != "" {
		name += ", " + c.TitleAfter
	}
	return name
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Normalize trims every field and normalises the phone numbers and the
// e-mail address with plan. It returns an *Error naming the first invalid
// field; nothing else is checked here (see Validate).
func (c *Contact) Normalize(plan PhonePlan) error {
	for _, f := range []*string{&c.TitleBefore, &c.FirstName, &c.LastName, &c.TitleAfter,
		&c.Employer, &c.District, &c.Email, &c.DataBox, &c.CompanyID, &c.Note,
		&c.Address.Street, &c.Address.Postcode, &c.Address.City,
		&c.DeliveryAddress.Street, &c.DeliveryAddress.Postcode, &c.DeliveryAddress.City} {
		*f = strings.TrimSpace(*f)
	}
	if c.Kind == "" {
		c.Kind = KindPerson
	}
	for _, p := range []struct {
		field string
		v     *string
	}{{"phone", &c.Phone}, {"mobile", &c.Mobile}} {
		if strings.TrimSpace(*p.v) == "" {
			*p.v = ""
			continue
		}
		n, err := plan.Normalize(*p.v)
		if err != nil || n == Anonymous {
			return Invalid(p.field, "%q is not a telephone number", *p.v)
		}
		*p.v = n
	}
	c.Email = strings.ToLower(c.Email)
	c.DataBox = strings.ToLower(c.DataBox)
	c.CompanyID = strings.ReplaceAll(c.CompanyID, " ", "")
	c.Address.Postcode = strings.ReplaceAll(c.Address.Postcode, " ", "")
	c.DeliveryAddress.Postcode = strings.ReplaceAll(c.DeliveryAddress.Postcode, " ", "")
	return nil
}

// Validate checks a normalised contact.
func (c *Contact) Validate() error {
	if c.Kind != KindPerson && c.Kind != KindOrganisation {
		return Invalid("kind", "unknown kind %q", c.Kind)
	}
	if c.LastName == "" && c.FirstName == "" && c.Email == "" && c.Phone == "" && c.Mobile == "" {
		return Invalid("last_name", "a name or a contact detail is required")
	}
	for _, f := range []struct{ name, v string }{
		{"title_before", c.TitleBefore}, {"first_name", c.FirstName}, {"last_name", c.LastName},
		{"title_after", c.TitleAfter}, {"employer", c.Employer}, {"district", c.District},
		{"email", c.Email}, {"street", c.Address.Street}, {"city", c.Address.City},
		{"delivery_street", c.DeliveryAddress.Street}, {"delivery_city", c.DeliveryAddress.City},
	} {
		if utf8.RuneCountInString(f.v) > MaxShortText || !utf8.ValidString(f.v) || strings.ContainsRune(f.v, 0) {
			return Invalid(f.name, "the text is too long or not valid")
		}
	}
	if utf8.RuneCountInString(c.Note) > MaxDescription {
		return Invalid("note", "the note is longer than %d characters", MaxDescription)
	}
	if c.Email != "" && !ValidEmail(c.Email) {
		return Invalid("email", "%q is not an e-mail address", c.Email)
	}
	if c.CompanyID != "" && !ValidCompanyID(c.CompanyID) {
		return Invalid("company_id", "%q is not a valid IČO", c.CompanyID)
	}
	if c.DataBox != "" && !validDataBox(c.DataBox) {
		return Invalid("data_box", "%q is not a data box ID", c.DataBox)
	}
	for _, p := range []struct{ field, v string }{{"postcode", c.Address.Postcode}, {"delivery_postcode", c.DeliveryAddress.Postcode}} {
		if p.v != "" && !allDigits(p.v, 5) {
			return Invalid(p.field, "%q is not a postcode (PSČ)", p.v)
		}
	}
	return nil
}

// ValidEmail reports whether s is a plain e-mail address (no display name).
func ValidEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " <>\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.HasSuffix(s, ".")
}

// ValidCompanyID reports whether s is a Czech company ID (IČO): eight digits
// with the modulo-11 check digit.
func ValidCompanyID(s string) bool {
	if !allDigits(s, 8) {
		return false
	}
	sum := 0
	for i := 0; i < 7; i++ {
		sum += int(s[i]-'0') * (8 - i)
	}
	check := (11 - sum%11) % 10
	return int(s[7]-'0') == check
}

func validDataBox(s string) bool {
	if len(s) != 7 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
