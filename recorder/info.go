package recorder

import (
	"net/netip"
	"time"
)

// Sample rate and channels of every recording: G.711 is 8 kHz; the trunk
// side (the citizen) is the left channel, the PBX side (the clerk) the
// right.
const (
	SampleRate   = 8000
	Channels     = 2
	ChannelTrunk = 0
	ChannelPBX   = 1
)

// Info describes one recording as the engine saw it. It is handed to the
// Sink when the recording starts and when it ends.
type Info struct {
	// Seq numbers the recordings of one engine, from 1.
	Seq uint64
	// SIPCallID is the trunk leg's SIP Call-ID; "" for RTP recognised
	// without signalling.
	SIPCallID string
	// Caller and Called are the user parts of the INVITE's From and To
	// (the calling number and the DDI of an incoming call).
	Caller, Called string
	// Direction is "incoming" (from the trunk to the PBX), "outgoing", or
	// "unknown" for RTP without signalling.
	Direction string
	// Codec is the codec of the audio, e.g. "PCMA".
	Codec string
	// StartedAt is the time of the first media packet; EndedAt the end of
	// the audio (StartedAt plus the file's duration) once finished.
	StartedAt, EndedAt time.Time
	// Frames is the number of stereo sample frames in the file.
	Frames int64
	// Legs are the statistics of the left (trunk) and right (PBX)
	// channels.
	Legs [Channels]LegStats
	// Events are DTMF digits (RFC 4733), holds and SSRC changes, in order.
	Events []Event
	// File is the WAV file; "" when nothing was written.
	File string
	// Unrecordable says why the call's media could not be recorded
	// ("srtp", "codec G729", …); "" for a recording.
	Unrecordable string
}

// Duration returns the length of the audio.
func (i *Info) Duration() time.Duration {
	return time.Duration(i.Frames) * time.Second / SampleRate
}

// LegStats are the RTP statistics of one direction (RFC 3550 clause 6.4
// definitions: lost = expected - received, jitter the interarrival
// jitter estimate).
type LegStats struct {
	// Endpoint is the address the direction's RTP was sent to.
	Endpoint netip.AddrPort `json:"endpoint"`
	// SSRCs are the synchronisation sources seen, in order.
	SSRCs []uint32 `json:"ssrcs,omitempty"`
	// Packets counts the audio packets used; Duplicates and Late the
	// packets dropped as repeated or arriving after their place was
	// written; Lost the sequence numbers never seen.
	Packets    int64 `json:"packets"`
	Lost       int64 `json:"lost"`
	Duplicates int64 `json:"duplicates"`
	Late       int64 `json:"late"`
	// JitterMS is the largest interarrival jitter of its sources, in
	// milliseconds.
	JitterMS float64 `json:"jitter_ms"`
	// Resyncs counts the times the timeline was re-anchored to the
	// capture clock (timestamp jumps, clock drift).
	Resyncs int64 `json:"resyncs,omitempty"`
}

// Event kinds.
const (
	EventDTMF   = "dtmf"   // an RFC 4733 telephone-event digit; Value is the digit
	EventHold   = "hold"   // a re-INVITE put the call on hold
	EventResume = "resume" // a re-INVITE took it off hold
	EventSSRC   = "ssrc"   // a new synchronisation source; Value in hex
)

// Event is something noted during a recording.
type Event struct {
	At      time.Time `json:"at"`
	Kind    string    `json:"kind"`
	Channel int       `json:"channel"`
	Value   string    `json:"value,omitempty"`
}

// Sink receives the recordings of an engine. Both methods run on the
// engine's goroutine and must not block for long.
type Sink interface {
	// RecordingStarted reports a recording whose file has just been
	// created.
	RecordingStarted(info Info)
	// RecordingFinished reports a finished recording: its file is closed
	// and complete, or Unrecordable says why there is none.
	RecordingFinished(info Info)
}
