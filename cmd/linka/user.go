package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"linka/cases"
)

const userUsage = `Usage: linka user <action> [settings] [LOGIN]

Actions:
  add            create a staff account (-login, -name, -roles, …; password from -password or stdin)
  list           list staff accounts
  disable LOGIN  disable an account and sign it out everywhere
  enable LOGIN   enable a disabled account
  set-password LOGIN  set a new password (from -password or stdin)
  token LOGIN    issue a bearer token for the JSON API (printed once)

Roles: clerk, official, supervisor, admin, pbx_admin, dpo.
`

func runUser(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.stderr, userUsage)
		if len(args) == 0 {
			return usagef("an action is required")
		}
		return nil
	}
	actions := map[string]func(context.Context, []string, env) error{
		"add": userAdd, "list": userList, "disable": userSetActive(false), "enable": userSetActive(true),
		"set-password": userSetPassword, "token": userToken,
	}
	act, ok := actions[args[0]]
	if !ok {
		return usagef("unknown action %q\n\n%s", args[0], userUsage)
	}
	return act(ctx, args[1:], e)
}

// userCommand parses the common settings of a user action and opens the
// service. It returns the remaining positional arguments.
func userCommand(ctx context.Context, name string, args []string, e env, extra func(*settings)) (*cases.Service, *backend, []string, error) {
	var c serveConfig
	s := newSettings("user "+name, "Manages staff accounts.")
	s.fs.SetOutput(e.stderr)
	c.Store.register(s)
	if extra != nil {
		extra(s)
	}
	if err := s.Parse(args, e.getenv); err != nil {
		return nil, nil, nil, err
	}
	if err := c.Store.validate(); err != nil {
		return nil, nil, nil, err
	}
	b, err := openBackend(ctx, &c.Store)
	if err != nil {
		return nil, nil, nil, err
	}
	return b.service(cases.Options{}), b, s.fs.Args(), nil
}

func userAdd(ctx context.Context, args []string, e env) error {
	var u cases.User
	var roles, dept, password string
	svc, b, _, err := userCommand(ctx, "add", args, e, func(s *settings) {
		s.fs.StringVar(&u.Login, "login", "", "login name")
		s.fs.StringVar(&u.Name, "name", "", "display name")
		s.fs.StringVar(&u.Email, "email", "", "e-mail address")
		s.fs.StringVar(&u.Extension, "extension", "", "PBX extension number")
		s.fs.StringVar(&roles, "roles", "clerk", "comma-separated roles")
		s.fs.StringVar(&dept, "department", "", "department code or name")
		s.fs.BoolVar(&u.AllDepartments, "all-departments", false, "an official sees every department's cases")
		s.Secret(&password, "password", "", "password (default: read a line from stdin)")
	})
	if err != nil {
		return err
	}
	defer b.Close()
	for _, r := range strings.Split(roles, ",") {
		u.Roles = append(u.Roles, cases.Role(strings.TrimSpace(r)))
	}
	if u.DepartmentID, err = departmentID(ctx, svc, dept); err != nil {
		return err
	}
	if password, err = passwordInput(password, e); err != nil {
		return err
	}
	u.Active = true
	if err := svc.CreateUser(ctx, cases.Console(), &u, password); err != nil {
		return consoleErr(err)
	}
	fmt.Fprintf(e.stdout, "created user %s (id %d)\n", u.Login, u.ID)
	return nil
}

func departmentID(ctx context.Context, svc *cases.Service, name string) (int64, error) {
	if name == "" {
		return 0, nil
	}
	deps, err := svc.Departments(ctx)
	if err != nil {
		return 0, err
	}
	for _, d := range deps {
		if strings.EqualFold(d.Code, name) || strings.EqualFold(d.Name, name) {
			return d.ID, nil
		}
	}
	return 0, usagef("-department: no department %q", name)
}

// passwordInput returns the given password or reads one line from stdin.
func passwordInput(given string, e env) (string, error) {
	if given != "" {
		return given, nil
	}
	fmt.Fprint(e.stderr, "password: ")
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", usagef("no password given (-password, LINKA_PASSWORD, LINKA_PASSWORD_FILE or stdin): %v", err)
	}
	return line, nil
}

// consoleErr turns validation errors into usage errors (exit status 2).
func consoleErr(err error) error {
	if cases.ErrorCode(err) == cases.EInvalid {
		return usagef("%s", strings.TrimPrefix(err.Error(), "cases: invalid: "))
	}
	return err
}

func userList(ctx context.Context, args []string, e env) error {
	svc, b, _, err := userCommand(ctx, "list", args, e, nil)
	if err != nil {
		return err
	}
	defer b.Close()
	users, err := svc.Users(ctx, cases.Console())
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tLOGIN\tNAME\tROLES\tEXTENSION\tACTIVE")
	for _, u := range users {
		var roles []string
		for _, r := range u.Roles {
			roles = append(roles, string(r))
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%v\n", u.ID, u.Login, u.Name, strings.Join(roles, ","), u.Extension, u.Active)
	}
	return w.Flush()
}

// loginArg returns the user named by the single LOGIN argument of an action.
func loginArg(ctx context.Context, svc *cases.Service, rest []string) (*cases.User, error) {
	if len(rest) != 1 {
		return nil, usagef("exactly one LOGIN is required")
	}
	u, err := svc.UserByLogin(ctx, rest[0])
	if err != nil {
		return nil, consoleErr(err)
	}
	return u, nil
}

func userSetActive(active bool) func(context.Context, []string, env) error {
	return func(ctx context.Context, args []string, e env) error {
		name := map[bool]string{true: "enable", false: "disable"}[active]
		svc, b, rest, err := userCommand(ctx, name, args, e, nil)
		if err != nil {
			return err
		}
		defer b.Close()
		u, err := loginArg(ctx, svc, rest)
		if err != nil {
			return err
		}
		u.Active = active
		if err := svc.UpdateUser(ctx, cases.Console(), u); err != nil {
			return consoleErr(err)
		}
		fmt.Fprintf(e.stdout, "user %s active=%v\n", u.Login, active)
		return nil
	}
}

func userSetPassword(ctx context.Context, args []string, e env) error {
	var password string
	svc, b, rest, err := userCommand(ctx, "set-password", args, e, func(s *settings) {
		s.Secret(&password, "password", "", "the new password (default: read a line from stdin)")
	})
	if err != nil {
		return err
	}
	defer b.Close()
	u, err := loginArg(ctx, svc, rest)
	if err != nil {
		return err
	}
	if password, err = passwordInput(password, e); err != nil {
		return err
	}
	if err := svc.SetPassword(ctx, cases.Console(), u.ID, password); err != nil {
		return consoleErr(err)
	}
	fmt.Fprintf(e.stdout, "password of %s changed; its sessions were signed out\n", u.Login)
	return nil
}

func userToken(ctx context.Context, args []string, e env) error {
	var name string
	var ttl durationValue
	svc, b, rest, err := userCommand(ctx, "token", args, e, func(s *settings) {
		s.fs.StringVar(&name, "name", "api", "what the token is for")
		s.fs.Var(&ttl, "ttl", "lifetime, e.g. 720h (default: no expiry)")
	})
	if err != nil {
		return err
	}
	defer b.Close()
	u, err := loginArg(ctx, svc, rest)
	if err != nil {
		return err
	}
	secret, t, err := svc.CreateToken(ctx, cases.Console(), u.ID, name, ttl.d)
	if err != nil {
		return consoleErr(err)
	}
	fmt.Fprintln(e.stdout, secret)
	if !t.ExpiresAt.IsZero() {
		fmt.Fprintf(e.stderr, "token %q for %s expires %s\n", name, u.Login, t.ExpiresAt.Format(time.RFC3339))
	}
	return nil
}
