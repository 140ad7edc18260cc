package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun_SMDRImport(t *testing.T) {
	dir := t.TempDir()
	lines := strings.Join([]string{
		"  Date     Time    Ext CO        Dial Number        Ring Duration  Acc code  CD",
		"--------------------------------------------------------------------------------",
		"01/02/26 10:03AM   101 01 <I>560987654              5'15 00:00'00            NA",
		"01/02/26 10:07AM   102 01 0602123456                     00:01'05 9876543210",
		"this line matches no layout",
		"01/02/26 01:07PM   101    LOG IN",
	}, "\r\n") + "\r\n"
	file := filepath.Join(dir, "smdr.txt")
	if err := os.WriteFile(file, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"LINKA_DATA_DIR": dir}
	code, out, stderr := runCmd(t, vars, "smdr", "import", file)
	if code != 0 {
		t.Fatalf("smdr import = %d: %s", code, stderr)
	}
	for _, want := range []string{"imported 6 lines", "2 call records", "1 status lines", "1 lines matching no layout"} {
		if !strings.Contains(out, want) {
			t.Errorf("smdr import output = %q, want %q", out, want)
		}
	}
	if code, _, stderr := runCmd(t, vars, "smdr", "import", filepath.Join(dir, "missing.txt")); code != 2 || !strings.Contains(stderr, "missing.txt") {
		t.Errorf("smdr import of a missing file = %d %q, want 2 naming the file", code, stderr)
	}
	if code, _, stderr := runCmd(t, vars, "smdr", "import", "-smdr-layout", "D", file); code != 2 || !strings.Contains(stderr, "LINKA_SMDR_LAYOUT") {
		t.Errorf("smdr import with a bad layout = %d %q, want 2 naming the setting", code, stderr)
	}
}
