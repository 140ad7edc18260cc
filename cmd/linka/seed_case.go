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

// progress moves a case through triage and handling.
func (sd *seeder) progress(ctx context.Context, c *cases.Case, clerk *cases.User, dept string, age time.Duration) error {
	day := 24 * time.Hour
	if age < 2*day && sd.rnd.IntN(2) == 0 {
		return nil // still new, untriaged
	}
	step := func(after time.Duration) { sd.clock = minTime(sd.clock.Add(after), sd.now.Add(-time.Minute)) }
	step(time.Duration(2+sd.rnd.IntN(20)) * time.Hour)
	if sd.rnd.IntN(12) == 0 {
		return sd.update(ctx, clerk, c, cases.CasePatch{State: ptr(cases.StateRejected),
			Outcome: ptr("neoprávněný — nesplňuje náležitosti podnětu")})
	}
	off := sd.users[officials()[dept]]
	depID := sd.deps[dept]
	if err := sd.update(ctx, clerk, c, cases.CasePatch{DepartmentID: &depID, AssignedTo: &off.ID}); err != nil {
		return err
	}
	if _, err := sd.svc.AddActivity(ctx, clerk, c.Number, cases.Activity{Description: "předáno k vyřízení na odbor", HandedTo: off.ID, Done: true}); err != nil {
		return err
	}
	if age < 6*day && sd.rnd.IntN(2) == 0 {
		return nil
	}
	step(time.Duration(1+sd.rnd.IntN(5)) * day)
	if err := sd.update(ctx, off, c, cases.CasePatch{State: ptr(cases.StateInProgress)}); err != nil {
		return err
	}
	if _, err := sd.svc.AddActivity(ctx, off, c.Number, cases.Activity{Description: "nařízeno místní šetření", Done: sd.rnd.IntN(2) == 0}); err != nil {
		return err
	}
	return sd.finish(ctx, c, off, age)
}

// finish closes older cases in one of the ways cases end; some stay open
// past their due date (overdue).
func (sd *seeder) finish(ctx context.Context, c *cases.Case, off *cases.User, age time.Duration) error {
	day := 24 * time.Hour
	if age < 20*day || sd.rnd.IntN(6) == 0 {
		if sd.rnd.IntN(5) == 0 {
			return sd.update(ctx, off, c, cases.CasePatch{State: ptr(cases.StateWaiting), Outcome: ptr("čeká na doplnění od občana")})
		}
		return nil
	}
	sd.clock = minTime(sd.clock.Add(time.Duration(3+sd.rnd.IntN(25))*day), sd.now.Add(-time.Minute))
	switch sd.rnd.IntN(8) {
	case 0:
		return sd.update(ctx, off, c, cases.CasePatch{State: ptr(cases.StateForwarded), Outcome: ptr("postoupeno Městské policii")})
	case 1:
		return sd.update(ctx, off, c, cases.CasePatch{State: ptr(cases.StateDeferred), Outcome: ptr("odloženo — duplicitní podání")})
	}
	return sd.update(ctx, off, c, cases.CasePatch{State: ptr(cases.StateResolved), Outcome: ptr("vyřízeno"),
		Response: ptr("Dobrý den, Vaším podnětem jsme se zabývali a zjednali nápravu. S pozdravem, úřad."), ResponseSent: ptr(true)})
}

// update applies a patch and keeps c current.
func (sd *seeder) update(ctx context.Context, u *cases.User, c *cases.Case, p cases.CasePatch) error {
	nc, err := sd.svc.UpdateCase(ctx, u, c.Number, c.Version, p)
	if err != nil {
		return err
	}
	*c = *nc
	return nil
}

func ptr[T any](v T) *T { return &v }

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
