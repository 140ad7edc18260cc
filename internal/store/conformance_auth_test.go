package store

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"linka/cases"
)

func testSessions(t *testing.T, f *fixture) {
	s1 := &cases.Session{ID: "h1", UserID: f.clerk.ID, CSRF: "c1", CreatedAt: f.now, SeenAt: f.now}
	s2 := &cases.Session{ID: "h2", UserID: f.clerk.ID, CSRF: "c2", CreatedAt: f.now, SeenAt: f.now.Add(-3 * time.Hour)}
	s3 := &cases.Session{ID: "h3", UserID: f.off1.ID, CSRF: "c3", CreatedAt: f.now, SeenAt: f.now}
	for _, s := range []*cases.Session{s1, s2, s3} {
		must(t, f.db.CreateSession(f.ctx, s))
	}
	wantCode(t, "CreateSession(same id)", f.db.CreateSession(f.ctx, s1), cases.EConflict)
	got, err := f.db.Session(f.ctx, "h1")
	must(t, err)
	if !reflect.DeepEqual(got, s1) {
		t.Errorf("Session = %+v, want %+v", got, s1)
	}
	seen := f.now.Add(30 * time.Minute)
	must(t, f.db.TouchSession(f.ctx, "h1", seen))
	if got, err = f.db.Session(f.ctx, "h1"); err != nil || !got.SeenAt.Equal(seen) {
		t.Errorf("after TouchSession SeenAt = %v (%v), want %v", got.SeenAt, err, seen)
	}
	n, err := f.db.DeleteSessionsSeenBefore(f.ctx, f.now.Add(-time.Hour))
	if err != nil || n != 1 {
		t.Errorf("DeleteSessionsSeenBefore = %d, %v; want 1, nil", n, err)
	}
	must(t, f.db.DeleteUserSessions(f.ctx, f.clerk.ID))
	for id, want := range map[string]string{"h1": cases.ENotFound, "h2": cases.ENotFound, "h3": ""} {
		_, err := f.db.Session(f.ctx, id)
		if cases.ErrorCode(err) != want {
			t.Errorf("Session(%s) = %v, want code %q", id, err, want)
		}
	}
	must(t, f.db.DeleteSession(f.ctx, "h3"))
	must(t, f.db.DeleteSession(f.ctx, "h3")) // signing out twice is fine
	wantCode(t, "Session(deleted)", func() error { _, err := f.db.Session(f.ctx, "h3"); return err }(), cases.ENotFound)
	bad := &cases.Session{ID: "h4", UserID: 987654, CreatedAt: f.now, SeenAt: f.now}
	wantCode(t, "CreateSession(missing user)", f.db.CreateSession(f.ctx, bad), cases.EInvalid)
}

func testTokens(t *testing.T, f *fixture) {
	forever := &cases.Token{UserID: f.off1.ID, Name: "ERP", Hash: "hash1", CreatedAt: f.now}
	expiring := &cases.Token{UserID: f.off1.ID, Name: "Web", Hash: "hash2", CreatedAt: f.now.Add(time.Second),
		ExpiresAt: f.now.Add(24 * time.Hour)}
	other := &cases.Token{UserID: f.off2.ID, Name: "X", Hash: "hash3", CreatedAt: f.now}
	for _, tok := range []*cases.Token{forever, expiring, other} {
		must(t, f.db.CreateToken(f.ctx, tok))
	}
	dup := &cases.Token{UserID: f.off2.ID, Name: "dup", Hash: "hash1", CreatedAt: f.now}
	wantCode(t, "CreateToken(same hash)", f.db.CreateToken(f.ctx, dup), cases.EConflict)
	got, err := f.db.TokenByHash(f.ctx, "hash2")
	must(t, err)
	if !reflect.DeepEqual(got, expiring) {
		t.Errorf("TokenByHash = %+v, want %+v", got, expiring)
	}
	list, err := f.db.Tokens(f.ctx, f.off1.ID)
	must(t, err)
	if want := []cases.Token{*forever, *expiring}; !reflect.DeepEqual(list, want) {
		t.Errorf("Tokens = %+v, want %+v", list, want)
	}
	must(t, f.db.DeleteToken(f.ctx, forever.ID))
	wantCode(t, "DeleteToken(again)", f.db.DeleteToken(f.ctx, forever.ID), cases.ENotFound)
	_, err = f.db.TokenByHash(f.ctx, "hash1")
	wantCode(t, "TokenByHash(deleted)", err, cases.ENotFound)
}

func testAccessLog(t *testing.T, f *fixture) {
	sub := f.contact(t, "Petr", "Novák", "")
	mine := f.create(t, func(c *cases.Case) { c.SubmitterID = sub.ID })
	other := f.create(t, nil)
	at := func(m int) time.Time { return f.now.Add(time.Duration(m) * time.Minute) }
	entries := []cases.AccessEntry{
		{At: at(0), UserID: f.clerk.ID, Object: cases.ObjectContact, ObjectID: sub.ID, Action: "read"},
		{At: at(1), UserID: f.clerk.ID, Object: cases.ObjectCase, ObjectID: mine.ID, Action: "read"},
		{At: at(2), UserID: f.off1.ID, Object: cases.ObjectCase, ObjectID: other.ID, Action: "read"},
		{At: at(3), UserID: f.off1.ID, Object: cases.ObjectCase, ObjectID: mine.ID, Action: "export"},
		// Another kind of object with the contact's id is not the contact.
		{At: at(4), UserID: f.off1.ID, Object: cases.ObjectAttachment, ObjectID: sub.ID, Action: "download"},
		{At: at(5), UserID: f.boss.ID, Object: cases.ObjectContact, ObjectID: sub.ID + 1000, Action: "read"},
	}
	must(t, f.db.LogAccess(f.ctx, entries...))
	must(t, f.db.LogAccess(f.ctx))
	tests := []struct {
		name  string
		f     cases.AccessFilter
		want  []int // indexes into entries, newest first
		total int
	}{
		{"all", cases.AccessFilter{}, []int{5, 4, 3, 2, 1, 0}, 6},
		{"user", cases.AccessFilter{UserID: f.clerk.ID}, []int{1, 0}, 2},
		{"object", cases.AccessFilter{Object: cases.ObjectCase, ObjectID: mine.ID}, []int{3, 1}, 2},
		{"contact and its cases", cases.AccessFilter{ContactID: sub.ID}, []int{3, 1, 0}, 3},
		{"contact, one user", cases.AccessFilter{ContactID: sub.ID, UserID: f.off1.ID}, []int{3}, 1},
		{"time range", cases.AccessFilter{From: at(1), To: at(3)}, []int{2, 1}, 2},
		{"page", cases.AccessFilter{Limit: 2, Offset: 1}, []int{4, 3}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, total, err := f.db.AccessLog(f.ctx, tt.f)
			must(t, err)
			var got []int
			for _, e := range list {
				i := slices.IndexFunc(entries, func(x cases.AccessEntry) bool { return x.At.Equal(e.At) })
				if e.ID == 0 || i < 0 || entries[i].Object != e.Object || entries[i].ObjectID != e.ObjectID ||
					entries[i].UserID != e.UserID || entries[i].Action != e.Action {
					t.Errorf("AccessLog returned %+v, which was not logged", e)
				}
				got = append(got, i)
			}
			if !slices.Equal(got, tt.want) || total != tt.total {
				t.Errorf("AccessLog(%s) = %v total %d, want %v total %d", tt.name, got, total, tt.want, tt.total)
			}
		})
	}
}
