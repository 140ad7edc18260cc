package cti

import (
	"errors"
	"sync"
	"time"
)

// Errors that end a subscription.
var (
	// ErrSlowSubscriber reports a subscriber dropped because its queue was
	// full: it should resync over the REST API and subscribe again.
	ErrSlowSubscriber = errors.New("cti: subscriber dropped: it fell behind the event stream")
	// ErrUnsubscribed reports a subscription closed by its owner.
	ErrUnsubscribed = errors.New("cti: subscription closed")
)

// DefaultSubscriberBuffer is the queue length of a subscription created
// with a buffer of zero or less.
const DefaultSubscriberBuffer = 256

// Bus fans events out to subscribers (ARCHITECTURE.md, "the bus").
// Publish never blocks: each subscriber has a bounded queue, and a
// subscriber whose queue is full is dropped, so the PBX read loop never
// waits on a browser. Events reach every subscriber in Seq order. The zero
// value is not usable; call NewBus.
type Bus struct {
	now func() time.Time

	mu   sync.Mutex
	seq  uint64
	subs []*Subscription
}

// NewBus returns an empty bus. now stamps events published without a
// time; nil means time.Now.
func NewBus(now func() time.Time) *Bus {
	if now == nil {
		now = time.Now
	}
	return &Bus{now: now}
}

// Subscription is one subscriber's queue. Read events from C; when C is
// closed, Err says why.
type Subscription struct {
	bus    *Bus
	filter func(Event) bool
	ch     chan Event

	mu  sync.Mutex
	err error
}

// Events returns the channel of events; it is closed when the subscription
// ends.
func (s *Subscription) Events() <-chan Event { return s.ch }

// Err returns why the subscription ended: ErrSlowSubscriber,
// ErrUnsubscribed, or nil while it is open.
func (s *Subscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Close ends the subscription. It is safe to call more than once.
func (s *Subscription) Close() {
	s.bus.mu.Lock()
	defer s.bus.mu.Unlock()
	s.bus.drop(s, ErrUnsubscribed)
}

// Subscribe adds a subscriber receiving the events for which filter
// returns true (every event when filter is nil), queueing at most buffer
// events (DefaultSubscriberBuffer when buffer ≤ 0). The filter runs inside
// Publish: it must be quick and must not call the bus or the link.
func (b *Bus) Subscribe(filter func(Event) bool, buffer int) *Subscription {
	if buffer <= 0 {
		buffer = DefaultSubscriberBuffer
	}
	s := &Subscription{bus: b, filter: filter, ch: make(chan Event, buffer)}
	b.mu.Lock()
	b.subs = append(b.subs, s)
	b.mu.Unlock()
	return s
}

// Publish assigns the next Seq (and At, when zero) to e and queues it for
// every interested subscriber without waiting; it returns the event as
// published.
func (b *Bus) Publish(e Event) Event {
	if e.At.IsZero() {
		e.At = b.now()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seq++
	e.Seq = b.seq
	for i := 0; i < len(b.subs); i++ {
		s := b.subs[i]
		if s.filter != nil && !s.filter(e) {
			continue
		}
		select {
		case s.ch <- e:
		default:
			b.drop(s, ErrSlowSubscriber)
			i--
		}
	}
	return e
}

// Seq returns the Seq of the last published event.
func (b *Bus) Seq() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.seq
}

// Subscribers returns the number of active subscriptions.
func (b *Bus) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// drop removes s, closes its channel and records why; b.mu is held.
func (b *Bus) drop(s *Subscription, why error) {
	for i, x := range b.subs {
		if x != s {
			continue
		}
		b.subs = append(b.subs[:i], b.subs[i+1:]...)
		s.mu.Lock()
		s.err = why
		s.mu.Unlock()
		close(s.ch)
		return
	}
}
