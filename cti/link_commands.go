package cti

import (
	"context"
	"time"

	"linka/cti/csta"
)

// Commands take Linka call ids and extension numbers, resolve the CSTA
// connection in the live model and return the PBX's verdict: nil, a
// *RefusedError with the PBX's CSTA error, ErrLinkDown, ErrCallNotFound
// or ErrNotAtExtension.

// do runs a CSTA request named name on the current connection and records
// its metrics.
func (l *Link) do(ctx context.Context, name string, req func(*csta.Conn) error) error {
	l.mu.Lock()
	conn := l.conn
	l.mu.Unlock()
	if conn == nil {
		return ErrLinkDown
	}
	start := time.Now()
	err := commandError(name, req(conn), conn)
	l.met.command(name, start, err)
	return err
}

// onCall runs a request on the connection of call id at ext.
func (l *Link) onCall(ctx context.Context, name, id, ext string, req func(*csta.Conn, csta.ConnectionID, ConnectionState) error) error {
	l.mu.Lock()
	cn, st, err := l.model.connection(id, ext)
	l.mu.Unlock()
	if err != nil {
		return err
	}
	return l.do(ctx, name, func(c *csta.Conn) error { return req(c, cn, st) })
}

// Answer answers the call ringing at ext (answerCall).
func (l *Link) Answer(ctx context.Context, callID, ext string) error {
	return l.onCall(ctx, "answer", callID, ext, func(c *csta.Conn, cn csta.ConnectionID, _ ConnectionState) error {
		return c.AnswerCall(ctx, cn)
	})
}

// Hangup releases ext from the call (clearConnection).
func (l *Link) Hangup(ctx context.Context, callID, ext string) error {
	return l.onCall(ctx, "hangup", callID, ext, func(c *csta.Conn, cn csta.ConnectionID, _ ConnectionState) error {
		return c.ClearConnection(ctx, cn)
	})
}

// Hold puts the call on hold at ext (holdCall).
func (l *Link) Hold(ctx context.Context, callID, ext string) error {
	return l.onCall(ctx, "hold", callID, ext, func(c *csta.Conn, cn csta.ConnectionID, _ ConnectionState) error {
		return c.HoldCall(ctx, cn)
	})
}

// Retrieve takes the held call back at ext (retrieveCall).
func (l *Link) Retrieve(ctx context.Context, callID, ext string) error {
	return l.onCall(ctx, "retrieve", callID, ext, func(c *csta.Conn, cn csta.ConnectionID, _ ConnectionState) error {
		return c.RetrieveCall(ctx, cn)
	})
}

// Consult holds the call at ext and calls to from ext (consultationCall);
// it returns the Linka id of the consultation call. Transfer then joins
// the two.
func (l *Link) Consult(ctx context.Context, callID, ext, to string) (string, error) {
	var res csta.ConsultationCallResult
	err := l.onCall(ctx, "consult", callID, ext, func(c *csta.Conn, cn csta.ConnectionID, _ ConnectionState) error {
		var err error
		res, err = c.ConsultationCall(ctx, csta.ConsultationCallArgument{Existing: cn, Consulted: csta.DialingNumber(to)})
		return err
	})
	if err != nil {
		return "", err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.model.register(res.Initiated.Call, ext, callID), nil
}

// Transfer completes a consultation at ext (transferCall): the held call
// and the consultation call are joined and ext leaves. callID may name
// either of the two calls.
func (l *Link) Transfer(ctx context.Context, callID, ext string) error {
	l.mu.Lock()
	held, active, err := l.model.transferPair(callID, ext)
	l.mu.Unlock()
	if err != nil {
		return err
	}
	return l.do(ctx, "transfer", func(c *csta.Conn) error {
		_, err := c.TransferCall(ctx, held, active)
		return err
	})
}

// BlindTransfer sends the call at ext to the number to without
// consultation: singleStepTransferCall, or deflectCall when the call is
// still ringing at ext.
func (l *Link) BlindTransfer(ctx context.Context, callID, ext, to string) error {
	return l.onCall(ctx, "blind_transfer", callID, ext, func(c *csta.Conn, cn csta.ConnectionID, st ConnectionState) error {
		if st == ConnAlerting {
			return c.DeflectCall(ctx, cn, csta.DialingNumber(to))
		}
		_, err := c.SingleStepTransfer(ctx, csta.SingleStepTransferArgument{Active: cn, TransferredTo: csta.DialingNumber(to)})
		return err
	})
}

// MakeCall calls number from extension ext (makeCall) and returns the
// Linka id of the new call.
func (l *Link) MakeCall(ctx context.Context, ext, number string) (string, error) {
	var res csta.MakeCallResult
	err := l.do(ctx, "make_call", func(c *csta.Conn) error {
		var err error
		res, err = c.MakeCall(ctx, csta.MakeCallArgument{Calling: csta.DialingNumber(ext), Called: csta.DialingNumber(number)})
		return err
	})
	if err != nil {
		return "", err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.model.register(res.Connection.Call, ext, ""), nil
}

// Login signs the agent at ext in to its ICD groups (setAgentState logOn).
func (l *Link) Login(ctx context.Context, ext string) error {
	return l.agent(ctx, "login", ext, csta.AgentLogOn)
}

// Logout signs the agent at ext out (setAgentState logOff).
func (l *Link) Logout(ctx context.Context, ext string) error {
	return l.agent(ctx, "logout", ext, csta.AgentLogOff)
}

// Ready makes the agent at ext available for group calls.
func (l *Link) Ready(ctx context.Context, ext string) error {
	return l.agent(ctx, "ready", ext, csta.AgentReady)
}

// NotReady makes the agent at ext unavailable for group calls.
func (l *Link) NotReady(ctx context.Context, ext string) error {
	return l.agent(ctx, "not_ready", ext, csta.AgentNotReady)
}

// agent requests an agent state for ext.
func (l *Link) agent(ctx context.Context, name, ext string, req csta.AgentRequest) error {
	return l.do(ctx, name, func(c *csta.Conn) error {
		_, err := c.SetAgentState(ctx, csta.SetAgentStateArgument{Device: csta.DialingNumber(ext), Requested: req})
		return err
	})
}
