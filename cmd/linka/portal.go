package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"sync"
	"time"

	"linka/cases"
	"linka/internal/store"
	"linka/web"
)

// portalConfig is the configuration of the citizen portal (docs/portal.md)
// and of the trusted reverse proxies.
type portalConfig struct {
	Addr           string
	URL            string
	OfficeName     string
	OfficeAddress  string
	OfficeEmail    string
	DPOEmail       string
	Retention      string
	Logo           string
	Colour         string
	CodeTTL        durationValue
	SessionTTL     durationValue
	ShowOfficials  bool
	SubmitsPerHour int
	TrustedProxies string

	proxies []netip.Prefix
	logo    []byte
	// mailer sends the access codes citizens ask for by e-mail; nil means
	// codes cannot be asked for by e-mail (set by the outbox wiring, and
	// by the demo to a logger).
	mailer cases.AccessCodeMailer
}

func (c *portalConfig) register(s *settings) {
	c.CodeTTL.d = 90 * 24 * time.Hour
	c.SessionTTL.d = 30 * time.Minute
	s.String(&c.Addr, "portal-addr", "", "extra listen address serving only the citizen portal, e.g. :8081 (the portal is also at /portal/ on -addr)")
	s.String(&c.URL, "portal-url", "", "public address of the portal, e.g. https://podnety.example.cz; requests for its host get the portal only")
	s.String(&c.OfficeName, "portal-office-name", "", "office name shown on the portal and in its notices")
	s.String(&c.OfficeAddress, "portal-office-address", "", "office postal address in the portal's notices")
	s.String(&c.OfficeEmail, "portal-office-email", "", "office contact e-mail in the portal's notices (accessibility feedback)")
	s.String(&c.DPOEmail, "portal-dpo-email", "", "data-protection officer's e-mail in the GDPR notice; default -portal-office-email")
	s.String(&c.Retention, "portal-retention", "", "how long submissions are kept, for the GDPR notice; default: per the filing and shredding plan")
	s.String(&c.Logo, "portal-logo", "", "image file (PNG, JPEG, SVG, WebP) shown in the portal's header")
	s.String(&c.Colour, "portal-colour", "#1d4f91", "portal header and button colour #rrggbb (white text on it needs 4.5:1 contrast)")
	s.Duration(&c.CodeTTL, "portal-code-ttl", "how long a citizen's access code works")
	s.Duration(&c.SessionTTL, "portal-session-ttl", "how long a citizen stays signed in to the status page")
	s.Bool(&c.ShowOfficials, "portal-show-officials", false, "show the handling official's name on the status page")
	s.Int(&c.SubmitsPerHour, "portal-submits-per-hour", 10, "web-form submissions allowed per client address and hour")
	s.String(&c.TrustedProxies, "trusted-proxies", "", "reverse proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For/-Proto are believed")
}

func (c *portalConfig) validate() error {
	if c.Addr != "" {
		if _, _, err := net.SplitHostPort(c.Addr); err != nil {
			return usagef("-portal-addr (LINKA_PORTAL_ADDR): %q is not host:port", c.Addr)
		}
	}
	if c.URL != "" && !strings.HasPrefix(c.URL, "https://") && !strings.HasPrefix(c.URL, "http://") {
		return usagef("-portal-url (LINKA_PORTAL_URL): %q is not an http(s) URL", c.URL)
	}
	if err := web.CheckPortalColour(c.Colour); err != nil {
		return usagef("-portal-colour (LINKA_PORTAL_COLOUR): %v", err)
	}
	for _, e := range []struct{ flag, v string }{{"portal-office-email", c.OfficeEmail}, {"portal-dpo-email", c.DPOEmail}} {
		if e.v != "" && !cases.ValidEmail(e.v) {
			return usagef("-%s (%s): %q is not an e-mail address", e.flag, envName(e.flag), e.v)
		}
	}
	switch {
	case c.CodeTTL.d < time.Hour:
		return usagef("-portal-code-ttl (LINKA_PORTAL_CODE_TTL) must be at least 1h")
	case c.SessionTTL.d < time.Minute || c.SessionTTL.d > 24*time.Hour:
		return usagef("-portal-session-ttl (LINKA_PORTAL_SESSION_TTL) must be 1m–24h")
	case c.SubmitsPerHour < 1:
		return usagef("-portal-submits-per-hour (LINKA_PORTAL_SUBMITS_PER_HOUR) must be at least 1")
	}
	proxies, err := parseProxies(c.TrustedProxies)
	if err != nil {
		return usagef("-trusted-proxies (LINKA_TRUSTED_PROXIES): %v", err)
	}
	c.proxies = proxies
	if c.Logo != "" {
		b, err := os.ReadFile(c.Logo)
		if err != nil {
			return usagef("-portal-logo (LINKA_PORTAL_LOGO): %v", err)
		}
		if len(b) > 1<<20 {
			return usagef("-portal-logo (LINKA_PORTAL_LOGO): %s is larger than 1 MiB", c.Logo)
		}
		c.logo = b
	}
	return nil
}

// parseProxies reads a comma-separated list of IP addresses and CIDRs.
func parseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an IP address or CIDR", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// settings returns the web package's portal settings.
func (c *portalConfig) settings() web.PortalSettings {
	return web.PortalSettings{OfficeName: c.OfficeName, OfficeAddress: c.OfficeAddress, OfficeEmail: c.OfficeEmail,
		DPOEmail: c.DPOEmail, Retention: c.Retention, Logo: c.logo, Colour: c.Colour, BaseURL: c.URL,
		SubmitsPerHour: c.SubmitsPerHour}
}

// newPortal builds the citizen portal over the service's register.
func (c *portalConfig) newPortal(svc *cases.Service, db *store.DB, log *slog.Logger) (*cases.Portal, error) {
	return cases.NewPortal(svc, cases.PortalOptions{Store: db, Mailer: c.mailer, CodeTTL: c.CodeTTL.d,
		SessionTTL: c.SessionTTL.d, ShowOfficials: c.ShowOfficials, Logger: log.With("module", "portal")})
}

// servePortal runs the portal's own listener (-portal-addr) until ctx
// ends.
func servePortal(ctx context.Context, wg *sync.WaitGroup, c *portalConfig, h *web.Server, log *slog.Logger) error {
	if c.Addr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return usagef("-portal-addr (LINKA_PORTAL_ADDR): %v", err)
	}
	srv := &http.Server{Handler: h.PortalHandler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ReadTimeout: 10 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("citizen portal listening", "url", "http://"+ln.Addr().String()+"/portal/")
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("portal listener stopped", "err", err)
		}
	}()
	go func() {
		defer wg.Done()
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	return nil
}

// demoAccessCode gives the newest demo case a fresh access code, so the
// status page can be tried at once, and returns the line to print.
func demoAccessCode(ctx context.Context, c *serveConfig, b *backend) (string, error) {
	page, err := b.db.ListCases(ctx, cases.CaseFilter{Limit: 1, Sort: "-received_at", Scope: cases.Scope{All: true}})
	if err != nil || len(page.Rows) == 0 {
		return "", err
	}
	p, err := c.Portal.newPortal(b.service(c.serviceOptions()), b.db, slog.New(slog.DiscardHandler))
	if err != nil {
		return "", err
	}
	number := page.Rows[0].Number
	code, _, err := p.IssueAccessCode(ctx, cases.System(), number)
	if err != nil {
		return "", fmt.Errorf("demo access code: %w", err)
	}
	return fmt.Sprintf("  try the status page with case %s and access code %s\n", number, code), nil
}
