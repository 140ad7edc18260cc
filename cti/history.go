package cti

import (
	"context"
	"log/slog"
	"time"
)

// CallStore keeps finished calls (the call history); the SQL adapter in
// internal/store implements it. SaveCall is called from a queue, never
// from the PBX read loop; it should be idempotent by CallRecord.ID, as a
// record is retried after an error.
type CallStore interface {
	SaveCall(ctx context.Context, r CallRecord) error
}

// CallRecord is a finished call as the call history keeps it.
type CallRecord struct {
	// ID is the Linka call id.
	ID        string
	Direction Direction
	Caller    string
	// Called is the number dialled: the DDI of an incoming call.
	Called string
	Trunk  string
	// Extensions are the extensions and groups that took part, in order.
	Extensions []string
	// AnsweredBy is the first extension that answered, empty if none did
	// (or the far end of an outgoing call answered).
	AnsweredBy string
	StartedAt  time.Time
	// AnsweredAt is zero for a call nobody answered.
	AnsweredAt time.Time
	EndedAt    time.Time
	// EndReason is one of the End* constants.
	EndReason string
	// ConsultationOf is the Linka id of the call a consultation call was
	// made from.
	ConsultationOf string
	Path           []PathStep
}

// record returns the history record of c ending now for reason.
func (m *model) record(c *call, ended time.Time, reason string) CallRecord {
	return CallRecord{
		ID: c.id, Direction: c.dir, Caller: c.caller, Called: c.called,
		Trunk: c.trunk, Extensions: append([]string(nil), c.involved...), AnsweredBy: c.answerer,
		StartedAt: c.started, AnsweredAt: c.answered, EndedAt: ended, EndReason: reason,
		ConsultationOf: c.consultOf, Path: append([]PathStep(nil), c.path...),
	}
}

// DefaultHistoryQueue is the number of finished calls waiting for the
// store before new ones are dropped, unless LinkOptions says otherwise.
const DefaultHistoryQueue = 1024

// history hands finished calls to a CallStore from its own goroutine, so
// the PBX read loop never waits on the database.
type history struct {
	store CallStore
	q     chan CallRecord
	log   *slog.Logger
	met   *metrics
	// retries are the pauses before the second and later attempts.
	retries []time.Duration
}

// newHistory returns a queue of n records in front of store.
func newHistory(store CallStore, n int, log *slog.Logger, met *metrics) *history {
	if n <= 0 {
		n = DefaultHistoryQueue
	}
	return &history{store: store, q: make(chan CallRecord, n), log: log, met: met,
		retries: []time.Duration{time.Second, 5 * time.Second}}
}

// add queues r without waiting; a full queue drops it.
func (h *history) add(r CallRecord) {
	if h.store == nil {
		return
	}
	select {
	case h.q <- r:
	default:
		h.met.records.WithLabelValues("dropped").Inc()
		h.log.Error("call history queue full: call record dropped", "call_id", r.ID, "queue", cap(h.q))
	}
}

// run saves queued records until ctx ends, then saves what is still
// queued within a short grace period.
func (h *history) run(ctx context.Context) {
	if h.store == nil {
		return
	}
	for {
		select {
		case r := <-h.q:
			h.save(ctx, r)
		case <-ctx.Done():
			h.drain()
			return
		}
	}
}

// drain saves the queued records with a fresh deadline.
func (h *history) drain() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for {
		select {
		case r := <-h.q:
			h.save(ctx, r)
		default:
			return
		}
	}
}

// save stores r, retrying after errors.
func (h *history) save(ctx context.Context, r CallRecord) {
	var err error
	for attempt := 0; ; attempt++ {
		if err = h.store.SaveCall(ctx, r); err == nil {
			h.met.records.WithLabelValues("saved").Inc()
			return
		}
		if attempt >= len(h.retries) || ctx.Err() != nil {
			break
		}
		select {
		case <-time.After(h.retries[attempt]):
		case <-ctx.Done():
		}
	}
	h.met.records.WithLabelValues("failed").Inc()
	h.log.Error("save call record", "call_id", r.ID, "err", err)
}
