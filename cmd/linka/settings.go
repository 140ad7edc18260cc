package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
)

// usageError is a configuration or usage problem: the process exits with
// status 2 and the message names the setting.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// settings registers flags that also read LINKA_* environment variables.
// A flag given on the command line wins over the environment, which wins
// over the default. Secrets may also come from a file named by NAME_FILE.
type settings struct {
	fs      *flag.FlagSet
	envs    map[string]string // flag name -> environment variable
	secrets map[string]bool
}

func newSettings(name, synopsis string) *settings {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	s := &settings{fs: fs, envs: map[string]string{}, secrets: map[string]bool{}}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: linka %s\n\n%s\n\nSettings (flag, environment variable):\n", name, synopsis)
		fs.PrintDefaults()
	}
	return s
}

// envName returns the environment variable of a flag: LINKA_ + upper snake.
func envName(flagName string) string {
	return "LINKA_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (s *settings) doc(name, usage string, secret bool) string {
	env := envName(name)
	s.envs[name] = env
	if secret {
		s.secrets[name] = true
		return fmt.Sprintf("%s (env %s or %s_FILE)", usage, env, env)
	}
	return fmt.Sprintf("%s (env %s)", usage, env)
}

func (s *settings) String(p *string, name, def, usage string) {
	s.fs.StringVar(p, name, def, s.doc(name, usage, false))
}

// Secret is a string setting that may also be read from NAME_FILE.
func (s *settings) Secret(p *string, name, def, usage string) {
	s.fs.StringVar(p, name, def, s.doc(name, usage, true))
}

func (s *settings) Bool(p *bool, name string, def bool, usage string) {
	s.fs.BoolVar(p, name, def, s.doc(name, usage, false))
}

func (s *settings) Int(p *int, name string, def int, usage string) {
	s.fs.IntVar(p, name, def, s.doc(name, usage, false))
}

func (s *settings) Int64(p *int64, name string, def int64, usage string) {
	s.fs.Int64Var(p, name, def, s.doc(name, usage, false))
}

func (s *settings) Duration(p *durationValue, name string, usage string) {
	s.fs.Var(p, name, s.doc(name, usage, false))
}

// Parse parses args, then fills every flag not given on the command line
// from its environment variable (or, for secrets, the file it names).
func (s *settings) Parse(args []string, getenv func(string) string) error {
	if err := s.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{msg: err.Error()}
	}
	given := map[string]bool{}
	s.fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var firstErr error
	s.fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || firstErr != nil {
			return
		}
		env := s.envs[f.Name]
		v, ok := getenv(env), getenv(env) != ""
		if s.secrets[f.Name] && !ok {
			if file := getenv(env + "_FILE"); file != "" {
				b, err := os.ReadFile(file)
				if err != nil {
					firstErr = usagef("%s_FILE: %v", env, err)
					return
				}
				v, ok = strings.TrimRight(string(b), "\r\n"), true
			}
		}
		if !ok {
			return
		}
		if err := f.Value.Set(v); err != nil {
			firstErr = usagef("%s=%q: %v", env, v, err)
		}
	})
	return firstErr
}
