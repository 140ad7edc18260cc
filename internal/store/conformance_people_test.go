package store

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

func testContacts(t *testing.T, f *fixture) {
	c := &cases.Contact{Kind: cases.KindPerson, VIP: true, TitleBefore: "Mgr.", FirstName: "Eva",
		LastName: "Šťastná", TitleAfter: "MBA", BirthDate: workdays.Date{Year: 1980, Month: 2, Day: 29},
		Employer: "ČEZ", District: "Praha 4", Phone: "+420241000111", Mobile: "+420777000111",
		Email: "eva@example.cz", DataBox: "abc1234", CompanyID: "25596641",
		Address:         cases.Address{Street: "Nádražní 12", Postcode: "14000", City: "Praha"},
		DeliveryAddress: cases.Address{Street: "P. O. Box 5", Postcode: "14001", City: "Praha"},
		Note:            "Volat odpoledne", CreatedAt: f.now, UpdatedAt: f.now}
	must(t, f.db.CreateContact(f.ctx, c))
	if c.ID == 0 {
		t.Fatal("CreateContact did not set ID")
	}
	got, err := f.db.Contact(f.ctx, c.ID)
	must(t, err)
	if !reflect.DeepEqual(got, c) {
		t.Errorf("Contact = %+v, want %+v", got, c)
	}
	c.Kind = cases.KindOrganisation
	c.LastName = "Šťastná a syn s.r.o."
	c.BirthDate = workdays.Date{}
	c.VIP = false
	c.Mobile = ""
	c.UpdatedAt = f.now.Add(time.Hour)
	must(t, f.db.UpdateContact(f.ctx, c))
	got, err = f.db.Contact(f.ctx, c.ID)
	must(t, err)
	if !reflect.DeepEqual(got, c) {
		t.Errorf("after UpdateContact Contact = %+v, want %+v", got, c)
	}
}

func testListContacts(t *testing.T, f *fixture) {
	cerny := f.contact(t, "Jan", "Černý", "+420602000001")
	cech := f.contact(t, "Adam", "Čech", "")
	novak := f.contact(t, "Petr", "Novák", "+420602000002")
	novakova := f.contact(t, "Jana", "Nováková", "")
	novakova.Mobile, novakova.Email = "+420602000001", "jana@example.cz"
	must(t, f.db.UpdateContact(f.ctx, novakova))
	tests := []struct {
		name  string
		f     cases.ContactFilter
		want  []*cases.Contact // in order
		total int
	}{
		{"all by folded name", cases.ContactFilter{}, []*cases.Contact{cech, cerny, novak, novakova}, 4},
		{"terms", cases.ContactFilter{Terms: []string{"novak"}}, []*cases.Contact{novak, novakova}, 2},
		{"two terms", cases.ContactFilter{Terms: []string{"novak", "jana"}}, []*cases.Contact{novakova}, 1},
		{"short term", cases.ContactFilter{Terms: []string{"ce"}}, []*cases.Contact{cech, cerny}, 2},
		{"phone or mobile", cases.ContactFilter{Phone: "+420602000001"}, []*cases.Contact{cerny, novakova}, 2},
		{"email", cases.ContactFilter{Email: "Jana@Example.cz"}, []*cases.Contact{novakova}, 1},
		{"terms and phone", cases.ContactFilter{Terms: []string{"novak"}, Phone: "+420602000001"}, []*cases.Contact{novakova}, 1},
		{"page", cases.ContactFilter{Limit: 2, Offset: 1}, []*cases.Contact{cerny, novak}, 4},
		{"nothing", cases.ContactFilter{Terms: []string{"xyz"}}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, total, err := f.db.ListContacts(f.ctx, tt.f)
			must(t, err)
			var got, want []int64
			for _, c := range list {
				got = append(got, c.ID)
			}
			for _, c := range tt.want {
				want = append(want, c.ID)
			}
			if !slices.Equal(got, want) || total != tt.total {
				t.Errorf("ListContacts(%+v) = %v total %d, want %v total %d", tt.f, got, total, want, tt.total)
			}
		})
	}
}

func testContactsByPhone(t *testing.T, f *fixture) {
	a := f.contact(t, "A", "Alfa", "+420602111222")
	b := f.contact(t, "B", "Beta", "")
	b.Mobile = "+420602111222"
	must(t, f.db.UpdateContact(f.ctx, b))
	f.contact(t, "C", "Gama", "+420602999999")
	f.contact(t, "D", "Delta", "") // no phone: must not match an empty number
	tests := []struct {
		phone string
		want  []int64
	}{
		{"+420602111222", []int64{a.ID, b.ID}},
		{"+420602000000", nil},
		{"", nil},
	}
	for _, tt := range tests {
		list, err := f.db.ContactsByPhone(f.ctx, tt.phone)
		must(t, err)
		var got []int64
		for _, c := range list {
			got = append(got, c.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ContactsByPhone(%q) = %v, want %v", tt.phone, got, tt.want)
		}
	}
}

func testUsers(t *testing.T, f *fixture) {
	u := &cases.User{Login: "cermak", Name: "Čeněk Čermák", Email: "cermak@example.cz", Extension: "201",
		DepartmentID: f.deps[0].ID, Roles: []cases.Role{cases.RoleSupervisor, cases.RoleClerk, cases.RoleClerk},
		AllDepartments: true, Active: true, PasswordHash: "$argon2id$v=19$abc", CreatedAt: f.now}
	must(t, f.db.CreateUser(f.ctx, u))
	want := *u
	want.Roles = []cases.Role{cases.RoleClerk, cases.RoleSupervisor} // in the order of cases.Roles
	for name, load := range map[string]func() (*cases.User, error){
		"User":        func() (*cases.User, error) { return f.db.User(f.ctx, u.ID) },
		"UserByLogin": func() (*cases.User, error) { return f.db.UserByLogin(f.ctx, "cermak") },
	} {
		got, err := load()
		must(t, err)
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s = %+v, want %+v", name, *got, want)
		}
	}
	dup := &cases.User{Login: "cermak", Name: "Jiný", Roles: []cases.Role{cases.RoleClerk}, CreatedAt: f.now}
	wantCode(t, "CreateUser(taken login)", f.db.CreateUser(f.ctx, dup), cases.EConflict)
	u.Roles = []cases.Role{cases.RoleDPO}
	u.Active = false
	u.DepartmentID = 0
	u.CreatedAt = f.now.Add(time.Hour) // not updated
	must(t, f.db.UpdateUser(f.ctx, u))
	got, err := f.db.User(f.ctx, u.ID)
	must(t, err)
	if !slices.Equal(got.Roles, u.Roles) || got.Active || got.DepartmentID != 0 || !got.CreatedAt.Equal(f.now) {
		t.Errorf("after UpdateUser: %+v", got)
	}
	u.Login = "boss"
	wantCode(t, "UpdateUser(taken login)", f.db.UpdateUser(f.ctx, u), cases.EConflict)
	all, err := f.db.Users(f.ctx)
	must(t, err)
	var names []string
	for _, x := range all {
		names = append(names, x.Name)
	}
	wantNames := []string{"Čeněk Čermák", "Klára Úřednická", "Olga Druhá", "Oto První", "Šárka Vedoucí"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("Users() names = %q, want %q", names, wantNames)
	}
}

func testDepartments(t *testing.T, f *fixture) {
	dup := &cases.Department{Code: "DOP", Name: "Duplicitní"}
	wantCode(t, "CreateDepartment(taken code)", f.db.CreateDepartment(f.ctx, dup), cases.EConflict)
	d := f.deps[0]
	d.Name, d.Email, d.Active = "Doprava a silniční hospodářství", "", false
	must(t, f.db.UpdateDepartment(f.ctx, &d))
	c := &cases.Department{Code: "CHO", Name: "Chodníky", Active: true}
	must(t, f.db.CreateDepartment(f.ctx, c))
	got, err := f.db.Departments(f.ctx)
	must(t, err)
	want := []cases.Department{*c, d, f.deps[1]} // "ch" folds to c h; "Ž" to z
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Departments() = %+v, want %+v", got, want)
	}
	d.Code = "ZP"
	wantCode(t, "UpdateDepartment(taken code)", f.db.UpdateDepartment(f.ctx, &d), cases.EConflict)
}

func testCaseTypes(t *testing.T, f *fixture) {
	dup := &cases.CaseType{Code: "POD", Name: "Duplicitní"}
	wantCode(t, "CreateCaseType(taken code)", f.db.CreateCaseType(f.ctx, dup), cases.EConflict)
	ct := f.types[1]
	ct.DeadlineDays, ct.Active = 15, false
	must(t, f.db.UpdateCaseType(f.ctx, &ct))
	info := &cases.CaseType{Code: "INF", Name: "Žádost o informace", DeadlineDays: 15, Active: true}
	must(t, f.db.CreateCaseType(f.ctx, info))
	got, err := f.db.CaseTypes(f.ctx)
	must(t, err)
	want := []cases.CaseType{ct, f.types[0], *info}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CaseTypes() = %+v, want %+v", got, want)
	}
}
