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

func TestScenario_ICDGroup(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overTCP)
	c.monitor("101", "102", "600")
	h := incoming(t, p, "602123456", "600")
	must(t, h.Answer("102"))
	must(t, h.Hangup("102"))
	assertLines(t, "group call", c.lines(), []string{
		"delivered 1@101 101 distributed alerting",
		"delivered 1@101 101 distributed absent",
		"delivered 1@102 102 distributed alerting",
		"delivered 1@102 102 distributed alerting",
		"delivered 1@102 102 distributed absent",
		"delivered 1@103 103 distributed alerting",
		"delivered 1@103 103 distributed alerting",
		"delivered 1@103 103 distributed absent",
		"established 1@102 102 newCall alerting",
		"established 1@102 102 newCall connected",
		"established 1@102 102 newCall absent",
		"connectionCleared 1@101 101 normalClearing null",
		"connectionCleared 1@101 101 normalClearing connected",
		"connectionCleared 1@101 101 normalClearing absent",
		"connectionCleared 1@103 103 normalClearing connected",
		"connectionCleared 1@103 103 normalClearing absent",
		"connectionCleared 1@102 102 normalClearing null",
		"connectionCleared 1@102 102 normalClearing absent",
		"connectionCleared 1@T01 602123456 normalClearing absent",
	})
}

func TestScenario_Queue(t *testing.T) {
	opts := Options{Groups: map[string][]string{"600": {"101"}}}
	t.Run("served when the member is free", func(t *testing.T) {
		p := newPBX(t, opts)
		c := connect(t, p, overPipe)
		c.monitor("101", "600")
		first := incoming(t, p, "602111111", "101")
		must(t, first.Answer("101"))
		second := incoming(t, p, "602222222", "600")
		must(t, first.Hangup("602111111"))
		must(t, second.Answer("101"))
		assertLines(t, "queued call", c.lines(), []string{
			"delivered 1@101 101 newCall alerting",
			"established 1@101 101 newCall connected",
			"queued 2@600 600 noAvailableAgents queued",
			"connectionCleared 1@T01 602111111 normalClearing connected",
			"connectionCleared 1@101 101 normalClearing null",
			"diverted 2@600 600→101 distributed absent",
			"delivered 2@101 101 distributed alerting",
			"delivered 2@101 101 distributed absent",
			"established 2@101 101 newCall connected",
			"established 2@101 101 newCall absent",
		})
	})
	t.Run("abandoned", func(t *testing.T) {
		p := newPBX(t, opts)
		c := connect(t, p, overPipe)
		c.monitor("600")
		must(t, p.AgentNotReady("101"))
		h := incoming(t, p, "602222222", "600")
		must(t, h.Hangup("602222222"))
		assertLines(t, "abandoned call", c.lines(), []string{
			"agentNotReady 101 600",
			"queued 1@600 600 noAvailableAgents queued",
			"connectionCleared 1@T01 602222222 normalClearing queued",
			"connectionCleared 1@600 600 callCancelled absent",
		})
		if got := p.Calls(); len(got) != 0 {
			t.Errorf("Calls() after abandon = %v, want none", got)
		}
	})
}

func TestScenario_Missed(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overPipe)
	c.monitor("101")
	h := incoming(t, p, "", "101")
	must(t, h.Hangup("T01"))
	assertLines(t, "missed call", c.lines(), []string{
		"delivered 1@101 101 newCall alerting",
		"connectionCleared 1@T01 T01 normalClearing alerting",
		"connectionCleared 1@101 101 callCancelled null",
	})
	if !h.Ended() {
		t.Error("Ended() = false after the caller hung up, want true")
	}
}

func TestScenario_Outbound(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overPipe)
	c.monitor("101")
	h := outbound(t, p, "101", "777123456")
	must(t, h.Answer("777123456"))
	must(t, h.Hold())
	must(t, h.Retrieve())
	must(t, h.Hangup("101"))
	assertLines(t, "outbound call", c.lines(), []string{
		"serviceInitiated 1@101 101 newCall initiated",
		"originated 1@101 101→777123456 newCall connected",
		"networkReached 1@T01 T01 newCall connected",
		"established 1@T01 777123456 newCall connected",
		"held 1@101 101 normal hold",
		"retrieved 1@101 101 normal connected",
		"connectionCleared 1@101 101 normalClearing null",
	})
}

func TestScenario_ConsultAndTransfer(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overTCP)
	c.monitor("101", "102")
	h := incoming(t, p, "602123456", "101")
	must(t, h.Answer("101"))
	must(t, h.ConsultAndTransfer("101", "102"))
	if id, ok := h.CallID(); !ok || id != 2 {
		t.Errorf("CallID() after transfer = %d, %v, want 2, true", id, ok)
	}
	must(t, h.Hangup("602123456"))
	next := incoming(t, p, "602999999", "103")
	assertLines(t, "consultation transfer", c.lines(), []string{
		"delivered 1@101 101 newCall alerting",
		"established 1@101 101 newCall connected",
		"held 1@101 101 consultation hold",
		"serviceInitiated 2@101 101 consultation initiated",
		"originated 2@101 101→102 consultation connected",
		"delivered 2@102 102 consultation connected",
		"delivered 2@102 102 consultation alerting",
		"established 2@102 102 newCall connected",
		"established 2@102 102 newCall connected",
		"transferred 1@101+2@101 101→102 [1@T01>2@T01 2@102>2@102] transfer null",
		"transferred 1@101+2@101 101→102 [1@T01>2@T01 2@102>2@102] transfer connected",
		"connectionCleared 2@T01 602123456 normalClearing connected",
		"connectionCleared 2@102 102 normalClearing null",
	})
	if id, _ := next.CallID(); id != 1 {
		t.Errorf("next call id = %d, want 1 (the freed id reused)", id)
	}
}

func TestScenario_BlindTransfer(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overPipe)
	c.monitor("101", "102")
	h := incoming(t, p, "602123456", "101")
	must(t, h.Answer("101"))
	must(t, h.BlindTransfer("102"))
	must(t, h.Answer("102"))
	assertLines(t, "blind transfer", c.lines(), []string{
		"delivered 1@101 101 newCall alerting",
		"established 1@101 101 newCall connected",
		"transferred 1@101+0 101→102 [1@T01>1@T01] singleStepTransfer null",
		"delivered 1@102 102 singleStepTransfer alerting",
		"established 1@102 102 newCall connected",
	})
}

func TestScenario_Agents(t *testing.T) {
	p := newPBX(t, Options{AgentsLoggedOut: true})
	c := connect(t, p, overPipe)
	c.monitor("101", "600")
	must(t, p.AgentLogin("101"))
	must(t, p.AgentNotReady("101"))
	must(t, p.AgentReady("101"))
	must(t, p.AgentWorkingAfterCall("101"))
	must(t, p.AgentLogout("101"))
	assertLines(t, "agent states", c.lines(), []string{
		"agentLoggedOn 101 600", "agentLoggedOn 101 600",
		"agentNotReady 101 600", "agentNotReady 101 600",
		"agentReady 101 600", "agentReady 101 600",
		"agentWorkingAfterCall 101 600", "agentWorkingAfterCall 101 600",
		"agentLoggedOff 101 600", "agentLoggedOff 101 600",
	})
	if err := p.AgentReady("101"); err == nil {
		t.Error("AgentReady of a logged-out agent = nil, want an error")
	}
	if err := p.AgentLogin("105"); err == nil {
		t.Error("AgentLogin of an extension in no group = nil, want an error")
	}
}

func TestScenario_LoggedOutMembersGetNoGroupCalls(t *testing.T) {
	p := newPBX(t, Options{})
	must(t, p.AgentLogout("101"))
	must(t, p.AgentNotReady("102"))
	incoming(t, p, "602123456", "600")
	calls := p.Calls()
	if len(calls) != 1 || len(calls[0].Parties) != 2 || calls[0].Parties[1].Device != "103" {
		t.Errorf("Calls() = %+v, want one call ringing only 103", calls)
	}
}
