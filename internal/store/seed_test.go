package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// A realistic register for the benchmarks: three years of a municipal
// office's submissions, most of them closed, a few thousand open, some
// overdue; three quarters with a submitter, many of whom wrote more than
// once.

var (
	seedNow = time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)

	seedMaleFirst   = []string{"Jan", "Petr", "Josef", "Pavel", "Martin", "Tomáš", "Jaroslav", "Miroslav", "Zdeněk", "Václav", "Michal", "František", "Jiří", "Lukáš", "Karel", "Milan", "Jakub", "David", "Ondřej", "Vojtěch"}
	seedFemaleFirst = []string{"Jana", "Marie", "Eva", "Hana", "Anna", "Lenka", "Kateřina", "Věra", "Lucie", "Alena", "Petra", "Jaroslava", "Veronika", "Martina", "Tereza", "Zuzana", "Michaela", "Eliška", "Ivana", "Monika"}
	seedMaleLast    = []string{"Novák", "Svoboda", "Novotný", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý", "Horák", "Němec", "Marek", "Pospíšil", "Pokorný", "Hájek", "Král", "Jelínek", "Růžička", "Beneš", "Fiala", "Sedláček", "Doležal", "Zeman", "Kolář", "Navrátil", "Čermák", "Vaněk", "Urban", "Blažek", "Kříž", "Kovář", "Bartoš", "Vlček", "Polák", "Musil", "Kopecký", "Šimek", "Konečný", "Malý", "Holub", "Štěpánek"}
	seedStreets     = []string{"Nádražní", "Husova", "Masarykova", "Palackého", "Komenského", "Žižkova", "Smetanova", "Havlíčkova", "Tyršova", "Jiráskova", "Nerudova", "Riegrova", "Sokolská", "Školní", "Zahradní", "Polní", "Lesní", "Krátká", "Dlouhá", "Na Výsluní", "U Potoka", "Pražská", "Brněnská", "Revoluční", "Družstevní", "Luční", "Sadová", "Wolkerova", "Vrchlického", "Mánesova"}
	seedDistricts   = []string{"Praha 1", "Praha 2", "Praha 3", "Praha 4", "Praha 5", "Praha 6", "Praha 8", "Praha 10"}
	seedDepartments = []string{"Doprava", "Životní prostředí", "Výstavba", "Sociální věci", "Školství", "Majetek", "Živnostenský úřad", "Matrika", "Odpady", "Zeleň"}
	seedTopics      = []struct{ subject, detail string }{
		{"Nesvítí veřejné osvětlení v ulici %s", "Lampa u domu č. %d nesvítí už %d dní, večer je ulice úplně temná."},
		{"Výtluk ve vozovce, %s", "Ve vozovce před domem č. %d je hluboký výtluk, auta se mu vyhýbají do protisměru. Trvá to %d týdnů."},
		{"Přeplněné kontejnery na tříděný odpad – %s", "Kontejnery na plast a papír u domu č. %d jsou přeplněné, odpad leží kolem. Svoz neproběhl %d dní."},
		{"Hluk z provozovny v ulici %s", "Provozovna v domě č. %d hraje hudbu po 22. hodině, naposledy před %d dny."},
		{"Černá skládka, %s", "U garáží za domem č. %d někdo vysypal stavební suť a starý nábytek, asi %d pytlů."},
		{"Poškozený chodník v ulici %s", "Dlažba chodníku u č. %d je propadlá, v zimě se tam tvoří led. Upadli už %d lidé."},
		{"Parkování na trávníku, %s", "Auta parkují na zeleni u domu č. %d, trávník je rozježděný. Opakuje se to %d měsíců."},
		{"Strom ohrožuje chodce, %s", "Suchá větev lípy u č. %d visí nad chodníkem, při větru hrozí pád. Hlásím po %d dnech."},
		{"Žádost o informace ke stavbě, %s", "Prosím o informaci, zda je stavba u č. %d povolená a kdy skončí; hluk trvá %d týdnů."},
		{"Stížnost na postup úředníka", "Při jednání dne %d. jsem čekal(a) %d minut a nikdo mi nepodal informace."},
		{"Nefunkční semafor na křižovatce %s", "Semafor u č. %d bliká oranžově, chodci přecházejí riskantně už %d dní."},
		{"Graffiti na zastávce %s", "Přístřešek zastávky u č. %d je posprejovaný, sklo rozbité. Trvá %d dní."},
	}
)

// seedOptions size the register.
type seedOptions struct {
	Cases    int
	Contacts int
}

// seeded is what seedRegister created, for building queries.
type seeded struct {
	deps     []cases.Department
	officers []cases.User // officials, by department in round robin
	boss     cases.User
	contacts []int64
	today    workdays.Date
}

// seedRegister fills an empty store with a realistic register. It inserts in
// large batches, bypassing CreateCase for speed, but writes the same rows:
// numbers from yearly counters, search texts from cases.SearchText and
// cases.ContactSearchText, history and hidden-from rows.
func seedRegister(tb testing.TB, db *DB, o seedOptions) *seeded {
	tb.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(2026, 3))
	s := &seeded{today: workdays.DateOf(seedNow)}
	for i, name := range seedDepartments {
		d := cases.Department{Code: fmt.Sprintf("D%02d", i), Name: name, Active: true}
		must(tb, db.CreateDepartment(ctx, &d))
		s.deps = append(s.deps, d)
	}
	types := []cases.CaseType{{Code: "POD", Name: "Podnět", DeadlineDays: 30, Active: true},
		{Code: "STIZ", Name: "Stížnost", DeadlineDays: 60, Active: true},
		{Code: "INF", Name: "Žádost o informace", DeadlineDays: 15, Active: true}}
	for i := range types {
		must(tb, db.CreateCaseType(ctx, &types[i]))
	}
	for i := range 60 {
		u := cases.User{Login: fmt.Sprintf("u%02d", i), Name: seedMaleFirst[i%20] + " " + seedMaleLast[i%40],
			DepartmentID: s.deps[i%len(s.deps)].ID, Roles: []cases.Role{cases.RoleOfficial}, Active: true, CreatedAt: seedNow}
		must(tb, db.CreateUser(ctx, &u))
		s.officers = append(s.officers, u)
	}
	s.boss = cases.User{Login: "boss", Name: "Šárka Vedoucí", Roles: []cases.Role{cases.RoleSupervisor}, Active: true, CreatedAt: seedNow}
	must(tb, db.CreateUser(ctx, &s.boss))
	contacts := seedContacts(tb, db, rng, o.Contacts)
	for _, c := range contacts {
		s.contacts = append(s.contacts, c.ID)
	}
	seedCases(tb, db, rng, s, types, contacts, o.Cases)
	return s
}

func seedContacts(tb testing.TB, db *DB, rng *rand.Rand, n int) []*cases.Contact {
	out := make([]*cases.Contact, 0, n)
	for i := range n {
		c := &cases.Contact{Kind: cases.KindPerson, CreatedAt: seedNow.Add(-time.Duration(rng.IntN(3*365*24)) * time.Hour)}
		c.UpdatedAt = c.CreatedAt
		last := seedMaleLast[rng.IntN(len(seedMaleLast))]
		if rng.IntN(2) == 0 {
			c.FirstName, c.LastName = seedMaleFirst[rng.IntN(20)], last
		} else {
			c.FirstName, c.LastName = seedFemaleFirst[rng.IntN(20)], feminine(last)
		}
		if rng.IntN(20) == 0 {
			c.Kind, c.FirstName, c.LastName = cases.KindOrganisation, "", "SVJ "+seedStreets[rng.IntN(len(seedStreets))]+" "+strconv.Itoa(i)
		}
		c.Phone = fmt.Sprintf("+4206%08d", rng.IntN(1e8))
		if rng.IntN(10) < 6 {
			c.Email = strings.ToLower(cases.Fold(c.FirstName+"."+c.LastName)) + strconv.Itoa(i) + "@example.cz"
			c.Email = strings.ReplaceAll(c.Email, " ", ".")
		}
		c.Address = cases.Address{Street: seedStreets[rng.IntN(len(seedStreets))] + " " + strconv.Itoa(1+rng.IntN(120)),
			Postcode: fmt.Sprintf("1%02d00", rng.IntN(90)), City: seedDistricts[rng.IntN(len(seedDistricts))]}
		out = append(out, c)
	}
	rows := make([][]any, len(out))
	for i, c := range out {
		rows[i] = append(contactValues(c), ts(c.CreatedAt))
	}
	ids := bulkInsert(tb, db, "contacts", contactInsertColumns+", created_at", rows, true)
	for i, c := range out {
		c.ID = ids[i]
	}
	return out
}

// feminine returns the female form of a Czech surname (Novák → Nováková).
func feminine(last string) string {
	switch {
	case strings.HasSuffix(last, "ý"):
		return strings.TrimSuffix(last, "ý") + "á"
	case strings.HasSuffix(last, "a"):
		return strings.TrimSuffix(last, "a") + "ová"
	case strings.HasSuffix(last, "ek"):
		return strings.TrimSuffix(last, "ek") + "ková"
	}
	return last + "ová"
}

// seedCase is one generated case with its rows.
type seedCase struct {
	c      cases.Case
	sub    *cases.Contact
	scope  string
	seq    int64
	hist   []cases.HistoryEntry
	hidden []int64
}

func seedCases(tb testing.TB, db *DB, rng *rand.Rand, s *seeded, types []cases.CaseType, contacts []*cases.Contact, n int) {
	span := 3 * 365 * 24 * time.Hour
	received := make([]time.Time, n)
	for i := range received {
		received[i] = seedNow.Add(-time.Duration(rng.Int64N(int64(span)))).Truncate(time.Second)
	}
	slices.SortFunc(received, func(a, b time.Time) int { return a.Compare(b) })
	seqs := map[string]int64{}
	list := make([]*seedCase, n)
	for i, at := range received {
		year := strconv.Itoa(at.In(workdays.Prague()).Year())
		seqs[year]++
		sc := &seedCase{scope: year, seq: seqs[year]}
		sc.c.Number = year + "-" + strconv.FormatInt(sc.seq, 10)
		seedOne(rng, s, types, contacts, sc, at)
		list[i] = sc
	}
	rows := make([][]any, n)
	for i, sc := range list {
		rows[i] = caseValues(&sc.c, sc.scope, sc.seq, sc.sub)
	}
	ids := bulkInsert(tb, db, "cases", caseInsertColumns, rows, true)
	var hist, hidden [][]any
	for i, sc := range list {
		for _, h := range sc.hist {
			hist = append(hist, []any{ids[i], ts(h.At), ref(h.UserID), h.Field, h.Old, h.New, h.Public})
		}
		for _, u := range sc.hidden {
			hidden = append(hidden, []any{ids[i], u})
		}
	}
	bulkInsert(tb, db, "case_history", "case_id, at, user_id, field, old_value, new_value, public", hist, false)
	bulkInsert(tb, db, "case_hidden_from", "case_id, user_id", hidden, false)
	var counters [][]any
	for year, seq := range seqs {
		counters = append(counters, []any{year, seq})
	}
	bulkInsert(tb, db, "case_numbers", "scope, seq", counters, false)
}

// seedOne fills in a case received at at.
func seedOne(rng *rand.Rand, s *seeded, types []cases.CaseType, contacts []*cases.Contact, sc *seedCase, at time.Time) {
	c := &sc.c
	topic := seedTopics[rng.IntN(len(seedTopics))]
	street := seedStreets[rng.IntN(len(seedStreets))]
	c.Subject = strings.Replace(topic.subject, "%s", street, 1)
	c.Description = fmt.Sprintf(topic.detail, 1+rng.IntN(120), 2+rng.IntN(20)) + " Děkuji za vyřízení."
	c.Source = []cases.Source{cases.SourcePhone, cases.SourcePhone, cases.SourcePhone, cases.SourceEmail,
		cases.SourceEmail, cases.SourceWeb, cases.SourcePost, cases.SourcePerson}[rng.IntN(8)]
	c.ReceivedAt, c.CreatedAt = at, at.Add(time.Duration(rng.IntN(600))*time.Second)
	c.Priority, c.Language, c.Version = cases.PriorityNormal, "cs", 1
	if rng.IntN(20) == 0 {
		c.Priority = cases.PriorityHigh
	}
	if rng.IntN(4) > 0 {
		// A quarter of the contacts write most of the cases.
		k := rng.IntN(len(contacts))
		if rng.IntN(2) == 0 {
			k = rng.IntN(len(contacts)/4 + 1)
		}
		sc.sub = contacts[k]
		c.SubmitterID = sc.sub.ID
	}
	ct := types[rng.IntN(len(types))]
	c.CaseTypeID = ct.ID
	if rng.IntN(10) > 0 {
		c.DueDate = workdays.DateOf(at).AddDays(ct.DeadlineDays)
	}
	sc.hist = []cases.HistoryEntry{{At: c.CreatedAt, Field: "state", New: "new", Public: true}}
	c.State = seedState(rng, seedNow.Sub(at))
	c.UpdatedAt = c.CreatedAt
	if c.State == cases.StateNew {
		if rng.IntN(3) == 0 {
			c.DepartmentID = s.deps[seedDepartment(rng)].ID
		}
		return
	}
	d := seedDepartment(rng)
	c.DepartmentID = s.deps[d].ID
	official := s.officers[d+len(s.deps)*rng.IntN(len(s.officers)/len(s.deps))]
	c.AssignedTo, c.HandledBy = official.ID, official.ID
	c.UpdatedAt = c.CreatedAt.Add(time.Duration(1+rng.IntN(20*24)) * time.Hour)
	if c.UpdatedAt.After(seedNow) {
		c.UpdatedAt = seedNow
	}
	sc.hist = append(sc.hist, cases.HistoryEntry{At: c.UpdatedAt, UserID: s.boss.ID, Field: "department", New: s.deps[d].Name},
		cases.HistoryEntry{At: c.UpdatedAt, UserID: official.ID, Field: "state", Old: "new", New: string(c.State), Public: true})
	if !c.State.Open() {
		c.Outcome, c.Response, c.ResponseSent = "Vyřízeno", "Vážená paní, vážený pane, závadu jsme odstranili.", true
	}
	if rng.IntN(100) == 0 {
		c.Restricted = true
		sc.hidden = []int64{s.officers[(d+len(s.deps))%len(s.officers)].ID}
	}
}

// seedState picks a state: old cases are mostly closed.
func seedState(rng *rand.Rand, age time.Duration) cases.State {
	day := 24 * time.Hour
	closedPct := 20
	switch {
	case age > 90*day:
		closedPct = 97
	case age > 30*day:
		closedPct = 60
	}
	if rng.IntN(100) < closedPct {
		return []cases.State{cases.StateResolved, cases.StateResolved, cases.StateResolved, cases.StateResolved,
			cases.StateRejected, cases.StateForwarded, cases.StateDeferred}[rng.IntN(7)]
	}
	return []cases.State{cases.StateNew, cases.StateAssigned, cases.StateInProgress, cases.StateInProgress,
		cases.StateWaiting}[rng.IntN(5)]
}

// seedDepartment picks a department index; transport and environment get
// the most cases.
func seedDepartment(rng *rand.Rand) int {
	weights := []int{25, 15, 12, 8, 5, 8, 5, 4, 10, 8}
	n := rng.IntN(100)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return 0
}

// bulkInsert inserts rows into table in multi-row statements, in one
// transaction per few thousand rows, and returns the new ids (when
// returning) in the order of rows. A single writer assigns ids in
// statement order, so the sorted ids of a statement map to its rows.
func bulkInsert(tb testing.TB, db *DB, table, columns string, rows [][]any, returning bool) []int64 {
	tb.Helper()
	if len(rows) == 0 {
		return nil
	}
	ctx := context.Background()
	per := max(1, 20000/len(rows[0])) // rows per statement, well under both parameter limits
	var ids []int64
	for start := 0; start < len(rows); start += per * 10 {
		err := db.write(ctx, func(r runner) error {
			for i := start; i < min(start+per*10, len(rows)); i += per {
				batch := rows[i:min(i+per, len(rows))]
				got, err := insertBatch(ctx, r, table, columns, batch, returning)
				if err != nil {
					return err
				}
				ids = append(ids, got...)
			}
			return nil
		})
		if err != nil {
			tb.Fatalf("seed %s: %v", table, err)
		}
	}
	if returning && len(ids) != len(rows) {
		tb.Fatalf("seed %s: %d ids for %d rows", table, len(ids), len(rows))
	}
	return ids
}

func insertBatch(ctx context.Context, r runner, table, columns string, batch [][]any, returning bool) ([]int64, error) {
	var q strings.Builder
	q.WriteString("INSERT INTO " + table + " (" + columns + ") VALUES ")
	row := "(" + placeholders(len(batch[0])) + ")"
	var args []any
	for i, b := range batch {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(row)
		args = append(args, b...)
	}
	if !returning {
		_, err := r.exec(ctx, q.String(), args...)
		return nil, err
	}
	rows, err := r.query(ctx, q.String()+" RETURNING id", args...)
	ids, err := scanAll(rows, err, func(id *int64) []any { return []any{id} })
	slices.Sort(ids)
	return ids, err
}
