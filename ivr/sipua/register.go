package sipua

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
)

// registerLoop keeps the registration fresh: it re-registers at half the
// granted lifetime, and retries a failure with backoff, logging a failure
// when it changes rather than every retry.
func (g *Gateway) registerLoop(ctx context.Context) {
	retry := retryInitial
	lastErr := ""
	for {
		granted, err := g.registerOnce(ctx)
		wait := granted / 2
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			if err.Error() != lastErr {
				g.log.Error("SIP registration failed", "registrar", g.o.Registrar, "user", g.o.Username, "err", err)
			}
			lastErr = err.Error()
			g.setStatus(func(s *Status) { s.Registered, s.LastError = false, err.Error() })
			wait = retry
			retry = min(retry*2, retryMax)
		default:
			if lastErr != "" || !g.Status().Registered {
				g.log.Info("registered with the PBX", "registrar", g.o.Registrar, "user", g.o.Username, "expires", granted)
			}
			lastErr, retry = "", retryInitial
			now := g.o.Now()
			g.setStatus(func(s *Status) { s.Registered, s.LastError, s.Since = true, "", now })
		}
		t := time.NewTimer(max(wait, minRefresh/2))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

func (g *Gateway) registerOnce(ctx context.Context) (time.Duration, error) {
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return g.register(rctx, g.o.Expiry)
}

// register sends REGISTER with the lifetime (zero unregisters), answering
// a digest challenge, and returns the lifetime granted.
func (g *Gateway) register(ctx context.Context, expiry time.Duration) (time.Duration, error) {
	recipient := sip.Uri{Scheme: "sip", User: g.o.Username, Host: g.o.Domain}
	req := sip.NewRequest(sip.REGISTER, sip.Uri{Scheme: "sip", Host: g.o.Domain})
	to := &sip.ToHeader{Address: recipient}
	from := &sip.FromHeader{Address: recipient, Params: sip.NewParams()}
	from.Params.Add("tag", sip.GenerateTagN(16))
	req.AppendHeader(to)
	req.AppendHeader(from)
	req.AppendHeader(&g.contact)
	req.AppendHeader(sip.NewHeader("Expires", strconv.Itoa(int(expiry/time.Second))))
	req.SetDestination(g.o.Registrar)
	req.SetTransport("UDP")
	res, err := g.client.Do(ctx, req, sipgo.ClientRequestRegisterBuild)
	if err != nil {
		return 0, fmt.Errorf("send REGISTER: %w", err)
	}
	if res.StatusCode == sip.StatusUnauthorized || res.StatusCode == sip.StatusProxyAuthRequired {
		res, err = g.client.DoDigestAuth(ctx, req, res, sipgo.DigestAuth{Username: g.o.Username, Password: g.o.Password})
		if err != nil {
			return 0, fmt.Errorf("send REGISTER with credentials: %w", err)
		}
	}
	if !res.IsSuccess() {
		return 0, fmt.Errorf("registrar answered %d %s", res.StatusCode, res.Reason)
	}
	granted := expiry
	if h := res.GetHeader("Expires"); h != nil {
		if n, err := strconv.Atoi(h.Value()); err == nil {
			granted = time.Duration(n) * time.Second
		}
	}
	for _, h := range res.GetHeaders("Contact") {
		if ch, ok := h.(*sip.ContactHeader); ok && ch.Address.User == g.contact.Address.User {
			if e, ok := ch.Params.Get("expires"); ok {
				if n, err := strconv.Atoi(e); err == nil {
					granted = time.Duration(n) * time.Second
				}
			}
		}
	}
	return granted, nil
}
