package cases

import "testing"

func TestPhonePlan_Normalize(t *testing.T) {
	plan := PhonePlan{OutsidePrefix: "0"}
	tests := []struct {
		name, in, want string
		wantErr        bool
	}{
		{"national", "560987654", "+420560987654", false},
		{"national with spaces", "560 987 654", "+420560987654", false},
		{"plus form", "+420 744 654 321", "+420744654321", false},
		{"double zero", "00420744654321", "+420744654321", false},
		{"country code without plus", "420744654321", "+420744654321", false},
		{"outside prefix", "0560987654", "+420560987654", false},
		{"outside prefix before international", "000421905123456", "+421905123456", false},
		{"slovak", "+421 905 123 456", "+421905123456", false},
		{"dashes and parentheses", "(+420) 560-987-654", "+420560987654", false},
		{"withheld", "Anonymous", Anonymous, false},
		{"withheld czech", "skryté", Anonymous, false},
		{"extension", "101", "", true},
		{"letters", "56098765a", "", true},
		{"empty", "", "", true},
		{"plus in middle", "560+987654", "", true},
		{"too long international", "+1234567890123456", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := plan.Normalize(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Normalize(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if err != nil && ErrorCode(err) != EInvalid {
				t.Errorf("Normalize(%q) error code = %q, want %q", tt.in, ErrorCode(err), EInvalid)
			}
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPhonePlan_Lookup(t *testing.T) {
	var plan PhonePlan // no outside prefix
	for in, want := range map[string]string{
		"560987654": "+420560987654", "anonymous": "", "101": "", "0560987654": "",
	} {
		if got := plan.Lookup(in); got != want {
			t.Errorf("Lookup(%q) = %q, want %q", in, got, want)
		}
	}
}
