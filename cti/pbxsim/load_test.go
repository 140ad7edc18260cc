package pbxsim

import (
	"context"
	"errors"
	"math"
	"sync"
	"testing"
	"time"

	"linka/cti/csta"
)

// everything returns the numbers of every extension, group and trunk.
func everything(p *PBX) []string {
	var out []string
	for _, list := range [][]*device{p.dir.exts, p.dir.groups, p.dir.trunks} {
		for _, d := range list {
			out = append(out, d.number)
		}
	}
	return out
}

func TestLoad_RunLoadWithClients(t *testing.T) {
	p := newPBX(t, Options{HeartbeatInterval: 20 * time.Millisecond})
	answering := connect(t, p, overTCP)
	snapshotting := connect(t, p, overPipe)
	listening := connect(t, p, overTCP)
	var refs map[string]string
	for _, c := range []*client{answering, snapshotting, listening} {
		refs = c.monitor(everything(p)...)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	opts := LoadOptions{
		CallsPerMinute: 3000, TalkMedian: 30 * time.Millisecond, TalkMean: 50 * time.Millisecond,
		RingMin: 5 * time.Millisecond, RingMax: 40 * time.Millisecond,
		TransferRatio: 0.3, HoldRatio: 0.3, Seed: 1,
	}
	var wg sync.WaitGroup
	wg.Go(func() { answerRinging(ctx, t, answering) })
	wg.Go(func() { snapshotAll(ctx, t, p, snapshotting) })
	if err := p.RunLoad(ctx, opts); err != nil {
		t.Fatalf("RunLoad: %v", err)
	}
	wg.Wait()
	if calls := p.Calls(); len(calls) != 0 {
		t.Errorf("Calls() after RunLoad = %+v, want none", calls)
	}
	for _, d := range everything(p) {
		if n := len(p.dir.byNumber[d].parties); n != 0 {
			t.Errorf("device %s keeps %d connections after RunLoad", d, n)
		}
	}
	events := listening.drain()
	if len(events) < 100 {
		t.Errorf("listening client got %d events, want a busy load (≥ 100)", len(events))
	}
	tr := newTracker(p, refs)
	for _, r := range events {
		tr.feed(r)
	}
	tr.check(t)
	for _, c := range []*client{answering, snapshotting, listening} {
		select {
		case err := <-c.errs:
			t.Errorf("client reported %v", err)
		default:
		}
	}
}

// answerRinging answers, as a CSTA client, the calls it sees ringing, until
// ctx is done. Refusals are expected: the load generator acts on the same
// calls. Requests do not use ctx, so that none is abandoned mid-way.
func answerRinging(ctx context.Context, t *testing.T, c *client) {
	for {
		select {
		case r := <-c.events:
			d, ok := r.Event.(*csta.DeliveredEvent)
			if !ok || d.Connection.Device != d.AlertingDevice {
				continue
			}
			err := c.conn.AnswerCall(context.Background(), d.Connection)
			var ce *csta.Error
			if err != nil && !errors.As(err, &ce) {
				t.Errorf("AnswerCall: %v", err)
			}
		case <-ctx.Done():
			return
		}
	}
}

// snapshotAll takes snapshots of every device until ctx is done.
func snapshotAll(ctx context.Context, t *testing.T, p *PBX, c *client) {
	for ctx.Err() == nil {
		for _, d := range everything(p) {
			if _, err := c.conn.SnapshotDevice(context.Background(), csta.DialingNumber(d)); err != nil {
				t.Errorf("SnapshotDevice(%s): %v", d, err)
			}
		}
	}
}

func TestLoad_Options(t *testing.T) {
	p := newPBX(t, Options{})
	bad := []LoadOptions{
		{TalkMedian: time.Minute, TalkMean: time.Second},
		{RingMin: time.Second, RingMax: time.Millisecond},
		{CallsPerMinute: -1},
		{Extensions: []string{}, Groups: []string{}},
	}
	for _, o := range bad {
		if err := p.RunLoad(context.Background(), o); err == nil {
			t.Errorf("RunLoad(%+v) = nil, want an options error", o)
		}
	}
}

func TestLoad_TalkTimeDistribution(t *testing.T) {
	p := newPBX(t, Options{})
	o, err := LoadOptions{TalkMedian: 60 * time.Second, TalkMean: 90 * time.Second, Seed: 7}.withDefaults(p)
	if err != nil {
		t.Fatal(err)
	}
	l := &loader{p: p, o: o, rng: newRand(o.Seed)}
	const n = 20000
	var sum float64
	below := 0
	for range n {
		d := l.talkTime()
		sum += d.Seconds()
		if d < o.TalkMedian {
			below++
		}
	}
	if mean := sum / n; math.Abs(mean-90) > 5 {
		t.Errorf("mean talk time = %.1f s, want 90 ± 5", mean)
	}
	if share := float64(below) / n; math.Abs(share-0.5) > 0.02 {
		t.Errorf("share below the median = %.3f, want 0.5 ± 0.02", share)
	}
}
