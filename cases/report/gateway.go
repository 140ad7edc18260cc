package report

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"time"

	"linka/cti"
)

// GatewayEvent is a voice gateway event of a call (bus types "ivr.entered",
// "ivr.chose", "ivr.objected", "ivr.transferred", "ivr.abandoned").
type GatewayEvent struct {
	CallID    string    `json:"call_id"`
	Caller    string    `json:"caller"`
	SIPCallID string    `json:"sip_call_id"`
	Node      string    `json:"node"`
	Outcome   string    `json:"-"` // the event type without "ivr."
	At        time.Time `json:"-"`
}

// gatewayOutcomes are the ivr.* events recorded; an ended call is one
// transferred or abandoned.
var gatewayOutcomes = map[string]bool{"entered": true, "chose": true, "objected": true, "transferred": true, "abandoned": true}

// Ended reports whether the event ends the call's time in the gateway.
func (e GatewayEvent) Ended() bool { return e.Outcome == "transferred" || e.Outcome == "abandoned" }

// RecordGateway records the voice gateway's events from the bus in the
// store until ctx ends, so that the queue statistics count the callers who
// hung up in the gateway.
func RecordGateway(ctx context.Context, bus *cti.Bus, st Store, log *slog.Logger) error {
	filter := func(e cti.Event) bool { return strings.HasPrefix(e.Type, "ivr.") }
	sub := bus.Subscribe(filter, 1024)
	defer func() { sub.Close() }()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case e, ok := <-sub.Events():
			if !ok {
				log.Warn("gateway events dropped; resubscribing", "error", sub.Err())
				sub = bus.Subscribe(filter, 1024)
				continue
			}
			ge, ok := decodeGateway(e)
			if !ok {
				continue
			}
			if err := st.PutGatewayEvent(ctx, ge); err != nil && ctx.Err() == nil {
				log.Error("gateway event not recorded", "call_id", ge.CallID, "event", e.Type, "error", err)
			}
		}
	}
}

// decodeGateway reads an ivr.* event whatever the payload's Go type: the
// fields are taken from its JSON form.
func decodeGateway(e cti.Event) (GatewayEvent, bool) {
	out := strings.TrimPrefix(e.Type, "ivr.")
	if !gatewayOutcomes[out] {
		return GatewayEvent{}, false
	}
	var g GatewayEvent
	b, err := json.Marshal(e.Data)
	if err != nil || json.Unmarshal(b, &g) != nil {
		return GatewayEvent{}, false
	}
	if g.CallID == "" {
		// The gateway names the Linka call only when the PBX link knows
		// it; the SIP Call-ID identifies the call otherwise.
		if g.SIPCallID == "" {
			return GatewayEvent{}, false
		}
		g.CallID = "sip:" + g.SIPCallID
	}
	g.Outcome, g.At = out, e.At
	if g.At.IsZero() {
		g.At = time.Now()
	}
	return g, true
}
