package recorder_test

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/pion/rtp"
)

// capWriter builds a synthetic capture file: Ethernet, IPv4, UDP.
type capWriter struct {
	t    testing.TB
	f    *os.File
	w    *pcapgo.Writer
	path string
}

func newCap(t testing.TB) *capWriter {
	t.Helper()
	path := filepath.Join(t.TempDir(), "synthetic.pcap")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := pcapgo.NewWriter(f)
	if err := w.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		t.Fatal(err)
	}
	return &capWriter{t: t, f: f, w: w, path: path}
}

// udp writes one datagram captured at at.
func (c *capWriter) udp(at time.Time, src, dst string, payload []byte) {
	c.t.Helper()
	s, d := netip.MustParseAddrPort(src), netip.MustParseAddrPort(dst)
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2},
		EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolUDP,
		SrcIP: s.Addr().AsSlice(), DstIP: d.Addr().AsSlice()}
	u := &layers.UDP{SrcPort: layers.UDPPort(s.Port()), DstPort: layers.UDPPort(d.Port())}
	_ = u.SetNetworkLayerForChecksum(ip)
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	if err := gopacket.SerializeLayers(buf, opts, eth, ip, u, gopacket.Payload(payload)); err != nil {
		c.t.Fatal(err)
	}
	b := buf.Bytes()
	ci := gopacket.CaptureInfo{Timestamp: at, CaptureLength: len(b), Length: len(b)}
	if err := c.w.WritePacket(ci, b); err != nil {
		c.t.Fatal(err)
	}
}

// close finishes the file and returns its path.
func (c *capWriter) close() string {
	c.t.Helper()
	if err := c.f.Close(); err != nil {
		c.t.Fatal(err)
	}
	return c.path
}

// rtpPacket marshals an RTP packet.
func rtpPacket(t testing.TB, pt uint8, seq uint16, ts, ssrc uint32, payload []byte) []byte {
	t.Helper()
	p := rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: pt, SequenceNumber: seq, Timestamp: ts, SSRC: ssrc},
		Payload: payload}
	b, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// filled returns n bytes of value v.
func filled(n int, v byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = v
	}
	return b
}

// sipMessage builds a SIP message with an optional SDP body.
func sipMessage(start, callID, from, to, cseq, sdp string) []byte {
	ct := ""
	if sdp != "" {
		ct = "Content-Type: application/sdp\r\n"
	}
	return []byte(fmt.Sprintf("%s\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1\r\nFrom: %s\r\nTo: %s\r\n"+
		"Call-ID: %s\r\nCSeq: %s\r\nContact: <sip:x@192.0.2.10>\r\n%sContent-Length: %d\r\n\r\n%s",
		start, from, to, callID, cseq, ct, len(sdp), sdp))
}

// sdpBody describes an audio stream at addr:port with the given formats.
func sdpBody(addr string, port int, proto, formats, extra string) string {
	return fmt.Sprintf("v=0\r\no=- 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\nm=audio %d %s %s\r\n"+
		"a=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n%s",
		addr, addr, port, proto, formats, extra)
}
