package web

import (
	"net/http"
	"time"

	"linka/cases"
	"linka/recorder"
)

// recordingRoutes registers the routes of this area (see areas.go).
func (s *Server) recordingRoutes(mux *http.ServeMux, c chains) {
	mux.Handle("GET /api/v1/recordings", c.api.then(s.apiRecordings))
	mux.Handle("GET /api/v1/recordings/{id}", c.api.then(s.apiRecording))
	mux.Handle("GET /api/v1/recordings/{id}/audio", c.api.then(s.recordingAudio))
	mux.Handle("GET /api/v1/cases/{number}/recordings", c.api.then(s.apiCaseRecordings))
	mux.Handle("GET /recordings/{id}/audio", c.page.then(s.recordingAudio))
}

// recordingMessages returns this area's message catalogues (Czech, English).
func recordingMessages() (cs, en map[string]string) {
	cs = map[string]string{
		"recording.title":    "Nahrávky hovorů",
		"recording.none":     "K hovorům tohoto případu nejsou žádné nahrávky.",
		"recording.call":     "Hovor",
		"recording.player":   "Přehrát nahrávku hovoru",
		"recording.download": "Stáhnout WAV",
		"recording.channels": "Vlevo volající, vpravo úředník.",
		"recording.lost":     "ztracené pakety",
	}
	en = map[string]string{
		"recording.title":    "Call recordings",
		"recording.none":     "The calls of this case have no recordings.",
		"recording.call":     "Call",
		"recording.player":   "Play the call recording",
		"recording.download": "Download WAV",
		"recording.channels": "Caller on the left, clerk on the right.",
		"recording.lost":     "lost packets",
	}
	return cs, en
}

// recordingJSON is a recording in the JSON API.
type recordingJSON struct {
	ID         int64    `json:"id"`
	CallID     string   `json:"call_id"`
	SIPCallID  string   `json:"sip_call_id"`
	State      string   `json:"state"`
	Reason     string   `json:"reason,omitempty"`
	Caller     string   `json:"caller"`
	Called     string   `json:"called"`
	Direction  string   `json:"direction"`
	Extension  string   `json:"extension"`
	Codec      string   `json:"codec"`
	StartedAt  apiTime  `json:"started_at"`
	EndedAt    *apiTime `json:"ended_at"`
	DurationMS int64    `json:"duration_ms"`
	Packets    int64    `json:"packets"`
	Lost       int64    `json:"lost"`
	JitterMS   float64  `json:"jitter_ms"`
	Size       int64    `json:"size"`
	Cases      []string `json:"cases"`
	AudioURL   string   `json:"audio_url,omitempty"`
}

func toRecordingJSON(r *recorder.Recording) recordingJSON {
	j := recordingJSON{ID: r.ID, CallID: r.CallID, SIPCallID: r.SIPCallID, State: r.State, Reason: r.Reason,
		Caller: r.Caller, Called: r.Called, Direction: r.Direction, Extension: r.Extension, Codec: r.Codec,
		StartedAt: apiTime(r.StartedAt), DurationMS: r.Duration.Milliseconds(), Packets: r.Packets, Lost: r.Lost,
		JitterMS: r.JitterMS, Size: r.Size, Cases: r.Cases}
	if !r.EndedAt.IsZero() {
		e := apiTime(r.EndedAt)
		j.EndedAt = &e
	}
	if j.Cases == nil {
		j.Cases = []string{}
	}
	if r.State == recorder.StateStored {
		j.AudioURL = "/api/v1/recordings/" + itoa(r.ID) + "/audio"
	}
	return j
}

// recorderReady fails the request when no recorder is configured.
func (s *Server) recorderReady(w http.ResponseWriter, r *http.Request) bool {
	if s.recordings == nil {
		s.fail(w, r, cases.Errorf(cases.EUnavailable, "the recorder is not configured"))
		return false
	}
	return true
}

// apiRecordings serves GET /api/v1/recordings for supervisors and the
// data-protection officer: filters call_id, state, number, from, to.
func (s *Server) apiRecordings(w http.ResponseWriter, r *http.Request) {
	if !s.recorderReady(w, r) {
		return
	}
	v := r.URL.Query()
	f := recorder.Filter{CallID: v.Get("call_id"), State: v.Get("state"), Number: v.Get("number")}
	var err error
	if f.From, err = timeParam(v, "from", false); err == nil {
		if f.To, err = timeParam(v, "to", true); err == nil {
			f.Limit, f.Offset, err = paging(v)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, total, err := s.recordings.List(r.Context(), userOf(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]recordingJSON, 0, len(list))
	for i := range list {
		out = append(out, toRecordingJSON(&list[i]))
	}
	writeJSON(w, http.StatusOK, newPage(out, total, f.Limit, f.Offset))
}

// apiRecording serves GET /api/v1/recordings/{id}.
func (s *Server) apiRecording(w http.ResponseWriter, r *http.Request) {
	if !s.recorderReady(w, r) {
		return
	}
	id, err := pathID(r, "id", "recording")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := s.recordings.Get(r.Context(), s.svc, userOf(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toRecordingJSON(&rec))
}

// apiCaseRecordings serves GET /api/v1/cases/{number}/recordings: the
// recordings of the calls linked to the case.
func (s *Server) apiCaseRecordings(w http.ResponseWriter, r *http.Request) {
	if !s.recorderReady(w, r) {
		return
	}
	number := r.PathValue("number")
	if _, err := s.svc.Case(r.Context(), userOf(r), number); err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.recordings.CaseRecordings(r.Context(), number)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]recordingJSON, 0, len(list))
	for i := range list {
		out = append(out, toRecordingJSON(&list[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

// recordingAudio serves the WAV file with range requests (the browser's
// audio player seeks with them). Every request that starts playing from
// the beginning, and every download (?download=1), is written to the
// access log.
func (s *Server) recordingAudio(w http.ResponseWriter, r *http.Request) {
	if !s.recorderReady(w, r) {
		return
	}
	id, err := pathID(r, "id", "recording")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	action := "play"
	if r.URL.Query().Get("download") != "" {
		action = "download"
	}
	rec, rc, err := s.recordings.Open(r.Context(), s.svc, userOf(r), id, action, logRange(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", "audio/wav")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if action == "download" {
		h.Set("Content-Disposition", contentDisposition("recording-"+itoa(rec.ID)+".wav"))
	}
	http.ServeContent(w, r, "", rec.EndedAt, rc)
}

// logRange reports whether a request starts a playback (no range, or a
// range from byte 0) rather than a seek within one.
func logRange(r *http.Request) bool {
	rg := r.Header.Get("Range")
	return rg == "" || len(rg) >= 8 && rg[:8] == "bytes=0-"
}

// recordingRow is a recording on the case page.
type recordingRow struct {
	ID                              int64
	At, Caller, Extension, Duration string
	URL                             string
	Lost                            int64
}

// caseRecordingRows lists the stored recordings of a case's calls for the
// case page (whose reader may see the case: it was loaded before). A
// failure hides the section and is logged.
func (s *Server) caseRecordingRows(r *http.Request, number string) []recordingRow {
	if s.recordings == nil {
		return nil
	}
	list, err := s.recordings.CaseRecordings(r.Context(), number)
	if err != nil {
		s.log.Warn("case recordings", "case", number, "err", err)
		return nil
	}
	var out []recordingRow
	for _, rec := range list {
		if rec.State != recorder.StateStored {
			continue
		}
		out = append(out, recordingRow{ID: rec.ID, At: czechDateTime(rec.StartedAt), Caller: rec.Caller,
			Extension: rec.Extension, Duration: rec.Duration.Round(time.Second).String(),
			URL: "/recordings/" + itoa(rec.ID) + "/audio", Lost: rec.Lost})
	}
	return out
}
