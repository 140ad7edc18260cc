package recorder

import (
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"
)

var sipSeeds = []string{
	"INVITE sip:544503600@10.0.0.5 SIP/2.0\r\nFrom: <sip:+420602123456@192.0.2.10>;tag=a1\r\nTo: <sip:544503600@10.0.0.5>\r\n" +
		"Call-ID: abc@sbc\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: 120\r\n\r\n" +
		"v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 40000 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=sendonly\r\n",
	"SIP/2.0 200 OK\ni: x\nf: \"A\" <tel:+420602123456>;tag=1\nt: <sip:u:pw@h;user=phone>;tag=2\nCSeq: 7 INVITE\nc: application/sdp\nl: 3\n\nv=0xyz",
	"BYE sip:x@h SIP/2.0\r\nCall-ID: z\r\nCSeq: 3 BYE\r\n\r\n",
	"SIP/2.0 99 Bad\r\n\r\n",
	"CANCEL sip:x SIP/1.0\r\n",
}

func FuzzParseSIP(f *testing.F) {
	for _, s := range sipSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseSIP(b)
		if err != nil {
			return
		}
		if m.CallID == "" || (m.Method == "") == (m.Status == 0) {
			t.Fatalf("accepted %q as %+v", b, m)
		}
		if len(m.Body) > len(b) {
			t.Fatalf("body longer than the message")
		}
		if s, ok := ParseSDP(m.Body); ok && s.Port != 0 && len(s.Formats) > 0 {
			_, _ = s.PreferredCodec()
		}
	})
}

func FuzzParseSDP(f *testing.F) {
	f.Add([]byte("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0 8 18\r\na=rtpmap:18 G729/8000\r\na=inactive\r\nm=video 5000 RTP/AVP 96\r\nc=IN IP6 ::1\r\n"))
	f.Add([]byte("v=0\nm=audio 4000/2 RTP/SAVP 8\na=crypto:1 x\nc=IN IP4 0.0.0.0\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, ok := ParseSDP(b)
		if !ok {
			return
		}
		for _, pt := range s.Formats {
			if pt > 127 {
				t.Fatalf("payload type %d", pt)
			}
			_ = s.Codec(pt)
		}
		_ = s.Hold()
	})
}

func FuzzParseHEP(f *testing.F) {
	f.Add(encodeHEPForTest(Packet{At: time.Unix(1700000000, 5000), Src: netip.MustParseAddrPort("192.0.2.1:5060"),
		Dst: netip.MustParseAddrPort("[2001:db8::1]:5060"), Payload: []byte("INVITE")}))
	f.Add([]byte("HEP3\x00\x06"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseHEP(b)
		if err == nil && (!p.Src.IsValid() || !p.Dst.IsValid()) {
			t.Fatalf("accepted %x without addresses", b)
		}
	})
}

// FuzzEngine feeds arbitrary datagrams through the engine: it must never
// panic, whatever SIP, SDP and RTP it is shown.
func FuzzEngine(f *testing.F) {
	for _, s := range sipSeeds {
		f.Add([]byte(s), uint16(5060))
	}
	if b, err := os.ReadFile("testdata/g711a.pcap"); err == nil && len(b) > 100 {
		f.Add(b[40+16+42:40+16+42+252], uint16(2006))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, payload []byte, port uint16) {
		e, err := NewEngine(Options{Dir: dir, RTPPorts: []PortRange{{2000, 2010}}})
		if err != nil {
			t.Fatal(err)
		}
		src := netip.MustParseAddrPort("192.0.2.10:40000")
		dst := netip.AddrPortFrom(netip.MustParseAddr("10.0.0.5"), port)
		for i := range 3 {
			e.Handle(Packet{At: time.Unix(1700000000, int64(i)*20e6), Src: src, Dst: dst, Payload: payload})
		}
		e.Close()
	})
}

// encodeHEPForTest builds a HEP3 packet the way the simulator does.
func encodeHEPForTest(p Packet) []byte {
	chunk := func(typ uint16, v []byte) []byte {
		n := 6 + len(v)
		return append([]byte{0, 0, byte(typ >> 8), byte(typ), byte(n >> 8), byte(n)}, v...)
	}
	var body []byte
	if p.Src.Addr().Is4() && p.Dst.Addr().Is4() {
		a, b := p.Src.Addr().As4(), p.Dst.Addr().As4()
		body = append(body, chunk(hepFamily, []byte{2})...)
		body = append(body, chunk(hepSrcIPv4, a[:])...)
		body = append(body, chunk(hepDstIPv4, b[:])...)
	} else {
		a, b := p.Src.Addr().As16(), p.Dst.Addr().As16()
		body = append(body, chunk(hepFamily, []byte{10})...)
		body = append(body, chunk(hepSrcIPv6, a[:])...)
		body = append(body, chunk(hepDstIPv6, b[:])...)
	}
	sp, dp := p.Src.Port(), p.Dst.Port()
	body = append(body, chunk(hepSrcPort, []byte{byte(sp >> 8), byte(sp)})...)
	body = append(body, chunk(hepDstPort, []byte{byte(dp >> 8), byte(dp)})...)
	body = append(body, chunk(hepPayload, p.Payload)...)
	n := 6 + len(body)
	return append([]byte{'H', 'E', 'P', '3', byte(n >> 8), byte(n)}, body...)
}

func TestParseSIP_Table(t *testing.T) {
	bad := map[string]string{
		"not sip":         "HTTP/1.1 200 OK\r\n\r\n",
		"no call-id":      "BYE sip:x@h SIP/2.0\r\nCSeq: 3 BYE\r\n\r\n",
		"bad status":      "SIP/2.0 99 Bad\r\nCall-ID: x\r\n\r\n",
		"bad version":     "INVITE sip:x SIP/1.0\r\nCall-ID: x\r\n\r\n",
		"too large":       "INVITE sip:x SIP/2.0\r\nCall-ID: x\r\n\r\n" + strings.Repeat("x", MaxSIPMessage),
		"no request-uri":  "INVITE SIP/2.0\r\nCall-ID: x\r\n\r\n",
		"empty":           "",
		"method no space": "INVITEsip:x SIP/2.0\r\nCall-ID: x\r\n\r\n",
	}
	for name, in := range bad {
		if m, err := ParseSIP([]byte(in)); err == nil {
			t.Errorf("%s: ParseSIP = %+v, want an error", name, m)
		}
	}
	m, err := ParseSIP([]byte(sipSeeds[1]))
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != 200 || m.CallID != "x" || m.FromUser != "+420602123456" || m.ToUser != "u" || m.FromTag != "1" ||
		m.ToTag != "2" || m.CSeqMethod != "INVITE" || string(m.Body) != "v=0" {
		t.Errorf("ParseSIP(compact) = %+v", m)
	}
}

func TestParseSDP_Hold(t *testing.T) {
	s, ok := ParseSDP([]byte("v=0\r\nc=IN IP4 0.0.0.0\r\nm=audio 4000 RTP/AVP 8\r\n"))
	if !ok || !s.Hold() || s.Port != 4000 {
		t.Errorf("ParseSDP(0.0.0.0) = %+v, want hold", s)
	}
	s, _ = ParseSDP([]byte("v=0\r\nc=IN IP4 1.2.3.4\r\na=inactive\r\nm=audio 4000 RTP/AVP 8\r\n"))
	if !s.Hold() {
		t.Errorf("session-level inactive: not hold")
	}
	s, _ = ParseSDP([]byte("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 101 8\r\na=rtpmap:101 telephone-event/8000\r\n"))
	if pt, c := s.PreferredCodec(); pt != 8 || c != CodecPCMA {
		t.Errorf("PreferredCodec = %d %v, want 8 PCMA", pt, c)
	}
}
