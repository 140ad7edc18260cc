package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/cti"
	"linka/cti/csta"
	"linka/internal/workdays"
)

func TestCallsAPI_NoTelephony(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/api/v1/calls", nil},
		{http.MethodGet, "/api/v1/calls/01jq5z0c8v2m3n4p5q6r7s8t9v", nil},
		{http.MethodPost, "/api/v1/calls", map[string]any{"number": "104"}},
		{http.MethodPost, "/api/v1/calls/01jq5z0c8v2m3n4p5q6r7s8t9v/answer", nil},
		{http.MethodPost, "/api/v1/calls/01jq5z0c8v2m3n4p5q6r7s8t9v/transfer", map[string]any{"to": "104", "mode": "blind"}},
		{http.MethodPost, "/api/v1/agent", map[string]any{"state": "ready"}},
		{http.MethodGet, "/api/v1/extensions", nil},
		{http.MethodGet, "/api/v1/pbx", nil},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := e.api(tt.method, tt.path, "supervisor", tt.body)
			wantError(t, rec, http.StatusServiceUnavailable, cases.EUnavailable, "")
			if !strings.Contains(rec.Body.String(), "no PBX link is configured") {
				t.Errorf("body = %s, want the message that no PBX link is configured", rec.Body)
			}
		})
	}
	rec := e.api(http.MethodGet, "/api/v1/calls", "", nil)
	wantError(t, rec, http.StatusUnauthorized, cases.EUnauthorized, "")
}

func TestCallsAPI_ListVisibility(t *testing.T) {
	e := newPBXEnv(t, "clerk", "clerk2", "clerk3", "supervisor", "pbxadmin", "noext")
	contact := &cases.Contact{Kind: cases.KindPerson, TitleBefore: "Ing.", FirstName: "Petr", LastName: "Novotný",
		Phone: "+420 560 987 654"}
	if err := e.svc.CreateContact(context.Background(), e.user("clerk"), contact); err != nil {
		t.Fatalf("CreateContact = %v", err)
	}
	_, at101 := e.ring("560987654", "101")
	_, at102 := e.ring("", "102")
	tests := []struct {
		login string
		want  []string
	}{
		{"clerk", []string{at101.ID}},
		{"clerk2", []string{at102.ID}},
		{"clerk3", nil},
		{"supervisor", []string{at101.ID, at102.ID}},
		{"pbxadmin", []string{at101.ID, at102.ID}},
		{"noext", nil},
	}
	for _, tt := range tests {
		t.Run(tt.login, func(t *testing.T) {
			var got []string
			for _, c := range e.calls(tt.login) {
				got = append(got, c.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("GET /api/v1/calls as %s = %v, want %v", tt.login, got, tt.want)
			}
			for _, id := range []string{at101.ID, at102.ID} {
				rec := e.api(http.MethodGet, "/api/v1/calls/"+id, tt.login, nil)
				if want := slices.Contains(tt.want, id); want != (rec.Code == http.StatusOK) {
					t.Errorf("GET /api/v1/calls/%s as %s = %d, want visible %v", id, tt.login, rec.Code, want)
				}
			}
		})
	}
	wantError(t, e.api(http.MethodGet, "/api/v1/calls/nosuchcall", "supervisor", nil),
		http.StatusNotFound, cases.ENotFound, "")
	hidden := e.api(http.MethodGet, "/api/v1/calls/"+at102.ID, "clerk", nil)
	wantError(t, hidden, http.StatusNotFound, cases.ENotFound, "")
	checkRingingCall(t, e, at101.ID)
	var withheld apiCall
	decodeInto(t, e.api(http.MethodGet, "/api/v1/calls/"+at102.ID, "clerk2", nil), http.StatusOK, &withheld)
	if withheld.Caller != "" || withheld.Contacts == nil || len(withheld.Contacts) != 0 {
		t.Errorf("withheld call: caller %q contacts %v, want \"\" and []", withheld.Caller, withheld.Contacts)
	}
}

// checkRingingCall checks every field of the call from 560987654 ringing
// at 101, as the clerk there reads it.
func checkRingingCall(t *testing.T, e *pbxEnv, id string) {
	t.Helper()
	var c apiCall
	decodeInto(t, e.api(http.MethodGet, "/api/v1/calls/"+id, "clerk", nil), http.StatusOK, &c)
	if c.ID != id || c.State != "ringing" || c.Direction != "incoming" || c.Caller != "560987654" ||
		c.Called != "544503101" || c.Trunk == "" || c.AnsweredAt != nil || c.ConsultationOf != nil {
		t.Errorf("call = %+v, want %s ringing incoming from 560987654 to DDI 544503101 over a trunk", c, id)
	}
	if len(c.Extensions) != 1 {
		t.Fatalf("extensions = %+v, want 101 only", c.Extensions)
	}
	x := c.Extensions[0]
	if x.Extension != "101" || x.Kind != "extension" || x.State != "alerting" ||
		x.UserID == nil || *x.UserID != e.user("clerk").ID || x.UserName != "Test clerk" {
		t.Errorf("extension = %+v, want 101 alerting with user %d Test clerk", x, e.user("clerk").ID)
	}
	if len(c.Contacts) != 1 || c.Contacts[0].DisplayName != "Ing. Petr Novotný" {
		t.Errorf("contacts = %+v, want Ing. Petr Novotný", c.Contacts)
	}
	if len(c.Path) == 0 || c.Path[len(c.Path)-1].Device != "101" {
		t.Errorf("path = %+v, want it to end at 101", c.Path)
	}
	for name, v := range map[string]string{"started_at": c.StartedAt, "since": c.Since} {
		checkPragueTime(t, name, v)
	}
}

// checkPragueTime checks that v is RFC 3339 with the Europe/Prague offset
// of its instant.
func checkPragueTime(t *testing.T, name, v string) {
	t.Helper()
	at, err := time.Parse(time.RFC3339, v)
	if err != nil {
		t.Errorf("%s = %q, not RFC 3339: %v", name, v, err)
		return
	}
	if want := at.In(workdays.Prague()).Format(time.RFC3339); v != want {
		t.Errorf("%s = %q, want the Prague offset %q", name, v, want)
	}
}

func TestCallsAPI_AnswerHoldRetrieveHangup(t *testing.T) {
	e := newPBXEnv(t, "clerk", "supervisor")
	_, c := e.ring("560111222", "101")
	path := "/api/v1/calls/" + c.ID
	steps := []struct {
		action string
		sim    csta.LocalConnectionState
		api    string
	}{
		{"answer", csta.StateConnected, "connected"},
		{"hold", csta.StateHold, "held"},
		{"retrieve", csta.StateConnected, "connected"},
	}
	for _, st := range steps {
		e.post("clerk", path+"/"+st.action, nil, http.StatusNoContent)
		e.waitSim("560111222", "101", st.sim)
		e.eventually("the API to show 101 "+st.api, func() bool {
			var got apiCall
			rec := e.api(http.MethodGet, path, "clerk", nil)
			return rec.Code == http.StatusOK && json.Unmarshal(rec.Body.Bytes(), &got) == nil && got.stateAt("101") == st.api
		})
	}
	var talking apiCall
	decodeInto(t, e.api(http.MethodGet, path, "clerk", nil), http.StatusOK, &talking)
	if talking.State != "connected" || talking.AnsweredAt == nil {
		t.Errorf("after answer and retrieve = %+v, want connected with answered_at", talking)
	}
	e.post("clerk", path+"/hangup", nil, http.StatusNoContent)
	e.eventually("the call to end in the simulator", func() bool { return len(e.pbx.Calls()) == 0 })
	e.eventually("the call to leave the API", func() bool {
		return e.api(http.MethodGet, path, "clerk", nil).Code == http.StatusNotFound
	})
}

func TestCallsAPI_SessionNeedsCSRF(t *testing.T) {
	e := newPBXEnv(t, "clerk", "supervisor")
	_, c := e.ring("560111222", "101")
	cookie, csrf := e.session("clerk")
	path := "/api/v1/calls/" + c.ID + "/answer"
	rec := e.do(request{method: http.MethodPost, path: path, cookies: []*http.Cookie{cookie}})
	wantError(t, rec, http.StatusForbidden, cases.EForbidden, "")
	rec = e.do(request{method: http.MethodPost, path: path, cookies: []*http.Cookie{cookie},
		header: http.Header{csrfHeader: {csrf}}})
	if rec.Code != http.StatusNoContent {
		t.Fatalf("POST %s with the CSRF token = %d, want 204; body %s", path, rec.Code, rec.Body)
	}
	e.waitSim("560111222", "101", csta.StateConnected)
}

func TestCallsAPI_Refused(t *testing.T) {
	e := newPBXEnv(t, "clerk", "supervisor")
	_, c := e.talk("560111222", "101")
	path := "/api/v1/calls/" + c.ID
	tests := []struct {
		name, action string
		prepare      func()
		want         []string // in the message
	}{
		{"answer a connected call", "answer", nil,
			[]string{"the PBX refused answer", "CSTA error invalidConnectionState", "stateIncompatibility"}},
		{"retrieve a call not held", "retrieve", nil,
			[]string{"the PBX refused retrieve", "invalidConnectionState"}},
		{"reject", "hold", func() { e.pbx.RejectNext(csta.OpHoldCall) },
			[]string{"the PBX refused hold", "request rejected (invoke resourceLimitation)"}},
		{"unspecified", "hold", func() { e.pbx.FailNext(csta.OpHoldCall, &csta.Error{Class: csta.ClassUnspecified}) },
			[]string{"the PBX refused hold: CSTA error unspecified"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.prepare != nil {
				tt.prepare()
			}
			rec := e.api(http.MethodPost, path+"/"+tt.action, "clerk", nil)
			wantError(t, rec, http.StatusConflict, codeRefused, "")
			for _, w := range tt.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("POST …/%s body = %s, want it to name %q", tt.action, rec.Body, w)
				}
			}
		})
	}
	if st, _ := e.simState("560111222", "101"); st != csta.StateConnected {
		t.Errorf("after the refusals 101 is %v in the simulator, want connected", st)
	}
}

func TestCallsAPI_BlindTransfer(t *testing.T) {
	e := newPBXEnv(t, "clerk", "official", "supervisor")
	_, c := e.talk("560333444", "101")
	e.post("clerk", "/api/v1/calls/"+c.ID+"/transfer", map[string]any{"to": "104", "mode": "blind"}, http.StatusNoContent)
	e.waitSim("560333444", "104", csta.StateAlerting)
	if _, ok := e.simState("560333444", "101"); ok {
		t.Errorf("101 is still in the call after the blind transfer")
	}
	moved := e.waitCall("104", "alerting")
	if moved.stateAt("101") != "" {
		t.Errorf("call after the transfer = %+v, want 101 gone", moved)
	}
	e.eventually("the call to leave the clerk's list", func() bool { return len(e.calls("clerk")) == 0 })
	if got := e.calls("official"); len(got) != 1 || got[0].ID != moved.ID {
		t.Errorf("the official at 104 sees %+v, want call %s", got, moved.ID)
	}
}

func TestCallsAPI_ConsultTransfer(t *testing.T) {
	e := newPBXEnv(t, "clerk", "clerk3", "supervisor")
	_, c := e.talk("560555666", "101")
	rec := e.api(http.MethodPost, "/api/v1/calls/"+c.ID+"/transfer", "clerk", map[string]any{"to": "103", "mode": "consult"})
	var consult struct {
		CallID string `json:"call_id"`
	}
	decodeInto(t, rec, http.StatusCreated, &consult)
	if consult.CallID == "" || consult.CallID == c.ID || rec.Header().Get("Location") != "/api/v1/calls/"+consult.CallID {
		t.Fatalf("consult = %+v, Location %q, want a new call id and its Location", consult, rec.Header().Get("Location"))
	}
	e.waitSim("560555666", "101", csta.StateHold)
	e.waitSim("101", "103", csta.StateAlerting)
	var cc apiCall
	decodeInto(t, e.api(http.MethodGet, "/api/v1/calls/"+consult.CallID, "clerk3", nil), http.StatusOK, &cc)
	if cc.ConsultationOf == nil || *cc.ConsultationOf != c.ID {
		t.Errorf("consultation call = %+v, want consultation_of %s", cc, c.ID)
	}
	e.post("clerk3", "/api/v1/calls/"+consult.CallID+"/answer", nil, http.StatusNoContent)
	e.waitSim("101", "103", csta.StateConnected)
	e.post("clerk", "/api/v1/calls/"+c.ID+"/transfer", map[string]any{"mode": "complete"}, http.StatusNoContent)
	e.waitSim("560555666", "103", csta.StateConnected)
	e.eventually("the transferred call to show 103 connected without 101", func() bool {
		got := e.calls("supervisor")
		return len(got) == 1 && got[0].stateAt("103") == "connected" && got[0].stateAt("101") == ""
	})
	if got := e.calls("clerk3"); len(got) != 1 || got[0].Caller != "560555666" {
		t.Errorf("the clerk at 103 sees %+v, want the caller's call", got)
	}
}

func TestCallsAPI_TransferInvalid(t *testing.T) {
	e := newPBXEnv(t, "clerk", "supervisor")
	_, c := e.talk("560555666", "101")
	path := "/api/v1/calls/" + c.ID + "/transfer"
	tests := []struct {
		name   string
		body   any
		status int
		code   string
		field  string
	}{
		{"no mode", map[string]any{"to": "104"}, 422, cases.EInvalid, "mode"},
		{"unknown mode", map[string]any{"to": "104", "mode": "warm"}, 422, cases.EInvalid, "mode"},
		{"no destination", map[string]any{"mode": "blind"}, 422, cases.EInvalid, "to"},
		{"bad destination", map[string]any{"to": "10a", "mode": "consult"}, 422, cases.EInvalid, "to"},
		{"complete without consultation", map[string]any{"mode": "complete"}, 409, cases.EConflict, ""},
		{"unknown field", `{"to":"104","mode":"blind","via":"600"}`, 400, codeBadRequest, "via"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.api(http.MethodPost, path, "clerk", tt.body), tt.status, tt.code, tt.field)
		})
	}
}

func TestCallsAPI_Dial(t *testing.T) {
	e := newPBXEnv(t, "clerk", "clerk2", "supervisor")
	rec := e.api(http.MethodPost, "/api/v1/calls", "clerk", map[string]any{"number": "104"})
	var made struct {
		CallID string `json:"call_id"`
	}
	decodeInto(t, rec, http.StatusCreated, &made)
	if made.CallID == "" || rec.Header().Get("Location") != "/api/v1/calls/"+made.CallID {
		t.Fatalf("dial = %+v, Location %q, want a call id and its Location", made, rec.Header().Get("Location"))
	}
	e.waitSim("101", "104", csta.StateAlerting)
	var c apiCall
	decodeInto(t, e.api(http.MethodGet, "/api/v1/calls/"+made.CallID, "clerk", nil), http.StatusOK, &c)
	if c.stateAt("101") == "" || c.Direction != "internal" {
		t.Errorf("dialled call = %+v, want an internal call at 101", c)
	}
	e.post("supervisor", "/api/v1/calls", map[string]any{"number": "107", "extension": "106"}, http.StatusCreated)
	e.waitSim("106", "107", csta.StateAlerting)
	e.post("supervisor", "/api/v1/calls", map[string]any{"number": "108"}, http.StatusCreated)
	e.waitSim("105", "108", csta.StateAlerting)
	e.post("clerk2", "/api/v1/calls", map[string]any{"number": "+420 560 987 654"}, http.StatusCreated)
	e.eventually("102 to dial out", func() bool {
		_, ok := e.simState("+420560987654", "102")
		return ok
	})
}

func TestCallsAPI_DialInvalid(t *testing.T) {
	e := newPBXEnv(t, "clerk", "noext", "supervisor")
	tests := []struct {
		name, login string
		body        any
		status      int
		code, field string
	}{
		{"no number", "clerk", map[string]any{}, 422, cases.EInvalid, "number"},
		{"letters", "clerk", map[string]any{"number": "10a"}, 422, cases.EInvalid, "number"},
		{"plus inside", "clerk", map[string]any{"number": "10+4"}, 422, cases.EInvalid, "number"},
		{"only plus", "clerk", map[string]any{"number": "+"}, 422, cases.EInvalid, "number"},
		{"33 digits", "clerk", map[string]any{"number": strings.Repeat("1", 33)}, 422, cases.EInvalid, "number"},
		{"no extension", "noext", map[string]any{"number": "104"}, 422, cases.EInvalid, "extension"},
		{"clerk from another extension", "clerk", map[string]any{"number": "104", "extension": "106"}, 403, cases.EForbidden, ""},
		{"supervisor from a bad extension", "supervisor", map[string]any{"number": "104", "extension": "1x"}, 422, cases.EInvalid, "extension"},
		{"number of the wrong type", "clerk", `{"number": 104}`, 400, codeBadRequest, "number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.api(http.MethodPost, "/api/v1/calls", tt.login, tt.body), tt.status, tt.code, tt.field)
		})
	}
	e.post("clerk", "/api/v1/calls", map[string]any{"number": "*#" + strings.Repeat("1", 30)}, http.StatusCreated)
	if got := len(e.pbx.Calls()); got > 1 {
		t.Errorf("the simulator has %d calls, want at most the one valid dial", got)
	}
}

func TestCallsAPI_NoExtension(t *testing.T) {
	e := newPBXEnv(t, "noext", "supervisor")
	_, c := e.ring("560111222", "101")
	for _, action := range []string{"answer", "hangup", "hold", "retrieve"} {
		t.Run(action, func(t *testing.T) {
			wantError(t, e.api(http.MethodPost, "/api/v1/calls/"+c.ID+"/"+action, "noext", nil),
				http.StatusUnprocessableEntity, cases.EInvalid, "extension")
		})
	}
	wantError(t, e.api(http.MethodPost, "/api/v1/calls/"+c.ID+"/transfer", "noext", map[string]any{"to": "104", "mode": "blind"}),
		http.StatusUnprocessableEntity, cases.EInvalid, "extension")
	wantError(t, e.api(http.MethodPost, "/api/v1/agent", "noext", map[string]any{"state": "ready"}),
		http.StatusUnprocessableEntity, cases.EInvalid, "extension")
	if got := e.calls("noext"); len(got) != 0 {
		t.Errorf("a clerk without extension sees %+v, want no calls", got)
	}
}

func TestCallsAPI_NotFound(t *testing.T) {
	e := newPBXEnv(t, "clerk", "clerk2", "supervisor")
	_, c := e.ring("560111222", "101")
	tests := []struct{ name, login, id string }{
		{"unknown id", "clerk", "01jq5z0c8v2m3n4p5q6r7s8t9v"},
		{"call at another extension", "clerk2", c.ID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, action := range []string{"answer", "hangup"} {
				wantError(t, e.api(http.MethodPost, "/api/v1/calls/"+tt.id+"/"+action, tt.login, nil),
					http.StatusNotFound, cases.ENotFound, "")
			}
		})
	}
	rec := e.api(http.MethodPost, "/api/v1/calls/"+c.ID+"/answer", "supervisor", nil)
	wantError(t, rec, http.StatusConflict, cases.EConflict, "")
	if !strings.Contains(rec.Body.String(), "not at your extension") {
		t.Errorf("supervisor answering at 105 a call ringing at 101: %s, want \"not at your extension\"", rec.Body)
	}
	if st, _ := e.simState("560111222", "101"); st != csta.StateAlerting {
		t.Errorf("101 is %v in the simulator, want still alerting", st)
	}
}

func TestCallsAPI_LinkDown(t *testing.T) {
	e := newPBXEnv(t, "clerk", "supervisor")
	_, c := e.talk("560111222", "101")
	e.stopLink()
	if st := e.link.Status().State; st == cti.LinkUp {
		t.Fatalf("link state after Run returned = %s, want not up", st)
	}
	tests := []struct {
		name, path string
		body       any
	}{
		{"dial", "/api/v1/calls", map[string]any{"number": "104"}},
		{"hold", "/api/v1/calls/" + c.ID + "/hold", nil},
		{"agent", "/api/v1/agent", map[string]any{"state": "not_ready"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := e.api(http.MethodPost, tt.path, "clerk", tt.body)
			wantError(t, rec, http.StatusServiceUnavailable, cases.EUnavailable, "")
			if !strings.Contains(rec.Body.String(), "the PBX link is down") || rec.Header().Get("Retry-After") == "" {
				t.Errorf("POST %s = %s (Retry-After %q), want \"the PBX link is down\" and Retry-After",
					tt.path, rec.Body, rec.Header().Get("Retry-After"))
			}
		})
	}
	if st, _ := e.simState("560111222", "101"); st != csta.StateConnected {
		t.Errorf("101 is %v in the simulator, want still connected", st)
	}
}

func TestFromPBX_Codes(t *testing.T) {
	refused := &cti.RefusedError{Command: "make_call", Reason: "operation invalidCalledDeviceID",
		Err: &csta.Error{Operation: csta.OpMakeCall, Class: csta.ClassOperation, Value: 6}}
	tests := []struct {
		name string
		err  error
		code string
		msg  string
	}{
		{"refused", refused, codeRefused, "the PBX refused make call: CSTA error"},
		{"link down", fmt.Errorf("cti: hold: %w: %w", cti.ErrLinkDown, errors.New("broken pipe")), cases.EUnavailable, "link is down"},
		{"timeout", fmt.Errorf("cti: answer: %w", context.DeadlineExceeded), cases.EUnavailable, "did not answer in time"},
		{"call not found", fmt.Errorf("%w: x", cti.ErrCallNotFound), cases.ENotFound, "call not found"},
		{"not at extension", cti.ErrNotAtExtension, cases.EConflict, "not at your extension"},
		{"no consultation", cti.ErrNoConsultation, cases.EConflict, "no held call"},
		{"domain error passes", cases.Invalid("extension", "x"), cases.EInvalid, "x"},
		{"other errors stay internal", errors.New("cti: hold: boom"), cases.EInternal, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fromPBX(pbxFailure(tt.err))
			if code := cases.ErrorCode(got); code != tt.code {
				t.Errorf("fromPBX(%v) code = %q, want %q", tt.err, code, tt.code)
			}
			if tt.msg != "" && !strings.Contains(cases.ErrorMessage(got), tt.msg) {
				t.Errorf("fromPBX(%v) message = %q, want it to contain %q", tt.err, cases.ErrorMessage(got), tt.msg)
			}
		})
	}
	if got := fromPBX(cti.ErrLinkDown); got != cti.ErrLinkDown {
		t.Errorf("fromPBX(unmarked) = %v, want the error unchanged", got)
	}
	if pbxFailure(nil) != nil {
		t.Errorf("pbxFailure(nil) != nil")
	}
}
