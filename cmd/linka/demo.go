package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"linka/cases"
)

const demoPassword = "linka-demo"

func runDemo(ctx context.Context, args []string, e env) error {
	var c serveConfig
	s := newSettings("demo", "Runs everything in one process with the embedded database and sample data.\n"+
		"On first start it creates departments, users of every role and a few hundred contacts and cases.")
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
	start := time.Now()
	seeded, err := seedDemo(ctx, b, c.serviceOptions(), start)
	if err != nil {
		return fmt.Errorf("create demo data: %w", err)
	}
	if seeded {
		log.Info("demo data created", "dir", c.Store.DataDir, "took", time.Since(start).Round(time.Millisecond))
	}
	return serve(ctx, &c, b, log, func(url string) {
		abs, _ := filepath.Abs(c.Store.DataDir)
		fmt.Fprintf(e.stdout, "\nLinka demo is running at %s\nData: %s (delete it to start afresh)\n\nDemo logins (password %q for all):\n",
			url, abs, demoPassword)
		for _, u := range demoUsers() {
			fmt.Fprintf(e.stdout, "  %-20s %-28s %s\n", u.login, u.name, u.about)
		}
		fmt.Fprintln(e.stdout)
	})
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
