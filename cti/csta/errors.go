package csta

import (
	"errors"
	"fmt"
)

// ErrorClass is the alternative of UniversalFailure (ECMA-285 module
// CSTA-error-definition); its value is the context tag of the alternative.
type ErrorClass uint8

// Error classes.
const (
	ClassOperation                      ErrorClass = 0
	ClassSecurity                       ErrorClass = 1
	ClassStateIncompatibility           ErrorClass = 2
	ClassSystemResourceAvailability     ErrorClass = 3
	ClassSubscribedResourceAvailability ErrorClass = 4
	ClassPerformanceManagement          ErrorClass = 5
	ClassPrivateData                    ErrorClass = 6
	ClassUnspecified                    ErrorClass = 7
)

// String names the class as in the ASN.1 module.
func (c ErrorClass) String() string {
	switch c {
	case ClassOperation:
		return "operation"
	case ClassSecurity:
		return "security"
	case ClassStateIncompatibility:
		return "stateIncompatibility"
	case ClassSystemResourceAvailability:
		return "systemResourceAvailability"
	case ClassSubscribedResourceAvailability:
		return "subscribedResourceAvailability"
	case ClassPerformanceManagement:
		return "performanceManagement"
	case ClassPrivateData:
		return "privateData"
	case ClassUnspecified:
		return "unspecified"
	}
	return fmt.Sprintf("class(%d)", uint8(c))
}

// Error is a CSTA negative acknowledgement: a ROSE ReturnError whose
// parameter is a UniversalFailure (ECMA-285 module CSTA-error-definition,
// ECMA-269 clause 9.3).
type Error struct {
	// Operation is the operation that failed, when known.
	Operation Operation
	Class     ErrorClass
	// Value is the ENUMERATED value within the class (always 0 for the
	// unspecified class).
	Value int
}

// Error renders the failure, e.g.
// "csta: makeCall failed: operation error invalidCallingDeviceID (5)".
func (e *Error) Error() string {
	op := "request"
	if e.Operation != 0 {
		op = e.Operation.String()
	}
	if e.Class == ClassUnspecified {
		return fmt.Sprintf("csta: %s failed: unspecified error", op)
	}
	return fmt.Sprintf("csta: %s failed: %s error %s (%d)", op, e.Class, e.ValueName(), e.Value)
}

// ValueName returns the ASN.1 name of Value within its class.
func (e *Error) ValueName() string {
	if name, ok := errorValueName(e.Class, e.Value); ok {
		return name
	}
	return fmt.Sprintf("value%d", e.Value)
}

// Is matches another *Error with the same class and value, ignoring the
// operation, so errors.Is(err, &csta.Error{Class: …, Value: …}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Class == e.Class && t.Value == e.Value
}

// Marshal encodes the error as a UniversalFailure parameter.
func (e *Error) Marshal() []byte {
	var w berWriter
	w.open(ctxCons(uint32(e.Class)))
	if e.Class == ClassUnspecified {
		w.null(tagNull)
	} else {
		w.integer(tagEnumerated, int64(e.Value))
	}
	w.close()
	return w.bytes()
}

// DecodeUniversalFailure decodes a ReturnError parameter holding a
// UniversalFailure.
func DecodeUniversalFailure(param []byte) (*Error, error) {
	e, err := oneTLV(param)
	if err != nil {
		return nil, err
	}
	if e.tag.class() != classContext || !e.tag.constructed() || e.tag.number() > uint32(ClassUnspecified) {
		return nil, malformed("universal failure: unexpected tag %v", e.tag)
	}
	out := &Error{Class: ErrorClass(e.tag.number())}
	r := e.children()
	v, err := r.next()
	if err != nil {
		return nil, err
	}
	switch {
	case out.Class == ClassUnspecified && v.tag == tagNull:
		return out, checkNull(v.val)
	case v.tag == tagEnumerated:
		out.Value, err = parseSmallInt(v.val)
		return out, err
	}
	return nil, malformed("universal failure %s: unexpected value tag %v", out.Class, v.tag)
}

// ProblemKind is the alternative of a ROSE Reject problem (X.880 Reject).
type ProblemKind uint8

// Reject problem kinds.
const (
	ProblemGeneral      ProblemKind = 0
	ProblemInvoke       ProblemKind = 1
	ProblemReturnResult ProblemKind = 2
	ProblemReturnError  ProblemKind = 3
)

// RejectProblem is the problem of a ROSE Reject.
type RejectProblem struct {
	Kind ProblemKind
	Code int
}

// String names the problem, e.g. "invoke unrecognizedOperation".
func (p RejectProblem) String() string {
	kind, name, ok := problemName(p)
	switch {
	case ok:
		return kind + " " + name
	case kind != "":
		return fmt.Sprintf("%s problem(%d)", kind, p.Code)
	}
	return fmt.Sprintf("problem(%d/%d)", p.Kind, p.Code)
}

// RejectError reports that the peer rejected a request with a ROSE Reject.
type RejectError struct {
	Operation Operation
	Problem   RejectProblem
}

// Error renders the rejection.
func (e *RejectError) Error() string {
	return fmt.Sprintf("csta: %s rejected: %s", e.Operation, e.Problem)
}

// ErrorFromReturnError converts a ReturnError answering op into an error:
// a *Error for universalFailure, otherwise a descriptive error.
func ErrorFromReturnError(op Operation, re *ReturnError) error {
	if re.ErrorCode != UniversalFailureCode {
		return fmt.Errorf("csta: %s failed with error code %d", op, re.ErrorCode)
	}
	e, err := DecodeUniversalFailure(re.Parameter)
	if err != nil {
		return fmt.Errorf("csta: %s failed with an undecodable universal failure: %w", op, err)
	}
	e.Operation = op
	return e
}

// IsMalformed reports whether err reports malformed input.
func IsMalformed(err error) bool { return errors.Is(err, ErrMalformed) }
