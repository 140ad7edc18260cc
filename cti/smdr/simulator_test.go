package smdr

import (
	"errors"
	"net"
	"testing"
	"time"

	"linka/cti/pbxsim"
)

// startSimulator serves SMDR from a simulated PBX on loopback TCP.
func startSimulator(t *testing.T, opts pbxsim.SMDROptions) (*pbxsim.PBX, string) {
	t.Helper()
	p, err := pbxsim.New(pbxsim.Options{SMDR: opts})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- p.ServeSMDR(ln) }()
	t.Cleanup(func() {
		p.Close()
		if err := <-served; err != nil && !errors.Is(err, pbxsim.ErrServerClosed) {
			t.Errorf("ServeSMDR: %v", err)
		}
	})
	return p, ln.Addr().String()
}

func TestClient_AgainstSimulator(t *testing.T) {
	tests := []struct {
		name  string
		smdr  pbxsim.SMDROptions
		order DateOrder
	}{
		{"default", pbxsim.SMDROptions{}, MDY},
		{"user name prompt, no echo", pbxsim.SMDROptions{UserPrompt: "Enter user name: ",
			PasswordPrompt: "Enter password: ", NoEcho: true}, MDY},
		{"no prompt", pbxsim.SMDROptions{NoPrompt: true}, MDY},
		{"CR NUL, day first, padded", pbxsim.SMDROptions{LineEnd: pbxsim.SMDRLineEndNUL, DayFirst: true,
			PadLines: true}, DMY},
		{"other credentials", pbxsim.SMDROptions{User: "smdr2", Password: "tajne"}, MDY},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, addr := startSimulator(t, tt.smdr)
			tc := runClient(t, ClientOptions{Address: addr, User: tt.smdr.User, Password: tt.smdr.Password,
				LoginQuiet: 200 * time.Millisecond, Parse: Options{DateOrder: tt.order},
				BackoffBase: 20 * time.Millisecond, BackoffMax: 100 * time.Millisecond})
			tc.waitStatus("connected", func(st ClientStatus) bool { return st.Connected })

			answered, err := p.IncomingCall("601123456", "104")
			must(t, err)
			must(t, answered.Answer("104"))
			must(t, answered.Hangup("601123456"))
			missed, err := p.IncomingCall("602000111", "105")
			must(t, err)
			must(t, missed.Hangup("602000111"))
			must(t, p.AgentLogout("101"))

			got := map[Condition]int{}
			for {
				l := tc.next()
				if l.Kind == KindInvalid {
					t.Fatalf("line %q: %v", l.Raw, l.Err)
				}
				if l.Kind == KindStatus {
					if l.Status.Kind != StatusLogOut || l.Status.Extension != "101" {
						t.Errorf("status = %s, want 101 logged out", describe(l))
					}
					break
				}
				if l.Kind == KindRecord {
					r := l.Record
					if r.Direction != Incoming || r.Trunk == "" || r.End.IsZero() {
						t.Errorf("record = %s, want an incoming trunk call with its time", describe(l))
					}
					got[r.Condition]++
				}
			}
			if got[CondReceived] != 2 || got[CondAnswered] != 1 || got[CondNotAnswered] != 1 {
				t.Errorf("conditions = %v, want RC twice, AN and NA once", got)
			}
			if st := tc.c.Status(); st.BadLines != 0 || st.Layout != PatternA {
				t.Errorf("Status() = %+v, want no bad lines, pattern A", st)
			}
		})
	}
}

func TestClient_SimulatorRefusesPassword(t *testing.T) {
	_, addr := startSimulator(t, pbxsim.SMDROptions{})
	tc := runClient(t, ClientOptions{Address: addr, Password: "wrong", LoginQuiet: 200 * time.Millisecond,
		BackoffBase: 20 * time.Millisecond, BackoffMax: 100 * time.Millisecond})
	var le *LoginError
	if err := tc.nextErr(); !errors.As(err, &le) || le.Reason != "rejected" {
		t.Fatalf("error = %v, want the login rejected", err)
	}
	st := tc.waitStatus("retried", func(st ClientStatus) bool { return st.Reconnects >= 1 })
	if st.Connected {
		t.Errorf("Status() = %+v, want not connected", st)
	}
}

func TestClient_SimulatorDropsConnection(t *testing.T) {
	p, addr := startSimulator(t, pbxsim.SMDROptions{})
	tc := runClient(t, ClientOptions{Address: addr, LoginQuiet: 200 * time.Millisecond,
		BackoffBase: 20 * time.Millisecond, BackoffMax: 100 * time.Millisecond, Parse: Options{DateOrder: MDY}})
	tc.waitStatus("connected", func(st ClientStatus) bool { return st.Connected })
	p.DropSMDRConnections()
	if err := tc.nextErr(); err == nil {
		t.Fatal("no error after the drop")
	}
	tc.waitStatus("reconnected", func(st ClientStatus) bool { return st.Connected && st.Reconnects >= 1 })
	must(t, p.AgentLogout("102"))
	for {
		if l := tc.next(); l.Kind == KindStatus {
			if l.Status.Extension != "102" {
				t.Errorf("status after the reconnect = %s, want 102's", describe(l))
			}
			break
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
