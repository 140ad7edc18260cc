package pbxsim

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"linka/cti/csta"
)

// deviceList requests the KME device list of category and collects its
// segments.
func (c *client) deviceList(category int) (csta.KMEDeviceListAck, []csta.KMEDeviceListReply) {
	c.t.Helper()
	ack, err := c.conn.RequestKMEDeviceList(context.Background(), category)
	if err != nil {
		c.t.Fatalf("RequestKMEDeviceList(%d): %v", category, err)
	}
	var segs []csta.KMEDeviceListReply
	for {
		select {
		case inv := <-c.invokes:
			if inv.Operation != csta.OpEscape {
				continue
			}
			ea, err := csta.DecodeEscapeArgument(inv.Argument)
			if err != nil {
				c.t.Fatalf("escape argument: %v", err)
			}
			seg, err := csta.DecodeKMEDeviceListReply(ea)
			if err != nil {
				c.t.Fatalf("device list segment: %v", err)
			}
			segs = append(segs, seg)
			if seg.Last {
				return ack, segs
			}
		case <-time.After(wait):
			c.t.Fatalf("device list %d: the last segment never came", category)
		}
	}
}

func TestDevices_KMEDeviceList(t *testing.T) {
	tests := []struct {
		category int
		segments string // devices per segment
		numbers  string
	}{
		{csta.KMECategoryExtension, "[8 2]", "101 102 103 104 105 106 107 108 109 110"},
		{csta.KMECategoryTrunk, "[8]", "T01 T02 T03 T04 T05 T06 T07 T08"},
	}
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			p := newPBX(t, Options{})
			c := connect(t, p, tr.open)
			for _, tt := range tests {
				ack, segs := c.deviceList(tt.category)
				var sizes []int
				var numbers []string
				for i, s := range segs {
					sizes = append(sizes, len(s.Devices))
					if string(s.CrossRef) != string(ack.CrossRef) || s.Segment != i+1 {
						t.Errorf("category %d segment %d: cross ref %x, segment id %d, want %x, %d", tt.category, i, s.CrossRef, s.Segment, ack.CrossRef, i+1)
					}
					for _, d := range s.Devices {
						numbers = append(numbers, d.Number)
						if d.Device.Kind != csta.DeviceNumbered || p.dir.byDevNum[d.Device.Number].number != d.Number {
							t.Errorf("category %d: entry %v → %s does not match the PBX", tt.category, d.Device, d.Number)
						}
					}
				}
				if fmt.Sprint(sizes) != tt.segments || strings.Join(numbers, " ") != tt.numbers {
					t.Errorf("device list %d = %v %v, want %s %s", tt.category, sizes, numbers, tt.segments, tt.numbers)
				}
			}
		})
	}
}

func TestDevices_Naming(t *testing.T) {
	tests := []struct {
		naming Naming
		want   string // how 101, 102 and T01 are named
	}{
		{NamingMixed, "101 #100002 #200001"},
		{NamingDialingNumbers, "101 102 T01"},
		{NamingDeviceNumbers, "#100001 #100002 #200001"},
	}
	for _, tt := range tests {
		p := newPBX(t, Options{Naming: tt.naming})
		got := fmt.Sprintf("%v %v %v", p.dir.byNumber["101"].id(), p.dir.byNumber["102"].id(), p.dir.byNumber["T01"].id())
		if got != tt.want {
			t.Errorf("naming %d: devices = %s, want %s", tt.naming, got, tt.want)
		}
	}
	p := newPBX(t, Options{DeviceNumbers: map[string]int64{"101": 7}, Naming: NamingDeviceNumbers})
	if got := p.dir.byNumber["101"].id(); got != csta.DeviceNumber(7) {
		t.Errorf("101 with device number override = %v, want #7", got)
	}
}

func TestOptions_Validate(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string // part of the error, "" for none
	}{
		{"zero value", Options{}, ""},
		{"custom office", Options{Extensions: []string{"2001", "2002"}, Groups: map[string][]string{"2600": {"2001"}}, Trunks: 2}, ""},
		{"extension not a number", Options{Extensions: []string{"10a"}}, "not a number"},
		{"duplicate number", Options{Extensions: []string{"101", "101"}}, "used twice"},
		{"group member unknown", Options{Groups: map[string][]string{"600": {"999"}}}, "member 999"},
		{"group clashes with extension", Options{Groups: map[string][]string{"101": nil}}, "used twice"},
		{"DDI to a trunk", Options{DDI: map[string]string{"544503000": "T01"}}, "neither an extension nor a group"},
		{"device numbers clash", Options{DeviceNumbers: map[string]int64{"101": 100002}}, "device number 100002"},
		{"negative trunks", Options{Trunks: -1}, "negative"},
		{"call ids too large", Options{MaxCallID: 70000}, "max call id"},
		{"unknown naming", Options{Naming: 9}, "naming"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.want)
			}
			if _, nerr := New(tt.opts); (nerr == nil) != (err == nil) {
				t.Errorf("New() error = %v, want the Validate error %v", nerr, err)
			}
		})
	}
}
