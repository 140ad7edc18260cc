package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"linka/cases"
	"linka/cti"
	"linka/cti/smdr"
	"linka/web"
)

func runServe(ctx context.Context, args []string, e env) error {
	var c serveConfig
	s := newSettings("serve", "Runs the Linka server: the staff UI, the JSON API and the background work.")
	s.fs.SetOutput(e.stderr)
	c.register(s)
	if err := s.Parse(args, e.getenv); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	log := newLogger(&c)
	b, err := openBackend(ctx, &c.Store)
	if err != nil {
		return err
	}
	defer b.Close()
	log.Info("database ready", "database", describeDatabase(c.Store.Database), "dialect", b.db.Dialect())
	return serve(ctx, &c, b, log, nil)
}

// serve runs the HTTP server and, when configured, the PBX link until ctx
// ends. ready, if not nil, receives the base URL once the listener is open.
func serve(ctx context.Context, c *serveConfig, b *backend, log *slog.Logger, ready func(url string)) error {
	svc := b.service(c.serviceOptions())
	if err := installCaseTypes(ctx, svc, log); err != nil { // workflow
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	tel, err := startTelephony(ctx, &wg, c, b, svc, reg, log)
	if err != nil {
		return err
	}
	rec, err := startRecorder(ctx, &wg, c, b, tel.bus, reg, log) // recording area
	if err != nil {
		return err
	}
	vg, err := startIVR(ctx, &wg, c, b, &tel, c.serviceOptions().Phone, log) // voice gateway
	if err != nil {
		return err
	}
	mailDir, err := startOutbox(ctx, &wg, &c.Mail, svc, b.db, reg, log) // outbox (outbox.go)
	if err != nil {
		return err
	}
	// portal: the citizen portal (portal.go); the access codes citizens
	// ask for by e-mail go through the outbox.
	c.Portal.mailer = accessCodeMailer{svc: svc}
	rep, err := newReports(c, b, svc, log) // area report
	if err != nil {
		return err
	}
	runReports(ctx, &wg, rep, c.Report.Tick.d, tel.bus, tel.link, b.db, log)
	portal, err := c.Portal.newPortal(svc, b.db, log)
	if err != nil {
		return fmt.Errorf("set up the citizen portal: %w", err)
	}
	defer portal.Wait() // codes still being sent
	intake, err := startIntake(ctx, &wg, &c.Intake, svc, reg, log)
	if err != nil {
		return err
	}
	h, err := web.New(web.Options{Service: svc, Logger: log, Registry: reg, Ready: b.db.Ping,
		SecureCookies: c.cookiePolicy(), Version: version, Telephony: tel.link, Callbacks: tel.callbacks,
		CallLog: tel.calllog, SMDR: tel.smdr, Bus: tel.bus, Intake: intake, Recordings: rec, Reports: rep,
		MailFolder: mailFolder(mailDir), Portal: portal, PortalSettings: c.Portal.settings(), TrustedProxies: c.Portal.proxies,
		Panel: b.db, AfterCallWork: c.Panel.AfterCallWork.d, // panel
		IVR: vg.admin, IVRStatus: vg.status}) // voice gateway
	if err != nil {
		return fmt.Errorf("set up web: %w", err)
	}
	startAgentLog(ctx, &wg, tel.bus, b.db, log) // panel
	if err := servePortal(ctx, &wg, &c.Portal, h, log); err != nil {
		return err
	}
	go sweep(ctx, "portal sessions and counters", portal.ExpirePortal, log)
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return usagef("-addr (LINKA_ADDR): %v", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	srv.RegisterOnShutdown(h.CloseEvents) // WebSockets are hijacked: Shutdown does not close them
	url := "http://" + ln.Addr().String()
	log.Info("listening", "url", url, "version", version)
	if ready != nil {
		ready(url)
	}
	go sweep(ctx, "sessions", svc.ExpireSessions, log)
	go sweep(ctx, "sent and failed notifications", func(ctx context.Context) (int, error) {
		return svc.PurgeNotifications(ctx, c.Mail.Retention.d)
	}, log)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve http: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down http: %w", err)
	}
	return nil
}

// telephony is what the PBX link and the SMDR source give the web layer.
type telephony struct {
	link      web.Telephony
	bus       *cti.Bus
	callbacks web.CallbackQueue
	calllog   web.CallLogReader
	smdr      func() smdr.ClientStatus
}

// startTelephony starts what is configured of the PBX side: the call log
// (merging the CSTA link's records and SMDR lines), the callback queue,
// the CSTA link with its extension directory, and the SMDR source.
func startTelephony(ctx context.Context, wg *sync.WaitGroup, c *serveConfig, b *backend, svc *cases.Service,
	reg prometheus.Registerer, log *slog.Logger) (telephony, error) {
	if c.PBX.Addr == "" && !c.SMDR.enabled() {
		log.Info("no PBX link or SMDR source configured (-pbx-addr, -smdr-addr, -smdr-serial)")
		return telephony{}, nil
	}
	opts := c.serviceOptions()
	var cb *cti.Callbacks
	await := time.Duration(0)
	if c.PBX.Addr != "" {
		await = cti.SuggestedCallLogAwait
	}
	calls, err := cti.NewCallLog(cti.CallLogOptions{Store: b.db, Normalize: opts.Phone.Lookup, Await: await,
		Observer:   func(ctx context.Context, r cti.CallRecord) error { return cb.Observe(ctx, r) },
		Registerer: reg, Logger: log.With("module", "calllog")})
	if err != nil {
		return telephony{}, err
	}
	tel := telephony{calllog: calls}
	var link *cti.Link
	var dialer cti.Dialer
	if c.PBX.Addr != "" {
		dir, err := newDirectory(ctx, svc)
		if err != nil {
			return telephony{}, err
		}
		var closeDebug func()
		if link, closeDebug, err = newLink(ctx, &c.PBX, svc, calls, dir, reg, log); err != nil {
			return telephony{}, err
		}
		tel.link, tel.bus, dialer = link, link.Bus(), link
		// The queue must exist before the link runs: the link's first
		// finished call is observed by it.
		defer func() { runLink(ctx, wg, link, dir, closeDebug, log) }()
	}
	if cb, err = newCallbacks(&c.PBX, b.db, opts.Phone, opts.Calendar, dialer); err != nil {
		return telephony{}, err
	}
	tel.callbacks = cb
	wg.Add(1)
	go func() { defer wg.Done(); calls.Run(ctx) }()
	if c.SMDR.enabled() {
		cl, err := c.SMDR.newClient(log.With("module", "smdr"))
		if err != nil {
			return telephony{}, err
		}
		tel.smdr = cl.Status
		wg.Add(1)
		go func() { defer wg.Done(); runSMDR(ctx, cl, calls, log.With("module", "smdr")) }()
	}
	return tel, nil
}

// runLink runs the CSTA link and refreshes its extension directory until
// ctx ends.
func runLink(ctx context.Context, wg *sync.WaitGroup, link *cti.Link, dir *directory, closeDebug func(), log *slog.Logger) {
	wg.Add(2)
	go func() { defer wg.Done(); dir.run(ctx, 30*time.Second, log) }()
	go func() {
		defer wg.Done()
		defer closeDebug()
		if err := link.Run(ctx); err != nil && ctx.Err() == nil {
			log.Error("PBX link stopped", "err", err)
		}
	}()
}

// sweep runs fn every ten minutes until ctx ends: the periodic removal of
// expired rows (staff sessions, the portal's sessions and counters, old
// sent and failed notifications). A failure is logged when it starts,
// not at every tick.
func sweep(ctx context.Context, what string, fn func(context.Context) (int, error), log *slog.Logger) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, err := fn(ctx)
		switch {
		case err != nil && !failing:
			log.Warn("expire "+what, "err", err)
		case err == nil && n > 0:
			log.Debug("expired "+what, "count", n)
		}
		failing = err != nil
	}
}
