package main

import (
	"slices"
	"strings"
	"testing"
)

func TestExpandNumbers(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"", nil, false},
		{"101", []string{"101"}, false},
		{"101-103, 120", []string{"101", "102", "103", "120"}, false},
		{"0101", []string{"0101"}, false},
		{"103-101", nil, true},
		{"10a", nil, true},
		{"1-999999", nil, true},
	}
	for _, tt := range tests {
		got, err := expandNumbers(tt.in)
		if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) {
			t.Errorf("expandNumbers(%q) = %q, %v, want %q (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestRun_PBXSettings(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name    string
		args    []string
		setting string
	}{
		{"bad extensions", []string{"serve", "-data-dir", dir, "-pbx-extensions", "1x1"}, "LINKA_PBX_EXTENSIONS"},
		{"bad groups", []string{"serve", "-data-dir", dir, "-pbx-groups", "6-"}, "LINKA_PBX_GROUPS"},
		{"bad office hours", []string{"serve", "-data-dir", dir, "-office-hours", "always"}, "LINKA_OFFICE_HOURS"},
		{"bad automated extensions", []string{"serve", "-data-dir", dir, "-automated-extensions", "ivr"}, "LINKA_AUTOMATED_EXTENSIONS"},
		{"short heartbeat", []string{"serve", "-data-dir", dir, "-pbx-heartbeat-timeout", "1s"}, "LINKA_PBX_HEARTBEAT_TIMEOUT"},
		{"bad sim groups", []string{"pbxsim", "-sim-groups", "600"}, "LINKA_SIM_GROUPS"},
		{"bad sim answer share", []string{"pbxsim", "-sim-answer-percent", "120"}, "LINKA_SIM_ANSWER_PERCENT"},
		{"sim group of unknown extension", []string{"pbxsim", "-sim-extensions", "101", "-sim-groups", "600=109"}, "simulated PBX"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, nil, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.setting) {
				t.Errorf("run(%q) = %d %q, want 2 naming %s", tt.args, code, stderr, tt.setting)
			}
		})
	}
}
