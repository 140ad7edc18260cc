package store

import (
	"testing"
	"time"

	"linka/cases"
	"linka/cti"
)

// testPanel covers the agent panel's tables: the office lists, the agent
// state log with pending reasons, wrap-ups, call drafts and case calls.
func testPanel(t *testing.T, f *fixture) {
	reasons, err := f.db.AgentReasons(f.ctx)
	if err != nil || len(reasons) != 4 || reasons[0].Code != "break" || !reasons[0].Active {
		t.Fatalf("AgentReasons = %+v, %v, want the four seeded, break first", reasons, err)
	}
	must(t, f.db.SaveAgentReason(f.ctx, cti.AgentReason{Code: "break", NameCS: "Oběd", NameEN: "Lunch", Position: 9}))
	reasons, _ = f.db.AgentReasons(f.ctx)
	if last := reasons[len(reasons)-1]; last.Code != "break" || last.NameCS != "Oběd" || last.Active {
		t.Errorf("after SaveAgentReason the last reason = %+v, want break renamed, inactive", last)
	}
	must(t, f.db.SaveDisposition(f.ctx, cti.Disposition{Code: "spam", NameCS: "Reklama", NameEN: "Spam", Position: 0, Active: true}))
	disp, err := f.db.Dispositions(f.ctx)
	if err != nil || len(disp) != 7 || disp[0].Code != "spam" {
		t.Errorf("Dispositions = %+v, %v, want seven, spam first", disp, err)
	}

	if _, err := f.db.LastAgentState(f.ctx, "101"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("LastAgentState of a new extension = %v, want not found", err)
	}
	must(t, f.db.SetPendingReason(f.ctx, "101", "meeting", f.clerk.ID, f.now))
	if r, err := f.db.TakePendingReason(f.ctx, "101", f.now.Add(time.Minute)); r != "" || err != nil {
		t.Errorf("TakePendingReason of an old request = %q, %v, want none", r, err)
	}
	must(t, f.db.SetPendingReason(f.ctx, "101", "meeting", f.clerk.ID, f.now))
	if r, err := f.db.TakePendingReason(f.ctx, "101", f.now.Add(-time.Minute)); r != "meeting" || err != nil {
		t.Errorf("TakePendingReason = %q, %v, want meeting", r, err)
	}
	if r, _ := f.db.TakePendingReason(f.ctx, "101", f.now.Add(-time.Minute)); r != "" {
		t.Errorf("TakePendingReason twice = %q, want it forgotten", r)
	}
	must(t, f.db.LogAgentState(f.ctx, cti.AgentStateChange{Extension: "101", UserID: f.clerk.ID, State: cti.AgentReady, At: f.now}))
	must(t, f.db.LogAgentState(f.ctx, cti.AgentStateChange{Extension: "101", State: cti.AgentNotReady, Reason: "meeting", At: f.now.Add(time.Second)}))
	last, err := f.db.LastAgentState(f.ctx, "101")
	if err != nil || last.State != cti.AgentNotReady || last.Reason != "meeting" || !last.At.Equal(f.now.Add(time.Second)) {
		t.Errorf("LastAgentState = %+v, %v, want not_ready for a meeting", last, err)
	}

	c := f.create(t, nil)
	w := cti.WrapUp{CallID: "c1", UserID: f.clerk.ID, Extension: "101", Disposition: "info", At: f.now,
		ACWStartedAt: f.now.Add(-time.Minute), ACWEndedAt: f.now}
	must(t, f.db.SaveWrapUp(f.ctx, w))
	w.Disposition, w.CaseID = "case_linked", c.ID
	must(t, f.db.SaveWrapUp(f.ctx, w))
	if n := f.count(t, `SELECT count(*) FROM call_wrapups WHERE call_id = 'c1' AND disposition = 'case_linked' AND case_id = ?`, c.ID); n != 1 {
		t.Errorf("wrap-ups after saving twice = %d rows with the second disposition, want 1", n)
	}

	if _, err := f.db.CallDraft(f.ctx, "c1"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("CallDraft of none = %v, want not found", err)
	}
	d := cti.CallDraft{CallID: "c1", Form: `{"subject":"Výtluk"}`, Notes: "volá znovu", UpdatedBy: f.clerk.ID, UpdatedAt: f.now}
	must(t, f.db.SaveCallDraft(f.ctx, d))
	d.Notes = "volá potřetí"
	must(t, f.db.SaveCallDraft(f.ctx, d))
	got, err := f.db.CallDraft(f.ctx, "c1")
	if err != nil || got.Form != d.Form || got.Notes != d.Notes || got.UpdatedBy != f.clerk.ID || !got.UpdatedAt.Equal(f.now) {
		t.Errorf("CallDraft = %+v, %v, want %+v", got, err, d)
	}

	hist := []cases.HistoryEntry{{At: f.now, UserID: f.clerk.ID, Field: "call", New: "c1"}}
	must(t, f.db.LinkCaseCall(f.ctx, c.ID, "c1", f.clerk.ID, f.now, hist))
	must(t, f.db.LinkCaseCall(f.ctx, c.ID, "c1", f.clerk.ID, f.now, hist))
	if n := f.count(t, `SELECT count(*) FROM case_history WHERE case_id = ? AND field = 'call'`, c.ID); n != 1 {
		t.Errorf("history rows after linking twice = %d, want 1", n)
	}
	if _, err := f.db.CallDraft(f.ctx, "c1"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("the draft after linking = %v, want deleted", err)
	}
	must(t, f.db.PutCallLog(f.ctx, cti.CallLogEntry{CallRecord: cti.CallRecord{ID: "c2",
		Direction: cti.DirectionIncoming, Caller: "+420602123456", StartedAt: f.now, EndedAt: f.now.Add(time.Minute),
		Extensions: []string{"101"}}, CSTA: true}, nil))
	must(t, f.db.LinkCaseCall(f.ctx, c.ID, "c2", f.clerk.ID, f.now.Add(time.Hour), nil))
	calls, err := f.db.CaseCalls(f.ctx, c.ID)
	if err != nil || len(calls) != 2 || calls[0].ID != "c2" || !calls[0].Logged || calls[0].Caller != "+420602123456" ||
		calls[1].ID != "c1" || calls[1].Logged || calls[1].LinkedBy != f.clerk.ID {
		t.Errorf("CaseCalls = %+v, %v, want c2 (logged) then c1 (in progress)", calls, err)
	}
	if err := f.db.LinkCaseCall(f.ctx, 999999, "c3", f.clerk.ID, f.now, nil); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("LinkCaseCall to a missing case = %v, want invalid", err)
	}
}
