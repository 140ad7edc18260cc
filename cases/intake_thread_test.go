package cases

import (
	"slices"
	"testing"
)

func TestNotificationCaseID(t *testing.T) {
	tests := []struct {
		in string
		id int64
		ok bool
	}{
		{"<linka.17.8620@mesto.cz>", 8620, true},
		{"linka.1.2@example.org", 2, true},
		{"<linka.17.0@mesto.cz>", 0, false},
		{"<linka.x.8620@mesto.cz>", 0, false},
		{"<other.17.8620@mesto.cz>", 0, false},
		{"<CAF=abc@mail.gmail.com>", 0, false},
	}
	for _, tt := range tests {
		id, ok := NotificationCaseID(tt.in)
		if id != tt.id || ok != tt.ok {
			t.Errorf("NotificationCaseID(%q) = %d, %v; want %d, %v", tt.in, id, ok, tt.id, tt.ok)
		}
	}
}

func TestSubjectNumbers(t *testing.T) {
	tests := []struct {
		subject      string
		strong, weak []string
	}{
		{"Re: [Podnět 2026-8620] Vyřízení", []string{"2026-8620"}, nil},
		{"RE: [Case 8620] done", []string{"8620"}, nil},
		{"Doplnění k podnětu č. 8620", []string{"8620"}, nil},
		{"Odp: Váš podnět č. 2026-15 byl přijat", []string{"2026-15"}, nil},
		{"Re: č. 8620", nil, []string{"8620"}},
		{"Lampa před domem č. 12", nil, []string{"12"}},
		{"Podle zákona č. 500/2004 Sb.", nil, nil},
		{"Faktura 8620 za rok 2026", nil, nil},
		{"Objednávka 2026-8620", nil, nil},
		{"č.p. 123", nil, nil},
		{"[Podnět 12] a [Podnět 12]", []string{"12"}, nil},
	}
	for _, tt := range tests {
		strong, weak := SubjectNumbers(tt.subject)
		if !slices.Equal(strong, tt.strong) || !slices.Equal(weak, tt.weak) {
			t.Errorf("SubjectNumbers(%q) = %q, %q; want %q, %q", tt.subject, strong, weak, tt.strong, tt.weak)
		}
	}
}
