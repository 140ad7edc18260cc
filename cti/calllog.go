package cti

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// The call log: one row per call, merged from the PBX link's call records
// (CSTA) and the PBX's SMDR lines. This file holds the types, the storage
// interface and the CSTA side; calllog_smdr.go the SMDR side and
// calllog_match.go the rules that decide that two descriptions are one
// call.

// SMDRState says how far the SMDR lines of a call go.
type SMDRState string

// SMDR states of a call log row.
const (
	// SMDRNone: no SMDR line describes the call.
	SMDRNone SMDRState = ""
	// SMDRInterim: only RC or AN lines (printed when an incoming call
	// rings and when it is answered): the call is in progress, or its
	// final line was lost.
	SMDRInterim SMDRState = "interim"
	// SMDRTransferred: the last final line had condition TR or FW, so the
	// lines of the call's next leg may follow.
	SMDRTransferred SMDRState = "transferred"
	// SMDRFinal: the final line of the call was received.
	SMDRFinal SMDRState = "final"
)

// CallLogEntry is one row of the call log: one call as the PBX link
// reported it, as SMDR lines described it, or both merged.
type CallLogEntry struct {
	// CallRecord is the call. When the PBX link reported it, it is that
	// record: CSTA wins on times and parties. Otherwise it is derived from
	// the SMDR lines, whose times are to the minute: the end is the time
	// the final line printed, answered is the end less the talk time,
	// started the answer less the ring time; Path is empty, and the id
	// starts with "smdr-".
	CallRecord
	// CallerE164 and CalledE164 are Caller and Called normalised to E.164,
	// "" when they are not outside numbers.
	CallerE164, CalledE164 string
	// CSTA reports that the PBX link reported the call.
	CSTA bool
	// SMDR says how far the SMDR lines of the call go.
	SMDR SMDRState
	// CO is the trunk (CO) number as SMDR printed it, e.g. "01".
	CO string
	// Account is the account code a caller entered.
	Account string
	// Condition lists the condition codes of the call's final SMDR lines
	// in order, comma-separated ("TR", "TR,NA"); "" for an ordinary call.
	Condition string
	// SMDRLines are the call's SMDR lines as received.
	SMDRLines []string
	// ObserveAfter is when a call only SMDR described is handed to
	// CallLogOptions.Observer; zero when nothing is pending.
	ObserveAfter time.Time
	// Cases are the evidence numbers of the cases the call is linked to,
	// filled by SearchCallLog only.
	Cases []string
}

// Provisional reports a call known only from SMDR RC or AN lines: it is
// ringing or talking, or its final line was lost.
func (e *CallLogEntry) Provisional() bool { return !e.CSTA && e.SMDR == SMDRInterim }

// Ring returns how long the call rang before it was answered, or before
// it ended if nobody answered; zero for a provisional call.
func (e *CallLogEntry) Ring() time.Duration {
	switch {
	case !e.AnsweredAt.IsZero():
		return nonNegative(e.AnsweredAt.Sub(e.StartedAt))
	case e.Provisional():
		return 0
	}
	return nonNegative(e.EndedAt.Sub(e.StartedAt))
}

// Talk returns the time from the answer to the end, zero if nobody
// answered.
func (e *CallLogEntry) Talk() time.Duration {
	if e.AnsweredAt.IsZero() || e.Provisional() {
		return 0
	}
	return nonNegative(e.EndedAt.Sub(e.AnsweredAt))
}

// Missed reports an incoming call that ended without an answer.
func (e *CallLogEntry) Missed() bool {
	return e.Direction == DirectionIncoming && e.AnsweredAt.IsZero() && !e.Provisional()
}

func nonNegative(d time.Duration) time.Duration { return max(d, 0) }

// CallLogFilter selects call log rows. Zero fields select everything.
type CallLogFilter struct {
	// Number selects calls whose caller or called number is Number. An
	// E.164 number ("+420…") is compared with the normalised numbers,
	// anything else with the numbers as the PBX gave them; CallLog.Search
	// normalises what a user typed.
	Number string
	// Extension selects calls the extension or group took part in.
	Extension string
	// From and To select calls that started at or after From and before
	// To.
	From, To time.Time
	// Direction selects calls of one direction.
	Direction Direction
	// Missed selects incoming calls that ended without an answer.
	Missed bool
	// Limit is the page size (zero means DefaultCallLogLimit, at most
	// MaxCallLogLimit); Offset the number of rows skipped. Rows come
	// newest first.
	Limit, Offset int
}

// Page sizes of the call log.
const (
	DefaultCallLogLimit = 50
	MaxCallLogLimit     = 500
)

// SMDRReject is an SMDR line that matched no layout (or whose time is
// unknown), kept as it was received so that nothing is silently lost.
type SMDRReject struct {
	Line   string
	Reason string
	At     time.Time
}

// CallLogStore keeps the call log; the SQL adapter in internal/store
// implements it. CallLog serialises its calls.
type CallLogStore interface {
	// CallLogCandidates returns the rows whose calls overlap [from, to]:
	// started at or before to and ended at or after from.
	CallLogCandidates(ctx context.Context, from, to time.Time) ([]CallLogEntry, error)
	// PutCallLog writes e (a new row or a new version of row e.ID) and
	// deletes the rows replaces names, in one transaction; links of the
	// replaced rows to cases move to e.
	PutCallLog(ctx context.Context, e CallLogEntry, replaces []string) error
	// DueCallLog returns up to limit rows whose ObserveAfter is set and not
	// after now, oldest first.
	DueCallLog(ctx context.Context, now time.Time, limit int) ([]CallLogEntry, error)
	// MarkCallLogObserved clears the ObserveAfter of row id; a row that is
	// gone is no error.
	MarkCallLogObserved(ctx context.Context, id string) error
	// AddSMDRReject keeps a rejected SMDR line.
	AddSMDRReject(ctx context.Context, r SMDRReject) error
	// SearchCallLog returns one page of the rows f selects, newest first,
	// with their Cases, and how many rows it selects in all.
	SearchCallLog(ctx context.Context, f CallLogFilter) ([]CallLogEntry, int, error)
}

// Defaults of CallLogOptions.
const (
	// DefaultCallLogWindow is the default merge window: SMDR times are to
	// the minute.
	DefaultCallLogWindow = 2 * time.Minute
	// DefaultCallLogFlush is how often Run hands due calls to the
	// Observer.
	DefaultCallLogFlush = 15 * time.Second
	// SuggestedCallLogAwait is a sensible CallLogOptions.Await when a PBX
	// link reports calls too.
	SuggestedCallLogAwait = 5 * time.Minute
)

// CallLogOptions configures a CallLog. Store is required; every other
// zero field takes the default its comment names.
type CallLogOptions struct {
	// Store keeps the rows.
	Store CallLogStore
	// Normalize turns a number as the PBX gives it into E.164 (cmd passes
	// cases.PhonePlan.Lookup); "" means not an outside number. Nil
	// normalises nothing: numbers are then compared by their last nine
	// digits only, and searched as given.
	Normalize func(string) string
	// Window is how far apart in time two descriptions of one call may
	// be; zero means 2 minutes, less than a minute is refused.
	Window time.Duration
	// Observer gets every finished call once it is stored, e.g.
	// (*Callbacks).Observe: a PBX link's record at once, a call only SMDR
	// described after Await. Nil observes nothing. It must be idempotent
	// by call id: a call is handed over again after an error.
	Observer func(ctx context.Context, r CallRecord) error
	// Await is how long a call only SMDR described waits for the PBX
	// link's record of the same call before the Observer gets it, so that
	// no call is observed twice under two ids. Zero hands it over at once,
	// for a site without a PBX link; with one, SuggestedCallLogAwait.
	Await time.Duration
	// FlushInterval is how often Run hands due calls to the Observer; zero
	// means 15 seconds.
	FlushInterval time.Duration
	// Registerer receives the metrics; nil registers none.
	Registerer prometheus.Registerer
	// Logger receives rejected lines and observer failures; nil discards.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Validate reports options NewCallLog cannot work with.
func (o CallLogOptions) Validate() error {
	var errs []error
	if o.Store == nil {
		errs = append(errs, errors.New("a store is required"))
	}
	if o.Window != 0 && o.Window < time.Minute {
		errs = append(errs, fmt.Errorf("window %v: SMDR times are to the minute, want at least 1m", o.Window))
	}
	if o.Await < 0 || o.FlushInterval < 0 {
		errs = append(errs, errors.New("await and flush interval must not be negative"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("cti: call log options: %w", err)
	}
	return nil
}

// CallLog merges the PBX link's call records and SMDR lines into one row
// per call (see CallLogEntry). It implements CallStore, so the Link hands
// it its records, and takes SMDR lines through AddSMDR. One instance
// holds the PBX link and the SMDR source; it serialises the merges and is
// safe for concurrent use.
type CallLog struct {
	o   CallLogOptions
	log *slog.Logger
	met *callLogMetrics
	mu  sync.Mutex
	ids idGenerator
	// lastReject is the reason of the last rejected line, to log a run of
	// rejects for one reason once.
	lastReject string
}

var _ CallStore = (*CallLog)(nil)

// NewCallLog returns a call log for opts.
func NewCallLog(opts CallLogOptions) (*CallLog, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if opts.Window == 0 {
		opts.Window = DefaultCallLogWindow
	}
	if opts.FlushInterval == 0 {
		opts.FlushInterval = DefaultCallLogFlush
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Normalize == nil {
		opts.Normalize = func(string) string { return "" }
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	met, err := newCallLogMetrics(opts.Registerer)
	if err != nil {
		return nil, err
	}
	return &CallLog{o: opts, log: log, met: met}, nil
}

// SaveCall stores a finished call the PBX link reported, merging it into
// the row of the same call that SMDR lines made if there is one, and
// hands it to the Observer. It is idempotent by call id.
func (l *CallLog) SaveCall(ctx context.Context, r CallRecord) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	from, to := r.StartedAt.Add(-l.o.Window-time.Minute), r.EndedAt.Add(l.o.Window+time.Minute)
	cands, err := l.o.Store.CallLogCandidates(ctx, from, to)
	if err != nil {
		return fmt.Errorf("cti: call log: find the rows of call %s: %w", r.ID, err)
	}
	for i := range cands {
		if cands[i].ID == r.ID && cands[i].CSTA {
			return l.observe(ctx, cands[i].CallRecord) // a retry
		}
	}
	e := CallLogEntry{CallRecord: r, CSTA: true}
	var replaces []string
	if m := l.bestForCSTA(cands, &r); m != nil {
		e.SMDR, e.CO, e.Account, e.Condition, e.SMDRLines = m.SMDR, m.CO, m.Account, m.Condition, m.SMDRLines
		if m.ID != r.ID {
			replaces = []string{m.ID}
		}
	}
	l.normalise(&e)
	if err := l.o.Store.PutCallLog(ctx, e, replaces); err != nil {
		return fmt.Errorf("cti: call log: save call %s: %w", r.ID, err)
	}
	l.met.rows.WithLabelValues(rowSource(replaces)).Inc()
	return l.observe(ctx, e.CallRecord)
}

// rowSource labels a stored CSTA record: merged into an SMDR row or not.
func rowSource(replaces []string) string {
	if len(replaces) > 0 {
		return "csta_merged"
	}
	return "csta"
}

// observe hands r to the Observer.
func (l *CallLog) observe(ctx context.Context, r CallRecord) error {
	if l.o.Observer == nil {
		return nil
	}
	if err := l.o.Observer(ctx, r); err != nil {
		return fmt.Errorf("cti: call log: observe call %s: %w", r.ID, err)
	}
	return nil
}

// normalise fills the E.164 forms of the numbers.
func (l *CallLog) normalise(e *CallLogEntry) {
	e.CallerE164, e.CalledE164 = l.o.Normalize(e.Caller), l.o.Normalize(e.Called)
}

// Search returns one page of the rows f selects and how many there are in
// all. f.Number may be in any format: it is normalised, and searched as
// given (digits only) when it is not an outside number.
func (l *CallLog) Search(ctx context.Context, f CallLogFilter) ([]CallLogEntry, int, error) {
	if f.Number != "" {
		if n := l.o.Normalize(f.Number); n != "" {
			f.Number = n
		} else {
			f.Number = digitsOf(f.Number)
		}
	}
	switch {
	case f.Limit <= 0:
		f.Limit = DefaultCallLogLimit
	case f.Limit > MaxCallLogLimit:
		f.Limit = MaxCallLogLimit
	}
	f.Offset = max(f.Offset, 0)
	rows, total, err := l.o.Store.SearchCallLog(ctx, f)
	if err != nil {
		return nil, 0, fmt.Errorf("cti: call log: search: %w", err)
	}
	return rows, total, nil
}

// Run hands the calls only SMDR described to the Observer once their
// Await has passed, every FlushInterval, until ctx ends. Without an
// Observer it only waits for ctx.
func (l *CallLog) Run(ctx context.Context) {
	if l.o.Observer == nil {
		<-ctx.Done()
		return
	}
	t := time.NewTicker(l.o.FlushInterval)
	defer t.Stop()
	failing := false
	for {
		err := l.Flush(ctx)
		if (err != nil) != failing && ctx.Err() == nil {
			failing = err != nil
			if failing {
				l.log.Error("call log: hand calls to the observer", "err", err)
			} else {
				l.log.Info("call log: calls handed to the observer again")
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// flushBatch bounds the rows one Flush reads at a time.
const flushBatch = 100

// Flush hands every call whose Await has passed to the Observer and
// clears its mark. It stops at the first error, leaving that call and
// the later ones for the next Flush.
func (l *CallLog) Flush(ctx context.Context) error {
	if l.o.Observer == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		due, err := l.o.Store.DueCallLog(ctx, l.o.Now(), flushBatch)
		if err != nil {
			return fmt.Errorf("cti: call log: due calls: %w", err)
		}
		for i := range due {
			if err := l.observeSMDR(ctx, &due[i]); err != nil {
				return err
			}
		}
		if len(due) < flushBatch {
			return nil
		}
	}
}

// observeSMDR hands a call only SMDR described to the Observer and clears
// its mark.
func (l *CallLog) observeSMDR(ctx context.Context, e *CallLogEntry) error {
	if err := l.observe(ctx, e.CallRecord); err != nil {
		return err
	}
	if err := l.o.Store.MarkCallLogObserved(ctx, e.ID); err != nil {
		return fmt.Errorf("cti: call log: mark call %s observed: %w", e.ID, err)
	}
	e.ObserveAfter = time.Time{}
	return nil
}

// callLogMetrics are the call log's Prometheus metrics.
type callLogMetrics struct {
	lines    *prometheus.CounterVec
	rejected prometheus.Counter
	rows     *prometheus.CounterVec
}

func newCallLogMetrics(reg prometheus.Registerer) (*callLogMetrics, error) {
	m := &callLogMetrics{
		lines: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linka_smdr_lines_total",
			Help: "SMDR lines given to the call log, by kind (record, status, header, separator, blank, invalid).",
		}, []string{"kind"}),
		rejected: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "linka_smdr_rejected_lines_total",
			Help: "SMDR lines that matched no layout or had no time, stored raw in smdr_rejects.",
		}),
		rows: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linka_calllog_writes_total",
			Help: "Call log rows written, by what was written (csta, csta_merged, smdr_new, smdr_merged, smdr_duplicate).",
		}, []string{"source"}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.lines, m.rejected, m.rows} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("cti: call log: register metrics: %w", err)
		}
	}
	return m, nil
}
