package ivr

import (
	"context"
	"time"
)

// The small interfaces the gateway uses, implemented outside this package:
// the flow and prompt storage by internal/store, the callback queue and
// the call model by cti (adapted in cmd/linka).

// FlowSource gives the gateway the flow to run.
type FlowSource interface {
	// ActiveFlow returns the active version of the flow name.
	ActiveFlow(ctx context.Context, name string) (*Flow, error)
}

// PromptSource gives the gateway a prompt's audio: 8 kHz 16-bit samples.
type PromptSource interface {
	PromptAudio(ctx context.Context, name, lang string) ([]int16, error)
}

// CallbackRequest asks for a callback of the caller.
type CallbackRequest struct {
	// Caller is the caller's number as the PBX presented it.
	Caller string
	// CallID is the Linka call id when the call model knows the call.
	CallID string
	// SIPCallID is the Call-ID of the gateway's SIP dialog.
	SIPCallID string
	At        time.Time
}

// Callbacks creates callback tasks (the cti callback queue).
type Callbacks interface {
	RequestCallback(ctx context.Context, r CallbackRequest) error
}

// CallModel is what the gateway asks the CTI call model.
type CallModel interface {
	// GroupReady reports whether a clerk of the ICD group is ready.
	GroupReady(group string) bool
	// CallID returns the Linka call id of the call from caller now at the
	// gateway's extension, "" when the model does not know it.
	CallID(caller string) string
}

// Transferrer transfers a call through CSTA (the PBX link).
type Transferrer interface {
	// Transfer moves the Linka call callID from the gateway's extension
	// to target.
	Transfer(ctx context.Context, callID, target string) error
}
