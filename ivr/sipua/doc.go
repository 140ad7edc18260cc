// Package sipua is the voice gateway's SIP user agent (RFC 3261, with
// emiago/sipgo): it registers with the PBX as an extension (digest
// authentication, RFC 8760/2617) or accepts calls as a trunk peer, answers
// an INVITE with an SDP answer, runs the call through the active flow
// (package ivr) with RTP media (package ivr/media), takes DTMF from RFC
// 4733 events and from SIP INFO, transfers by REFER (RFC 3515, progress
// by NOTIFY sipfrag) or through CSTA, and publishes the call's path on
// the cti bus.
package sipua
