// Package gomail delivers the outbox's notifications (cases.Sender) with
// github.com/wneessen/go-mail: over SMTP (plain, STARTTLS or implicit TLS,
// with authentication), or as .eml files into a folder for the demo and
// for offices that hand mail to another system.
package gomail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"linka/cases"
)

// TLS modes of an SMTP connection.
const (
	TLSNone     = "none"     // plain text (a relay on localhost)
	TLSStartTLS = "starttls" // STARTTLS required (port 587)
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSOptional = "optional" // STARTTLS when the server offers it
)

// Options configure an SMTP sender. Host is required.
type Options struct {
	Host string
	// Port; 0 means 25 for TLSNone and TLSOptional, 587 for TLSStartTLS,
	// 465 for TLSImplicit.
	Port int
	// TLS is one of the TLS modes; "" means TLSStartTLS.
	TLS string
	// TLSConfig verifies the server; nil means the system roots and Host.
	TLSConfig *tls.Config
	// Username and Password authenticate when Username is not "": the
	// strongest mechanism the server offers (SCRAM, CRAM-MD5, PLAIN, LOGIN;
	// PLAIN and LOGIN only over TLS).
	Username, Password string
	// HELO is the name announced to the server; "" means the host name.
	HELO string
	// Timeout bounds each connection and command; 0 means 60 seconds.
	Timeout time.Duration
}

// Validate checks o.
func (o Options) Validate() error {
	switch {
	case o.Host == "":
		return errors.New("gomail: the SMTP host is required")
	case o.Port < 0 || o.Port > 65535:
		return fmt.Errorf("gomail: SMTP port %d out of range", o.Port)
	}
	switch o.TLS {
	case "", TLSNone, TLSStartTLS, TLSImplicit, TLSOptional:
		return nil
	}
	return fmt.Errorf("gomail: unknown TLS mode %q (none, starttls, tls or optional)", o.TLS)
}

// SMTP sends each mail over a new SMTP connection. It is safe for
// concurrent use.
type SMTP struct{ opts Options }

var _ cases.Sender = (*SMTP)(nil)

// NewSMTP returns an SMTP sender for o.
func NewSMTP(o Options) (*SMTP, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if o.TLS == "" {
		o.TLS = TLSStartTLS
	}
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.Port == 0 {
		o.Port = map[string]int{TLSNone: 25, TLSOptional: 25, TLSStartTLS: 587, TLSImplicit: 465}[o.TLS]
	}
	return &SMTP{opts: o}, nil
}

// Addr returns the server's host:port.
func (s *SMTP) Addr() string { return s.opts.Host + ":" + strconv.Itoa(s.opts.Port) }

// client returns a go-mail client for one delivery.
func (s *SMTP) client() (*gomail.Client, error) {
	o := s.opts
	opts := []gomail.Option{gomail.WithPort(o.Port), gomail.WithTimeout(o.Timeout)}
	switch o.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSOptional:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if o.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(o.TLSConfig))
	}
	if o.HELO != "" {
		opts = append(opts, gomail.WithHELO(o.HELO))
	}
	if o.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(o.Username), gomail.WithPassword(o.Password))
	}
	c, err := gomail.NewClient(o.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("gomail: %w", err)
	}
	return c, nil
}

// Send delivers m. A 5xx answer to the sender, a recipient or the data is
// a permanent failure (cases.PermanentFailure); anything else — a 4xx
// answer, a refused or dropped connection, a timeout — is temporary.
func (s *SMTP) Send(ctx context.Context, m *cases.OutgoingMail) error {
	msg, err := Message(m)
	if err != nil {
		return cases.PermanentFailure(err)
	}
	c, err := s.client()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 3*s.opts.Timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		err = fmt.Errorf("gomail: send to %s via %s: %w", m.To, s.Addr(), err)
		if permanent(err) {
			return cases.PermanentFailure(err)
		}
		return err
	}
	return nil
}

// permanent reports whether err carries a 5xx SMTP reply to the sender,
// a recipient or the message.
func permanent(err error) bool {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return false
	}
	switch se.Reason {
	case gomail.ErrSMTPMailFrom, gomail.ErrSMTPRcptTo, gomail.ErrSMTPData, gomail.ErrSMTPDataClose, gomail.ErrNoUnencoded:
		return !se.IsTemp() && (se.ErrorCode() >= 500 && se.ErrorCode() < 600 || se.Reason == gomail.ErrNoUnencoded)
	}
	return false
}

// Message builds the MIME message of m: multipart/alternative with a
// plain-text and (when there is one) an HTML part, UTF-8 quoted-printable,
// the stable Message-ID, and headers that keep auto-responders quiet.
func Message(m *cases.OutgoingMail) (*gomail.Msg, error) {
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return nil, fmt.Errorf("gomail: sender %q: %w", m.From, err)
	}
	msg := gomail.NewMsg()
	msg.FromMailAddress(from)
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("gomail: recipient %q: %w", m.To, err)
	}
	msg.SetMessageIDWithValue(strings.TrimSuffix(strings.TrimPrefix(m.MessageID, "<"), ">"))
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	msg.SetDateWithValue(date)
	msg.Subject(m.Subject)
	if m.Lang != "" {
		msg.SetGenHeader(gomail.HeaderContentLang, m.Lang)
	}
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	msg.SetUserAgent("Linka")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		ct := gomail.ContentType(a.ContentType)
		if err := msg.AttachReader(a.Name, a.Content, gomail.WithFileContentType(ct)); err != nil {
			return nil, fmt.Errorf("gomail: attach %s: %w", a.Name, err)
		}
	}
	return msg, nil
}
