package sipua

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"linka/cti"
	"linka/ivr"
	"linka/ivr/media"
)

// Modes of the gateway.
const (
	// ModeExtension registers with the registrar as an extension.
	ModeExtension = "extension"
	// ModeTrunk accepts calls from the PBX as a trunk peer, without
	// registering.
	ModeTrunk = "trunk"
)

// Defaults of Options.
const (
	DefaultExpiry       = 300 * time.Second
	DefaultMediaTimeout = 30 * time.Second
	DefaultMaxCalls     = 500
	DefaultFlow         = "office"
	// referWait bounds the wait for the final NOTIFY of a transfer.
	referWait = 32 * time.Second
)

// Options configure a Gateway. Flows and Prompts are required; a zero
// field takes the default its comment names.
type Options struct {
	// Listen is the UDP address SIP listens on, e.g. "0.0.0.0:5070".
	Listen string
	// Host is the address put in Contact and SDP; empty means Listen's
	// host, or 127.0.0.1 when that is unspecified.
	Host string
	// Mode is ModeExtension (register) or ModeTrunk.
	Mode string
	// Registrar is the PBX's SIP address, host:port, for ModeExtension.
	Registrar string
	// Username and Password are the extension's digest credentials;
	// Domain is the registration domain (Registrar's host when empty).
	Username, Password, Domain string
	// Expiry is the registration lifetime asked for; zero means 5 min.
	Expiry time.Duration
	// Peers, in ModeTrunk, are the IP addresses allowed to send INVITEs;
	// empty allows any.
	Peers []string
	// TransferHost is the host:port of REFER targets (sip:600@host);
	// empty means the registrar, or the caller's host in ModeTrunk.
	TransferHost string
	// Extension is the gateway's own PBX extension, for CSTA transfers.
	Extension string
	// Flow names the flow to run; empty means "office".
	Flow string
	// RTP is the range of RTP ports.
	RTP media.PortRange
	// MediaTimeout ends a call that sent no RTP for this long; zero means
	// 30 s, negative never.
	MediaTimeout time.Duration
	// MaxCalls bounds concurrent calls (503 beyond); zero means 500.
	MaxCalls int

	Flows     ivr.FlowSource
	Prompts   ivr.PromptSource
	Callbacks ivr.Callbacks
	// Model answers group readiness and Linka call ids; nil means every
	// group is ready and no call id is known.
	Model ivr.CallModel
	// CSTA transfers calls of flows that transfer via csta.
	CSTA ivr.Transferrer
	// Bus receives the ivr.* events; nil publishes nothing.
	Bus *cti.Bus
	// Normalize turns the caller's number into E.164 for events and
	// callbacks (cmd passes the office's phone plan); nil keeps it.
	Normalize func(string) string
	// Pacing, if not nil, records every outgoing packet's send-time error.
	Pacing *media.Histogram
	Logger *slog.Logger
	Now    func() time.Time
}

// Validate reports settings the gateway cannot work with.
func (o *Options) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(o.Listen); err != nil {
		errs = append(errs, fmt.Errorf("listen address %q is not host:port", o.Listen))
	}
	switch o.Mode {
	case ModeExtension:
		if _, _, err := net.SplitHostPort(o.Registrar); err != nil {
			errs = append(errs, fmt.Errorf("registrar %q is not host:port", o.Registrar))
		}
		if o.Username == "" {
			errs = append(errs, errors.New("an extension needs a user name"))
		}
	case ModeTrunk:
		for _, p := range o.Peers {
			if net.ParseIP(strings.TrimSpace(p)) == nil {
				errs = append(errs, fmt.Errorf("trunk peer %q is not an IP address", p))
			}
		}
	default:
		errs = append(errs, fmt.Errorf("mode %q is not extension or trunk", o.Mode))
	}
	if o.RTP.Min != 0 && (o.RTP.Min < 1024 || o.RTP.Max > 65535 || o.RTP.Max-o.RTP.Min < 2) {
		errs = append(errs, fmt.Errorf("RTP ports %d-%d are not a range within 1024-65535", o.RTP.Min, o.RTP.Max))
	}
	if o.Flows == nil || o.Prompts == nil {
		errs = append(errs, errors.New("a flow source and a prompt source are required"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sipua: %w", err)
	}
	return nil
}

func (o *Options) defaults() {
	if o.Expiry == 0 {
		o.Expiry = DefaultExpiry
	}
	if o.MediaTimeout == 0 {
		o.MediaTimeout = DefaultMediaTimeout
	}
	if o.MaxCalls == 0 {
		o.MaxCalls = DefaultMaxCalls
	}
	if o.Flow == "" {
		o.Flow = DefaultFlow
	}
	if o.Normalize == nil {
		o.Normalize = func(s string) string { return s }
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Host == "" {
		h, _, _ := net.SplitHostPort(o.Listen)
		if ip := net.ParseIP(h); h == "" || (ip != nil && ip.IsUnspecified()) {
			h = "127.0.0.1"
		}
		o.Host = h
	}
	if o.RTP.IP == nil {
		o.RTP.IP = net.ParseIP(o.Host)
	}
	if o.Domain == "" && o.Registrar != "" {
		o.Domain, _, _ = net.SplitHostPort(o.Registrar)
	}
}
