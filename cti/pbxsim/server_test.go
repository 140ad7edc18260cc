package pbxsim

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linka/cti/csta"
)

// golden reads a PDU captured from a real PBX or built from ECMA-285, kept
// with the codec in ../csta/testdata.
func golden(t testing.TB, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "csta", "testdata", name))
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	b, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return b
}

// rawClient speaks to the PBX frame by frame, for what csta.Conn hides.
type rawClient struct {
	t    testing.TB
	conn net.Conn
}

func rawDial(t testing.TB, p *PBX, open transport) *rawClient {
	return &rawClient{t: t, conn: open(t, p)}
}

// write sends one framed PDU.
func (r *rawClient) write(pdu []byte) {
	r.t.Helper()
	_ = r.conn.SetWriteDeadline(time.Now().Add(wait))
	if err := csta.WriteFrame(r.conn, pdu); err != nil {
		r.t.Fatalf("write: %v", err)
	}
}

// read returns the next frame the PBX sent.
func (r *rawClient) read() []byte {
	r.t.Helper()
	_ = r.conn.SetReadDeadline(time.Now().Add(wait))
	b, err := csta.ReadFrame(r.conn, 0)
	if err != nil {
		r.t.Fatalf("read: %v", err)
	}
	return b
}

// readPDU returns the next decoded PDU.
func (r *rawClient) readPDU() csta.PDU {
	r.t.Helper()
	b := r.read()
	pdu, err := csta.DecodePDU(b)
	if err != nil {
		r.t.Fatalf("PDU %x: %v", b, err)
	}
	return pdu
}

// expectClosed checks that the PBX closes the stream.
func (r *rawClient) expectClosed() {
	r.t.Helper()
	_ = r.conn.SetReadDeadline(time.Now().Add(wait))
	if b, err := csta.ReadFrame(r.conn, 0); !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) {
		r.t.Errorf("after the last PDU: read %x, %v, want the stream closed", b, err)
	}
}

// associate sends the captured AARQ and reads the AARE and the first
// heartbeat.
func (r *rawClient) associate() {
	r.t.Helper()
	r.write(golden(r.t, "aarq.hex"))
	if aare, ok := r.readPDU().(*csta.AARE); !ok || !aare.Accepted() {
		r.t.Fatalf("AARE = %+v, want accepted", aare)
	}
	r.read()
}

func TestServer_GoldenExchange(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			p := newPBX(t, Options{})
			r := rawDial(t, p, tr.open)
			steps := []struct {
				send, want string // testdata files; send "" only reads
			}{
				{"aarq.hex", "aare.hex"},
				{"", "systemstatus-invoke.hex"},
				{"systemstatus-result.hex", ""},
				{"monitorstart-101.hex", "monitorstart-result.hex"},
			}
			for _, s := range steps {
				if s.send != "" {
					r.write(golden(t, s.send))
				}
				if s.want != "" {
					if got, want := r.read(), golden(t, s.want); !bytes.Equal(got, want) {
						t.Errorf("answer to %s = %x, want %s %x", s.send, got, s.want, want)
					}
				}
			}
			r.write(golden(t, "kme-devicelist-5.hex"))
			res, ok := r.readPDU().(*csta.ReturnResult)
			if !ok || res.InvokeID != 0x0602 || res.Operation != csta.OpEscape {
				t.Fatalf("answer to the device list request = %+v, want a ReturnResult for invoke 0x0602", res)
			}
			if _, err := csta.DecodeKMEDeviceListAck(res.Result); err != nil {
				t.Errorf("device list acknowledgement: %v", err)
			}
		})
	}
}

func TestServer_AssociationRejected(t *testing.T) {
	p := newPBX(t, Options{})
	r := rawDial(t, p, overTCP)
	r.write((&csta.AARQ{ApplicationContext: csta.ObjectID{1, 3, 12, 0, 180, 1}, Versions: csta.VersionTwo}).Marshal())
	aare, ok := r.readPDU().(*csta.AARE)
	if !ok || aare.Result != csta.AssociateRejectedPermanent || aare.DiagnosticSource != csta.DiagnosticServiceUser || aare.DiagnosticValue != 2 {
		t.Fatalf("AARE for a Phase II context = %+v, want rejected permanent, user diagnostic 2", aare)
	}
	r.expectClosed()
}

func TestServer_MaxClients(t *testing.T) {
	p := newPBX(t, Options{MaxClients: 1})
	connect(t, p, overTCP)
	second := rawDial(t, p, overTCP)
	second.write(golden(t, "aarq.hex"))
	if aare, ok := second.readPDU().(*csta.AARE); !ok || aare.Result != csta.AssociateRejectedTransient {
		t.Errorf("second AARE = %+v, want a transient rejection", aare)
	}
	second.expectClosed()
	if n := p.Clients(); n != 1 {
		t.Errorf("Clients() = %d, want 1", n)
	}
}

func TestServer_Heartbeat(t *testing.T) {
	t.Run("periodic", func(t *testing.T) {
		p := newPBX(t, Options{HeartbeatInterval: 10 * time.Millisecond})
		c := connect(t, p, overPipe)
		for i := range 3 {
			if s := c.status(); s != csta.StatusNormal {
				t.Fatalf("heartbeat %d = %v, want normal", i, s)
			}
		}
	})
	t.Run("phase II operation", func(t *testing.T) {
		p := newPBX(t, Options{HeartbeatInterval: 10 * time.Millisecond, LegacyHeartbeat: true})
		r := rawDial(t, p, overPipe)
		r.write(golden(t, "aarq.hex"))
		r.readPDU()
		for range 2 {
			inv, ok := r.readPDU().(*csta.Invoke)
			if !ok || inv.Operation != csta.OpSystemStatusPhase2 {
				t.Fatalf("heartbeat = %+v, want an invoke of operation 52", inv)
			}
		}
	})
}

func TestServer_BadInput(t *testing.T) {
	t.Run("invoke before the association", func(t *testing.T) {
		p := newPBX(t, Options{})
		r := rawDial(t, p, overPipe)
		r.write(golden(t, "monitorstart-101.hex"))
		if _, ok := r.readPDU().(*csta.ABRT); !ok {
			t.Error("answer to an invoke before the AARQ is not an ABRT")
		}
		r.expectClosed()
	})
	tests := []struct {
		name string
		pdu  string
		want csta.Reject
	}{
		{"truncated invoke", "a105020109020147", csta.Reject{InvokeID: 9, Problem: csta.RejectProblem{Kind: csta.ProblemGeneral, Code: 2}}},
		{"unknown tag", "300101", csta.Reject{InvokeID: -1, Problem: csta.RejectProblem{Kind: csta.ProblemGeneral, Code: 2}}},
		{"empty frame", "", csta.Reject{InvokeID: -1, Problem: csta.RejectProblem{Kind: csta.ProblemGeneral, Code: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPBX(t, Options{HeartbeatInterval: -1})
			r := rawDial(t, p, overPipe)
			r.associate()
			b, _ := hex.DecodeString(tt.pdu)
			_ = r.conn.SetWriteDeadline(time.Now().Add(wait))
			if _, err := r.conn.Write(append([]byte{0, byte(len(b))}, b...)); err != nil {
				t.Fatal(err)
			}
			rej, ok := r.readPDU().(*csta.Reject)
			if !ok || *rej != tt.want {
				t.Errorf("answer to %s = %+v, want %+v", tt.name, rej, tt.want)
			}
			r.write(golden(t, "monitorstart-101.hex"))
			if _, ok := r.readPDU().(*csta.ReturnResult); !ok {
				t.Error("the link did not survive the bad PDU")
			}
		})
	}
}

func TestServer_ResultOrder(t *testing.T) {
	tests := []struct {
		eventsFirst bool
		want        string // the order of what answers a makeCall
	}{
		{false, "result event event event event"},
		{true, "event event event event result"},
	}
	for _, tt := range tests {
		p := newPBX(t, Options{EventsBeforeResult: tt.eventsFirst, HeartbeatInterval: -1})
		r := rawDial(t, p, overPipe)
		r.associate()
		r.write(golden(t, "monitorstart-101.hex"))
		r.readPDU()
		arg, _ := csta.MakeCallArgument{Calling: csta.DialingNumber("101"), Called: csta.DialingNumber("199")}.Marshal()
		b, _ := (&csta.Invoke{InvokeID: 5, Operation: csta.OpMakeCall, Argument: arg}).Marshal()
		r.write(b)
		var got []string
		for range 5 {
			switch r.readPDU().(type) {
			case *csta.ReturnResult:
				got = append(got, "result")
			case *csta.Invoke:
				got = append(got, "event")
			}
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("EventsBeforeResult %v: order = %v, want %s", tt.eventsFirst, got, tt.want)
		}
	}
}

func TestServer_ReleaseAndClose(t *testing.T) {
	p := newPBX(t, Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- p.Serve(ln) }()
	open := func(t testing.TB, _ *PBX) net.Conn {
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		return conn
	}
	leaving := connect(t, p, open)
	if err := leaving.conn.Release(context.Background()); err != nil {
		t.Errorf("Release: %v", err)
	}
	staying := connect(t, p, open)
	eventually(t, "one client left", func() bool { return p.Clients() == 1 })
	p.Close()
	select {
	case <-staying.conn.Done():
	case <-time.After(wait):
		t.Error("the client stayed connected after Close")
	}
	if err := <-served; !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve after Close = %v, want ErrServerClosed", err)
	}
}

func TestServer_ListenAndServe(t *testing.T) {
	p := newPBX(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.ListenAndServe(ctx, "127.0.0.1:0") }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ListenAndServe after cancel = %v, want nil", err)
		}
	case <-time.After(wait):
		t.Fatal("ListenAndServe did not return after cancel")
	}
}

// eventually waits for cond with the generous deadline.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, wait)
		}
		time.Sleep(time.Millisecond)
	}
}
