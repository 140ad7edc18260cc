package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"time"

	"linka/cases"
	"linka/cti/pbxsim"
)

const demoPassword = "linka-demo"

func runDemo(ctx context.Context, args []string, e env) error {
	var c serveConfig
	var sim simConfig
	s := newSettings("demo", "Runs everything in one process with the embedded database, sample data and a\n"+
		"simulated Panasonic PBX placing calls. On first start it creates departments, users of every role\n"+
		"and a few hundred contacts and cases.")
	s.fs.SetOutput(e.stderr)
	c.register(s)
	sim.register(s, "127.0.0.1:0")
	if err := s.Parse(args, e.getenv); err != nil {
		return err
	}
	if c.IVR.Listen == "" {
		c.IVR.Listen = demoSIPAddr() // the demo's voice gateway (ivr_demo.go)
	}
	// outbox: mail goes to DATA-DIR/mail.
	c.Mail.demoDefaults(c.Store.DataDir, c.Addr)
	if c.Intake.Folder == "" { // intake: the demo watches a folder of scanned letters
		c.Intake.Folder = filepath.Join(c.Store.DataDir, "sken")
	}
	if err := c.Validate(); err != nil {
		return err
	}
	log := newLogger(&c)
	// portal: the demo office's name. Codes asked for by e-mail go
	// through the outbox into DATA-DIR/mail (serve sets the mailer).
	if c.Portal.OfficeName == "" {
		c.Portal.OfficeName = "Městský úřad Linkov (demo)"
	}
	b, err := openBackend(ctx, &c.Store)
	if err != nil {
		return err
	}
	defer b.Close()
	start := time.Now()
	seeded, err := seedDemo(ctx, b, c.serviceOptions(), start)
	if err != nil {
		return fmt.Errorf("create demo data: %w", err)
	}
	if seeded {
		if err := seedDemoReportsOf(ctx, &c, b, log); err != nil { // area report
			return err
		}
		log.Info("demo data created", "dir", c.Store.DataDir, "took", time.Since(start).Round(time.Millisecond))
	}
	demoRecording(ctx, &c, &sim, log) // recording area
	if err := prepareDemoIVR(ctx, b, &c.IVR, log); err != nil {
		return fmt.Errorf("prepare the demo voice gateway: %w", err)
	}
	sample, err := demoAccessCode(ctx, &c, b) // portal
	if err != nil {
		return err
	}
	simAddr, smdrAddr, stopSim, err := startSimulator(ctx, &sim, b, log)
	if err != nil {
		return err
	}
	defer stopSim()
	if c.SMDR.Addr == "" && c.SMDR.Serial == "" {
		c.SMDR.Addr = smdrAddr
	}
	if c.PBX.Addr == "" {
		c.PBX.Addr = simAddr
		for g := range sim.groupNames() {
			c.PBX.groups = append(c.PBX.groups, g)
		}
	}
	return serve(ctx, &c, b, log, func(url string) {
		abs, _ := filepath.Abs(c.Store.DataDir)
		fmt.Fprintf(e.stdout, "\nLinka demo is running at %s\nData: %s (delete it to start afresh)\n\nDemo logins (password %q for all):\n",
			url, abs, demoPassword)
		for _, u := range demoUsers() {
			fmt.Fprintf(e.stdout, "  %-20s %-28s %s\n", u.login, u.name, u.about)
		}
		if c.Mail.Dir != "" { // outbox
			fmt.Fprintf(e.stdout, "\nOutgoing e-mail is written to %s, listed at %s/outbox (sign in as an admin or supervisor).\n", c.Mail.Dir, url)
		}
		fmt.Fprintf(e.stdout, "\nCitizen portal (web form, status page): %s/portal/\n%s", url, sample)
		scans, _ := filepath.Abs(c.Intake.Folder)
		fmt.Fprintf(e.stdout, "\nScanned letters: put PDF, TIFF, JPEG or PNG files into %s; each becomes a case.\n", scans)
		fmt.Fprintf(e.stdout, "\nSimulated PBX: CSTA link on %s, %.1f random calls a minute to group 600 (clerks 101–103)\n"+
			"and the officials' extensions; sign in as dispecerka (extension 101) to see them.\n\n", simAddr, sim.CallsPerMin)
		fmt.Fprintf(e.stdout, "Voice gateway: call sip:ivr@%s (e.g. baresip); its flow and prompts are at %s/ivr (sign in as ustredna).\n\n",
			c.IVR.Listen, url)
	})
}

// startSimulator runs the PBX simulator and its random calls for the demo;
// the callers are the demo contacts' phone numbers, so calls find them.
func startSimulator(ctx context.Context, sim *simConfig, b *backend, log *slog.Logger) (csta, smdr string, stop func(), err error) {
	opts, err := sim.options()
	if err != nil {
		return "", "", nil, err
	}
	pbx, err := pbxsim.New(opts)
	if err != nil {
		return "", "", nil, usagef("simulated PBX: %v", err)
	}
	ln, err := net.Listen("tcp", sim.Addr)
	if err != nil {
		return "", "", nil, usagef("-sim-addr (LINKA_SIM_ADDR): %v", err)
	}
	go func() { _ = pbx.Serve(ln) }()
	if sim.SMDRAddr != "" {
		sln, err := net.Listen("tcp", sim.SMDRAddr)
		if err != nil {
			pbx.Close()
			return "", "", nil, usagef("-sim-smdr-addr (LINKA_SIM_SMDR_ADDR): %v", err)
		}
		go func() { _ = pbx.ServeSMDR(sln) }()
		smdr = sln.Addr().String()
	}
	contacts, _, err := b.db.ListContacts(ctx, cases.ContactFilter{Limit: 200})
	if err != nil {
		pbx.Close()
		return "", "", nil, fmt.Errorf("load demo callers: %w", err)
	}
	var callers []string
	for _, ct := range contacts {
		if n := strings.TrimPrefix(ct.Phone, "+420"); len(n) == 9 {
			callers = append(callers, n)
		}
	}
	lctx, cancel := context.WithCancel(ctx)
	if sim.CallsPerMin > 0 {
		go func() {
			if err := pbx.RunLoad(lctx, sim.load(callers)); err != nil && lctx.Err() == nil {
				log.Error("simulated calls stopped", "err", err)
			}
		}()
	}
	return ln.Addr().String(), smdr, func() { cancel(); pbx.Close() }, nil
}

// seedDemo fills an empty database with demo data and reports whether it did.
func seedDemo(ctx context.Context, b *backend, opts cases.Options, now time.Time) (bool, error) {
	users, err := b.db.Users(ctx)
	if err != nil {
		return false, err
	}
	if len(users) > 0 {
		return false, nil
	}
	return true, newSeeder(b, opts, now).run(ctx)
}
