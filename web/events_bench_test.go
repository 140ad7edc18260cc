package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/cti"
	"linka/internal/store/storetest"
)

// Parameters of BenchmarkEvents_Fanout (docs/performance.md).
const (
	benchClients = 500
	benchRate    = 100 // events per second
)

// BenchmarkEvents_Fanout measures the event stream under the load of an
// office: benchClients clerks connected over loopback WebSockets, each at
// its own extension, and call events published on the bus at benchRate
// per second, each for one clerk's extension (as the PBX link publishes
// them right after decoding a CSTA event). It reports the latency from
// Publish to the frame read by the client (p50, p99, max) and the memory
// and goroutines each connected client costs (server and client side
// together, both in this process). Run it with a fixed count:
//
//	go test ./web -run '^$' -bench Events_Fanout -benchtime 2000x
func BenchmarkEvents_Fanout(b *testing.B) {
	ctx := context.Background()
	bus := cti.NewBus(nil)
	srv, tokens := benchServer(b, bus)
	ts := httptest.NewServer(srv)
	defer ts.Close()

	var published sync.Map // seq -> time.Time
	lat := make(chan time.Duration, 1<<16)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	goroutines := runtime.NumGoroutine()
	url := "ws" + strings.TrimPrefix(ts.URL, "http") + "/api/v1/events"
	conns := make([]*websocket.Conn, 0, benchClients)
	for i := range benchClients {
		c, _, err := websocket.DefaultDialer.DialContext(ctx, url,
			http.Header{"Authorization": {"Bearer " + tokens[i]}})
		if err != nil {
			b.Fatalf("dial client %d: %v", i, err)
		}
		conns = append(conns, c)
		go benchRead(c, &published, lat)
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for bus.Subscribers() < benchClients+1 { // +1: the hub's call tracker
		time.Sleep(10 * time.Millisecond)
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	perClient := float64(after.HeapInuse+after.StackInuse-before.HeapInuse-before.StackInuse) / benchClients
	perGoroutines := float64(runtime.NumGoroutine()-goroutines) / benchClients

	b.ResetTimer()
	tick := time.NewTicker(time.Second / benchRate)
	defer tick.Stop()
	for i := range b.N {
		<-tick.C
		ext := fmt.Sprint(1000 + i%benchClients)
		e := cti.Event{Type: cti.TypeCallRinging, Data: cti.CallEvent{Extension: ext, Call: cti.CallInfo{
			ID: fmt.Sprintf("bench-%d", i), State: cti.CallRinging, Direction: cti.DirectionIncoming,
			Caller: "+420602123456", Called: "544503" + ext, StartedAt: time.Now(), Since: time.Now(),
			Parties: []cti.Party{{Extension: ext, Kind: cti.KindExtension, State: cti.ConnAlerting}}}}}
		// The time is recorded before Publish, so it counts the filters
		// of every connection too.
		published.Store(bus.Seq()+1, time.Now())
		bus.Publish(e)
	}
	got := make([]time.Duration, 0, b.N)
	deadline := time.After(10 * time.Second)
	for len(got) < b.N {
		select {
		case d := <-lat:
			got = append(got, d)
		case <-deadline:
			b.Fatalf("received %d of %d events", len(got), b.N)
		}
	}
	b.StopTimer()
	slices.Sort(got)
	pct := func(p float64) float64 { return float64(got[int(float64(len(got)-1)*p)].Microseconds()) }
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
	b.ReportMetric(float64(got[len(got)-1].Microseconds()), "max-µs")
	b.ReportMetric(perClient, "B/client")
	b.ReportMetric(perGoroutines, "goroutines/client")
}

// benchRead reads frames and reports each one's latency.
func benchRead(c *websocket.Conn, published *sync.Map, lat chan<- time.Duration) {
	for {
		_, data, err := c.ReadMessage()
		if err != nil {
			return
		}
		now := time.Now()
		var ev struct {
			Seq uint64 `json:"seq"`
		}
		if json.Unmarshal(data, &ev) != nil {
			continue
		}
		if at, ok := published.Load(ev.Seq); ok {
			lat <- now.Sub(at.(time.Time))
		}
	}
}

// benchServer returns a server on a fresh SQLite database with
// benchClients clerks at extensions 1000… and their bearer tokens (the
// users are stored directly: hashing passwords would take minutes).
func benchServer(b *testing.B, bus *cti.Bus) (*Server, []string) {
	ctx := context.Background()
	st := storetest.SQLite(b)
	var err error
	db, blobs := st.DB, st.Blobs
	svc := cases.NewService(db, blobs, cases.Options{})
	tokens := make([]string, benchClients)
	for i := range benchClients {
		u := &cases.User{Login: fmt.Sprintf("clerk%d", i), Name: fmt.Sprintf("Clerk %d", i), Active: true,
			Roles: []cases.Role{cases.RoleClerk}, Extension: fmt.Sprint(1000 + i), PasswordHash: "$argon2id$x",
			CreatedAt: svc.Now()}
		if err := db.CreateUser(ctx, u); err != nil {
			b.Fatal(err)
		}
		if tokens[i], _, err = svc.CreateToken(ctx, cases.Console(), u.ID, "bench", 0); err != nil {
			b.Fatal(err)
		}
	}
	srv, err := New(Options{Service: svc, Registry: prometheus.NewRegistry(), Bus: bus, Panel: db})
	if err != nil {
		b.Fatal(err)
	}
	return srv, tokens
}
