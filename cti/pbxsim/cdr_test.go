package pbxsim

import (
	"context"
	"sync"
	"testing"
	"time"

	"linka/cti/csta"
)

// clock is a settable clock for Options.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// cdr waits for the next cDRReport the client received.
func (c *client) cdr() csta.CDRReportArgument {
	c.t.Helper()
	for {
		select {
		case inv := <-c.invokes:
			if inv.Operation != csta.OpCDRReport {
				continue
			}
			arg, err := csta.DecodeCDRReportArgument(inv.Argument)
			if err != nil {
				c.t.Fatalf("cDRReport: %v", err)
			}
			return arg
		case <-time.After(wait):
			c.t.Fatal("no cDRReport arrived")
		}
	}
}

func TestCDR_Reports(t *testing.T) {
	clk := &clock{now: time.Date(2025, 3, 14, 9, 30, 0, 0, time.Local)}
	p := newPBX(t, Options{Now: clk.Now})
	c := connect(t, p, overTCP)
	ctx := context.Background()
	start, err := c.conn.StartCDRTransmission(ctx, csta.CDRAtEndOfCall)
	if err != nil {
		t.Fatalf("StartCDRTransmission: %v", err)
	}
	h := incoming(t, p, "602123456", "101")
	clk.advance(5 * time.Second)
	must(t, h.Answer("101"))
	clk.advance(12300 * time.Millisecond)
	must(t, h.Hangup("101"))
	rep := c.cdr()
	if string(rep.CrossRef) != string(start.CrossRef) || len(rep.Records) != 1 {
		t.Fatalf("cDRReport = %+v, want one record for cross reference %x", rep, start.CrossRef)
	}
	r := rep.Records[0]
	trunk := p.dir.byNumber["T01"].id()
	checks := []struct{ what, got, want string }{
		{"creation time", r.CreationTime, "20250314093017"},
		{"start", r.ConnectionStart, "20250314093005"},
		{"end", r.ConnectionEnd, "20250314093017"},
		{"calling", r.CallingDevice.String(), "602123456"},
		{"called", r.CalledDevice.String(), "544503101"},
		{"line", r.AssociatedCallingDevice.String(), trunk.String()},
		{"call", connName(p, r.RecordedCall), "1"},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("record %s = %s, want %s", ck.what, ck.got, ck.want)
		}
	}
	if r.Duration == nil || *r.Duration != 123 {
		t.Errorf("record duration = %v, want 123 tenths of a second", r.Duration)
	}
	missed := incoming(t, p, "", "102")
	must(t, missed.Hangup("T01"))
	if r := c.cdr().Records[0]; r.Duration != nil || r.ConnectionStart != "" || r.CallingDevice.Kind != csta.DeviceRestricted {
		t.Errorf("record of a missed withheld call = %+v, want no start, no duration, calling restricted", r)
	}
	if err := c.conn.StopCDRTransmission(ctx, start.CrossRef); err != nil {
		t.Fatalf("StopCDRTransmission: %v", err)
	}
	outbound(t, p, "101", "102")
	last := outbound(t, p, "103", "777123456")
	must(t, last.Hangup("103"))
	c.sync()
	for len(c.invokes) > 0 {
		if inv := <-c.invokes; inv.Operation == csta.OpCDRReport {
			t.Error("cDRReport after StopCDRTransmission")
		}
	}
}
