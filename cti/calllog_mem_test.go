package cti

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"
)

// memCallLog is an in-memory CallLogStore with the semantics of the SQL
// store: rows by id, replaced rows deleted, rejects kept.
type memCallLog struct {
	mu      sync.Mutex
	rows    map[string]CallLogEntry
	rejects []SMDRReject
	// fail, when set, is returned by the next write.
	fail error
}

func newMemCallLog() *memCallLog { return &memCallLog{rows: map[string]CallLogEntry{}} }

// cloneEntry returns a deep copy of e, so callers never share slices.
func cloneEntry(e CallLogEntry) CallLogEntry {
	e.Extensions = slices.Clone(e.Extensions)
	e.Path = slices.Clone(e.Path)
	e.SMDRLines = slices.Clone(e.SMDRLines)
	e.Cases = nil
	return e
}

// sorted returns the rows oldest first.
func (s *memCallLog) sorted() []CallLogEntry {
	out := make([]CallLogEntry, 0, len(s.rows))
	for _, e := range s.rows {
		out = append(out, cloneEntry(e))
	}
	slices.SortFunc(out, func(a, b CallLogEntry) int {
		if c := a.StartedAt.Compare(b.StartedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

func (s *memCallLog) all() []CallLogEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sorted()
}

func (s *memCallLog) takeFail() error {
	err := s.fail
	s.fail = nil
	return err
}

func (s *memCallLog) CallLogCandidates(_ context.Context, from, to time.Time) ([]CallLogEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []CallLogEntry
	for _, e := range s.sorted() {
		if !e.StartedAt.After(to) && !e.EndedAt.Before(from) {
			out = append(out, e)
		}
	}
	return out, nil
}

func (s *memCallLog) PutCallLog(_ context.Context, e CallLogEntry, replaces []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.takeFail(); err != nil {
		return err
	}
	for _, id := range replaces {
		delete(s.rows, id)
	}
	s.rows[e.ID] = cloneEntry(e)
	return nil
}

func (s *memCallLog) DueCallLog(_ context.Context, now time.Time, limit int) ([]CallLogEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []CallLogEntry
	for _, e := range s.sorted() {
		if !e.ObserveAfter.IsZero() && !e.ObserveAfter.After(now) && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

func (s *memCallLog) MarkCallLogObserved(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.takeFail(); err != nil {
		return err
	}
	if e, ok := s.rows[id]; ok {
		e.ObserveAfter = time.Time{}
		s.rows[id] = e
	}
	return nil
}

func (s *memCallLog) AddSMDRReject(_ context.Context, r SMDRReject) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.takeFail(); err != nil {
		return err
	}
	s.rejects = append(s.rejects, r)
	return nil
}

// SearchCallLog filters by number and extension only, newest first;
// the SQL store's search is tested in internal/store.
func (s *memCallLog) SearchCallLog(_ context.Context, f CallLogFilter) ([]CallLogEntry, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []CallLogEntry
	for _, e := range s.sorted() {
		if f.Number != "" && !slices.Contains([]string{e.CallerE164, e.CalledE164, e.Caller, e.Called}, f.Number) {
			continue
		}
		if f.Extension != "" && !slices.Contains(e.Extensions, f.Extension) {
			continue
		}
		out = append(out, e)
	}
	slices.Reverse(out)
	total := len(out)
	out = out[min(f.Offset, total):min(f.Offset+f.Limit, total)]
	return out, total, nil
}
