package recorder

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"linka/cti"
	"linka/internal/blob"
)

// ServiceOptions configure a Service. Zero fields take the defaults given.
type ServiceOptions struct {
	Store Store
	Blobs blob.Store
	// Bus, when set, is where the service hears the voice gateway's marks
	// and the calls in progress, and publishes recording.started and
	// recording.finished.
	Bus *cti.Bus
	// SpoolDir holds the files being recorded; required.
	SpoolDir string
	Policy   Policy
	// Retention is how long recordings linked to no case are kept; zero
	// means 30 days.
	Retention time.Duration
	// MatchDelay is how long after a call's end the service waits for the
	// call log before matching; zero means 5 s.
	MatchDelay time.Duration
	Logger     *slog.Logger
	Now        func() time.Time
}

// Service turns the engine's recordings into stored, matched recordings:
// it is the engine's Sink.
type Service struct {
	o      ServiceOptions
	events chan sinkEvent
	sub    *cti.Subscription // the bus, subscribed from the start so no mark is missed

	mu    sync.Mutex
	rows  map[uint64]int64 // engine Seq → recording id
	marks []heardMark
	live  map[string]cti.CallRecord
}

// heardMark is a mark with when the service heard it: marks are
// forgotten by that time, whatever clock the gateway's At is on.
type heardMark struct {
	Mark
	heard time.Time
}

type sinkEvent struct {
	started bool
	info    Info
}

var _ Sink = (*Service)(nil)

// NewService returns a service; call Run.
func NewService(o ServiceOptions) (*Service, error) {
	if o.Store == nil || o.Blobs == nil || o.SpoolDir == "" {
		return nil, fmt.Errorf("recorder: service needs a store, a blob store and a spool directory")
	}
	if err := os.MkdirAll(o.SpoolDir, 0o750); err != nil {
		return nil, fmt.Errorf("recorder: spool: %w", err)
	}
	if o.Retention <= 0 {
		o.Retention = 30 * 24 * time.Hour
	}
	if o.MatchDelay <= 0 {
		o.MatchDelay = 5 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Service{o: o, events: make(chan sinkEvent, 4096), rows: map[uint64]int64{}, live: map[string]cti.CallRecord{}}
	if o.Bus != nil {
		s.sub = o.Bus.Subscribe(busFilter, 4096)
	}
	return s, nil
}

// SpoolDir returns the directory the engine must write into.
func (s *Service) SpoolDir() string { return s.o.SpoolDir }

// RecordingStarted implements Sink.
func (s *Service) RecordingStarted(info Info) { s.queue(sinkEvent{started: true, info: info}) }

// RecordingFinished implements Sink.
func (s *Service) RecordingFinished(info Info) { s.queue(sinkEvent{info: info}) }

func (s *Service) queue(e sinkEvent) {
	select {
	case s.events <- e:
	default:
		s.o.Logger.Error("recording queue full: report lost", "sip_call_id", e.info.SIPCallID, "file", e.info.File)
	}
}

// Run handles the engine's reports, the bus and the purge until ctx ends;
// first it recovers the recordings a crash interrupted.
func (s *Service) Run(ctx context.Context) {
	s.recover(ctx)
	var busC <-chan cti.Event
	if s.sub != nil {
		defer func() { s.sub.Close() }() // the latest subscription
		busC = s.sub.Events()
	}
	purge := time.NewTicker(10 * time.Minute)
	defer purge.Stop()
	var due []sinkEvent
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			s.drain(context.WithoutCancel(ctx), due)
			return
		case e := <-s.events:
			if e.started {
				s.started(ctx, e.info)
			} else {
				due = append(due, e)
			}
		case ev, ok := <-busC:
			busC = s.onBus(ctx, busC, ev, ok)
		case <-purge.C:
			s.Rematch(ctx)
			s.Purge(ctx)
		case <-timer.C:
		}
		// Marks (notice heard, objection) already on the bus count before
		// any recording is decided: select picks among ready channels at
		// random, so drain them first.
		if len(due) > 0 {
			busC = s.hearPending(ctx, busC)
		}
		now := s.o.Now()
		for len(due) > 0 && !now.Before(endOf(due[0].info).Add(s.o.MatchDelay)) {
			s.finished(ctx, due[0].info)
			due = due[1:]
		}
		timer.Reset(time.Second)
	}
}

// hearPending takes the bus events already waiting, without blocking, and
// returns the channel to go on with (a new one after a resubscription).
func (s *Service) hearPending(ctx context.Context, busC <-chan cti.Event) <-chan cti.Event {
	for {
		select {
		case ev, ok := <-busC:
			busC = s.onBus(ctx, busC, ev, ok)
		default:
			return busC
		}
	}
}

// onBus handles one receive from the bus (ok false: the bus dropped the
// subscription for falling behind) and returns the channel to go on with.
func (s *Service) onBus(ctx context.Context, busC <-chan cti.Event, ev cti.Event, ok bool) <-chan cti.Event {
	if !ok {
		s.o.Logger.Warn("recorder fell behind the event bus; resubscribing", "err", s.sub.Err())
		s.sub = s.o.Bus.Subscribe(busFilter, 4096)
		return s.sub.Events()
	}
	if mark := s.hear(ev); mark != nil && mark.Kind == MarkDoNotRecord {
		s.withdraw(ctx, *mark)
	}
	return busC
}

// drain handles what is queued when the service stops: the engine's last
// reports and the recordings waiting for their match.
func (s *Service) drain(ctx context.Context, due []sinkEvent) {
	for {
		select {
		case e := <-s.events:
			if e.started {
				s.started(ctx, e.info)
			} else {
				due = append(due, e)
			}
			continue
		default:
		}
		break
	}
	for _, e := range due {
		s.finished(ctx, e.info)
	}
}

// endOf returns when a reported recording ended.
func endOf(i Info) time.Time {
	if !i.EndedAt.IsZero() {
		return i.EndedAt
	}
	return i.StartedAt
}

func busFilter(e cti.Event) bool {
	switch e.Type {
	case TypeNoticePlayed, TypeDoNotRecord, cti.TypeCallRinging, cti.TypeCallQueued, cti.TypeCallAnswered,
		cti.TypeCallTransferred, cti.TypeCallEnded, cti.TypeCallDialing, cti.TypeCallUpdated:
		return true
	}
	return false
}

// hear takes a mark or a call event from the bus and returns the mark.
func (s *Service) hear(e cti.Event) (mark *Mark) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.o.Now()
	switch e.Type {
	case TypeNoticePlayed, TypeDoNotRecord:
		var n NoticeEvent
		if b, err := json.Marshal(e.Data); err == nil && json.Unmarshal(b, &n) == nil {
			if n.At.IsZero() {
				n.At = e.At
			}
			kind := MarkNotice
			if e.Type == TypeDoNotRecord {
				kind = MarkDoNotRecord
			}
			s.marks = append(s.marks, heardMark{Mark: Mark{Kind: kind, NoticeEvent: n}, heard: now})
			mark = &s.marks[len(s.marks)-1].Mark
		}
	default:
		if ce, ok := e.Data.(cti.CallEvent); ok {
			c := ce.Call
			r := cti.CallRecord{ID: c.ID, Direction: c.Direction, Caller: c.Caller, Called: c.Called, Trunk: c.Trunk,
				StartedAt: c.StartedAt, AnsweredAt: c.AnsweredAt, EndedAt: c.EndedAt}
			for _, st := range c.Path {
				if st.Action == cti.StepAnswered {
					r.AnsweredBy = st.Device
				}
				r.Extensions = append(r.Extensions, st.Device)
			}
			s.live[c.ID] = r
		}
	}
	// Forget what no recording can need any more.
	cut := now.Add(-6 * time.Hour)
	for len(s.marks) > 0 && s.marks[0].heard.Before(cut) {
		s.marks = s.marks[1:]
	}
	for id, c := range s.live {
		if !c.EndedAt.IsZero() && c.EndedAt.Before(now.Add(-time.Hour)) {
			delete(s.live, id)
		}
	}
	return mark
}

// started writes the row of a new recording and announces it.
func (s *Service) started(ctx context.Context, info Info) {
	r := Recording{SIPCallID: info.SIPCallID, State: StateRecording, Caller: info.Caller, Called: info.Called,
		Direction: info.Direction, StartedAt: info.StartedAt, SpoolFile: info.File, CreatedAt: s.o.Now()}
	s.match(ctx, &r)
	if err := s.o.Store.CreateRecording(ctx, &r); err != nil {
		s.o.Logger.Error("store recording", "err", err, "file", info.File)
		return
	}
	s.mu.Lock()
	s.rows[info.Seq] = r.ID
	s.mu.Unlock()
	s.publish(TypeRecordingStarted, &r)
}

// match finds the recording's Linka call in the call log and among the
// calls in progress.
func (s *Service) match(ctx context.Context, r *Recording) {
	end := r.EndedAt
	if end.IsZero() {
		end = r.StartedAt
	}
	var calls []cti.CallRecord
	if entries, err := s.o.Store.CallLogCandidates(ctx, r.StartedAt.Add(-time.Minute), end.Add(time.Minute)); err != nil {
		s.o.Logger.Warn("call log for recording", "err", err)
	} else {
		for _, e := range entries {
			calls = append(calls, e.CallRecord)
		}
	}
	s.mu.Lock()
	for _, c := range s.live {
		calls = append(calls, c)
	}
	s.mu.Unlock()
	if c, ok := MatchCall(r, calls); ok {
		r.CallID, r.Extension = c.ID, c.AnsweredBy
		if r.Extension == "" && len(c.Extensions) > 0 {
			r.Extension = c.Extensions[len(c.Extensions)-1]
		}
	}
}

// finished applies the rules to a finished recording and stores or
// discards its audio.
func (s *Service) finished(ctx context.Context, info Info) {
	s.mu.Lock()
	id, ok := s.rows[info.Seq]
	delete(s.rows, info.Seq)
	s.mu.Unlock()
	r := Recording{ID: id, SIPCallID: info.SIPCallID, Caller: info.Caller, Called: info.Called,
		Direction: info.Direction, Codec: info.Codec, StartedAt: info.StartedAt, EndedAt: info.EndedAt,
		Duration: info.Duration(), CreatedAt: s.o.Now()}
	fillStats(&r, &info)
	s.match(ctx, &r)
	s.settle(ctx, &r, info.File, info.Unrecordable)
	var err error
	if ok {
		err = s.o.Store.UpdateRecording(ctx, &r)
	} else {
		err = s.o.Store.CreateRecording(ctx, &r)
	}
	if err != nil {
		s.o.Logger.Error("store recording", "err", err, "sip_call_id", r.SIPCallID)
		return
	}
	s.o.Logger.Info("recording finished", "id", r.ID, "state", r.State, "reason", r.Reason, "call_id", r.CallID,
		"duration", r.Duration, "lost", r.Lost)
	s.publish(TypeRecordingFinished, &r)
}

// settle decides the recording's state and moves its file.
func (s *Service) settle(ctx context.Context, r *Recording, file, unrecordable string) {
	drop := func() {
		if file != "" {
			os.Remove(file)
		}
	}
	if unrecordable != "" {
		r.State, r.Reason = StateUnrecordable, unrecordable
		drop()
		return
	}
	citizen := r.Caller
	if r.Direction == "outgoing" {
		citizen = r.Called
	}
	s.mu.Lock()
	marks := make([]Mark, len(s.marks))
	for i, m := range s.marks {
		marks[i] = m.Mark
	}
	s.mu.Unlock()
	d := Decide(s.o.Policy, Facts{CallID: r.CallID, SIPCallID: r.SIPCallID, Citizen: citizen, Direction: r.Direction,
		Start: r.StartedAt, End: r.EndedAt}, marks)
	if !d.Keep {
		r.State, r.Reason = StateDiscarded, d.Reason
		drop()
		return
	}
	key, size, err := s.putFile(ctx, file)
	if err != nil {
		s.o.Logger.Error("store recording audio", "err", err, "file", file)
		r.State, r.Reason, r.SpoolFile = StateRecording, "not yet stored: "+err.Error(), file
		return
	}
	drop()
	r.State, r.BlobKey, r.Size = StateStored, key, size
}

func (s *Service) putFile(ctx context.Context, file string) (string, int64, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	return s.o.Blobs.Put(ctx, f, 0)
}

// fillStats copies the engine's statistics into the row.
func fillStats(r *Recording, info *Info) {
	for _, l := range info.Legs {
		r.Packets += l.Packets
		r.Lost += l.Lost
		r.JitterMS = max(r.JitterMS, l.JitterMS)
	}
	b, _ := json.Marshal(struct {
		Legs   [Channels]LegStats `json:"legs"`
		Events []Event            `json:"events"`
	}{info.Legs, info.Events})
	r.Details = string(b)
}

// publish announces a recording on the bus.
func (s *Service) publish(typ string, r *Recording) {
	if s.o.Bus == nil {
		return
	}
	s.o.Bus.Publish(cti.Event{Type: typ, Data: RecordingEvent{ID: r.ID, CallID: r.CallID, State: r.State,
		Reason: r.Reason, Caller: r.Caller, Extension: r.Extension, DurationMS: r.Duration.Milliseconds()}})
}

// recover finishes the recordings a crash interrupted: their files are
// repaired (the header declares every whole frame) and stored.
func (s *Service) recover(ctx context.Context) {
	rows, err := s.o.Store.SpoolRecordings(ctx)
	if err != nil {
		s.o.Logger.Error("recover recordings", "err", err)
		return
	}
	for _, r := range rows {
		file := r.SpoolFile
		if file == "" || filepath.Dir(file) != filepath.Clean(s.o.SpoolDir) {
			continue
		}
		frames, repaired, err := RepairWAV(file)
		if err != nil {
			r.State, r.Reason = StateUnrecordable, "interrupted, file lost: "+err.Error()
		} else {
			r.Duration = time.Duration(frames) * time.Second / SampleRate
			r.EndedAt = r.StartedAt.Add(r.Duration)
			s.match(ctx, &r)
			s.settle(ctx, &r, file, "")
			if r.State == StateStored {
				r.SpoolFile = ""
			}
		}
		if err := s.o.Store.UpdateRecording(ctx, &r); err != nil {
			s.o.Logger.Error("recover recording", "id", r.ID, "err", err)
			continue
		}
		s.o.Logger.Info("recovered interrupted recording", "id", r.ID, "repaired", repaired, "state", r.State, "duration", r.Duration)
	}
}

// Purge deletes the recordings linked to no case that are older than the
// retention; a recording linked to a case stays as long as the link
// (the case's own records process removes the case, and with it the
// link).
func (s *Service) Purge(ctx context.Context) int {
	before := s.o.Now().Add(-s.o.Retention)
	n := 0
	for {
		list, err := s.o.Store.Purgeable(ctx, before, 100)
		if err != nil {
			s.o.Logger.Error("purge recordings", "err", err)
			return n
		}
		for _, r := range list {
			if r.BlobKey != "" {
				if err := s.o.Blobs.Delete(ctx, r.BlobKey); err != nil {
					s.o.Logger.Error("purge recording audio", "id", r.ID, "err", err)
					return n
				}
			}
			if err := s.o.Store.DeleteRecording(ctx, r.ID); err != nil {
				s.o.Logger.Error("purge recording", "id", r.ID, "err", err)
				return n
			}
			n++
		}
		if len(list) < 100 {
			if n > 0 {
				s.o.Logger.Info("purged recordings linked to no case", "count", n, "older_than", before)
			}
			return n
		}
	}
}
