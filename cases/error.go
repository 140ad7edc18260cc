package cases

import (
	"errors"
	"fmt"
)

// Error codes of the domain. The web layer maps each code to an HTTP status
// in exactly one place.
const (
	ENotFound     = "not_found"
	EInvalid      = "invalid"
	EConflict     = "conflict"
	EUnauthorized = "unauthorized"
	EForbidden    = "forbidden"
	ETooLarge     = "too_large"
	EUnavailable  = "unavailable"
	EInternal     = "internal"
)

// Error is the one error type of the domain. Message is safe to show to the
// user who caused it; Field names the offending input field for validation
// errors.
type Error struct {
	Code    string
	Field   string
	Message string

	// format and args are what Message was made from, so that a user
	// interface can show the message in the user's language.
	format string
	args   []any
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("cases: %s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("cases: %s: %s", e.Code, e.Message)
}

// Errorf returns a new *Error with the given code and formatted message.
// The format is an English sentence without a final full stop; user
// interfaces translate it (see Template), so keep it a literal.
func Errorf(code, format string, args ...any) *Error {
	return FieldErrorf(code, "", format, args...)
}

// Invalid returns a validation error naming the offending field.
func Invalid(field, format string, args ...any) *Error {
	return FieldErrorf(EInvalid, field, format, args...)
}

// FieldErrorf returns a new *Error with the given code about one field.
func FieldErrorf(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// Template returns the format and arguments Message was made from, for
// translation; for an Error built without Errorf it returns Message.
func (e *Error) Template() (format string, args []any) {
	if e.format == "" {
		return e.Message, nil
	}
	return e.format, e.args
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the user-facing message of err: the message of an
// *Error, or a generic text for internal errors, whose details must never
// reach users.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorField returns the field named by a validation error, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// notFound is shorthand for the not-found error of one kind of object.
func notFound(what string) *Error {
	return Errorf(ENotFound, "%s not found", what)
}
