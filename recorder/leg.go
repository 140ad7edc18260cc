package recorder

import (
	"fmt"
	"math"
	"time"
)

// One direction of a recording: its RTP sources, their statistics, and
// where their payloads go on the recording's timeline. A payload is placed
// at its RTP timestamp relative to the source's first packet, which was
// anchored at its capture time; so reordered packets fall into place,
// duplicates overwrite identical audio (and are counted), and lost
// packets leave silence of exactly their length.

// seqWindow is how many recent sequence numbers a source remembers to
// recognise duplicates.
const seqWindow = 1024

// maxSources bounds the sources remembered per direction.
const maxSources = 8

// source is one SSRC of a direction.
type source struct {
	ssrc     uint32
	baseSeq  int64 // extended sequence number of the first packet
	maxSeq   int64 // highest extended sequence number
	received int64 // unique packets
	seen     [seqWindow / 64]uint64
	ts0      int64 // extended timestamp of the anchor
	anchor   int64 // frame position of ts0
	maxTS    int64 // extended timestamp of the packet with maxSeq
	transit  float64
	jitter   float64
	events   map[uint32]bool // timestamps of telephone-events noted
}

// leg is one direction of a recording.
type leg struct {
	channel int
	stats   LegStats
	sources []*source
	pcm     []int16
}

// placement is where a packet's audio goes.
type placement struct {
	pos  int64 // frame position
	keep bool  // false: a duplicate, or too old to place
}

// extend returns the extended value of a 16-bit sequence number near ref.
func extendSeq(ref int64, seq uint16) int64 { return ref + int64(int16(seq-uint16(ref))) }

// extendTS returns the extended value of a 32-bit timestamp near ref.
func extendTS(ref int64, ts uint32) int64 { return ref + int64(int32(ts-uint32(ref))) }

// sourceFor returns the source of ssrc, creating it (anchored at frame
// wall) when it is new; fresh reports a new source.
func (l *leg) sourceFor(ssrc uint32, seq uint16, ts uint32, wall int64) (s *source, fresh bool) {
	for _, s := range l.sources {
		if s.ssrc == ssrc {
			return s, false
		}
	}
	s = &source{ssrc: ssrc, baseSeq: int64(seq), maxSeq: int64(seq) - 1, ts0: int64(ts), maxTS: int64(ts), anchor: wall}
	if len(l.sources) == maxSources {
		l.retire(l.sources[0])
		l.sources = l.sources[1:]
	}
	l.sources = append(l.sources, s)
	l.stats.SSRCs = append(l.stats.SSRCs, ssrc)
	return s, true
}

// retire adds a forgotten source's loss to the direction's totals.
func (l *leg) retire(s *source) {
	l.stats.Lost += max(0, s.maxSeq-s.baseSeq+1-s.received)
}

// place decides where a packet of s goes: seq and ts its header fields,
// wall the frame position of its capture time on the timeline, written
// the first frame not yet final, maxAhead how far beyond the capture time
// a timestamp may point before the source is re-anchored.
func (l *leg) place(s *source, seq uint16, ts uint32, wall, written, maxAhead int64) placement {
	ext := extendSeq(s.maxSeq, seq)
	if ext <= s.maxSeq-seqWindow {
		l.stats.Late++
		return placement{}
	}
	bit := uint64(1) << (uint64(ext) % 64)
	word := &s.seen[(uint64(ext)%seqWindow)/64]
	inOrder := ext > s.maxSeq
	if inOrder {
		for n := s.maxSeq + 1; n < ext && n > ext-seqWindow; n++ {
			s.seen[(uint64(n)%seqWindow)/64] &^= uint64(1) << (uint64(n) % 64)
		}
		*word &^= bit
	} else if *word&bit != 0 {
		l.stats.Duplicates++
		return placement{}
	}
	xts := extendTS(s.maxTS, ts)
	pos := s.anchor + xts - s.ts0
	if inOrder && (pos < written || pos > wall+maxAhead) {
		// The source's clock jumped or drifted away from the capture
		// clock: re-anchor it where the packet arrived.
		s.anchor, s.ts0 = max(wall, written), xts
		pos = s.anchor
		l.stats.Resyncs++
	}
	if pos < written {
		l.stats.Late++
		return placement{}
	}
	*word |= bit
	s.received++
	if inOrder {
		s.maxSeq, s.maxTS = ext, xts
	}
	s.updateJitter(wall, xts)
	return placement{pos: pos, keep: true}
}

// updateJitter applies RFC 3550 clause 6.4.1 (appendix A.8), in
// timestamp units.
func (s *source) updateJitter(arrival, ts int64) {
	transit := float64(arrival - ts)
	if s.received > 1 {
		d := math.Abs(transit - s.transit)
		s.jitter += (d - s.jitter) / 16
	}
	s.transit = transit
}

// noteEvent reports whether a telephone-event starting at ts is new.
func (s *source) noteEvent(ts uint32) bool {
	if s.events == nil {
		s.events = map[uint32]bool{}
	}
	if s.events[ts] {
		return false
	}
	s.events[ts] = true
	return true
}

// finish computes the totals of the direction.
func (l *leg) finish() LegStats {
	st := l.stats
	for _, s := range l.sources {
		st.Lost += max(0, s.maxSeq-s.baseSeq+1-s.received)
		st.JitterMS = max(st.JitterMS, s.jitter*1000/SampleRate)
	}
	st.JitterMS = math.Round(st.JitterMS*100) / 100
	return st
}

// dtmfDigit names an RFC 4733 event code (clause 3.2).
func dtmfDigit(code byte) string {
	switch {
	case code <= 9:
		return string('0' + code)
	case code == 10:
		return "*"
	case code == 11:
		return "#"
	case code >= 12 && code <= 15:
		return string('A' + code - 12)
	}
	return fmt.Sprintf("event-%d", code)
}

// framesOf returns the frame position of t on a timeline starting at t0.
func framesOf(t0, t time.Time) int64 {
	return int64(t.Sub(t0)) * SampleRate / int64(time.Second)
}
