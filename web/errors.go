package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"linka/cases"
	"linka/cti"
	"linka/cti/csta"
	"linka/internal/workdays"
)

// Error codes of the HTTP layer itself, beside the domain codes of cases.
const (
	codeBadRequest = "bad_request"       // malformed JSON, form or query
	codeTooMany    = "too_many_requests" // rate limited
	codeRefused    = "refused"           // the PBX refused a telephony command
)

// statusOf maps an error code to its HTTP status. It is the one place that
// decides the status of an error.
func statusOf(code string) int {
	switch code {
	case cases.ENotFound:
		return http.StatusNotFound
	case cases.EInvalid:
		return http.StatusUnprocessableEntity
	case cases.EConflict, codeRefused:
		return http.StatusConflict
	case cases.EUnauthorized:
		return http.StatusUnauthorized
	case cases.EForbidden:
		return http.StatusForbidden
	case cases.ETooLarge:
		return http.StatusRequestEntityTooLarge
	case cases.EUnavailable:
		return http.StatusServiceUnavailable
	case codeBadRequest:
		return http.StatusBadRequest
	case codeTooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// badRequest returns an error for a request the server cannot parse.
func badRequest(field, format string, args ...any) error {
	return cases.FieldErrorf(codeBadRequest, field, format, args...)
}

// tooLarge returns the error for a request body over its limit.
func tooLarge(limit int64) error {
	return cases.Errorf(cases.ETooLarge, "the request body is larger than %s", byteSize(limit))
}

// errorBody is the JSON form of an error.
type errorBody struct {
	Error errorJSON `json:"error"`
}

type errorJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// publicError returns the code, status and message of err that may be
// shown to the user, and logs internal errors with the request id and
// route. Internal details never leave the server.
func (s *Server) publicError(r *http.Request, err error) (errorJSON, int) {
	err = fromPBX(err)
	code := cases.ErrorCode(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code, err = cases.ETooLarge, tooLarge(mbe.Limit)
	}
	status := statusOf(code)
	if status == http.StatusInternalServerError && r.Context().Err() != nil {
		// The client went away mid-request: nothing failed on our side.
		s.log.DebugContext(r.Context(), "request cancelled by the client", "request_id", requestID(r),
			"route", routeOf(r), "err", err)
		return errorJSON{Code: cases.EUnavailable, Message: "the request was cancelled"}, http.StatusServiceUnavailable
	}
	if status == http.StatusInternalServerError {
		code = cases.EInternal
		s.log.ErrorContext(r.Context(), "request failed", "request_id", requestID(r),
			"route", routeOf(r), "method", r.Method, "err", err)
		msg := "Internal error; it has been logged (request " + requestID(r) + ")."
		if wantsCzech(r) {
			msg = "Vnitřní chyba; byla zaznamenána (požadavek " + requestID(r) + ")."
		}
		return errorJSON{Code: code, Message: msg}, status
	}
	return errorJSON{Code: code, Message: localize(r, err), Field: cases.ErrorField(err)}, status
}

// pbxError marks an error of the PBX link (package cti), which
// publicError translates with fromPBX.
type pbxError struct{ err error }

func (e *pbxError) Error() string { return e.err.Error() }
func (e *pbxError) Unwrap() error { return e.err }

// pbxFailure marks err, returned by the Telephony, for fromPBX; nil stays
// nil.
func pbxFailure(err error) error {
	if err == nil {
		return nil
	}
	return &pbxError{err: err}
}

// fromPBX translates an error marked by pbxFailure into a domain error:
// the PBX's refusal into "refused", a link that is down or does not
// answer in time into "unavailable", an unknown call or callback task into
// "not found", and a command the call's state does not allow or a
// callback attempt the rules refuse into "conflict". Other errors are
// returned as they are.
func fromPBX(err error) error {
	var pe *pbxError
	if !errors.As(err, &pe) {
		return err
	}
	var (
		refused   *cti.RefusedError
		cbRefused *cti.AttemptRefusedError
	)
	switch err = pe.err; {
	case errors.As(err, &refused):
		return cases.Errorf(codeRefused, "the PBX refused %s: %s",
			strings.ReplaceAll(refused.Command, "_", " "), refusalReason(refused))
	case errors.As(err, &cbRefused):
		return callbackRefusal(cbRefused)
	case errors.Is(err, cti.ErrCallbackNotFound):
		return cases.Errorf(cases.ENotFound, "callback task not found")
	case errors.Is(err, cti.ErrCallbackConflict):
		return cases.Errorf(cases.EConflict, "the callback task was changed meanwhile; try again")
	case errors.Is(err, cti.ErrLinkDown):
		return cases.Errorf(cases.EUnavailable, "the PBX link is down; try again shortly")
	case errors.Is(err, context.DeadlineExceeded):
		return cases.Errorf(cases.EUnavailable, "the PBX did not answer in time; try again shortly")
	case errors.Is(err, cti.ErrCallNotFound):
		return cases.Errorf(cases.ENotFound, "call not found")
	case errors.Is(err, cti.ErrNotAtExtension):
		return cases.Errorf(cases.EConflict, "the call is not at your extension")
	case errors.Is(err, cti.ErrNoConsultation):
		return cases.Errorf(cases.EConflict, "your extension has no held call and consultation call to transfer")
	}
	return err
}

// refusalReason names the PBX's error plainly: the CSTA universal failure
// with its class, or the ROSE reject problem.
func refusalReason(e *cti.RefusedError) string {
	var (
		ce *csta.Error
		re *csta.RejectError
	)
	switch {
	case errors.As(e, &ce) && ce.Class != csta.ClassUnspecified:
		return "CSTA error " + ce.ValueName() + " (" + ce.Class.String() + ")"
	case errors.As(e, &ce):
		return "CSTA error unspecified"
	case errors.As(e, &re):
		return "request rejected (" + re.Problem.String() + ")"
	}
	return e.Reason
}

// callbackRefusal words a callback attempt the rules refused, naming when
// the next attempt is allowed.
func callbackRefusal(e *cti.AttemptRefusedError) error {
	next := e.NextAllowed.In(workdays.Prague()).Format("2006-01-02 15:04")
	switch {
	case e.Reason == cti.RefusedOutsideHours && e.NextAllowed.IsZero():
		return cases.Errorf(cases.EConflict, "outside opening hours")
	case e.Reason == cti.RefusedOutsideHours:
		return cases.Errorf(cases.EConflict, "outside opening hours; the next attempt is allowed at %s", next)
	case e.Reason == cti.RefusedTooSoon:
		return cases.Errorf(cases.EConflict, "too soon after the last attempt; the next is allowed at %s", next)
	case e.Reason == cti.RefusedMaxAttempts:
		return cases.Errorf(cases.EConflict, "all %d call-back attempts were made without reaching the citizen", e.MaxAttempts)
	case e.Reason == cti.RefusedInProgress:
		return cases.Errorf(cases.EConflict, "another call-back attempt on this task is in progress")
	}
	switch e.Resolution {
	case cti.ResolutionReached:
		return cases.Errorf(cases.EConflict, "the callback task is closed: a call-back reached the citizen")
	case cti.ResolutionCalledIn:
		return cases.Errorf(cases.EConflict, "the callback task is closed: the citizen's later call was answered")
	case cti.ResolutionCalledOut:
		return cases.Errorf(cases.EConflict, "the callback task is closed: an outgoing call reached the citizen")
	}
	return cases.Errorf(cases.EConflict, "the callback task is closed")
}

// fail writes err as JSON for API requests and as an error page otherwise.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		s.apiError(w, r, err)
		return
	}
	s.pageError(w, r, err)
}

// apiError writes err as {"error": {"code", "message", "field"}}.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	e, status := s.publicError(r, err)
	switch status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="linka"`)
	case http.StatusServiceUnavailable, http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "2")
	}
	writeJSON(w, status, errorBody{Error: e})
}

// isAPI reports whether r is a request of the JSON API.
func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/")
}

// logWarn logs a noteworthy but handled event of a request.
func (s *Server) logWarn(r *http.Request, msg string, args ...any) {
	args = append([]any{"request_id", requestID(r), "route", routeOf(r)}, args...)
	s.log.Log(r.Context(), slog.LevelWarn, msg, args...)
}

// forbidden returns the error for a request the user may not make.
func forbidden(format string, args ...any) error {
	return cases.Errorf(cases.EForbidden, format, args...)
}

// isTooLarge reports whether err is a body over its limit.
func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return cases.ErrorCode(err) == cases.ETooLarge || errors.As(err, &mbe)
}

// logInfo logs a change of settings a signed-in user made through r.
func (s *Server) logInfo(r *http.Request, msg string, args ...any) {
	u := userOf(r)
	args = append([]any{"request_id", requestID(r), "user_id", u.ID, "user", u.Login}, args...)
	s.log.InfoContext(r.Context(), msg, args...)
}
