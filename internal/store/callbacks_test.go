package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"linka/cases"
	"linka/cti"
)

// callbackDBs are the databases the callback tests run on.
var callbackDBs = map[string]func(t *testing.T) *DB{
	"sqlite":   func(t *testing.T) *DB { return openSQLiteTest(t) },
	"postgres": func(t *testing.T) *DB { return postgresTest(t).open(t) },
}

// runCallbackTest runs fn on SQLite and on PostgreSQL.
func runCallbackTest(t *testing.T, fn func(t *testing.T, db *DB)) {
	for name, open := range callbackDBs {
		t.Run(name, func(t *testing.T) { fn(t, open(t)) })
	}
}

// cbT0 is the start of the test calls, with microseconds that must
// survive a round trip.
var cbT0 = time.Date(2026, 3, 10, 9, 0, 0, 123456000, time.UTC)

// newCallbackTask returns an open task of number with one call per id,
// a minute apart.
func newCallbackTask(number string, ids ...string) *cti.CallbackTask {
	t := &cti.CallbackTask{Number: number, DialNumber: "0" + number[4:], State: cti.CallbackOpen}
	for i, id := range ids {
		t.Calls = append(t.Calls, cti.CallbackCall{CallID: id, At: cbT0.Add(time.Duration(i) * time.Minute), Category: cti.CategoryMissed})
	}
	t.FirstCallAt, t.LastCallAt = t.Calls[0].At, t.Calls[len(t.Calls)-1].At
	return t
}

// utc returns t with every time in UTC, as a database returns it.
func utc(t cti.CallbackTask) cti.CallbackTask {
	for _, p := range []*time.Time{&t.FirstCallAt, &t.LastCallAt, &t.ReachedAt, &t.ClosedAt} {
		*p = p.UTC()
	}
	for i := range t.Calls {
		t.Calls[i].At = t.Calls[i].At.UTC()
	}
	for i := range t.Attempts {
		a := &t.Attempts[i]
		for _, p := range []*time.Time{&a.At, &a.AnsweredAt, &a.EndedAt, &a.SettledAt} {
			*p = p.UTC()
		}
	}
	return t
}

// wantTask reads task id and compares it with want.
func wantTask(t *testing.T, db *DB, want cti.CallbackTask) {
	t.Helper()
	got, err := db.Callback(context.Background(), want.ID)
	if err != nil {
		t.Fatalf("Callback(%d) = %v", want.ID, err)
	}
	if got, want := utc(got), utc(want); !reflect.DeepEqual(got, want) {
		t.Errorf("Callback(%d) =\n%+v\nwant\n%+v", want.ID, got, want)
	}
}

// callbackUser creates a user for attempts.
func callbackUser(t *testing.T, db *DB) *cases.User {
	t.Helper()
	u := &cases.User{Login: "jana", Name: "Jana Nováková", Roles: []cases.Role{cases.RoleClerk}, Active: true,
		PasswordHash: "$argon2id$x", CreatedAt: cbT0, Extension: "101"}
	must(t, db.CreateUser(context.Background(), u))
	return u
}

func TestCallbacks_CreateUpdateRead(t *testing.T) {
	runCallbackTest(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		task := newCallbackTask("+420601234567", "c1", "c2")
		must(t, db.CreateCallback(ctx, task))
		if task.ID == 0 || task.Version != 1 {
			t.Fatalf("CreateCallback set ID %d, Version %d; want an id and version 1", task.ID, task.Version)
		}
		wantTask(t, db, *task)
		if got, err := db.OpenCallback(ctx, "+420601234567"); err != nil || got.ID != task.ID {
			t.Errorf("OpenCallback = %d, %v; want task %d", got.ID, err, task.ID)
		}

		u := callbackUser(t, db)
		call := cti.CallbackCall{CallID: "c3", At: cbT0.Add(time.Hour), Category: cti.CategoryOutOfHours}
		task.Calls, task.LastCallAt = append(task.Calls, call), call.At
		a := cti.CallbackAttempt{At: cbT0.Add(2 * time.Hour), UserID: u.ID, UserName: u.Name, Extension: "101", Outcome: cti.OutcomePending}
		must(t, db.UpdateCallback(ctx, task, cti.CallbackChange{AddCall: &call, AddAttempt: &a}))
		if a.ID == 0 || task.Version != 2 {
			t.Fatalf("UpdateCallback set attempt ID %d, Version %d; want an id and version 2", a.ID, task.Version)
		}
		task.Attempts = []cti.CallbackAttempt{a}
		wantTask(t, db, *task)

		a.CallID, a.Outcome = "d1", cti.OutcomeReached
		a.AnsweredAt, a.EndedAt, a.SettledAt = a.At.Add(9*time.Second), a.At.Add(time.Minute), a.At.Add(time.Minute)
		task.Attempts[0] = a
		task.State, task.Resolution, task.ClosedAt, task.ClosedByCall = cti.CallbackDone, cti.ResolutionReached, a.EndedAt, "d1"
		task.ReachedAt, task.TimeToCallback = a.AnsweredAt, a.AnsweredAt.Sub(task.FirstCallAt)
		must(t, db.UpdateCallback(ctx, task, cti.CallbackChange{SetAttempts: []cti.CallbackAttempt{a}}))
		wantTask(t, db, *task)
		if got, err := db.CallbackByAttemptCall(ctx, "d1"); err != nil || got.ID != task.ID {
			t.Errorf("CallbackByAttemptCall(d1) = %d, %v; want task %d", got.ID, err, task.ID)
		}
	})
}

func TestCallbacks_NotFoundAndConflicts(t *testing.T) {
	runCallbackTest(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		task := newCallbackTask("+420601234567", "c1")
		must(t, db.CreateCallback(ctx, task))
		for name, err := range map[string]error{
			"Callback(missing)":        second(db.Callback(ctx, task.ID+100)),
			"OpenCallback(other)":      second(db.OpenCallback(ctx, "+420602000000")),
			"CallbackByAttemptCall(x)": second(db.CallbackByAttemptCall(ctx, "x")),
			"CallbackByAttemptCall()":  second(db.CallbackByAttemptCall(ctx, "")),
			"UpdateCallback(missing)":  db.UpdateCallback(ctx, &cti.CallbackTask{ID: task.ID + 100, Version: 1}, cti.CallbackChange{}),
		} {
			if !errors.Is(err, cti.ErrCallbackNotFound) {
				t.Errorf("%s = %v, want ErrCallbackNotFound", name, err)
			}
		}
		stale := *task
		must(t, db.UpdateCallback(ctx, task, cti.CallbackChange{}))
		if err := db.UpdateCallback(ctx, &stale, cti.CallbackChange{}); !errors.Is(err, cti.ErrCallbackConflict) || stale.Version != 1 {
			t.Errorf("UpdateCallback(stale) = %v, version %d; want ErrCallbackConflict and no change", err, stale.Version)
		}
		if err := db.CreateCallback(ctx, newCallbackTask("+420601234567", "c2")); !errors.Is(err, cti.ErrCallbackConflict) {
			t.Errorf("CreateCallback(second open task of a number) = %v, want ErrCallbackConflict", err)
		}
		if err := db.CreateCallback(ctx, newCallbackTask("+420602000000", "c1")); !errors.Is(err, cti.ErrCallbackSeen) {
			t.Errorf("CreateCallback(a recorded call) = %v, want ErrCallbackSeen", err)
		}
		dup := cti.CallbackCall{CallID: "c1", At: cbT0, Category: cti.CategoryMissed}
		if err := db.UpdateCallback(ctx, task, cti.CallbackChange{AddCall: &dup}); !errors.Is(err, cti.ErrCallbackSeen) {
			t.Errorf("UpdateCallback(AddCall recorded) = %v, want ErrCallbackSeen", err)
		}
		bad := cti.CallbackAttempt{ID: 999, Outcome: cti.OutcomeFailed}
		if err := db.UpdateCallback(ctx, task, cti.CallbackChange{SetAttempts: []cti.CallbackAttempt{bad}}); !errors.Is(err, cti.ErrCallbackNotFound) {
			t.Errorf("UpdateCallback(SetAttempts of a missing attempt) = %v, want ErrCallbackNotFound", err)
		}
		task.State, task.Resolution = cti.CallbackDone, cti.ResolutionCalledIn
		must(t, db.UpdateCallback(ctx, task, cti.CallbackChange{}))
		must(t, db.CreateCallback(ctx, newCallbackTask("+420601234567", "c2")))
	})
}

// second returns the error of a two-value call.
func second[T any](_ T, err error) error { return err }

func TestCallbacks_ConcurrentUpdateSameVersion(t *testing.T) {
	runCallbackTest(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		task := newCallbackTask("+420601234567", "c1")
		must(t, db.CreateCallback(ctx, task))
		const clerks = 8
		errs := make([]error, clerks)
		var wg sync.WaitGroup
		for i := range clerks {
			wg.Go(func() {
				mine := *task
				a := cti.CallbackAttempt{At: cbT0, Extension: fmt.Sprint(101 + i), Outcome: cti.OutcomePending}
				errs[i] = db.UpdateCallback(ctx, &mine, cti.CallbackChange{AddAttempt: &a})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, cti.ErrCallbackConflict):
				t.Errorf("concurrent UpdateCallback = %v, want nil or ErrCallbackConflict", err)
			}
		}
		got, err := db.Callback(ctx, task.ID)
		must(t, err)
		if ok != 1 || len(got.Attempts) != 1 || got.Version != 2 {
			t.Errorf("%d updates succeeded, %d attempts stored, version %d; want exactly one", ok, len(got.Attempts), got.Version)
		}
	})
}

func TestCallbacks_List(t *testing.T) {
	runCallbackTest(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		var ids []int64
		for i, cat := range []cti.CallbackCategory{cti.CategoryMissed, cti.CategoryAbandoned, cti.CategoryOutOfHours, cti.CategoryMissed} {
			task := newCallbackTask(fmt.Sprintf("+42060100000%d", i), fmt.Sprint("c", i))
			task.Calls[0].At = cbT0.Add(time.Duration(i) * time.Hour)
			task.Calls[0].Category, task.FirstCallAt, task.LastCallAt = cat, task.Calls[0].At, task.Calls[0].At
			must(t, db.CreateCallback(ctx, task))
			ids = append(ids, task.ID)
			if i == 3 {
				task.State, task.Resolution = cti.CallbackDone, cti.ResolutionGaveUp
				must(t, db.UpdateCallback(ctx, task, cti.CallbackChange{}))
			}
		}
		tests := []struct {
			f     cti.CallbackFilter
			want  []int64
			total int
		}{
			{cti.CallbackFilter{State: cti.CallbackOpen, Limit: 10}, ids[:3], 3},
			{cti.CallbackFilter{State: cti.CallbackDone, Limit: 10}, ids[3:], 1},
			{cti.CallbackFilter{Limit: 10}, []int64{ids[3], ids[2], ids[1], ids[0]}, 4},
			{cti.CallbackFilter{Category: cti.CategoryMissed, Limit: 10}, []int64{ids[3], ids[0]}, 2},
			{cti.CallbackFilter{State: cti.CallbackOpen, Category: cti.CategoryAbandoned, Limit: 10}, ids[1:2], 1},
			{cti.CallbackFilter{State: cti.CallbackOpen, Limit: 2, Offset: 1}, ids[1:3], 3},
			{cti.CallbackFilter{State: cti.CallbackOpen, Limit: 2, Offset: 5}, nil, 3},
		}
		for _, tt := range tests {
			got, total, err := db.ListCallbacks(ctx, tt.f)
			must(t, err)
			var gotIDs []int64
			for _, x := range got {
				gotIDs = append(gotIDs, x.ID)
				if len(x.Calls) != 1 {
					t.Errorf("ListCallbacks(%+v): task %d has %d calls, want 1", tt.f, x.ID, len(x.Calls))
				}
			}
			if !reflect.DeepEqual(gotIDs, tt.want) || total != tt.total {
				t.Errorf("ListCallbacks(%+v) = %v of %d, want %v of %d", tt.f, gotIDs, total, tt.want, tt.total)
			}
		}
	})
}

// countingDialer is a cti.Dialer that only counts the calls it is asked
// to place.
type countingDialer struct {
	mu sync.Mutex
	n  int
}

func (d *countingDialer) MakeCall(context.Context, string, string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.n++
	return fmt.Sprint("call-", d.n), nil
}

func TestCallbacks_DomainAttemptOncePerTask(t *testing.T) {
	runCallbackTest(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		u := callbackUser(t, db)
		d := &countingDialer{}
		now := cbT0.Add(20 * time.Minute)
		cb, err := cti.NewCallbacks(cti.CallbackOptions{Store: db, Dialer: d, Normalize: func(s string) string { return s },
			Now: func() time.Time { return now }})
		must(t, err)
		must(t, cb.Observe(ctx, cti.CallRecord{ID: "m1", Direction: cti.DirectionIncoming, Caller: "+420601234567",
			StartedAt: cbT0, EndedAt: cbT0.Add(30 * time.Second), EndReason: cti.EndMissed}))
		task, err := db.OpenCallback(ctx, "+420601234567")
		must(t, err)

		const clerks = 6
		errs := make([]error, clerks)
		var wg sync.WaitGroup
		for i := range clerks {
			wg.Go(func() {
				_, errs[i] = cb.Attempt(ctx, task.ID, cti.Clerk{ID: u.ID, Name: u.Name}, fmt.Sprint(101+i))
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			var refused *cti.AttemptRefusedError
			switch {
			case err == nil:
				ok++
			case !errors.As(err, &refused) || refused.Reason != cti.RefusedInProgress:
				t.Errorf("concurrent Attempt = %v, want nil or in progress", err)
			}
		}
		if ok != 1 || d.n != 1 {
			t.Fatalf("%d attempts started, %d calls placed; want one of each", ok, d.n)
		}

		must(t, cb.Observe(ctx, cti.CallRecord{ID: "call-1", Direction: cti.DirectionOutgoing, Caller: "101",
			Called: "+420601234567", StartedAt: now, AnsweredAt: now.Add(5 * time.Second),
			EndedAt: now.Add(time.Minute), EndReason: cti.EndCompleted}))
		got, err := db.Callback(ctx, task.ID)
		must(t, err)
		if got.Resolution != cti.ResolutionReached || got.TimeToCallback != 20*time.Minute+5*time.Second ||
			got.Attempts[0].Outcome != cti.OutcomeReached || got.Attempts[0].UserID != u.ID {
			t.Errorf("task after the answered attempt = %+v, want reached after 20m5s by %d", got, u.ID)
		}
	})
}
