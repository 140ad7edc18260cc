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
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	tel, err := startLink(ctx, &wg, c, b, svc, reg, log)
	if err != nil {
		return err
	}
	h, err := web.New(web.Options{Service: svc, Logger: log, Registry: reg, Ready: b.db.Ping,
		SecureCookies: c.cookiePolicy(), Version: version, Telephony: tel.link, Callbacks: tel.callbacks})
	if err != nil {
		return fmt.Errorf("set up web: %w", err)
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return usagef("-addr (LINKA_ADDR): %v", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	url := "http://" + ln.Addr().String()
	log.Info("listening", "url", url, "version", version)
	if ready != nil {
		ready(url)
	}
	go expireSessions(ctx, svc, log)
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

// telephony is what the PBX link gives the web layer.
type telephony struct {
	link      web.Telephony
	callbacks web.CallbackQueue
}

// startLink starts the PBX link, the callback queue and the extension
// directory when a PBX address is configured; it returns no telephony
// otherwise.
func startLink(ctx context.Context, wg *sync.WaitGroup, c *serveConfig, b *backend, svc *cases.Service,
	reg prometheus.Registerer, log *slog.Logger) (telephony, error) {
	if c.PBX.Addr == "" {
		log.Info("no PBX link configured (-pbx-addr)")
		return telephony{}, nil
	}
	dir, err := newDirectory(ctx, svc)
	if err != nil {
		return telephony{}, err
	}
	opts := c.serviceOptions()
	var cb *cti.Callbacks
	observe := func(ctx context.Context, r cti.CallRecord) error { return cb.Observe(ctx, r) }
	link, closeDebug, err := newLink(ctx, &c.PBX, svc, cti.ObserveAfter(b.db, observe), dir, reg, log)
	if err != nil {
		return telephony{}, err
	}
	if cb, err = newCallbacks(&c.PBX, b.db, opts.Phone, opts.Calendar, link); err != nil {
		closeDebug()
		return telephony{}, err
	}
	wg.Add(2)
	go func() { defer wg.Done(); dir.run(ctx, 30*time.Second, log) }()
	go func() {
		defer wg.Done()
		defer closeDebug()
		if err := link.Run(ctx); err != nil && ctx.Err() == nil {
			log.Error("PBX link stopped", "err", err)
		}
	}()
	return telephony{link: link, callbacks: cb}, nil
}

// expireSessions removes idle sessions every ten minutes.
func expireSessions(ctx context.Context, svc *cases.Service, log *slog.Logger) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, err := svc.ExpireSessions(ctx)
		switch {
		case err != nil && !failing:
			log.Warn("expire sessions", "err", err)
		case err == nil && n > 0:
			log.Debug("expired sessions", "count", n)
		}
		failing = err != nil
	}
}
