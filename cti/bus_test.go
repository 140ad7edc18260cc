package cti

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// wait is the generous deadline tests give an outcome.
const wait = 10 * time.Second

// receive returns the next event of s or fails after the deadline.
func receive(t *testing.T, s *Subscription) Event {
	t.Helper()
	select {
	case e, ok := <-s.Events():
		if !ok {
			t.Fatalf("subscription closed: %v", s.Err())
		}
		return e
	case <-time.After(wait):
		t.Fatal("timed out waiting for an event")
	}
	return Event{}
}

func TestBus_OrderAndSeq(t *testing.T) {
	b := NewBus(nil)
	all := b.Subscribe(nil, 100)
	even := b.Subscribe(func(e Event) bool { return e.Data.(int)%2 == 0 }, 100)
	for i := range 10 {
		b.Publish(Event{Type: "test", Data: i})
	}
	for i := range 10 {
		e := receive(t, all)
		if e.Data != i || e.Seq != uint64(i+1) {
			t.Fatalf("event %d = data %v seq %d, want data %d seq %d", i, e.Data, e.Seq, i, i+1)
		}
		if e.At.IsZero() {
			t.Errorf("event %d has no time", i)
		}
	}
	for i := 0; i < 10; i += 2 {
		if e := receive(t, even); e.Data != i {
			t.Fatalf("filtered event = %v, want %d", e.Data, i)
		}
	}
	if got := b.Seq(); got != 10 {
		t.Errorf("Seq() = %d, want 10", got)
	}
}

func TestBus_ConcurrentPublishersKeepOrder(t *testing.T) {
	b := NewBus(nil)
	s := b.Subscribe(nil, 4000)
	var wg sync.WaitGroup
	for p := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				b.Publish(Event{Type: "test", Data: fmt.Sprint(p, i)})
			}
		})
	}
	wg.Wait()
	last := uint64(0)
	for range 4000 {
		e := receive(t, s)
		if e.Seq != last+1 {
			t.Fatalf("seq %d after %d, want %d", e.Seq, last, last+1)
		}
		last = e.Seq
	}
}

func TestBus_PublishDoesNotBlock(t *testing.T) {
	b := NewBus(nil)
	stuck := b.Subscribe(nil, 1)
	done := make(chan struct{})
	go func() {
		for i := range 1000 {
			b.Publish(Event{Type: "test", Data: i})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(wait):
		t.Fatal("Publish blocked on a subscriber that does not read")
	}
	if e := receive(t, stuck); e.Seq != 1 {
		t.Errorf("queued event seq = %d, want 1", e.Seq)
	}
	if _, ok := <-stuck.Events(); ok {
		t.Error("channel of a dropped subscriber still open")
	}
}

func TestBus_SlowSubscriberDropped(t *testing.T) {
	b := NewBus(nil)
	slow := b.Subscribe(nil, 3)
	fast := b.Subscribe(nil, 100)
	for i := range 5 {
		b.Publish(Event{Type: "test", Data: i})
	}
	var got []int
	for e := range slow.Events() {
		got = append(got, e.Data.(int))
	}
	if fmt.Sprint(got) != "[0 1 2]" {
		t.Errorf("slow subscriber received %v, want [0 1 2]", got)
	}
	if !errors.Is(slow.Err(), ErrSlowSubscriber) {
		t.Errorf("slow.Err() = %v, want %v", slow.Err(), ErrSlowSubscriber)
	}
	for i := range 5 {
		if e := receive(t, fast); e.Data != i {
			t.Fatalf("fast subscriber event = %v, want %d", e.Data, i)
		}
	}
	if fast.Err() != nil {
		t.Errorf("fast.Err() = %v, want nil", fast.Err())
	}
	if n := b.Subscribers(); n != 1 {
		t.Errorf("Subscribers() = %d, want 1", n)
	}
}

func TestBus_Close(t *testing.T) {
	b := NewBus(nil)
	s := b.Subscribe(nil, 0)
	s.Close()
	s.Close()
	if _, ok := <-s.Events(); ok {
		t.Error("channel open after Close")
	}
	if !errors.Is(s.Err(), ErrUnsubscribed) {
		t.Errorf("Err() = %v, want %v", s.Err(), ErrUnsubscribed)
	}
	b.Publish(Event{Type: "test"})
	if n := b.Subscribers(); n != 0 {
		t.Errorf("Subscribers() = %d, want 0", n)
	}
}

func BenchmarkBus_Publish50(b *testing.B) {
	bus := NewBus(nil)
	var wg sync.WaitGroup
	for i := range 50 {
		s := bus.Subscribe(func(e Event) bool { return i%5 != 0 || e.Seq%2 == 0 }, 1<<16)
		wg.Go(func() {
			for range s.Events() {
			}
		})
	}
	at := time.Now()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		bus.Publish(Event{Type: TypeCallRinging, At: at, Data: i})
	}
	b.StopTimer()
	if n := bus.Subscribers(); n != 50 {
		b.Logf("%d of 50 subscribers kept up", n)
	}
}
