package cases

import (
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Novák":                    "novak",
		"NOVÁK, Petr":              "novak petr",
		"Žluťoučký kůň úpěl":       "zlutoucky kun upel",
		"  parkování -- Nerudova ": "parkovani nerudova",
		"Łódź":                     "lodz",
		"8608/2017":                "8608 2017",
		"":                         "",
	}
	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSearchTerms(t *testing.T) {
	if got, want := SearchTerms("  Stížnost  PARKOVÁNÍ "), []string{"stiznost", "parkovani"}; !slices.Equal(got, want) {
		t.Errorf("SearchTerms() = %q, want %q", got, want)
	}
	if got := SearchTerms("%_\\"); len(got) != 0 {
		t.Errorf("SearchTerms(wildcards) = %q, want none", got)
	}
}

func TestSearchText(t *testing.T) {
	c := &Case{Number: "8608", Subject: "Stížnost na stav řešení parkování", Description: "Nerudova"}
	got := SearchText(c, &Contact{FirstName: "Petr", LastName: "Novotný", Phone: "+420560987654"})
	want := "8608 stiznost na stav reseni parkovani nerudova petr novotny 420560987654"
	if got != want {
		t.Errorf("SearchText() = %q, want %q", got, want)
	}
}
