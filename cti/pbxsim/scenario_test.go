package pbxsim

import (
	"testing"

	"linka/cti/csta"
)

// The expected event sequences of the scenarios, as a client monitoring
// the named devices sees them. Call ids start at 1 in a fresh PBX; 102 is
// named by device number in the events (NamingMixed) and mapped back by
// the test.

func TestScenario_IncomingToExtension(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			p := newPBX(t, Options{})
			c := connect(t, p, tr.open)
			c.monitor("101", "T01")
			h := incoming(t, p, "602123456", "101")
			must(t, h.Answer("101"))
			must(t, h.Hangup("602123456"))
			assertLines(t, "answered call", c.lines(), []string{
				"serviceInitiated 1@T01 T01 newCall initiated",
				"delivered 1@101 101 newCall connected", // seen by the trunk monitor
				"delivered 1@101 101 newCall alerting",
				"established 1@101 101 newCall connected",
				"established 1@101 101 newCall connected",
				"connectionCleared 1@T01 602123456 normalClearing null",
				"connectionCleared 1@T01 602123456 normalClearing connected",
				"connectionCleared 1@101 101 normalClearing null",
			})
		})
	}
}

func TestScenario_IncomingEventFields(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overPipe)
	c.monitor("102")
	incoming(t, p, "602123456", "544503102")
	evs := c.drain()
	if len(evs) != 1 {
		t.Fatalf("events = %d, want 1 delivered", len(evs))
	}
	d, ok := evs[0].Event.(*csta.DeliveredEvent)
	if !ok {
		t.Fatalf("event = %T, want delivered", evs[0].Event)
	}
	dev102 := csta.DeviceNumber(p.dir.byNumber["102"].devNum)
	trunk := csta.DeviceNumber(p.dir.byNumber["T01"].devNum)
	checks := []struct {
		what      string
		got, want csta.DeviceID
	}{
		{"alerting device", d.AlertingDevice, dev102},
		{"connection device", d.Connection.Device, dev102},
		{"calling device", d.CallingDevice, csta.DialingNumber("602123456")},
		{"called device", d.CalledDevice, csta.DialingNumber("544503102")},
		{"last redirection", d.LastRedirectionDevice, csta.DeviceID{Kind: csta.DeviceNotRequired}},
		{"associated calling", d.AssociatedCallingDevice, trunk},
		{"network calling", d.NetworkCallingDevice, csta.DialingNumber("602123456")},
		{"network called", d.NetworkCalledDevice, csta.DialingNumber("544503102")},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("delivered %s = %v, want %v", ck.what, ck.got, ck.want)
		}
	}
	if string(d.Connection.Call) != "\x00\x01" {
		t.Errorf("delivered call id = %x, want 0001", d.Connection.Call)
	}
}
