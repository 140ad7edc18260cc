package store

import (
	"testing"
	"time"

	"linka/recorder"
)

// testRecordings covers the recordings index (recorder.Store): a round
// trip, the case link, the list filters and what the purge may take.
func testRecordings(t *testing.T, f *fixture) {
	db, ctx := f.db, f.ctx
	start := f.now.Add(-48 * time.Hour)
	r := &recorder.Recording{CallID: "call-1", SIPCallID: "sip-1@sbc", State: recorder.StateRecording,
		Caller: "+420602123456", Called: "544503600", Direction: "incoming", StartedAt: start,
		SpoolFile: "/spool/1.wav", CreatedAt: f.now}
	must(t, db.CreateRecording(ctx, r))
	if r.ID == 0 {
		t.Fatal("CreateRecording gave no id")
	}
	spool, err := db.SpoolRecordings(ctx)
	if err != nil || len(spool) != 1 || spool[0].ID != r.ID {
		t.Fatalf("SpoolRecordings = %+v, %v", spool, err)
	}
	r.State, r.Codec, r.EndedAt, r.Duration = recorder.StateStored, "PCMA", start.Add(90*time.Second), 90*time.Second
	r.Packets, r.Lost, r.JitterMS, r.BlobKey, r.Size, r.Extension = 9000, 3, 1.25, "ab", 1440044, "101"
	r.Details, r.SpoolFile = `{"legs":[]}`, ""
	must(t, db.UpdateRecording(ctx, r))
	got, err := db.Recording(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != recorder.StateStored || got.Duration != 90*time.Second || got.JitterMS != 1.25 ||
		!got.EndedAt.Equal(r.EndedAt) || !got.StartedAt.Equal(start) || got.Lost != 3 || got.Extension != "101" || len(got.Cases) != 0 {
		t.Errorf("Recording = %+v", got)
	}
	if _, err := db.Recording(ctx, r.ID+100); !recorder.IsNotFound(err) {
		t.Errorf("missing recording: err = %v, want not found", err)
	}
	if err := db.UpdateRecording(ctx, &recorder.Recording{ID: r.ID + 100}); !recorder.IsNotFound(err) {
		t.Errorf("update missing: err = %v, want not found", err)
	}
	// An unlinked recording older than the cut is purgeable …
	other := &recorder.Recording{CallID: "", State: recorder.StateDiscarded, Reason: recorder.ReasonNoNotice,
		Caller: "777111222", StartedAt: start, EndedAt: start.Add(time.Minute), CreatedAt: f.now}
	must(t, db.CreateRecording(ctx, other))
	purge, err := db.Purgeable(ctx, f.now, 10)
	if err != nil || len(purge) != 2 {
		t.Fatalf("Purgeable = %d, %v, want both", len(purge), err)
	}
	// … a linked one is kept with its case.
	c := f.create(t, nil)
	_, err = db.writer().exec(ctx, `INSERT INTO case_calls (case_id, call_id, linked_at) VALUES (?, ?, ?)`, c.ID, "call-1", ts(f.now))
	must(t, err)
	purge, _ = db.Purgeable(ctx, f.now, 10)
	if len(purge) != 1 || purge[0].ID != other.ID {
		t.Errorf("Purgeable after the link = %+v, want only the unlinked one", purge)
	}
	list, err := db.CaseRecordings(ctx, c.Number)
	if err != nil || len(list) != 1 || list[0].ID != r.ID {
		t.Errorf("CaseRecordings = %+v, %v", list, err)
	}
	if got, _ := db.Recording(ctx, r.ID); len(got.Cases) != 1 || got.Cases[0] != c.Number {
		t.Errorf("Cases = %v, want [%s]", got.Cases, c.Number)
	}
	page, total, err := db.ListRecordings(ctx, recorder.Filter{Number: "0602 123 456"})
	if err != nil || total != 1 || len(page) != 1 || page[0].ID != r.ID || len(page[0].Cases) != 1 {
		t.Errorf("ListRecordings(number) = %+v %d %v", page, total, err)
	}
	_, total, _ = db.ListRecordings(ctx, recorder.Filter{State: recorder.StateDiscarded})
	if total != 1 {
		t.Errorf("ListRecordings(state) total = %d, want 1", total)
	}
	must(t, db.DeleteRecording(ctx, other.ID))
	if _, total, _ = db.ListRecordings(ctx, recorder.Filter{}); total != 1 {
		t.Errorf("after delete: total = %d, want 1", total)
	}
}
