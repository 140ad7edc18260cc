package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"linka/cases"
	"linka/cti"
)

// callbacksPage is the callback queue ("Zpětná volání"): the citizens to
// call back, with a call-back button per open task.
type callbacksPage struct {
	basePage
	// Configured is false when the server has no callback queue; the
	// page then says so and shows nothing else.
	Configured       bool
	States           []option
	Categories       []option
	Return           string // the filter query the attempt forms come back to
	Notice, Alert    string
	Errors           formErrors
	Rows             []callbackRow
	Total, From, To  int
	PrevURL, NextURL string
}

// callbackRow is one task of the queue, formatted for display.
type callbackRow struct {
	ID         int64
	Number     string
	Tel        template.URL // a tel: link, "" when the number cannot be one
	Contacts   []contactLink
	Categories []string
	Calls      int
	FirstCall  string
	LastCall   string
	Attempts   []attemptLine
	Next       string // when the next attempt is allowed
	Open       bool
	Resolution string
	// TimeToCallback is how long the citizen waited until reached.
	TimeToCallback string
	AttemptURL     string
}

// attemptLine is one call-back attempt of a task.
type attemptLine struct {
	At, Who, Outcome, Talk, Detail string
}

// contactLink is a contact matched by a number, linking to its page.
type contactLink struct{ URL, Name string }

// callbackQueryKeys are the query parameters of the queue an attempt form
// carries back.
var callbackQueryKeys = [...]string{"state", "category", "limit", "offset"}

// SeesCallbacks reports whether the user may use the callback queue: the
// clerks and supervisors needCallbacks lets through.
func (p basePage) SeesCallbacks() bool {
	return p.User != nil && (p.User.Has(cases.RoleClerk) || p.User.Has(cases.RoleSupervisor))
}

// callbacksPage serves GET /callbacks: one page of the queue, open tasks
// by default, filtered by state and category.
func (s *Server) callbacksPage(w http.ResponseWriter, r *http.Request) {
	if s.cbq == nil {
		s.render(w, r, http.StatusOK, "callbacks", callbacksPage{basePage: s.newBase(r, "callbacks.title", "callbacks")})
		return
	}
	placed := r.URL.Query().Get("called") != ""
	s.needCallbacks(func(w http.ResponseWriter, r *http.Request) {
		s.showCallbacks(w, r, http.StatusOK, placed, "")
	})(w, r)
}

// showCallbacks renders the queue r asks for with status, the notice that
// a call-back was placed and the already localised alert.
func (s *Server) showCallbacks(w http.ResponseWriter, r *http.Request, status int, placed bool, alert string) {
	q := callbackQuery(r.URL.Query())
	p := callbacksPage{basePage: s.newBase(r, "callbacks.title", "callbacks"), Configured: true,
		Return: q.Encode(), Alert: alert, Errors: formErrors{}}
	if placed {
		p.Notice = p.T("callbacks.placed")
	}
	p.States = enumOptions(p.basePage, "callbacks.state.", []string{"open", "done", "all"}, stateOr(q.Get("state")))
	p.Categories = withNone(p.T("filter.all"), enumOptions(p.basePage, "category.",
		[]cti.CallbackCategory{cti.CategoryMissed, cti.CategoryAbandoned, cti.CategoryOutOfHours}, q.Get("category")))
	u := &url.URL{Path: "/callbacks", RawQuery: q.Encode()}
	f, err := callbackFilter(&http.Request{URL: u})
	if err != nil {
		p.Errors.add(r, err)
		s.render(w, r, http.StatusUnprocessableEntity, "callbacks", p)
		return
	}
	tasks, total, err := s.cbq.List(r.Context(), f)
	if err != nil {
		s.fail(w, r, pbxFailure(err))
		return
	}
	out, err := s.callbacksJSON(r, tasks)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.svc.Now()
	for i := range out {
		p.Rows = append(p.Rows, toCallbackRow(p.basePage, &out[i], now))
	}
	p.Total, p.From, p.To = total, f.Offset+1, f.Offset+len(out)
	p.PrevURL, p.NextURL = pageLinks(u, f.Offset, f.Limit, total)
	s.render(w, r, status, "callbacks", p)
}

// callbackQuery keeps the queue's own parameters of q.
func callbackQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range callbackQueryKeys {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

// stateOr returns the state filter shown as chosen: open by default.
func stateOr(v string) string {
	if v == "" {
		return "open"
	}
	return v
}

// callbackAttemptPage serves POST /callbacks/{id}/attempt: the user's own
// extension calls the citizen back, as POST /api/v1/callbacks/{id}/attempt
// does. It returns to the queue with a message; a refusal (outside hours,
// too soon, no extension, the PBX refused, …) is shown on the queue.
func (s *Server) callbackAttemptPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "callback task")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	back, _ := url.ParseQuery(r.PostFormValue("return"))
	q := callbackQuery(back)
	err = s.attemptCallback(r, id)
	if err == nil {
		q.Set("called", strconv.FormatInt(id, 10))
		http.Redirect(w, r, "/callbacks?"+q.Encode(), http.StatusSeeOther)
		return
	}
	e, status := s.publicError(r, err)
	if status == http.StatusNotFound || status == http.StatusInternalServerError {
		s.fail(w, r, err)
		return
	}
	queue := r.Clone(r.Context())
	queue.URL.Path, queue.URL.RawQuery = "/callbacks", q.Encode()
	s.showCallbacks(w, queue, status, false, e.Message)
}

// attemptCallback calls the citizen of task id back from the extension of
// the user of r.
func (s *Server) attemptCallback(r *http.Request, id int64) error {
	if s.tel == nil {
		return cases.Errorf(cases.EUnavailable, "no PBX link is configured")
	}
	u := userOf(r)
	ext, err := ownExtension(u)
	if err != nil {
		return err
	}
	_, err = s.cbq.Attempt(r.Context(), id, cti.Clerk{ID: u.ID, Name: u.Name}, ext)
	return pbxFailure(err)
}

// toCallbackRow formats a task the JSON API would show: Czech dates in
// Prague, labels in the page's language.
func toCallbackRow(p basePage, t *callbackJSON, now time.Time) callbackRow {
	row := callbackRow{ID: t.ID, Number: t.Number, Tel: telLink(t.Number), Calls: t.Calls,
		FirstCall: czechDateTime(time.Time(t.FirstCallAt)), LastCall: czechDateTime(time.Time(t.LastCallAt)),
		Open: t.State == cti.CallbackOpen, AttemptURL: "/callbacks/" + itoa(t.ID) + "/attempt",
		Contacts: contactLinks(t.Contacts)}
	for _, c := range t.Categories {
		row.Categories = append(row.Categories, p.T("category."+string(c)))
	}
	for i := range t.Attempts {
		row.Attempts = append(row.Attempts, toAttemptLine(p, &t.Attempts[i]))
	}
	switch next := time.Time(t.NextAttemptAt); {
	case next.IsZero():
		row.Next = p.T("callbacks.never")
	case !next.After(now):
		row.Next = p.T("callbacks.now")
	default:
		row.Next = czechDateTime(next)
	}
	if t.Resolution != nil {
		row.Resolution = p.T("resolution." + *t.Resolution)
	}
	if t.TimeToCallback != nil {
		row.TimeToCallback = clockDuration(time.Duration(*t.TimeToCallback) * time.Second)
	}
	return row
}

func toAttemptLine(p basePage, a *callbackAttemptJSON) attemptLine {
	l := attemptLine{At: czechDateTime(time.Time(a.At)), Who: a.UserName, Outcome: p.T("outcome." + string(a.Outcome)),
		Detail: a.Detail}
	if a.Extension != "" {
		l.Who += " (" + a.Extension + ")"
	}
	if a.TalkSeconds != nil {
		l.Talk = clockDuration(time.Duration(*a.TalkSeconds) * time.Second)
	}
	return l
}

// contactLinks links the contacts a number matched.
func contactLinks(found []callerJSON) []contactLink {
	out := make([]contactLink, 0, len(found))
	for _, c := range found {
		out = append(out, contactLink{URL: "/contacts/" + itoa(c.ID), Name: c.DisplayName})
	}
	return out
}

// telLink returns a tel: link to number, or "" when number is not made of
// digits with an optional leading +.
func telLink(number string) template.URL {
	if number == "" {
		return ""
	}
	for i, c := range number {
		if (c < '0' || c > '9') && (c != '+' || i > 0) {
			return ""
		}
	}
	return template.URL("tel:" + number)
}

// clockDuration formats d as m:ss, or h:mm:ss from an hour on.
func clockDuration(d time.Duration) string {
	sec := int64(d / time.Second)
	h, m, s := sec/3600, sec/60%60, sec%60
	if h > 0 {
		return strconv.FormatInt(h, 10) + ":" + twoDigits(m) + ":" + twoDigits(s)
	}
	return strconv.FormatInt(m, 10) + ":" + twoDigits(s)
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}
