package recorder

import (
	"context"
	"time"
)

// What arrives after a recording was settled: the call log row of a call
// known only from SMDR minutes later, and a caller's objection reported
// after the recording was stored.

// rematchWindow is how long an unmatched recording is retried.
const rematchWindow = 24 * time.Hour

// Rematch matches the stored recordings of the last day that found no
// call when they ended; it returns how many it matched.
func (s *Service) Rematch(ctx context.Context) int {
	list, _, err := s.o.Store.ListRecordings(ctx, Filter{Unmatched: true, From: s.o.Now().Add(-rematchWindow), Limit: 500})
	if err != nil {
		s.o.Logger.Warn("rematch recordings", "err", err)
		return 0
	}
	n := 0
	for i := range list {
		r := &list[i]
		if r.State == StateRecording {
			continue
		}
		if s.match(ctx, r); r.CallID == "" {
			continue
		}
		if err := s.o.Store.UpdateRecording(ctx, r); err != nil {
			s.o.Logger.Warn("rematch recording", "id", r.ID, "err", err)
			continue
		}
		n++
		s.publish(TypeRecordingFinished, r)
	}
	return n
}

// withdraw applies an objection reported after the recording of its call
// was stored: the audio is deleted and the row says why.
func (s *Service) withdraw(ctx context.Context, m Mark) {
	f := Filter{CallID: m.CallID, State: StateStored, Limit: 50}
	if m.CallID == "" {
		if m.Caller == "" {
			return
		}
		f.Number, f.From, f.To = m.Caller, m.At.Add(-6*time.Hour), m.At.Add(markWindow)
	}
	list, _, err := s.o.Store.ListRecordings(ctx, f)
	if err != nil {
		s.o.Logger.Error("apply objection to stored recordings", "err", err)
		return
	}
	for i := range list {
		r := &list[i]
		citizen := r.Caller
		if r.Direction == "outgoing" {
			citizen = r.Called
		}
		facts := Facts{CallID: r.CallID, SIPCallID: r.SIPCallID, Citizen: citizen, Direction: r.Direction, Start: r.StartedAt, End: r.EndedAt}
		if !m.applies(facts) {
			continue
		}
		if err := s.o.Blobs.Delete(ctx, r.BlobKey); err != nil {
			s.o.Logger.Error("delete objected recording", "id", r.ID, "err", err)
			continue
		}
		r.State, r.Reason, r.BlobKey, r.Size = StateDiscarded, ReasonObjected, "", 0
		if err := s.o.Store.UpdateRecording(ctx, r); err != nil {
			s.o.Logger.Error("discard objected recording", "id", r.ID, "err", err)
			continue
		}
		s.o.Logger.Info("recording discarded: the caller objected", "id", r.ID, "call_id", r.CallID)
		s.publish(TypeRecordingFinished, r)
	}
}
