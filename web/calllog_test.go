package web

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/cti"
	"linka/cti/pbxsim"
	"linka/cti/smdr"
	"linka/internal/store/storetest"
	"linka/internal/workdays"
)

// callLogEnv is a testEnv whose server has a cti.CallLog over the same
// SQLite store as the case register, with the phoneUsers given.
type callLogEnv struct {
	*testEnv
	log *cti.CallLog
	// raw is a second connection to the database file, to link calls to
	// cases as the clerk panel will.
	raw *sql.DB
}

func newCallLogEnv(t *testing.T, logins ...string) *callLogEnv {
	t.Helper()
	ctx := context.Background()
	st := storetest.SQLite(t)
	var err error
	db, blobs := st.DB, st.Blobs
	path := st.Path
	e := &callLogEnv{testEnv: &testEnv{t: t, clock: &testClock{t: testNow}, logs: &syncBuffer{},
		deps: map[string]int64{}, users: map[string]*cases.User{}, tokens: map[string]string{}}}
	e.svc = cases.NewService(db, blobs, cases.Options{Now: e.clock.Now, Phone: cases.PhonePlan{OutsidePrefix: "0"}})
	if e.log, err = cti.NewCallLog(cti.CallLogOptions{Store: db, Normalize: e.svc.Phone().Lookup}); err != nil {
		t.Fatalf("NewCallLog = %v", err)
	}
	e.srv, err = New(Options{Service: e.svc, CallLog: e.log, Registry: prometheus.NewRegistry(),
		Logger: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	if e.raw, err = sql.Open("sqlite", path); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { e.raw.Close() })
	for _, login := range logins {
		spec := phoneUsers[login]
		u := &cases.User{Login: login, Name: "Test " + login, Roles: spec.roles, Active: true, Extension: spec.ext}
		if err := e.svc.CreateUser(ctx, cases.Console(), u, testPassword); err != nil {
			t.Fatalf("CreateUser(%s) = %v", login, err)
		}
		e.users[login] = u
	}
	return e
}

// logged is a call log row as the tests read it from the API.
type logged struct {
	ID         string   `json:"id"`
	Direction  string   `json:"direction"`
	Caller     string   `json:"caller"`
	Called     string   `json:"called"`
	Extensions []string `json:"extensions"`
	AnsweredBy *struct {
		Extension string `json:"extension"`
		UserID    *int64 `json:"user_id"`
		UserName  string `json:"user_name"`
	} `json:"answered_by"`
	StartedAt   string   `json:"started_at"`
	AnsweredAt  *string  `json:"answered_at"`
	EndedAt     string   `json:"ended_at"`
	RingSeconds int64    `json:"ring_seconds"`
	TalkSeconds int64    `json:"talk_seconds"`
	EndReason   string   `json:"end_reason"`
	Missed      bool     `json:"missed"`
	InProgress  bool     `json:"in_progress"`
	Trunk       string   `json:"trunk"`
	CO          string   `json:"co"`
	AccountCode string   `json:"account_code"`
	Condition   string   `json:"condition"`
	Sources     []string `json:"sources"`
	SMDRLines   []string `json:"smdr_lines"`
	Contacts    []struct {
		ID          int64  `json:"id"`
		DisplayName string `json:"display_name"`
	} `json:"contacts"`
	Cases []string `json:"cases"`
}

// callLogPage is a page of GET /api/v1/calllog.
type callLogPage struct {
	Items  []logged `json:"items"`
	Total  int      `json:"total"`
	Limit  int      `json:"limit"`
	Offset int      `json:"offset"`
}

// callLog reads GET /api/v1/calllog?query as login.
func (e *callLogEnv) callLog(login, query string) callLogPage {
	e.t.Helper()
	var out callLogPage
	decodeInto(e.t, e.api(http.MethodGet, "/api/v1/calllog?"+query, login, nil), http.StatusOK, &out)
	return out
}

// ids returns the ids of a page's rows, "smdr" for the calls only SMDR
// described.
func (p callLogPage) ids() string {
	var out []string
	for _, r := range p.Items {
		id := r.ID
		if strings.HasPrefix(id, "smdr-") {
			id = "smdr"
		}
		out = append(out, id)
	}
	return strings.Join(out, " ")
}

// logAt returns a time of the test day in Prague.
func logAt(t testing.TB, hms string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04:05", "2026-03-10 "+hms, workdays.Prague())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// fillCallLog stores four calls: r1 answered at 101 (clerk) from
// 602111111, merged with its SMDR line; r2 missed at 104 (official); r3
// outgoing from 103, SMDR only; r4 internal from 101 to 104.
func (e *callLogEnv) fillCallLog() {
	t := e.t
	ctx := context.Background()
	recs := []cti.CallRecord{
		{ID: "r1", Direction: cti.DirectionIncoming, Caller: "602111111", Called: "544503101", Trunk: "T01",
			Extensions: []string{"101"}, AnsweredBy: "101", StartedAt: logAt(t, "09:00:10"),
			AnsweredAt: logAt(t, "09:00:15"), EndedAt: logAt(t, "09:01:38"), EndReason: cti.EndCompleted},
		{ID: "r2", Direction: cti.DirectionIncoming, Caller: "602222222", Called: "544503104", Trunk: "T02",
			Extensions: []string{"104"}, StartedAt: logAt(t, "10:00:00"), EndedAt: logAt(t, "10:00:30"), EndReason: cti.EndMissed},
		{ID: "r4", Direction: cti.DirectionInternal, Caller: "101", Called: "104", Extensions: []string{"101", "104"},
			AnsweredBy: "104", StartedAt: logAt(t, "12:00:00"), AnsweredAt: logAt(t, "12:00:04"),
			EndedAt: logAt(t, "12:01:00"), EndReason: cti.EndCompleted},
	}
	for _, r := range recs {
		if err := e.log.SaveCall(ctx, r); err != nil {
			t.Fatalf("SaveCall(%s) = %v", r.ID, err)
		}
	}
	p, err := smdr.NewParser(smdr.Options{Layout: smdr.PatternA})
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{
		logLine("09:01AM", "101", "01", "<D>544503101<I>602111111", "0'05", "00:01'23", "4711"),
		logLine("11:00AM", "103", "02", "0777123456", "", "00:02'00", ""),
	} {
		line, _ := p.Parse(raw)
		if line.Kind != smdr.KindRecord {
			t.Fatalf("Parse(%q) = %v, want a record", raw, line.Err)
		}
		if err := e.log.AddSMDR(ctx, line); err != nil {
			t.Fatalf("AddSMDR(%q) = %v", raw, err)
		}
	}
}

// logLine builds a Pattern A line of 10 March 2026 without a condition.
func logLine(clock, ext, co, dial, ring, duration, account string) string {
	l := fmt.Sprintf("%-8s %-7s %5s %2s %-25s %4s %-8s %-10s", "10/03/26", clock, ext, co, dial, ring, duration, account)
	return strings.TrimRight(l, " ")
}

// linkCase links call id to the case, as the clerk panel will.
func (e *callLogEnv) linkCase(c *cases.Case, call string, at time.Time) {
	e.t.Helper()
	_, err := e.raw.Exec(`INSERT INTO case_calls (case_id, call_id, linked_at) VALUES (?, ?, ?)`,
		c.ID, call, at.UTC().Format("2006-01-02T15:04:05.000000Z"))
	if err != nil {
		e.t.Fatalf("link call %s to case %s: %v", call, c.Number, err)
	}
}

func TestCallLogAPI_Filters(t *testing.T) {
	e := newCallLogEnv(t, "clerk", "official", "supervisor", "admin")
	e.fillCallLog()
	for _, tt := range []struct {
		login, query string
		want         string
		total        int
	}{
		{"supervisor", "", "r4 smdr r2 r1", 4},
		{"clerk", "", "r4 smdr r2 r1", 4},
		{"official", "", "r4 r2", 2},
		{"official", "extension=104", "r4 r2", 2},
		{"clerk", "extension=101", "r4 r1", 2},
		{"clerk", "number=%2B420+602+111+111", "r1", 1},
		{"clerk", "number=0602111111", "r1", 1},
		{"clerk", "number=777123456", "smdr", 1},
		{"clerk", "number=104", "r4", 1},
		{"clerk", "missed=true", "r2", 1},
		{"official", "missed=1", "r2", 1},
		{"clerk", "direction=outgoing", "smdr", 1},
		{"clerk", "from=" + url.QueryEscape("2026-03-10T10:30:00+01:00"), "r4 smdr", 2},
		{"clerk", "from=2026-03-10&to=2026-03-10", "r4 smdr r2 r1", 4},
		{"clerk", "from=2026-03-11", "", 0},
		{"clerk", "to=2026-03-09", "", 0},
		{"clerk", "limit=2&offset=1", "smdr r2", 4},
	} {
		t.Run(tt.login+" "+tt.query, func(t *testing.T) {
			got := e.callLog(tt.login, tt.query)
			if got.ids() != tt.want || got.Total != tt.total {
				t.Errorf("GET /api/v1/calllog?%s as %s = %q, total %d; want %q, total %d",
					tt.query, tt.login, got.ids(), got.Total, tt.want, tt.total)
			}
		})
	}
}

func TestCallLogAPI_Refused(t *testing.T) {
	e := newCallLogEnv(t, "clerk", "official", "admin")
	for _, tt := range []struct {
		login, query string
		status       int
		code, field  string
	}{
		{"", "", http.StatusUnauthorized, cases.EUnauthorized, ""},
		{"official", "extension=101", http.StatusForbidden, cases.EForbidden, ""},
		{"admin", "", http.StatusUnprocessableEntity, cases.EInvalid, "extension"},
		{"clerk", "direction=sideways", http.StatusUnprocessableEntity, cases.EInvalid, "direction"},
		{"clerk", "number=abc", http.StatusUnprocessableEntity, cases.EInvalid, "number"},
		{"clerk", "extension=1%2C2", http.StatusUnprocessableEntity, cases.EInvalid, "extension"},
		{"clerk", "missed=maybe", http.StatusUnprocessableEntity, cases.EInvalid, "missed"},
		{"clerk", "from=yesterday", http.StatusUnprocessableEntity, cases.EInvalid, "from"},
		{"clerk", "limit=501", http.StatusUnprocessableEntity, cases.EInvalid, "limit"},
		{"clerk", "offset=-1", http.StatusUnprocessableEntity, cases.EInvalid, "offset"},
	} {
		t.Run(tt.login+" "+tt.query, func(t *testing.T) {
			wantError(t, e.api(http.MethodGet, "/api/v1/calllog?"+tt.query, tt.login, nil), tt.status, tt.code, tt.field)
		})
	}
}

func TestCallLogAPI_NotConfigured(t *testing.T) {
	e := newEnv(t)
	wantError(t, e.api(http.MethodGet, "/api/v1/calllog", "clerk", nil), http.StatusServiceUnavailable, cases.EUnavailable, "")
}

func TestCallLogAPI_Row(t *testing.T) {
	e := newCallLogEnv(t, "clerk", "supervisor")
	e.fillCallLog()
	ctx := context.Background()
	contact := &cases.Contact{Kind: cases.KindPerson, FirstName: "Jana", LastName: "Nováková", Phone: "+420602111111"}
	if err := e.svc.CreateContact(ctx, e.user("clerk"), contact); err != nil {
		t.Fatal(err)
	}
	c1, c2 := e.newCase("clerk", cases.CaseInput{}), e.newCase("clerk", cases.CaseInput{})
	e.linkCase(c2, "r1", logAt(t, "09:05:00"))
	e.linkCase(c1, "r1", logAt(t, "09:06:00"))
	page := e.callLog("supervisor", "number=602111111")
	if len(page.Items) != 1 {
		t.Fatalf("GET /api/v1/calllog?number=602111111 = %q, want r1", page.ids())
	}
	r := page.Items[0]
	clerk := e.user("clerk")
	checks := []struct {
		what      string
		got, want any
	}{
		{"direction, caller, called", [3]string{r.Direction, r.Caller, r.Called}, [3]string{"incoming", "602111111", "544503101"}},
		{"extensions", r.Extensions, []string{"101"}},
		{"answered by", r.AnsweredBy != nil && r.AnsweredBy.Extension == "101" && r.AnsweredBy.UserID != nil &&
			*r.AnsweredBy.UserID == clerk.ID && r.AnsweredBy.UserName == clerk.Name, true},
		{"times", [2]string{r.StartedAt, r.EndedAt}, [2]string{"2026-03-10T09:00:10+01:00", "2026-03-10T09:01:38+01:00"}},
		{"answered at", r.AnsweredAt != nil && *r.AnsweredAt == "2026-03-10T09:00:15+01:00", true},
		{"ring and talk", [2]int64{r.RingSeconds, r.TalkSeconds}, [2]int64{5, 83}},
		{"end", [3]any{r.EndReason, r.Missed, r.InProgress}, [3]any{"completed", false, false}},
		{"trunk, CO, account", [3]string{r.Trunk, r.CO, r.AccountCode}, [3]string{"T01", "01", "4711"}},
		{"sources", r.Sources, []string{"csta", "smdr"}},
		{"SMDR lines", len(r.SMDRLines), 1},
		{"contacts", len(r.Contacts) == 1 && r.Contacts[0].ID == contact.ID, true},
		{"cases in the order linked", r.Cases, []string{c2.Number, c1.Number}},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	smdrOnly := e.callLog("supervisor", "direction=outgoing").Items[0]
	if smdrOnly.AnsweredBy != nil || smdrOnly.TalkSeconds != 120 || smdrOnly.Trunk != "02" ||
		!slices.Equal(smdrOnly.Sources, []string{"smdr"}) || smdrOnly.Cases == nil || smdrOnly.Contacts == nil {
		t.Errorf("the SMDR-only row = %+v, want no answerer, 120 s talk, trunk 02, source smdr and empty lists", smdrOnly)
	}
}

// TestCallLogAPI_EndToEnd simulates calls at pbxsim and checks that the PBX
// link's records and the SMDR lines (telnet, with login) of each call make
// one row of the call log.
func TestCallLogAPI_EndToEnd(t *testing.T) {
	e := newCallLogEnv(t, "supervisor")
	p, err := pbxsim.New(pbxsim.Options{})
	if err != nil {
		t.Fatalf("pbxsim.New = %v", err)
	}
	t.Cleanup(func() { p.Close() })
	cstaLn, smdrLn := logListen(t), logListen(t)
	go p.Serve(cstaLn)
	go p.ServeSMDR(smdrLn)
	e.runLinkTo(cstaLn.Addr().String())
	e.feedSMDR(smdrLn.Addr().String())
	logCalls(t, p)
	want := map[string]string{
		"602111111": "incoming sources=csta,smdr lines=3 cond= missed=false",
		"602222222": "incoming sources=csta,smdr lines=2 cond=NA missed=true",
		"777123456": "outgoing sources=csta,smdr lines=1 cond= missed=false",
		"602333333": "incoming sources=csta,smdr lines=6 cond=TR missed=false",
	}
	var got map[string]string
	deadline := time.Now().Add(pbxWait)
	for !mapsEqual(got, want) {
		if time.Now().After(deadline) {
			t.Fatalf("call log after %v = %v, want %v", pbxWait, got, want)
		}
		time.Sleep(20 * time.Millisecond)
		got = map[string]string{}
		for _, r := range e.callLog("supervisor", "limit=100").Items {
			number := r.Caller
			if r.Direction == "outgoing" {
				number = r.Called
			}
			got[number] += fmt.Sprintf("%s sources=%s lines=%d cond=%s missed=%t", r.Direction,
				strings.Join(r.Sources, ","), len(r.SMDRLines), r.Condition, r.Missed)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func logListen(t *testing.T) net.Listener {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	return ln
}

// logCalls plays four calls: answered, missed, outgoing, transferred.
func logCalls(t *testing.T, p *pbxsim.PBX) {
	step := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	h, err := p.IncomingCall("602111111", "101")
	step(err)
	step(h.Answer("101"))
	step(h.Hangup("101"))
	h, err = p.IncomingCall("602222222", "102")
	step(err)
	step(h.Hangup("602222222"))
	h, err = p.OutboundCall("103", "777123456")
	step(err)
	step(h.Answer("777123456"))
	step(h.Hangup("103"))
	h, err = p.IncomingCall("602333333", "101")
	step(err)
	step(h.Answer("101"))
	step(h.BlindTransfer("105"))
	step(h.Answer("105"))
	step(h.Hangup("105"))
}

// runLinkTo runs a PBX link to addr that hands its records to the call
// log, until the test ends, and waits until it is up.
func (e *callLogEnv) runLinkTo(addr string) {
	t := e.t
	var exts []string
	for n := 101; n <= 110; n++ {
		exts = append(exts, fmt.Sprint(n))
	}
	link, err := cti.NewLink(cti.LinkOptions{Address: addr, Extensions: exts, Groups: []string{"600"},
		Store: e.log, BackoffBase: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond, RequestTimeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("cti.NewLink = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := link.Run(ctx); err != nil {
			t.Errorf("Link.Run = %v", err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	deadline := time.Now().Add(pbxWait)
	for link.Status().State != cti.LinkUp {
		if time.Now().After(deadline) {
			t.Fatalf("the PBX link is not up after %v", pbxWait)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// feedSMDR logs in to the simulator's SMDR server at addr (sending the
// default credentials unprompted) and hands every line after the login
// to the call log, until the test ends. It returns once logged in.
func (e *callLogEnv) feedSMDR(addr string) {
	t := e.t
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial SMDR: %v", err)
	}
	if _, err := conn.Write([]byte(pbxsim.DefaultSMDRUser + "\r\n" + pbxsim.DefaultSMDRPassword + "\r\n")); err != nil {
		t.Fatalf("send SMDR login: %v", err)
	}
	parser, err := smdr.NewParser(smdr.Options{DateOrder: smdr.MDY})
	if err != nil {
		t.Fatal(err)
	}
	rd := smdr.NewReader(conn, smdr.ReaderOptions{Reply: conn})
	live, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		loggedIn := false
		for {
			s, err := rd.ReadLine()
			if err != nil {
				return
			}
			if !loggedIn {
				if loggedIn = strings.HasPrefix(s, pbxsim.DefaultSMDRPasswordPrompt); loggedIn {
					close(live)
				}
				continue
			}
			line, _ := parser.Parse(s)
			if err := e.log.AddSMDR(context.Background(), line); err != nil {
				t.Errorf("AddSMDR(%q) = %v", s, err)
				return
			}
		}
	}()
	t.Cleanup(func() { conn.Close(); <-done })
	select {
	case <-live:
	case <-time.After(pbxWait):
		t.Fatalf("no SMDR login after %v", pbxWait)
	}
}
