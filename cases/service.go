package cases

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"linka/internal/workdays"
)

// Options configure a Service. The zero value of each field is documented.
type Options struct {
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Phone normalises telephone numbers; the zero value is the Czech plan.
	Phone PhonePlan
	// Calendar adds office closed days to the public holidays for deadlines.
	Calendar workdays.Calendar
	// YearlyNumbers restarts evidence numbers every year with a "2026-" prefix.
	YearlyNumbers bool
	// FirstNumber is the first evidence number of a fresh counter; 0 means 1.
	FirstNumber int64
	// DefaultDeadlineDays applies to cases without a case type; 0 means 30
	// (§ 71 odst. 3 zákona č. 500/2004 Sb.), negative means no deadline.
	DefaultDeadlineDays int
	// MaxAttachment is the largest attachment in bytes; 0 means 25 MiB.
	MaxAttachment int64
	// SessionIdle signs out a session unused this long; 0 means 2 hours.
	SessionIdle time.Duration
	// SessionMax bounds a session's lifetime; 0 means 12 hours.
	SessionMax time.Duration
}

// Service holds the business rules of the case register. It is safe for
// concurrent use.
type Service struct {
	store Store
	blobs Blobs
	opts  Options
	// wake nudges the outbox worker when notifications were queued.
	wake chan struct{}
	// intakeMu serialises the intake's sender matching and case creation
	// (see Intake).
	intakeMu sync.Mutex
}

// NewService returns a Service over store and blobs.
func NewService(store Store, blobs Blobs, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.FirstNumber <= 0 {
		opts.FirstNumber = 1
	}
	if opts.DefaultDeadlineDays == 0 {
		opts.DefaultDeadlineDays = 30
	}
	if opts.MaxAttachment <= 0 {
		opts.MaxAttachment = 25 << 20
	}
	if opts.SessionIdle <= 0 {
		opts.SessionIdle = 2 * time.Hour
	}
	if opts.SessionMax <= 0 {
		opts.SessionMax = 12 * time.Hour
	}
	return &Service{store: store, blobs: blobs, opts: opts, wake: make(chan struct{}, 1)}
}

// Now returns the service's current time in UTC.
func (s *Service) Now() time.Time { return s.opts.Now().UTC() }

// Calendar returns the office's calendar: the closed days it adds to the
// public holidays.
func (s *Service) Calendar() workdays.Calendar { return s.opts.Calendar }

// Phone returns the phone plan, for adapters that match caller ids.
func (s *Service) Phone() PhonePlan { return s.opts.Phone }

// MaxAttachment returns the attachment size limit in bytes.
func (s *Service) MaxAttachment() int64 { return s.opts.MaxAttachment }

// Ping checks that the store is reachable.
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// numberScope returns where the next evidence number comes from.
func (s *Service) numberScope(now time.Time) NumberScope {
	if !s.opts.YearlyNumbers {
		return NumberScope{Start: s.opts.FirstNumber}
	}
	y := strconv.Itoa(now.In(workdays.Prague()).Year())
	return NumberScope{Key: y, Prefix: y + "-", Start: s.opts.FirstNumber}
}

// dueDate computes the due date of a new case from its type's regime
// (see regimeDeadline).
func (s *Service) dueDate(ctx context.Context, c *Case) (workdays.Date, error) {
	var ct *CaseType
	if c.CaseTypeID != 0 {
		var err error
		if ct, err = s.caseType(ctx, c.CaseTypeID); err != nil {
			return workdays.Date{}, err
		}
	}
	return regimeDeadline(s.opts.Calendar, c, ct, s.opts.DefaultDeadlineDays), nil
}

func (s *Service) caseType(ctx context.Context, id int64) (*CaseType, error) {
	types, err := s.store.CaseTypes(ctx)
	if err != nil {
		return nil, fmt.Errorf("load case types: %w", err)
	}
	for i := range types {
		if types[i].ID == id {
			return &types[i], nil
		}
	}
	return nil, Invalid("case_type_id", "unknown case type %d", id)
}

// logAccess writes one access-log row for a read by staff. The system actor
// (id 0) is not logged.
func (s *Service) logAccess(ctx context.Context, u *User, object string, id int64, action string) error {
	if u.ID == 0 {
		return nil
	}
	err := s.store.LogAccess(ctx, AccessEntry{At: s.Now(), UserID: u.ID, Object: object, ObjectID: id, Action: action})
	if err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	return nil
}
