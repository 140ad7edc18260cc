package main

import (
	"context"
	"fmt"
)

func runMigrate(ctx context.Context, args []string, e env) error {
	var c storeConfig
	s := newSettings("migrate", "Brings the database schema up to date (serve and demo also do this at start).")
	s.fs.SetOutput(e.stderr)
	c.register(s)
	if err := s.Parse(args, e.getenv); err != nil {
		return err
	}
	if err := c.validate(); err != nil {
		return err
	}
	b, err := openBackend(ctx, &c)
	if err != nil {
		return err
	}
	defer b.Close()
	fmt.Fprintf(e.stdout, "database %s is up to date\n", describeDatabase(c.Database))
	return nil
}
