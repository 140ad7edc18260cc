package cases

import (
	"context"
	"fmt"
	"slices"
	"time"

	"linka/internal/workdays"
)

// PublicCase is what the citizen sees of a case on the status page.
//
// The public view is conservative: the evidence number, the state, the
// dates (received, due, last change), the department and the case type,
// the response once it has been sent, the outcome of a closed case, and
// the public part of the history (PublicHistory). Never the subject or
// description as staff edited them, notes, activities, attachments, who
// the case is assigned to, the restriction, or the submitter's data; the
// handling official's name only when the office chose so
// (PortalOptions.ShowOfficials).
type PublicCase struct {
	Number         string
	Source         Source
	State          State
	ReceivedAt     time.Time
	DueDate        workdays.Date
	UpdatedAt      time.Time
	Department     string
	CaseType       string
	Official       string // "" unless ShowOfficials
	Outcome        string // only when the case is closed
	Response       string // only once sent
	ResponseSent   bool
	History        []HistoryEntry
	SessionExpires time.Time
}

// internalFields are history fields never shown to citizens, even if a
// row is marked public by mistake.
var internalFields = []string{"activity", "activity_done", "description", "subject", "submitter",
	"assigned_to", "handled_by", "restricted", "hidden_from", "priority", "source", "note",
	"attachment", "access_code", "response", "keep_informed", "language"}

// PublicHistory returns the rows of hist a citizen may see: those marked
// Public, except the fields listed as internal whatever their mark. The
// user who made a change is cleared.
func PublicHistory(hist []HistoryEntry) []HistoryEntry {
	out := []HistoryEntry{}
	for _, h := range hist {
		if !h.Public || slices.Contains(internalFields, h.Field) {
			continue
		}
		h.UserID = 0
		out = append(out, h)
	}
	return out
}

// publicView builds the public view of c.
func (p *Portal) publicView(ctx context.Context, c *Case) (*PublicCase, error) {
	v := &PublicCase{Number: c.Number, Source: c.Source, State: c.State, ReceivedAt: c.ReceivedAt,
		DueDate: c.DueDate, UpdatedAt: c.UpdatedAt, ResponseSent: c.ResponseSent}
	n := &names{s: p.svc}
	v.Department = n.department(ctx, c.DepartmentID)
	v.CaseType = n.caseType(ctx, c.CaseTypeID)
	if p.opts.ShowOfficials && c.HandledBy != 0 {
		v.Official = n.user(ctx, c.HandledBy)
	}
	if !c.State.Open() {
		v.Outcome = c.Outcome
	}
	if c.ResponseSent {
		v.Response = c.Response
	}
	hist, err := p.svc.store.History(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("load history: %w", err)
	}
	v.History = PublicHistory(hist)
	return v, nil
}
