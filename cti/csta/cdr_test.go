package csta

import (
	"reflect"
	"testing"
	"time"
)

func TestCDRReport_RoundTrip(t *testing.T) {
	dur, reason := 1234, 0
	in := CDRReportArgument{CrossRef: []byte{7}, NumberOfRecords: 2, LastStoredCDRSent: true, Records: []CDRRecord{
		{RecordNumber: 1, CreationTime: "20240131142355", Parties: Parties{CallingDevice: DialingNumber("602123456"),
			CalledDevice: DialingNumber("101"), NetworkCalledDevice: DialingNumber("544503100")},
			RecordedCall: ConnectionID{Call: []byte{0, 0x2a}}, ConnectionStart: "20240131142001", ConnectionEnd: "20240131142350",
			Duration: &dur, ReasonForTerm: &reason, AccessCode: "9", AuthCode: "4", AccountInfo: "77"},
		{CreationTime: "20240131142400Z"},
	}}
	b, err := in.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeCDRReportArgument(b)
	if err != nil {
		t.Fatalf("DecodeCDRReportArgument error = %v", err)
	}
	for i := range got.Records {
		if got.Records[i].Raw == nil {
			t.Errorf("record %d: Raw is nil", i)
		}
		got.Records[i].Raw = nil
	}
	if !reflect.DeepEqual(got, in) {
		t.Errorf("DecodeCDRReportArgument(Marshal) = %+v, want %+v", got, in)
	}
}

func TestParseTimeInfo(t *testing.T) {
	prague, err := time.LoadLocation("Europe/Prague")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{"20240131142355Z", time.Date(2024, 1, 31, 14, 23, 55, 0, time.UTC), false},
		{"20240131142355", time.Date(2024, 1, 31, 14, 23, 55, 0, prague), false},
		{"202401311423", time.Date(2024, 1, 31, 14, 23, 0, 0, prague), false},
		{"20240131142355.5+0100", time.Date(2024, 1, 31, 13, 23, 55, 5e8, time.UTC), false},
		{"20240131142355-0230", time.Date(2024, 1, 31, 16, 53, 55, 0, time.UTC), false},
		{"2024013114", time.Time{}, true},
		{"20241331142355", time.Time{}, true},
		{"", time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTimeInfo(tt.in, prague)
			if (err != nil) != tt.wantErr || !got.Equal(tt.want) {
				t.Errorf("ParseTimeInfo(%q) = %v, %v, want %v (error %v)", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}
