package recorder

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/pion/rtp"
)

// A session is one recording being written: its timeline starts at the
// capture time of the first media packet; each direction's payloads are
// placed on it (leg.go) and the frames older than the jitter window are
// final and written to the WAV file.

// session is one recording in progress.
type session struct {
	info    Info
	t0      time.Time
	wav     *WAVWriter
	legs    [Channels]leg
	codecOf func(ch int, pt uint8, payload []byte) Codec

	written int64   // frames written to the file
	buf     []int16 // interleaved frames from written on
	high    int64   // end of the furthest audio placed
	last    time.Time
	synced  time.Time
	hold    bool
	err     error
	// bad says why the media cannot be recorded ("codec G729"); set by
	// the first undecodable audio packet before any decodable one.
	bad string
}

// Limits of the timeline.
const (
	// flushChunk is the least number of frames written at a time.
	flushChunk = SampleRate / 10
	// maxAhead is how far beyond its capture time a packet's timestamp may
	// point before its source is re-anchored.
	maxAhead = 2 * SampleRate
)

// rtpPacket is a parsed RTP packet.
type rtpPacket struct {
	h       rtp.Header
	payload []byte
}

// parseRTP parses an RTP packet (RFC 3550 clause 5.1), padding removed.
func parseRTP(b []byte) (rtpPacket, bool) {
	var p rtpPacket
	if len(b) < 12 || b[0]>>6 != 2 {
		return p, false
	}
	n, err := p.h.Unmarshal(b)
	if err != nil || n > len(b) {
		return p, false
	}
	p.payload = b[n:]
	if p.h.Padding && len(p.payload) > 0 {
		pad := int(p.payload[len(p.payload)-1])
		if pad == 0 || pad > len(p.payload) {
			return p, false
		}
		p.payload = p.payload[:len(p.payload)-pad]
	}
	return p, true
}

// newSession starts a recording at time at, writing to file.
func newSession(seq uint64, at time.Time, file string, info Info) (*session, error) {
	w, err := CreateWAV(file, Channels, SampleRate)
	if err != nil {
		return nil, err
	}
	info.Seq, info.StartedAt, info.File = seq, at, file
	s := &session{info: info, t0: at, wav: w, last: at, synced: at}
	s.legs[0].channel, s.legs[1].channel = 0, 1
	return s, nil
}

// media handles one RTP packet of channel ch captured at at.
func (s *session) media(ch int, at time.Time, p rtpPacket, window time.Duration) error {
	s.last = at
	codec := s.codecOf(ch, p.h.PayloadType, p.payload)
	l := &s.legs[ch]
	wall := framesOf(s.t0, at)
	src, fresh := l.sourceFor(p.h.SSRC, p.h.SequenceNumber, p.h.Timestamp, max(wall, s.written))
	if fresh && len(l.sources) > 1 || fresh && len(l.stats.SSRCs) > 1 {
		s.note(at, EventSSRC, ch, fmt.Sprintf("%08x", p.h.SSRC))
	}
	switch {
	case codec == CodecEvent:
		if len(p.payload) >= 4 && src.noteEvent(p.h.Timestamp) {
			s.note(at, EventDTMF, ch, dtmfDigit(p.payload[0]))
		}
		return nil
	case codec == CodecCN || len(p.payload) == 0:
		return nil
	case !codec.Decodable():
		if s.info.Codec == "" && s.bad == "" {
			s.bad = "codec " + codec.String()
		}
		return nil
	}
	if s.info.Codec == "" {
		s.info.Codec = codec.String()
	}
	if err := s.flush(wall-framesOf(at.Add(-window), at), false); err != nil {
		return err
	}
	pl := l.place(src, p.h.SequenceNumber, p.h.Timestamp, wall, s.written, maxAhead)
	if !pl.keep {
		return nil
	}
	l.stats.Packets++
	l.pcm = decodeG711(l.pcm[:0], codec, p.payload)
	s.put(ch, pl.pos, l.pcm)
	return nil
}

// note records an event.
func (s *session) note(at time.Time, kind string, ch int, value string) {
	s.info.Events = append(s.info.Events, Event{At: at, Kind: kind, Channel: ch, Value: value})
}

// put copies pcm into channel ch from frame pos on.
func (s *session) put(ch int, pos int64, pcm []int16) {
	start := int(pos - s.written)
	need := 2 * (start + len(pcm))
	if need > len(s.buf) {
		if need > cap(s.buf) {
			nb := make([]int16, len(s.buf), max(need, 2*cap(s.buf), 2*SampleRate))
			copy(nb, s.buf)
			s.buf = nb
		}
		clear(s.buf[len(s.buf):need])
		s.buf = s.buf[:need]
	}
	for i, v := range pcm {
		s.buf[2*(start+i)+ch] = v
	}
	s.high = max(s.high, pos+int64(len(pcm)))
}

// flush writes the frames before upto; unless all, it waits until there
// are at least flushChunk of them.
func (s *session) flush(upto int64, all bool) error {
	n := upto - s.written
	if n <= 0 || (!all && n < flushChunk) {
		return nil
	}
	need := int(2 * n)
	if need > len(s.buf) {
		if need > cap(s.buf) {
			nb := make([]int16, len(s.buf), need)
			copy(nb, s.buf)
			s.buf = nb
		}
		clear(s.buf[len(s.buf):need])
		s.buf = s.buf[:need]
	}
	if err := s.wav.Write(s.buf[:need]); err != nil {
		return err
	}
	rest := copy(s.buf, s.buf[need:])
	s.buf = s.buf[:rest]
	s.written = upto
	return nil
}

// tick makes frames older than the window final and syncs the file's
// header every interval.
func (s *session) tick(now time.Time, window, interval time.Duration) error {
	upto := min(framesOf(s.t0, now.Add(-window)), max(s.high, framesOf(s.t0, s.last)))
	if err := s.flush(upto, true); err != nil {
		return err
	}
	if now.Sub(s.synced) >= interval {
		s.synced = now
		return s.wav.Sync()
	}
	return nil
}

// close writes everything placed and closes the file with its metadata.
func (s *session) close() (Info, error) {
	err := s.flush(max(s.high, s.written), true)
	s.info.Frames = s.written
	s.info.EndedAt = s.t0.Add(time.Duration(s.written) * time.Second / SampleRate)
	for ch := range s.legs {
		s.info.Legs[ch] = s.legs[ch].finish()
	}
	if err == nil {
		err = s.wav.Close(s.info.riffInfo())
	} else {
		s.wav.Abort()
	}
	return s.info, err
}

// abort removes the file of a session that must not be kept.
func (s *session) abort() Info {
	s.wav.Abort()
	s.info.File = ""
	for ch := range s.legs {
		s.info.Legs[ch] = s.legs[ch].finish()
	}
	s.info.EndedAt = s.last
	return s.info
}

// riffInfo is the metadata written into the WAV's LIST/INFO chunk.
func (i *Info) riffInfo() [][2]string {
	cmt := fmt.Sprintf("caller=%s called=%s direction=%s codec=%s sip_call_id=%s start=%s end=%s "+
		"left_packets=%d left_lost=%d left_jitter_ms=%.2f right_packets=%d right_lost=%d right_jitter_ms=%.2f",
		i.Caller, i.Called, i.Direction, i.Codec, i.SIPCallID, i.StartedAt.UTC().Format(time.RFC3339Nano),
		i.EndedAt.UTC().Format(time.RFC3339Nano), i.Legs[0].Packets, i.Legs[0].Lost, i.Legs[0].JitterMS,
		i.Legs[1].Packets, i.Legs[1].Lost, i.Legs[1].JitterMS)
	return [][2]string{{"ICRD", i.StartedAt.UTC().Format(time.RFC3339)}, {"ISFT", "Linka recorder"}, {"ICMT", cmt}}
}

// rfc4733Event reports whether a payload has the shape of a telephone
// event (RFC 4733 clause 2.3): 4 bytes, event code ≤ 255, volume ≤ 63.
func rfc4733Event(b []byte) bool {
	return len(b) == 4 && b[1]&0x3f <= 63 && binary.BigEndian.Uint16(b[2:]) > 0
}
