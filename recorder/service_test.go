package recorder_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"linka/cases"
	"linka/cti"
	"linka/internal/blob"
	"linka/internal/store"
	"linka/internal/store/storetest"
	"linka/recorder"
	"linka/recorder/capture"
)

// serviceEnv is a recorder service on a SQLite store, a blob directory and
// a bus.
type serviceEnv struct {
	db    *store.DB
	blobs *blob.Dir
	bus   *cti.Bus
	svc   *recorder.Service
	spool string
}

func newServiceEnv(t *testing.T, policy recorder.Policy) *serviceEnv {
	t.Helper()
	dir := t.TempDir()
	st := storetest.SQLite(t)
	var err error
	db, blobs := st.DB, st.Blobs
	env := &serviceEnv{db: db, blobs: blobs, bus: cti.NewBus(nil), spool: filepath.Join(dir, "spool")}
	env.svc, err = recorder.NewService(recorder.ServiceOptions{Store: db, Blobs: blobs, Bus: env.bus, SpoolDir: env.spool,
		Policy: policy, MatchDelay: time.Millisecond, Retention: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// run runs the service until the test ends.
func (env *serviceEnv) run(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { env.svc.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// waitFinished waits for n recording.finished events.
func waitFinished(t *testing.T, sub *cti.Subscription, n int) []recorder.RecordingEvent {
	t.Helper()
	var out []recorder.RecordingEvent
	deadline := time.After(10 * time.Second)
	for len(out) < n {
		select {
		case e := <-sub.Events():
			if e.Type == recorder.TypeRecordingFinished {
				out = append(out, e.Data.(recorder.RecordingEvent))
			}
		case <-deadline:
			t.Fatalf("finished events = %+v, want %d", out, n)
		}
	}
	return out
}

type supervisorCases struct{}

func (supervisorCases) Case(context.Context, *cases.User, string) (*cases.Case, error) {
	return nil, recorder.ErrNotFound
}

// A SIP call is recorded, matched to its Linka call, kept because the
// caller heard the notice, stored as a blob; a second call whose caller
// objected is discarded with its file; the purge removes what no case
// holds.
func TestService_RecordMatchDecidePurge(t *testing.T) {
	env := newServiceEnv(t, recorder.Policy{})
	ctx := context.Background()
	callStart := t0.Add(-time.Second)
	err := env.db.PutCallLog(ctx, cti.CallLogEntry{CallRecord: cti.CallRecord{ID: "L-1", Direction: cti.DirectionIncoming,
		Caller: "602123456", Called: "600", Extensions: []string{"600", "101"}, AnsweredBy: "101", StartedAt: callStart,
		AnsweredAt: t0.Add(2 * time.Second), EndedAt: t0.Add(5 * time.Second), EndReason: cti.EndCompleted}, CSTA: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sub := env.bus.Subscribe(nil, 0)
	defer sub.Close()
	env.run(t)
	// The voice gateway's events, as it may publish them: a map payload.
	env.bus.Publish(cti.Event{Type: recorder.TypeNoticePlayed, Data: map[string]any{"call_id": "L-1", "caller": "+420602123456", "at": t0}})
	env.bus.Publish(cti.Event{Type: recorder.TypeDoNotRecord, Data: recorder.NoticeEvent{Caller: "+420777000999", At: t0.Add(time.Second)}})

	c := newCap(t)
	sipCall(t, c, "kept@sbc", false, "", 50)
	path := c.close()
	e, err := recorder.NewEngine(recorder.Options{Dir: env.svc.SpoolDir(), Sink: env.svc})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := capture.ReadFile(ctx, path, capture.Filter{}, e.Handle); err != nil {
		t.Fatal(err)
	}
	// The second call: the same shape from the objecting number.
	c2 := newCap(t)
	sipCall(t, c2, "objected@sbc", false, "", 50)
	if _, err := capture.ReadFile(ctx, c2.close(), capture.Filter{}, func(p recorder.Packet) {
		p.Payload = []byte(replaceAll(string(p.Payload), "+420602123456", "+420777000999"))
		e.Handle(p)
	}); err != nil {
		t.Fatal(err)
	}
	e.Close()
	evs := waitFinished(t, sub, 2)
	byCall := map[string]recorder.RecordingEvent{}
	for _, ev := range evs {
		r, err := env.db.Recording(ctx, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		byCall[r.SIPCallID] = ev
		switch r.SIPCallID {
		case "kept@sbc":
			if r.State != recorder.StateStored || r.CallID != "L-1" || r.Extension != "101" || r.BlobKey == "" || r.Codec != "PCMA" {
				t.Errorf("kept recording = %+v", r)
			}
			rc, err := env.blobs.Open(ctx, r.BlobKey)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			if string(b[:4]) != "RIFF" || int64(len(b)) != r.Size {
				t.Errorf("blob of %d bytes, want a RIFF file of %d", len(b), r.Size)
			}
			_, f, err := env.svc.Open(ctx, supervisorCases{}, &cases.User{ID: 7, Active: true, Roles: []cases.Role{cases.RoleSupervisor}}, r.ID, "play", true)
			if err != nil {
				t.Fatalf("supervisor Open: %v", err)
			}
			f.Close()
			if _, _, err := env.svc.Open(ctx, supervisorCases{}, &cases.User{ID: 8, Active: true, Roles: []cases.Role{cases.RoleClerk}}, r.ID, "play", true); !recorder.IsNotFound(err) {
				t.Errorf("clerk without the case: err = %v, want not found", err)
			}
		case "objected@sbc":
			if r.State != recorder.StateDiscarded || r.Reason != recorder.ReasonObjected || r.BlobKey != "" {
				t.Errorf("objected recording = %+v", r)
			}
		default:
			t.Errorf("unexpected recording %+v", r)
		}
	}
	if len(byCall) != 2 {
		t.Fatalf("recordings = %+v", byCall)
	}
	if files, _ := filepath.Glob(filepath.Join(env.spool, "*.wav")); len(files) != 0 {
		t.Errorf("spool still holds %v", files)
	}
	// An objection reported after the recording was stored withdraws it.
	kept := byCall["kept@sbc"]
	env.bus.Publish(cti.Event{Type: recorder.TypeDoNotRecord, Data: recorder.NoticeEvent{CallID: "L-1"}})
	withdrawn := waitFinished(t, sub, 1)[0]
	if withdrawn.ID != kept.ID || withdrawn.State != recorder.StateDiscarded || withdrawn.Reason != recorder.ReasonObjected {
		t.Errorf("after the late objection: %+v", withdrawn)
	}
	if r, _ := env.db.Recording(ctx, kept.ID); r.BlobKey != "" || r.State != recorder.StateDiscarded {
		t.Errorf("withdrawn recording = %+v", r)
	}
	// Both calls ended months ago and no case holds them.
	if n := env.svc.Purge(ctx); n != 2 {
		t.Errorf("purged %d, want 2", n)
	}
	if _, total, _ := env.db.ListRecordings(ctx, recorder.Filter{}); total != 0 {
		t.Errorf("after purge %d recordings", total)
	}
}

func replaceAll(s, old, repl string) string {
	out := ""
	for {
		i := indexOf(s, old)
		if i < 0 {
			return out + s
		}
		out += s[:i] + repl
		s = s[i+len(old):]
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// A recording interrupted by a crash is repaired and stored at start-up.
func TestService_RecoversInterruptedRecording(t *testing.T) {
	env := newServiceEnv(t, recorder.Policy{RecordUnannouncedIncoming: true})
	ctx := context.Background()
	if err := os.MkdirAll(env.spool, 0o750); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(env.spool, "crashed.wav")
	w, err := recorder.CreateWAV(file, 2, 8000)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(make([]int16, 2*8000)); err != nil { // 1 s
		t.Fatal(err)
	}
	if err := w.Sync(); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(make([]int16, 2*4000+1)[:2*4000]); err != nil { // 0.5 s never synced
		t.Fatal(err)
	}
	w.Sync() // flush the bytes; now cut the header back as a crash leaves it
	raw, _ := os.ReadFile(file)
	raw = append(raw, 1)                       // a partial sample
	copy(raw[40:44], []byte{0x00, 0xfa, 0, 0}) // declares 1 s (64000 bytes)
	if err := os.WriteFile(file, raw, 0o640); err != nil {
		t.Fatal(err)
	}
	r := &recorder.Recording{SIPCallID: "crash@sbc", State: recorder.StateRecording, Direction: "incoming",
		StartedAt: t0, SpoolFile: file, CreatedAt: t0}
	if err := env.db.CreateRecording(ctx, r); err != nil {
		t.Fatal(err)
	}
	env.run(t)
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, err := env.db.Recording(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != recorder.StateRecording {
			if got.State != recorder.StateStored || got.Duration != 1500*time.Millisecond || got.BlobKey == "" {
				t.Fatalf("recovered = %+v, want stored with 1.5 s", got)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the interrupted recording was not recovered")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A recording whose call reached the call log only later (SMDR) is
// matched by the periodic rematch.
func TestService_Rematch(t *testing.T) {
	env := newServiceEnv(t, recorder.Policy{})
	ctx := context.Background()
	start := time.Now().Add(-10 * time.Minute).UTC().Truncate(time.Second)
	r := &recorder.Recording{State: recorder.StateStored, Caller: "+420602999888", Called: "544503600", Direction: "incoming",
		StartedAt: start, EndedAt: start.Add(time.Minute), CreatedAt: start}
	if err := env.db.CreateRecording(ctx, r); err != nil {
		t.Fatal(err)
	}
	if n := env.svc.Rematch(ctx); n != 0 {
		t.Fatalf("matched %d without a call", n)
	}
	err := env.db.PutCallLog(ctx, cti.CallLogEntry{CallRecord: cti.CallRecord{ID: "smdr-7", Direction: cti.DirectionIncoming,
		Caller: "0602999888", Called: "600", AnsweredBy: "102", StartedAt: start.Add(-5 * time.Second),
		EndedAt: start.Add(time.Minute), EndReason: cti.EndCompleted}, SMDR: cti.SMDRFinal}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := env.svc.Rematch(ctx); n != 1 {
		t.Fatalf("matched %d, want 1", n)
	}
	if got, _ := env.db.Recording(ctx, r.ID); got.CallID != "smdr-7" || got.Extension != "102" {
		t.Errorf("rematched = %+v", got)
	}
}
