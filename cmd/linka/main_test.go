package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runCmd runs a command line with the given environment and returns the
// exit status and output.
func runCmd(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, env{stdout: &out, stderr: &errOut, stdin: strings.NewReader(""),
		getenv: func(k string) string { return vars[k] }})
	return code, out.String(), errOut.String()
}

func TestRun_InvalidConfiguration(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		vars    map[string]string
		args    []string
		setting string
	}{
		{"bad flag", nil, []string{"serve", "-no-such-flag"}, "no-such-flag"},
		{"bad address", nil, []string{"serve", "-addr", "nonsense", "-data-dir", dir}, "LINKA_ADDR"},
		{"bad env duration", map[string]string{"LINKA_SESSION_IDLE": "soon"}, []string{"serve", "-data-dir", dir}, "LINKA_SESSION_IDLE"},
		{"bad log level", map[string]string{"LINKA_LOG_LEVEL": "loud"}, []string{"serve", "-data-dir", dir}, "LINKA_LOG_LEVEL"},
		{"bad secure cookies", nil, []string{"demo", "-secure-cookies", "maybe", "-data-dir", dir}, "LINKA_SECURE_COOKIES"},
		{"first number", nil, []string{"serve", "-first-number", "0", "-data-dir", dir}, "LINKA_FIRST_NUMBER"},
		{"missing secret file", map[string]string{"LINKA_DATABASE_FILE": dir + "/none"}, []string{"serve", "-data-dir", dir}, "LINKA_DATABASE_FILE"},
		{"missing config file", nil, []string{"serve", "-config", dir + "/none.json", "-data-dir", dir}, "LINKA_CONFIG"},
		{"unknown command", nil, []string{"frobnicate"}, "frobnicate"},
		{"user without action", nil, []string{"user"}, "action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, tt.vars, tt.args...)
			if code != 2 {
				t.Errorf("run(%q) = %d, want 2 (stderr %q)", tt.args, code, stderr)
			}
			if !strings.Contains(stderr, tt.setting) {
				t.Errorf("run(%q) stderr = %q, want it to name %s", tt.args, stderr, tt.setting)
			}
		})
	}
}

func TestRun_Help(t *testing.T) {
	code, _, stderr := runCmd(t, nil, "serve", "-h")
	if code != 0 {
		t.Fatalf("serve -h = %d, want 0", code)
	}
	for _, want := range []string{"-addr", "LINKA_ADDR", "LINKA_DATABASE_FILE", "-data-dir", "LINKA_SESSION_IDLE"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("serve -h does not document %s:\n%s", want, stderr)
		}
	}
	if code, out, _ := runCmd(t, nil, "version"); code != 0 || !strings.HasPrefix(out, "linka ") {
		t.Errorf("version = %d %q, want 0 and the version", code, out)
	}
}

func TestRun_UnreachableDatabase(t *testing.T) {
	code, _, stderr := runCmd(t, nil, "migrate", "-data-dir", t.TempDir(),
		"-database", "postgres://linka:secret@127.0.0.1:1/linka?sslmode=disable&connect_timeout=2")
	if code != 1 {
		t.Errorf("migrate with an unreachable database = %d, want 1", code)
	}
	if !strings.Contains(stderr, "open database") || strings.Contains(stderr, "secret") {
		t.Errorf("stderr = %q, want a clear message without the password", stderr)
	}
}

func TestRun_UserCommands(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"LINKA_DATA_DIR": dir}
	code, out, stderr := runCmd(t, vars, "user", "add", "-login", "novak", "-name", "Jan Novák",
		"-roles", "clerk,supervisor", "-extension", "101", "-password", "dlouhe-heslo-1")
	if code != 0 {
		t.Fatalf("user add = %d, stderr %q", code, stderr)
	}
	if !strings.Contains(out, "created user novak") {
		t.Errorf("user add output = %q", out)
	}
	if code, _, stderr := runCmd(t, vars, "user", "add", "-login", "novak", "-name", "Dup", "-password", "dlouhe-heslo-1"); code != 2 || !strings.Contains(stderr, "login") {
		t.Errorf("duplicate user add = %d %q, want 2 naming the login", code, stderr)
	}
	if code, _, stderr := runCmd(t, vars, "user", "add", "-login", "x", "-name", "X", "-roles", "king", "-password", "dlouhe-heslo-1"); code != 2 || !strings.Contains(stderr, "roles") {
		t.Errorf("user add with a bad role = %d %q, want 2 naming roles", code, stderr)
	}
	if code, out, _ := runCmd(t, vars, "user", "list"); code != 0 || !strings.Contains(out, "Jan Novák") || !strings.Contains(out, "clerk,supervisor") {
		t.Errorf("user list = %d %q", code, out)
	}
	code, token, stderr := runCmd(t, vars, "user", "token", "-name", "crm", "novak")
	if code != 0 || !strings.HasPrefix(token, "lk_") {
		t.Errorf("user token = %d %q %q, want a token", code, token, stderr)
	}
	if code, _, _ := runCmd(t, vars, "user", "disable", "novak"); code != 0 {
		t.Errorf("user disable = %d", code)
	}
	if code, _, stderr := runCmd(t, vars, "user", "disable", "nobody"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Errorf("user disable nobody = %d %q, want 1 and not found", code, stderr)
	}
	if code, _, _ := runCmd(t, vars, "user", "set-password", "-password", "short", "novak"); code != 2 {
		t.Errorf("set-password with a short password = %d, want 2", code)
	}
}
