package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
)

// PortalSettings brand the citizen portal and fill its legal notices.
type PortalSettings struct {
	// OfficeName is the office's name in the header, the title and the
	// notices; "" means "Linka".
	OfficeName string
	// OfficeAddress is the office's postal address in the notices.
	OfficeAddress string
	// OfficeEmail is where citizens write about the portal (the
	// accessibility statement's contact); "" shows none.
	OfficeEmail string
	// DPOEmail is the data-protection officer's address in the GDPR
	// notice; "" means OfficeEmail.
	DPOEmail string
	// Retention says how long submissions are kept (GDPR notice); ""
	// means a reference to the office's filing and shredding plan.
	Retention string
	// Logo is an image (PNG, JPEG, SVG or WebP) shown in the header and
	// served at /portal/logo; nil shows the name only.
	Logo []byte
	// Colour is the colour of the header and buttons, "#rrggbb"; white
	// text on it must have a contrast of at least 4.5:1 (WCAG 2.1 AA);
	// "" means #1d4f91.
	Colour string
	// BaseURL is the portal's public address, e.g.
	// https://podnety.example.cz. Requests for its host name are served
	// the portal only, whatever their path; "" means no host of its own.
	BaseURL string
	// SubmitsPerHour limits web-form submissions per client address; 0
	// means 10.
	SubmitsPerHour int
	// StatementDate is the date of the accessibility statement; "" means
	// the date the server started.
	StatementDate string
}

// defaultColour is the portal's colour when none is set (contrast 8.6:1
// with white).
const defaultColour = "#1d4f91"

// CheckPortalColour reports whether c is a "#rrggbb" colour on which white
// text has the contrast WCAG 2.1 AA asks for normal text (4.5:1).
func CheckPortalColour(c string) error {
	ratio, err := contrast(c, "#ffffff")
	if err != nil {
		return err
	}
	if ratio < 4.5 {
		return fmt.Errorf("white text on %s has a contrast of %.2f:1; WCAG 2.1 AA needs 4.5:1 — choose a darker colour", c, ratio)
	}
	return nil
}

// contrast returns the WCAG contrast ratio of two "#rrggbb" colours.
func contrast(a, b string) (float64, error) {
	la, err := luminance(a)
	if err != nil {
		return 0, err
	}
	lb, err := luminance(b)
	if err != nil {
		return 0, err
	}
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05), nil
}

// luminance returns the WCAG relative luminance of a "#rrggbb" colour.
func luminance(c string) (float64, error) {
	if len(c) != 7 || c[0] != '#' {
		return 0, fmt.Errorf("%q is not a colour written #rrggbb", c)
	}
	v, err := strconv.ParseUint(c[1:], 16, 32)
	if err != nil {
		return 0, fmt.Errorf("%q is not a colour written #rrggbb", c)
	}
	lin := func(x uint64) float64 {
		s := float64(x) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(v>>16&255) + 0.7152*lin(v>>8&255) + 0.0722*lin(v&255), nil
}

// portalState is what the portal's handlers share.
type portalState struct {
	p        *cases.Portal
	set      PortalSettings
	host     string // BaseURL's host, lower case; "" for none
	logoType string
	brandCSS []byte
	perHour  int          // web-form submissions per client address and clock hour (cases.Portal.FormAllowed)
	handler  http.Handler // the portal alone (PortalHandler)

	refused     *prometheus.CounterVec // by reason
	submissions prometheus.Counter
	signIns     prometheus.Counter
}

// Reasons of refusals in linka_portal_refusals_total.
const (
	refusedRateLimit   = "rate_limited"
	refusedCSRF        = "csrf"
	refusedHoneypot    = "honeypot"
	refusedWrongAnswer = "wrong_answer"
	refusedTooLarge    = "too_large"
	refusedInvalid     = "invalid"
	refusedWrongCode   = "wrong_code"
	refusedThrottled   = "throttled"
)

// refuse counts a refusal.
func (st *portalState) refuse(reason string) { st.refused.WithLabelValues(reason).Inc() }

// register creates the portal's metrics and registers them with reg.
func (st *portalState) register(reg prometheus.Registerer) error {
	st.refused = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "linka_portal_refusals_total",
		Help: "Citizen portal requests refused, by reason (rate_limited, csrf, honeypot, wrong_answer, too_large, invalid, wrong_code, throttled).",
	}, []string{"reason"})
	st.submissions = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "linka_portal_submissions_total",
		Help: "Web-form submissions registered as cases (repeats of one form included).",
	})
	st.signIns = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "linka_portal_sign_ins_total",
		Help: "Citizens signed in to a case's status page.",
	})
	for _, r := range []string{refusedRateLimit, refusedCSRF, refusedHoneypot, refusedWrongAnswer, refusedTooLarge,
		refusedInvalid, refusedWrongCode, refusedThrottled} {
		st.refused.WithLabelValues(r)
	}
	var errs []error
	for _, c := range []prometheus.Collector{st.refused, st.submissions, st.signIns} {
		errs = append(errs, reg.Register(c))
	}
	return errors.Join(errs...)
}

// newPortalState checks the settings and prepares the brand. A nil portal
// gives an empty state: the portal is not served.
func newPortalState(p *cases.Portal, set PortalSettings, reg prometheus.Registerer) (*portalState, error) {
	st := &portalState{p: p, set: set}
	if p == nil {
		return st, nil
	}
	if err := st.register(reg); err != nil {
		return nil, fmt.Errorf("register metrics: %w", err)
	}
	if st.set.OfficeName == "" {
		st.set.OfficeName = "Linka"
	}
	if st.set.DPOEmail == "" {
		st.set.DPOEmail = st.set.OfficeEmail
	}
	if st.set.Colour == "" {
		st.set.Colour = defaultColour
	}
	st.set.Colour = strings.ToLower(st.set.Colour)
	if err := CheckPortalColour(st.set.Colour); err != nil {
		return nil, err
	}
	if st.set.StatementDate == "" {
		st.set.StatementDate = time.Now().Format("2006-01-02")
	}
	if st.set.BaseURL != "" {
		u, err := url.Parse(st.set.BaseURL)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return nil, fmt.Errorf("the portal's base URL %q is not an http(s) URL with a host", st.set.BaseURL)
		}
		st.host = strings.ToLower(u.Hostname())
		st.set.BaseURL = strings.TrimRight(st.set.BaseURL, "/")
	}
	if len(set.Logo) > 0 {
		st.logoType = http.DetectContentType(set.Logo)
		if strings.Contains(string(set.Logo[:min(len(set.Logo), 512)]), "<svg") {
			st.logoType = "image/svg+xml"
		}
		if !strings.HasPrefix(st.logoType, "image/") {
			return nil, fmt.Errorf("the portal's logo is %s, not an image", st.logoType)
		}
	}
	st.perHour = set.SubmitsPerHour
	if st.perHour <= 0 {
		st.perHour = 10
	}
	st.brandCSS = []byte(":root { --brand: " + st.set.Colour + "; }\n")
	return st, nil
}
