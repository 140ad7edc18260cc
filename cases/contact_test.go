package cases

import "testing"

func TestContact_Validate(t *testing.T) {
	base := func() Contact {
		return Contact{TitleBefore: "Ing.", FirstName: "Petr", LastName: "Novotný", Phone: "560987654",
			Mobile: "744 654 321", Email: " Petr.Novotny@centrum.cz ", District: "Praha 10",
			Address: Address{Street: "nám. 6 dubna 56/789", Postcode: "110 00", City: "Praha"}}
	}
	tests := []struct {
		name      string
		edit      func(*Contact)
		wantField string
	}{
		{"seed example", func(*Contact) {}, ""},
		{"organisation", func(c *Contact) { c.Kind = KindOrganisation; c.CompanyID = "25596641" }, ""},
		{"bad kind", func(c *Contact) { c.Kind = "robot" }, "kind"},
		{"nothing to reach", func(c *Contact) { *c = Contact{} }, "last_name"},
		{"bad phone", func(c *Contact) { c.Phone = "12" }, "phone"},
		{"withheld phone", func(c *Contact) { c.Mobile = "anonymous" }, "mobile"},
		{"bad email", func(c *Contact) { c.Email = "petr@" }, "email"},
		{"email with name", func(c *Contact) { c.Email = "Petr <p@x.cz>" }, "email"},
		{"bad ico checksum", func(c *Contact) { c.CompanyID = "25596642" }, "company_id"},
		{"bad data box", func(c *Contact) { c.DataBox = "abc" }, "data_box"},
		{"bad postcode", func(c *Contact) { c.Address.Postcode = "1100" }, "postcode"},
		{"long name", func(c *Contact) { c.LastName = string(make([]byte, 300)) }, "last_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base()
			tt.edit(&c)
			err := c.Normalize(PhonePlan{})
			if err == nil {
				err = c.Validate()
			}
			if got := ErrorField(err); got != tt.wantField {
				t.Fatalf("Validate() field = %q (err %v), want %q", got, err, tt.wantField)
			}
		})
	}
	c := base()
	if err := c.Normalize(PhonePlan{}); err != nil {
		t.Fatal(err)
	}
	if c.Phone != "+420560987654" || c.Mobile != "+420744654321" || c.Email != "petr.novotny@centrum.cz" || c.Address.Postcode != "11000" {
		t.Errorf("Normalize() = %+v, want E.164 phones, lower-case e-mail, compact postcode", c)
	}
	if got, want := c.DisplayName(), "Ing. Petr Novotný"; got != want {
		t.Errorf("DisplayName() = %q, want %q", got, want)
	}
}

func TestValidCompanyID(t *testing.T) {
	for in, want := range map[string]bool{
		"25596641": true, "00064581": true, "27082440": true, "25596642": false, "1234567": false, "2559664a": false,
	} {
		if got := ValidCompanyID(in); got != want {
			t.Errorf("ValidCompanyID(%q) = %v, want %v", in, got, want)
		}
	}
}
