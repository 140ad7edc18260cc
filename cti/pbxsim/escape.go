package pbxsim

import (
	"bytes"
	"time"

	"linka/cti/csta"
)

// Panasonic private data (the KME device list) and call detail records.
// Every function here runs with p.mu held.

// escape answers the KME device list request (kmeSystemData/getSystemData/
// deviceList): an escape result acknowledging it with a cross reference,
// then the list in segments the PBX invokes escape with (PROTOCOLS.md,
// "Panasonic private data"). Other private data is refused.
func (p *PBX) escape(s *session, arg []byte) ([]byte, error) {
	a, err := csta.DecodeEscapeArgument(arg)
	if err != nil {
		return nil, mistyped(err)
	}
	category, err := csta.DecodeKMEDeviceListRequest(a)
	if err != nil {
		return nil, errPrivateData
	}
	list, ok := p.dir.kmeList(category)
	if !ok {
		return nil, errValueOutOfRange
	}
	s.nextEscapeRef++
	ref := []byte{byte(s.nextEscapeRef >> 8), byte(s.nextEscapeRef)}
	size := p.opts.KMESegmentSize
	for seg := 1; ; seg++ {
		n := min(size, len(list))
		reply := csta.KMEDeviceListReply{CrossRef: ref, Segment: seg, Last: n == len(list), Devices: list[:n]}
		list = list[n:]
		ea, err := reply.EscapeArgument()
		if err != nil {
			return nil, err
		}
		b, err := ea.Marshal()
		if err != nil {
			return nil, err
		}
		s.after = append(s.after, outPDU{s: s, op: csta.OpEscape, arg: b})
		if reply.Last {
			break
		}
	}
	return csta.KMEDeviceListAck{CrossRef: ref}.Marshal(), nil
}

// startCDR makes the PBX send a cDRReport at the end of every call over a
// trunk. Only one client may receive them; only the atEndOfCall mode is
// offered.
func (p *PBX) startCDR(s *session, arg []byte) ([]byte, error) {
	a, err := csta.DecodeStartCDRTransmissionArgument(arg)
	if err != nil {
		return nil, mistyped(err)
	}
	if p.cdr != nil && p.cdr != s {
		return nil, errResourceBusy
	}
	if a.Mode != csta.CDRAtEndOfCall {
		return nil, errValueOutOfRange
	}
	p.cdr = s
	if s.cdrRef == nil {
		s.cdrRef = []byte("CDR1")
	}
	return csta.StartCDRTransmissionResult{CrossRef: s.cdrRef}.Marshal()
}

// stopCDR ends the CDR transmission of the calling client.
func (p *PBX) stopCDR(s *session, arg []byte) ([]byte, error) {
	a, err := csta.DecodeStopCDRTransmissionArgument(arg)
	if err != nil {
		return nil, mistyped(err)
	}
	if p.cdr != s || !bytes.Equal(a.CrossRef, s.cdrRef) {
		return nil, errInvalidCrossRef
	}
	p.cdr, s.cdrRef = nil, nil
	return csta.NullResult(), nil
}

// cdrTime is the TimeInfo layout of CDR records: local time, no zone, as
// Panasonic clients parse it.
const cdrTime = "20060102150405"

// reportCDR queues a cDRReport for an ended call to the client receiving
// CDR records. The duration is the talk time in tenths of a second
// (PROTOCOLS.md: the unit is unconfirmed); a call never answered has none.
func (p *PBX) reportCDR(c *call) {
	s := p.cdr
	if s == nil {
		return
	}
	now := p.opts.Now()
	rec := csta.CDRRecord{
		CreationTime:  now.Format(cdrTime),
		RecordedCall:  csta.ConnectionID{Call: c.callID()},
		ConnectionEnd: now.Format(cdrTime),
	}
	rec.CallingDevice, rec.CalledDevice = c.calling, c.called
	if c.dir == dirInbound {
		rec.AssociatedCallingDevice = c.trunk.id()
	} else {
		rec.AssociatedCalledDevice = c.trunk.id()
	}
	if !c.answered.IsZero() {
		rec.ConnectionStart = c.answered.Format(cdrTime)
		tenths := int(now.Sub(c.answered) / (100 * time.Millisecond))
		rec.Duration = &tenths
	}
	arg, err := csta.CDRReportArgument{CrossRef: s.cdrRef, Records: []csta.CDRRecord{rec}}.Marshal()
	if err != nil {
		p.log.Debug("pbxsim: encode CDR", "err", err)
		return
	}
	p.out = append(p.out, outPDU{s: s, op: csta.OpCDRReport, arg: arg})
}
