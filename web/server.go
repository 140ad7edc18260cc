package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/cases/report"
	"linka/cti"
	"linka/cti/smdr"
	"linka/ivr/sipua"
	"linka/recorder"
)

// CookiePolicy decides when cookies carry the Secure flag.
type CookiePolicy int

// The cookie policies.
const (
	// SecureAuto sets the Secure flag except on plain-HTTP requests to a
	// loopback host (a developer's or the demo's http://localhost).
	SecureAuto CookiePolicy = iota
	// SecureAlways sets the Secure flag on every cookie.
	SecureAlways
	// SecureNever never sets the Secure flag (plain HTTP on a trusted LAN).
	SecureNever
)

// Options configure a Server. Service is required; the zero value of every
// other field is documented beside it.
type Options struct {
	// Service is the case register every handler calls.
	Service *cases.Service
	// Logger receives request errors, login failures and readiness changes;
	// nil discards them.
	Logger *slog.Logger
	// Registry receives the HTTP metrics and is served at /metrics; nil
	// means a new private registry.
	Registry *prometheus.Registry
	// Ready reports whether the database is reachable; nil means
	// Service.Ping. While it fails, every request except /healthz,
	// /readyz, /metrics and static files gets 503.
	Ready func(context.Context) error
	// SecureCookies decides the Secure flag of cookies; the zero value is
	// SecureAuto.
	SecureCookies CookiePolicy
	// Version is shown in the page footer; "" shows nothing.
	Version string
	// Telephony is the PBX link behind the calls, extensions, agent and
	// PBX endpoints (a *cti.Link); nil means no PBX link is configured and
	// those endpoints answer 503.
	Telephony Telephony
	// Callbacks is the callback queue behind /api/v1/callbacks (a
	// *cti.Callbacks); nil means none is configured and those endpoints
	// answer 503.
	Callbacks CallbackQueue
	// CallLog is the call log behind /api/v1/calllog (a *cti.CallLog); nil
	// means none is configured and that endpoint answers 503.
	CallLog CallLogReader
	// SMDR reports the state of the SMDR source for /api/v1/pbx; nil
	// means none is configured.
	SMDR func() smdr.ClientStatus
	// Bus is the event bus behind the WebSocket /api/v1/events (the
	// *cti.Link's Bus); nil means none is configured and that endpoint
	// answers 503.
	Bus *cti.Bus
	// MailFolder lists the mail the file transport wrote, for the admin
	// UI (outbox); nil means mail goes by SMTP (or not at all).
	MailFolder MailFolder
	// Reports builds the statistics, the scheduled reports and the
	// wallboard (area report); nil means none is configured and those
	// pages answer 503.
	Reports *report.Service
	// Panel is the storage of the clerk panel (office lists, agent state
	// log, wrap-ups, call drafts, calls linked to cases; *store.DB); nil
	// means the panel's endpoints answer 503.
	Panel PanelStore
	// AfterCallWork is how long the panel's after-call-work timer runs
	// after each call; 0 means 60 seconds.
	AfterCallWork time.Duration
	// Recordings is the call recorder behind /api/v1/recordings and the
	// recordings on case pages; nil means none is configured.
	Recordings *recorder.Service
	// IVR (voice gateway area) is the flow and prompt administration
	// behind /ivr and /api/v1/ivr (an *ivr.Service); nil answers 503.
	IVR IVRAdmin
	// IVRStatus reports the SIP gateway's state; nil reports none.
	IVRStatus func() sipua.Status

	// portal: the citizen portal (portal.go, docs/portal.md).

	// Portal is the citizen side of the register (web form, access codes,
	// status page); nil means the portal is not served and the staff
	// cannot issue access codes.
	Portal *cases.Portal
	// PortalSettings brand the portal and fill its notices; the zero
	// value is documented on each field.
	PortalSettings PortalSettings
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed, for the client address of rate
	// limits (staff sign-in and the portal) and for HTTPS detection
	// (Secure and __Host- cookies); nil trusts none.
	TrustedProxies []netip.Prefix
	// Intake reports the state of the e-mail and scanned-letter intake
	// sources for /intake and /api/v1/intake; nil means none is configured.
	Intake func() []cases.IntakeStatus
}

// readyTTL is how long a readiness result is reused before the database is
// pinged again.
const readyTTL = 2 * time.Second

// Server serves the staff UI, the JSON API and the operational endpoints.
// It implements http.Handler and is safe for concurrent use.
type Server struct {
	svc     *cases.Service
	tel     Telephony
	cbq     CallbackQueue
	calllog CallLogReader
	smdr    func() smdr.ClientStatus
	events  *eventHub
	panel   PanelStore
	acw     time.Duration
	log     *slog.Logger
	reg     *prometheus.Registry
	metrics *metrics
	ready   *readiness
	cookies CookiePolicy
	version string
	msgs    map[string]map[string]string
	pages   *pageSet
	mailDir MailFolder // outbox
	origin  *http.CrossOriginProtection
	handler http.Handler
	ivr     ivrArea
	reports *report.Service // area report

	// portal (portal.go)
	proxies trustedProxies
	portal  *portalState
	intake  func() []cases.IntakeStatus

	// recordings is the call recorder (recording area); nil if none.
	recordings *recorder.Service
}

// New returns a Server for opts. It parses the embedded templates and
// registers the metrics, and fails if either is impossible.
func New(opts Options) (*Server, error) {
	if opts.Service == nil {
		return nil, errors.New("web: Options.Service is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	if opts.Ready == nil {
		opts.Ready = opts.Service.Ping
	}
	m, err := newMetrics(opts.Registry)
	if err != nil {
		return nil, fmt.Errorf("web: register metrics: %w", err)
	}
	pages, err := parsePages()
	if err != nil {
		return nil, fmt.Errorf("web: parse templates: %w", err)
	}
	s := &Server{
		svc:     opts.Service,
		tel:     opts.Telephony,
		cbq:     opts.Callbacks,
		ivr:     ivrArea{admin: opts.IVR, status: opts.IVRStatus},
		calllog: opts.CallLog,
		smdr:    opts.SMDR,
		events:  newEventHub(opts.Bus),
		panel:   opts.Panel,
		acw:     afterCallWork(opts.AfterCallWork),
		log:     opts.Logger,
		reg:     opts.Registry,
		metrics: m,
		cookies: opts.SecureCookies,
		version: opts.Version,
		msgs:    catalogs(),
		pages:   pages,
		mailDir: opts.MailFolder,
		origin:  http.NewCrossOriginProtection(),
		intake:  opts.Intake,
		// recording area
		recordings: opts.Recordings,
		reports:    opts.Reports,
	}
	s.ready = &readiness{check: opts.Ready, now: s.svc.Now, ttl: readyTTL, log: s.log, gauge: m.ready}
	s.proxies = trustedProxies(opts.TrustedProxies)
	if s.portal, err = newPortalState(opts.Portal, opts.PortalSettings, opts.Registry); err != nil {
		return nil, fmt.Errorf("web: portal: %w", err)
	}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}
