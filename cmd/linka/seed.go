package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"linka/cases"
)

// Demo data sizes: enough to page, filter and search realistically while
// the first start stays within a few seconds.
const (
	demoContacts = 220
	demoCases    = 320
)

// seeder creates the demo data through the case service, so every case
// has the history a real one would have. Its clock is moved to each
// case's time so the data spans the last months.
type seeder struct {
	b     *backend
	svc   *cases.Service
	clock time.Time
	now   time.Time
	rnd   *rand.Rand
	users map[string]*cases.User
	deps  map[string]int64
	types []cases.CaseType
}

func newSeeder(b *backend, opts cases.Options, now time.Time) *seeder {
	sd := &seeder{b: b, now: now, clock: now, rnd: rand.New(rand.NewPCG(2017, 8608)),
		users: map[string]*cases.User{}, deps: map[string]int64{}}
	opts.Now = func() time.Time { return sd.clock }
	sd.svc = b.service(opts)
	return sd
}

func (sd *seeder) run(ctx context.Context) error {
	if err := sd.staff(ctx); err != nil {
		return err
	}
	contacts, err := sd.contacts(ctx)
	if err != nil {
		return err
	}
	for i := 0; i < demoCases; i++ {
		if err := sd.oneCase(ctx, i, contacts); err != nil {
			return fmt.Errorf("case %d: %w", i, err)
		}
	}
	return nil
}

func (sd *seeder) staff(ctx context.Context) error {
	admin := cases.Console()
	for _, d := range demoDepartments() {
		if err := sd.svc.SaveDepartment(ctx, admin, &d); err != nil {
			return err
		}
		sd.deps[d.Code] = d.ID
	}
	for _, t := range demoCaseTypes() {
		if err := sd.svc.SaveCaseType(ctx, admin, &t); err != nil {
			return err
		}
		sd.types = append(sd.types, t)
	}
	for _, du := range demoUsers() {
		u := &cases.User{Login: du.login, Name: du.name, Extension: du.ext, Roles: du.roles,
			DepartmentID: sd.deps[du.dept], Active: true, Email: du.login + "@urad.example.cz"}
		if err := sd.svc.CreateUser(ctx, admin, u, demoPassword); err != nil {
			return err
		}
		sd.users[du.login] = u
	}
	return nil
}

func (sd *seeder) contacts(ctx context.Context) ([]*cases.Contact, error) {
	male, female := demoFirstNames()
	surnames, streets := demoSurnames(), demoStreets()
	clerk := sd.users["dispecerka"]
	out := make([]*cases.Contact, 0, demoContacts)
	for i := 0; i < demoContacts; i++ {
		sn := surnames[sd.rnd.IntN(len(surnames))]
		c := &cases.Contact{FirstName: male[sd.rnd.IntN(len(male))], LastName: sn[0]}
		if i%2 == 1 {
			c.FirstName, c.LastName = female[sd.rnd.IntN(len(female))], sn[1]
		}
		if i%9 == 0 {
			c.TitleBefore = []string{"Ing.", "Mgr.", "MUDr.", "Bc."}[sd.rnd.IntN(4)]
		}
		c.VIP = i%37 == 0
		c.District = fmt.Sprintf("Praha %d", 1+sd.rnd.IntN(15))
		c.Phone = fmt.Sprintf("%d%08d", 2+sd.rnd.IntN(4), sd.rnd.IntN(1e8))
		if i%3 != 0 {
			c.Mobile = fmt.Sprintf("7%08d", sd.rnd.IntN(1e8))
		}
		if i%4 != 3 {
			c.Email = fmt.Sprintf("%s.%s%d@example.cz", asciiLower(c.FirstName), asciiLower(c.LastName), i)
		}
		c.Address = cases.Address{Street: fmt.Sprintf("%s %d/%d", streets[sd.rnd.IntN(len(streets))], 1+sd.rnd.IntN(90), 100+sd.rnd.IntN(900)),
			Postcode: fmt.Sprintf("1%02d00", sd.rnd.IntN(90)), City: "Praha"}
		if err := sd.svc.CreateContact(ctx, clerk, c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// asciiLower folds a name for an e-mail address.
func asciiLower(s string) string { return strings.ReplaceAll(cases.Fold(s), " ", "") }
