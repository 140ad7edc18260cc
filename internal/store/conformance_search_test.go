package store

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"linka/cases"
)

var (
	searchFirst = []string{"Petr", "Jana", "Jiří", "Zuzana", "Tomáš", "Eliška", "Łukasz"}
	searchLast  = []string{"Novák", "Nováková", "Dvořák", "Černý", "Procházka", "Kučerová", "Malý"}
	searchWords = []string{"výtluk", "silnice", "hluk", "Nádražní", "ulice", "odpad", "kontejner",
		"lampa", "nesvítí", "parkování", "chodník", "strom", "Žižkova", "12", "3b", "řeka", "ČEZ"}
)

// testListCasesFullText searches a random register and checks every result
// against the definition: a case matches when each term is a substring of
// its folded search text.
func testListCasesFullText(t *testing.T, f *fixture) {
	rng := rand.New(rand.NewPCG(7, 11))
	var contacts []*cases.Contact
	for i := range 10 {
		c := &cases.Contact{Kind: cases.KindPerson, FirstName: searchFirst[rng.IntN(len(searchFirst))],
			LastName: searchLast[rng.IntN(len(searchLast))], Email: "obcan" + string(rune('a'+i)) + "@example.cz",
			Phone: "+42060212345" + string(rune('0'+i)), CreatedAt: f.now, UpdatedAt: f.now}
		must(t, f.db.CreateContact(f.ctx, c))
		contacts = append(contacts, c)
	}
	texts := map[int64]string{}
	for range 60 {
		var sub *cases.Contact
		c := f.newCase(func(c *cases.Case) {
			c.Subject = words(rng, 3)
			c.Description = words(rng, 8)
			if rng.IntN(4) > 0 {
				sub = contacts[rng.IntN(len(contacts))]
				c.SubmitterID = sub.ID
			}
		})
		must(t, f.db.CreateCase(f.ctx, cases.NewCase{Case: c, Number: cases.NumberScope{Start: 8600}}))
		texts[c.ID] = cases.SearchText(c, sub)
	}
	queries := []string{"novak", "NOVÁK", "Novák Petr", "nováková", "ova", "no", "k", "nadrazni 12",
		"Hluk, ulice!", "xyzzy", "8620", "602123451", "example", "lukasz", "ŘEKA", "cez", "3b zizkova",
		"dvorak jiri hluk", "ak"}
	for _, q := range queries {
		t.Run(q, func(t *testing.T) {
			terms := cases.SearchTerms(q)
			want := []int64{}
			for id, text := range texts {
				if containsAll(text, terms) {
					want = append(want, id)
				}
			}
			slices.Sort(want)
			got := listSet(t, f, cases.CaseFilter{Terms: terms, Scope: cases.Scope{All: true}})
			if !slices.Equal(got, want) {
				t.Errorf("ListCases(terms %q) = %v, want %v", terms, got, want)
			}
		})
	}
	// The acceptance examples: diacritics and case do not matter.
	for _, q := range []string{"novak", "NOVÁK", "Novák"} {
		if got := listSet(t, f, cases.CaseFilter{Terms: cases.SearchTerms(q), Scope: cases.Scope{All: true}}); len(got) == 0 {
			t.Errorf("ListCases(%q) found nothing, want the cases of Novák", q)
		}
	}
}

func words(rng *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = searchWords[rng.IntN(len(searchWords))]
	}
	return strings.Join(w, " ")
}

func containsAll(text string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(text, t) {
			return false
		}
	}
	return true
}

func testUpdateContactRefreshesCases(t *testing.T, f *fixture) {
	sub := f.contact(t, "Jan", "Starý", "")
	mine := f.create(t, func(c *cases.Case) { c.SubmitterID = sub.ID })
	mine2 := f.create(t, func(c *cases.Case) { c.SubmitterID = sub.ID })
	f.create(t, nil)
	search := func(q string) []int64 {
		return listSet(t, f, cases.CaseFilter{Terms: cases.SearchTerms(q), Scope: cases.Scope{All: true}})
	}
	if got, want := search("stary"), sorted(mine, mine2); !slices.Equal(got, want) {
		t.Fatalf("search stary = %v, want %v", got, want)
	}
	sub.LastName = "Nováček"
	sub.UpdatedAt = f.now.Add(time.Hour)
	must(t, f.db.UpdateContact(f.ctx, sub))
	if got, want := search("novacek jan"), sorted(mine, mine2); !slices.Equal(got, want) {
		t.Errorf("after renaming, search novacek = %v, want %v", got, want)
	}
	if got := search("stary"); len(got) != 0 {
		t.Errorf("after renaming, search stary = %v, want none", got)
	}
	got, err := f.db.CaseByID(f.ctx, mine.ID)
	must(t, err)
	if got.Version != mine.Version || !got.UpdatedAt.Equal(mine.UpdatedAt) {
		t.Errorf("renaming the submitter changed the case: version %d updated %v", got.Version, got.UpdatedAt)
	}
}
