package csta

// ConnectionClearedEvent reports a device leaving a call (ECMA-285
// §15.2.4, module CSTA-connection-cleared-event; ECMA-269 §17.2.4).
type ConnectionClearedEvent struct {
	Connection      ConnectionID
	ReleasingDevice DeviceID
	Common
}

// HeldEvent reports a call put on hold (ECMA-285 §15.2.10, module
// CSTA-held-event; ECMA-269 §17.2.10).
type HeldEvent struct {
	Connection    ConnectionID
	HoldingDevice DeviceID
	Common
}

// RetrievedEvent reports a held call taken back (ECMA-285 §15.2.16,
// module CSTA-retrieved-event; ECMA-269 §17.2.16).
type RetrievedEvent struct {
	Connection       ConnectionID
	RetrievingDevice DeviceID
	Common
}

// TransferredEvent reports a call transferred to another device (ECMA-285
// §15.2.18, module CSTA-transferred-event; ECMA-269 §17.2.18).
type TransferredEvent struct {
	PrimaryOldCall      ConnectionID
	SecondaryOldCall    ConnectionID // optional, [0] IMPLICIT
	TransferringDevice  DeviceID
	TransferredToDevice DeviceID
	// TransferredConnections maps the old connections to the new ones.
	TransferredConnections []ConnectionListEntry
	Common
}

// ConferencedEvent reports calls joined into a conference (ECMA-285
// §15.2.3, module CSTA-conferenced-event; ECMA-269 §17.2.3). Its
// extensions are tagged [5].
type ConferencedEvent struct {
	PrimaryOldCall        ConnectionID
	SecondaryOldCall      ConnectionID // optional
	ConferencingDevice    DeviceID
	AddedParty            DeviceID
	ConferenceConnections []ConnectionListEntry
	Common
}

// Type returns EventConnectionCleared.
func (e *ConnectionClearedEvent) Type() EventType { return EventConnectionCleared }

// Type returns EventHeld.
func (e *HeldEvent) Type() EventType { return EventHeld }

// Type returns EventRetrieved.
func (e *RetrievedEvent) Type() EventType { return EventRetrieved }

// Type returns EventTransferred.
func (e *TransferredEvent) Type() EventType { return EventTransferred }

// Type returns EventConferenced.
func (e *ConferencedEvent) Type() EventType { return EventConferenced }

// Tags specific to the transfer and conference events.
var (
	tagSecondaryOldCall  = ctxCons(0) // TransferredEvent secondaryOldCall [0] IMPLICIT
	tagTransferredConns  = ctxCons(1) // TransferredEvent [1] IMPLICIT ConnectionList
	tagConferencedExtras = ctxCons(5) // ConferencedEvent extensions [5] IMPLICIT
)

func decodeConnectionCleared(fs *fieldSet) Event {
	ev := &ConnectionClearedEvent{}
	ev.Connection = fs.conn(0, true, "dropped connection")
	ev.ReleasingDevice = fs.device(tagSubjectDevice, 0, true, "releasing device")
	fs.common(&ev.Common, tagExtensions)
	return ev
}

func decodeHeld(fs *fieldSet) Event {
	ev := &HeldEvent{}
	ev.Connection = fs.conn(0, true, "held connection")
	ev.HoldingDevice = fs.device(tagSubjectDevice, 0, true, "holding device")
	fs.common(&ev.Common, tagExtensions)
	return ev
}

func decodeRetrieved(fs *fieldSet) Event {
	ev := &RetrievedEvent{}
	ev.Connection = fs.conn(0, true, "retrieved connection")
	ev.RetrievingDevice = fs.device(tagSubjectDevice, 0, true, "retrieving device")
	fs.common(&ev.Common, tagExtensions)
	return ev
}

func decodeTransferred(fs *fieldSet) Event {
	ev := &TransferredEvent{}
	ev.PrimaryOldCall = fs.conn(0, true, "primary old call")
	ev.SecondaryOldCall = fs.connTagged(tagSecondaryOldCall, 0, false, "secondary old call")
	ev.TransferringDevice = fs.device(tagSubjectDevice, 0, true, "transferring device")
	ev.TransferredToDevice = fs.device(tagSubjectDevice, 1, true, "transferred-to device")
	if e, ok := fs.find(tagTransferredConns, 0); ok {
		list, err := fs.d.connectionList(e)
		fs.fail(err)
		ev.TransferredConnections = list
	} else {
		fs.fail(malformed("transferred connections: missing"))
	}
	fs.common(&ev.Common, tagExtensions)
	return ev
}

func decodeConferenced(fs *fieldSet) Event {
	ev := &ConferencedEvent{}
	ev.PrimaryOldCall = fs.conn(0, true, "primary old call")
	ev.SecondaryOldCall = fs.conn(1, false, "secondary old call")
	ev.ConferencingDevice = fs.device(tagSubjectDevice, 0, true, "conferencing device")
	ev.AddedParty = fs.device(tagSubjectDevice, 1, true, "added party")
	if e, ok := fs.find(tagSequence, 0); ok {
		list, err := fs.d.connectionList(e)
		fs.fail(err)
		ev.ConferenceConnections = list
	} else {
		fs.fail(malformed("conference connections: missing"))
	}
	fs.common(&ev.Common, tagConferencedExtras)
	return ev
}

// writeSimple writes the connection-device-common shape shared by
// ConnectionCleared, Held and Retrieved.
func writeSimple(w *berWriter, conn ConnectionID, dev DeviceID, c *Common) {
	writeConnectionID(w, tagConnectionID, conn, "connection")
	writeMandatoryDevice(w, tagSubjectDevice, dev, "subject device")
	writeLocalState(w, c.LocalConnectionInfo)
	writeCause(w, tagEnumerated, c.Cause)
	writeRaw(w, c.Extensions, "extensions")
}

func (e *ConnectionClearedEvent) encode(w *berWriter) {
	writeSimple(w, e.Connection, e.ReleasingDevice, &e.Common)
}

func (e *HeldEvent) encode(w *berWriter) { writeSimple(w, e.Connection, e.HoldingDevice, &e.Common) }

func (e *RetrievedEvent) encode(w *berWriter) {
	writeSimple(w, e.Connection, e.RetrievingDevice, &e.Common)
}

func (e *TransferredEvent) encode(w *berWriter) {
	writeConnectionID(w, tagConnectionID, e.PrimaryOldCall, "primary old call")
	if !e.SecondaryOldCall.IsZero() {
		writeConnectionID(w, tagSecondaryOldCall, e.SecondaryOldCall, "secondary old call")
	}
	writeMandatoryDevice(w, tagSubjectDevice, e.TransferringDevice, "transferring device")
	writeMandatoryDevice(w, tagSubjectDevice, e.TransferredToDevice, "transferred-to device")
	writeConnectionList(w, tagTransferredConns, e.TransferredConnections)
	writeLocalState(w, e.LocalConnectionInfo)
	writeCause(w, tagEnumerated, e.Cause)
	writeRaw(w, e.Extensions, "extensions")
}

func (e *ConferencedEvent) encode(w *berWriter) {
	writeConnectionID(w, tagConnectionID, e.PrimaryOldCall, "primary old call")
	if !e.SecondaryOldCall.IsZero() {
		writeConnectionID(w, tagConnectionID, e.SecondaryOldCall, "secondary old call")
	}
	writeMandatoryDevice(w, tagSubjectDevice, e.ConferencingDevice, "conferencing device")
	writeMandatoryDevice(w, tagSubjectDevice, e.AddedParty, "added party")
	writeConnectionList(w, tagSequence, e.ConferenceConnections)
	writeLocalState(w, e.LocalConnectionInfo)
	writeCause(w, tagEnumerated, e.Cause)
	if e.Extensions != nil {
		writeImplicitExtensions(w, tagConferencedExtras, e.Extensions)
	}
}

// writeImplicitExtensions writes CSTACommonArguments (given in its usual
// [APPLICATION 30] encoding) under the implicit tag t.
func writeImplicitExtensions(w *berWriter, t tag, ext []byte) {
	e, err := oneTLV(ext)
	if err != nil {
		w.fail("extensions: %v", err)
		return
	}
	w.prim(t, e.val)
}

// ConnectionListEntry is one element of a ConnectionList (ECMA-285 module
// CSTA-connection-states; ECMA-269 clause 12.3.8): how a connection of a
// device changed in a transfer or conference.
type ConnectionListEntry struct {
	New ConnectionID
	Old ConnectionID
	// Endpoint is the device (DeviceNotKnown or DeviceRestricted allowed).
	Endpoint DeviceID
	// AssociatedNID is the network interface device (DeviceNotKnown allowed).
	AssociatedNID DeviceID
}

// Tags of ConnectionList entries (explicit context tags).
var (
	tagListNew        = ctxCons(0)
	tagListOld        = ctxCons(1)
	tagListEndpoint   = ctxCons(2)
	tagListNID        = ctxCons(3)
	tagListRestricted = ctxCons(1) // endpoint restricted [1] NULL
)

// maxListEntries bounds the entries accepted in one ConnectionList.
const maxListEntries = 64

// connectionList decodes the content of a ConnectionList under any tag.
func (d *decoder) connectionList(e element) ([]ConnectionListEntry, error) {
	var out []ConnectionListEntry
	r := e.children()
	for r.more() {
		if len(out) == maxListEntries {
			return nil, malformed("connection list longer than %d", maxListEntries)
		}
		item, err := r.expect(tagSequence, "connection list entry")
		if err != nil {
			return nil, err
		}
		entry, err := d.connectionListEntry(item)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = make([]ConnectionListEntry, 0, 1+countTLVs(r.b[r.pos:], maxListEntries-1))
		}
		out = append(out, entry)
	}
	return out, nil
}

// connectionListEntry decodes the content of one ConnectionList entry.
func (d *decoder) connectionListEntry(item element) (ConnectionListEntry, error) {
	if entry, ok := d.fastListEntry(item.off, item.off+len(item.val)); ok {
		return entry, nil
	}
	return d.connectionListEntrySlow(item)
}

// connectionListEntrySlow is connectionListEntry for every encoding,
// reporting what is malformed. A later field of a tag replaces an
// earlier one; fields of other tags are ignored.
func (d *decoder) connectionListEntrySlow(item element) (ConnectionListEntry, error) {
	var entry ConnectionListEntry
	r := item.children()
	for r.more() {
		f, err := r.next()
		if err != nil {
			return entry, err
		}
		switch f.tag {
		case tagListNew, tagListOld:
			fr := f.children()
			inner, err := fr.expect(tagConnectionID, "connection list connection")
			if err != nil {
				return entry, err
			}
			c, err := d.connectionID(inner)
			if err != nil {
				return entry, err
			}
			if f.tag == tagListNew {
				entry.New = c
			} else {
				entry.Old = c
			}
		case tagListEndpoint, tagListNID:
			dev, err := d.listDevice(f)
			if err != nil {
				return entry, err
			}
			if f.tag == tagListEndpoint {
				entry.Endpoint = dev
			} else {
				entry.AssociatedNID = dev
			}
		}
	}
	return entry, nil
}

// listDevice decodes the explicit endpoint or associatedNID CHOICE.
func (d *decoder) listDevice(f element) (DeviceID, error) {
	r := f.children()
	c, err := r.next()
	if err != nil {
		return DeviceID{}, err
	}
	switch c.tag {
	case tagNull:
		return DeviceID{Kind: DeviceNotKnown}, checkNull(c.val)
	case tagListRestricted:
		return DeviceID{Kind: DeviceRestricted}, nil
	}
	return d.deviceID(c)
}

// writeConnectionList writes a ConnectionList under tag t.
func writeConnectionList(w *berWriter, t tag, list []ConnectionListEntry) {
	w.open(t)
	for _, entry := range list {
		w.open(tagSequence)
		if !entry.New.IsZero() {
			w.open(tagListNew)
			writeConnectionID(w, tagConnectionID, entry.New, "new connection")
			w.close()
		}
		if !entry.Old.IsZero() {
			w.open(tagListOld)
			writeConnectionID(w, tagConnectionID, entry.Old, "old connection")
			w.close()
		}
		writeListDevice(w, tagListEndpoint, entry.Endpoint)
		writeListDevice(w, tagListNID, entry.AssociatedNID)
		w.close()
	}
	w.close()
}

// writeListDevice writes an optional endpoint or associatedNID.
func writeListDevice(w *berWriter, t tag, dev DeviceID) {
	switch dev.Kind {
	case DeviceNone:
		return
	case DeviceNotKnown:
		w.open(t)
		w.null(tagNull)
		w.close()
	case DeviceRestricted:
		if t != tagListEndpoint {
			w.fail("associated NID cannot be restricted")
			return
		}
		w.open(t)
		w.open(tagListRestricted)
		w.null(tagNull)
		w.close()
		w.close()
	default:
		w.open(t)
		writeDeviceID(w, dev, "connection list device")
		w.close()
	}
}
