package main

import (
	"context"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// officials maps department codes to the demo official who handles them.
func officials() map[string]string {
	return map[string]string{"DOP": "jonas", "SPR": "kulhanek", "INV": "bezdekova", "BYT": "horak", "FIN": "svobodova", "ZP": "horak"}
}

// oneCase registers one demo case received some time in the last four
// months and moves it along the workflow as far as its age suggests.
func (sd *seeder) oneCase(ctx context.Context, i int, contacts []*cases.Contact) error {
	age := time.Duration(sd.rnd.IntN(120*24)) * time.Hour
	received := sd.now.Add(-age).Truncate(time.Minute)
	sources := []cases.Source{cases.SourcePhone, cases.SourcePhone, cases.SourceEmail, cases.SourceEmail,
		cases.SourcePost, cases.SourceWeb, cases.SourceWeb, cases.SourcePerson}
	subj := demoSubjects()[sd.rnd.IntN(len(demoSubjects()))]
	src := sources[sd.rnd.IntN(len(sources))]
	if src == cases.SourcePhone || src == cases.SourcePerson || src == cases.SourcePost {
		received = sd.officeHours(received)
		age = sd.now.Sub(received)
	}
	in := cases.CaseInput{Source: src, ReceivedAt: received,
		Subject: subj.subject, Description: subj.text, CaseTypeID: sd.types[sd.rnd.IntN(len(sd.types))].ID,
		Priority: cases.PriorityNormal, Language: "cs"}
	if i%10 != 0 {
		ct := contacts[sd.rnd.IntN(len(contacts))]
		in.SubmitterID, in.KeepInformed = ct.ID, ct.Email != ""
	}
	if i%11 == 0 {
		in.Priority = cases.PriorityHigh
	}
	clerks := []string{"dispecerka", "operator", "pasek"}
	clerk := sd.users[clerks[sd.rnd.IntN(len(clerks))]]
	sd.clock = received.Add(time.Duration(2+sd.rnd.IntN(30)) * time.Minute)
	if in.Source == cases.SourcePost {
		sd.clock = received.Add(26 * time.Hour) // scanned the next day
	}
	c, err := sd.svc.CreateCase(ctx, clerk, in)
	if err != nil {
		return err
	}
	return sd.progress(ctx, c, clerk, subj.dept, age)
}

// officeHours moves t to office hours (8:00–16:00 Prague time) of the
// same or an earlier working day, as phone calls and visits arrive.
func (sd *seeder) officeHours(t time.Time) time.Time {
	d := workdays.DateOf(t)
	for {
		for !workdays.IsWorkday(d) {
			d = d.AddDays(-1)
		}
		at := d.Start().Add(time.Duration(8*60+sd.rnd.IntN(8*60)) * time.Minute).UTC()
		if at.Before(sd.now.Add(-time.Hour)) {
			return at
		}
		d = d.AddDays(-1)
	}
}

// progress moves a case through triage and handling with the workflow's
// actions, as clerks and officials would.
func (sd *seeder) progress(ctx context.Context, c *cases.Case, clerk *cases.User, dept string, age time.Duration) error {
	day := 24 * time.Hour
	if age < 2*day && sd.rnd.IntN(2) == 0 {
		return nil // still new, untriaged
	}
	step := func(after time.Duration) { sd.clock = minTime(sd.clock.Add(after), sd.now.Add(-time.Minute)) }
	step(time.Duration(2+sd.rnd.IntN(20)) * time.Hour)
	if sd.rnd.IntN(12) == 0 {
		return sd.act(ctx, clerk, c, cases.Transition{Action: cases.ActReject, Note: "neoprávněný — nesplňuje náležitosti podnětu"})
	}
	off := sd.users[officials()[dept]]
	err := sd.act(ctx, clerk, c, cases.Transition{Action: cases.ActAccept, DepartmentID: sd.deps[dept], UserID: off.ID})
	if cases.ErrorField(err) == "submitter" { // a written information request without § 14(2) data
		return sd.act(ctx, clerk, c, cases.Transition{Action: cases.ActReject,
			Note: "§ 14 odst. 3 zákona č. 106/1999 Sb.: chybí identifikační údaje žadatele"})
	}
	if err != nil {
		return err
	}
	if age < 6*day && sd.rnd.IntN(2) == 0 {
		return nil
	}
	step(time.Duration(1+sd.rnd.IntN(5)) * day)
	if err := sd.act(ctx, off, c, cases.Transition{Action: cases.ActTake}); err != nil {
		return err
	}
	if _, err := sd.svc.AddActivity(ctx, off, c.Number, cases.Activity{Description: "nařízeno místní šetření", Done: sd.rnd.IntN(2) == 0}); err != nil {
		return err
	}
	if sd.rnd.IntN(10) == 0 {
		if err := sd.handover(ctx, c, off); err != nil {
			return err
		}
		off = sd.userByID(c.HandledBy)
	}
	return sd.finish(ctx, c, off, age)
}

// handover passes a case to another department's official with a note.
func (sd *seeder) handover(ctx context.Context, c *cases.Case, off *cases.User) error {
	for code, login := range officials() {
		if to := sd.users[login]; to.ID != off.ID {
			return sd.act(ctx, off, c, cases.Transition{Action: cases.ActHandover, UserID: to.ID, DepartmentID: sd.deps[code],
				Note: "po projednání předáno věcně příslušnému odboru"})
		}
	}
	return nil
}

func (sd *seeder) userByID(id int64) *cases.User {
	for _, u := range sd.users {
		if u.ID == id {
			return u
		}
	}
	return nil
}

// finish closes older cases in one of the ways cases end; some stay open
// past their due date (overdue).
func (sd *seeder) finish(ctx context.Context, c *cases.Case, off *cases.User, age time.Duration) error {
	day := 24 * time.Hour
	regime := sd.regime(c)
	if age < 20*day || sd.rnd.IntN(6) == 0 {
		var err error
		switch {
		case sd.rnd.IntN(5) == 0:
			err = sd.act(ctx, off, c, cases.Transition{Action: cases.ActWait, Note: "čeká na doplnění od občana"})
		case regime == cases.RegimeInfoRequest && sd.rnd.IntN(3) == 0:
			err = sd.act(ctx, off, c, cases.Transition{Action: cases.ActExtend, Days: 10, Reason: cases.ExtendVolume})
		}
		if cases.ErrorCode(err) == cases.EInvalid {
			return nil // the regime does not allow it any more (a 7-day step passed, the period ended)
		}
		return err
	}
	late := ""
	if !c.DueDate.IsZero() && workdays.DateOf(sd.clock).After(c.DueDate) {
		late = "rozsáhlé místní šetření"
	}
	sd.clock = minTime(sd.clock.Add(time.Duration(3+sd.rnd.IntN(25))*day), sd.now.Add(-time.Minute))
	switch sd.rnd.IntN(8) {
	case 0:
		if regime != cases.RegimeInfoRequest {
			return sd.act(ctx, off, c, cases.Transition{Action: cases.ActForward, ForwardedTo: "Městská policie, mp@urad.example.cz",
				LateReason: "nutné ověření příslušnosti"}) // only a petition has a forwarding period; it ended long ago
		}
		return sd.act(ctx, off, c, cases.Transition{Action: cases.ActDefer, Note: "§ 14 odst. 5 písm. c): mimo působnost úřadu"})
	case 1:
		return sd.act(ctx, off, c, cases.Transition{Action: cases.ActDefer, Note: "odloženo — duplicitní podání"})
	}
	t := cases.Transition{Action: cases.ActResolve, Outcome: "vyřízeno", ResponseSent: true,
		Note: "Dobrý den, Vaším podnětem jsme se zabývali a zjednali nápravu. S pozdravem, úřad.", LateReason: late}
	switch regime {
	case cases.RegimeComplaint:
		t.Finding = cases.Findings[sd.rnd.IntN(len(cases.Findings))]
	case cases.RegimeInfoRequest:
		t.InfoOutcome = []cases.InfoOutcome{cases.InfoProvided, cases.InfoProvided, cases.InfoPartRefused, cases.InfoRefused}[sd.rnd.IntN(4)]
	}
	return sd.act(ctx, off, c, t)
}

// regime returns the regime of c's type.
func (sd *seeder) regime(c *cases.Case) cases.Regime {
	for _, t := range sd.types {
		if t.ID == c.CaseTypeID {
			return t.Regime
		}
	}
	return cases.RegimeNone
}

// act takes a workflow action and keeps c current.
func (sd *seeder) act(ctx context.Context, u *cases.User, c *cases.Case, t cases.Transition) error {
	t.Version = c.Version
	nc, err := sd.svc.Transition(ctx, u, c.Number, t)
	if err != nil {
		return err
	}
	*c = *nc
	return nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
