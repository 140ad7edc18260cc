package csta

// Fast paths for the encodings that make up most of every event: a
// DeviceID holding only a dialing number or a device number, a device
// CHOICE of such a DeviceID or a NULL alternative, and a ConnectionID
// "both" of a call and such a device. They read the bytes directly
// instead of walking the TLVs; anything else, or anything unexpected,
// falls back to the general decoders, which decode everything the fast
// paths accept in the same way (fastpath_test.go checks it).

// Identifier octets the fast paths recognise.
const (
	octInteger       = 0x02 // INTEGER
	octSequence      = 0x30 // SEQUENCE
	octCrossRefID    = 0x55 // MonitorCrossRefID [APPLICATION 21]
	octInvoke        = 0xa1 // ROSE Invoke [1]
	octContextCons   = 0xa0 // class and form bits of a constructed context tag
	octNull          = 0x05 // NULL
	octListNew       = 0xa0 // ConnectionList entry newConnection [0]
	octListOld       = 0xa1 // ConnectionList entry oldConnection [1]
	octListEndpoint  = 0xa2 // ConnectionList entry endpoint [2]
	octListNID       = 0xa3 // ConnectionList entry associatedNID [3]
	octDialingNumber = 0x80 // DeviceID dialingNumber [0]
	octDeviceNumber  = 0x81 // DeviceID deviceNumber [1]
	octCallID        = 0x80 // ConnectionID callID [0]
	octConnDevice    = 0xa1 // ConnectionID deviceID [1]
)

// fastChoice decodes d.src[off:end], the content of a device CHOICE,
// when it is a NULL alternative or a DeviceID fastDevice accepts.
func (d *decoder) fastChoice(off, end int, redirection bool) (DeviceID, bool) {
	if end-off == 2 && off >= 0 && end <= len(d.src) && d.src[off+1] == 0 {
		kind, ok := nullAlternative(shortTag(d.src[off]), redirection)
		return DeviceID{Kind: kind}, ok
	}
	return d.fastDevice(off, end)
}

// fastDevice decodes d.src[off:end], which must be exactly one DeviceID
// SEQUENCE, when it holds only a short dialing or device number.
func (d *decoder) fastDevice(off, end int) (DeviceID, bool) {
	if off < 0 || end > len(d.src) || end-off < 4 {
		return DeviceID{}, false
	}
	v := d.src[off:end]
	if v[0] != octSequence || v[1] >= lenLongForm || int(v[1]) != len(v)-2 ||
		v[3] >= lenLongForm || int(v[3]) != len(v)-4 {
		return DeviceID{}, false
	}
	switch v[2] {
	case octDialingNumber:
		return DeviceID{Kind: DeviceDialingNumber, Digits: d.stringAt(off+4, end)}, true
	case octDeviceNumber:
		n, err := parseInt(v[4:])
		return DeviceID{Kind: DeviceNumbered, Number: n}, err == nil
	}
	return DeviceID{}, false
}

// fastConnection decodes d.src[off:end], the content of a ConnectionID,
// when it is "both" with a short call id and a device fastDevice accepts.
func (d *decoder) fastConnection(off, end int) (ConnectionID, bool) {
	if off < 0 || end > len(d.src) || end-off < 6 {
		return ConnectionID{}, false
	}
	v := d.src[off:end]
	if v[0] != octSequence || v[1] >= lenLongForm || int(v[1]) != len(v)-2 ||
		v[2] != octCallID || v[3] >= lenLongForm {
		return ConnectionID{}, false
	}
	c := int(v[3])
	dev := 4 + c // offset of the [1] device
	if dev+2 > len(v) || v[dev] != octConnDevice || v[dev+1] >= lenLongForm || int(v[dev+1]) != len(v)-dev-2 {
		return ConnectionID{}, false
	}
	device, ok := d.fastDevice(off+dev+2, end)
	if !ok {
		return ConnectionID{}, false
	}
	return ConnectionID{Call: v[4 : 4+c : 4+c], Device: device}, true
}

// fastListEntry decodes d.src[off:end], the content of a ConnectionList
// entry, when its connections are ones fastConnection accepts and its
// devices DeviceIDs fastDevice accepts or NULL (not known).
func (d *decoder) fastListEntry(off, end int) (ConnectionListEntry, bool) {
	var entry ConnectionListEntry
	if off < 0 || end > len(d.src) {
		return entry, false
	}
	b := d.src[:end]
	for p := off; p < end; {
		id, fieldEnd, ok := shortTLV(b, p)
		if !ok {
			return entry, false
		}
		switch id {
		case octListNew, octListOld:
			inner, connEnd, ok := shortTLV(b, p+2)
			if !ok || inner != octConnectionID || connEnd != fieldEnd {
				return entry, false
			}
			c, ok := d.fastConnection(p+4, fieldEnd)
			if !ok {
				return entry, false
			}
			if id == octListNew {
				entry.New = c
			} else {
				entry.Old = c
			}
		case octListEndpoint, octListNID:
			dev, ok := d.fastListDevice(p+2, fieldEnd)
			if !ok {
				return entry, false
			}
			if id == octListEndpoint {
				entry.Endpoint = dev
			} else {
				entry.AssociatedNID = dev
			}
		}
		p = fieldEnd
	}
	return entry, true
}

// fastListDevice decodes d.src[off:end], the content of an endpoint or
// associatedNID, when it is NULL or a DeviceID fastDevice accepts.
func (d *decoder) fastListDevice(off, end int) (DeviceID, bool) {
	if end-off == 2 && off >= 0 && end <= len(d.src) && d.src[off] == octNull && d.src[off+1] == 0 {
		return DeviceID{Kind: DeviceNotKnown}, true
	}
	return d.fastDevice(off, end)
}
