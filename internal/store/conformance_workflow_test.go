package store

import (
	"reflect"
	"testing"

	"linka/cases"
	"linka/internal/workdays"
)

// fullHandling returns a Handling with every field set, so a round trip
// shows each column is written and read.
func fullHandling(f *fixture) cases.Handling {
	return cases.Handling{DeadlineFrom: workdays.NewDate(2026, 3, 12), ExtensionDays: 7,
		ExtensionReason: cases.ExtendVolume + ": 300 smluv", ExtendedAt: f.now, LateReason: "místní šetření",
		Finding: cases.FindingPartly, ForwardedTo: "Krajský úřad, podatelna@kr.example.cz",
		ForwardedOn: workdays.NewDate(2026, 3, 13), WaitingFor: "plná moc", CouncilDecides: true,
		ReplyRequested: true, InfoOutcome: cases.InfoPartRefused,
		InfoReport: cases.InfoReport{Refusal: cases.RefusalPartial, AppealFiled: true,
			AppealOutcome: cases.AppealAnnulled, CourtReview: true, CourtOutcome: "rozsudek KS Praha: zrušeno",
			ExclusiveLicence: true, LicenceReason: "jediný provozovatel", Complaint16a: true,
			Complaint16aReason: "nečinnost", Complaint16aOutcome: "vyhověno"}}
}

// testCaseHandling round-trips every workflow column through CreateCase
// and CaseByNumber, and through the list.
func testCaseHandling(t *testing.T, f *fixture) {
	h := fullHandling(f)
	c := f.create(t, func(c *cases.Case) { c.Handling = h })
	got, err := f.db.CaseByNumber(f.ctx, c.Number)
	must(t, err)
	if !reflect.DeepEqual(got.Handling, h) {
		t.Errorf("CaseByNumber().Handling = %+v, want %+v", got.Handling, h)
	}
	page, err := f.db.ListCases(f.ctx, cases.CaseFilter{Scope: cases.Scope{All: true}, Limit: 10, Sort: "-received_at"})
	must(t, err)
	if page.Total != 1 || !reflect.DeepEqual(page.Rows[0].Handling, h) {
		t.Errorf("ListCases().Rows[0].Handling = %+v, want %+v", page.Rows, h)
	}
}

// testApplyChange stores a change with its history and activity, refuses
// a stale one without writing anything, and clears the workflow columns.
func testApplyChange(t *testing.T, f *fixture) {
	c := f.create(t, nil)
	after := *c
	after.State, after.AssignedTo, after.HandledBy = cases.StateAssigned, f.off2.ID, f.off2.ID
	after.Handling = fullHandling(f)
	after.Restricted, after.HiddenFrom = true, []int64{f.off1.ID}
	act := &cases.Activity{At: f.now, TakenBy: f.off1.ID, Description: "patří ŽP", HandedTo: f.off2.ID, Done: true, CreatedBy: f.off1.ID}
	ch := &cases.Change{Action: cases.ActHandover, At: f.now, Actor: f.off1, Old: *c, Case: &after, Note: "patří ŽP",
		History:  []cases.HistoryEntry{{At: f.now, UserID: f.off1.ID, Field: "action", New: "handover: patří ŽP"}},
		Activity: act}
	must(t, f.db.ApplyChange(f.ctx, ch))
	if after.Version != 2 || act.ID == 0 || act.CaseID != c.ID || ch.History[0].ID == 0 {
		t.Fatalf("after ApplyChange: version %d activity %+v history %+v", after.Version, act, ch.History)
	}
	got, err := f.db.CaseByID(f.ctx, c.ID)
	must(t, err)
	if got.State != cases.StateAssigned || got.HandledBy != f.off2.ID || !reflect.DeepEqual(got.Handling, after.Handling) ||
		!reflect.DeepEqual(got.HiddenFrom, []int64{f.off1.ID}) {
		t.Errorf("stored case = %+v", got)
	}
	acts, err := f.db.Activities(f.ctx, c.ID)
	must(t, err)
	if len(acts) != 1 || acts[0].HandedTo != f.off2.ID || acts[0].Description != "patří ŽP" {
		t.Errorf("Activities() = %+v", acts)
	}

	stale := *c // version 1
	stale.State = cases.StateRejected
	err = f.db.ApplyChange(f.ctx, &cases.Change{Action: cases.ActReject, At: f.now, Case: &stale,
		History:  []cases.HistoryEntry{{At: f.now, Field: "action", New: "reject"}},
		Activity: &cases.Activity{At: f.now, Description: "x", CaseID: c.ID}})
	wantCode(t, "ApplyChange(stale version)", err, cases.EConflict)
	if n := f.count(t, `SELECT count(*) FROM activities WHERE case_id = ?`, c.ID); n != 1 {
		t.Errorf("activities after a stale change = %d, want 1", n)
	}
	if n := f.count(t, `SELECT count(*) FROM case_history WHERE case_id = ?`, c.ID); n != 2 {
		t.Errorf("history rows after a stale change = %d, want 2", n)
	}

	cleared := after
	cleared.Handling = cases.Handling{}
	must(t, f.db.ApplyChange(f.ctx, &cases.Change{Action: cases.ActRecord, At: f.now, Case: &cleared}))
	got, err = f.db.CaseByID(f.ctx, c.ID)
	must(t, err)
	if !reflect.DeepEqual(got.Handling, cases.Handling{}) || got.Version != 3 {
		t.Errorf("cleared Handling = %+v version %d", got.Handling, got.Version)
	}
}

// testCaseTypeRegimes round-trips the regime columns of a case type.
func testCaseTypeRegimes(t *testing.T, f *fixture) {
	for _, ct := range cases.DefaultCaseTypes() {
		must(t, f.db.CreateCaseType(f.ctx, &ct))
		ct.ExtensionDays++
		must(t, f.db.UpdateCaseType(f.ctx, &ct))
		all, err := f.db.CaseTypes(f.ctx)
		must(t, err)
		found := false
		for _, got := range all {
			if got.ID == ct.ID {
				found = true
				if got != ct {
					t.Errorf("CaseTypes() has %+v, want %+v", got, ct)
				}
			}
		}
		if !found {
			t.Errorf("CaseTypes() lacks %s", ct.Code)
		}
	}
}
