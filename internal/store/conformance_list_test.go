package store

import (
	"cmp"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// register is a small register for the filter and scope tests.
type register struct {
	a, b, c, d, e, g *cases.Case
	s1, s2           *cases.Contact
}

// newRegister creates six cases:
//
//	a: DOP, new, TEL, submitter s1, assigned to off1, due in 10 days, received 5 days ago
//	b: DOP, resolved, EMAIL, handled by off2, due 3 days ago (closed, so not overdue)
//	c: ZP, in_progress, type POD, submitter s2, due yesterday: overdue
//	d: ZP, waiting, restricted and hidden from off2
//	e: no department, new, WEB, received 30 days ago, due 10 days ago: overdue
//	g: ZP, new, hidden from off2 but not restricted
func newRegister(t *testing.T, f *fixture) *register {
	day := 24 * time.Hour
	today := workdays.DateOf(f.now)
	r := &register{s1: f.contact(t, "Petr", "Novák", "+420602000001"), s2: f.contact(t, "Jana", "Malá", "")}
	r.a = f.create(t, func(c *cases.Case) {
		c.DepartmentID, c.SubmitterID, c.AssignedTo = f.deps[0].ID, r.s1.ID, f.off1.ID
		c.ReceivedAt, c.DueDate, c.CaseTypeID = f.now.Add(-5*day), today.AddDays(10), f.types[0].ID
	})
	r.b = f.create(t, func(c *cases.Case) {
		c.DepartmentID, c.State, c.Source, c.HandledBy = f.deps[0].ID, cases.StateResolved, cases.SourceEmail, f.off2.ID
		c.ReceivedAt, c.DueDate = f.now.Add(-4*day), today.AddDays(-3)
	})
	r.c = f.create(t, func(c *cases.Case) {
		c.DepartmentID, c.State, c.CaseTypeID, c.SubmitterID = f.deps[1].ID, cases.StateInProgress, f.types[1].ID, r.s2.ID
		c.ReceivedAt, c.DueDate = f.now.Add(-3*day), today.AddDays(-1)
	})
	r.d = f.create(t, func(c *cases.Case) {
		c.DepartmentID, c.State, c.Restricted, c.HiddenFrom = f.deps[1].ID, cases.StateWaiting, true, []int64{f.off2.ID}
		c.ReceivedAt = f.now.Add(-2 * day)
	})
	r.e = f.create(t, func(c *cases.Case) {
		c.Source, c.ReceivedAt, c.DueDate = cases.SourceWeb, f.now.Add(-30*day), today.AddDays(-10)
	})
	r.g = f.create(t, func(c *cases.Case) {
		c.DepartmentID, c.HiddenFrom = f.deps[1].ID, []int64{f.off2.ID}
		c.ReceivedAt = f.now.Add(-1 * day)
	})
	return r
}

// listSet runs ListCases and returns the ids sorted, checking that Total
// counts them.
func listSet(t *testing.T, f *fixture, flt cases.CaseFilter) []int64 {
	t.Helper()
	page, err := f.db.ListCases(f.ctx, flt)
	if err != nil {
		t.Fatalf("ListCases(%+v) = %v", flt, err)
	}
	got := ids(page.Rows)
	if page.Total != len(got) {
		t.Errorf("ListCases(%+v).Total = %d, want %d", flt, page.Total, len(got))
	}
	slices.Sort(got)
	return got
}

func sorted(cs ...*cases.Case) []int64 {
	out := caseIDs(cs...)
	slices.Sort(out)
	return out
}

func testListCasesFilters(t *testing.T, f *fixture) {
	r := newRegister(t, f)
	all := cases.Scope{All: true}
	today := workdays.DateOf(f.now)
	tests := []struct {
		name string
		f    cases.CaseFilter
		want []int64
	}{
		{"none", cases.CaseFilter{}, sorted(r.a, r.b, r.c, r.d, r.e, r.g)},
		{"state", cases.CaseFilter{States: []cases.State{cases.StateNew}}, sorted(r.a, r.e, r.g)},
		{"states", cases.CaseFilter{States: []cases.State{cases.StateResolved, cases.StateInProgress}}, sorted(r.b, r.c)},
		{"department", cases.CaseFilter{DepartmentID: f.deps[0].ID}, sorted(r.a, r.b)},
		{"official assigned", cases.CaseFilter{OfficialID: f.off1.ID}, sorted(r.a)},
		{"official handling", cases.CaseFilter{OfficialID: f.off2.ID}, sorted(r.b)},
		{"source", cases.CaseFilter{Source: cases.SourceEmail}, sorted(r.b)},
		{"case type", cases.CaseFilter{CaseTypeID: f.types[1].ID}, sorted(r.c)},
		{"submitter", cases.CaseFilter{SubmitterID: r.s1.ID}, sorted(r.a)},
		{"overdue", cases.CaseFilter{Overdue: true, Today: today}, sorted(r.c, r.e)},
		{"overdue tomorrow", cases.CaseFilter{Overdue: true, Today: today.AddDays(11)}, sorted(r.a, r.c, r.e)},
		{"received from", cases.CaseFilter{ReceivedFrom: r.c.ReceivedAt}, sorted(r.c, r.d, r.g)},
		{"received to", cases.CaseFilter{ReceivedTo: r.c.ReceivedAt}, sorted(r.a, r.b, r.e)},
		{"received range", cases.CaseFilter{ReceivedFrom: r.b.ReceivedAt, ReceivedTo: r.d.ReceivedAt}, sorted(r.b, r.c)},
		{"terms", cases.CaseFilter{Terms: []string{"novak"}}, sorted(r.a)},
		{"terms and overdue", cases.CaseFilter{Terms: []string{"nadrazni"}, Overdue: true, Today: today}, sorted(r.c, r.e)},
		{"terms of the submitter and overdue", cases.CaseFilter{Terms: []string{"mala"}, Overdue: true, Today: today}, sorted(r.c)},
		{"terms and submitter", cases.CaseFilter{Terms: []string{"vytluk", "petr"}, SubmitterID: r.s1.ID}, sorted(r.a)},
		{"terms and other submitter", cases.CaseFilter{Terms: []string{"novak"}, SubmitterID: r.s2.ID}, []int64{}},
		{"combined", cases.CaseFilter{States: []cases.State{cases.StateNew, cases.StateInProgress},
			DepartmentID: f.deps[1].ID, Overdue: true, Today: today}, sorted(r.c)},
		{"nothing", cases.CaseFilter{DepartmentID: f.deps[0].ID, Source: cases.SourceWeb}, []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.f.Scope = all
			if got := listSet(t, f, tt.f); !slices.Equal(got, tt.want) {
				t.Errorf("ListCases(%s) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func testListCasesScope(t *testing.T, f *fixture) {
	r := newRegister(t, f)
	tests := []struct {
		name  string
		scope cases.Scope
		want  []int64
	}{
		{"none", cases.Scope{None: true, All: true}, []int64{}},
		{"zero scope sees nothing", cases.Scope{}, []int64{}},
		{"all", cases.Scope{All: true}, sorted(r.a, r.b, r.c, r.d, r.e, r.g)},
		{"department", cases.Scope{DepartmentIDs: []int64{f.deps[0].ID}}, sorted(r.a, r.b)},
		{"departments", cases.Scope{DepartmentIDs: []int64{f.deps[0].ID, f.deps[1].ID}}, sorted(r.a, r.b, r.c, r.d, r.g)},
		{"user handles", cases.Scope{UserID: f.off2.ID}, sorted(r.b)},
		{"department or assigned", cases.Scope{DepartmentIDs: []int64{f.deps[1].ID}, UserID: f.off1.ID},
			sorted(r.a, r.c, r.d, r.g)},
		{"hidden from off2", cases.Scope{All: true, HiddenFor: f.off2.ID}, sorted(r.a, r.b, r.c, r.e, r.g)},
		{"department, hidden from off2", cases.Scope{DepartmentIDs: []int64{f.deps[1].ID}, UserID: f.off2.ID, HiddenFor: f.off2.ID},
			sorted(r.b, r.c, r.g)},
		{"hidden from someone else", cases.Scope{All: true, HiddenFor: f.off1.ID}, sorted(r.a, r.b, r.c, r.d, r.e, r.g)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := listSet(t, f, cases.CaseFilter{Scope: tt.scope}); !slices.Equal(got, tt.want) {
				t.Errorf("ListCases(scope %+v) = %v, want %v", tt.scope, got, tt.want)
			}
		})
	}
}

func testListCasesSorts(t *testing.T, f *fixture) {
	rng := rand.New(rand.NewPCG(1, 2))
	var all []*cases.Case
	for i := range 24 {
		c := f.newCase(func(c *cases.Case) {
			c.ReceivedAt = f.now.Add(-time.Duration(rng.IntN(5)) * time.Hour) // ties on purpose
			c.UpdatedAt = f.now.Add(time.Duration(rng.IntN(5)) * time.Minute)
			if i%3 != 0 {
				c.DueDate = workdays.DateOf(f.now).AddDays(rng.IntN(4))
			}
		})
		scope := cases.NumberScope{Key: "2025", Prefix: "2025-", Start: 1}
		if i%2 == 0 {
			scope = cases.NumberScope{Key: "2026", Prefix: "2026-", Start: 1}
		}
		must(t, f.db.CreateCase(f.ctx, cases.NewCase{Case: c, Number: scope}))
		all = append(all, c)
	}
	keys := map[string]func(a, b *cases.Case) int{
		"received_at": func(a, b *cases.Case) int { return a.ReceivedAt.Compare(b.ReceivedAt) },
		"updated_at":  func(a, b *cases.Case) int { return a.UpdatedAt.Compare(b.UpdatedAt) },
		"number":      func(a, b *cases.Case) int { return compareNumbers(a.Number, b.Number) },
		"due_date":    func(a, b *cases.Case) int { return a.DueDate.Compare(b.DueDate) },
	}
	for _, sort := range cases.CaseSorts {
		t.Run(sort, func(t *testing.T) {
			key, desc := strings.TrimPrefix(sort, "-"), strings.HasPrefix(sort, "-")
			want := slices.Clone(all)
			slices.SortFunc(want, func(a, b *cases.Case) int {
				if key == "due_date" && a.DueDate.IsZero() != b.DueDate.IsZero() {
					return cmp.Compare(boolInt(a.DueDate.IsZero()), boolInt(b.DueDate.IsZero())) // no date last
				}
				c := cmp.Or(keys[key](a, b), cmp.Compare(a.ID, b.ID))
				if desc {
					return -c
				}
				return c
			})
			page, err := f.db.ListCases(f.ctx, cases.CaseFilter{Sort: sort, Scope: cases.Scope{All: true}})
			must(t, err)
			if got, want := ids(page.Rows), caseIDs(want...); !slices.Equal(got, want) {
				t.Errorf("ListCases(sort %s) = %v, want %v", sort, got, want)
			}
		})
	}
	page, err := f.db.ListCases(f.ctx, cases.CaseFilter{Scope: cases.Scope{All: true}})
	must(t, err)
	first, err := f.db.ListCases(f.ctx, cases.CaseFilter{Sort: "-received_at", Scope: cases.Scope{All: true}})
	must(t, err)
	if !slices.Equal(ids(page.Rows), ids(first.Rows)) {
		t.Errorf("ListCases(no sort) = %v, want the -received_at order %v", ids(page.Rows), ids(first.Rows))
	}
}

// compareNumbers orders "2025-7" before "2025-10" before "2026-1".
func compareNumbers(a, b string) int {
	ya, sa, _ := strings.Cut(a, "-")
	yb, sb, _ := strings.Cut(b, "-")
	return cmp.Or(strings.Compare(ya, yb), cmp.Compare(len(sa), len(sb)), strings.Compare(sa, sb))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func testListCasesPaging(t *testing.T, f *fixture) {
	var want []int64
	for i := range 7 {
		c := f.create(t, func(c *cases.Case) { c.ReceivedAt = f.now.Add(-time.Duration(i) * time.Minute) })
		want = append(want, c.ID)
	}
	var got []int64
	for off := 0; off < 9; off += 3 {
		page, err := f.db.ListCases(f.ctx, cases.CaseFilter{Limit: 3, Offset: off, Scope: cases.Scope{All: true}})
		must(t, err)
		if page.Total != 7 {
			t.Errorf("ListCases(offset %d).Total = %d, want 7", off, page.Total)
		}
		if len(page.Rows) > 3 {
			t.Errorf("ListCases(limit 3) returned %d rows", len(page.Rows))
		}
		got = append(got, ids(page.Rows)...)
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages = %v, want %v", got, want)
	}
	past, err := f.db.ListCases(f.ctx, cases.CaseFilter{Limit: 3, Offset: 9, Scope: cases.Scope{All: true}})
	must(t, err)
	if len(past.Rows) != 0 || past.Total != 7 {
		t.Errorf("ListCases(offset past the end) = %d rows, total %d; want 0 rows, total 7", len(past.Rows), past.Total)
	}
	page, err := f.db.ListCases(f.ctx, cases.CaseFilter{Offset: 5, Scope: cases.Scope{All: true}})
	must(t, err)
	if !slices.Equal(ids(page.Rows), want[5:]) || page.Total != 7 {
		t.Errorf("ListCases(no limit, offset 5) = %v total %d, want %v total 7", ids(page.Rows), page.Total, want[5:])
	}
}

func testListCasesRows(t *testing.T, f *fixture) {
	person := &cases.Contact{Kind: cases.KindPerson, TitleBefore: "Ing.", FirstName: "Petr", LastName: "Novotný",
		TitleAfter: "Ph.D.", CreatedAt: f.now, UpdatedAt: f.now}
	org := &cases.Contact{Kind: cases.KindOrganisation, FirstName: "ignored", LastName: "Technické služby s.r.o.",
		CreatedAt: f.now, UpdatedAt: f.now}
	must(t, f.db.CreateContact(f.ctx, person))
	must(t, f.db.CreateContact(f.ctx, org))
	full := f.create(t, func(c *cases.Case) {
		c.SubmitterID, c.DepartmentID, c.CaseTypeID = person.ID, f.deps[1].ID, f.types[0].ID
		c.HandledBy, c.AssignedTo = f.off2.ID, f.off1.ID
		c.Restricted, c.HiddenFrom = true, []int64{f.clerk.ID}
		c.ReceivedAt = f.now.Add(-time.Hour)
	})
	orgCase := f.create(t, func(c *cases.Case) { c.SubmitterID = org.ID; c.ReceivedAt = f.now.Add(-2 * time.Hour) })
	anon := f.create(t, func(c *cases.Case) { c.ReceivedAt = f.now.Add(-3 * time.Hour) })
	page, err := f.db.ListCases(f.ctx, cases.CaseFilter{Scope: cases.Scope{All: true}})
	must(t, err)
	want := []cases.CaseRow{
		{Case: *full, SubmitterName: "Ing. Petr Novotný, Ph.D.", DepartmentName: "Životní prostředí",
			HandledByName: "Olga Druhá", AssignedToName: "Oto První", CaseTypeName: "Stížnost"},
		{Case: *orgCase, SubmitterName: "Technické služby s.r.o."},
		{Case: *anon},
	}
	if len(page.Rows) != len(want) {
		t.Fatalf("ListCases returned %d rows, want %d", len(page.Rows), len(want))
	}
	for i := range want {
		if got := page.Rows[i]; !reflect.DeepEqual(got, want[i]) {
			t.Errorf("row %d = %+v, want %+v", i, got, want[i])
		}
	}
}

func testListCasesInvalidSort(t *testing.T, f *fixture) {
	_, err := f.db.ListCases(f.ctx, cases.CaseFilter{Sort: "subject; DROP TABLE cases", Scope: cases.Scope{All: true}})
	wantCode(t, "ListCases(unknown sort)", err, cases.EInvalid)
}
