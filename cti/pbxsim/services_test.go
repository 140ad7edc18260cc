package pbxsim

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"linka/cti/csta"
)

// conn returns the connection of number in call id, as the PBX names it.
func conn(p *PBX, id int, number string) csta.ConnectionID {
	return csta.ConnectionID{Call: []byte{byte(id >> 8), byte(id)}, Device: p.dir.byNumber[number].id()}
}

func TestServices_MakeCallAndConnectionServices(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overTCP)
	c.monitor("101", "102")
	ctx := context.Background()
	res, err := c.conn.MakeCall(ctx, csta.MakeCallArgument{Calling: csta.DialingNumber("101"), Called: csta.DialingNumber("102")})
	if err != nil {
		t.Fatalf("MakeCall: %v", err)
	}
	if got := connName(p, res.Connection); got != "1@101" {
		t.Errorf("MakeCall connection = %s, want 1@101", got)
	}
	var ringing csta.ConnectionID
	for _, r := range c.drain() {
		if d, ok := r.Event.(*csta.DeliveredEvent); ok {
			ringing = d.Connection
		}
	}
	steps := []struct {
		what string
		do   func() error
	}{
		{"answer", func() error { return c.conn.AnswerCall(ctx, ringing) }},
		{"hold", func() error { return c.conn.HoldCall(ctx, res.Connection) }},
		{"retrieve", func() error { return c.conn.RetrieveCall(ctx, res.Connection) }},
		{"digits", func() error {
			return c.conn.GenerateDigits(ctx, csta.GenerateDigitsArgument{Connection: res.Connection, Characters: "12#"})
		}},
		{"DTMF, Phase II", func() error {
			return c.conn.GenerateDigits(ctx, csta.GenerateDigitsArgument{Op: csta.OpSendDTMFTones, Connection: ringing, Characters: "5"})
		}},
		{"clear", func() error { return c.conn.ClearConnection(ctx, ringing) }},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.what, err)
		}
	}
	assertLines(t, "make call and services", c.lines(), []string{
		"established 1@102 102 newCall connected",
		"established 1@102 102 newCall connected",
		"held 1@101 101 normal hold",
		"held 1@101 101 normal connected",
		"retrieved 1@101 101 normal connected",
		"retrieved 1@101 101 normal connected",
		"connectionCleared 1@102 102 normalClearing connected",
		"connectionCleared 1@102 102 normalClearing null",
		"connectionCleared 1@101 101 normalClearing null",
	})
}

func TestServices_MakeCallEvents(t *testing.T) {
	tests := []struct {
		name, to string
		want     []string
	}{
		{"internal", "103", []string{
			"serviceInitiated 1@101 101 makeCall initiated",
			"originated 1@101 101→103 makeCall connected",
			"delivered 1@103 103 newCall connected",
		}},
		{"external", "0777123456", []string{
			"serviceInitiated 1@101 101 makeCall initiated",
			"originated 1@101 101→0777123456 makeCall connected",
			"networkReached 1@T01 T01 newCall connected",
		}},
		{"unknown number", "199", []string{
			"serviceInitiated 1@101 101 makeCall initiated",
			"originated 1@101 101→199 makeCall connected",
			"failed 1@101 199 destNotObtainable fail",
			"connectionCleared 1@101 101 destNotObtainable null",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPBX(t, Options{})
			c := connect(t, p, overPipe)
			c.monitor("101")
			arg := csta.MakeCallArgument{Calling: csta.DialingNumber("101"), Called: csta.DialingNumber(tt.to)}
			if _, err := c.conn.MakeCall(context.Background(), arg); err != nil {
				t.Fatalf("MakeCall: %v", err)
			}
			assertLines(t, "make call to "+tt.to, c.lines(), tt.want)
		})
	}
}

func TestServices_ConsultationAndTransfer(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overTCP)
	ctx := context.Background()
	h := incoming(t, p, "602123456", "101")
	must(t, h.Answer("101"))
	res, err := c.conn.ConsultationCall(ctx, csta.ConsultationCallArgument{Existing: conn(p, 1, "101"), Consulted: csta.DialingNumber("102")})
	if err != nil {
		t.Fatalf("ConsultationCall: %v", err)
	}
	if got := connName(p, res.Initiated); got != "2@101" {
		t.Errorf("ConsultationCall initiated = %s, want 2@101", got)
	}
	if err := c.conn.AnswerCall(ctx, conn(p, 2, "102")); err != nil {
		t.Fatalf("AnswerCall: %v", err)
	}
	tr, err := c.conn.TransferCall(ctx, conn(p, 1, "101"), res.Initiated)
	if err != nil {
		t.Fatalf("TransferCall: %v", err)
	}
	var list []string
	for _, e := range tr.Connections {
		list = append(list, connName(p, e.Old)+">"+connName(p, e.New))
	}
	if got := fmt.Sprintf("%s %v", connName(p, tr.Transferred), list); got != "2 [1@T01>2@T01 2@102>2@102]" {
		t.Errorf("TransferCall result = %s, want 2 [1@T01>2@T01 2@102>2@102]", got)
	}
	calls := p.Calls()
	if len(calls) != 1 || calls[0].ID != h.ID() || calls[0].CallID != 2 || fmt.Sprint(calls[0].Parties) != "[{T01 602123456 connected} {102  connected}]" {
		t.Errorf("Calls() after transfer = %+v, want call %d with id 2 between T01 and 102", calls, h.ID())
	}
}

func TestServices_DeflectAndSingleStepTransfer(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overPipe)
	c.monitor("103")
	ctx := context.Background()
	h := incoming(t, p, "602123456", "101")
	if err := c.conn.DeflectCall(ctx, conn(p, 1, "101"), csta.DialingNumber("103")); err != nil {
		t.Fatalf("DeflectCall: %v", err)
	}
	must(t, h.Answer("103"))
	arg := csta.SingleStepTransferArgument{Active: conn(p, 1, "103"), TransferredTo: csta.DialingNumber("777000111")}
	if _, err := c.conn.SingleStepTransfer(ctx, arg); err != nil {
		t.Fatalf("SingleStepTransfer: %v", err)
	}
	assertLines(t, "deflect then transfer out", c.lines(), []string{
		"delivered 1@103 103 redirected alerting",
		"established 1@103 103 newCall connected",
		"transferred 1@103+0 103→777000111 [1@T01>1@T01] singleStepTransfer null",
	})
	calls := p.Calls()
	if len(calls) != 1 || fmt.Sprint(calls[0].Parties) != "[{T01 602123456 connected} {T02 777000111 alerting}]" {
		t.Errorf("Calls() = %+v, want the caller on T01 and 777000111 ringing on T02", calls)
	}
}

func TestServices_SetAgentState(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overPipe)
	c.monitor("600")
	ctx := context.Background()
	arg := csta.SetAgentStateArgument{Device: csta.DialingNumber("102"), Requested: csta.AgentNotReady, Group: csta.DialingNumber("600")}
	if _, err := c.conn.SetAgentState(ctx, arg); err != nil {
		t.Fatalf("SetAgentState: %v", err)
	}
	arg.Requested = csta.AgentLogOff
	if _, err := c.conn.SetAgentState(ctx, arg); err != nil {
		t.Fatalf("SetAgentState: %v", err)
	}
	assertLines(t, "agent states", c.lines(), []string{"agentNotReady 102 600", "agentLoggedOff 102 600"})
}

func TestServices_SnapshotMatchesCalls(t *testing.T) {
	p := newPBX(t, Options{Groups: map[string][]string{"600": {"104"}}})
	c := connect(t, p, overTCP)
	a := incoming(t, p, "602000001", "101")
	must(t, a.Answer("101"))
	must(t, a.Hold())
	incoming(t, p, "602000002", "101")
	b := incoming(t, p, "602000003", "600")
	must(t, b.Answer("104"))
	incoming(t, p, "", "600")
	outbound(t, p, "102", "103")
	for _, info := range p.Calls() {
		for i, pt := range info.Parties {
			snap, err := c.conn.SnapshotDevice(context.Background(), csta.DialingNumber(pt.Device))
			if err != nil {
				t.Fatalf("SnapshotDevice(%s): %v", pt.Device, err)
			}
			found := false
			for _, sc := range snap.Calls {
				id, _ := callIDValue(sc.Connection.Call)
				if id != info.CallID || name(p, sc.Connection.Device) != pt.Device {
					continue
				}
				found = true
				want := []csta.LocalConnectionState{pt.State}
				for j, o := range info.Parties {
					if j != i {
						want = append(want, o.State)
					}
				}
				if fmt.Sprint(sc.States) != fmt.Sprint(want) {
					t.Errorf("snapshot of %s, call %d: states = %v, want %v", pt.Device, id, sc.States, want)
				}
			}
			if !found {
				t.Errorf("snapshot of %s = %+v, want call %d", pt.Device, snap.Calls, info.CallID)
			}
		}
	}
	snap, err := c.conn.SnapshotDevice(context.Background(), csta.DialingNumber("105"))
	if err != nil || len(snap.Calls) != 0 {
		t.Errorf("SnapshotDevice(idle 105) = %+v, %v, want no calls", snap, err)
	}
}

func TestServices_Errors(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overPipe)
	other := connect(t, p, overPipe)
	ctx := context.Background()
	incoming(t, p, "602123456", "101")
	if _, err := other.conn.StartCDRTransmission(ctx, csta.CDRAtEndOfCall); err != nil {
		t.Fatalf("StartCDRTransmission: %v", err)
	}
	num := csta.DialingNumber
	tests := []struct {
		name  string
		do    func() error
		class csta.ErrorClass
		value int
	}{
		{"answer an unknown call", func() error { return c.conn.AnswerCall(ctx, conn(p, 99, "101")) }, csta.ClassOperation, 11},
		{"answer at a device not in the call", func() error { return c.conn.AnswerCall(ctx, conn(p, 1, "105")) }, csta.ClassOperation, 13},
		{"hold a ringing call", func() error { return c.conn.HoldCall(ctx, conn(p, 1, "101")) }, csta.ClassStateIncompatibility, 25},
		{"retrieve a ringing call", func() error { return c.conn.RetrieveCall(ctx, conn(p, 1, "101")) }, csta.ClassStateIncompatibility, 25},
		{"answer the trunk", func() error { return c.conn.AnswerCall(ctx, conn(p, 1, "T01")) }, csta.ClassOperation, 2},
		{"monitor an unknown device", func() error {
			_, err := c.conn.MonitorStart(ctx, csta.MonitorStartArgument{Device: num("999")})
			return err
		}, csta.ClassOperation, 12},
		{"monitor a call", func() error {
			_, err := c.conn.MonitorStart(ctx, csta.MonitorStartArgument{Call: conn(p, 1, "101")})
			return err
		}, csta.ClassOperation, 62},
		{"stop an unknown monitor", func() error { return c.conn.MonitorStop(ctx, []byte{0x7f, 0x7f}) }, csta.ClassOperation, 60},
		{"snapshot an unknown device", func() error {
			_, err := c.conn.SnapshotDevice(ctx, csta.DeviceNumber(4242))
			return err
		}, csta.ClassOperation, 12},
		{"make a call from a group", func() error { return makeCall(c, "600", "102") }, csta.ClassOperation, 5},
		{"make a call to letters", func() error { return makeCall(c, "102", "abc") }, csta.ClassOperation, 6},
		{"make a call to oneself", func() error { return makeCall(c, "102", "102") }, csta.ClassOperation, 6},
		{"make a call from a ringing extension", func() error { return makeCall(c, "101", "102") }, csta.ClassStateIncompatibility, 19},
		{"deflect to oneself", func() error { return c.conn.DeflectCall(ctx, conn(p, 1, "101"), num("101")) }, csta.ClassOperation, 14},
		{"transfer without a held call", func() error {
			_, err := c.conn.TransferCall(ctx, conn(p, 1, "101"), conn(p, 1, "101"))
			return err
		}, csta.ClassStateIncompatibility, 27},
		{"digits on a ringing call", func() error {
			return c.conn.GenerateDigits(ctx, csta.GenerateDigitsArgument{Connection: conn(p, 1, "101"), Characters: "1"})
		}, csta.ClassStateIncompatibility, 25},
		{"agent state of an extension in no group", func() error {
			_, err := c.conn.SetAgentState(ctx, csta.SetAgentStateArgument{Device: num("105"), Requested: csta.AgentReady})
			return err
		}, csta.ClassOperation, 32},
		{"log on a logged-on agent", func() error {
			_, err := c.conn.SetAgentState(ctx, csta.SetAgentStateArgument{Device: num("101"), Requested: csta.AgentLogOn})
			return err
		}, csta.ClassStateIncompatibility, 2},
		{"unknown private data", func() error {
			_, err := c.conn.Escape(ctx, csta.EscapeArgument{PrivateData: []byte{0x84, 0x01, 0x00}})
			return err
		}, csta.ClassOperation, 126},
		{"device list of an unknown category", func() error {
			_, err := c.conn.RequestKMEDeviceList(ctx, 9)
			return err
		}, csta.ClassOperation, 3},
		{"CDR for a second client", func() error {
			_, err := c.conn.StartCDRTransmission(ctx, csta.CDRAtEndOfCall)
			return err
		}, csta.ClassSystemResourceAvailability, 2},
		{"stop CDR of another client", func() error { return c.conn.StopCDRTransmission(ctx, []byte("CDR1")) }, csta.ClassOperation, 17},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cstaError(t, tt.name, tt.do(), tt.class, tt.value)
		})
	}
}

// makeCall asks the PBX to call to from from.
func makeCall(c *client, from, to string) error {
	_, err := c.conn.MakeCall(context.Background(), csta.MakeCallArgument{Calling: csta.DialingNumber(from), Called: csta.DialingNumber(to)})
	return err
}

func TestServices_Rejects(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overTCP)
	tests := []struct {
		name string
		op   csta.Operation
		arg  []byte
		code int
	}{
		{"unknown operation", 999, csta.NullResult(), 1},
		{"garbled argument", csta.OpMonitorStart, []byte{0x04, 0x00}, 2},
		{"argument missing a field", csta.OpMakeCall, []byte{0x30, 0x00}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.conn.Invoke(context.Background(), tt.op, tt.arg)
			var re *csta.RejectError
			if !errors.As(err, &re) || re.Problem.Kind != csta.ProblemInvoke || re.Problem.Code != tt.code {
				t.Errorf("Invoke(%v) error = %v, want an invoke reject with code %d", tt.op, err, tt.code)
			}
		})
	}
}

func TestServices_MonitorPolicy(t *testing.T) {
	tests := []struct {
		policy MonitorPolicy
		want   string // the two answers and the monitor count
	}{
		{MonitorAddNew, "[0001 0002 2]"},
		{MonitorReuse, "[0001 0001 1]"},
		{MonitorReject, "[0001 error 1]"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.policy), func(t *testing.T) {
			p := newPBX(t, Options{Monitors: tt.policy})
			c := connect(t, p, overPipe)
			var got []string
			for range 2 {
				res, err := c.conn.MonitorStart(context.Background(), csta.MonitorStartArgument{Device: csta.DialingNumber("101")})
				if err != nil {
					got = append(got, "error")
					continue
				}
				got = append(got, fmt.Sprintf("%x", res.CrossRef))
			}
			got = append(got, fmt.Sprint(p.Monitors()))
			if fmt.Sprint(got) != tt.want {
				t.Errorf("two monitors on 101 with policy %d = %v, want %s", tt.policy, got, tt.want)
			}
		})
	}
}
