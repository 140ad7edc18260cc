package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"linka/cti"
)

func TestCalls_SaveAndList(t *testing.T) {
	for name, open := range map[string]func(t *testing.T) *DB{
		"sqlite":   func(t *testing.T) *DB { return openSQLiteTest(t) },
		"postgres": func(t *testing.T) *DB { return postgresTest(t).open(t) },
	} {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			ctx := context.Background()
			start := time.Date(2026, 3, 10, 9, 30, 0, 123456000, time.UTC)
			rec := cti.CallRecord{ID: "c-1", Direction: cti.Direction("incoming"), Caller: "0560987654", Called: "544503101",
				Trunk: "T01", Extensions: []string{"600", "101"}, AnsweredBy: "101", StartedAt: start,
				AnsweredAt: start.Add(8 * time.Second), EndedAt: start.Add(3 * time.Minute), EndReason: cti.EndCompleted,
				Path: []cti.PathStep{{At: start, Action: cti.StepQueued, Device: "600"}, {At: start.Add(8 * time.Second), Action: cti.StepAnswered, Device: "101"}}}
			missed := cti.CallRecord{ID: "c-2", Direction: cti.Direction("incoming"), Caller: "anonymous", StartedAt: start.Add(time.Hour),
				EndedAt: start.Add(time.Hour + 20*time.Second), EndReason: cti.EndAbandoned}
			for _, r := range []cti.CallRecord{rec, missed, rec} { // the retry of rec is ignored
				if err := db.SaveCall(ctx, r); err != nil {
					t.Fatalf("SaveCall(%s) = %v", r.ID, err)
				}
			}
			got, err := db.RecentCalls(ctx, start.Add(-time.Minute), 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[0].ID != "c-2" {
				t.Fatalf("RecentCalls() = %d calls, first %+v, want 2 newest first", len(got), got)
			}
			got[1].StartedAt, got[1].AnsweredAt, got[1].EndedAt = got[1].StartedAt.UTC(), got[1].AnsweredAt.UTC(), got[1].EndedAt.UTC()
			for i := range got[1].Path {
				got[1].Path[i].At = got[1].Path[i].At.UTC()
			}
			if !reflect.DeepEqual(got[1], rec) {
				t.Errorf("RecentCalls()[1] = %+v, want %+v", got[1], rec)
			}
			if !got[0].AnsweredAt.IsZero() || got[0].Extensions != nil {
				t.Errorf("unanswered call = %+v, want no answer time and no extensions", got[0])
			}
		})
	}
}
