package cases_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// regimeTypes saves the shipped case types (under codes of their own, the
// fixture has a "stiznost") and returns their ids by regime.
func (f *fixture) regimeTypes(t *testing.T) map[cases.Regime]int64 {
	t.Helper()
	out := map[cases.Regime]int64{}
	for _, ct := range cases.DefaultCaseTypes() {
		ct.Code = "R-" + ct.Code
		if err := f.svc.SaveCaseType(context.Background(), cases.Console(), &ct); err != nil {
			t.Fatal(err)
		}
		out[ct.Regime] = ct.ID
	}
	return out
}

// at returns the instant of a Prague wall-clock time.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, workdays.Prague()).UTC()
}

// TestRegime_DueDate checks the due date each regime gives a new case:
// the day of receipt (a Prague date) is not counted, and a period ending
// on a Saturday, Sunday or public holiday ends on the next working day.
// The expected dates are worked out by hand in the comments.
func TestRegime_DueDate(t *testing.T) {
	tests := []struct {
		name     string
		regime   cases.Regime
		received time.Time
		source   cases.Source
		reply    bool
		want     workdays.Date // zero: no deadline
	}{
		// Thu 19 Mar + 15 = Fri 3 Apr (Good Friday), Sat 4, Sun 5 (Easter),
		// Mon 6 (Easter Monday) → Tue 7 Apr.
		{"info over Easter", cases.RegimeInfoRequest, at(2026, 3, 19, 10, 0), cases.SourceEmail, false, workdays.NewDate(2026, 4, 7)},
		// 00:30 in Prague on 19 Mar is still 18 Mar in UTC: the Prague date counts.
		{"info after midnight in Prague", cases.RegimeInfoRequest, time.Date(2026, 3, 18, 23, 30, 0, 0, time.UTC), cases.SourceWeb, false, workdays.NewDate(2026, 4, 7)},
		// Summer time: 22:30 UTC on 30 Jun is 00:30 on Wed 1 Jul; + 15 = Thu 16 Jul.
		{"info in summer time", cases.RegimeInfoRequest, time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC), cases.SourceWeb, false, workdays.NewDate(2026, 7, 16)},
		// Received on Sat 2 May: + 15 = Sun 17 May → Mon 18 May.
		{"info received on a Saturday", cases.RegimeInfoRequest, at(2026, 5, 2, 11, 0), cases.SourceEmail, false, workdays.NewDate(2026, 5, 18)},
		// Tue 9 Dec 2025 + 15 = Wed 24 Dec; 25, 26 holidays, 27–28 weekend → Mon 29 Dec.
		{"info over Christmas 2025", cases.RegimeInfoRequest, at(2025, 12, 9, 9, 0), cases.SourcePost, false, workdays.NewDate(2025, 12, 29)},
		{"info by phone: oral, no deadline", cases.RegimeInfoRequest, at(2026, 3, 19, 10, 0), cases.SourcePhone, false, workdays.Date{}},
		// Mon 26 Oct + 60 = Fri 25 Dec; Sat 26 (holiday), Sun 27 → Mon 28 Dec.
		{"complaint over Christmas", cases.RegimeComplaint, at(2026, 10, 26, 14, 0), cases.SourceEmail, false, workdays.NewDate(2026, 12, 28)},
		// Tue 24 Nov + 30 = Thu 24 Dec; Fri 25 holiday, weekend → Mon 28 Dec.
		{"petition on Christmas Eve", cases.RegimePetition, at(2026, 11, 24, 9, 0), cases.SourcePost, false, workdays.NewDate(2026, 12, 28)},
		// Tue 3 Feb + 60 = Sat 4 Apr; Sun 5, Mon 6 (Easter Monday) → Tue 7 Apr.
		{"proposal over Easter", cases.RegimeProposal, at(2026, 2, 3, 9, 0), cases.SourceWeb, false, workdays.NewDate(2026, 4, 7)},
		// Fri 5 Jun + 30 = Sun 5 Jul (Cyril and Methodius), Mon 6 Jul (Hus) → Tue 7 Jul.
		{"general submission, reply asked", cases.RegimeGeneral, at(2026, 6, 5, 9, 0), cases.SourceEmail, true, workdays.NewDate(2026, 7, 7)},
		{"general submission, no reply asked", cases.RegimeGeneral, at(2026, 6, 5, 9, 0), cases.SourceEmail, false, workdays.Date{}},
	}
	f := newFixture(t)
	types := f.regimeTypes(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.now = tt.received.Add(time.Hour)
			c := f.create(t, cases.CaseInput{Source: tt.source, ReceivedAt: tt.received, CaseTypeID: types[tt.regime], ReplyRequested: tt.reply})
			if c.DueDate != tt.want {
				t.Errorf("DueDate = %v, want %v", c.DueDate, tt.want)
			}
		})
	}
}

// TestRegime_InfoRequestPeriod follows the periods of an information
// request: the 7-day step, the extension for a § 14(7) reason before the
// period ends, and the period starting again when the request is completed.
func TestRegime_InfoRequestPeriod(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.now = at(2026, 3, 2, 10, 0) // Mon 2 Mar
	types := f.regimeTypes(t)
	sub := &cases.Contact{FirstName: "Petr", LastName: "Novotný", BirthDate: workdays.NewDate(1970, 5, 1),
		Address: cases.Address{Street: "Nerudova 5", Postcode: "11000", City: "Praha"}}
	c := f.create(t, cases.CaseInput{Source: cases.SourceEmail, CaseTypeID: types[cases.RegimeInfoRequest], NewSubmitter: sub})
	// Mon 2 Mar + 15 = Tue 17 Mar.
	if want := workdays.NewDate(2026, 3, 17); c.DueDate != want {
		t.Fatalf("DueDate = %v, want %v", c.DueDate, want)
	}
	c = f.act(t, f.clerk, c, cases.Transition{Action: cases.ActAccept, DepartmentID: f.dop, UserID: f.official.ID})
	// The 7-day step ends Mon 9 Mar; on Tue 10 Mar a call to clarify is late.
	f.now = at(2026, 3, 10, 9, 0)
	f.wantErr(t, f.official, c, cases.Transition{Action: cases.ActWait, Note: "upřesněte, které smlouvy"}, cases.EInvalid, "note")
	f.now = at(2026, 3, 9, 15, 0)
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActWait, Note: "upřesněte, které smlouvy"})
	if c.State != cases.StateWaiting || c.WaitingFor != "upřesněte, které smlouvy" {
		t.Fatalf("after wait: state %s, waiting for %q", c.State, c.WaitingFor)
	}
	// Completed on Fri 20 Mar: the period starts again, + 15 = Sat 4 Apr →
	// Sun 5, Mon 6 (Easter Monday) → Tue 7 Apr; it does not merely pause.
	f.now = at(2026, 3, 23, 8, 0)
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActResume, CompletedOn: workdays.NewDate(2026, 3, 20)})
	if want := workdays.NewDate(2026, 4, 7); c.DueDate != want || c.DeadlineFrom != workdays.NewDate(2026, 3, 20) {
		t.Fatalf("after completion: due %v from %v, want %v from 2026-03-20", c.DueDate, c.DeadlineFrom, want)
	}
	f.wantErr(t, f.official, c, cases.Transition{Action: cases.ActExtend, Days: 10, Reason: "busy"}, cases.EInvalid, "reason")
	f.wantErr(t, f.official, c, cases.Transition{Action: cases.ActExtend, Days: 11, Reason: cases.ExtendVolume}, cases.EInvalid, "days")
	f.wantErr(t, f.clerk, c, cases.Transition{Action: cases.ActExtend, Days: 5, Reason: cases.ExtendVolume}, cases.EForbidden, "")
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActExtend, Days: 6, Reason: cases.ExtendVolume})
	// 20 Mar + 15 + 6 days = 20 Mar + 21 = Fri 10 Apr.
	if want := workdays.NewDate(2026, 4, 10); c.DueDate != want || c.ExtensionDays != 6 {
		t.Fatalf("after extension: due %v (%d days), want %v", c.DueDate, c.ExtensionDays, want)
	}
	// 4 more days are left of the 10; 20 Mar + 25 = Tue 14 Apr.
	f.wantErr(t, f.official, c, cases.Transition{Action: cases.ActExtend, Days: 5, Reason: cases.ExtendVolume}, cases.EInvalid, "days")
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActExtend, Days: 4, Reason: cases.ExtendConsultation, Note: "s krajským úřadem"})
	if want := workdays.NewDate(2026, 4, 14); c.DueDate != want {
		t.Fatalf("after the second extension: due %v, want %v", c.DueDate, want)
	}
	f.wantErr(t, f.official, c, cases.Transition{Action: cases.ActForward, ForwardedTo: "Krajský úřad"}, cases.EInvalid, "action")
	// A pointer to published information (§ 6) is too late after 7 days.
	f.now = at(2026, 4, 1, 9, 0)
	f.wantErr(t, f.official, c, cases.Transition{Action: cases.ActResolve, Note: "viz www", InfoOutcome: cases.InfoPointer}, cases.EInvalid, "info_outcome")
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActResolve, Note: "Rozhodnutí o odmítnutí.", InfoOutcome: cases.InfoPartRefused})
	if c.Refusal != cases.RefusalPartial || c.State != cases.StateResolved {
		t.Fatalf("after a partial refusal: refusal %q state %s", c.Refusal, c.State)
	}
	rep := cases.InfoReport{Refusal: cases.RefusalPartial, AppealFiled: true, AppealOutcome: cases.AppealConfirmed,
		Complaint16a: true, Complaint16aReason: "nečinnost"}
	c = f.act(t, f.super, c, cases.Transition{Action: cases.ActRecord, Report: &rep})
	got, err := f.svc.Case(ctx, f.super, c.Number)
	if err != nil || got.InfoReport != rep || got.ExtensionReason != cases.ExtendConsultation+": s krajským úřadem" {
		t.Fatalf("stored case = %+v, %v; want the § 18 record %+v", got, err, rep)
	}
}

// TestRegime_WrittenInfoRequestIdentity: a written request without the
// § 14(2) identity data cannot be accepted.
func TestRegime_WrittenInfoRequestIdentity(t *testing.T) {
	f := newFixture(t)
	types := f.regimeTypes(t)
	c := f.create(t, cases.CaseInput{Source: cases.SourceEmail, CaseTypeID: types[cases.RegimeInfoRequest],
		NewSubmitter: &cases.Contact{FirstName: "Jan", LastName: "Malý", Email: "jan@example.cz"}})
	err := f.try(f.clerk, c, cases.Transition{Action: cases.ActAccept, DepartmentID: f.dop})
	if cases.ErrorField(err) != "submitter" || !strings.Contains(cases.ErrorMessage(err), "birth_date, address") {
		t.Fatalf("accept = %v, want the missing birth date and address", err)
	}
	c = f.act(t, f.clerk, c, cases.Transition{Action: cases.ActReject, Note: "§ 14 odst. 3: chybí identifikační údaje"})
	if c.State != cases.StateRejected {
		t.Fatalf("state = %s, want rejected", c.State)
	}
}

// TestRegime_ComplaintAndPetition: a complaint resolved late records why,
// and its finding; a petition forwarded after 5 days records why.
func TestRegime_ComplaintAndPetition(t *testing.T) {
	f := newFixture(t)
	f.now = at(2026, 10, 26, 10, 0)
	types := f.regimeTypes(t)
	c := f.create(t, cases.CaseInput{Source: cases.SourceEmail, CaseTypeID: types[cases.RegimeComplaint], DepartmentID: f.dop})
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActTake})
	f.wantErr(t, f.official, c, cases.Transition{Action: cases.ActExtend, Days: 10, Note: "x"}, cases.EInvalid, "action")
	f.now = at(2026, 12, 29, 10, 0) // the day after the deadline (Mon 28 Dec)
	f.wantErr(t, f.official, c, cases.Transition{Action: cases.ActResolve, Note: "Vyřízeno."}, cases.EInvalid, "finding")
	f.wantErr(t, f.official, c, cases.Transition{Action: cases.ActResolve, Note: "Vyřízeno.", Finding: cases.FindingPartly}, cases.EInvalid, "late_reason")
	c = f.act(t, f.official, c, cases.Transition{Action: cases.ActResolve, Note: "Vyřízeno.", Finding: cases.FindingPartly, LateReason: "místní šetření"})
	if c.Finding != cases.FindingPartly || c.LateReason != "místní šetření" {
		t.Fatalf("resolved complaint = finding %q late %q", c.Finding, c.LateReason)
	}

	// Tue 24 Nov + 5 = Sun 29 Nov → Mon 30 Nov is the last day to forward.
	f.now = at(2026, 11, 24, 9, 0)
	p := f.create(t, cases.CaseInput{Source: cases.SourcePost, CaseTypeID: types[cases.RegimePetition]})
	f.now = at(2026, 12, 1, 9, 0)
	f.wantErr(t, f.clerk, p, cases.Transition{Action: cases.ActForward, ForwardedTo: "Ministerstvo dopravy"}, cases.EInvalid, "late_reason")
	p = f.act(t, f.clerk, p, cases.Transition{Action: cases.ActForward, ForwardedTo: "Ministerstvo dopravy",
		ForwardedOn: workdays.NewDate(2026, 11, 30)})
	if p.State != cases.StateForwarded || p.ForwardedOn != workdays.NewDate(2026, 11, 30) {
		t.Fatalf("forwarded petition = %s on %v", p.State, p.ForwardedOn)
	}

	// A proposal the council decides on: Tue 3 Feb + 90 = Mon 4 May.
	f.now = at(2026, 2, 3, 9, 0)
	n := f.create(t, cases.CaseInput{Source: cases.SourceWeb, CaseTypeID: types[cases.RegimeProposal], DepartmentID: f.dop})
	n = f.act(t, f.official, n, cases.Transition{Action: cases.ActTake})
	n = f.act(t, f.official, n, cases.Transition{Action: cases.ActExtend, Note: "rozhoduje zastupitelstvo"})
	if want := workdays.NewDate(2026, 5, 4); n.DueDate != want || !n.CouncilDecides {
		t.Fatalf("council proposal due %v, want %v", n.DueDate, want)
	}
}

// TestCase_DueSoonCountsClosedDays: Monday 2 March 2026 to a deadline on
// Friday 6 March is four working days — not yet due soon — but three when
// the office is closed on the Wednesday.
func TestCase_DueSoonCountsClosedDays(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, workdays.Prague())
	c := &cases.Case{State: cases.StateNew, DueDate: workdays.NewDate(2026, 3, 6)}
	if c.DueSoon(now, workdays.Calendar{}) {
		t.Error("due in 4 working days: flagged due soon")
	}
	closed := workdays.Calendar{Closed: map[workdays.Date]string{workdays.NewDate(2026, 3, 4): "sanitace budovy"}}
	if !c.DueSoon(now, closed) {
		t.Error("due in 3 working days with the office closed on Wednesday: not flagged due soon")
	}
	c.State = cases.StateResolved
	if c.DueSoon(now, closed) {
		t.Error("a resolved case flagged due soon")
	}
}
