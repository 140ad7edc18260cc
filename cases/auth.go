package cases

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"
)

// dummyHash is checked when a login does not exist, so that a wrong login
// takes as long as a wrong password.
const dummyHash = "$argon2id$v=19$m=65536,t=2,p=2$c2FsdHNhbHRzYWx0c2FsdA$2Q1Tq9m5Xn6fXn3h8m2Pp6lqvJw0lGm2D7m0eQyW3ZQ"

// Login checks a login and password and opens a session. It returns the
// user, the session and the secret for the session cookie. A wrong login,
// a wrong password and a disabled account all give the same error.
func (s *Service) Login(ctx context.Context, login, password string) (*User, *Session, string, error) {
	bad := Errorf(EUnauthorized, "wrong login or password")
	u, err := s.store.UserByLogin(ctx, login)
	if err != nil {
		if ErrorCode(err) != ENotFound {
			return nil, nil, "", err
		}
		CheckPassword(dummyHash, password)
		return nil, nil, "", bad
	}
	if !CheckPassword(u.PasswordHash, password) || !u.Active {
		return nil, nil, "", bad
	}
	secret, id, err := newSecret()
	if err != nil {
		return nil, nil, "", err
	}
	csrf, _, err := newSecret()
	if err != nil {
		return nil, nil, "", err
	}
	now := s.Now()
	sess := &Session{ID: id, UserID: u.ID, CSRF: csrf, CreatedAt: now, SeenAt: now}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return nil, nil, "", fmt.Errorf("create session: %w", err)
	}
	u.PasswordHash = ""
	return u, sess, secret, nil
}

// SessionUser returns the user and session of a session cookie's secret,
// refreshing its last use. Idle, expired and unknown sessions, and those
// of disabled users, are EUnauthorized.
func (s *Service) SessionUser(ctx context.Context, secret string) (*User, *Session, error) {
	bad := Errorf(EUnauthorized, "please sign in")
	sess, err := s.store.Session(ctx, hashSecret(secret))
	if err != nil {
		if ErrorCode(err) == ENotFound {
			return nil, nil, bad
		}
		return nil, nil, err
	}
	now := s.Now()
	if now.Sub(sess.SeenAt) > s.opts.SessionIdle || now.Sub(sess.CreatedAt) > s.opts.SessionMax {
		_ = s.store.DeleteSession(ctx, sess.ID)
		return nil, nil, bad
	}
	u, err := s.activeUser(ctx, sess.UserID, bad)
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(sess.SeenAt) > time.Minute {
		err := s.store.TouchSession(ctx, sess.ID, now)
		if ErrorCode(err) == ENotFound { // signed out meanwhile
			return nil, nil, bad
		}
		if err != nil {
			return nil, nil, fmt.Errorf("touch session: %w", err)
		}
	}
	return u, sess, nil
}

// Logout ends the session of a cookie's secret.
func (s *Service) Logout(ctx context.Context, secret string) error {
	return s.store.DeleteSession(ctx, hashSecret(secret))
}

// ExpireSessions removes sessions idle for longer than the idle timeout.
func (s *Service) ExpireSessions(ctx context.Context) (int, error) {
	n, err := s.store.DeleteSessionsSeenBefore(ctx, s.Now().Add(-s.opts.SessionIdle))
	if err != nil {
		return n, err
	}
	m, err := s.store.DeleteThrottlePrefixBefore(ctx, signInPrefix, s.Now().Add(-SignInWindow))
	return n + m, err
}

// CreateToken issues a bearer token for a user (an integration account).
// The secret is returned once; only its hash is stored. ttl 0 never expires.
func (s *Service) CreateToken(ctx context.Context, actor *User, userID int64, name string, ttl time.Duration) (string, *Token, error) {
	if !canManageStaff(actor) {
		return "", nil, Errorf(EForbidden, "only an admin may issue tokens")
	}
	if _, err := s.store.User(ctx, userID); err != nil {
		return "", nil, err
	}
	secret, hash, err := newSecret()
	if err != nil {
		return "", nil, err
	}
	t := &Token{UserID: userID, Name: name, Hash: hash, CreatedAt: s.Now()}
	if ttl > 0 {
		t.ExpiresAt = t.CreatedAt.Add(ttl)
	}
	if err := s.store.CreateToken(ctx, t); err != nil {
		return "", nil, fmt.Errorf("create token: %w", err)
	}
	return "lk_" + secret, t, nil
}

// TokenUser returns the user of a bearer token.
func (s *Service) TokenUser(ctx context.Context, secret string) (*User, error) {
	bad := Errorf(EUnauthorized, "invalid or expired token")
	if len(secret) < 4 || secret[:3] != "lk_" {
		return nil, bad
	}
	t, err := s.store.TokenByHash(ctx, hashSecret(secret[3:]))
	if err != nil {
		if ErrorCode(err) == ENotFound {
			return nil, bad
		}
		return nil, err
	}
	if !t.ExpiresAt.IsZero() && s.Now().After(t.ExpiresAt) {
		return nil, bad
	}
	return s.activeUser(ctx, t.UserID, bad)
}

func (s *Service) activeUser(ctx context.Context, id int64, bad error) (*User, error) {
	u, err := s.store.User(ctx, id)
	if err != nil {
		if ErrorCode(err) == ENotFound {
			return nil, bad
		}
		return nil, err
	}
	if !u.Active {
		return nil, bad
	}
	u.PasswordHash = ""
	return u, nil
}

// newSecret returns a random URL-safe secret and its hash.
func newSecret() (secret, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("read random: %w", err)
	}
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, hashSecret(secret), nil
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
