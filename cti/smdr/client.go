package smdr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"time"
)

// DefaultPort is the TCP port of the PBX's SMDR telnet service
// (PROTOCOLS.md, SMDR, Transports).
const DefaultPort = "2300"

// Defaults of ClientOptions (PROTOCOLS.md, SMDR, Transports; the user and
// password are the Panasonic defaults).
const (
	DefaultUser         = "SMDR"
	DefaultPassword     = "PCCSMDR"
	DefaultBackoffBase  = time.Second
	DefaultBackoffMax   = time.Minute
	DefaultLoginTimeout = 20 * time.Second
	DefaultLoginQuiet   = time.Second
)

// writeTimeout bounds each write to the PBX: the login and the telnet
// answers.
const writeTimeout = 10 * time.Second

// ErrClosed is wrapped by the error of a session the PBX ended.
var ErrClosed = errors.New("smdr: connection closed by the PBX")

// ClientOptions configures a Client. Exactly one of Address (telnet over
// TCP) and Serial.Device (RS-232) is required; every other zero field
// takes the default its comment names.
type ClientOptions struct {
	// Address is the PBX's host, or host:port; the port defaults to 2300.
	Address string
	// User and Password log in to the SMDR service; empty means "SMDR"
	// and "PCCSMDR".
	User, Password string
	// Dial opens the TCP connection; nil means a net.Dialer with a
	// 10-second timeout and 30-second keep-alives (SMDR may be silent for
	// hours, so the keep-alives are what notices a dead peer).
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
	// LoginTimeout bounds the whole login; zero means 20 s.
	LoginTimeout time.Duration
	// LoginQuiet is how long the PBX may stay silent before the client
	// sends the user or password unprompted, or counts the login as
	// accepted; zero means 1 s.
	LoginQuiet time.Duration

	// Serial, when Serial.Device is set, reads an RS-232 port instead of
	// a TCP connection.
	Serial SerialOptions
	// OpenSerial opens the port; nil means OpenSerial. Its errors are
	// reported as they are, so they should name the device.
	OpenSerial func(SerialOptions) (io.ReadCloser, error)

	// Parse configures the parser of the lines.
	Parse Options
	// BackoffBase and BackoffMax bound the jittered exponential pause
	// between connection attempts; zero means 1 s and 1 min.
	BackoffBase, BackoffMax time.Duration
	// OnError, when set, receives the error of every failed connection or
	// session (dial, login, read) before the client waits to reconnect;
	// the client itself never logs.
	OnError func(error)
	// Debug receives the raw traffic (bytes received, and the lines sent
	// with the password masked); it contains personal data. Nil writes
	// none.
	Debug io.Writer
	// Now is the clock of Status; nil means time.Now.
	Now func() time.Time
}

// Validate reports options NewClient cannot work with.
func (o ClientOptions) Validate() error {
	var errs []error
	switch {
	case o.Address == "" && o.Serial.Device == "":
		errs = append(errs, errors.New("address or serial device: missing"))
	case o.Address != "" && o.Serial.Device != "":
		errs = append(errs, errors.New("address and serial device: both set, want one"))
	case o.Serial.Device != "":
		if err := o.Serial.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if o.BackoffBase < 0 || o.BackoffMax < 0 || o.LoginTimeout < 0 || o.LoginQuiet < 0 {
		errs = append(errs, errors.New("backoff and login timeouts must not be negative"))
	}
	if o.BackoffBase > 0 && o.BackoffMax > 0 && o.BackoffMax < o.BackoffBase {
		errs = append(errs, fmt.Errorf("backoff max %v is below backoff base %v", o.BackoffMax, o.BackoffBase))
	}
	if err := o.Parse.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("smdr: client options: %w", err)
	}
	return nil
}

// withDefaults fills the zero fields.
func (o ClientOptions) withDefaults() ClientOptions {
	if o.Address != "" {
		if _, _, err := net.SplitHostPort(o.Address); err != nil {
			o.Address = net.JoinHostPort(o.Address, DefaultPort)
		}
	}
	if o.User == "" {
		o.User = DefaultUser
	}
	if o.Password == "" {
		o.Password = DefaultPassword
	}
	if o.Dial == nil {
		o.Dial = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	}
	if o.OpenSerial == nil {
		o.OpenSerial = OpenSerial
	}
	if o.LoginTimeout == 0 {
		o.LoginTimeout = DefaultLoginTimeout
	}
	if o.LoginQuiet == 0 {
		o.LoginQuiet = DefaultLoginQuiet
	}
	if o.BackoffBase == 0 {
		o.BackoffBase = DefaultBackoffBase
	}
	if o.BackoffMax == 0 {
		o.BackoffMax = max(DefaultBackoffMax, o.BackoffBase)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// ClientStatus describes a Client for /api/v1/pbx.
type ClientStatus struct {
	// Connected is true while lines flow: after the login on telnet, once
	// the port is open on RS-232. Since is when it last changed.
	Connected bool      `json:"connected"`
	Since     time.Time `json:"since"`
	// Source is the PBX's host:port or the serial device.
	Source string `json:"source"`
	// Layout is the layout lines are read with (auto before the first
	// header in Auto mode).
	Layout Layout `json:"layout"`
	// Reconnects counts the connection attempts after the first.
	Reconnects uint64 `json:"reconnects"`
	// Lines counts the lines received, BadLines those that matched no
	// layout; LastLineAt is when the last line came.
	Lines      uint64    `json:"lines"`
	BadLines   uint64    `json:"bad_lines"`
	LastLineAt time.Time `json:"last_line_at,omitzero"`
	// LastError is why the last connection or session failed,
	// LastErrorAt when.
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
}

// Client reads SMDR lines from the PBX over telnet or RS-232, reconnecting
// with jittered exponential backoff, and hands every line to its owner.
// Status is safe for concurrent use.
type Client struct {
	opts   ClientOptions
	parser *Parser

	mu      sync.Mutex // guards status and running
	status  ClientStatus
	running bool
}

// NewClient returns a client that connects when Run is called.
func NewClient(opts ClientOptions) (*Client, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	p, err := NewParser(opts.Parse)
	if err != nil {
		return nil, err
	}
	source := opts.Address
	if opts.Serial.Device != "" {
		source = opts.Serial.Device
	}
	return &Client{opts: opts, parser: p,
		status: ClientStatus{Since: opts.Now(), Source: source, Layout: p.Layout()}}, nil
}

// Status returns the state of the client.
func (c *Client) Status() ClientStatus {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// Run connects, logs in and calls fn with every line, those that match no
// layout included (KindInvalid, Line.Err set), until ctx ends; then it
// returns nil. fn runs on Run's goroutine: while it blocks, the client
// reads nothing. After a failure Run waits and reconnects. It returns an
// error only when called while already running.
func (c *Client) Run(ctx context.Context, fn func(Line)) error {
	c.mu.Lock()
	if c.running {
		c.mu.Unlock()
		return errors.New("smdr: client is already running")
	}
	c.running = true
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.running = false
		c.mu.Unlock()
	}()
	for attempt := 0; ; attempt++ {
		up, err := c.session(ctx, fn)
		c.setConnected(false)
		if ctx.Err() != nil {
			return nil
		}
		if up {
			attempt = 0
		}
		c.failed(err)
		select {
		case <-time.After(backoff(c.opts.BackoffBase, c.opts.BackoffMax, attempt)):
		case <-ctx.Done():
			return nil
		}
		c.mu.Lock()
		c.status.Reconnects++
		c.mu.Unlock()
	}
}

// session runs one connection; up reports whether lines flowed.
func (c *Client) session(ctx context.Context, fn func(Line)) (up bool, err error) {
	if c.opts.Serial.Device != "" {
		return c.serialSession(ctx, fn)
	}
	conn, err := c.opts.Dial(ctx, "tcp", c.opts.Address)
	if err != nil {
		return false, fmt.Errorf("smdr: connect %s: %w", c.opts.Address, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	rd := NewReader(conn, ReaderOptions{Reply: deadlineWriter{conn}, Debug: c.opts.Debug})
	if err := c.login(conn, rd); err != nil {
		return false, err
	}
	_ = conn.SetReadDeadline(time.Time{})
	c.setConnected(true)
	return true, c.stream(rd, fn)
}

func (c *Client) serialSession(ctx context.Context, fn func(Line)) (up bool, err error) {
	port, err := c.opts.OpenSerial(c.opts.Serial)
	if err != nil {
		return false, err
	}
	defer port.Close()
	stop := context.AfterFunc(ctx, func() { _ = port.Close() })
	defer stop()
	c.setConnected(true)
	rd := NewReader(port, ReaderOptions{LineEnd: c.opts.Serial.LineEnd, Debug: c.opts.Debug})
	return true, c.stream(rd, fn)
}

// stream reads, parses, counts and hands over lines until reading fails.
func (c *Client) stream(rd *Reader, fn func(Line)) error {
	for {
		s, err := rd.ReadLine()
		if errors.Is(err, io.EOF) {
			return ErrClosed
		}
		if err != nil {
			return fmt.Errorf("smdr: read: %w", err)
		}
		line, _ := c.parser.Parse(s)
		c.mu.Lock()
		c.status.Lines++
		if line.Kind == KindInvalid {
			c.status.BadLines++
		}
		c.status.LastLineAt = c.opts.Now()
		c.status.Layout = c.parser.Layout()
		c.mu.Unlock()
		fn(line)
	}
}

func (c *Client) setConnected(up bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.status.Connected != up {
		c.status.Connected, c.status.Since = up, c.opts.Now()
	}
}

// failed records err and hands it to the owner.
func (c *Client) failed(err error) {
	c.mu.Lock()
	c.status.LastError, c.status.LastErrorAt = err.Error(), c.opts.Now()
	c.mu.Unlock()
	if c.opts.OnError != nil {
		c.opts.OnError(err)
	}
}

// deadlineWriter writes to a connection with a write deadline, so that a
// peer that reads nothing cannot block the client for ever.
type deadlineWriter struct{ conn net.Conn }

func (w deadlineWriter) Write(p []byte) (int, error) {
	_ = w.conn.SetWriteDeadline(time.Now().Add(writeTimeout))
	return w.conn.Write(p)
}

// backoff returns the pause before connection attempt number attempt (0
// for the first retry): base doubled per attempt, capped at limit, and
// jittered uniformly over its upper half so that several clients do not
// reconnect in step.
func backoff(base, limit time.Duration, attempt int) time.Duration {
	d := base
	for i := 0; i < attempt && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	half := d / 2
	return half + rand.N(d-half+1)
}
