package cti

import (
	"errors"
	"fmt"

	"linka/cti/csta"
)

// Errors of commands and look-ups. The web layer maps them: ErrLinkDown
// to "service unavailable", ErrCallNotFound to "not found", the others to
// "invalid" or "conflict".
var (
	// ErrLinkDown reports a command while the PBX link is not up, or a
	// link lost while the command waited for the PBX.
	ErrLinkDown = errors.New("cti: PBX link is down")
	// ErrCallNotFound reports a Linka call id that is not in progress.
	ErrCallNotFound = errors.New("cti: call not found")
	// ErrNotAtExtension reports a call that has no connection at the
	// extension a command names.
	ErrNotAtExtension = errors.New("cti: the call is not at this extension")
	// ErrNoConsultation reports a transfer at an extension that does not
	// hold one call and talk on another.
	ErrNoConsultation = errors.New("cti: no held call and consultation call to transfer at this extension")
	// ErrHeartbeatTimeout reports a PBX that sent nothing for longer than
	// LinkOptions.HeartbeatTimeout.
	ErrHeartbeatTimeout = errors.New("cti: no heartbeat from the PBX")
	// ErrFramingLost reports a stream of malformed PDUs long enough to
	// assume the framing is lost.
	ErrFramingLost = errors.New("cti: too many malformed PDUs in a row, framing lost")
)

// RefusedError is the PBX's negative verdict on a command: a CSTA
// universal failure (*csta.Error, with class and value) or a ROSE reject
// (*csta.RejectError), which errors.As also finds through Unwrap.
type RefusedError struct {
	// Command names the command, e.g. "answer".
	Command string
	// Reason is the PBX's error, e.g. "stateIncompatibility
	// invalidConnectionState" or "invoke unrecognizedOperation".
	Reason string
	Err    error
}

// Error renders the refusal, e.g. "cti: the PBX refused answer:
// stateIncompatibility invalidConnectionState".
func (e *RefusedError) Error() string {
	return fmt.Sprintf("cti: the PBX refused %s: %s", e.Command, e.Reason)
}

// Unwrap returns the CSTA error.
func (e *RefusedError) Unwrap() error { return e.Err }

// commandError turns the outcome of a CSTA request into the error a
// command returns.
func commandError(command string, err error, conn *csta.Conn) error {
	if err == nil {
		return nil
	}
	var ce *csta.Error
	if errors.As(err, &ce) {
		reason := ce.Class.String() + " " + ce.ValueName()
		if ce.Class == csta.ClassUnspecified {
			reason = "unspecified error"
		}
		return &RefusedError{Command: command, Reason: reason, Err: ce}
	}
	var re *csta.RejectError
	if errors.As(err, &re) {
		return &RefusedError{Command: command, Reason: re.Problem.String(), Err: re}
	}
	if conn.Err() != nil {
		return fmt.Errorf("cti: %s: %w: %w", command, ErrLinkDown, err)
	}
	return fmt.Errorf("cti: %s: %w", command, err)
}
