// Package recorder records the calls of the PBX's SIP trunk passively: it
// follows the SIP signalling (INVITE, 200, ACK, BYE, CANCEL, re-INVITE
// with SDP) seen on a mirror port, in a capture file or forwarded to a UDP
// port, finds each call's RTP streams, decodes G.711 (A-law and µ-law) and
// writes both directions into one stereo WAV file: the trunk side (the
// citizen) on the left channel, the PBX side (the clerk) on the right.
//
// The package root holds the codecs and the engine, which are pure: SIP
// and SDP parsing (sip.go, sdp.go), HEP3 decapsulation (hep.go), G.711
// (g711.go), the crash-safe streaming WAV writer (wav.go), the per-call
// timeline that places RTP payloads by timestamp, so that reordering,
// duplicates, loss and SSRC changes give a file that is exact in time
// (session.go, leg.go), and the engine that dispatches packets (engine.go).
// Around them, the service (service.go) stores finished recordings in the
// blob store, matches them to Linka calls (match.go), applies the office's
// recording rules (rules.go) and purges what nobody needs any more.
// Capture sources live in recorder/capture.
//
// Calls whose media cannot be decoded passively (SRTP, G.729 and other
// codecs) are reported as unrecordable and never written as noise.
package recorder
