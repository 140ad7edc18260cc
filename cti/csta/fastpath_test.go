package csta

import (
	"reflect"
	"testing"
)

// The fast paths (decodeInvokeFast, eventReportHeader, callEventFast and
// the device, connection and list entry fast paths) must decode whatever
// they accept exactly as the general decoders do; anything else they
// leave to the general decoders. FuzzFastPaths checks both on every
// input, for every TLV inside it.

// fastEventTypes are the events callEventFast decodes.
var fastEventTypes = []EventType{EventDelivered, EventEstablished, EventFailed, EventNetworkReached,
	EventConnectionCleared, EventHeld, EventRetrieved, EventTransferred}

// longLength re-encodes the outer length of a one-TLV encoding b in the
// long form of k octets.
func longLength(b []byte, k int) []byte {
	out := []byte{b[0], byte(lenLongForm | k)}
	for i := k - 1; i >= 0; i-- {
		out = append(out, byte(b[1]>>(8*i)))
	}
	return append(out, b[2:]...)
}

// fastPathSeeds returns PDUs of every event type, the captures, and
// variants the fast paths leave to the general decoders.
func fastPathSeeds(t testing.TB) [][]byte {
	seeds := eventMix(t)
	for i, ev := range roundTripEvents(t) {
		arg, err := EventReport{CrossRef: []byte{0, 1}, Event: ev}.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		pdu, err := (&Invoke{InvokeID: 200 + i, Operation: OpEventReport, Argument: arg}).Marshal()
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, pdu, longLength(pdu, 1), longLength(pdu, 2), longLength(pdu, 3),
			arg, longLength(arg, 1), longLength(arg, 2))
	}
	for _, s := range []string{
		"a10b 020101 800101 020115 3000",                              // linked id
		"a10a 0202ff80 0202 0115 3000",                                // negative two-octet id, two-octet opcode
		"a10a 020101 0603 2b0601 3000",                                // global opcode
		"a109 020101 020115 3000 00",                                  // element after the argument
		"a106 020101 020115",                                          // no argument
		"3019 5502 0001 a013 a411 6b0f300d8002002aa10730058003313031", // delivered without subject
		"3023 5502 0001 a01d a31b 6b0f300d8002002aa10730058003313031 6302 8700 4e0180 0a0116",       // negative local state
		"3024 5502 0001 a01e a31c 6b0f300d8002002aa10730058003313031 6302 8700 0a020016 0a0116",     // two-octet cause
		"3025 5502 0001 a01f a31d 6b0f300d8002002aa10730058003313031 6302 8700 6303 8001 31 0a0116", // second subject device
	} {
		seeds = append(seeds, mustHex(t, s))
	}
	return seeds
}

func FuzzFastPaths(f *testing.F) {
	for _, s := range fastPathSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkInvokeFast(t, b)
		arg := b
		if p, err := DecodePDU(b); err == nil {
			if inv, ok := p.(*Invoke); ok {
				arg = inv.Argument
			}
		}
		checkReportHeader(t, arg)
		checkCallEvents(t, arg)
		walkTLVs(newReader(arg), 0, func(e element) { checkElementFast(t, arg, e) })
	})
}

// checkInvokeFast compares decodeInvokeFast with decodeInvoke.
func checkInvokeFast(t *testing.T, pdu []byte) {
	got, ok := decodeInvokeFast(pdu)
	if !ok {
		return
	}
	e, err := oneTLV(pdu)
	if err != nil || e.tag != tagInvoke {
		t.Fatalf("decodeInvokeFast(%x) accepted what oneTLV refuses: %v", pdu, err)
	}
	want, err := decodeInvoke(e)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeInvokeFast(%x) = %+v, want %+v, %v", pdu, got, want, err)
	}
}

// checkReportHeader compares eventReportHeader with splitEventReport.
func checkReportHeader(t *testing.T, arg []byte) {
	cat, ref, ev, ok := eventReportHeader(arg)
	if !ok {
		return
	}
	wantCat, wantRef, wantEv, err := splitEventReport(arg)
	if err != nil || cat != wantCat || !reflect.DeepEqual(ref, wantRef) || !reflect.DeepEqual(ev, wantEv) {
		t.Fatalf("eventReportHeader(%x) = %v, %x, %+v, want %v, %x, %+v, %v",
			arg, cat, ref, ev, wantCat, wantRef, wantEv, err)
	}
}

// checkCallEvents decodes the event of arg as each event type
// callEventFast handles, and compares it with the fieldSet decoders.
func checkCallEvents(t *testing.T, arg []byte) {
	_, _, ev, err := splitEventReport(arg)
	if err != nil {
		return
	}
	for _, typ := range fastEventTypes {
		e := ev
		e.tag = ctxCons(uint32(typ.Number()))
		fast := decoder{src: arg}
		got, ok := fast.callEventFast(typ, e)
		if !ok {
			continue
		}
		general := decoder{src: arg}
		var fs fieldSet
		err := general.fields(e, &fs)
		var want Event
		if err == nil {
			want = decodeTyped(typ, &fs)
			err = fs.err
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("callEventFast(%v, %x) = %+v, want %+v, %v", typ, e.val, got, want, err)
		}
	}
}

// walkTLVs calls visit for every well-formed TLV r reaches, descending
// into constructed ones.
func walkTLVs(r berReader, depth int, visit func(element)) {
	for r.more() && depth < maxNesting {
		e, err := r.next()
		if err != nil {
			return
		}
		visit(e)
		if e.tag.constructed() {
			walkTLVs(e.children(), depth+1, visit)
		}
	}
}

// checkElementFast compares the device, connection and list entry fast
// paths on the content of e with the general decoders.
func checkElementFast(t *testing.T, src []byte, e element) {
	d := decoder{src: src}
	end := e.off + len(e.val)
	for _, redirection := range []bool{false, true} {
		if got, ok := d.fastChoice(e.off, end, redirection); ok {
			want, err := d.choiceDeviceSlow(e, redirection)
			if err != nil || got != want {
				t.Fatalf("fastChoice(%x, %v) = %+v, want %+v, %v", e.val, redirection, got, want, err)
			}
		}
	}
	if got, ok := d.fastDevice(e.start, end); ok {
		want, err := d.deviceID(e)
		if err != nil || got != want {
			t.Fatalf("fastDevice(%x) = %+v, want %+v, %v", src[e.start:end], got, want, err)
		}
	}
	if got, ok := d.fastListDevice(e.off, end); ok {
		want, err := d.listDevice(e)
		if err != nil || got != want {
			t.Fatalf("fastListDevice(%x) = %+v, want %+v, %v", e.val, got, want, err)
		}
	}
	if got, ok := d.fastConnection(e.off, end); ok {
		want, err := d.connectionIDSlow(e)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("fastConnection(%x) = %+v, want %+v, %v", e.val, got, want, err)
		}
	}
	if got, ok := d.fastListEntry(e.off, end); ok {
		want, err := d.connectionListEntrySlow(e)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("fastListEntry(%x) = %+v, want %+v, %v", e.val, got, want, err)
		}
	}
}

func TestFastPathOctets_MatchTags(t *testing.T) {
	tests := []struct {
		name string
		oct  byte
		want tag
	}{
		{"INTEGER", octInteger, tagInteger},
		{"SEQUENCE", octSequence, tagSequence},
		{"NULL", octNull, tagNull},
		{"cross reference", octCrossRefID, tagCrossRefID},
		{"invoke", octInvoke, tagInvoke},
		{"calling device", octCallingDevice, tagCallingDevice},
		{"called device", octCalledDevice, tagCalledDevice},
		{"subject device", octSubjectDevice, tagSubjectDevice},
		{"redirection device", octRedirection, tagRedirection},
		{"associated calling device", octAssocCalling, tagAssocCalling},
		{"associated called device", octAssocCalled, tagAssocCalled},
		{"network calling device", octNetworkCalling, tagNetworkCalling},
		{"network called device", octNetworkCalled, tagNetworkCalled},
		{"connection id", octConnectionID, tagConnectionID},
		{"local state", octLocalState, tagLocalState},
		{"cause", octEnumerated, tagEnumerated},
		{"extensions", octExtensions, tagExtensions},
		{"secondary old call", octSecondaryOldCall, tagSecondaryOldCall},
		{"transferred connections", octTransferredConns, tagTransferredConns},
		{"list new connection", octListNew, tagListNew},
		{"list old connection", octListOld, tagListOld},
		{"list endpoint", octListEndpoint, tagListEndpoint},
		{"list associated NID", octListNID, tagListNID},
		{"dialing number", octDialingNumber, ctxPrim(0)},
		{"device number", octDeviceNumber, tagIdentifierNumber},
		{"call id", octCallID, tagCallID},
		{"connection device", octConnDevice, tagConnDevice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shortTag(tt.oct); got != tt.want {
				t.Errorf("shortTag(%#x) = %v, want %v", tt.oct, got, tt.want)
			}
		})
	}
}

func TestCallEventFast_TakesTheMix(t *testing.T) {
	for _, pdu := range eventMix(t) {
		p, err := DecodePDU(pdu)
		if err != nil {
			t.Fatalf("DecodePDU(%x) error = %v", pdu, err)
		}
		cat, _, ev, err := splitEventReport(p.(*Invoke).Argument)
		if err != nil {
			t.Fatalf("splitEventReport(%x) error = %v", pdu, err)
		}
		typ := EventType(cat)<<8 | EventType(ev.tag.number())
		t.Run(typ.String(), func(t *testing.T) {
			d := decoder{src: p.(*Invoke).Argument}
			if _, ok := d.callEventFast(typ, ev); !ok {
				t.Errorf("callEventFast(%v) gave up on the benchmark's event", typ)
			}
		})
	}
}
