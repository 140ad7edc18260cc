package sipua

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/emiago/sipgo/sip"
)

// refer transfers the call to target by REFER (RFC 3515) and waits for
// the NOTIFY that reports the transfer's final status.
func (c *call) refer(target string) error {
	host := c.g.o.TransferHost
	switch {
	case host != "":
	case c.g.o.Mode == ModeExtension:
		host = c.g.o.Registrar
	default:
		host = c.peerHost
		if f := c.dialog.InviteRequest.From(); f != nil && f.Address.Host != "" && net.ParseIP(f.Address.Host) == nil {
			host = f.Address.Host
		}
	}
	contact := c.dialog.InviteRequest.Contact()
	if contact == nil {
		return fmt.Errorf("the INVITE has no Contact to send REFER to")
	}
	req := sip.NewRequest(sip.REFER, contact.Address)
	req.SetTransport(c.dialog.InviteRequest.Transport())
	req.AppendHeader(sip.NewHeader("Refer-To", fmt.Sprintf("<sip:%s@%s>", target, host)))
	req.AppendHeader(sip.NewHeader("Referred-By", fmt.Sprintf("<%s>", c.g.contact.Address.String())))
	ctx, cancel := context.WithTimeout(c.ctx, referWait)
	defer cancel()
	res, err := c.dialog.Do(ctx, req)
	if err != nil {
		return fmt.Errorf("send REFER: %w", err)
	}
	if !res.IsSuccess() {
		return fmt.Errorf("REFER refused: %d %s", res.StatusCode, res.Reason)
	}
	c.log.Info("REFER accepted", "refer_to", fmt.Sprintf("sip:%s@%s", target, host), "status", res.StatusCode)
	for {
		select {
		case code := <-c.notify:
			switch {
			case code < 200:
				continue
			case code < 300:
				return nil
			default:
				return fmt.Errorf("transfer to %s failed: %d", target, code)
			}
		case <-c.dialog.Context().Done():
			// The transferee left the call with the gateway: it went on.
			return nil
		case <-ctx.Done():
			if c.ctx.Err() != nil {
				return c.ctx.Err()
			}
			c.log.Warn("no final NOTIFY for the REFER; assuming the transfer went on", "wait", referWait)
			return nil
		}
	}
}

// registration lifetime bounds.
const (
	minRefresh   = 30 * time.Second
	retryInitial = 5 * time.Second
	retryMax     = 2 * time.Minute
)
