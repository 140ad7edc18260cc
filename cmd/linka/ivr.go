package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"linka/cases"
	"linka/cti"
	"linka/ivr"
	"linka/ivr/media"
	"linka/ivr/sipua"
)

// ivrConfig is the voice gateway's part of the configuration.
type ivrConfig struct {
	Listen       string
	Host         string
	Mode         string
	Registrar    string
	User         string
	Password     string
	Domain       string
	Peers        string
	TransferHost string
	Extension    string
	Flow         string
	Group        string
	RTPPorts     string
	MediaTimeout durationValue
	MaxCalls     int

	rtpMin, rtpMax int
}

func (c *ivrConfig) register(s *settings) {
	c.MediaTimeout.d = sipua.DefaultMediaTimeout
	s.String(&c.Listen, "ivr-listen", "", "voice gateway SIP listen address (UDP), e.g. 0.0.0.0:5070; empty: no gateway")
	s.String(&c.Host, "ivr-host", "", "address the gateway puts in SIP Contact and SDP; default the listen host")
	s.String(&c.Mode, "ivr-mode", sipua.ModeTrunk, "extension (register with -ivr-registrar) or trunk (accept calls from -ivr-peers)")
	s.String(&c.Registrar, "ivr-registrar", "", "the PBX's SIP registrar host:port for -ivr-mode extension")
	s.String(&c.User, "ivr-user", "", "the gateway's extension (SIP user name) at the registrar")
	s.Secret(&c.Password, "ivr-password", "", "the extension's SIP digest password")
	s.String(&c.Domain, "ivr-domain", "", "SIP domain of the registration; default the registrar's host")
	s.String(&c.Peers, "ivr-peers", "", "trunk mode: IP addresses allowed to send calls, comma-separated; empty: any")
	s.String(&c.TransferHost, "ivr-transfer-host", "", "host:port in REFER targets (sip:600@HOST); default the registrar or the calling PBX")
	s.String(&c.Extension, "ivr-extension", "", "the gateway's PBX extension number, for CSTA transfers and Linka call ids")
	s.String(&c.Flow, "ivr-flow", sipua.DefaultFlow, "name of the flow calls run")
	s.String(&c.Group, "ivr-group", "600", "the clerks' ICD group of the default flow")
	s.String(&c.RTPPorts, "ivr-rtp-ports", "20000-20999", "UDP port range of the gateway's RTP streams")
	s.Duration(&c.MediaTimeout, "ivr-media-timeout", "hang up a call that sends no RTP for this long")
	s.Int(&c.MaxCalls, "ivr-max-calls", sipua.DefaultMaxCalls, "most concurrent gateway calls (503 beyond)")
}

func (c *ivrConfig) validate() error {
	lo, hi, ok := strings.Cut(c.RTPPorts, "-")
	var err1, err2 error
	c.rtpMin, err1 = strconv.Atoi(strings.TrimSpace(lo))
	c.rtpMax, err2 = strconv.Atoi(strings.TrimSpace(hi))
	if !ok || err1 != nil || err2 != nil || c.rtpMin < 1024 || c.rtpMax > 65535 || c.rtpMax-c.rtpMin < 2 {
		return usagef("-ivr-rtp-ports (LINKA_IVR_RTP_PORTS): %q is not a range like 20000-20999", c.RTPPorts)
	}
	if c.Group == "" || strings.Trim(c.Group, "0123456789") != "" {
		return usagef("-ivr-group (LINKA_IVR_GROUP): %q is not a group number", c.Group)
	}
	if c.Listen == "" {
		return nil
	}
	o := c.options(nil)
	if err := o.Validate(); err != nil {
		return usagef("voice gateway (-ivr-*): %v", strings.TrimPrefix(err.Error(), "sipua: "))
	}
	return nil
}

// options returns the gateway's options without its collaborators.
func (c *ivrConfig) options(log *slog.Logger) sipua.Options {
	o := sipua.Options{Listen: c.Listen, Host: c.Host, Mode: c.Mode, Registrar: c.Registrar, Username: c.User,
		Password: c.Password, Domain: c.Domain, TransferHost: c.TransferHost, Extension: c.Extension, Flow: c.Flow,
		RTP: media.PortRange{Min: c.rtpMin, Max: c.rtpMax}, MediaTimeout: c.MediaTimeout.d, MaxCalls: c.MaxCalls,
		Logger: log, Flows: noFlows{}, Prompts: noPrompts{}}
	for _, p := range strings.Split(c.Peers, ",") {
		if p = strings.TrimSpace(p); p != "" {
			o.Peers = append(o.Peers, p)
		}
	}
	return o
}

// noFlows and noPrompts stand in while validating settings.
type noFlows struct{}

func (noFlows) ActiveFlow(context.Context, string) (*ivr.Flow, error) { return nil, ivr.ErrNotFound }

type noPrompts struct{}

func (noPrompts) PromptAudio(context.Context, string, string) ([]int16, error) {
	return nil, ivr.ErrNotFound
}

// voiceGateway is what serve hands the web layer.
type voiceGateway struct {
	admin  *ivr.Service
	status func() sipua.Status
}

// startIVR creates the flow and prompt service (always: admins may prepare
// flows before the gateway listens), saves the default flow as a draft
// when there is none, and runs the SIP gateway when -ivr-listen is set.
func startIVR(ctx context.Context, wg *sync.WaitGroup, c *serveConfig, b *backend, tel *telephony, plan cases.PhonePlan,
	log *slog.Logger) (voiceGateway, error) {
	svc := ivr.NewService(b.db, b.blobs, nil)
	vg := voiceGateway{admin: svc}
	if err := ensureDefaultFlow(ctx, svc, &c.IVR, log); err != nil {
		return vg, err
	}
	if c.IVR.Listen == "" {
		return vg, nil
	}
	if tel.bus == nil {
		tel.bus = cti.NewBus(nil)
	}
	o := c.IVR.options(log.With("module", "ivr"))
	o.Flows, o.Prompts, o.Bus, o.Normalize = svc, svc, tel.bus, plan.Lookup
	if cb, ok := tel.callbacks.(*cti.Callbacks); ok {
		o.Callbacks = ivrCallbacks{cb: cb}
	}
	if link, ok := tel.link.(*cti.Link); ok {
		m := ivrModel{link: link, ext: c.IVR.Extension}
		o.Model, o.CSTA = m, m
	}
	gw, err := sipua.New(o)
	if err != nil {
		return vg, usagef("voice gateway: %v", err)
	}
	vg.status = gw.Status
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := gw.Run(ctx); err != nil {
			log.Error("voice gateway stopped", "err", err)
		}
	}()
	select {
	case <-gw.Ready():
	case <-time.After(5 * time.Second):
	}
	return vg, nil
}

// ensureDefaultFlow saves the default office flow as version 1 of the
// configured flow when it has no version yet; it stays a draft until an
// admin activates it (or the demo does).
func ensureDefaultFlow(ctx context.Context, svc *ivr.Service, c *ivrConfig, log *slog.Logger) error {
	vs, err := svc.FlowVersions(ctx, c.Flow)
	if err != nil || len(vs) > 0 {
		return err
	}
	f, err := ivr.DefaultFlow(c.Flow, ivr.LangCzech, c.Group, "")
	if err != nil {
		return err
	}
	v, err := svc.SaveFlow(ctx, f, "default office flow", "linka")
	if err != nil {
		return fmt.Errorf("save the default flow: %w", err)
	}
	log.Info("default voice gateway flow saved as a draft", "flow", v.Name, "version", v.Version)
	return nil
}

// ivrCallbacks creates callback tasks in the cti callback queue: the
// caller's request is observed as an incoming call that waited and was
// abandoned at the gateway (out_of_hours outside the office hours).
type ivrCallbacks struct{ cb *cti.Callbacks }

func (a ivrCallbacks) RequestCallback(ctx context.Context, r ivr.CallbackRequest) error {
	id := r.CallID
	if id == "" {
		id = "ivr-" + r.SIPCallID
	}
	rec := cti.CallRecord{ID: id, Direction: cti.DirectionIncoming, Caller: r.Caller, StartedAt: r.At, EndedAt: r.At,
		EndReason: cti.EndAbandoned, Path: []cti.PathStep{{At: r.At, Action: cti.StepQueued, Device: "ivr"}}}
	return a.cb.Observe(ctx, rec)
}

// ivrModel answers the gateway's questions from the CTI model and
// transfers through the PBX link.
type ivrModel struct {
	link *cti.Link
	ext  string
}

// GroupReady is false only when the model knows agents of the group and
// none is ready; unknown (Panasonic reports agent states only as they
// change) lets the PBX queue the call.
func (m ivrModel) GroupReady(group string) bool {
	if m.link.Status().State != cti.LinkUp {
		return true
	}
	known := false
	for _, d := range m.link.Devices() {
		if d.Agent.Group != group {
			continue
		}
		switch d.Agent.State {
		case cti.AgentReady:
			return true
		case cti.AgentNotReady, cti.AgentWorkingAfterCall, cti.AgentLoggedOut, cti.AgentLoggedIn:
			known = true
		}
	}
	return !known
}

// CallID finds the call from caller at the gateway's extension.
func (m ivrModel) CallID(caller string) string {
	if m.ext == "" || caller == "" {
		return ""
	}
	for _, c := range m.link.Calls() {
		if c.EndReason != "" || !sameNumber(c.Caller, caller) {
			continue
		}
		for _, p := range c.Parties {
			if p.Extension == m.ext {
				return c.ID
			}
		}
	}
	return ""
}

// Transfer moves the call from the gateway's extension to target.
func (m ivrModel) Transfer(ctx context.Context, callID, target string) error {
	if m.ext == "" {
		return fmt.Errorf("-ivr-extension is not set")
	}
	return m.link.BlindTransfer(ctx, callID, m.ext, target)
}

// sameNumber compares numbers by their last nine digits (a Czech
// subscriber number), ignoring prefixes such as +420 or 0.
func sameNumber(a, b string) bool {
	last := func(s string) string {
		d := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
		if len(d) > 9 {
			d = d[len(d)-9:]
		}
		return d
	}
	return a != "" && last(a) == last(b)
}
