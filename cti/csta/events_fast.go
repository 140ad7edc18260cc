package csta

// A one-pass decoder for the call events that make up most of the PBX's
// traffic (delivered, established, failed, network reached, connection
// cleared, held, retrieved, transferred). It reads the fields of an event
// in order and decodes each field the event uses as it passes, instead of
// collecting a fieldSet and looking fields up by tag.
//
// The fieldSet decoders stay the reference. The one-pass decoder takes
// the same fields (the first field of each tag, the second connection
// and subject device where the event has one), decodes them with the
// fast paths, and gives up on anything else: a missing, malformed or
// long-form field, a device or connection the fast paths do not handle,
// more fields than a fieldSet takes. The general decoder then decodes or
// refuses the event as before, so errors read the same;
// FuzzEventFastPath checks that both decoders agree.

// callRole is a field of a call event, one bit each.
type callRole uint32

// Roles of the fields of call events, with the identifier octets that
// carry them.
const (
	roleConnection     callRole = 1 << iota // first [APPLICATION 11] ConnectionID
	roleConnection2                         // second [APPLICATION 11]
	roleSubject                             // first [APPLICATION 3] SubjectDeviceID
	roleSubject2                            // second [APPLICATION 3]
	roleCalling                             // [APPLICATION 1] CallingDeviceID
	roleCalled                              // [APPLICATION 2] CalledDeviceID
	roleRedirection                         // [APPLICATION 4] RedirectionDeviceID
	roleNetworkCalling                      // [APPLICATION 7] NetworkCallingDeviceID
	roleNetworkCalled                       // [APPLICATION 8] NetworkCalledDeviceID
	roleAssocCalling                        // [APPLICATION 5] AssociatedCallingDeviceID
	roleAssocCalled                         // [APPLICATION 6] AssociatedCalledDeviceID
	roleState                               // [APPLICATION 14] LocalConnectionState
	roleCause                               // ENUMERATED EventCause
	roleExtensions                          // [APPLICATION 30] CSTACommonArguments
	roleSecondaryCall                       // TransferredEvent secondaryOldCall [0]
	roleTransferList                        // TransferredEvent transferredConnections [1]
)

// Role sets of the event shapes.
const (
	rolesCommon   = roleState | roleCause | roleExtensions
	rolesParties  = roleCalling | roleCalled | roleRedirection | roleNetworkCalling | roleNetworkCalled | roleAssocCalling | roleAssocCalled
	rolesAlerting = roleConnection | roleConnection2 | roleSubject | rolesParties | rolesCommon
	rolesSimple   = roleConnection | roleSubject | rolesCommon
	rolesTransfer = roleConnection | roleSecondaryCall | roleSubject | roleSubject2 | roleTransferList | rolesCommon

	requiredAlerting = roleConnection | roleSubject | roleCalling | roleCalled | roleRedirection | roleCause
	requiredSimple   = roleConnection | roleSubject | roleCause
	requiredTransfer = roleConnection | roleSubject | roleSubject2 | roleTransferList | roleCause
)

// Identifier octets of the fields of call events (the tags of device.go
// and events_conn.go, checked against them in the tests).
const (
	octCallingDevice    = 0x61
	octCalledDevice     = 0x62
	octSubjectDevice    = 0x63
	octRedirection      = 0x64
	octAssocCalling     = 0x65
	octAssocCalled      = 0x66
	octNetworkCalling   = 0x67
	octNetworkCalled    = 0x68
	octConnectionID     = 0x6b
	octLocalState       = 0x4e
	octEnumerated       = 0x0a
	octExtensions       = 0x7e
	octSecondaryOldCall = 0xa0
	octTransferredConns = 0xa1
)

// fieldRole returns the role of a field with identifier octet id, given
// the roles that occurred before it; zero if the field plays none.
func fieldRole(id byte, occurred callRole) callRole {
	var first, second callRole
	switch id {
	case octConnectionID:
		first, second = roleConnection, roleConnection2
	case octSubjectDevice:
		first, second = roleSubject, roleSubject2
	case octCallingDevice:
		first = roleCalling
	case octCalledDevice:
		first = roleCalled
	case octRedirection:
		first = roleRedirection
	case octNetworkCalling:
		first = roleNetworkCalling
	case octNetworkCalled:
		first = roleNetworkCalled
	case octAssocCalling:
		first = roleAssocCalling
	case octAssocCalled:
		first = roleAssocCalled
	case octLocalState:
		first = roleState
	case octEnumerated:
		first = roleCause
	case octExtensions:
		first = roleExtensions
	case octSecondaryOldCall:
		first = roleSecondaryCall
	case octTransferredConns:
		first = roleTransferList
	}
	if occurred&first == 0 {
		return first
	}
	if occurred&second == 0 {
		return second
	}
	return 0
}

// callTargets are the fields of a typed call event the one-pass decoder
// fills in place; want names the roles the event has.
type callTargets struct {
	want    callRole
	conn    [2]*ConnectionID // first and second connection (or secondary old call)
	subject [2]*DeviceID     // first and second subject device
	parties *Parties
	common  *Common
	list    *[]ConnectionListEntry
}

// callFields decodes the fields with the roles in tg.want of the event
// whose content is d.src[off:end] into their targets. It returns the
// roles it decoded, and false when it gives up.
func (d *decoder) callFields(off, end int, tg *callTargets) (callRole, bool) {
	if off < 0 || end > len(d.src) || off > end {
		return 0, false
	}
	b := d.src[:end]
	var occurred callRole
	for p, n := off, 0; p < end; n++ {
		id, fieldEnd, ok := shortTLV(b, p)
		if !ok || n == maxEventFields {
			return 0, false
		}
		role := fieldRole(id, occurred)
		occurred |= role
		start := p
		p = fieldEnd
		if role&tg.want == 0 {
			continue
		}
		switch role {
		case roleConnection:
			*tg.conn[0], ok = d.fastConnection(start+2, fieldEnd)
		case roleConnection2, roleSecondaryCall:
			*tg.conn[1], ok = d.fastConnection(start+2, fieldEnd)
		case roleSubject:
			*tg.subject[0], ok = d.fastChoice(start+2, fieldEnd, false)
		case roleSubject2:
			*tg.subject[1], ok = d.fastChoice(start+2, fieldEnd, false)
		case roleState:
			tg.common.LocalConnectionInfo, ok = fastLocalState(b[start+2 : fieldEnd])
		case roleCause:
			if ok = fieldEnd-start == 3; ok {
				tg.common.Cause = EventCause(int8(b[start+2]))
			}
		case roleExtensions:
			tg.common.Extensions = d.src[start:fieldEnd]
		case roleTransferList:
			ok = d.transferList(start, fieldEnd, tg.list)
		default:
			*partyOf(tg.parties, role), ok = d.fastChoice(start+2, fieldEnd, role == roleRedirection)
		}
		if !ok {
			return 0, false
		}
	}
	return occurred & tg.want, true
}

// transferList decodes the transferredConnections d.src[start:end].
func (d *decoder) transferList(start, end int, list *[]ConnectionListEntry) bool {
	var err error
	*list, err = d.connectionList(element{tag: tagTransferredConns, start: start, off: start + 2, val: d.src[start+2 : end : end]})
	return err == nil
}

// partyOf returns the field of p that has role, one of rolesParties.
func partyOf(p *Parties, role callRole) *DeviceID {
	switch role {
	case roleCalling:
		return &p.CallingDevice
	case roleCalled:
		return &p.CalledDevice
	case roleRedirection:
		return &p.LastRedirectionDevice
	case roleNetworkCalling:
		return &p.NetworkCallingDevice
	case roleNetworkCalled:
		return &p.NetworkCalledDevice
	case roleAssocCalling:
		return &p.AssociatedCallingDevice
	}
	return &p.AssociatedCalledDevice
}

// fastLocalState decodes a one-octet LocalConnectionState.
func fastLocalState(v []byte) (LocalConnectionState, bool) {
	if len(v) != 1 || v[0] >= 0x80 {
		return StateAbsent, false
	}
	return LocalConnectionState(v[0] + 1), true
}

// callEventFast decodes the event e of type t in one pass, if t is one of
// the call events it handles; ok false sends the event to the general
// decoder (the event allocated here is then dropped).
func (d *decoder) callEventFast(t EventType, e element) (Event, bool) {
	var ev Event
	var tg callTargets
	required := requiredAlerting
	switch t {
	case EventDelivered:
		x := &DeliveredEvent{}
		ev, tg = x, alerting(&x.Connection, &x.AlertingDevice, &x.Parties, &x.OriginatingNIDConnection, &x.Common)
	case EventEstablished:
		x := &EstablishedEvent{}
		ev, tg = x, alerting(&x.Connection, &x.AnsweringDevice, &x.Parties, &x.OriginatingNIDConnection, &x.Common)
	case EventFailed:
		x := &FailedEvent{}
		ev, tg = x, alerting(&x.Connection, &x.FailingDevice, &x.Parties, &x.OriginatingNIDConnection, &x.Common)
	case EventNetworkReached:
		x := &NetworkReachedEvent{}
		ev, tg = x, alerting(&x.Connection, &x.NetworkInterfaceUsed, &x.Parties, &x.OriginatingNIDConnection, &x.Common)
	case EventConnectionCleared:
		x := &ConnectionClearedEvent{}
		ev, tg, required = x, simple(&x.Connection, &x.ReleasingDevice, &x.Common), requiredSimple
	case EventHeld:
		x := &HeldEvent{}
		ev, tg, required = x, simple(&x.Connection, &x.HoldingDevice, &x.Common), requiredSimple
	case EventRetrieved:
		x := &RetrievedEvent{}
		ev, tg, required = x, simple(&x.Connection, &x.RetrievingDevice, &x.Common), requiredSimple
	case EventTransferred:
		x := &TransferredEvent{}
		ev, required = x, requiredTransfer
		tg = callTargets{want: rolesTransfer, conn: [2]*ConnectionID{&x.PrimaryOldCall, &x.SecondaryOldCall},
			subject: [2]*DeviceID{&x.TransferringDevice, &x.TransferredToDevice}, common: &x.Common, list: &x.TransferredConnections}
	default:
		return nil, false
	}
	seen, ok := d.callFields(e.off, e.off+len(e.val), &tg)
	return ev, ok && seen&required == required
}

// alerting returns the targets of an event shaped like DeliveredEvent.
func alerting(conn *ConnectionID, subject *DeviceID, p *Parties, nid *ConnectionID, c *Common) callTargets {
	return callTargets{want: rolesAlerting, conn: [2]*ConnectionID{conn, nid}, subject: [2]*DeviceID{subject}, parties: p, common: c}
}

// simple returns the targets of an event shaped like HeldEvent.
func simple(conn *ConnectionID, subject *DeviceID, c *Common) callTargets {
	return callTargets{want: rolesSimple, conn: [2]*ConnectionID{conn}, subject: [2]*DeviceID{subject}, common: c}
}
