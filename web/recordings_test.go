package web

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/internal/blob"
	"linka/internal/store"
	"linka/internal/store/storetest"
	"linka/recorder"
)

// recordingEnv is a server with a recorder service over the same store.
type recordingEnv struct {
	*testEnv
	db  *store.DB
	raw *sql.DB
	rec *recorder.Service
	bs  *blob.Dir
}

func newRecordingEnv(t *testing.T) *recordingEnv {
	t.Helper()
	ctx := context.Background()
	st := storetest.SQLite(t)
	var err error
	db, bs := st.DB, st.Blobs
	path := st.Path
	e := &recordingEnv{testEnv: &testEnv{t: t, clock: &testClock{t: testNow}, logs: &syncBuffer{},
		deps: map[string]int64{}, users: map[string]*cases.User{}, tokens: map[string]string{}}, db: db, bs: bs}
	e.svc = cases.NewService(db, bs, cases.Options{Now: e.clock.Now})
	if e.rec, err = recorder.NewService(recorder.ServiceOptions{Store: db, Blobs: bs, SpoolDir: filepath.Join(t.TempDir(), "spool"),
		Now: e.clock.Now}); err != nil {
		t.Fatal(err)
	}
	e.srv, err = New(Options{Service: e.svc, Recordings: e.rec, Registry: prometheus.NewRegistry(),
		Logger: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Doprava", "Investice"} {
		d := &cases.Department{Code: strings.ToUpper(name[:3]), Name: name, Active: true}
		if err := e.svc.SaveDepartment(ctx, cases.Console(), d); err != nil {
			t.Fatal(err)
		}
		e.deps[name] = d.ID
	}
	if e.raw, err = sql.Open("sqlite", path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.raw.Close() })
	return e
}

// stored adds a stored recording of call with a WAV of n bytes of audio.
func (e *recordingEnv) stored(call string, n int) recorder.Recording {
	e.t.Helper()
	ctx := context.Background()
	w := new(bytes.Buffer)
	w.Write([]byte("RIFF....WAVEfmt "))
	w.Write(make([]byte, 28+n))
	key, size, err := e.bs.Put(ctx, w, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	r := recorder.Recording{CallID: call, SIPCallID: call + "@sbc", State: recorder.StateStored, Caller: "+420602123456",
		Called: "544503600", Direction: "incoming", Extension: "101", Codec: "PCMA", StartedAt: testNow.Add(-time.Hour),
		EndedAt: testNow.Add(-time.Hour + time.Minute), Duration: time.Minute, BlobKey: key, Size: size, CreatedAt: testNow}
	if err := e.db.CreateRecording(ctx, &r); err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *recordingEnv) link(c *cases.Case, call string) {
	e.t.Helper()
	if _, err := e.raw.Exec(`INSERT INTO case_calls (case_id, call_id, linked_at) VALUES (?, ?, ?)`, c.ID, call,
		testNow.UTC().Format("2006-01-02T15:04:05.000000Z")); err != nil {
		e.t.Fatal(err)
	}
}

// accessRead is an access-log entry as the API gives it.
type accessRead struct {
	ObjectID int64  `json:"object_id"`
	Action   string `json:"action"`
}

// recordingReads returns the access-log entries of recordings.
func (e *recordingEnv) recordingReads() []accessRead {
	e.t.Helper()
	rec := e.api(http.MethodGet, "/api/v1/access-log?object=recording", "dpo", nil)
	if rec.Code != http.StatusOK {
		e.t.Fatalf("access log = %d %s", rec.Code, rec.Body)
	}
	var page struct{ Items []accessRead }
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
		e.t.Fatal(err)
	}
	return page.Items
}

func TestRecordings_CaseAudioAndAccessLog(t *testing.T) {
	e := newRecordingEnv(t)
	c := e.newCase("clerk", cases.CaseInput{})
	r := e.stored("call-1", 4000)
	e.link(c, "call-1")
	e.stored("call-2", 100) // another call, on no case

	rec := e.api(http.MethodGet, "/api/v1/cases/"+c.Number+"/recordings", "clerk", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"audio_url":"/api/v1/recordings/`+strconv.FormatInt(r.ID, 10)+`/audio"`) {
		t.Fatalf("case recordings = %d %s", rec.Code, rec.Body)
	}
	audio := "/api/v1/recordings/" + strconv.FormatInt(r.ID, 10) + "/audio"
	play := e.do(request{method: http.MethodGet, path: audio, token: e.token("clerk"), header: http.Header{"Range": {"bytes=0-99"}}})
	if play.Code != http.StatusPartialContent || play.Body.Len() != 100 || play.Header().Get("Content-Type") != "audio/wav" {
		t.Fatalf("range 0-99 = %d, %d bytes, %s", play.Code, play.Body.Len(), play.Header().Get("Content-Type"))
	}
	seek := e.do(request{method: http.MethodGet, path: audio, token: e.token("clerk"), header: http.Header{"Range": {"bytes=2000-"}}})
	if seek.Code != http.StatusPartialContent || seek.Body.Len() != int(r.Size)-2000 {
		t.Fatalf("range 2000- = %d, %d bytes", seek.Code, seek.Body.Len())
	}
	if reads := e.recordingReads(); len(reads) != 1 || reads[0].Action != "play" || reads[0].ObjectID != r.ID {
		t.Errorf("access log after a play and a seek = %+v, want one play", reads)
	}
	dl := e.do(request{method: http.MethodGet, path: audio + "?download=1", token: e.token("clerk")})
	if dl.Code != http.StatusOK || !strings.Contains(dl.Header().Get("Content-Disposition"), "attachment") || int64(dl.Body.Len()) != r.Size {
		t.Fatalf("download = %d %q", dl.Code, dl.Header().Get("Content-Disposition"))
	}
	if reads := e.recordingReads(); len(reads) != 2 || reads[0].Action != "download" && reads[1].Action != "download" {
		t.Errorf("access log after the download = %+v", reads)
	}
	// An official of another department does not see the case, nor its
	// recording.
	e.newCase("clerk", cases.CaseInput{})
	if rec := e.do(request{method: http.MethodGet, path: audio, token: e.token("investice")}); rec.Code != http.StatusNotFound {
		t.Errorf("audio for an outsider = %d, want 404", rec.Code)
	}
	// Listing is for supervisors and the data-protection officer.
	if rec := e.api(http.MethodGet, "/api/v1/recordings", "clerk", nil); rec.Code != http.StatusForbidden {
		t.Errorf("list as clerk = %d, want 403", rec.Code)
	}
	if rec := e.api(http.MethodGet, "/api/v1/recordings?number=602123456", "supervisor", nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"total":2`) {
		t.Errorf("list as supervisor = %d %s", rec.Code, rec.Body)
	}
	// The case page shows an audio player for the call.
	cookie, _ := e.session("clerk")
	page := e.get("/cases/"+c.Number, cookie)
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `<audio controls preload="none" src="/recordings/`+strconv.FormatInt(r.ID, 10)+`/audio"`) {
		t.Fatalf("case page = %d, without the player", page.Code)
	}
	if pa := e.get("/recordings/"+strconv.FormatInt(r.ID, 10)+"/audio", cookie); pa.Code != http.StatusOK || int64(pa.Body.Len()) != r.Size {
		t.Errorf("page audio = %d, %d bytes", pa.Code, pa.Body.Len())
	}
}

func TestRecordings_NotConfigured(t *testing.T) {
	e := newEnv(t)
	wantError(t, e.api(http.MethodGet, "/api/v1/recordings", "supervisor", nil), http.StatusServiceUnavailable, cases.EUnavailable, "")
}
