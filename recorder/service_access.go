package recorder

import (
	"context"
	"fmt"
	"io"

	"linka/cases"
)

// Who may read recordings, and the access log of every playback.

// CaseReader is what the service asks about cases: *cases.Service.
type CaseReader interface {
	Case(ctx context.Context, u *cases.User, number string) (*cases.Case, error)
}

// Open returns a stored recording's audio for u, writing the access log
// (action "play" or "download") when log is set (a seek within a playback
// is not logged again). Supervisors and the data-protection
// officer may open every recording, others those of the cases they may
// read; anyone else gets "not found".
func (s *Service) Open(ctx context.Context, cr CaseReader, u *cases.User, id int64, action string, log bool) (Recording, io.ReadSeekCloser, error) {
	r, err := s.o.Store.Recording(ctx, id)
	if err != nil {
		return r, nil, err
	}
	if r.State != StateStored || !s.mayRead(ctx, cr, u, &r) {
		return r, nil, ErrNotFound
	}
	if log {
		if err := s.o.Store.LogAccess(ctx, cases.AccessEntry{At: s.o.Now(), UserID: u.ID, Object: "recording",
			ObjectID: r.ID, Action: action}); err != nil {
			return r, nil, fmt.Errorf("log access: %w", err)
		}
	}
	f, err := s.o.Blobs.Open(ctx, r.BlobKey)
	if err != nil {
		return r, nil, fmt.Errorf("open recording audio: %w", err)
	}
	return r, f, nil
}

// Get returns a recording's metadata for u, with the same rule as Open.
func (s *Service) Get(ctx context.Context, cr CaseReader, u *cases.User, id int64) (Recording, error) {
	r, err := s.o.Store.Recording(ctx, id)
	if err != nil {
		return r, err
	}
	if !s.mayRead(ctx, cr, u, &r) {
		return r, ErrNotFound
	}
	return r, nil
}

// MayList reports whether u may list every recording.
func MayList(u *cases.User) bool {
	return u != nil && u.Active && (u.Has(cases.RoleSupervisor) || u.Has(cases.RoleDPO))
}

func (s *Service) mayRead(ctx context.Context, cr CaseReader, u *cases.User, r *Recording) bool {
	if MayList(u) {
		return true
	}
	for _, n := range r.Cases {
		if _, err := cr.Case(ctx, u, n); err == nil {
			return true
		}
	}
	return false
}

// List returns recordings for a supervisor or the data-protection officer.
func (s *Service) List(ctx context.Context, u *cases.User, f Filter) ([]Recording, int, error) {
	if !MayList(u) {
		return nil, 0, cases.Errorf(cases.EForbidden, "only supervisors and the data-protection officer list recordings")
	}
	return s.o.Store.ListRecordings(ctx, f)
}

// CaseRecordings returns the stored recordings of the calls linked to a
// case; the caller has checked that u may read the case.
func (s *Service) CaseRecordings(ctx context.Context, number string) ([]Recording, error) {
	return s.o.Store.CaseRecordings(ctx, number)
}
