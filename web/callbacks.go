package web

import (
	"context"
	"net/http"
	"time"

	"linka/cases"
	"linka/cti"
)

// CallbackQueue is what the JSON API needs of the callback queue;
// *cti.Callbacks implements it. Its errors are those of package cti
// (typed refusals, ErrCallbackNotFound, the Dialer's errors), which the
// handlers mark with pbxFailure.
type CallbackQueue interface {
	// List returns the tasks f selects and how many there are in all.
	List(ctx context.Context, f cti.CallbackFilter) ([]cti.CallbackTask, int, error)
	// Callback returns the task id.
	Callback(ctx context.Context, id int64) (cti.CallbackTask, error)
	// Attempt calls the citizen of task id back from extension ext.
	Attempt(ctx context.Context, id int64, clerk cti.Clerk, ext string) (cti.CallbackAttempt, error)
	// NextAttemptAt returns when the next attempt on t is allowed, zero if
	// none will be.
	NextAttemptAt(t *cti.CallbackTask) time.Time
}

var _ CallbackQueue = (*cti.Callbacks)(nil)

// callbackRoutes registers the callback endpoints: the queue is read on
// the api chain, an attempt needs the PBX link.
func (s *Server) callbackRoutes(mux *http.ServeMux, api, pbx chain) {
	mux.Handle("GET /api/v1/callbacks", api.then(s.needCallbacks(s.apiCallbacks)))
	mux.Handle("GET /api/v1/callbacks/{id}", api.then(s.needCallbacks(s.apiCallback)))
	mux.Handle("POST /api/v1/callbacks/{id}/attempt", pbx.then(s.needCallbacks(s.apiCallbackAttempt)))
}

// needCallbacks answers 503 while no callback queue is configured and 403
// to users who are neither clerks nor supervisors.
func (s *Server) needCallbacks(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := userOf(r)
		switch {
		case s.cbq == nil:
			s.fail(w, r, cases.Errorf(cases.EUnavailable, "callbacks are not configured"))
		case !u.Has(cases.RoleClerk) && !u.Has(cases.RoleSupervisor):
			s.fail(w, r, forbidden("only clerks and supervisors may use the callback queue"))
		default:
			next(w, r)
		}
	}
}

// callbackFilter reads the query of GET /api/v1/callbacks: state (open by
// default, done or all), category, limit and offset.
func callbackFilter(r *http.Request) (cti.CallbackFilter, error) {
	q := r.URL.Query()
	var f cti.CallbackFilter
	switch st := q.Get("state"); st {
	case "", "open":
		f.State = cti.CallbackOpen
	case "done":
		f.State = cti.CallbackDone
	case "all":
	default:
		return f, cases.Invalid("state", "the state must be open, done or all")
	}
	switch c := cti.CallbackCategory(q.Get("category")); c {
	case "", cti.CategoryMissed, cti.CategoryAbandoned, cti.CategoryOutOfHours:
		f.Category = c
	default:
		return f, cases.Invalid("category", "the category must be missed, abandoned or out_of_hours")
	}
	var err error
	if f.Limit, f.Offset, err = paging(q); err != nil {
		return f, err
	}
	if f.Limit > 500 {
		return f, cases.Invalid("limit", "limit must be 1–500 and offset not negative")
	}
	return f, nil
}

// apiCallbacks serves GET /api/v1/callbacks: one page of the queue, open
// tasks oldest first, done or all tasks newest first.
func (s *Server) apiCallbacks(w http.ResponseWriter, r *http.Request) {
	f, err := callbackFilter(r)
	if err != nil {
		s.fail(w, r, err)
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
	writeJSON(w, http.StatusOK, newPage(out, total, f.Limit, f.Offset))
}

// apiCallback serves GET /api/v1/callbacks/{id}.
func (s *Server) apiCallback(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "callback task")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.cbq.Callback(r.Context(), id)
	if err != nil {
		s.fail(w, r, pbxFailure(err))
		return
	}
	out, err := s.callbacksJSON(r, []cti.CallbackTask{t})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out[0])
}

// apiCallbackAttempt serves POST /api/v1/callbacks/{id}/attempt: the
// user's own extension calls the citizen back. It answers 201 with the
// attempt and the call's Location.
func (s *Server) apiCallbackAttempt(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "callback task")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := userOf(r)
	ext, err := ownExtension(u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.cbq.Attempt(r.Context(), id, cti.Clerk{ID: u.ID, Name: u.Name}, ext)
	if err != nil {
		s.fail(w, r, pbxFailure(err))
		return
	}
	if a.CallID != "" {
		w.Header().Set("Location", "/api/v1/calls/"+a.CallID)
	}
	writeJSON(w, http.StatusCreated, toCallbackAttemptJSON(&a))
}

// callbacksJSON converts tasks with the contacts matching their numbers.
func (s *Server) callbacksJSON(r *http.Request, tasks []cti.CallbackTask) ([]callbackJSON, error) {
	u := userOf(r)
	matched := make(map[string][]cases.Contact)
	out := make([]callbackJSON, 0, len(tasks))
	for i := range tasks {
		t := &tasks[i]
		found, ok := matched[t.Number]
		if !ok {
			var err error
			if found, err = s.svc.LookupCaller(r.Context(), u, t.Number); err != nil {
				return nil, err
			}
			matched[t.Number] = found
		}
		out = append(out, toCallbackJSON(t, s.cbq.NextAttemptAt(t), found))
	}
	return out, nil
}

// callbackJSON is a callback task.
type callbackJSON struct {
	ID int64 `json:"id"`
	// Number is the normalised number; DialNumber the form dialled back.
	Number     string `json:"number"`
	DialNumber string `json:"dial_number"`
	// State is open or done; Resolution says how a done task was closed.
	State      cti.CallbackState `json:"state"`
	Resolution *string           `json:"resolution"`
	// Category is that of the first call, Categories those of all calls.
	Category   cti.CallbackCategory   `json:"category"`
	Categories []cti.CallbackCategory `json:"categories"`
	// Calls is the number of calls, CallDetails the calls themselves.
	Calls       int                   `json:"calls"`
	CallDetails []callbackCallJSON    `json:"call_details"`
	FirstCallAt apiTime               `json:"first_call_at"`
	LastCallAt  apiTime               `json:"last_call_at"`
	Attempts    []callbackAttemptJSON `json:"attempts"`
	// NextAttemptAt is when a call-back is allowed (now or later); null
	// when none will be.
	NextAttemptAt apiTime `json:"next_attempt_at"`
	ReachedAt     apiTime `json:"reached_at"`
	// TimeToCallback is the seconds from the first call until the citizen
	// was reached; null unless reached.
	TimeToCallback *int64       `json:"time_to_callback_seconds"`
	ClosedAt       apiTime      `json:"closed_at"`
	ClosedByCall   *string      `json:"closed_by_call"`
	Contacts       []callerJSON `json:"contacts"`
}

// callbackCallJSON is one call that asked for a callback.
type callbackCallJSON struct {
	CallID   string               `json:"call_id"`
	At       apiTime              `json:"at"`
	Category cti.CallbackCategory `json:"category"`
}

// callbackAttemptJSON is one callback attempt.
type callbackAttemptJSON struct {
	ID        int64              `json:"id"`
	At        apiTime            `json:"at"`
	UserID    *int64             `json:"user_id"`
	UserName  string             `json:"user_name"`
	Extension string             `json:"extension"`
	CallID    *string            `json:"call_id"`
	Outcome   cti.AttemptOutcome `json:"outcome"`
	Detail    string             `json:"detail"`
	// TalkSeconds is how long the citizen talked; null if not answered.
	AnsweredAt  apiTime `json:"answered_at"`
	EndedAt     apiTime `json:"ended_at"`
	TalkSeconds *int64  `json:"talk_seconds"`
	SettledAt   apiTime `json:"settled_at"`
}

// optString returns s for JSON, nil (null) when empty.
func optString[T ~string](s T) *string {
	if s == "" {
		return nil
	}
	v := string(s)
	return &v
}

// seconds returns d in whole seconds for JSON, nil (null) when unset.
func seconds(d time.Duration, set bool) *int64 {
	if !set {
		return nil
	}
	n := int64(d / time.Second)
	return &n
}

func toCallbackJSON(t *cti.CallbackTask, next time.Time, found []cases.Contact) callbackJSON {
	out := callbackJSON{ID: t.ID, Number: t.Number, DialNumber: t.DialNumber, State: t.State,
		Resolution: optString(t.Resolution), Category: t.Category(), Categories: t.Categories(),
		Calls: len(t.Calls), CallDetails: make([]callbackCallJSON, 0, len(t.Calls)),
		FirstCallAt: apiTime(t.FirstCallAt), LastCallAt: apiTime(t.LastCallAt),
		Attempts: make([]callbackAttemptJSON, 0, len(t.Attempts)), NextAttemptAt: apiTime(next),
		ReachedAt: apiTime(t.ReachedAt), TimeToCallback: seconds(t.TimeToCallback, !t.ReachedAt.IsZero()),
		ClosedAt: apiTime(t.ClosedAt), ClosedByCall: optString(t.ClosedByCall),
		Contacts: make([]callerJSON, 0, len(found))}
	for _, c := range t.Calls {
		out.CallDetails = append(out.CallDetails, callbackCallJSON{CallID: c.CallID, At: apiTime(c.At), Category: c.Category})
	}
	for i := range t.Attempts {
		out.Attempts = append(out.Attempts, toCallbackAttemptJSON(&t.Attempts[i]))
	}
	for _, c := range found {
		out.Contacts = append(out.Contacts, callerJSON{ID: c.ID, DisplayName: c.DisplayName()})
	}
	return out
}

func toCallbackAttemptJSON(a *cti.CallbackAttempt) callbackAttemptJSON {
	return callbackAttemptJSON{ID: a.ID, At: apiTime(a.At), UserID: ref(a.UserID), UserName: a.UserName,
		Extension: a.Extension, CallID: optString(a.CallID), Outcome: a.Outcome, Detail: a.Detail,
		AnsweredAt: apiTime(a.AnsweredAt), EndedAt: apiTime(a.EndedAt),
		TalkSeconds: seconds(a.Talk(), !a.AnsweredAt.IsZero() && !a.EndedAt.IsZero()), SettledAt: apiTime(a.SettledAt)}
}
