package csta

// Call control events that report a call reaching, alerting or leaving a
// device (ECMA-285 clause 15.2, ECMA-269 clause 17.2). Fields not modelled
// here (correlator data, user data, services permitted, media and call
// characteristics, …) are skipped when decoding and not written.

// DeliveredEvent reports a call alerting a device (ECMA-285 §15.2.5,
// module CSTA-delivered-event; ECMA-269 §17.2.5).
type DeliveredEvent struct {
	Connection     ConnectionID
	AlertingDevice DeviceID
	Parties
	OriginatingNIDConnection ConnectionID
	Common
}

// EstablishedEvent reports a device answering a call (ECMA-285 §15.2.8,
// module CSTA-established-event; ECMA-269 §17.2.8).
type EstablishedEvent struct {
	Connection      ConnectionID
	AnsweringDevice DeviceID
	Parties
	OriginatingNIDConnection ConnectionID
	Common
}

// FailedEvent reports a call that cannot be completed (ECMA-285 §15.2.9,
// module CSTA-failed-event; ECMA-269 §17.2.9).
type FailedEvent struct {
	Connection    ConnectionID
	FailingDevice DeviceID
	Parties
	OriginatingNIDConnection ConnectionID
	Common
}

// NetworkReachedEvent reports a call leaving the switch on a trunk
// (ECMA-285 §15.2.12, module CSTA-network-reached-event; ECMA-269
// §17.2.12). It has no associated called device.
type NetworkReachedEvent struct {
	Connection           ConnectionID
	NetworkInterfaceUsed DeviceID
	Parties
	OriginatingNIDConnection ConnectionID
	Common
}

// QueuedEvent reports a call queued at a device (ECMA-285 §15.2.15, module
// CSTA-queued-event; ECMA-269 §17.2.15).
type QueuedEvent struct {
	Connection ConnectionID
	Queue      DeviceID
	Parties
	// NumberQueued and CallsInFront are nil when absent.
	NumberQueued *int
	CallsInFront *int
	Common
}

// DivertedEvent reports a call diverted away from a device (ECMA-285
// §15.2.7, module CSTA-diverted-event; ECMA-269 §17.2.7). Its calling and
// called devices are optional.
type DivertedEvent struct {
	Connection      ConnectionID
	DivertingDevice DeviceID
	NewDestination  DeviceID
	Parties
	Common
}

// OriginatedEvent reports a device originating a call (ECMA-285 §15.2.14,
// module CSTA-originated-event; ECMA-269 §17.2.14). It has no last
// redirection device; its calling device is a SubjectDeviceID.
type OriginatedEvent struct {
	Connection        ConnectionID
	OriginatingDevice DeviceID // optional plain DeviceID
	Parties
	Common
}

// ServiceInitiatedEvent reports a device going off-hook to make a call
// (ECMA-285 §15.2.17, module CSTA-service-initiated-event; ECMA-269
// §17.2.17). Of the parties only the called, network and associated
// calling devices exist.
type ServiceInitiatedEvent struct {
	Connection       ConnectionID
	InitiatingDevice DeviceID
	Parties
	Common
}

// Type returns EventDelivered.
func (e *DeliveredEvent) Type() EventType { return EventDelivered }

// Type returns EventEstablished.
func (e *EstablishedEvent) Type() EventType { return EventEstablished }

// Type returns EventFailed.
func (e *FailedEvent) Type() EventType { return EventFailed }

// Type returns EventNetworkReached.
func (e *NetworkReachedEvent) Type() EventType { return EventNetworkReached }

// Type returns EventQueued.
func (e *QueuedEvent) Type() EventType { return EventQueued }

// Type returns EventDiverted.
func (e *DivertedEvent) Type() EventType { return EventDiverted }

// Type returns EventOriginated.
func (e *OriginatedEvent) Type() EventType { return EventOriginated }

// Type returns EventServiceInitiated.
func (e *ServiceInitiatedEvent) Type() EventType { return EventServiceInitiated }

// callHead decodes the connection, the subject device and the optional
// originating NID connection of an alerting-style event.
func (fs *fieldSet) callHead(what string) (ConnectionID, DeviceID, ConnectionID) {
	conn := fs.conn(0, true, "connection")
	subject := fs.device(tagSubjectDevice, 0, true, what)
	nid := fs.conn(1, false, "")
	return conn, subject, nid
}

func decodeDelivered(fs *fieldSet) Event {
	ev := &DeliveredEvent{}
	ev.Connection, ev.AlertingDevice, ev.OriginatingNIDConnection = fs.callHead("alerting device")
	fs.parties(&ev.Parties, true)
	fs.common(&ev.Common, tagExtensions)
	return ev
}

func decodeEstablished(fs *fieldSet) Event {
	ev := &EstablishedEvent{}
	ev.Connection, ev.AnsweringDevice, ev.OriginatingNIDConnection = fs.callHead("answering device")
	fs.parties(&ev.Parties, true)
	fs.common(&ev.Common, tagExtensions)
	return ev
}

func decodeFailed(fs *fieldSet) Event {
	ev := &FailedEvent{}
	ev.Connection, ev.FailingDevice, ev.OriginatingNIDConnection = fs.callHead("failing device")
	fs.parties(&ev.Parties, true)
	fs.common(&ev.Common, tagExtensions)
	return ev
}

func decodeNetworkReached(fs *fieldSet) Event {
	ev := &NetworkReachedEvent{}
	ev.Connection, ev.NetworkInterfaceUsed, ev.OriginatingNIDConnection = fs.callHead("network interface")
	fs.parties(&ev.Parties, true)
	fs.common(&ev.Common, tagExtensions)
	return ev
}

// Tags of QueuedEvent numberQueued [0] and callsInFront [1].
var (
	tagNumberQueued = ctxPrim(0)
	tagCallsInFront = ctxPrim(1)
)

func decodeQueued(fs *fieldSet) Event {
	ev := &QueuedEvent{}
	ev.Connection = fs.conn(0, true, "connection")
	ev.Queue = fs.device(tagSubjectDevice, 0, true, "queue")
	fs.parties(&ev.Parties, true)
	ev.NumberQueued = fs.optInt(tagNumberQueued)
	ev.CallsInFront = fs.optInt(tagCallsInFront)
	fs.common(&ev.Common, tagExtensions)
	return ev
}

func decodeDiverted(fs *fieldSet) Event {
	ev := &DivertedEvent{}
	ev.Connection = fs.conn(0, true, "connection")
	ev.DivertingDevice = fs.device(tagSubjectDevice, 0, true, "diverting device")
	ev.NewDestination = fs.device(tagSubjectDevice, 1, true, "new destination")
	fs.parties(&ev.Parties, false)
	if ev.LastRedirectionDevice.Kind == DeviceNone {
		fs.fail(malformed("last redirection device: missing"))
	}
	fs.common(&ev.Common, tagExtensions)
	return ev
}

func decodeOriginated(fs *fieldSet) Event {
	ev := &OriginatedEvent{}
	ev.Connection = fs.conn(0, true, "connection")
	ev.CallingDevice = fs.device(tagSubjectDevice, 0, true, "calling device")
	ev.CalledDevice = fs.device(tagCalledDevice, 0, true, "called device")
	ev.OriginatingDevice = fs.plainDevice(0)
	ev.NetworkCallingDevice = fs.device(tagNetworkCalling, 0, false, "")
	ev.NetworkCalledDevice = fs.device(tagNetworkCalled, 0, false, "")
	ev.AssociatedCallingDevice = fs.device(tagAssocCalling, 0, false, "")
	ev.AssociatedCalledDevice = fs.device(tagAssocCalled, 0, false, "")
	fs.common(&ev.Common, tagExtensions)
	return ev
}

func decodeServiceInitiated(fs *fieldSet) Event {
	ev := &ServiceInitiatedEvent{}
	ev.Connection = fs.conn(0, true, "connection")
	ev.InitiatingDevice = fs.device(tagSubjectDevice, 0, true, "initiating device")
	ev.CalledDevice = fs.device(tagCalledDevice, 0, false, "")
	ev.NetworkCallingDevice = fs.device(tagNetworkCalling, 0, false, "")
	ev.NetworkCalledDevice = fs.device(tagNetworkCalled, 0, false, "")
	ev.AssociatedCallingDevice = fs.device(tagAssocCalling, 0, false, "")
	fs.common(&ev.Common, tagExtensions)
	return ev
}

// writeAlerting writes an event shaped like DeliveredEvent: connection,
// subject, calling, called, last redirection, originating NID connection,
// local state, cause, network and associated devices, extensions.
func writeAlerting(w *berWriter, conn ConnectionID, subject DeviceID, p Parties, nid ConnectionID, c *Common) {
	writeConnectionID(w, tagConnectionID, conn, "connection")
	writeMandatoryDevice(w, tagSubjectDevice, subject, "subject device")
	writeMandatoryDevice(w, tagCallingDevice, p.CallingDevice, "calling device")
	writeMandatoryDevice(w, tagCalledDevice, p.CalledDevice, "called device")
	writeMandatoryDevice(w, tagRedirection, p.LastRedirectionDevice, "last redirection device")
	if !nid.IsZero() {
		writeConnectionID(w, tagConnectionID, nid, "originating NID connection")
	}
	writeLocalState(w, c.LocalConnectionInfo)
	writeCause(w, tagEnumerated, c.Cause)
	writeNetworkParties(w, &p)
	writeRaw(w, c.Extensions, "extensions")
}

func (e *DeliveredEvent) encode(w *berWriter) {
	writeAlerting(w, e.Connection, e.AlertingDevice, e.Parties, e.OriginatingNIDConnection, &e.Common)
}

func (e *EstablishedEvent) encode(w *berWriter) {
	writeAlerting(w, e.Connection, e.AnsweringDevice, e.Parties, e.OriginatingNIDConnection, &e.Common)
}

func (e *FailedEvent) encode(w *berWriter) {
	writeAlerting(w, e.Connection, e.FailingDevice, e.Parties, e.OriginatingNIDConnection, &e.Common)
}

func (e *NetworkReachedEvent) encode(w *berWriter) {
	p := e.Parties
	p.AssociatedCalledDevice = DeviceID{}
	writeAlerting(w, e.Connection, e.NetworkInterfaceUsed, p, e.OriginatingNIDConnection, &e.Common)
}

func (e *QueuedEvent) encode(w *berWriter) {
	writeConnectionID(w, tagConnectionID, e.Connection, "connection")
	writeMandatoryDevice(w, tagSubjectDevice, e.Queue, "queue")
	writeMandatoryDevice(w, tagCallingDevice, e.CallingDevice, "calling device")
	writeMandatoryDevice(w, tagCalledDevice, e.CalledDevice, "called device")
	writeMandatoryDevice(w, tagRedirection, e.LastRedirectionDevice, "last redirection device")
	if e.NumberQueued != nil {
		w.integer(tagNumberQueued, int64(*e.NumberQueued))
	}
	if e.CallsInFront != nil {
		w.integer(tagCallsInFront, int64(*e.CallsInFront))
	}
	writeLocalState(w, e.LocalConnectionInfo)
	writeCause(w, tagEnumerated, e.Cause)
	writeNetworkParties(w, &e.Parties)
	writeRaw(w, e.Extensions, "extensions")
}

func (e *DivertedEvent) encode(w *berWriter) {
	writeConnectionID(w, tagConnectionID, e.Connection, "connection")
	writeMandatoryDevice(w, tagSubjectDevice, e.DivertingDevice, "diverting device")
	writeMandatoryDevice(w, tagSubjectDevice, e.NewDestination, "new destination")
	writeOptionalDevice(w, tagCallingDevice, e.CallingDevice, "calling device")
	writeOptionalDevice(w, tagCalledDevice, e.CalledDevice, "called device")
	writeMandatoryDevice(w, tagRedirection, e.LastRedirectionDevice, "last redirection device")
	writeLocalState(w, e.LocalConnectionInfo)
	writeCause(w, tagEnumerated, e.Cause)
	writeNetworkParties(w, &e.Parties)
	writeRaw(w, e.Extensions, "extensions")
}

func (e *OriginatedEvent) encode(w *berWriter) {
	writeConnectionID(w, tagConnectionID, e.Connection, "connection")
	writeMandatoryDevice(w, tagSubjectDevice, e.CallingDevice, "calling device")
	writeMandatoryDevice(w, tagCalledDevice, e.CalledDevice, "called device")
	if !e.OriginatingDevice.IsZero() {
		writeDeviceID(w, e.OriginatingDevice, "originating device")
	}
	writeLocalState(w, e.LocalConnectionInfo)
	writeCause(w, tagEnumerated, e.Cause)
	writeNetworkParties(w, &e.Parties)
	writeRaw(w, e.Extensions, "extensions")
}

func (e *ServiceInitiatedEvent) encode(w *berWriter) {
	writeConnectionID(w, tagConnectionID, e.Connection, "connection")
	writeMandatoryDevice(w, tagSubjectDevice, e.InitiatingDevice, "initiating device")
	writeOptionalDevice(w, tagCalledDevice, e.CalledDevice, "called device")
	writeLocalState(w, e.LocalConnectionInfo)
	writeCause(w, tagEnumerated, e.Cause)
	writeOptionalDevice(w, tagNetworkCalling, e.NetworkCallingDevice, "network calling device")
	writeOptionalDevice(w, tagNetworkCalled, e.NetworkCalledDevice, "network called device")
	writeOptionalDevice(w, tagAssocCalling, e.AssociatedCallingDevice, "associated calling device")
	writeRaw(w, e.Extensions, "extensions")
}
