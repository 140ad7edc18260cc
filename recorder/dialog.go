package recorder

import (
	"net/netip"
	"time"
)

// SIP tracking (RFC 3261 dialogs, RFC 3264 offer/answer): each Call-ID is
// a dialog with two parties, the caller side (party 0, which sent the
// first INVITE) and the callee side (party 1). Every SDP a party sends
// says where that party receives RTP; RTP sent to (or, with symmetric
// RTP, from) that endpoint is mapped to the dialog and to a channel. The
// trunk side — the party that is not the PBX — is the left channel.

// dialog is one SIP call being followed.
type dialog struct {
	callID    string
	callerTag string
	caller    string
	called    string
	outgoing  bool // the PBX sent the INVITE
	sdp       [2]*SDP
	eps       []netip.AddrPort
	answered  bool
	created   time.Time
	ended     time.Time // BYE, CANCEL or a final failure; zero while up
	s         *session
	bad       string
	holds     []Event // hold changes before the recording started
}

// mediaRef says which dialog party receives RTP at an endpoint.
type mediaRef struct {
	d     *dialog
	party int
}

// trunkParty returns the party on the trunk side (the citizen).
func (d *dialog) trunkParty() int {
	if d.outgoing {
		return 1
	}
	return 0
}

// senderOfRequest returns the party that sent a request of the dialog.
func (d *dialog) senderOfRequest(m *SIPMessage) int {
	if d.callerTag == "" || m.FromTag == d.callerTag {
		return 0
	}
	return 1
}

// maxDialogs bounds the dialogs followed at a time; beyond it the oldest
// unanswered ones are dropped.
const maxDialogs = 10000

// sip handles one SIP message.
func (e *Engine) sip(p Packet, m *SIPMessage) {
	d := e.dialogs[m.CallID]
	if d == nil {
		if m.Method != "INVITE" {
			return // not a call, or one whose INVITE was not seen
		}
		d = e.newDialog(p, m)
	}
	if m.IsRequest() {
		e.sipRequest(p, d, m)
	} else {
		e.sipResponse(p, d, m)
	}
}

// newDialog starts following the call an INVITE begins.
func (e *Engine) newDialog(p Packet, m *SIPMessage) *dialog {
	if len(e.dialogs) >= maxDialogs {
		e.dropStale(p.At)
	}
	d := &dialog{callID: m.CallID, callerTag: m.FromTag, caller: m.FromUser, called: uriUser(m.RequestURI),
		outgoing: e.isPBX(p.Src.Addr()), created: p.At}
	if d.called == "" {
		d.called = m.ToUser
	}
	e.dialogs[m.CallID] = d
	return d
}

// dropStale forgets the unanswered dialogs older than a minute.
func (e *Engine) dropStale(now time.Time) {
	for id, d := range e.dialogs {
		if !d.answered && d.s == nil && now.Sub(d.created) > time.Minute {
			e.forget(d)
			delete(e.dialogs, id)
		}
	}
}

func (e *Engine) sipRequest(p Packet, d *dialog, m *SIPMessage) {
	switch m.Method {
	case "INVITE", "ACK", "UPDATE", "PRACK":
		e.offerAnswer(p, d, d.senderOfRequest(m), m)
	case "BYE", "CANCEL":
		if d.ended.IsZero() {
			d.ended = p.At
		}
	}
}

func (e *Engine) sipResponse(p Packet, d *dialog, m *SIPMessage) {
	if m.CSeqMethod != "INVITE" && m.CSeqMethod != "UPDATE" && m.CSeqMethod != "PRACK" {
		return
	}
	responder := 1 - d.senderOfRequest(m)
	switch {
	case m.Status >= 200 && m.Status < 300:
		if m.CSeqMethod == "INVITE" {
			d.answered = true
		}
		e.offerAnswer(p, d, responder, m)
		if m.CSeqMethod == "INVITE" && d.bad == "" {
			d.checkCodec()
		}
	case m.Status < 200:
		e.offerAnswer(p, d, responder, m) // early media (183 with SDP)
	case !d.answered && m.CSeqMethod == "INVITE" && d.ended.IsZero():
		d.ended = p.At // the call failed or was cancelled
	}
}

// offerAnswer takes the SDP of a message sent by party.
func (e *Engine) offerAnswer(p Packet, d *dialog, party int, m *SIPMessage) {
	if len(m.Body) == 0 || (m.ContentType != "" && m.ContentType != "application/sdp") {
		return
	}
	sdp, ok := ParseSDP(m.Body)
	if !ok {
		return
	}
	if sdp.Secure {
		d.bad = "srtp"
	}
	if prev := d.sdp[party]; prev != nil && prev.Hold() != sdp.Hold() {
		kind := EventResume
		if sdp.Hold() {
			kind = EventHold
		}
		ev := Event{At: p.At, Kind: kind, Channel: d.channelOf(party)}
		if d.s != nil {
			d.s.info.Events = append(d.s.info.Events, ev)
		} else {
			d.holds = append(d.holds, ev)
		}
	}
	d.sdp[party] = sdp
	ep := sdp.Endpoint()
	if sdp.Port == 0 || !ep.Addr().IsValid() || ep.Addr().IsUnspecified() {
		return
	}
	ep = netip.AddrPortFrom(ep.Addr().Unmap(), ep.Port())
	if ref, ok := e.media[ep]; ok && ref.d == d && ref.party == party {
		return
	}
	e.media[ep] = mediaRef{d: d, party: party}
	d.eps = append(d.eps, ep)
	e.claim(ep)
}

// claim stops treating an endpoint's traffic as RTP without signalling:
// packets that came before the SDP are dropped with their probation.
func (e *Engine) claim(ep netip.AddrPort) {
	for k, r := range e.pairs {
		if k.a == ep || k.b == ep {
			r.s.abort()
			delete(e.pairs, k)
		}
	}
	for k := range e.probe {
		if k.src == ep || k.dst == ep {
			delete(e.probe, k)
		}
	}
}

// checkCodec marks a call whose answer chose a codec the recorder cannot
// decode.
func (d *dialog) checkCodec() {
	for party := 1; party >= 0; party-- {
		if s := d.sdp[party]; s != nil && len(s.Formats) > 0 {
			if _, c := s.PreferredCodec(); c != CodecUnknown && !c.Decodable() {
				d.bad = "codec " + c.String()
			}
			return
		}
	}
}

// channelOf returns the channel of what party says.
func (d *dialog) channelOf(party int) int {
	if party == d.trunkParty() {
		return ChannelTrunk
	}
	return ChannelPBX
}

// codecOf maps a payload type with the dialog's SDPs.
func (d *dialog) codecOf(_ int, pt uint8, payload []byte) Codec {
	for _, s := range d.sdp {
		if s == nil {
			continue
		}
		if c, ok := s.Codecs[pt]; ok {
			return c
		}
	}
	return heuristicCodec(0, pt, payload)
}

// dialogMedia handles RTP of a dialog: toReceiver says the destination
// matched ref's endpoint, otherwise the source did.
func (e *Engine) dialogMedia(p Packet, ref mediaRef, toReceiver bool) {
	d := ref.d
	speaker := ref.party
	if toReceiver {
		speaker = 1 - ref.party
	}
	rp, ok := parseRTP(p.Payload)
	if !ok {
		e.stats.ignored.Add(1)
		return
	}
	e.stats.rtp.Add(1)
	if d.bad != "" {
		return
	}
	if d.s == nil {
		info := Info{SIPCallID: d.callID, Caller: d.caller, Called: d.called, Direction: "incoming"}
		if d.outgoing {
			info.Direction = "outgoing"
		}
		s, err := e.start(p.At, info)
		if err != nil {
			d.bad = "cannot write"
			return
		}
		s.codecOf = d.codecOf
		s.info.Events = append(s.info.Events, d.holds...)
		d.s = s
	}
	ch := d.channelOf(speaker)
	if d.s.legs[ch].stats.Endpoint == (netip.AddrPort{}) {
		d.s.legs[ch].stats.Endpoint = p.Dst
	}
	if d.s.err == nil {
		if err := d.s.media(ch, p.At, rp, e.o.JitterWindow); err != nil {
			d.s.err = err
		}
	}
}

// tickDialog advances a dialog; true means it is over and reported.
func (e *Engine) tickDialog(d *dialog, now time.Time) bool {
	if d.s != nil {
		e.tickSession(d.s, now)
	}
	linger := e.o.JitterWindow + 300*time.Millisecond
	switch {
	case !d.ended.IsZero() && now.Sub(d.ended) > linger:
	case d.s != nil && now.Sub(d.s.last) > e.o.IdleTimeout:
	case d.s == nil && d.answered && now.Sub(d.created) > e.o.IdleTimeout+time.Hour:
	case d.s == nil && !d.answered && now.Sub(d.created) > 10*time.Minute:
	default:
		return false
	}
	e.endDialog(d)
	return true
}

// endDialog finishes the dialog's recording, or reports an answered call
// that could not be recorded.
func (e *Engine) endDialog(d *dialog) {
	e.forget(d)
	switch {
	case d.s != nil:
		bad := d.bad
		if bad == "" {
			bad = d.s.bad
		}
		e.finish(d.s, bad)
	case d.answered:
		why := d.bad
		if why == "" {
			why = "no media captured"
		}
		e.stats.unrecordable.Add(1)
		info := Info{SIPCallID: d.callID, Caller: d.caller, Called: d.called, Direction: "incoming",
			StartedAt: d.created, EndedAt: d.ended, Unrecordable: why, Events: d.holds}
		if d.outgoing {
			info.Direction = "outgoing"
		}
		if _, c := d.answerCodec(); c != CodecUnknown {
			info.Codec = c.String()
		}
		if e.o.Sink != nil {
			e.seq++
			info.Seq = e.seq
			e.o.Sink.RecordingFinished(info)
		}
	}
}

// answerCodec returns the codec the answer chose.
func (d *dialog) answerCodec() (uint8, Codec) {
	for party := 1; party >= 0; party-- {
		if s := d.sdp[party]; s != nil {
			return s.PreferredCodec()
		}
	}
	return 0, CodecUnknown
}

// forget removes the dialog's endpoints.
func (e *Engine) forget(d *dialog) {
	for _, ep := range d.eps {
		if ref, ok := e.media[ep]; ok && ref.d == d {
			delete(e.media, ep)
		}
	}
}
