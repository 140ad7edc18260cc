package pbxsim

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"linka/cti/csta"
)

func TestFaults_InjectGarbage(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overTCP)
	p.InjectGarbage()
	for i := range len(garbagePDUs) {
		select {
		case err := <-c.errs:
			if !csta.IsMalformed(err) {
				t.Errorf("report %d = %v, want a malformed PDU", i, err)
			}
		case <-time.After(wait):
			t.Fatalf("report %d of the garbage never came", i)
		}
	}
	c.sync() // the link still works
}

func TestFaults_CloseMidPDU(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overTCP)
	p.CloseMidPDU()
	select {
	case <-c.conn.Done():
		if err := c.conn.Err(); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("Err() = %v, want an unexpected EOF", err)
		}
	case <-time.After(wait):
		t.Fatal("the connection stayed up")
	}
	eventually(t, "client forgotten", func() bool { return p.Clients() == 0 })
}

func TestFaults_StopResponding(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overPipe)
	c.sync()
	p.StopResponding(time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.conn.MonitorStart(ctx, csta.MonitorStartArgument{Device: csta.DialingNumber("101")}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("MonitorStart during the pause = %v, want a timeout", err)
	}
	select {
	case err := <-c.errs: // the late answer, for a request nobody waits for
		if err == nil {
			t.Error("late answer reported as nil")
		}
	case <-time.After(wait):
		t.Fatal("the answer never came after the pause")
	}
	if n := p.Monitors(); n != 1 {
		t.Errorf("Monitors() = %d, want 1: the request was served during the pause", n)
	}
	c.sync()
}

func TestFaults_RejectAndFailNext(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overPipe)
	ctx := context.Background()
	mon := csta.MonitorStartArgument{Device: csta.DialingNumber("101")}
	p.RejectNext(csta.OpMonitorStart)
	_, err := c.conn.MonitorStart(ctx, mon)
	var re *csta.RejectError
	if !errors.As(err, &re) || re.Problem != (csta.RejectProblem{Kind: csta.ProblemInvoke, Code: 3}) {
		t.Errorf("MonitorStart after RejectNext = %v, want an invoke resourceLimitation reject", err)
	}
	busy := &csta.Error{Class: csta.ClassSystemResourceAvailability, Value: 7}
	p.FailNext(csta.OpMonitorStart, busy)
	_, err = c.conn.MonitorStart(ctx, mon)
	cstaError(t, "MonitorStart after FailNext", err, busy.Class, busy.Value)
	if _, err := c.conn.MonitorStart(ctx, mon); err != nil {
		t.Errorf("third MonitorStart = %v, want success", err)
	}
}

func TestFaults_DropConnections(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overTCP)
	c.monitor("101")
	h := incoming(t, p, "602123456", "101")
	must(t, h.Answer("101"))
	p.DropConnections()
	select {
	case <-c.conn.Done():
	case <-time.After(wait):
		t.Fatal("the connection stayed up")
	}
	eventually(t, "monitors forgotten", func() bool { return p.Monitors() == 0 && p.Clients() == 0 })
	if calls := p.Calls(); len(calls) != 1 || calls[0].ID != h.ID() {
		t.Errorf("Calls() after the drop = %+v, want the call in progress", calls)
	}
	again := connect(t, p, overTCP)
	if refs := again.monitor("101"); refs["101"] != "0001" {
		t.Errorf("first monitor of a new association = %s, want 0001", refs["101"])
	}
}

func TestFaults_SystemStatus(t *testing.T) {
	t.Run("enabled", func(t *testing.T) {
		p := newPBX(t, Options{})
		c := connect(t, p, overPipe)
		c.status()
		c.monitor("101", "102")
		if _, err := c.conn.StartCDRTransmission(context.Background(), csta.CDRAtEndOfCall); err != nil {
			t.Fatal(err)
		}
		p.SendSystemStatus(csta.StatusEnabled)
		if s := c.status(); s != csta.StatusEnabled {
			t.Fatalf("status = %v, want enabled", s)
		}
		incoming(t, p, "602123456", "101")
		if lines := c.lines(); len(lines) != 0 {
			t.Errorf("events after enabled = %v, want none: the monitors are gone", lines)
		}
		if refs := c.monitor("103"); refs["103"] != "0001" {
			t.Errorf("monitor after enabled = %s, want 0001 again", refs["103"])
		}
		if _, err := c.conn.StartCDRTransmission(context.Background(), csta.CDRAtEndOfCall); err != nil {
			t.Errorf("StartCDRTransmission after enabled = %v, want success", err)
		}
	})
	t.Run("messages lost", func(t *testing.T) {
		p := newPBX(t, Options{})
		c := connect(t, p, overPipe)
		c.status()
		c.monitor("101")
		p.SendSystemStatus(csta.StatusMessagesLost)
		if s := c.status(); s != csta.StatusMessagesLost {
			t.Fatalf("status = %v, want messagesLost", s)
		}
		incoming(t, p, "602123456", "101")
		if lines := c.lines(); len(lines) != 1 {
			t.Errorf("events after messagesLost = %v, want the delivered event", lines)
		}
	})
}

func TestFaults_LoseEvents(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overPipe)
	c.status()
	c.monitor("101")
	p.LoseEvents(2)
	h := incoming(t, p, "602123456", "101")
	must(t, h.Answer("101"))
	must(t, h.Hold())
	assertLines(t, "events after two were lost", c.lines(), []string{"held 1@101 101 normal hold"})
	if s := c.status(); s != csta.StatusMessagesLost {
		t.Errorf("status = %v, want messagesLost", s)
	}
}

func TestFaults_SlowClientGetsMessagesLost(t *testing.T) {
	p := newPBX(t, Options{QueueLimit: 20, HeartbeatInterval: -1})
	r := rawDial(t, p, overPipe)
	r.associate()
	r.write(golden(t, "monitorstart-101.hex"))
	r.readPDU()
	// net.Pipe is unbuffered: while the test does not read, the writer is
	// stuck and the queue fills.
	for range 50 {
		h := incoming(t, p, "602123456", "101")
		must(t, h.Hangup("602123456"))
	}
	events, lost := 0, false
	for !lost {
		inv, ok := r.readPDU().(*csta.Invoke)
		if !ok {
			continue
		}
		switch inv.Operation {
		case csta.OpEventReport:
			events++
		case csta.OpSystemStatus:
			arg, err := csta.DecodeSystemStatusArgument(inv.Argument)
			lost = err == nil && arg.Status == csta.StatusMessagesLost
		}
	}
	if events >= 150 {
		t.Errorf("events before messagesLost = %d, want fewer than the 150 sent", events)
	}
}
