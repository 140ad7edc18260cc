package csta

import "testing"

// eventMix returns a realistic mix of event report PDUs: a call from the
// public network ringing, answered, held, transferred and cleared.
func eventMix(b testing.TB) [][]byte {
	conn := ConnectionID{Call: []byte{0x00, 0x2a}, Device: DialingNumber("101")}
	other := ConnectionID{Call: []byte{0x00, 0x2b}, Device: DialingNumber("102")}
	ext := mustHex(b, "7e0e a10c a60a a608 3006 8104 01110065")
	events := []Event{
		&ConnectionClearedEvent{Connection: conn, ReleasingDevice: DialingNumber("602123456"),
			Common: Common{LocalConnectionInfo: StateNull, Cause: CauseNormalClearing, Extensions: ext}},
		&HeldEvent{Connection: conn, HoldingDevice: DialingNumber("101"),
			Common: Common{LocalConnectionInfo: StateHold, Cause: CauseNormal}},
		&TransferredEvent{PrimaryOldCall: conn, SecondaryOldCall: other, TransferringDevice: DialingNumber("101"),
			TransferredToDevice: DialingNumber("102"), TransferredConnections: []ConnectionListEntry{
				{New: other, Old: conn, Endpoint: DialingNumber("602123456")}},
			Common: Common{LocalConnectionInfo: StateNull, Cause: CauseTransfer}},
	}
	pdus := [][]byte{loadHex(b, "delivered-101.hex"), loadHex(b, "established-101.hex")}
	for i, ev := range events {
		arg, err := EventReport{CrossRef: []byte{0, 1}, Event: ev}.Marshal()
		if err != nil {
			b.Fatal(err)
		}
		pdu, err := (&Invoke{InvokeID: 10 + i, Operation: OpEventReport, Argument: arg}).Marshal()
		if err != nil {
			b.Fatal(err)
		}
		pdus = append(pdus, pdu)
	}
	return pdus
}

// BenchmarkDecodeEvents decodes event report PDUs, from the framed bytes
// to typed events; one op is one event.
func BenchmarkDecodeEvents(b *testing.B) {
	pdus := eventMix(b)
	var size int
	for _, p := range pdus {
		size += len(p)
	}
	b.SetBytes(int64(size / len(pdus)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pdu, err := DecodePDU(pdus[i%len(pdus)])
		if err != nil {
			b.Fatal(err)
		}
		inv := pdu.(*Invoke)
		rep, err := DecodeEventReport(inv.Argument)
		if err != nil || rep.Event == nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeEvent encodes a delivered event report.
func BenchmarkEncodeEvent(b *testing.B) {
	rep := EventReport{CrossRef: []byte{0, 1}, Event: &DeliveredEvent{
		Connection:     ConnectionID{Call: []byte{0, 0x2a}, Device: DialingNumber("101")},
		AlertingDevice: DialingNumber("101"), Parties: goldenParties,
		Common: Common{LocalConnectionInfo: StateAlerting, Cause: CauseNewCall}}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := rep.Marshal(); err != nil {
			b.Fatal(err)
		}
	}
}
