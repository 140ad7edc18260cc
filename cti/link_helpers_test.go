package cti

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cti/pbxsim"
)

// startPBX serves a simulated PBX on 127.0.0.1 and returns its address.
func startPBX(t testing.TB, opts pbxsim.Options) (*pbxsim.PBX, string) {
	t.Helper()
	p, err := pbxsim.New(opts)
	if err != nil {
		t.Fatalf("pbxsim.New: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	go p.Serve(ln)
	t.Cleanup(func() { p.Close() })
	return p, ln.Addr().String()
}

// simExtensions are the extensions of pbxsim's default office.
var simExtensions = []string{"101", "102", "103", "104", "105", "106", "107", "108", "109", "110"}

// memStore is a CallStore keeping records in memory.
type memStore struct {
	mu      sync.Mutex
	records []CallRecord
}

func (s *memStore) SaveCall(_ context.Context, r CallRecord) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = append(s.records, r)
	return nil
}

// record returns the saved record of call id.
func (s *memStore) record(id string) (CallRecord, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.records {
		if r.ID == id {
			return r, true
		}
	}
	return CallRecord{}, false
}

// logRecorder is a slog handler keeping the records.
type logRecorder struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (h *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (h *logRecorder) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recs = append(h.recs, r.Clone())
	return nil
}
func (h *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *logRecorder) WithGroup(string) slog.Handler      { return h }

// count returns the records with message msg at level.
func (h *logRecorder) count(level slog.Level, msg string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, r := range h.recs {
		if r.Level == level && r.Message == msg {
			n++
		}
	}
	return n
}

// testLink is a running Link with a subscription to everything it
// publishes.
type testLink struct {
	*Link
	t     testing.TB
	sub   *Subscription
	store *memStore
	logs  *logRecorder
	reg   *prometheus.Registry
}

// startLink runs a Link to addr monitoring pbxsim's default office; mod
// adjusts the options.
func startLink(t testing.TB, addr string, mod func(*LinkOptions)) *testLink {
	t.Helper()
	tl := &testLink{t: t, store: &memStore{}, logs: &logRecorder{}, reg: prometheus.NewRegistry()}
	opts := LinkOptions{
		Address: addr, Extensions: simExtensions, Groups: []string{"600"},
		Store: tl.store, Logger: slog.New(tl.logs), Registry: tl.reg,
		Directory:   directory{"101": "Jana Nováková", "102": "Petr Svoboda"},
		BackoffBase: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond,
		RequestTimeout: 5 * time.Second,
	}
	if mod != nil {
		mod(&opts)
	}
	l, err := NewLink(opts)
	if err != nil {
		t.Fatalf("NewLink: %v", err)
	}
	tl.Link = l
	tl.sub = l.Bus().Subscribe(nil, 100000)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := l.Run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return tl
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// up waits until the link is up.
func (tl *testLink) up() {
	tl.t.Helper()
	waitFor(tl.t, "link up", func() bool { return tl.Status().State == LinkUp })
}

// next returns the next published event matching pred, skipping others.
func (tl *testLink) next(what string, pred func(Event) bool) Event {
	tl.t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case e, ok := <-tl.sub.Events():
			if !ok {
				tl.t.Fatalf("subscription ended waiting for %s: %v", what, tl.sub.Err())
			}
			if pred(e) {
				return e
			}
		case <-deadline:
			tl.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// callEvent waits for a call event of type typ at ext (any extension when
// ext is "") and returns its payload.
func (tl *testLink) callEvent(typ, ext string) CallEvent {
	tl.t.Helper()
	e := tl.next(typ+"@"+ext, func(e Event) bool {
		ce, ok := e.Data.(CallEvent)
		return ok && e.Type == typ && (ext == "" || ce.Extension == ext)
	})
	return e.Data.(CallEvent)
}

// ended waits for the end of call id and returns it.
func (tl *testLink) ended(id string) CallInfo {
	tl.t.Helper()
	e := tl.next("end of "+id, func(e Event) bool {
		ce, ok := e.Data.(CallEvent)
		return ok && e.Type == TypeCallEnded && ce.Call.ID == id
	})
	return e.Data.(CallEvent).Call
}

// must fails the test on a scenario error.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// proxy is a TCP proxy that a test can cut and restore.
type proxy struct {
	ln     net.Listener
	target string

	mu      sync.Mutex
	conns   []net.Conn
	blocked bool
}

// startProxy forwards connections from a new local address to target.
func startProxy(t testing.TB, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	p := &proxy{ln: ln, target: target}
	go p.serve()
	t.Cleanup(func() {
		ln.Close()
		p.cut()
	})
	return p
}

// addr is where clients connect.
func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		blocked := p.blocked
		p.mu.Unlock()
		if blocked {
			c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go pipe(c, up)
		go pipe(up, c)
	}
}

// pipe copies src to dst and closes both when one side ends.
func pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// cut closes every proxied connection and refuses new ones.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.blocked = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore accepts connections again.
func (p *proxy) restore() {
	p.mu.Lock()
	p.blocked = false
	p.mu.Unlock()
}

// metric returns the value of a gauge or counter in reg, by name and
// label pairs "name=value".
func metric(t testing.TB, reg *prometheus.Registry, name string, labels ...string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	next:
		for _, m := range f.GetMetric() {
			for _, want := range labels {
				k, v, _ := strings.Cut(want, "=")
				found := false
				for _, lp := range m.GetLabel() {
					found = found || (lp.GetName() == k && lp.GetValue() == v)
				}
				if !found {
					continue next
				}
			}
			if m.Gauge != nil {
				return m.Gauge.GetValue()
			}
			return m.Counter.GetValue()
		}
	}
	return 0
}
