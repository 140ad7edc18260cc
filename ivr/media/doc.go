// Package media is the voice gateway's RTP side (RFC 3550, RFC 3551):
// the SDP offer/answer of one audio stream (RFC 4566, RFC 3264), a
// stream that plays prompts as G.711 with 20 ms pacing, continuous
// timestamps and a marker bit at the start of every talkspurt, and
// receives RFC 4733 telephone-events (DTMF) and notices when the far end
// stops sending. Packets are built and parsed with pion/rtp.
package media
