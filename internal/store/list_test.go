package store

import (
	"strings"
	"testing"

	"linka/cases"
)

// TestOpenStates checks that the SQL of "open" lists exactly the states
// cases.State.Open calls open.
func TestOpenStates(t *testing.T) {
	for _, s := range cases.States {
		if got := strings.Contains(openStates, "'"+string(s)+"'"); got != s.Open() {
			t.Errorf("openStates lists %q = %v, want %v", s, got, s.Open())
		}
	}
}

// TestCaseOrder checks that every sort key of cases.CaseSorts has an order.
func TestCaseOrder(t *testing.T) {
	for _, s := range cases.CaseSorts {
		if caseOrder[s] == "" {
			t.Errorf("caseOrder[%q] is missing", s)
		}
	}
	if len(caseOrder) != len(cases.CaseSorts) {
		t.Errorf("caseOrder has %d keys, want the %d of cases.CaseSorts", len(caseOrder), len(cases.CaseSorts))
	}
}
