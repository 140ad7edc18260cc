package smdr

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"
)

// The login (PROTOCOLS.md, SMDR, Transports): the PBX prompts, the client
// sends the user, then the password, and records stream. Real services
// differ, so the client is tolerant:
//
//   - a prompt ("login:", "Enter user name:", "Username:", "Password:") is
//     answered as soon as it arrives, whether or not it ends with a line
//     end;
//   - when the PBX says nothing for LoginQuiet, the client sends what it
//     would have been asked for next: the user, then the password;
//   - echoes of the user and password and banners are skipped;
//   - after the password, an SMDR line or LoginQuiet of silence means the
//     login was accepted; "Login incorrect" (or "invalid", "denied", …) or
//     a prompt coming back means it was refused, reported as *LoginError;
//   - an SMDR line at any point means the PBX needs no (further) login.

// loginStage is how far the login got.
type loginStage uint8

const (
	stageUser     loginStage = iota // waiting to send the user
	stagePassword                   // user sent, waiting to send the password
	stageData                       // password sent, waiting for data or silence
)

func (s loginStage) String() string {
	switch s {
	case stagePassword:
		return "password prompt"
	case stageData:
		return "data"
	}
	return "user prompt"
}

// What a text from the PBX is to the login.
type loginText uint8

const (
	textOther loginText = iota
	textUserPrompt
	textPasswordPrompt
	textRefused
	textEcho
	textData
)

// Words of a refused login, in lower case.
var refusals = [...]string{"incorrect", "invalid", "denied", "failed", "failure", "wrong", "refused", "not allowed"}

// login runs the login on conn, whose lines rd reads. On success, lines
// that arrived after the login stay in rd.
func (c *Client) login(conn net.Conn, rd *Reader) error {
	l := &loginRun{c: c, conn: conn, rd: rd, deadline: time.Now().Add(c.opts.LoginTimeout)}
	for {
		if !time.Now().Before(l.deadline) {
			return l.fail("timeout")
		}
		_ = conn.SetReadDeadline(minTime(time.Now().Add(c.opts.LoginQuiet), l.deadline))
		err := rd.fill()
		if done, lerr := l.examine(); done || lerr != nil {
			return lerr
		}
		switch {
		case err == nil:
		case errors.Is(err, os.ErrDeadlineExceeded):
			if time.Now().Before(l.deadline) {
				if done, lerr := l.quiet(); done || lerr != nil {
					return lerr
				}
			}
		case errors.Is(err, io.EOF):
			return l.fail("connection closed")
		default:
			return fmt.Errorf("smdr: login: %w", err)
		}
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// loginRun is the state of one login.
type loginRun struct {
	c        *Client
	conn     net.Conn
	rd       *Reader
	deadline time.Time
	stage    loginStage
	last     string // the last text the PBX sent
}

// examine goes through the complete lines and the pending prompt. done
// reports a successful login; the lines from the first SMDR line on stay
// queued.
func (l *loginRun) examine() (done bool, err error) {
	for l.rd.head < len(l.rd.lines) {
		text := l.rd.lines[l.rd.head]
		kind := l.classify(text)
		if kind == textData {
			return true, nil
		}
		l.rd.pop()
		if done, err := l.act(kind, text); done || err != nil {
			return done, err
		}
	}
	if p := l.rd.Pending(); p != "" {
		kind := l.classify(p)
		if kind == textUserPrompt || kind == textPasswordPrompt {
			l.rd.discardPending()
			return l.act(kind, p)
		}
	}
	return false, nil
}

// quiet acts on LoginQuiet of silence. A pending prompt or refusal is
// acted on; a pending SMDR line means success and stays pending; other
// pending text is dropped, and the client sends what comes next or,
// after the password, takes the silence as success.
func (l *loginRun) quiet() (done bool, err error) {
	if p := l.rd.Pending(); p != "" {
		switch kind := l.classify(p); kind {
		case textData:
			return true, nil
		case textUserPrompt, textPasswordPrompt, textRefused:
			l.rd.discardPending()
			return l.act(kind, p)
		}
		l.last = p
		l.rd.discardPending()
	}
	switch l.stage {
	case stageUser:
		return false, l.send(l.c.opts.User, stagePassword)
	case stagePassword:
		return false, l.send(l.c.opts.Password, stageData)
	}
	return true, nil
}

// act takes one text the PBX sent at the current stage.
func (l *loginRun) act(kind loginText, text string) (done bool, err error) {
	l.last = text
	switch kind {
	case textRefused:
		if l.stage != stageUser {
			return false, l.fail("rejected")
		}
	case textUserPrompt:
		if l.stage != stageUser {
			return false, l.fail("prompt repeated")
		}
		return false, l.send(l.c.opts.User, stagePassword)
	case textPasswordPrompt:
		if l.stage == stageData {
			return false, l.fail("prompt repeated")
		}
		return false, l.send(l.c.opts.Password, stageData)
	}
	return false, nil
}

// classify says what a text from the PBX is.
func (l *loginRun) classify(text string) loginText {
	t := strings.ToLower(strings.TrimSpace(text))
	switch {
	case t == "":
		return textOther
	case looksLikeSMDR(text):
		return textData
	case strings.EqualFold(t, l.c.opts.User) || strings.EqualFold(t, l.c.opts.Password) || strings.Trim(t, "*") == "":
		return textEcho
	case strings.HasSuffix(strings.TrimRight(t, ":> "), "password"):
		return textPasswordPrompt
	case hasPromptSuffix(t):
		return textUserPrompt
	}
	for _, w := range refusals {
		if strings.Contains(t, w) {
			return textRefused
		}
	}
	return textOther
}

// hasPromptSuffix reports a user-name prompt such as "login:",
// "Enter user name:" or "Username:".
func hasPromptSuffix(t string) bool {
	t = strings.TrimRight(t, ":> ")
	for _, p := range [...]string{"login", "user name", "username", "user", "user id"} {
		if strings.HasSuffix(t, p) {
			return true
		}
	}
	return false
}

// looksLikeSMDR reports a line that starts like an SMDR record or status
// (a date), a column header or a separator.
func looksLikeSMDR(s string) bool {
	s = trimLine(s)
	if len(s) >= dateWidth && s[2] == '/' && s[5] == '/' &&
		(isDigit(s[0]) || s[:dateWidth] == clockChangedDate) {
		return true
	}
	_, header := headerLayout(s)
	return header || isSeparator(s)
}

// send writes one line of the login and moves to stage next.
func (l *loginRun) send(text string, next loginStage) error {
	shown := text
	if next == stageData {
		shown = strings.Repeat("*", len(text))
	}
	if d := l.c.opts.Debug; d != nil {
		_, _ = io.WriteString(d, "\r\n> "+shown+"\r\n")
	}
	_ = l.conn.SetWriteDeadline(minTime(time.Now().Add(writeTimeout), l.deadline))
	if _, err := io.WriteString(l.conn, text+"\r\n"); err != nil {
		what := "user"
		if next == stageData {
			what = "password"
		}
		return fmt.Errorf("smdr: login: send %s: %w", what, err)
	}
	l.stage = next
	return nil
}

// fail returns the *LoginError of the current stage.
func (l *loginRun) fail(reason string) error {
	text := strings.TrimSpace(l.last)
	if pw := l.c.opts.Password; pw != "" && strings.Contains(strings.ToLower(text), strings.ToLower(pw)) {
		text = "(text with the password)"
	}
	if len(text) > 80 {
		text = text[:80]
	}
	return &LoginError{Stage: l.stage.String(), Reason: reason, Text: text}
}
