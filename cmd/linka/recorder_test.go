package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestRecorderImport(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCmd(t, nil, "recorder", "import", "-out", dir, "../../recorder/testdata/g711a.pcap")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "PCMA\t7.08s\tleft 236 pkts 0 lost") || !strings.Contains(errOut, "1 recordings, 0 unrecordable") {
		t.Errorf("output = %q / %q", out, errOut)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.wav")); len(files) != 1 {
		t.Errorf("files = %v, want one WAV", files)
	}
	if code, _, errOut := runCmd(t, nil, "recorder", "import", "-out", dir, "missing.pcap"); code != 1 || !strings.Contains(errOut, "missing.pcap") {
		t.Errorf("missing file: exit %d %q, want 1 naming the file", code, errOut)
	}
	if code, _, _ := runCmd(t, nil, "recorder", "export"); code != 2 {
		t.Errorf("unknown subcommand: exit %d, want 2", code)
	}
}

func TestRecorderSettings(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-rec-ports", "5060,20000-10000"}, "-rec-ports"},
		{[]string{"-rec-pbx-hosts", "pbx.local"}, "-rec-pbx-hosts"},
		{[]string{"-rec-retention", "10m"}, "-rec-retention"},
	} {
		code, _, errOut := runCmd(t, nil, append([]string{"serve", "-data-dir", t.TempDir()}, tt.args...)...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("serve %v: exit %d %q, want 2 naming %s", tt.args, code, errOut, tt.want)
		}
	}
}
