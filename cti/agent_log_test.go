package cti

import (
	"context"
	"sync"
	"testing"
	"time"
)

// memAgentStore keeps the agent state log and pending reasons in memory.
type memAgentStore struct {
	AgentStore // the lists and wrap-ups are not used here

	mu      sync.Mutex
	log     []AgentStateChange
	pending map[string]AgentStateChange
}

func (m *memAgentStore) LogAgentState(_ context.Context, c AgentStateChange) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.log = append(m.log, c)
	return nil
}

func (m *memAgentStore) SetPendingReason(_ context.Context, ext, reason string, userID int64, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pending[ext] = AgentStateChange{Extension: ext, Reason: reason, UserID: userID, At: at}
	return nil
}

func (m *memAgentStore) TakePendingReason(_ context.Context, ext string, since time.Time) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.pending[ext]
	delete(m.pending, ext)
	if !ok || p.At.Before(since) {
		return "", nil
	}
	return p.Reason, nil
}

func (m *memAgentStore) rows() []AgentStateChange {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]AgentStateChange(nil), m.log...)
}

func TestAgentLog_WritesChangesWithReasons(t *testing.T) {
	bus := NewBus(nil)
	store := &memAgentStore{pending: map[string]AgentStateChange{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	l := &AgentLog{Bus: bus, Store: store}
	go func() { defer close(done); l.Run(ctx) }()
	defer func() { cancel(); <-done }()
	for bus.Subscribers() == 0 {
		time.Sleep(time.Millisecond)
	}

	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	publish := func(ext string, st AgentState, at time.Time) {
		bus.Publish(Event{Type: TypeAgentState, At: at, Data: AgentInfo{Extension: ext, State: st, Since: at, UserID: 7}})
	}
	_ = store.SetPendingReason(ctx, "101", "meeting", 7, t0)
	publish("101", AgentReady, t0)                     // a change on the phone
	publish("101", AgentReady, t0.Add(time.Second))    // a resync repeats it: no row
	publish("101", AgentUnknown, t0.Add(time.Second))  // unknown is no state: no row
	publish("101", AgentNotReady, t0.Add(time.Minute)) // the pending reason is taken
	publish("102", AgentNotReady, t0.Add(time.Hour))   // no reason requested there
	bus.Publish(Event{Type: TypeCallRinging, Data: CallEvent{Extension: "101"}})

	want := []AgentStateChange{
		{Extension: "101", UserID: 7, State: AgentReady, At: t0},
		{Extension: "101", UserID: 7, State: AgentNotReady, Reason: "meeting", At: t0.Add(time.Minute)},
		{Extension: "102", UserID: 7, State: AgentNotReady, At: t0.Add(time.Hour)},
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(store.rows()) < len(want) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // nothing more may come
	got := store.rows()
	if len(got) != len(want) {
		t.Fatalf("agent state log = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
