package cases_test

import (
	"context"
	"testing"
	"time"

	"linka/cases"
)

// try takes a transition on c at its version.
func (f *fixture) try(u *cases.User, c *cases.Case, tr cases.Transition) error {
	tr.Version = c.Version
	_, err := f.svc.Transition(context.Background(), u, c.Number, tr)
	return err
}

// act takes a transition that must succeed and returns the case after it.
func (f *fixture) act(t *testing.T, u *cases.User, c *cases.Case, tr cases.Transition) *cases.Case {
	t.Helper()
	tr.Version = c.Version
	got, err := f.svc.Transition(context.Background(), u, c.Number, tr)
	if err != nil {
		t.Fatalf("%s by %s: %v", tr.Action, u.Login, err)
	}
	if got.Version != c.Version+1 {
		t.Fatalf("%s: version %d, want %d", tr.Action, got.Version, c.Version+1)
	}
	return got
}

// wantErr takes a transition that must fail with code on field.
func (f *fixture) wantErr(t *testing.T, u *cases.User, c *cases.Case, tr cases.Transition, code, field string) {
	t.Helper()
	err := f.try(u, c, tr)
	if cases.ErrorCode(err) != code || cases.ErrorField(err) != field {
		t.Fatalf("%s by %s = %v, want code %q field %q", tr.Action, u.Login, err, code, field)
	}
}

// TestService_TransitionChain follows a case through triage, handover,
// send-back, waiting, resolution and reopening, with the activity chain
// and the history each step leaves.
func TestService_TransitionChain(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c := f.create(t, cases.CaseInput{Source: cases.SourceEmail, DepartmentID: f.dop})
	f.wantErr(t, f.official, c, cases.Transition{Action: cases.ActAccept, DepartmentID: f.dop}, cases.EForbidden, "")
	f.wantErr(t, f.clerk, c, cases.Transition{Action: cases.ActAccept}, cases.EInvalid, "assigned_to")
	f.wantErr(t, f.clerk, c, cases.Transition{Action: cases.ActResume}, cases.EInvalid, "action")
	f.wantErr(t, f.clerk, c, cases.Transition{Action: "fly"}, cases.EInvalid, "action")
	c = f.act(t, f.clerk, c, cases.Transition{Action: cases.ActAccept, DepartmentID: f.dop, UserID: f.official.ID})
	if c.State != cases.StateAssigned || c.HandledBy != f.official.ID {
		t.Fatalf("accepted = %s handled by %d", c.State, c.HandledBy)
	}
	stale := *c
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActTake})
	f.wantErr(t, f.official, &stale, cases.Transition{Action: cases.ActTake}, cases.EConflict, "")
	f.wantErr(t, f.official, c, cases.Transition{Action: cases.ActHandover, UserID: f.other.ID}, cases.EInvalid, "note")
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActHandover, UserID: f.other.ID, DepartmentID: f.inv, Note: "patří Investicím"})
	if c.State != cases.StateAssigned || c.HandledBy != f.other.ID || c.DepartmentID != f.inv {
		t.Fatalf("handed over = %s handled by %d dept %d", c.State, c.HandledBy, c.DepartmentID)
	}
	c = f.act(t, f.other, c, cases.Transition{Action: cases.ActSendBack, Note: "nepatří nám"})
	if c.State != cases.StateAssigned || c.HandledBy != f.official.ID {
		t.Fatalf("sent back = %s handled by %d, want the official who handed it over", c.State, c.HandledBy)
	}
	acts, _ := f.svc.Activities(ctx, f.super, c.Number)
	if len(acts) != 2 || acts[0].TakenBy != f.official.ID || acts[0].HandedTo != f.other.ID ||
		acts[1].TakenBy != f.other.ID || acts[1].HandedTo != f.official.ID || acts[1].Description != "nepatří nám" {
		t.Fatalf("activity chain = %+v", acts)
	}
	// Nobody handed a freshly accepted case to its official: it goes back to triage.
	fresh := f.create(t, cases.CaseInput{Source: cases.SourceEmail})
	fresh = f.act(t, f.clerk, fresh, cases.Transition{Action: cases.ActAccept, UserID: f.official.ID})
	fresh = f.act(t, f.official, fresh, cases.Transition{Action: cases.ActSendBack, Note: "zpět na podatelnu"})
	if fresh.State != cases.StateNew || fresh.HandledBy != 0 || fresh.AssignedTo != 0 {
		t.Fatalf("sent back to triage = %s handled by %d", fresh.State, fresh.HandledBy)
	}
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActTake})
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActWait, Note: "chybí fotografie"})
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActResume})
	if c.WaitingFor != "" || c.State != cases.StateInProgress {
		t.Fatalf("resumed = %s waiting for %q", c.State, c.WaitingFor)
	}
	f.wantErr(t, f.official, c, cases.Transition{Action: cases.ActResolve}, cases.EInvalid, "response")
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActResolve, Note: "Opraveno.", ResponseSent: true})
	f.wantErr(t, f.official, c, cases.Transition{Action: cases.ActReopen, Note: "x"}, cases.EForbidden, "")
	f.wantErr(t, f.super, c, cases.Transition{Action: cases.ActReopen}, cases.EInvalid, "note")
	c = f.act(t, f.super, c, cases.Transition{Action: cases.ActReopen, Note: "občan volal, závada trvá"})
	hist, _ := f.svc.History(ctx, f.super, c.Number)
	if last := hist[len(hist)-2]; last.Field != "action" || last.New != "reopen: občan volal, závada trvá" {
		t.Errorf("history of the reopening = %+v", hist[len(hist)-2:])
	}
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActForward, ForwardedTo: "Městská policie, mp@example.cz"})
	if c.State != cases.StateForwarded || c.ForwardedTo != "Městská policie, mp@example.cz" || c.ForwardedOn.IsZero() {
		t.Fatalf("forwarded = %+v", c.Handling)
	}
}

// TestService_RejectedStaySearchable: a rejected submission is found by
// its delivery date, with its original message.
func TestService_RejectedStaySearchable(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c := f.create(t, cases.CaseInput{Source: cases.SourceEmail, ReceivedAt: f.now.Add(-48 * time.Hour), Description: "Původní zpráva"})
	c = f.act(t, f.clerk, c, cases.Transition{Action: cases.ActReject, Note: "neoprávněný"})
	page, err := f.svc.ListCases(ctx, f.clerk, cases.CaseQuery{States: []cases.State{cases.StateRejected},
		ReceivedFrom: f.now.Add(-72 * time.Hour), ReceivedTo: f.now.Add(-24 * time.Hour)})
	if err != nil || page.Total != 1 || page.Rows[0].Number != c.Number || page.Rows[0].Description != "Původní zpráva" || page.Rows[0].Outcome != "neoprávněný" {
		t.Fatalf("rejected by delivery date = %+v, %v", page, err)
	}
}

// TestService_TransitionMatrix takes every action as a user of every role
// on a case in a state the action starts from: the roles the matrix
// allows succeed, the others are forbidden (an admin does not even see
// the case). This is the matrix as the service enforces it.
func TestService_TransitionMatrix(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	info := f.regimeTypes(t)[cases.RegimeInfoRequest]
	users := map[cases.Role]*cases.User{cases.RoleClerk: f.clerk, cases.RoleOfficial: f.official,
		cases.RoleSupervisor: f.super, cases.RoleDPO: f.dpo, cases.RoleAdmin: f.admin}
	// setup brings a new case to the first state the action starts from.
	setup := func(a cases.Action) *cases.Case {
		in := cases.CaseInput{Source: cases.SourceEmail, DepartmentID: f.dop}
		if a == cases.ActRecord {
			in.Source, in.CaseTypeID = cases.SourcePhone, info
		}
		c := f.create(t, in)
		steps := map[cases.State][]cases.Transition{
			cases.StateAssigned:   {{Action: cases.ActAccept, UserID: f.official.ID}},
			cases.StateInProgress: {{Action: cases.ActAccept, UserID: f.official.ID}, {Action: cases.ActTake}},
			cases.StateWaiting:    {{Action: cases.ActAccept, UserID: f.official.ID}, {Action: cases.ActWait, Note: "plná moc"}},
			cases.StateResolved:   {{Action: cases.ActResolve, Note: "hotovo"}},
		}
		var from cases.State
		for _, st := range cases.States {
			if a.From(st) {
				from = st
				break
			}
		}
		for _, tr := range steps[from] {
			c = f.act(t, f.super, c, tr)
		}
		return c
	}
	data := map[cases.Action]cases.Transition{
		cases.ActAccept: {UserID: f.official.ID}, cases.ActAssign: {DepartmentID: f.dop, UserID: f.super.ID},
		cases.ActWait: {Note: "chybí plná moc"}, cases.ActHandover: {UserID: f.super.ID, Note: "k posouzení"},
		cases.ActSendBack: {Note: "nepatří nám"}, cases.ActExtend: {Days: 5, Note: "místní šetření"},
		cases.ActResolve: {Note: "Vyřízeno."}, cases.ActReject: {Note: "neoprávněný"},
		cases.ActForward: {ForwardedTo: "Městská policie"}, cases.ActDefer: {Note: "duplicita"},
		cases.ActReopen: {Note: "občan volal znovu"}, cases.ActRecord: {Report: &cases.InfoReport{}},
	}
	for _, a := range cases.Actions {
		for _, r := range []cases.Role{cases.RoleClerk, cases.RoleOfficial, cases.RoleSupervisor, cases.RoleDPO, cases.RoleAdmin} {
			c := setup(a)
			tr := data[a]
			tr.Action, tr.Version = a, c.Version
			_, err := f.svc.Transition(ctx, users[r], c.Number, tr)
			switch {
			case cases.RoleMay(r, a) && err != nil:
				t.Errorf("%s by %s on a %s case = %v, want success", a, r, c.State, err)
			case !cases.RoleMay(r, a) && r == cases.RoleAdmin && cases.ErrorCode(err) != cases.ENotFound:
				t.Errorf("%s by %s = %v, want not found: an admin sees no cases", a, r, err)
			case !cases.RoleMay(r, a) && r != cases.RoleAdmin && cases.ErrorCode(err) != cases.EForbidden:
				t.Errorf("%s by %s on a %s case = %v, want forbidden", a, r, c.State, err)
			}
		}
	}
}
