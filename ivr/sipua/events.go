package sipua

import (
	"context"
	"fmt"
	"time"

	"linka/cti"
	"linka/ivr"
)

// callbackTimeout bounds the creation of a callback task.
const callbackTimeout = 10 * time.Second

// linkaID returns the Linka call id of the call once the model knows it.
func (c *call) linkaID() string {
	if c.callID == "" && c.g.o.Model != nil {
		c.callID = c.g.o.Model.CallID(c.caller)
	}
	return c.callID
}

func (c *call) groupReady(group string) bool {
	if c.g.o.Model == nil {
		return true
	}
	return c.g.o.Model.GroupReady(group)
}

// publish puts an event of the call on the bus: data carries call_id
// (when known), caller (E.164), sip_call_id and at, and for path events
// the node, and the digit or target when there is one.
func (c *call) publish(typ string, a ivr.Action, path bool) {
	at := c.g.o.Now()
	c.log.Debug("event", "type", typ, "node", a.Node)
	if c.g.o.Bus == nil {
		return
	}
	data := map[string]any{"caller": c.e164, "sip_call_id": c.sipCallID, "at": at}
	if id := c.linkaID(); id != "" {
		data["call_id"] = id
	}
	if path || a.Node != "" {
		data["node"] = a.Node
	}
	if a.Digit != "" {
		data["digit"] = a.Digit
	}
	if a.Target != "" {
		data["target"] = a.Target
	}
	c.g.o.Bus.Publish(cti.Event{Type: typ, At: at, Data: data})
}

// requestCallback creates a callback task with the caller's number.
func (c *call) requestCallback(a ivr.Action) {
	if c.g.o.Callbacks == nil {
		c.log.Error("the caller asked for a callback but no callback queue is configured", "caller", c.caller)
		return
	}
	ctx, cancel := context.WithTimeout(c.ctx, callbackTimeout)
	defer cancel()
	r := ivr.CallbackRequest{Caller: c.caller, CallID: c.linkaID(), SIPCallID: c.sipCallID, At: c.g.o.Now()}
	if err := c.g.o.Callbacks.RequestCallback(ctx, r); err != nil {
		c.log.Error("create callback task", "caller", c.caller, "err", err)
		return
	}
	c.log.Info("callback task created", "caller", c.caller, "node", a.Node)
}

// startTransfer hands the call on in its own goroutine; the result comes
// back on c.transfers.
func (c *call) startTransfer(a ivr.Action) {
	c.stopPlay()
	c.waitTimer = nil
	c.log.Info("transferring", "target", a.Target, "via", a.Via)
	go func() {
		var err error
		if a.Via == ivr.ViaCSTA {
			err = c.transferCSTA(a.Target)
		} else {
			err = c.refer(a.Target)
		}
		c.transfers <- err
	}()
}

func (c *call) transferCSTA(target string) error {
	if c.g.o.CSTA == nil {
		return fmt.Errorf("no PBX link for a CSTA transfer")
	}
	id := c.linkaID()
	if id == "" {
		return fmt.Errorf("the PBX link does not know the call from %q", c.caller)
	}
	ctx, cancel := context.WithTimeout(c.ctx, 10*time.Second)
	defer cancel()
	return c.g.o.CSTA.Transfer(ctx, id, target)
}

// transferDone feeds a transfer's result; after a successful REFER the
// gateway leaves the call (RFC 5589 clause 6: the transferor sends BYE).
func (c *call) transferDone(err error) {
	if err != nil {
		c.log.Warn("transfer failed", "err", err, "node", c.machine.Node())
		c.feed(ivr.Input{Kind: ivr.InputTransferFailed})
		return
	}
	c.log.Info("transferred", "node", c.machine.Node())
	c.feed(ivr.Input{Kind: ivr.InputTransferred})
	c.hangup()
}
