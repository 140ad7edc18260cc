package store

import (
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"linka/cases"
)

// note returns a pending notification due at f.now.
func (f *fixture) note(to string) *cases.Notification {
	return &cases.Notification{Kind: cases.NotifyReceived, Lang: "cs", To: to, State: cases.NotificationPending,
		Data: cases.NotificationData{Subject: "Výtluk", Reason: "<b>",
			Attachments: []cases.StoredAttachment{{Name: "a.csv", ContentType: "text/csv", BlobKey: "abc"}}},
		NextAttemptAt: f.now, CreatedAt: f.now}
}

// testOutboxInCaseTransactions: notifications are written with the case
// change and not at all when it fails.
func testOutboxInCaseTransactions(t *testing.T, f *fixture) {
	c := f.newCase(nil)
	n1 := f.note("a@example.cz")
	must(t, f.db.CreateCase(f.ctx, cases.NewCase{Case: c, Number: cases.NumberScope{Start: 1},
		History:       []cases.HistoryEntry{{At: f.now, UserID: f.clerk.ID, Field: "state", New: "new"}},
		Notifications: []*cases.Notification{n1}}))
	if n1.ID == 0 || n1.CaseID != c.ID {
		t.Fatalf("CreateCase: notification id %d case %d, want an id and %d", n1.ID, n1.CaseID, c.ID)
	}
	got, err := f.db.Notification(f.ctx, n1.ID)
	must(t, err)
	if got.To != "a@example.cz" || !reflect.DeepEqual(got.Data, n1.Data) || got.State != cases.NotificationPending || !got.CreatedAt.Equal(f.now.Truncate(time.Microsecond)) {
		t.Errorf("Notification = %+v, want %+v", got, n1)
	}
	stale := *c
	stale.Version = 99
	n2 := f.note("b@example.cz")
	wantCode(t, "UpdateCase(stale)", f.db.UpdateCase(f.ctx, &stale, nil, n2), cases.EConflict)
	c.State = cases.StateRejected
	c.Outcome = "neoprávněný"
	n3 := f.note("c@example.cz")
	must(t, f.db.UpdateCase(f.ctx, c, nil, n3))
	ns, total, err := f.db.ListNotifications(f.ctx, cases.NotificationFilter{CaseID: c.ID, Limit: 10})
	must(t, err)
	if total != 2 || len(ns) != 2 || ns[0].ID != n3.ID || ns[1].ID != n1.ID {
		t.Errorf("ListNotifications = %d %+v, want n3 then n1", total, ns)
	}
	bad := f.newCase(nil)
	err = f.db.CreateCase(f.ctx, cases.NewCase{Case: bad, Number: cases.NumberScope{Start: 1},
		History:       []cases.HistoryEntry{{At: f.now, UserID: 999999, Field: "state", New: "new"}},
		Notifications: []*cases.Notification{f.note("d@example.cz")}})
	wantCode(t, "CreateCase(bad history)", err, cases.EInvalid)
	if n := f.count(t, `SELECT count(*) FROM notifications`); n != 2 {
		t.Errorf("notifications after the failures = %d, want 2", n)
	}
}

// testOutboxClaim: claims are exclusive, leased, and the outcomes stick.
func testOutboxClaim(t *testing.T, f *fixture) {
	var all []*cases.Notification
	for i := 0; i < 20; i++ {
		all = append(all, f.note("x@example.cz"))
	}
	must(t, f.db.EnqueueNotifications(f.ctx, all))
	later := f.note("later@example.cz")
	later.NextAttemptAt = f.now.Add(time.Hour)
	must(t, f.db.EnqueueNotifications(f.ctx, []*cases.Notification{later}))

	// Four claimers at once take every due row exactly once.
	var mu sync.Mutex
	var got []int64
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ns, err := f.db.ClaimNotifications(f.ctx, f.now, time.Minute, 3)
				if err != nil {
					t.Error(err)
					return
				}
				if len(ns) == 0 {
					return
				}
				mu.Lock()
				for _, n := range ns {
					got = append(got, n.ID)
					if n.Attempts != 1 {
						t.Errorf("claimed %d with attempts %d, want 1", n.ID, n.Attempts)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(got)
	var want []int64
	for _, n := range all {
		want = append(want, n.ID)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("claimed %v, want each of %v once", got, want)
	}
	// The lease hides them until it ends; then they come back.
	ns, err := f.db.ClaimNotifications(f.ctx, f.now.Add(59*time.Second), time.Minute, 100)
	must(t, err)
	if len(ns) != 0 {
		t.Errorf("claimed %d during the lease, want 0", len(ns))
	}
	must(t, f.db.MarkNotificationSent(f.ctx, all[0].ID, f.now))
	must(t, f.db.RescheduleNotification(f.ctx, all[1].ID, f.now.Add(2*time.Hour), "421 busy"))
	must(t, f.db.FailNotification(f.ctx, all[2].ID, "550 unknown user"))
	wantCode(t, "FailNotification(sent)", f.db.FailNotification(f.ctx, all[0].ID, "x"), cases.ENotFound)
	ns, err = f.db.ClaimNotifications(f.ctx, f.now.Add(time.Minute), time.Minute, 100)
	must(t, err)
	if len(ns) != 17 || ns[0].Attempts != 2 {
		t.Errorf("after the lease: claimed %d (attempts %d), want the 17 unsettled again", len(ns), ns[0].Attempts)
	}
	counts, err := f.db.CountNotifications(f.ctx)
	must(t, err)
	if counts[cases.NotificationSent] != 1 || counts[cases.NotificationFailed] != 1 || counts[cases.NotificationPending] != 19 {
		t.Errorf("CountNotifications = %v", counts)
	}
	must(t, f.db.RetryNotification(f.ctx, all[2].ID, f.now))
	wantCode(t, "RetryNotification(pending)", f.db.RetryNotification(f.ctx, all[2].ID, f.now), cases.ENotFound)
	n, err := f.db.Notification(f.ctx, all[2].ID)
	must(t, err)
	if n.State != cases.NotificationPending || n.Attempts != 0 || n.LastError != "550 unknown user" {
		t.Errorf("after RetryNotification: %+v", n)
	}
	failed, total, err := f.db.ListNotifications(f.ctx, cases.NotificationFilter{State: cases.NotificationSent, Limit: 10})
	must(t, err)
	if total != 1 || failed[0].ID != all[0].ID || !failed[0].SentAt.Equal(f.now.Truncate(time.Microsecond)) {
		t.Errorf("sent = %+v", failed)
	}
	_, err = f.db.Notification(f.ctx, 999999)
	wantCode(t, "Notification(missing)", err, cases.ENotFound)
}

func testNotificationTemplates(t *testing.T, f *fixture) {
	tpl := &cases.NotificationTemplate{Kind: cases.NotifyResolved, Lang: "en", Subject: "s1", Text: "t1", HTML: "<p>h1</p>",
		UpdatedAt: f.now, UpdatedBy: f.boss.ID}
	must(t, f.db.SaveNotificationTemplate(f.ctx, tpl))
	tpl.Subject = "s2"
	must(t, f.db.SaveNotificationTemplate(f.ctx, tpl))
	ts, err := f.db.NotificationTemplates(f.ctx)
	must(t, err)
	if len(ts) != 1 || ts[0].Subject != "s2" || ts[0].HTML != "<p>h1</p>" || !ts[0].Custom || ts[0].UpdatedBy != f.boss.ID {
		t.Errorf("NotificationTemplates = %+v", ts)
	}
	must(t, f.db.DeleteNotificationTemplate(f.ctx, cases.NotifyResolved, "en"))
	must(t, f.db.DeleteNotificationTemplate(f.ctx, cases.NotifyResolved, "en"))
	if ts, _ := f.db.NotificationTemplates(f.ctx); len(ts) != 0 {
		t.Errorf("after delete: %+v", ts)
	}
}

// testOutboxPurge: the purge deletes sent and failed notifications queued
// before the cut-off, never pending ones nor newer ones.
func testOutboxPurge(t *testing.T, f *fixture) {
	old := func(state string) *cases.Notification {
		n := f.note(state + "@example.cz")
		n.CreatedAt = f.now.Add(-100 * 24 * time.Hour)
		return n
	}
	oldSent, oldFailed, oldPending, newSent := old("sent"), old("failed"), old("pending"), f.note("new@example.cz")
	must(t, f.db.EnqueueNotifications(f.ctx, []*cases.Notification{oldSent, oldFailed, oldPending, newSent}))
	must(t, f.db.MarkNotificationSent(f.ctx, oldSent.ID, f.now))
	must(t, f.db.FailNotification(f.ctx, oldFailed.ID, "550 unknown user"))
	must(t, f.db.MarkNotificationSent(f.ctx, newSent.ID, f.now))
	n, err := f.db.DeleteNotificationsBefore(f.ctx, f.now.Add(-90*24*time.Hour))
	must(t, err)
	if n != 2 {
		t.Errorf("purged %d notifications, want the old sent and the old failed one", n)
	}
	for _, x := range []struct {
		n    *cases.Notification
		kept bool
	}{{oldSent, false}, {oldFailed, false}, {oldPending, true}, {newSent, true}} {
		_, err := f.db.Notification(f.ctx, x.n.ID)
		if kept := err == nil; kept != x.kept {
			t.Errorf("%s: kept %v (%v), want %v", x.n.To, kept, err, x.kept)
		}
	}
}
