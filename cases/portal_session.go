package cases

import (
	"context"
	"fmt"
	"strings"
)

// wrongCode is the one answer to an unknown case number, a wrong code and
// a case without a code, so the answer does not tell which.
func wrongCode() *Error {
	return Errorf(EUnauthorized, "the case number or the access code is wrong")
}

// SignIn checks a case number and access code typed by a citizen coming
// from the client address ip, and opens a session on the case's status
// page. It returns the secret for the session cookie.
//
// An unknown case number and a wrong code take the same path — a lookup of
// the case and of its code, and one hash comparison against the stored
// hash or a dummy one — and give the same error. Failures are counted per
// case number and per client address; past the policy's free attempts
// further ones must wait, growing, and then the key is locked
// (*ThrottledError), which again does not depend on whether the case
// exists. An expired code, typed correctly, is told as such: only the
// holder of the code learns it.
func (p *Portal) SignIn(ctx context.Context, number, code, ip string) (string, *PortalSession, error) {
	number = strings.TrimSpace(number)
	keys := []throttleKey{{caseKey(number), p.opts.CaseLimit}, {"ip:" + ip, p.opts.IPLimit}}
	if err := p.checkThrottles(ctx, keys); err != nil {
		return "", nil, err
	}
	c, err := p.svc.store.CaseByNumber(ctx, number)
	caseID := int64(-1)
	switch {
	case err == nil:
		caseID = c.ID
	case ErrorCode(err) != ENotFound:
		return "", nil, fmt.Errorf("load case: %w", err)
	}
	want := dummyCodeHash
	ac, err := p.store.AccessCode(ctx, caseID)
	switch {
	case err == nil:
		want = ac.Hash
	case ErrorCode(err) != ENotFound:
		return "", nil, fmt.Errorf("load access code: %w", err)
	}
	ok := sameHash(AccessCodeHash(caseID, NormalizeAccessCode(code)), want) && caseID > 0 && ac != nil
	if !ok {
		if err := p.addFailures(ctx, keys); err != nil {
			return "", nil, err
		}
		return "", nil, wrongCode()
	}
	now := p.svc.Now()
	if !now.Before(ac.ExpiresAt) {
		return "", nil, Errorf(EUnauthorized, "the access code has expired; ask for a new one")
	}
	if err := p.store.ResetThrottle(ctx, keys[0].key); err != nil {
		return "", nil, fmt.Errorf("reset throttle: %w", err)
	}
	secret, id, err := newSecret()
	if err != nil {
		return "", nil, err
	}
	s := PortalSession{ID: id, CaseID: c.ID, CreatedAt: now, ExpiresAt: now.Add(p.opts.SessionTTL)}
	if err := p.store.CreatePortalSession(ctx, s); err != nil {
		return "", nil, fmt.Errorf("create portal session: %w", err)
	}
	return secret, &s, nil
}

// session returns the live session of a cookie's secret; anything else is
// EUnauthorized.
func (p *Portal) session(ctx context.Context, secret string) (*PortalSession, error) {
	bad := Errorf(EUnauthorized, "please sign in with the case number and the access code")
	if secret == "" {
		return nil, bad
	}
	s, err := p.store.PortalSession(ctx, hashSecret(secret))
	switch {
	case ErrorCode(err) == ENotFound:
		return nil, bad
	case err != nil:
		return nil, fmt.Errorf("load portal session: %w", err)
	case !p.svc.Now().Before(s.ExpiresAt):
		_ = p.store.DeletePortalSession(ctx, s.ID)
		return nil, bad
	}
	return s, nil
}

// SignOut ends the session of a cookie's secret.
func (p *Portal) SignOut(ctx context.Context, secret string) error {
	if secret == "" {
		return nil
	}
	return p.store.DeletePortalSession(ctx, hashSecret(secret))
}

// View returns the public view of the case the session of a cookie's
// secret is signed in to.
func (p *Portal) View(ctx context.Context, secret string) (*PublicCase, error) {
	s, err := p.session(ctx, secret)
	if err != nil {
		return nil, err
	}
	c, err := p.svc.store.CaseByID(ctx, s.CaseID)
	if err != nil {
		return nil, fmt.Errorf("load case: %w", err)
	}
	v, err := p.publicView(ctx, c)
	if err != nil {
		return nil, err
	}
	v.SessionExpires = s.ExpiresAt
	return v, nil
}
