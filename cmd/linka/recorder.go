package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cti"
	"linka/cti/pbxsim"
	"linka/recorder"
	"linka/recorder/capture"
)

// recorderConfig configures call recording (`linka serve`, `linka demo`).
type recorderConfig struct {
	Interface         string
	UDPAddr           string
	Ports             string
	RTPPorts          string
	PBXHosts          string
	SpoolDir          string
	RecordUnannounced bool
	RecordOutgoing    bool
	Retention         durationValue
	JitterWindow      durationValue
	ports, rtpPorts   []recorder.PortRange
	pbxHosts          []netip.Addr
	extra             []capture.Source // in-process sources (the demo's simulated trunk)
}

func (c *recorderConfig) register(s *settings) {
	c.Retention.d = 30 * 24 * time.Hour
	c.JitterWindow.d = 200 * time.Millisecond
	s.String(&c.Interface, "rec-interface", "", "network interface receiving the mirrored SIP trunk (AF_PACKET, needs root); empty: none")
	s.String(&c.UDPAddr, "rec-udp", "", "UDP address receiving forwarded SIP/RTP (HEP3) or plain RTP, e.g. :9060; empty: none")
	s.String(&c.Ports, "rec-ports", "", "UDP ports captured on the interface, e.g. 5060,10000-20000; empty: all")
	s.String(&c.RTPPorts, "rec-rtp-ports", "", "UDP port ranges that carry RTP even without SIP signalling, e.g. 10000-20000")
	s.String(&c.PBXHosts, "rec-pbx-hosts", "", "IP addresses of the PBX's SIP trunk interface (decides direction and channels)")
	s.String(&c.SpoolDir, "rec-spool-dir", "", "directory of recordings being written; default DATA-DIR/spool")
	s.Bool(&c.RecordUnannounced, "rec-unannounced-incoming", false, "keep incoming calls that did not hear the voice gateway's recording notice (direct DDI)")
	s.Bool(&c.RecordOutgoing, "rec-outgoing", false, "keep outgoing calls (callbacks), which hear no recording notice")
	s.Duration(&c.Retention, "rec-retention", "purge recordings linked to no case after this long")
	s.Duration(&c.JitterWindow, "rec-jitter-window", "how long audio waits for late packets before it is written")
}

// enabled reports whether a capture source is configured.
func (c *recorderConfig) enabled() bool { return c.Interface != "" || c.UDPAddr != "" }

func (c *recorderConfig) validate(dataDir string) error {
	var err error
	if c.ports, err = parsePortRanges(c.Ports); err != nil {
		return usagef("-rec-ports (LINKA_REC_PORTS): %v", err)
	}
	if c.rtpPorts, err = parsePortRanges(c.RTPPorts); err != nil {
		return usagef("-rec-rtp-ports (LINKA_REC_RTP_PORTS): %v", err)
	}
	for _, h := range strings.FieldsFunc(c.PBXHosts, func(r rune) bool { return r == ',' || r == ' ' }) {
		a, err := netip.ParseAddr(h)
		if err != nil {
			return usagef("-rec-pbx-hosts (LINKA_REC_PBX_HOSTS): %q is not an IP address", h)
		}
		c.pbxHosts = append(c.pbxHosts, a)
	}
	if c.Retention.d < time.Hour {
		return usagef("-rec-retention (LINKA_REC_RETENTION) must be at least 1h")
	}
	if c.JitterWindow.d < 20*time.Millisecond || c.JitterWindow.d > 2*time.Second {
		return usagef("-rec-jitter-window (LINKA_REC_JITTER_WINDOW) must be 20ms–2s")
	}
	if c.SpoolDir == "" {
		c.SpoolDir = filepath.Join(dataDir, "spool")
	}
	return nil
}

// parsePortRanges reads "5060,10000-20000".
func parsePortRanges(s string) ([]recorder.PortRange, error) {
	var out []recorder.PortRange
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(part, "-")
		if !isRange {
			hi = lo
		}
		a, err1 := strconv.ParseUint(strings.TrimSpace(lo), 10, 16)
		b, err2 := strconv.ParseUint(strings.TrimSpace(hi), 10, 16)
		if err1 != nil || err2 != nil || a == 0 || b < a {
			return nil, fmt.Errorf("%q is not a port or port range", part)
		}
		out = append(out, recorder.PortRange{Lo: uint16(a), Hi: uint16(b)})
	}
	return out, nil
}

// engineOptions are the engine's options for dir.
func (c *recorderConfig) engineOptions(dir string, sink recorder.Sink, log *slog.Logger) recorder.Options {
	return recorder.Options{Dir: dir, Sink: sink, PBXHosts: c.pbxHosts, RTPPorts: c.rtpPorts,
		JitterWindow: c.JitterWindow.d, Logger: log}
}

// startRecorder starts the recorder service and its capture when
// configured; extra are in-process sources (the demo's simulated trunk).
func startRecorder(ctx context.Context, wg *sync.WaitGroup, c *serveConfig, b *backend, bus *cti.Bus,
	reg prometheus.Registerer, log *slog.Logger) (*recorder.Service, error) {
	rc := &c.Recorder
	extra := rc.extra
	if !rc.enabled() && len(extra) == 0 {
		return nil, nil
	}
	log = log.With("module", "recorder")
	svc, err := recorder.NewService(recorder.ServiceOptions{Store: b.db, Blobs: b.blobs, Bus: bus, SpoolDir: rc.SpoolDir,
		Policy:    recorder.Policy{RecordUnannouncedIncoming: rc.RecordUnannounced, RecordUnannouncedOutgoing: rc.RecordOutgoing},
		Retention: rc.Retention.d, Logger: log})
	if err != nil {
		return nil, err
	}
	engine, err := recorder.NewEngine(rc.engineOptions(rc.SpoolDir, svc, log))
	if err != nil {
		return nil, err
	}
	sources := append([]capture.Source(nil), extra...)
	if rc.Interface != "" {
		sources = append(sources, &capture.Interface{Device: rc.Interface, Promiscuous: true, Filter: capture.Filter{Ports: rc.ports}})
	}
	if rc.UDPAddr != "" {
		sources = append(sources, &capture.UDP{Addr: rc.UDPAddr})
	}
	for _, s := range sources {
		log.Info("recording from", "source", s.Name())
	}
	drops := func() (kernel, queue int64) {
		for _, s := range sources {
			if st, ok := s.(interface{ Stats() capture.Stats }); ok {
				x := st.Stats()
				kernel, queue = kernel+x.KernelDrops, queue+x.Dropped
			}
		}
		return kernel, queue
	}
	if err := recorder.RegisterMetrics(reg, engine, drops); err != nil {
		return nil, fmt.Errorf("recorder metrics: %w", err)
	}
	// The service outlives the capture: the engine's last reports, made as
	// it closes, must still be stored.
	sctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	wg.Add(2)
	go func() { defer wg.Done(); svc.Run(sctx) }()
	go func() {
		defer wg.Done()
		defer stop()
		if err := capture.Run(ctx, engine, sources, log); err != nil {
			log.Error("recorder capture stopped", "err", err)
		}
	}()
	return svc, nil
}

// runRecorderCommand runs `linka recorder import [-out DIR] FILE…`.
func runRecorderCommand(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "import" {
		return usagef("usage: linka recorder import [-out DIR] [-pbx-hosts IPs] [-rtp-ports RANGES] FILE.pcap…")
	}
	var out, hosts, rtpPorts string
	s := newSettings("recorder import", "Writes the calls found in pcap or pcapng captures as stereo WAV files\n"+
		"(caller left, clerk right) and prints one line per call.")
	s.fs.SetOutput(e.stderr)
	s.String(&out, "out", ".", "directory the WAV files are written to")
	s.String(&hosts, "pbx-hosts", "", "IP addresses of the PBX's SIP trunk interface")
	s.String(&rtpPorts, "rtp-ports", "", "UDP port ranges that carry RTP even without SIP")
	if err := s.Parse(args[1:], e.getenv); err != nil {
		return err
	}
	if len(s.fs.Args()) == 0 {
		return usagef("linka recorder import: no capture file given")
	}
	rc := recorderConfig{PBXHosts: hosts, RTPPorts: rtpPorts, Retention: durationValue{d: time.Hour}, JitterWindow: durationValue{d: 200 * time.Millisecond}}
	if err := rc.validate(out); err != nil {
		return err
	}
	sink := &printSink{e: e}
	engine, err := recorder.NewEngine(rc.engineOptions(out, sink, nil))
	if err != nil {
		return err
	}
	for _, f := range s.fs.Args() {
		st, err := capture.ReadFile(ctx, f, capture.Filter{}, engine.Handle)
		if err != nil {
			engine.Close()
			return fmt.Errorf("import %s: %w", f, err)
		}
		fmt.Fprintf(e.stderr, "%s: %d frames, %d UDP datagrams\n", f, st.Frames, st.Datagrams)
	}
	engine.Close()
	fmt.Fprintf(e.stderr, "%d recordings, %d unrecordable\n", engine.Stats().Recordings-sink.bad, sink.bad)
	return nil
}

// printSink prints one line per recording.
type printSink struct {
	e   env
	bad int64
}

func (p *printSink) RecordingStarted(recorder.Info) {}

func (p *printSink) RecordingFinished(i recorder.Info) {
	if i.Unrecordable != "" {
		p.bad++
		fmt.Fprintf(p.e.stdout, "unrecordable\t%s\t%s\t%s → %s\t%s\n", i.StartedAt.UTC().Format(time.RFC3339), i.SIPCallID, i.Caller, i.Called, i.Unrecordable)
		return
	}
	l, r := i.Legs[0], i.Legs[1]
	fmt.Fprintf(p.e.stdout, "%s\t%s\t%s\t%s → %s\t%s\t%v\tleft %d pkts %d lost %.2f ms\tright %d pkts %d lost %.2f ms\n",
		i.File, i.StartedAt.UTC().Format(time.RFC3339), i.SIPCallID, i.Caller, i.Called, i.Codec, i.Duration(),
		l.Packets, l.Lost, l.JitterMS, r.Packets, r.Lost, r.JitterMS)
}

// demoRecording records the demo's simulated trunk: the simulator hands
// its SIP and RTP to the recorder in-process. The demo has no voice
// gateway announcing the recording, so it keeps unannounced calls.
func demoRecording(ctx context.Context, c *serveConfig, sim *simConfig, log *slog.Logger) {
	inj := capture.NewInjector()
	caller, clerk, speech := pbxsim.DemoPrompts(ctx)
	sim.media = &pbxsim.MediaOptions{Caller: caller, Clerk: clerk,
		Send: func(at time.Time, src, dst netip.AddrPort, payload []byte) {
			inj.Send(recorder.Packet{At: at, Src: src, Dst: dst, Payload: payload})
		}}
	c.Recorder.extra = append(c.Recorder.extra, inj)
	c.Recorder.RecordUnannounced, c.Recorder.RecordOutgoing = true, true
	c.Recorder.pbxHosts = append(c.Recorder.pbxHosts, netip.MustParseAddr("198.51.100.5"))
	log.Info("demo calls are recorded", "speech", speech)
}
