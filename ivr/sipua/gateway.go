package sipua

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"linka/ivr/media"
)

// Status is the gateway's state for the admin UI and /readyz.
type Status struct {
	Mode       string    `json:"mode"`
	Listen     string    `json:"listen"`
	Registered bool      `json:"registered"`
	Registrar  string    `json:"registrar,omitempty"`
	LastError  string    `json:"last_error,omitempty"`
	Calls      int       `json:"calls"`
	TotalCalls int64     `json:"total_calls"`
	Since      time.Time `json:"since,omitzero"`
	// RealTimePacing says whether the RTP pacer got real-time priority.
	RealTimePacing bool `json:"real_time_pacing"`
}

// Gateway is the SIP user agent of the voice gateway.
type Gateway struct {
	o       Options
	log     *slog.Logger
	ua      *sipgo.UserAgent
	srv     *sipgo.Server
	client  *sipgo.Client
	dialogs *sipgo.DialogServerCache
	contact sip.ContactHeader
	ports   *media.Ports
	pacer   *media.Pacer

	mu     sync.Mutex
	calls  map[string]*call // by SIP Call-ID
	status Status
	total  atomic.Int64
	addr   atomic.Pointer[net.UDPAddr]
	ready  chan struct{}
}

// New returns a gateway; Run starts it.
func New(o Options) (*Gateway, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	o.defaults()
	ua, err := sipgo.NewUA(sipgo.WithUserAgent("Linka IVR"), sipgo.WithUserAgentHostname(o.Host))
	if err != nil {
		return nil, fmt.Errorf("sipua: user agent: %w", err)
	}
	srv, err := sipgo.NewServer(ua, sipgo.WithServerLogger(o.Logger))
	if err != nil {
		return nil, fmt.Errorf("sipua: server: %w", err)
	}
	g := &Gateway{o: o, log: o.Logger, ua: ua, srv: srv, calls: map[string]*call{}, ports: media.NewPorts(o.RTP), pacer: media.NewPacer(o.Pacing), ready: make(chan struct{}),
		status: Status{Mode: o.Mode, Listen: o.Listen, Registrar: o.Registrar}}
	srv.OnInvite(g.onInvite)
	srv.OnAck(g.onAck)
	srv.OnBye(g.onBye)
	srv.OnCancel(func(req *sip.Request, tx sip.ServerTransaction) {
		_ = tx.Respond(sip.NewResponseFromRequest(req, sip.StatusOK, "OK", nil))
	})
	srv.OnInfo(g.onInfo)
	srv.OnNotify(g.onNotify)
	srv.OnOptions(func(req *sip.Request, tx sip.ServerTransaction) {
		_ = tx.Respond(sip.NewResponseFromRequest(req, sip.StatusOK, "OK", nil))
	})
	return g, nil
}

// Addr returns the SIP listen address once Run has bound it.
func (g *Gateway) Addr() *net.UDPAddr { return g.addr.Load() }

// Ready is closed when the gateway listens.
func (g *Gateway) Ready() <-chan struct{} { return g.ready }

// Status returns the gateway's state.
func (g *Gateway) Status() Status {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := g.status
	s.Calls = len(g.calls)
	s.TotalCalls = g.total.Load()
	s.RealTimePacing = g.pacer.RealTime()
	if a := g.addr.Load(); a != nil {
		s.Listen = a.String()
	}
	return s
}

// Run listens for SIP over UDP and, in extension mode, keeps the
// registration fresh, until ctx ends. Calls in progress are hung up.
func (g *Gateway) Run(ctx context.Context) error {
	defer g.ua.Close()
	pc, err := net.ListenPacket("udp", g.o.Listen)
	if err != nil {
		return fmt.Errorf("sipua: listen %s: %w", g.o.Listen, err)
	}
	laddr := pc.LocalAddr().(*net.UDPAddr)
	g.addr.Store(laddr)
	g.client, err = sipgo.NewClient(g.ua, sipgo.WithClientHostname(g.o.Host), sipgo.WithClientPort(laddr.Port))
	if err != nil {
		pc.Close()
		return fmt.Errorf("sipua: client: %w", err)
	}
	user := g.o.Username
	if user == "" {
		user = "ivr"
	}
	g.contact = sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: user, Host: g.o.Host, Port: laddr.Port}}
	g.dialogs = sipgo.NewDialogServerCache(g.client, g.contact)
	pctx, stopPacer := context.WithCancel(context.Background())
	pacerDone := make(chan struct{})
	go func() { g.pacer.Run(pctx); close(pacerDone) }()
	defer func() { stopPacer(); <-pacerDone }()
	errc := make(chan error, 1)
	go func() { errc <- g.srv.ServeUDP(pc) }()
	close(g.ready)
	g.log.Info("voice gateway listening", "sip", laddr.String(), "mode", g.o.Mode)
	if g.o.Mode == ModeExtension {
		go g.registerLoop(ctx)
	}
	select {
	case err := <-errc:
		return fmt.Errorf("sipua: serve: %w", err)
	case <-ctx.Done():
	}
	g.hangupAll()
	if g.o.Mode == ModeExtension {
		uctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, _ = g.register(uctx, 0)
		cancel()
	}
	pc.Close()
	return nil
}

func (g *Gateway) hangupAll() {
	g.mu.Lock()
	calls := make([]*call, 0, len(g.calls))
	for _, c := range g.calls {
		calls = append(calls, c)
	}
	g.mu.Unlock()
	var wg sync.WaitGroup
	for _, c := range calls {
		wg.Add(1)
		go func() { defer wg.Done(); c.shutdown() }()
	}
	wg.Wait()
}

func (g *Gateway) setStatus(f func(*Status)) {
	g.mu.Lock()
	f(&g.status)
	g.mu.Unlock()
}

// respond answers req outside a dialog.
func respond(req *sip.Request, tx sip.ServerTransaction, code int, reason string) {
	_ = tx.Respond(sip.NewResponseFromRequest(req, code, reason, nil))
}

// onInvite answers a new call and runs it; it returns when the call ends.
func (g *Gateway) onInvite(req *sip.Request, tx sip.ServerTransaction) {
	callID := ""
	if h := req.CallID(); h != nil {
		callID = h.Value()
	}
	log := g.log.With("sip_call_id", callID)
	if g.contact.Address.Host == "" {
		respond(req, tx, sip.StatusServiceUnavailable, "Starting")
		return
	}
	if !g.peerAllowed(req.Source()) {
		log.Warn("INVITE from a host that is not a trunk peer refused", "source", req.Source())
		respond(req, tx, sip.StatusForbidden, "Forbidden")
		return
	}
	g.mu.Lock()
	existing, again := g.calls[callID]
	busy := len(g.calls) >= g.o.MaxCalls
	g.mu.Unlock()
	switch {
	case again:
		// A re-INVITE (e.g. the PBX puts the call on hold or refreshes the
		// session): answer with the same SDP and keep the stream.
		res := sip.NewSDPResponseFromRequest(req, existing.answer)
		res.AppendHeader(&g.contact)
		_ = tx.Respond(res)
		return
	case busy:
		log.Warn("call refused: too many calls", "max_calls", g.o.MaxCalls)
		respond(req, tx, sip.StatusServiceUnavailable, "Busy")
		return
	}
	c, err := g.newCall(req, tx, log)
	if err != nil {
		return
	}
	g.total.Add(1)
	c.run()
}

func (g *Gateway) peerAllowed(source string) bool {
	if g.o.Mode != ModeTrunk || len(g.o.Peers) == 0 {
		return true
	}
	host, _, err := net.SplitHostPort(source)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return slices.ContainsFunc(g.o.Peers, func(p string) bool { return net.ParseIP(strings.TrimSpace(p)).Equal(ip) })
}

func (g *Gateway) callOf(req *sip.Request) *call {
	h := req.CallID()
	if h == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.calls[h.Value()]
}

func (g *Gateway) onAck(req *sip.Request, tx sip.ServerTransaction) {
	if g.dialogs != nil {
		_ = g.dialogs.ReadAck(req, tx)
	}
}

func (g *Gateway) onBye(req *sip.Request, tx sip.ServerTransaction) {
	if g.dialogs == nil {
		respond(req, tx, sip.StatusCallTransactionDoesNotExists, "Call/Transaction Does Not Exist")
		return
	}
	if err := g.dialogs.ReadBye(req, tx); err != nil {
		respond(req, tx, sip.StatusCallTransactionDoesNotExists, "Call/Transaction Does Not Exist")
	}
}

// onInfo takes DTMF sent as SIP INFO: application/dtmf-relay
// ("Signal=5") or application/dtmf ("5").
func (g *Gateway) onInfo(req *sip.Request, tx sip.ServerTransaction) {
	c := g.callOf(req)
	if c == nil {
		respond(req, tx, sip.StatusCallTransactionDoesNotExists, "Call/Transaction Does Not Exist")
		return
	}
	ct := ""
	if h := req.ContentType(); h != nil {
		ct = strings.ToLower(h.Value())
	}
	d := ""
	body := strings.TrimSpace(string(req.Body()))
	switch {
	case strings.HasPrefix(ct, "application/dtmf-relay"):
		for line := range strings.SplitSeq(body, "\n") {
			if k, v, ok := strings.Cut(line, "="); ok && strings.EqualFold(strings.TrimSpace(k), "signal") {
				d = strings.TrimSpace(v)
			}
		}
	case strings.HasPrefix(ct, "application/dtmf"):
		d = body
	}
	if n, err := strconv.Atoi(d); err == nil && n >= 10 && n <= 11 {
		d = map[int]string{10: "*", 11: "#"}[n]
	}
	if len(d) == 1 && strings.Contains("0123456789*#ABCD", strings.ToUpper(d)) {
		c.stream.InjectDigit(strings.ToUpper(d))
	}
	respond(req, tx, sip.StatusOK, "OK")
}

// onNotify takes the progress of a transfer (RFC 3515 clause 2.4.5).
func (g *Gateway) onNotify(req *sip.Request, tx sip.ServerTransaction) {
	c := g.callOf(req)
	respond(req, tx, sip.StatusOK, "OK")
	if c == nil {
		return
	}
	if code, ok := sipfragStatus(req.Body()); ok {
		select {
		case c.notify <- code:
		default:
		}
	}
}

// sipfragStatus reads the status code of a message/sipfrag body, e.g.
// "SIP/2.0 200 OK".
func sipfragStatus(b []byte) (int, bool) {
	line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	f := strings.Fields(line)
	if len(f) < 2 || !strings.HasPrefix(f[0], "SIP/") {
		return 0, false
	}
	n, err := strconv.Atoi(f[1])
	return n, err == nil && n >= 100 && n < 700
}

var errNoDialog = errors.New("sipua: dialog ended")
