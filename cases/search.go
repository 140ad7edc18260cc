package cases

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold returns s lowercased, without diacritics, with every run of
// characters other than letters and digits replaced by one space, so that
// "Novák, Petr" and "novak petr" fold to the same text. Both databases
// search the folded text, which makes full-text results identical on both.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}
	var b strings.Builder
	b.Grow(len(folded))
	space := true
	for _, r := range folded {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(foldSpecial(r)))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// foldSpecial maps letters that NFD does not decompose.
func foldSpecial(r rune) rune {
	switch r {
	case 'ł', 'Ł':
		return 'l'
	case 'ø', 'Ø':
		return 'o'
	case 'đ', 'Đ':
		return 'd'
	}
	return r
}

// SearchTerms splits a user's query into folded words; a case matches when
// its folded text contains every word.
func SearchTerms(q string) []string {
	return strings.Fields(Fold(q))
}

// SearchText builds the folded search text of a case from its evidence
// number, subject, description and the submitter's names and contacts.
func SearchText(c *Case, submitter *Contact) string {
	parts := []string{c.Number, c.Subject, c.Description}
	if submitter != nil {
		parts = append(parts, ContactSearchText(submitter))
	}
	return Fold(strings.Join(parts, " "))
}

// ContactSearchText builds the folded search text of a contact.
func ContactSearchText(c *Contact) string {
	return Fold(strings.Join([]string{c.FirstName, c.LastName, c.Employer, c.Email,
		strings.TrimPrefix(c.Phone, "+"), strings.TrimPrefix(c.Mobile, "+"), c.CompanyID,
		c.Address.City, c.Address.Street}, " "))
}
