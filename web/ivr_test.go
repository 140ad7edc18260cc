package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/internal/store/storetest"
	"linka/ivr"
	"linka/ivr/audio"
)

func init() {
	userSpecs["pbxadmin"] = struct {
		roles []cases.Role
		dep   string
	}{[]cases.Role{cases.RolePBXAdmin}, ""}
}

// newIVREnv is a test server with the voice gateway's admin over its own
// SQLite store and blob directory.
func newIVREnv(t *testing.T) (*testEnv, *ivr.Service) {
	t.Helper()
	e := newEnv(t)
	st := storetest.SQLite(t)
	var err error
	db, blobs := st.DB, st.Blobs
	svc := ivr.NewService(db, blobs, e.clock.Now)
	e.srv, err = New(Options{Service: e.svc, Registry: prometheus.NewRegistry(), Version: "test", IVR: svc,
		Logger: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	return e, svc
}

// uploadWAV posts a prompt as multipart/form-data with login's token.
func (e *testEnv) uploadWAV(login, name, lang string, wav []byte) *http.Response {
	e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("name", name)
	_ = mw.WriteField("language", lang)
	_ = mw.WriteField("text", "slova "+name)
	fw, _ := mw.CreateFormFile("file", name+".wav")
	_, _ = fw.Write(wav)
	mw.Close()
	rec := e.do(request{method: http.MethodPost, path: "/api/v1/ivr/prompts", body: &b, ctype: mw.FormDataContentType(), token: e.token(login)})
	return rec.Result()
}

// stereo16k returns a 16 kHz stereo WAV of d seconds of a tone.
func stereo16k(seconds float64) []byte {
	n := int(seconds * 16000)
	s := make([]int16, 2*n)
	for i := range n {
		v := int16(8000 * ((i/8)%2*2 - 1))
		s[2*i], s[2*i+1] = v, v
	}
	b := audio.WriteWAV(s, 16000)
	b[22] = 2                                           // channels
	b[28], b[29], b[30], b[31] = 0x00, 0xF4, 0x01, 0x00 // byte rate 128000
	b[32] = 4                                           // block align
	return b
}

func TestIVR_API(t *testing.T) {
	e, _ := newIVREnv(t)
	if rec := e.api("GET", "/api/v1/ivr/flows", "clerk", nil); rec.Code != http.StatusForbidden {
		t.Fatalf("GET flows as clerk = %d, want 403", rec.Code)
	}
	flow, _ := ivr.DefaultFlow("office", "cs", "600", "")
	rec := e.api("POST", "/api/v1/ivr/flows", "pbxadmin", map[string]any{"flow": flow, "note": "first"})
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST flow = %d %s", rec.Code, rec.Body)
	}
	var v flowVersionJSON
	_ = json.Unmarshal(rec.Body.Bytes(), &v)
	if v.Version != 1 || len(v.Problems) != 6 || !strings.Contains(v.Problems[0], "does not exist in language") {
		t.Fatalf("saved version %d with problems %v, want version 1 and six missing prompts", v.Version, v.Problems)
	}
	rec = e.api("POST", "/api/v1/ivr/flows/office/versions/1/activate", "pbxadmin", nil)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "not valid") {
		t.Fatalf("activate with missing prompts = %d %s, want 422", rec.Code, rec.Body)
	}
	for _, p := range flow.Prompts() {
		if res := e.uploadWAV("pbxadmin", p, "cs", stereo16k(0.5)); res.StatusCode != http.StatusCreated {
			t.Fatalf("upload %s = %d", p, res.StatusCode)
		}
	}
	if res := e.uploadWAV("pbxadmin", "bad", "cs", []byte("RIFF1234WAVEnot really")); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("upload of a broken WAV = %d, want 422", res.StatusCode)
	}
	rec = e.api("GET", "/api/v1/ivr/prompts", "pbxadmin", nil)
	var ps struct{ Items []promptJSON }
	_ = json.Unmarshal(rec.Body.Bytes(), &ps)
	if len(ps.Items) != 6 || ps.Items[0].SourceRate != 16000 || ps.Items[0].SourceChannels != 2 || ps.Items[0].DurationMS != 500 {
		t.Fatalf("prompts = %+v", ps.Items)
	}
	rec = e.api("GET", ps.Items[0].AudioURL, "pbxadmin", nil)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "audio/wav" {
		t.Fatalf("GET audio = %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	if d, err := audio.ReadWAV(bytes.NewReader(rec.Body.Bytes())); err != nil || d.SourceRate != 8000 || d.Channels != 1 || len(d.Samples) != 4000 {
		t.Fatalf("stored prompt = %d Hz %d ch %d samples, %v; want 8 kHz mono", d.SourceRate, d.Channels, len(d.Samples), err)
	}
	if rec = e.api("POST", "/api/v1/ivr/flows/office/versions/1/activate", "pbxadmin", nil); rec.Code != 200 {
		t.Fatalf("activate = %d %s", rec.Code, rec.Body)
	}
	loop := &ivr.Flow{Name: "office", Language: "cs", Start: "a", Nodes: []ivr.Node{
		{ID: "a", Kind: ivr.KindPlay, Prompt: "notice", Next: "b"}, {ID: "b", Kind: ivr.KindPlay, Prompt: "goodbye", Next: "a"}}}
	e.api("POST", "/api/v1/ivr/flows", "pbxadmin", map[string]any{"flow": loop})
	rec = e.api("POST", "/api/v1/ivr/flows/office/versions/2/activate", "pbxadmin", nil)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "loop without an exit") {
		t.Fatalf("activate a loop = %d %s, want 422 naming the loop", rec.Code, rec.Body)
	}
	rec = e.api("GET", "/api/v1/ivr/flows", "pbxadmin", nil)
	if !strings.Contains(rec.Body.String(), `"version":1,"note":"first"`) || strings.Count(rec.Body.String(), `"active":true`) != 1 {
		t.Fatalf("flows = %s, want version 1 the only active one", rec.Body)
	}
}

func TestIVR_Pages(t *testing.T) {
	e, _ := newIVREnv(t)
	flow, _ := ivr.DefaultFlow("office", "cs", "600", "")
	e.api("POST", "/api/v1/ivr/flows", "pbxadmin", map[string]any{"flow": flow, "note": "first"})
	e.uploadWAV("pbxadmin", "notice", "cs", stereo16k(0.3))
	c, csrf := e.session("pbxadmin")
	rec := e.do(request{method: "GET", path: "/ivr", cookies: []*http.Cookie{c}})
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, "Hlasová brána") || !strings.Contains(body, `<audio controls`) || !strings.Contains(body, "office") {
		t.Fatalf("GET /ivr = %d\n%s", rec.Code, body)
	}
	rec = e.do(request{method: "GET", path: "/ivr/flows/office/1", cookies: []*http.Cookie{c}})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "nelze aktivovat") || !strings.Contains(rec.Body.String(), "&#34;notice&#34;") {
		t.Fatalf("GET flow page = %d\n%s", rec.Code, rec.Body)
	}
	rec = e.form("/ivr/flows", map[string][]string{"csrf_token": {csrf}, "definition": {`{"name": "office", "nodes": [`}}, c)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "JSON") {
		t.Fatalf("POST broken JSON = %d", rec.Code)
	}
	def, _ := json.Marshal(flow)
	rec = e.form("/ivr/flows", map[string][]string{"csrf_token": {csrf}, "definition": {string(def)}, "note": {"edited"}}, c)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/ivr/flows/office/2?saved=1" {
		t.Fatalf("POST flow = %d %s", rec.Code, rec.Header().Get("Location"))
	}
	cc, _ := e.session("clerk")
	if rec = e.do(request{method: "GET", path: "/ivr", cookies: []*http.Cookie{cc}}); rec.Code != http.StatusForbidden {
		t.Fatalf("GET /ivr as clerk = %d, want 403", rec.Code)
	}
}
