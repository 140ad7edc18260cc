package csta

import "fmt"

// ACSE APDU tags (X.227, module ACSE-1 {joint-iso-itu-t association-control(2)
// modules(0) acse1(1) version1(1)}).
var (
	tagAARQ = appCons(0)
	tagAARE = appCons(1)
	tagRLRQ = appCons(2)
	tagRLRE = appCons(3)
	tagABRT = appCons(4)
)

// Field tags inside the ACSE APDUs.
var (
	tagProtocolVersion = ctxPrim(0)  // [0] IMPLICIT BIT STRING
	tagContextName     = ctxCons(1)  // [1] ASO-context-name (explicit)
	tagAssocResult     = ctxCons(2)  // AARE [2] Associate-result (explicit)
	tagResultSource    = ctxCons(3)  // AARE [3] Associate-source-diagnostic
	tagUserInformation = ctxCons(30) // [30] IMPLICIT Association-data
	tagReleaseReason   = ctxPrim(0)  // RLRQ/RLRE [0] IMPLICIT INTEGER
	tagAbortSource     = ctxPrim(0)  // ABRT [0] IMPLICIT ABRT-source
	tagAbortDiagnostic = ctxPrim(1)  // ABRT [1] IMPLICIT ABRT-diagnostic
	tagSingleASN1Type  = ctxCons(0)  // EXTERNAL encoding single-ASN1-type [0]
	tagNewUserInfo     = ctxCons(0)  // ACSEUserInformationForCSTA newDefinition [0]
)

// protocolVersion1 is the ACSE protocol-version bit string {version1}.
const protocolVersion1 = 1

// Versions is a set of CSTA protocol versions, the CSTAVersion BIT STRING of
// ECMA-285 module CSTA-application-context-information-csta3: bit i is the
// version with the named bit i.
type Versions uint32

// CSTA versions (named bits of CSTAVersion).
const (
	VersionOne      Versions = 1 << 0  // ECMA-180
	VersionTwo      Versions = 1 << 1  // ECMA-218 (Phase II)
	VersionThree    Versions = 1 << 2  // ECMA-285 1st edition
	VersionFour     Versions = 1 << 3  // ISO/IEC 18052
	VersionFive     Versions = 1 << 4  // ECMA-285 2nd edition
	VersionFifteen  Versions = 1 << 14 // ECMA-285 3rd edition
	VersionNineteen Versions = 1 << 18 // ECMA-285 4th edition
)

// versionOctets is how many octets the CSTAVersion bit string takes at
// least: Panasonic and its clients use two (aarq.hex, aare.hex).
const versionOctets = 2

// AARQ is the ACSE A-ASSOCIATE request APDU (X.227 AARQ-apdu) that opens
// the CSTA association, carrying ACSEUserInformationForCSTA (ECMA-285
// §8.2 and module CSTA-application-context-information-csta3).
type AARQ struct {
	// ApplicationContext is the ASO context name; nil means
	// CSTAApplicationContext().
	ApplicationContext ObjectID
	// Versions is the CSTA version set offered in the user information;
	// zero omits the user information.
	Versions Versions
}

// AssociateResult is the result field of an AARE (X.227 Associate-result).
type AssociateResult int

// Associate results.
const (
	AssociateAccepted          AssociateResult = 0
	AssociateRejectedPermanent AssociateResult = 1
	AssociateRejectedTransient AssociateResult = 2
)

// String names the result.
func (r AssociateResult) String() string {
	switch r {
	case AssociateAccepted:
		return "accepted"
	case AssociateRejectedPermanent:
		return "rejected (permanent)"
	case AssociateRejectedTransient:
		return "rejected (transient)"
	}
	return fmt.Sprintf("result(%d)", int(r))
}

// Diagnostic sources of an AARE (X.227 Associate-source-diagnostic).
const (
	DiagnosticServiceUser     = 1 // acse-service-user [1]
	DiagnosticServiceProvider = 2 // acse-service-provider [2]
)

// AARE is the ACSE A-ASSOCIATE response APDU (X.227 AARE-apdu).
type AARE struct {
	ApplicationContext ObjectID
	Result             AssociateResult
	// DiagnosticSource is DiagnosticServiceUser or DiagnosticServiceProvider;
	// DiagnosticValue is the reason within that source (1 = no reason given).
	DiagnosticSource int
	DiagnosticValue  int
	// Versions is the CSTA version set of the user information, zero if
	// absent.
	Versions Versions
}

// Accepted reports whether the association was accepted.
func (a *AARE) Accepted() bool { return a.Result == AssociateAccepted }

// RLRQ is the ACSE A-RELEASE request APDU (X.227 RLRQ-apdu).
type RLRQ struct {
	// Reason is the release-request reason (0 normal); -1 omits it.
	Reason int
}

// RLRE is the ACSE A-RELEASE response APDU (X.227 RLRE-apdu).
type RLRE struct {
	// Reason is the release-response reason (0 normal); -1 omits it.
	Reason int
}

// ABRT is the ACSE A-ABORT APDU (X.227 ABRT-apdu).
type ABRT struct {
	// Source is 0 for the ACSE service user, 1 for the provider.
	Source int
	// Diagnostic is the ABRT-diagnostic value; 0 omits it.
	Diagnostic int
}

func (*AARQ) isPDU() {}
func (*AARE) isPDU() {}
func (*RLRQ) isPDU() {}
func (*RLRE) isPDU() {}
func (*ABRT) isPDU() {}

// Marshal encodes the AARQ.
func (a *AARQ) Marshal() []byte {
	var w berWriter
	w.open(tagAARQ)
	writeACSEHead(&w, a.ApplicationContext)
	writeUserInformation(&w, a.Versions)
	w.close()
	return w.bytes()
}

// Marshal encodes the AARE.
func (a *AARE) Marshal() []byte {
	var w berWriter
	w.open(tagAARE)
	writeACSEHead(&w, a.ApplicationContext)
	w.open(tagAssocResult)
	w.integer(tagInteger, int64(a.Result))
	w.close()
	w.open(tagResultSource)
	src := a.DiagnosticSource
	if src != DiagnosticServiceProvider {
		src = DiagnosticServiceUser
	}
	w.open(ctxCons(uint32(src)))
	w.integer(tagInteger, int64(a.DiagnosticValue))
	w.close()
	w.close()
	writeUserInformation(&w, a.Versions)
	w.close()
	return w.bytes()
}

// writeACSEHead writes protocol-version and the application context name.
func writeACSEHead(w *berWriter, ctx ObjectID) {
	w.prim(tagProtocolVersion, []byte{7, 0x80}) // {version1}: one bit, 7 unused
	if ctx == nil {
		ctx = CSTAApplicationContext()
	}
	w.open(tagContextName)
	w.prim(tagOID, appendOID(nil, ctx))
	w.close()
}

// writeUserInformation writes the EXTERNAL with ACSEUserInformationForCSTA
// in its newDefinition form holding only the version.
func writeUserInformation(w *berWriter, v Versions) {
	if v == 0 {
		return
	}
	w.open(tagUserInformation)
	w.open(tagExternal)
	w.prim(tagOID, appendOID(nil, CSTAUserInformation()))
	w.open(tagSingleASN1Type)
	w.open(tagNewUserInfo)
	w.bits(tagBitString, uint32(v), versionOctets)
	w.close()
	w.close()
	w.close()
	w.close()
}

// Marshal encodes the RLRQ.
func (a *RLRQ) Marshal() []byte { return marshalRelease(tagRLRQ, a.Reason) }

// Marshal encodes the RLRE.
func (a *RLRE) Marshal() []byte { return marshalRelease(tagRLRE, a.Reason) }

func marshalRelease(t tag, reason int) []byte {
	var w berWriter
	w.open(t)
	if reason >= 0 {
		w.integer(tagReleaseReason, int64(reason))
	}
	w.close()
	return w.bytes()
}

// Marshal encodes the ABRT.
func (a *ABRT) Marshal() []byte {
	var w berWriter
	w.open(tagABRT)
	w.integer(tagAbortSource, int64(a.Source))
	if a.Diagnostic != 0 {
		w.integer(tagAbortDiagnostic, int64(a.Diagnostic))
	}
	w.close()
	return w.bytes()
}

// decodeAARQ decodes the content of an AARQ.
func decodeAARQ(e element) (*AARQ, error) {
	a := &AARQ{}
	r := e.children()
	for r.more() {
		f, err := r.next()
		if err != nil {
			return nil, err
		}
		switch f.tag {
		case tagContextName:
			if a.ApplicationContext, err = parseContextName(f); err != nil {
				return nil, err
			}
		case tagUserInformation:
			if a.Versions, err = parseUserInformation(f); err != nil {
				return nil, err
			}
		}
	}
	if a.ApplicationContext == nil {
		return nil, malformed("AARQ without application context name")
	}
	return a, nil
}

// decodeAARE decodes the content of an AARE.
func decodeAARE(e element) (*AARE, error) {
	a := &AARE{Result: -1}
	r := e.children()
	for r.more() {
		f, err := r.next()
		if err != nil {
			return nil, err
		}
		switch f.tag {
		case tagContextName:
			a.ApplicationContext, err = parseContextName(f)
		case tagAssocResult:
			var n int
			n, err = parseExplicitInt(f, tagInteger)
			a.Result = AssociateResult(n)
		case tagResultSource:
			err = parseSourceDiagnostic(f, a)
		case tagUserInformation:
			a.Versions, err = parseUserInformation(f)
		}
		if err != nil {
			return nil, err
		}
	}
	if a.Result < 0 {
		return nil, malformed("AARE without result")
	}
	return a, nil
}

// parseContextName decodes [1] { OBJECT IDENTIFIER }.
func parseContextName(f element) (ObjectID, error) {
	r := f.children()
	o, err := r.expect(tagOID, "application context name")
	if err != nil {
		return nil, err
	}
	return parseOID(o.val)
}

// parseExplicitInt decodes an explicitly tagged INTEGER-like value.
func parseExplicitInt(f element, inner tag) (int, error) {
	r := f.children()
	v, err := r.expect(inner, f.tag.String())
	if err != nil {
		return 0, err
	}
	return parseSmallInt(v.val)
}

// parseSourceDiagnostic decodes Associate-source-diagnostic.
func parseSourceDiagnostic(f element, a *AARE) error {
	r := f.children()
	c, err := r.next()
	if err != nil {
		return err
	}
	if c.tag != ctxCons(DiagnosticServiceUser) && c.tag != ctxCons(DiagnosticServiceProvider) {
		return malformed("result source diagnostic: unexpected tag %v", c.tag)
	}
	a.DiagnosticSource = int(c.tag.number())
	a.DiagnosticValue, err = parseExplicitInt(c, tagInteger)
	return err
}

// parseUserInformation finds the CSTA EXTERNAL and returns its versions.
// Other EXTERNALs are ignored.
func parseUserInformation(f element) (Versions, error) {
	r := f.children()
	for r.more() {
		ext, err := r.expect(tagExternal, "user information")
		if err != nil {
			return 0, err
		}
		er := ext.children()
		ref, ok, err := er.optional(tagOID)
		if err != nil || !ok {
			return 0, malformed("user information EXTERNAL without direct reference")
		}
		o, err := parseOID(ref.val)
		if err != nil {
			return 0, err
		}
		if !o.Equal(CSTAUserInformation()) {
			continue
		}
		enc, err := er.expect(tagSingleASN1Type, "CSTA user information")
		if err != nil {
			return 0, err
		}
		return parseCSTAUserInfo(enc)
	}
	return 0, nil
}

// parseCSTAUserInfo decodes ACSEUserInformationForCSTA (either definition)
// down to its cSTAVersion.
func parseCSTAUserInfo(enc element) (Versions, error) {
	r := enc.children()
	choice, err := r.next()
	if err != nil {
		return 0, err
	}
	if choice.tag != tagNewUserInfo && choice.tag != tagSequence {
		return 0, malformed("CSTA user information: unexpected tag %v", choice.tag)
	}
	cr := choice.children()
	bs, err := cr.expect(tagBitString, "CSTA version")
	if err != nil {
		return 0, err
	}
	m, err := parseBits(bs.val)
	return Versions(m), err
}

// decodeRelease decodes the content of an RLRQ or RLRE.
func decodeRelease(e element) (int, error) {
	r := e.children()
	reason := -1
	for r.more() {
		f, err := r.next()
		if err != nil {
			return 0, err
		}
		if f.tag == tagReleaseReason {
			if reason, err = parseSmallInt(f.val); err != nil {
				return 0, err
			}
		}
	}
	return reason, nil
}

// decodeABRT decodes the content of an ABRT.
func decodeABRT(e element) (*ABRT, error) {
	a := &ABRT{Source: -1}
	r := e.children()
	for r.more() {
		f, err := r.next()
		if err != nil {
			return nil, err
		}
		switch f.tag {
		case tagAbortSource:
			a.Source, err = parseSmallInt(f.val)
		case tagAbortDiagnostic:
			a.Diagnostic, err = parseSmallInt(f.val)
		}
		if err != nil {
			return nil, err
		}
	}
	if a.Source < 0 {
		return nil, malformed("ABRT without abort source")
	}
	return a, nil
}
