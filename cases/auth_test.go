package cases_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/blob"
)

// otherInstance returns a second service on the fixture's database, as
// another instance of Linka sharing it would have, on the same clock.
func (f *fixture) otherInstance(t *testing.T) *cases.Service {
	t.Helper()
	blobs, err := blob.NewDir(filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	return cases.NewService(f.db, blobs, cases.Options{Now: func() time.Time { return f.now }, MaxAttachment: 1024})
}

// TestService_SignInLimitShared: the sign-in failures of one address are
// counted in the store, so a second service (another instance of Linka on
// the same database) refuses the address too, until the window after its
// last failure; the session sweep forgets old counters.
func TestService_SignInLimitShared(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	other := f.otherInstance(t)
	for range cases.SignInMaxFailures {
		if err := f.svc.CountSignInFailure(ctx, "192.0.2.5"); err != nil {
			t.Fatal(err)
		}
	}
	ok, wait, err := other.SignInAllowed(ctx, "192.0.2.5")
	if err != nil || ok || wait != cases.SignInWindow {
		t.Errorf("the other instance: allowed %v, wait %v, %v; want refused for %v", ok, wait, err, cases.SignInWindow)
	}
	if ok, _, _ := other.SignInAllowed(ctx, "192.0.2.6"); !ok {
		t.Error("another address is refused")
	}
	f.now = f.now.Add(cases.SignInWindow)
	if ok, _, _ := other.SignInAllowed(ctx, "192.0.2.5"); !ok {
		t.Error("still refused after the window")
	}
	f.now = f.now.Add(time.Second)
	if n, err := f.svc.ExpireSessions(ctx); err != nil || n != 1 {
		t.Errorf("ExpireSessions = %d, %v; want the one old counter", n, err)
	}
}
