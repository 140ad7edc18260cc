package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"linka/cti/pbxsim"
)

// simConfig configures the PBX simulator (`linka pbxsim`, and inside the demo).
type simConfig struct {
	Addr          string
	SMDRAddr      string
	Extensions    string
	Groups        string
	CallsPerMin   float64
	TalkMedian    durationValue
	AnswerPercent int
	HEPAddr       string // recording area: where the simulated trunk's SIP/RTP go as HEP3

	media *pbxsim.MediaOptions // the demo's in-process trunk leg
}

func (c *simConfig) register(s *settings, defaultAddr string) {
	c.TalkMedian.d = 90 * time.Second
	s.String(&c.Addr, "sim-addr", defaultAddr, "address the simulated PBX's CSTA link listens on")
	smdrAddr := "127.0.0.1:2300"
	if strings.HasSuffix(defaultAddr, ":0") {
		smdrAddr = "127.0.0.1:0"
	}
	s.String(&c.SMDRAddr, "sim-smdr-addr", smdrAddr, "address the simulated PBX's SMDR telnet port listens on (user SMDR, password PCCSMDR); empty: none")
	s.String(&c.Extensions, "sim-extensions", "100-103,201-205", "simulated extensions")
	s.String(&c.Groups, "sim-groups", "600=101,102,103", "simulated ICD groups: group=member,member;group=…")
	s.fs.Float64Var(&c.CallsPerMin, "sim-calls-per-minute", 4, s.doc("sim-calls-per-minute", "random incoming calls per minute (0: none)", false))
	s.Duration(&c.TalkMedian, "sim-talk-median", "median talk time of the random calls")
	s.Int(&c.AnswerPercent, "sim-answer-percent", 80, "share of random calls that are answered")
	s.String(&c.HEPAddr, "sim-hep", "", "send the simulated SIP trunk's signalling and RTP as HEP3 to this UDP address (a recorder's -rec-udp)")
}

// options turns the settings into the simulator's options.
func (c *simConfig) options() (pbxsim.Options, error) {
	exts, err := expandNumbers(c.Extensions)
	if err != nil {
		return pbxsim.Options{}, usagef("-sim-extensions (LINKA_SIM_EXTENSIONS): %v", err)
	}
	groups := map[string][]string{}
	for _, g := range strings.Split(c.Groups, ";") {
		if strings.TrimSpace(g) == "" {
			continue
		}
		name, members, ok := strings.Cut(g, "=")
		list, err := expandNumbers(members)
		if !ok || err != nil || len(list) == 0 {
			return pbxsim.Options{}, usagef("-sim-groups (LINKA_SIM_GROUPS): %q is not group=member,member", g)
		}
		groups[strings.TrimSpace(name)] = list
	}
	if c.CallsPerMin < 0 || c.CallsPerMin > 6000 {
		return pbxsim.Options{}, usagef("-sim-calls-per-minute (LINKA_SIM_CALLS_PER_MINUTE) must be 0–6000")
	}
	if c.AnswerPercent < 0 || c.AnswerPercent > 100 {
		return pbxsim.Options{}, usagef("-sim-answer-percent (LINKA_SIM_ANSWER_PERCENT) must be 0–100")
	}
	opts := pbxsim.Options{Extensions: exts, Groups: groups}
	opts.SMDR.DayFirst = true // DD/MM/YY, as a Czech PBX prints it
	if err := opts.Validate(); err != nil {
		return pbxsim.Options{}, usagef("simulated PBX: %v", err)
	}
	return opts, nil
}

// load returns the random load of the simulator; callers are the numbers
// that call (e.g. the demo contacts' phones), empty for random ones.
func (c *simConfig) load(callers []string) pbxsim.LoadOptions {
	return pbxsim.LoadOptions{CallsPerMinute: c.CallsPerMin, TalkMedian: c.TalkMedian.d,
		TalkMean: c.TalkMedian.d * 3 / 2, AnswerRatio: float64(c.AnswerPercent) / 100, Callers: callers, Media: c.media}
}

func runPbxsim(ctx context.Context, args []string, e env) error {
	var c simConfig
	var logLevel string
	s := newSettings("pbxsim", "Runs the Panasonic-like PBX simulator alone: a CSTA link (ECMA-285 BER over TCP)\n"+
		"with extensions, ICD groups and trunks, placing random calls — for integrators and tests.")
	s.fs.SetOutput(e.stderr)
	c.register(s, "127.0.0.1:33333")
	s.String(&logLevel, "log-level", "info", "log level: debug, info, warn, error")
	if err := s.Parse(args, e.getenv); err != nil {
		return err
	}
	level, err := parseLevel(logLevel)
	if err != nil {
		return err
	}
	opts, err := c.options()
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	pbx, err := pbxsim.New(opts)
	if err != nil {
		return usagef("simulated PBX: %v", err)
	}
	fmt.Fprintf(e.stdout, "simulated PBX: CSTA on %s, extensions %s, groups %s, %.1f calls/min\n",
		c.Addr, c.Extensions, c.Groups, c.CallsPerMin)
	if c.HEPAddr != "" { // recording area
		send, closeHEP, err := pbxsim.HEPSender(c.HEPAddr)
		if err != nil {
			return usagef("-sim-hep (LINKA_SIM_HEP): %v", err)
		}
		defer closeHEP()
		caller, clerk, speech := pbxsim.DemoPrompts(ctx)
		c.media = &pbxsim.MediaOptions{Send: send, Caller: caller, Clerk: clerk}
		fmt.Fprintf(e.stdout, "simulated PBX: SIP trunk and RTP as HEP3 to %s (speech: %v)\n", c.HEPAddr, speech)
	}
	if c.CallsPerMin > 0 {
		go func() {
			if err := pbx.RunLoad(ctx, c.load(nil)); err != nil && ctx.Err() == nil {
				log.Error("random calls stopped", "err", err)
			}
		}()
	}
	if c.SMDRAddr != "" {
		fmt.Fprintf(e.stdout, "simulated PBX: SMDR telnet on %s (user SMDR, password PCCSMDR)\n", c.SMDRAddr)
		go func() {
			if err := pbx.ListenAndServeSMDR(ctx, c.SMDRAddr); err != nil && ctx.Err() == nil {
				log.Error("SMDR server stopped", "err", err)
			}
		}()
	}
	if err := pbx.ListenAndServe(ctx, c.Addr); err != nil && ctx.Err() == nil {
		return fmt.Errorf("simulated PBX: %w", err)
	}
	return nil
}

// groupNames returns the names of the simulated groups.
func (c *simConfig) groupNames() map[string]bool {
	out := map[string]bool{}
	for _, g := range strings.Split(c.Groups, ";") {
		if name, _, ok := strings.Cut(g, "="); ok && strings.TrimSpace(name) != "" {
			out[strings.TrimSpace(name)] = true
		}
	}
	return out
}
