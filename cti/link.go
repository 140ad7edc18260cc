package cti

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cti/csta"
)

// DefaultPort is the TCP port of the PBX's CSTA link (PROTOCOLS.md).
const DefaultPort = "33333"

// Defaults of LinkOptions.
const (
	DefaultBackoffBase      = time.Second
	DefaultBackoffMax       = time.Minute
	DefaultHeartbeatTimeout = 3 * time.Minute
	DefaultDecodeErrorRun   = 50
)

// LinkOptions configures a Link. Only Address is required; every other
// zero field takes the default its comment names.
type LinkOptions struct {
	// Address is the PBX's host, or host:port; the port defaults to 33333.
	Address string
	// Dial opens the TCP connection; nil means a net.Dialer with a
	// 10-second timeout.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
	// Extensions and Groups are the extension and ICD group numbers to
	// monitor.
	Extensions []string
	Groups     []string
	// DeviceListCategories are the KME device list categories requested
	// after each connection; nil means 5 (extensions) and 2 (trunks), an
	// empty non-nil slice none.
	DeviceListCategories []int
	// Bus receives the events; nil means a new bus (see Link.Bus).
	Bus *Bus
	// Store keeps finished calls; nil keeps none.
	Store CallStore
	// HistoryQueue is the number of finished calls that may wait for the
	// store; zero means DefaultHistoryQueue.
	HistoryQueue int
	// Directory names the user at each extension; nil names none.
	Directory Directory
	// Logger receives the link's log; nil discards it.
	Logger *slog.Logger
	// Registry receives the link's metrics; nil registers none.
	Registry prometheus.Registerer
	// BackoffBase and BackoffMax bound the jittered exponential pause
	// between connection attempts; zero means 1 s and 1 min.
	BackoffBase, BackoffMax time.Duration
	// HeartbeatTimeout is how long the PBX may send nothing (no heartbeat,
	// no event) before the link counts as dead; zero means 3 min, a
	// negative value never.
	HeartbeatTimeout time.Duration
	// RequestTimeout bounds each CSTA request; zero means 10 s.
	RequestTimeout time.Duration
	// DecodeErrorRun is the number of malformed PDUs in a row after which
	// the framing counts as lost and the link reconnects; zero means 50.
	DecodeErrorRun int
	// Debug receives the raw CSTA traffic in hex; it contains personal
	// data (phone numbers). Nil writes none.
	Debug io.Writer
	// Now is the clock of the model and the bus; nil means time.Now.
	Now func() time.Time
}

// Validate reports options NewLink cannot work with.
func (o LinkOptions) Validate() error {
	var errs []error
	if o.Address == "" {
		errs = append(errs, errors.New("address: missing"))
	}
	if o.BackoffBase < 0 || o.BackoffMax < 0 || o.RequestTimeout < 0 {
		errs = append(errs, errors.New("backoff and request timeout must not be negative"))
	}
	if o.BackoffBase > 0 && o.BackoffMax > 0 && o.BackoffMax < o.BackoffBase {
		errs = append(errs, fmt.Errorf("backoff max %v is below backoff base %v", o.BackoffMax, o.BackoffBase))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("cti: link options: %w", err)
	}
	return nil
}

// withDefaults fills the zero fields.
func (o LinkOptions) withDefaults() LinkOptions {
	if _, _, err := net.SplitHostPort(o.Address); err != nil {
		o.Address = net.JoinHostPort(o.Address, DefaultPort)
	}
	if o.Dial == nil {
		o.Dial = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	}
	if o.DeviceListCategories == nil {
		o.DeviceListCategories = []int{csta.KMECategoryExtension, csta.KMECategoryTrunk}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Bus == nil {
		o.Bus = NewBus(o.Now)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.BackoffBase == 0 {
		o.BackoffBase = DefaultBackoffBase
	}
	if o.BackoffMax == 0 {
		o.BackoffMax = max(DefaultBackoffMax, o.BackoffBase)
	}
	if o.HeartbeatTimeout == 0 {
		o.HeartbeatTimeout = DefaultHeartbeatTimeout
	}
	if o.RequestTimeout == 0 {
		o.RequestTimeout = csta.DefaultRequestTimeout
	}
	if o.DecodeErrorRun == 0 {
		o.DecodeErrorRun = DefaultDecodeErrorRun
	}
	return o
}

// Link keeps the CSTA link to the PBX: it connects, associates, reads the
// device list, monitors the configured devices, rebuilds the calls in
// progress from snapshots, applies events to the live model and publishes
// what changes on the bus; it reconnects with backoff and resyncs after
// every connection and every enabled or messagesLost status. Its methods
// are safe for concurrent use.
type Link struct {
	opts LinkOptions
	log  *slog.Logger
	bus  *Bus
	met  *metrics
	hist *history

	mu      sync.Mutex // guards everything below
	model   *model
	status  LinkStatus
	conn    *csta.Conn // the conn of the current session while it is up
	running bool
	buf     []Event
	// logged holds the last detail logged per kind of problem, so that a
	// repeating problem is logged when it changes, not at every retry.
	logged map[string]string
}

// NewLink returns a link that connects when Run is called.
func NewLink(opts LinkOptions) (*Link, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	met, err := newMetrics(opts.Registry)
	if err != nil {
		return nil, fmt.Errorf("cti: register metrics: %w", err)
	}
	l := &Link{
		opts:   opts,
		log:    opts.Logger,
		bus:    opts.Bus,
		met:    met,
		hist:   newHistory(opts.Store, opts.HistoryQueue, opts.Logger, met),
		model:  newModel(opts.Extensions, opts.Groups, opts.Directory, opts.Now),
		status: LinkStatus{State: LinkStopped, Since: opts.Now(), Address: opts.Address},
		logged: make(map[string]string),
	}
	return l, nil
}

// Bus returns the bus the link publishes on.
func (l *Link) Bus() *Bus { return l.bus }

// Status returns the state of the link.
func (l *Link) Status() LinkStatus {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.status
}

// Calls returns the calls in progress, oldest first. While the link is
// down they are the calls as last known; the resync after the reconnect
// corrects them.
func (l *Link) Calls() []CallInfo {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.model.callInfos()
}

// Call returns the call in progress with Linka id id, or ErrCallNotFound.
func (l *Link) Call(id string) (CallInfo, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.model.callInfo(id)
	if !ok {
		return CallInfo{}, fmt.Errorf("%w: %s", ErrCallNotFound, id)
	}
	return c, nil
}

// Devices returns the known devices: configured extensions and groups and
// those of the device list, with state, agent and user.
func (l *Link) Devices() []DeviceInfo {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.model.deviceInfos()
}

// Run keeps the link until ctx ends, then releases the association and
// returns nil. It returns an error only when called while already running.
func (l *Link) Run(ctx context.Context) error {
	l.mu.Lock()
	if l.running {
		l.mu.Unlock()
		return errors.New("cti: link is already running")
	}
	l.running = true
	l.mu.Unlock()
	var wg sync.WaitGroup
	wg.Go(func() { l.hist.run(ctx) })
	defer func() {
		wg.Wait()
		l.mu.Lock()
		l.running = false
		l.setStateLocked(LinkStopped)
		l.mu.Unlock()
	}()
	for attempt := 0; ; attempt++ {
		up, err := l.session(ctx)
		if ctx.Err() != nil {
			l.linkLost(nil)
			return nil
		}
		if up {
			attempt = 0
		}
		delay := backoff(l.opts.BackoffBase, l.opts.BackoffMax, attempt)
		l.linkLost(err)
		l.logChange("link", err.Error(), slog.LevelWarn, "PBX link failed", "address", l.opts.Address,
			"err", err, "retry_in", delay.Round(time.Millisecond))
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil
		}
		l.met.reconnects.Inc()
		l.mu.Lock()
		l.status.Reconnects++
		l.mu.Unlock()
	}
}

// setStateLocked changes the link state; l.mu is held.
func (l *Link) setStateLocked(st LinkState) {
	if l.status.State != st {
		l.status.State, l.status.Since = st, l.opts.Now()
	}
}

// linkUp marks the link up with conn after a successful setup.
func (l *Link) linkUp(conn *csta.Conn) {
	l.mu.Lock()
	l.conn = conn
	l.setStateLocked(LinkUp)
	st := l.status
	calls := len(l.model.calls)
	delete(l.logged, "link")
	l.met.up.Set(1) // before the event, so whoever sees link.up sees the gauge too
	l.bus.Publish(Event{Type: TypeLinkUp, At: st.Since, Data: st})
	l.mu.Unlock()
	l.log.Info("PBX link up", "address", st.Address, "monitored", st.Monitored, "calls", calls,
		"reconnects", st.Reconnects)
}

// linkLost marks the link down after a session ended with err (nil when
// the link was stopped) and publishes link.down if it was up.
func (l *Link) linkLost(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	wasUp := l.status.State == LinkUp
	l.conn = nil
	l.setStateLocked(LinkDown)
	if err != nil {
		l.status.LastError, l.status.LastErrorAt = err.Error(), l.opts.Now()
	}
	l.met.up.Set(0)
	if wasUp {
		l.bus.Publish(Event{Type: TypeLinkDown, At: l.status.Since, Data: l.status})
	}
}

// logChange logs msg at level when detail differs from the detail last
// logged under key, and at debug level when it repeats.
func (l *Link) logChange(key, detail string, level slog.Level, msg string, args ...any) {
	l.mu.Lock()
	if l.logged[key] == detail {
		level = slog.LevelDebug
	}
	l.logged[key] = detail
	l.mu.Unlock()
	l.log.Log(context.Background(), level, msg, args...)
}

// publishLocked publishes model events and queues the records of ended
// calls; l.mu is held, so events reach the bus in model order.
func (l *Link) publishLocked(evs []Event) {
	for _, e := range evs {
		l.bus.Publish(e)
	}
	for _, r := range l.model.takeRecords() {
		l.hist.add(r)
	}
	l.met.calls.Set(float64(len(l.model.calls)))
}
