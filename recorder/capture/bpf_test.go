package capture

import (
	"net"
	"net/netip"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"golang.org/x/net/bpf"

	"linka/recorder"
)

func frame(t *testing.T, v6 bool, sport, dport uint16, frag bool) []byte {
	t.Helper()
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}}
	u := &layers.UDP{SrcPort: layers.UDPPort(sport), DstPort: layers.UDPPort(dport)}
	var ip gopacket.SerializableLayer
	if v6 {
		eth.EthernetType = layers.EthernetTypeIPv6
		l := &layers.IPv6{Version: 6, NextHeader: layers.IPProtocolUDP, HopLimit: 64,
			SrcIP: netip.MustParseAddr("2001:db8::1").AsSlice(), DstIP: netip.MustParseAddr("2001:db8::2").AsSlice()}
		_ = u.SetNetworkLayerForChecksum(l)
		ip = l
	} else {
		eth.EthernetType = layers.EthernetTypeIPv4
		l := &layers.IPv4{Version: 4, IHL: 6, TTL: 64, Protocol: layers.IPProtocolUDP, Options: []layers.IPv4Option{{OptionType: 1}, {OptionType: 1}, {OptionType: 1}, {OptionType: 0}},
			SrcIP: net.IP{10, 0, 0, 1}, DstIP: net.IP{10, 0, 0, 2}}
		if frag {
			l.Flags = layers.IPv4MoreFragments
		}
		_ = u.SetNetworkLayerForChecksum(l)
		ip = l
	}
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true}, eth, ip, u, gopacket.Payload("x")); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestUDPFilter(t *testing.T) {
	prog, err := udpFilter([]recorder.PortRange{{Lo: 5060, Hi: 5060}, {Lo: 10000, Hi: 20000}})
	if err != nil {
		t.Fatal(err)
	}
	vm, err := bpf.NewVM(disassemble(t, prog))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		frame  []byte
		accept bool
	}{
		{"v4 sip", frame(t, false, 5060, 5060, false), true},
		{"v4 rtp dst", frame(t, false, 40000, 15000, false), true},
		{"v4 rtp src", frame(t, false, 19999, 50000, false), true},
		{"v4 other", frame(t, false, 53, 40000, false), false},
		{"v4 fragment", frame(t, false, 5060, 5060, true), false},
		{"v6 rtp", frame(t, true, 40000, 10000, false), true},
		{"v6 other", frame(t, true, 40000, 9999, false), false},
		{"arp", append(make([]byte, 12), 0x08, 0x06, 0, 0, 0, 0), false},
	} {
		n, err := vm.Run(tt.frame)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if (n > 0) != tt.accept {
			t.Errorf("%s: accepted %d, want %v", tt.name, n, tt.accept)
		}
	}
}

func disassemble(t *testing.T, raw []bpf.RawInstruction) []bpf.Instruction {
	prog, ok := bpf.Disassemble(raw)
	if !ok {
		t.Fatal("cannot disassemble")
	}
	return prog
}
