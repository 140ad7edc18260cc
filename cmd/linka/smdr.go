package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"linka/cti"
	"linka/cti/smdr"
)

// smdrConfig is the SMDR source: telnet/TCP to the PBX board or a serial
// port, and how its lines are laid out.
type smdrConfig struct {
	Addr      string
	User      string
	Password  string
	Serial    string
	Baud      int
	DataBits  int
	Parity    string
	StopBits  int
	LineEnd   string
	Layout    string
	DateOrder string

	parse smdr.Options
}

func (c *smdrConfig) register(s *settings) {
	s.String(&c.Addr, "smdr-addr", "", "SMDR over telnet: the PBX's host:port (port 2300 by default); empty: none")
	s.String(&c.User, "smdr-user", "SMDR", "SMDR telnet user")
	s.Secret(&c.Password, "smdr-password", "PCCSMDR", "SMDR telnet password")
	s.String(&c.Serial, "smdr-serial", "", "SMDR over RS-232: the serial device, e.g. /dev/ttyUSB0; empty: none")
	s.Int(&c.Baud, "smdr-baud", 9600, "serial speed")
	s.Int(&c.DataBits, "smdr-data-bits", 8, "serial data bits (7 or 8)")
	s.String(&c.Parity, "smdr-parity", "none", "serial parity: none, odd, even")
	s.Int(&c.StopBits, "smdr-stop-bits", 1, "serial stop bits (1 or 2)")
	s.String(&c.LineEnd, "smdr-line-end", "crlf", "serial line end as programmed in the PBX: cr or crlf")
	s.String(&c.Layout, "smdr-layout", "auto", "SMDR layout: auto (from the header line), A, B or C")
	s.String(&c.DateOrder, "smdr-date-order", "dmy", "SMDR date order as the PBX prints it: dmy or mdy")
}

func (c *smdrConfig) validate() error {
	layout, err := smdr.ParseLayout(c.Layout)
	if err != nil {
		return usagef("-smdr-layout (LINKA_SMDR_LAYOUT): %v", err)
	}
	c.parse = smdr.Options{Layout: layout}
	switch strings.ToLower(c.DateOrder) {
	case "dmy":
		c.parse.DateOrder = smdr.DMY
	case "mdy":
		c.parse.DateOrder = smdr.MDY
	default:
		return usagef("-smdr-date-order (LINKA_SMDR_DATE_ORDER): %q is not dmy or mdy", c.DateOrder)
	}
	if c.Addr != "" && c.Serial != "" {
		return usagef("-smdr-addr and -smdr-serial: choose one SMDR source")
	}
	if c.Serial != "" {
		if _, err := c.serial(); err != nil {
			return err
		}
	}
	return nil
}

func (c *smdrConfig) serial() (smdr.SerialOptions, error) {
	parity, err := smdr.ParseParity(c.Parity)
	if err != nil {
		return smdr.SerialOptions{}, usagef("-smdr-parity (LINKA_SMDR_PARITY): %v", err)
	}
	end, err := smdr.ParseLineEnd(c.LineEnd)
	if err != nil {
		return smdr.SerialOptions{}, usagef("-smdr-line-end (LINKA_SMDR_LINE_END): %v", err)
	}
	o := smdr.SerialOptions{Device: c.Serial, Baud: c.Baud, DataBits: c.DataBits, Parity: parity,
		StopBits: c.StopBits, LineEnd: end}
	if err := o.Validate(); err != nil {
		return o, usagef("-smdr-serial (LINKA_SMDR_SERIAL): %v", err)
	}
	return o, nil
}

// enabled reports whether an SMDR source is configured.
func (c *smdrConfig) enabled() bool { return c.Addr != "" || c.Serial != "" }

// newClient builds the SMDR client; its errors are logged when they change.
func (c *smdrConfig) newClient(log *slog.Logger) (*smdr.Client, error) {
	opts := smdr.ClientOptions{Address: c.Addr, User: c.User, Password: c.Password, Parse: c.parse}
	if c.Serial != "" {
		var err error
		if opts.Serial, err = c.serial(); err != nil {
			return nil, err
		}
	}
	last := ""
	opts.OnError = func(err error) {
		if msg := err.Error(); msg != last {
			log.Warn("SMDR source", "err", err)
			last = msg
		}
	}
	cl, err := smdr.NewClient(opts)
	if err != nil {
		return nil, usagef("SMDR: %v", err)
	}
	return cl, nil
}

// runSMDR feeds the SMDR lines into the call log until ctx ends; a line
// the database cannot take yet is retried, never dropped.
func runSMDR(ctx context.Context, cl *smdr.Client, calls *cti.CallLog, log *slog.Logger) {
	err := cl.Run(ctx, calls.SMDRSink(ctx))
	if err != nil && ctx.Err() == nil {
		log.Error("SMDR source stopped", "err", err)
	}
}

// runSMDRCommand dispatches `linka smdr …`.
func runSMDRCommand(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprint(e.stderr, "Usage: linka smdr import [settings] FILE|-\n\nImports Panasonic SMDR lines into the call log.\n")
		return usagef("the only action is import")
	}
	return smdrImport(ctx, args[1:], e)
}

// smdrImport reads SMDR lines from a file (or stdin for "-") into the call
// log: the same merging as live lines; lines matching no layout are kept
// raw and counted.
func smdrImport(ctx context.Context, args []string, e env) error {
	var c serveConfig
	s := newSettings("smdr import", "Imports Panasonic SMDR lines from FILE (or - for stdin) into the call log.")
	s.fs.SetOutput(e.stderr)
	c.Store.register(s)
	c.SMDR.register(s)
	if err := s.Parse(args, e.getenv); err != nil {
		return err
	}
	if err := c.Store.validate(); err != nil {
		return err
	}
	if err := c.SMDR.validate(); err != nil {
		return err
	}
	if s.fs.NArg() != 1 {
		return usagef("exactly one FILE (or -) is required")
	}
	in := e.stdin
	if name := s.fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return usagef("%v", err)
		}
		defer f.Close()
		in = f
	}
	b, err := openBackend(ctx, &c.Store)
	if err != nil {
		return err
	}
	defer b.Close()
	calls, err := cti.NewCallLog(cti.CallLogOptions{Store: b.db, Normalize: c.serviceOptions().Phone.Lookup})
	if err != nil {
		return err
	}
	parser, err := smdr.NewParser(c.SMDR.parse)
	if err != nil {
		return usagef("SMDR: %v", err)
	}
	start := time.Now()
	st, err := smdr.Import(in, parser, func(l smdr.Line) error { return calls.AddSMDR(ctx, l) })
	if err != nil {
		return fmt.Errorf("import SMDR: %w", err)
	}
	if err := calls.Flush(ctx); err != nil {
		return fmt.Errorf("import SMDR: %w", err)
	}
	fmt.Fprintf(e.stdout, "imported %d lines in %s: %d call records, %d status lines, %d lines matching no layout (kept raw)\n",
		st.Lines, time.Since(start).Round(time.Millisecond), st.Records, st.Statuses, st.Invalid)
	return nil
}
