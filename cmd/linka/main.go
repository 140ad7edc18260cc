// Command linka is the Linka contact-centre server and its admin tools.
//
// Every subcommand documents its settings with -h; each setting is a flag
// and a LINKA_* environment variable.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Europe/Prague must exist on every machine
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `Linka — telephony-first contact centre for public offices.

Usage: linka <command> [settings]

Commands:
  serve     run the server (production)
  demo      run everything in one process with sample data and a simulated PBX
  pbxsim    run the Panasonic-like PBX simulator alone (CSTA on port 33333)
  migrate   bring the database schema up to date
  user      manage staff accounts: add, list, disable, set-password, token
  smdr      import Panasonic SMDR lines from a file into the call log
  recorder  import FILE.pcap: write the calls in a capture as stereo WAV files
  version   print the version

Run "linka <command> -h" for the settings of a command.
`

// command is one subcommand.
type command func(ctx context.Context, args []string, env env) error

// env is what a command may touch of the process: its output streams and
// its environment, so commands are testable.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	getenv         func(string) string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

// run executes a command line and returns the exit status: 0 success,
// 1 failure, 2 invalid usage or configuration.
func run(ctx context.Context, args []string, e env) int {
	commands := map[string]command{
		"serve": runServe, "demo": runDemo, "pbxsim": runPbxsim, "smdr": runSMDRCommand, "recorder": runRecorderCommand, "migrate": runMigrate, "user": runUser, "version": runVersion,
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(e.stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "linka: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	err := cmd(ctx, args[1:], e)
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "linka %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(e.stderr, "linka %s: %v\n", args[0], err)
		return 1
	}
}

func runVersion(_ context.Context, args []string, e env) error {
	s := newSettings("version", "Prints the version of this build.")
	s.fs.SetOutput(e.stderr)
	if err := s.Parse(args, e.getenv); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "linka %s\n", version)
	return nil
}
