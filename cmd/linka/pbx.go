package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
	"linka/cti"
	"linka/internal/workdays"
)

// pbxConfig is the PBX link's part of the configuration.
type pbxConfig struct {
	Addr       string
	Extensions string
	Groups     string
	DebugFile  string
	Heartbeat  durationValue

	OfficeHours string
	CBMinTalk   durationValue
	CBMinGap    durationValue
	CBAttempts  int
	Automated   string

	exts, groups, automated []string
	hours                   workdays.WeeklyHours
}

func (c *pbxConfig) register(s *settings) {
	c.Heartbeat.d = 3 * time.Minute
	s.String(&c.Addr, "pbx-addr", "", "Panasonic CSTA link host:port (port 33333 by default); empty: no PBX link")
	s.String(&c.Extensions, "pbx-extensions", "", "extensions to monitor besides the users' own, e.g. 101-120,130")
	s.String(&c.Groups, "pbx-groups", "", "ICD groups to monitor, e.g. 600,601")
	s.String(&c.DebugFile, "pbx-debug-file", "", "append the raw CSTA traffic in hex to this file (contains phone numbers)")
	s.Duration(&c.Heartbeat, "pbx-heartbeat-timeout", "reconnect when the PBX sends nothing for this long")
	c.CBMinTalk.d, c.CBMinGap.d = cti.DefaultMinTalk, cti.DefaultMinGap
	s.String(&c.OfficeHours, "office-hours", cti.DefaultCallbackHours,
		"opening hours (Europe/Prague): calls outside them get a callback task, callbacks are made within them")
	s.Duration(&c.CBMinTalk, "callback-min-talk", "a callback counts as reached after talking this long")
	s.Duration(&c.CBMinGap, "callback-min-gap", "least time between two callback attempts on one task")
	s.Int(&c.CBAttempts, "callback-max-attempts", cti.DefaultMaxAttempts, "callback attempts before Linka gives up")
	s.String(&c.Automated, "automated-extensions", "", "extensions answered by machines (IVR ports, voicemail): a call only they answered did not get through")
}

func (c *pbxConfig) validate(file fileConfig) error {
	var err error
	if c.exts, err = expandNumbers(c.Extensions); err != nil {
		return usagef("-pbx-extensions (LINKA_PBX_EXTENSIONS): %v", err)
	}
	if c.groups, err = expandNumbers(c.Groups); err != nil {
		return usagef("-pbx-groups (LINKA_PBX_GROUPS): %v", err)
	}
	for _, e := range file.PBX.Extensions {
		more, err := expandNumbers(e)
		if err != nil {
			return usagef("-config (LINKA_CONFIG): pbx.extensions: %v", err)
		}
		c.exts = append(c.exts, more...)
	}
	c.groups = append(c.groups, file.PBX.Groups...)
	if c.automated, err = expandNumbers(c.Automated); err != nil {
		return usagef("-automated-extensions (LINKA_AUTOMATED_EXTENSIONS): %v", err)
	}
	if c.hours, err = workdays.ParseWeeklyHours(c.OfficeHours); err != nil || c.hours.IsZero() {
		return usagef("-office-hours (LINKA_OFFICE_HOURS): %q is not like \"mon-fri 08:00-16:00; wed 08:00-18:00\"", c.OfficeHours)
	}
	if c.CBMinTalk.d < 0 || c.CBMinGap.d < 0 || c.CBAttempts < 1 || c.CBAttempts > 20 {
		return usagef("-callback-max-attempts (LINKA_CALLBACK_MAX_ATTEMPTS) must be 1–20 and the callback durations not negative")
	}
	if c.Heartbeat.d < 10*time.Second {
		return usagef("-pbx-heartbeat-timeout (LINKA_PBX_HEARTBEAT_TIMEOUT) must be at least 10s")
	}
	return nil
}

// expandNumbers parses "101-105,120" into the numbers it names.
func expandNumbers(list string) ([]string, error) {
	var out []string
	for _, part := range strings.Split(list, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(part, "-")
		if !isRange {
			hi = lo
		}
		a, err1 := strconv.Atoi(lo)
		b, err2 := strconv.Atoi(hi)
		if err1 != nil || err2 != nil || a < 0 || b < a || b-a > 5000 {
			return nil, fmt.Errorf("%q is not a number or a range like 101-120", part)
		}
		if !isRange {
			out = append(out, lo) // keep leading zeros of single numbers
			continue
		}
		for n := a; n <= b; n++ {
			out = append(out, strconv.Itoa(n))
		}
	}
	return out, nil
}

// newLink builds the PBX link, monitoring the configured devices and the
// extensions of every active user.
func newLink(ctx context.Context, c *pbxConfig, svc *cases.Service, store cti.CallStore, dir *directory,
	reg prometheus.Registerer, log *slog.Logger) (*cti.Link, func(), error) {
	exts := slices.Clone(c.exts)
	for _, u := range dir.users() {
		if u.Extension != "" {
			exts = append(exts, u.Extension)
		}
	}
	slices.Sort(exts)
	opts := cti.LinkOptions{Address: c.Addr, Extensions: slices.Compact(exts), Groups: c.groups, Store: store,
		Directory: dir, Logger: log.With("module", "cti"), Registry: reg, HeartbeatTimeout: c.Heartbeat.d}
	closeDebug := func() {}
	if c.DebugFile != "" {
		f, err := os.OpenFile(c.DebugFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, nil, usagef("-pbx-debug-file (LINKA_PBX_DEBUG_FILE): %v", err)
		}
		opts.Debug, closeDebug = f, func() { f.Close() }
	}
	link, err := cti.NewLink(opts)
	if err != nil {
		closeDebug()
		return nil, nil, usagef("-pbx-addr (LINKA_PBX_ADDR): %v", err)
	}
	return link, closeDebug, nil
}

// newCallbacks builds the callback queue for missed, abandoned and
// out-of-hours calls; the dialer is set later (the link needs the queue
// as the observer of its finished calls, the queue the link to dial).
func newCallbacks(c *pbxConfig, store cti.CallbackStore, plan cases.PhonePlan, cal workdays.Calendar,
	dialer cti.Dialer) (*cti.Callbacks, error) {
	cb, err := cti.NewCallbacks(cti.CallbackOptions{Store: store, Dialer: dialer, Normalize: plan.Lookup,
		Hours: c.hours, Calendar: cal, MinTalk: c.CBMinTalk.d, MinGap: c.CBMinGap.d, MaxAttempts: c.CBAttempts,
		Automated: c.automated})
	if err != nil {
		return nil, usagef("callbacks: %v", err)
	}
	return cb, nil
}

// directory answers which user sits at an extension from memory (the PBX
// read loop must not wait on the database) and refreshes itself from the
// user table.
type directory struct {
	svc *cases.Service
	mu  sync.RWMutex
	all []cases.User
	ext map[string]cases.User
}

func newDirectory(ctx context.Context, svc *cases.Service) (*directory, error) {
	d := &directory{svc: svc}
	return d, d.refresh(ctx)
}

// refresh reloads the users.
func (d *directory) refresh(ctx context.Context) error {
	users, err := d.svc.Users(ctx, cases.Console())
	if err != nil {
		return fmt.Errorf("load users for the extension directory: %w", err)
	}
	ext := map[string]cases.User{}
	for _, u := range users {
		if u.Active && u.Extension != "" {
			ext[u.Extension] = u
		}
	}
	d.mu.Lock()
	d.all, d.ext = users, ext
	d.mu.Unlock()
	return nil
}

// run refreshes the directory every interval until ctx ends.
func (d *directory) run(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := d.refresh(ctx)
		if err != nil && !failing {
			log.Warn("extension directory", "err", err)
		}
		failing = err != nil
	}
}

func (d *directory) users() []cases.User {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.all
}

// UserForExtension implements cti.Directory.
func (d *directory) UserForExtension(ext string) (int64, string, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	u, ok := d.ext[ext]
	return u.ID, u.Name, ok
}
