package recorder_test

import (
	"context"
	"net/netip"
	"os"
	"os/exec"
	"sync"
	"testing"

	"linka/recorder"
	"linka/recorder/capture"
)

// collector is a Sink keeping what it is told.
type collector struct {
	mu       sync.Mutex
	started  []recorder.Info
	finished []recorder.Info
}

func (c *collector) RecordingStarted(i recorder.Info) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.started = append(c.started, i)
}

func (c *collector) RecordingFinished(i recorder.Info) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.finished = append(c.finished, i)
}

func (c *collector) done() []recorder.Info {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]recorder.Info(nil), c.finished...)
}

// importFile runs a capture file through an engine and returns what it
// recorded.
func importFile(t *testing.T, path string, o recorder.Options) []recorder.Info {
	t.Helper()
	c := &collector{}
	o.Sink = c
	if o.Dir == "" {
		o.Dir = t.TempDir()
	}
	e, err := recorder.NewEngine(o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := capture.ReadFile(context.Background(), path, capture.Filter{}, e.Handle); err != nil {
		t.Fatal(err)
	}
	e.Close()
	return c.done()
}

// requirePeer skips a test whose peer tool is missing, or fails it when
// LINKA_REQUIRE_PEERS=1.
func requirePeer(t *testing.T, tool, how string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("LINKA_REQUIRE_PEERS") == "1" {
			t.Fatalf("%s not found (LINKA_REQUIRE_PEERS=1): %s", tool, how)
		}
		t.Skipf("%s not found: %s", tool, how)
	}
	return p
}

func mustAddrs(s ...string) []netip.Addr {
	var out []netip.Addr
	for _, a := range s {
		out = append(out, netip.MustParseAddr(a))
	}
	return out
}
