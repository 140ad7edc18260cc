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

// callFields are the fields of a call event the one-pass decoder read.
type callFields struct {
	conn    [2]ConnectionID // first and second connection
	subject [2]DeviceID     // first and second subject device
	parties Parties
	common  Common
	list    []ConnectionListEntry
	seen    callRole // roles decoded
}

// callFields decodes the fields with the roles in want of the event whose
// content is d.src[off:end]. It returns false when it gives up.
func (d *decoder) callFields(off, end int, want callRole, cf *callFields) bool {
	if off < 0 || end > len(d.src) || off > end {
		return false
	}
	b := d.src[:end]
	var occurred callRole
	for p, n := off, 0; p < end; n++ {
		id, fieldEnd, ok := shortTLV(b, p)
		if !ok || n == maxEventFields {
			return false
		}
		role := fieldRole(id, occurred)
		occurred |= role
		if role&want != 0 {
			if !d.callField(role, p, fieldEnd, cf) {
				return false
			}
			cf.seen |= role
		}
		p = fieldEnd
	}
	return true
}

// callField decodes the field d.src[start:end] in role into cf.
func (d *decoder) callField(role callRole, start, end int, cf *callFields) bool {
	off := start + 2
	var ok bool
	switch role {
	case roleConnection:
		cf.conn[0], ok = d.fastConnection(off, end)
	case roleConnection2, roleSecondaryCall:
		cf.conn[1], ok = d.fastConnection(off, end)
	case roleSubject:
		cf.subject[0], ok = d.fastChoice(off, end, false)
	case roleSubject2:
		cf.subject[1], ok = d.fastChoice(off, end, false)
	case roleState:
		cf.common.LocalConnectionInfo, ok = fastLocalState(d.src[off:end])
	case roleCause:
		ok = end-off == 1
		if ok {
			cf.common.Cause = EventCause(int8(d.src[off]))
		}
	case roleExtensions:
		cf.common.Extensions, ok = d.src[start:end], true
	case roleTransferList:
		var err error
		cf.list, err = d.connectionList(element{tag: tagTransferredConns, start: start, off: off, val: d.src[off:end:end]})
		ok = err == nil
	default:
		var dev *DeviceID
		if dev = cf.partyOf(role); dev != nil {
			*dev, ok = d.fastChoice(off, end, role == roleRedirection)
		}
	}
	return ok
}

// partyOf returns the Parties field of role, or nil.
func (cf *callFields) partyOf(role callRole) *DeviceID {
	switch role {
	case roleCalling:
		return &cf.parties.CallingDevice
	case roleCalled:
		return &cf.parties.CalledDevice
	case roleRedirection:
		return &cf.parties.LastRedirectionDevice
	case roleNetworkCalling:
		return &cf.parties.NetworkCallingDevice
	case roleNetworkCalled:
		return &cf.parties.NetworkCalledDevice
	case roleAssocCalling:
		return &cf.parties.AssociatedCallingDevice
	case roleAssocCalled:
		return &cf.parties.AssociatedCalledDevice
	}
	return nil
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
// decoder.
func (d *decoder) callEventFast(t EventType, e element) (Event, bool) {
	var want, required callRole
	switch t {
	case EventDelivered, EventEstablished, EventFailed, EventNetworkReached:
		want, required = rolesAlerting, requiredAlerting
	case EventConnectionCleared, EventHeld, EventRetrieved:
		want, required = rolesSimple, requiredSimple
	case EventTransferred:
		want, required = rolesTransfer, requiredTransfer
	default:
		return nil, false
	}
	var cf callFields
	if !d.callFields(e.off, e.off+len(e.val), want, &cf) || cf.seen&required != required {
		return nil, false
	}
	return cf.event(t), true
}

// event builds the event of type t from the fields read.
func (cf *callFields) event(t EventType) Event {
	switch t {
	case EventDelivered:
		return &DeliveredEvent{Connection: cf.conn[0], AlertingDevice: cf.subject[0], Parties: cf.parties,
			OriginatingNIDConnection: cf.conn[1], Common: cf.common}
	case EventEstablished:
		return &EstablishedEvent{Connection: cf.conn[0], AnsweringDevice: cf.subject[0], Parties: cf.parties,
			OriginatingNIDConnection: cf.conn[1], Common: cf.common}
	case EventFailed:
		return &FailedEvent{Connection: cf.conn[0], FailingDevice: cf.subject[0], Parties: cf.parties,
			OriginatingNIDConnection: cf.conn[1], Common: cf.common}
	case EventNetworkReached:
		return &NetworkReachedEvent{Connection: cf.conn[0], NetworkInterfaceUsed: cf.subject[0], Parties: cf.parties,
			OriginatingNIDConnection: cf.conn[1], Common: cf.common}
	case EventConnectionCleared:
		return &ConnectionClearedEvent{Connection: cf.conn[0], ReleasingDevice: cf.subject[0], Common: cf.common}
	case EventHeld:
		return &HeldEvent{Connection: cf.conn[0], HoldingDevice: cf.subject[0], Common: cf.common}
	case EventRetrieved:
		return &RetrievedEvent{Connection: cf.conn[0], RetrievingDevice: cf.subject[0], Common: cf.common}
	}
	return &TransferredEvent{PrimaryOldCall: cf.conn[0], SecondaryOldCall: cf.conn[1], TransferringDevice: cf.subject[0],
		TransferredToDevice: cf.subject[1], TransferredConnections: cf.list, Common: cf.common}
}
