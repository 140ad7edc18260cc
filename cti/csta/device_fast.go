package csta

// Fast paths for the encodings that make up most of every event: a
// DeviceID holding only a dialing number or a device number, and a
// ConnectionID "both" of a call and such a device. They read the bytes
// directly instead of walking the TLVs; anything else, or anything
// unexpected, falls back to the general decoders.

// Identifier octets the fast paths recognise.
const (
	octSequence      = 0x30 // SEQUENCE
	octDialingNumber = 0x80 // DeviceID dialingNumber [0]
	octDeviceNumber  = 0x81 // DeviceID deviceNumber [1]
	octCallID        = 0x80 // ConnectionID callID [0]
	octConnDevice    = 0xa1 // ConnectionID deviceID [1]
)

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
		if !d.has {
			d.str, d.has = string(d.src), true
		}
		return DeviceID{Kind: DeviceDialingNumber, Digits: d.str[off+4 : end]}, true
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
