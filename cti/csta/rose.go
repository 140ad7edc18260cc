package csta

import "fmt"

// ROSE APDU tags (X.880, module Remote-Operations-Generic-ROS-PDUs, which
// uses IMPLICIT TAGS).
var (
	tagInvoke       = ctxCons(1)
	tagReturnResult = ctxCons(2)
	tagReturnError  = ctxCons(3)
	tagReject       = ctxCons(4)
	tagLinkedID     = ctxPrim(0) // Invoke linkedId present [0] IMPLICIT
	tagLinkedAbsent = ctxPrim(1) // Invoke linkedId absent [1] IMPLICIT NULL
)

// Invoke ids (PROTOCOLS.md): 1…32767, wrapping.
const (
	MinInvokeID = 1
	MaxInvokeID = 32767
)

// PDU is one decoded CSTA link PDU: *AARQ, *AARE, *RLRQ, *RLRE, *ABRT,
// *Invoke, *ReturnResult, *ReturnError or *Reject.
type PDU interface{ isPDU() }

// Invoke is a ROSE Invoke APDU (X.880 Invoke).
type Invoke struct {
	InvokeID  int
	Operation Operation
	// Argument is the complete BER encoding of the argument, nil if absent.
	// It aliases the decoded buffer.
	Argument []byte
}

// ReturnResult is a ROSE ReturnResult APDU (X.880 ReturnResult).
type ReturnResult struct {
	InvokeID int
	// Operation and Result come from the optional result sequence; when it
	// is absent Operation is zero and Result nil.
	Operation Operation
	// Result is the complete BER encoding of the result value.
	Result []byte
}

// ReturnError is a ROSE ReturnError APDU (X.880 ReturnError). For CSTA the
// error code is 1 (universalFailure) and the parameter a UniversalFailure.
type ReturnError struct {
	InvokeID  int
	ErrorCode int
	// Parameter is the complete BER encoding of the parameter, or nil.
	Parameter []byte
}

// Reject is a ROSE Reject APDU (X.880 Reject).
type Reject struct {
	// InvokeID is the rejected invoke id, or -1 when the peer sent NULL.
	InvokeID int
	Problem  RejectProblem
}

func (*Invoke) isPDU()       {}
func (*ReturnResult) isPDU() {}
func (*ReturnError) isPDU()  {}
func (*Reject) isPDU()       {}

// UniversalFailureCode is the error code of universalFailure (ECMA-285
// module CSTA-error-definition, CODE local:1).
const UniversalFailureCode = 1

// DecodePDU decodes one PDU, dispatching on its first tag. Decoded values
// may alias pdu, which must not be modified afterwards.
func DecodePDU(pdu []byte) (PDU, error) {
	if len(pdu) > MaxPDUSize {
		return nil, malformed("PDU of %d bytes exceeds the limit", len(pdu))
	}
	if inv, ok := decodeInvokeFast(pdu); ok {
		return inv, nil
	}
	e, err := oneTLV(pdu)
	if err != nil {
		return nil, err
	}
	switch e.tag {
	case tagInvoke:
		return decodeInvoke(e)
	case tagReturnResult:
		return decodeReturnResult(e)
	case tagReturnError:
		return decodeReturnError(e)
	case tagReject:
		return decodeReject(e)
	case tagAARQ:
		return decodeAARQ(e)
	case tagAARE:
		return decodeAARE(e)
	case tagRLRQ:
		reason, err := decodeRelease(e)
		return &RLRQ{Reason: reason}, err
	case tagRLRE:
		reason, err := decodeRelease(e)
		return &RLRE{Reason: reason}, err
	case tagABRT:
		return decodeABRT(e)
	}
	return nil, malformed("unknown PDU tag %v", e.tag)
}

// parseInvokeID reads an invoke id INTEGER in the ROSE range.
func parseInvokeID(r *berReader) (int, error) {
	e, err := r.expect(tagInteger, "invoke id")
	if err != nil {
		return 0, err
	}
	id, err := parseSmallInt(e.val)
	if err != nil {
		return 0, err
	}
	if id < -MaxInvokeID-1 || id > MaxInvokeID {
		return 0, malformed("invoke id %d out of range", id)
	}
	return id, nil
}

// parseOpcode reads a local operation or error code.
func parseOpcode(r *berReader, what string) (int, error) {
	if t, ok := r.peek(); ok && t == tagOID {
		return 0, malformed("%s: global codes are not used by CSTA", what)
	}
	e, err := r.expect(tagInteger, what)
	if err != nil {
		return 0, err
	}
	return parseSmallInt(e.val)
}

// rawRest returns the complete encoding of the next element, if any, and
// checks nothing follows it.
func rawRest(r *berReader, what string) ([]byte, error) {
	if !r.more() {
		return nil, nil
	}
	start := r.pos
	e, err := r.next()
	if err != nil {
		return nil, err
	}
	if r.more() {
		return nil, malformed("%s: unexpected element after %v", what, e.tag)
	}
	return r.b[start:r.pos:r.pos], nil
}

// decodeInvokeFast decodes an Invoke in its usual layout: an invoke id
// and a local operation code of one or two octets each, no linked id, and
// an argument whose header tlvHeader reads. ok is false for any other
// layout, which decodeInvoke then decodes or refuses; every Invoke this
// accepts decodes the same way there.
func decodeInvokeFast(pdu []byte) (*Invoke, bool) {
	id, off, end, ok := tlvHeader(pdu, 0)
	if !ok || id != octInvoke || end != len(pdu) {
		return nil, false
	}
	invokeID, p, ok := shortInteger(pdu, off, end)
	if !ok {
		return nil, false
	}
	op, p, ok := shortInteger(pdu, p, end)
	if !ok {
		return nil, false
	}
	var arg []byte
	if p < end {
		if _, _, argEnd, ok := tlvHeader(pdu, p); !ok || argEnd != end {
			return nil, false
		}
		arg = pdu[p:end:end]
	}
	return &Invoke{InvokeID: invokeID, Operation: Operation(op), Argument: arg}, true
}

func decodeInvoke(e element) (*Invoke, error) {
	r := e.children()
	id, err := parseInvokeID(&r)
	if err != nil {
		return nil, err
	}
	if t, ok := r.peek(); ok && (t == tagLinkedID || t == tagLinkedAbsent) {
		if _, err := r.next(); err != nil {
			return nil, err
		}
	}
	op, err := parseOpcode(&r, "invoke operation")
	if err != nil {
		return nil, err
	}
	arg, err := rawRest(&r, "invoke")
	if err != nil {
		return nil, err
	}
	return &Invoke{InvokeID: id, Operation: Operation(op), Argument: arg}, nil
}

func decodeReturnResult(e element) (*ReturnResult, error) {
	r := e.children()
	id, err := parseInvokeID(&r)
	if err != nil {
		return nil, err
	}
	res := &ReturnResult{InvokeID: id}
	if !r.more() {
		return res, nil
	}
	seq, err := r.expect(tagSequence, "result")
	if err != nil {
		return nil, err
	}
	if r.more() {
		return nil, malformed("return result: trailing elements")
	}
	sr := seq.children()
	op, err := parseOpcode(&sr, "result operation")
	if err != nil {
		return nil, err
	}
	res.Operation = Operation(op)
	if res.Result, err = rawRest(&sr, "result"); err != nil {
		return nil, err
	}
	return res, nil
}

func decodeReturnError(e element) (*ReturnError, error) {
	r := e.children()
	id, err := parseInvokeID(&r)
	if err != nil {
		return nil, err
	}
	code, err := parseOpcode(&r, "error code")
	if err != nil {
		return nil, err
	}
	param, err := rawRest(&r, "return error")
	if err != nil {
		return nil, err
	}
	return &ReturnError{InvokeID: id, ErrorCode: code, Parameter: param}, nil
}

func decodeReject(e element) (*Reject, error) {
	r := e.children()
	rej := &Reject{InvokeID: -1}
	if _, isNull, err := r.optional(tagNull); err != nil {
		return nil, err
	} else if !isNull {
		if rej.InvokeID, err = parseInvokeID(&r); err != nil {
			return nil, err
		}
	}
	p, err := r.next()
	if err != nil {
		return nil, malformed("reject without problem")
	}
	if p.tag.class() != classContext || p.tag.constructed() || p.tag.number() > uint32(ProblemReturnError) {
		return nil, malformed("reject: unexpected problem tag %v", p.tag)
	}
	code, err := parseSmallInt(p.val)
	if err != nil {
		return nil, err
	}
	rej.Problem = RejectProblem{Kind: ProblemKind(p.tag.number()), Code: code}
	if r.more() {
		return nil, malformed("reject: trailing elements")
	}
	return rej, nil
}

// checkRaw verifies that b, if not nil, is exactly one well-formed TLV.
func checkRaw(b []byte, what string) error {
	if b == nil {
		return nil
	}
	if _, err := oneTLV(b); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// Marshal encodes the Invoke. It fails if Argument is not one TLV.
func (v *Invoke) Marshal() ([]byte, error) {
	if err := checkRaw(v.Argument, "invoke argument"); err != nil {
		return nil, err
	}
	var w berWriter
	w.open(tagInvoke)
	w.integer(tagInteger, int64(v.InvokeID))
	w.integer(tagInteger, int64(v.Operation))
	w.raw(v.Argument)
	w.close()
	return w.bytes(), nil
}

// Marshal encodes the ReturnResult. The result sequence is written when
// Operation is not zero. It fails if Result is not one TLV.
func (v *ReturnResult) Marshal() ([]byte, error) {
	if err := checkRaw(v.Result, "result"); err != nil {
		return nil, err
	}
	var w berWriter
	w.open(tagReturnResult)
	w.integer(tagInteger, int64(v.InvokeID))
	if v.Operation != 0 {
		w.open(tagSequence)
		w.integer(tagInteger, int64(v.Operation))
		w.raw(v.Result)
		w.close()
	}
	w.close()
	return w.bytes(), nil
}

// Marshal encodes the ReturnError. It fails if Parameter is not one TLV.
func (v *ReturnError) Marshal() ([]byte, error) {
	if err := checkRaw(v.Parameter, "error parameter"); err != nil {
		return nil, err
	}
	var w berWriter
	w.open(tagReturnError)
	w.integer(tagInteger, int64(v.InvokeID))
	w.integer(tagInteger, int64(v.ErrorCode))
	w.raw(v.Parameter)
	w.close()
	return w.bytes(), nil
}

// Marshal encodes the Reject; an InvokeID below zero is sent as NULL.
func (v *Reject) Marshal() []byte {
	var w berWriter
	w.open(tagReject)
	if v.InvokeID < 0 {
		w.null(tagNull)
	} else {
		w.integer(tagInteger, int64(v.InvokeID))
	}
	w.integer(ctxPrim(uint32(v.Problem.Kind)&3), int64(v.Problem.Code))
	w.close()
	return w.bytes()
}

// NullResult returns the encoding of NULL, the noData alternative of the
// CSTA results that carry nothing.
func NullResult() []byte { return []byte{0x05, 0x00} }
