#!/usr/bin/env python3
"""Independent check of Linka's CSTA encodings with pyasn1.

The types here and in csta_asn1.py are written by hand from the ASN.1 modules of ECMA-285
(CSTA Phase III), X.880 (ROSE) and X.227 (ACSE), independently of the Go
codec. Each argument is KIND=FILE, FILE holding one raw BER PDU; the PDU is
decoded with the schema of KIND, must be consumed entirely, and a summary
of its main fields is printed as "KIND: OK key=value ...". Any failure
prints "KIND: FAIL reason" and the exit status is 1.

Kinds: aarq, aare, rlrq, invoke (the argument is decoded by its operation
code), result (ReturnResult; the result by its operation code), error
(ReturnError; the parameter of universalFailure, code 1, as a
UniversalFailure), reject (Reject).

Works with pyasn1 0.4 (Debian python3-pyasn1) and later.
"""

import sys

from pyasn1.codec.ber import decoder
from pyasn1.type import char, namedtype, namedval, tag, univ, useful

from csta_asn1 import (CALL_CONTROL_EVENTS, LOGICAL_DEVICE_EVENTS, NT, OPT, CSTACommonArguments,
                       ConnectionID, ConnectionList, DeviceID, EventCause, MonitorCrossRefID,
                       SnapshotDeviceResult, UniversalFailure, app, choice, ctx, exp, ext, imp, seq)


# --- CSTA-event-report-definitions ------------------------------------------

EVENT_CATEGORIES = {0: CALL_CONTROL_EVENTS, 4: LOGICAL_DEVICE_EVENTS}


def decode_exact(data, spec):
    value, rest = decoder.decode(data, asn1Spec=spec)
    if rest:
        raise ValueError("%d trailing bytes" % len(rest))
    return value


def decode_event_report(arg):
    outer = seq(NT("crossRefIdentifier", MonitorCrossRefID()), NT("eventSpecificInfo", univ.Any()))
    report = decode_exact(arg, outer())
    info = bytes(report["eventSpecificInfo"])
    category = info[0] & 0x1f
    inner = decode_exact(info, exp(univ.Any(), category))
    inner = bytes(inner)
    number = inner[0] & 0x1f
    name, event_type = EVENT_CATEGORIES[category][number]
    event = decode_exact(inner, imp(event_type(), number, True))
    return "event=%s cref=%s %s" % (name, bytes(report["crossRefIdentifier"]).hex(), summarize(event))


# --- Services ----------------------------------------------------------------


class CSTAObject(univ.Choice):
    componentType = namedtype.NamedTypes(NT("deviceObject", DeviceID()), NT("callObject", ConnectionID()))


class MonitorFilter(univ.Sequence):
    componentType = namedtype.NamedTypes(
        OPT("callControl", imp(univ.BitString(), 0)),
        OPT("callAssociated", imp(univ.BitString(), 6)),
        OPT("mediaAttachment", imp(univ.BitString(), 7)),
        OPT("physicalDeviceFeature", imp(univ.BitString(), 8)),
        OPT("logicalDeviceFeature", imp(univ.BitString(), 9)),
        OPT("maintenance", imp(univ.BitString(), 3)),
        OPT("voiceUnit", imp(univ.BitString(), 5)),
        OPT("private", imp(univ.BitString(), 4)))


# KME private data as the Panasonic clients decode it (all tags explicit).
KmeDeviceEntry = seq(NT("device", DeviceID()), NT("number", char.IA5String()),
                     NT("status", univ.Enumerated()), OPT("status2", univ.Integer()))
KmeSysData = seq(NT("deviceList", exp(univ.SequenceOf(componentType=KmeDeviceEntry()), 38)))
KmeLinkedReply = seq(NT("crossRefID", exp(univ.OctetString(), 0)),
                     NT("segmentID", exp(univ.Integer(), 1)),
                     NT("lastSegment", exp(univ.Boolean(), 2)),
                     NT("sysData", exp(KmeSysData(), 3)))
KmeRequest = choice(NT("deviceList", exp(choice(NT("category", exp(choice(
    NT("standardDevice", exp(choice(NT("reqStandardDevice", univ.Enumerated()))(), 0)))(), 1)))(), 4)))
KmeSystemData = choice(NT("getSystemData", exp(choice(NT("request", KmeRequest()))(), 0)),
                       NT("systemDataLinkedReply", exp(KmeLinkedReply(), 3)),
                       NT("getSystemDataPosAck", exp(univ.OctetString(), 4)))
KmePrivateData = choice(NT("kmeSystemData", exp(KmeSystemData(), 4)))

ARGUMENTS = {
    2: ("answerCall", seq(NT("callToBeAnswered", ConnectionID()), OPT("correlatorData", univ.OctetString()), ext())),
    5: ("clearConnection", seq(NT("connectionToBeCleared", ConnectionID()), OPT("correlatorData", univ.OctetString()),
                               OPT("reason", EventCause()), ext())),
    7: ("consultationCall", seq(NT("existingCall", imp(ConnectionID(), 0, True)),
                                NT("consultedDevice", exp(DeviceID(), 1)),
                                OPT("connectionReservation", imp(univ.Boolean(), 2)),
                                OPT("accountCode", imp(univ.OctetString(), 3)),
                                OPT("authCode", imp(univ.OctetString(), 4)),
                                OPT("correlatorData", imp(univ.OctetString(), 5)),
                                OPT("consultOptions", imp(univ.Enumerated(), 10)), ext())),
    9: ("holdCall", seq(NT("callToBeHeld", ConnectionID()), OPT("connectionReservation", univ.Boolean()), ext())),
    10: ("makeCall", seq(NT("callingDevice", DeviceID()), NT("calledDirectoryNumber", DeviceID()),
                         OPT("accountCode", imp(univ.OctetString(), 0)), OPT("authCode", imp(univ.OctetString(), 1)),
                         OPT("autoOriginate", imp(univ.Enumerated(), 3)),
                         OPT("correlatorData", imp(univ.OctetString(), 2)), ext())),
    14: ("retrieveCall", seq(NT("callToBeRetrieved", ConnectionID()), ext())),
    16: ("transferCall", seq(NT("heldCall", ConnectionID()), NT("activeCall", ConnectionID()), ext())),
    19: ("sendDTMFTones", seq(NT("connectionToSendTones", ConnectionID()), NT("charactersToSend", char.IA5String()))),
    50: ("singleStepTransferCall", seq(NT("activeCall", ConnectionID()), NT("transferredTo", DeviceID()),
                                       OPT("accountCode", imp(univ.OctetString(), 0)),
                                       OPT("authCode", imp(univ.OctetString(), 1)),
                                       OPT("correlatorData", imp(univ.OctetString(), 2)), ext())),
    51: ("escape", seq(NT("privateData", KmePrivateData()))),
    52: ("systemStatus", seq(NT("systemStatus", univ.Enumerated()))),
    71: ("monitorStart", seq(NT("monitorObject", CSTAObject()),
                            OPT("requestedMonitorFilter", imp(MonitorFilter(), 0, True)),
                            OPT("monitorType", univ.Enumerated()), ext())),
    73: ("monitorStop", seq(NT("crossRefIdentifier", MonitorCrossRefID()), ext())),
    74: ("snapshotDevice", seq(NT("snapshotObject", DeviceID()), ext())),
    211: ("systemStatus", seq(OPT("sysStatRegisterID", univ.OctetString()), NT("systemStatus", univ.Enumerated()), ext())),
    218: ("deflectCall", seq(NT("callToBeDiverted", ConnectionID()), NT("newDestination", DeviceID()), ext())),
    232: ("generateDigits", seq(NT("connectionToSendDigits", ConnectionID()), OPT("digitMode", univ.Enumerated()),
                               NT("charactersToSend", char.IA5String()),
                               OPT("toneDuration", imp(univ.Integer(), 0)), OPT("pulseRate", imp(univ.Integer(), 1)),
                               OPT("pauseDuration", imp(univ.Integer(), 2)), ext())),
    312: ("setAgentState", seq(NT("device", DeviceID()), NT("requestedAgentState", univ.Enumerated()),
                               OPT("agentID", imp(univ.OctetString(), 2)), OPT("password", imp(univ.OctetString(), 3)),
                               OPT("group", DeviceID()), ext())),
    363: ("startCDRTransmission", seq(NT("transferMode", univ.Enumerated()), ext())),
    364: ("stopCDRTransmission", seq(NT("cdrCrossRefID", univ.OctetString()), OPT("cdrTermReason", univ.Enumerated()), ext())),
}

NO_DATA = choice(NT("extensions", CSTACommonArguments()), NT("noData", univ.Null()))
TRANSFER_RESULT = seq(NT("transferredCall", ConnectionID()), OPT("connections", imp(ConnectionList(), 0, True)), ext())
RESULTS = {
    10: ("makeCall", seq(NT("callingDevice", ConnectionID()), ext())),
    16: ("transferCall", TRANSFER_RESULT),
    50: ("singleStepTransferCall", TRANSFER_RESULT),
    51: ("escape", NO_DATA),
    52: ("systemStatus", NO_DATA),
    74: ("snapshotDevice", SnapshotDeviceResult),
    71: ("monitorStart", seq(NT("crossRefIdentifier", MonitorCrossRefID()),
                             OPT("actualmonitorFilter", imp(MonitorFilter(), 0, True)), ext())),
    211: ("systemStatus", NO_DATA),
    361: ("cDRReport", NO_DATA),
    363: ("startCDRTransmission", seq(NT("cdrCrossRefID", univ.OctetString()), ext())),
}
for _op in (2, 5, 9, 14, 73, 218, 232, 364):
    RESULTS[_op] = (ARGUMENTS[_op][0], NO_DATA)

# --- ROSE (X.880 Remote-Operations-Generic-ROS-PDUs, IMPLICIT TAGS) ---------


class Invoke(univ.Sequence):
    componentType = namedtype.NamedTypes(
        NT("invokeId", univ.Integer()),
        OPT("linkedId", imp(univ.Integer(), 0)),
        NT("opcode", univ.Integer()),
        OPT("argument", univ.Any()))
    tagSet = univ.Sequence.tagSet.tagImplicitly(ctx(1, True))


class ReturnResult(univ.Sequence):
    componentType = namedtype.NamedTypes(
        NT("invokeId", univ.Integer()),
        OPT("result", seq(NT("opcode", univ.Integer()), OPT("result", univ.Any()))()))
    tagSet = univ.Sequence.tagSet.tagImplicitly(ctx(2, True))


class ReturnError(univ.Sequence):
    componentType = namedtype.NamedTypes(
        NT("invokeId", univ.Integer()),
        NT("errcode", univ.Integer()),
        OPT("parameter", univ.Any()))
    tagSet = univ.Sequence.tagSet.tagImplicitly(ctx(3, True))


def problem(*names):
    class Problem(univ.Integer):
        namedValues = namedval.NamedValues(*names)
    return Problem


GeneralProblem = problem(("unrecognizedPDU", 0), ("mistypedPDU", 1), ("badlyStructuredPDU", 2))
InvokeProblem = problem(("duplicateInvocation", 0), ("unrecognizedOperation", 1), ("mistypedArgument", 2),
                        ("resourceLimitation", 3), ("releaseInProgress", 4), ("unrecognizedLinkedId", 5),
                        ("linkedResponseUnexpected", 6), ("unexpectedLinkedOperation", 7))
ReturnResultProblem = problem(("unrecognizedInvocation", 0), ("resultResponseUnexpected", 1),
                              ("mistypedResult", 2))
ReturnErrorProblem = problem(("unrecognizedInvocation", 0), ("errorResponseUnexpected", 1),
                             ("unrecognizedError", 2), ("unexpectedError", 3), ("mistypedParameter", 4))


class Reject(univ.Sequence):
    componentType = namedtype.NamedTypes(
        NT("invokeId", choice(NT("present", univ.Integer()), NT("absent", univ.Null()))()),
        NT("problem", choice(NT("general", imp(GeneralProblem(), 0)),
                             NT("invoke", imp(InvokeProblem(), 1)),
                             NT("returnResult", imp(ReturnResultProblem(), 2)),
                             NT("returnError", imp(ReturnErrorProblem(), 3)))()))
    tagSet = univ.Sequence.tagSet.tagImplicitly(ctx(4, True))

# --- ACSE (X.227 ACSE-1) and the CSTA user information ----------------------


class External(univ.Sequence):
    componentType = namedtype.NamedTypes(
        OPT("direct-reference", univ.ObjectIdentifier()),
        OPT("indirect-reference", univ.Integer()),
        NT("encoding", choice(NT("single-ASN1-type", exp(univ.Any(), 0)),
                              NT("octet-aligned", imp(univ.OctetString(), 1)),
                              NT("arbitrary", imp(univ.BitString(), 2)))()))
    tagSet = univ.Sequence.tagSet.tagImplicitly(tag.Tag(tag.tagClassUniversal, tag.tagFormatConstructed, 8))


UserInformation = imp(univ.SequenceOf(componentType=External()), 30, True)
NewUserInfo = imp(seq(NT("cSTAVersion", univ.BitString()))(), 0, True)


class AARQ(univ.Sequence):
    componentType = namedtype.NamedTypes(
        OPT("protocol-version", imp(univ.BitString(), 0)),
        NT("aSO-context-name", exp(univ.ObjectIdentifier(), 1)),
        OPT("user-information", UserInformation))
    tagSet = univ.Sequence.tagSet.tagImplicitly(app(0, True))


class AARE(univ.Sequence):
    componentType = namedtype.NamedTypes(
        OPT("protocol-version", imp(univ.BitString(), 0)),
        NT("aSO-context-name", exp(univ.ObjectIdentifier(), 1)),
        NT("result", exp(univ.Integer(), 2)),
        NT("result-source-diagnostic", exp(choice(NT("acse-service-user", exp(univ.Integer(), 1)),
                                                  NT("acse-service-provider", exp(univ.Integer(), 2)))(), 3)),
        OPT("user-information", UserInformation))
    tagSet = univ.Sequence.tagSet.tagImplicitly(app(1, True))


class RLRQ(univ.Sequence):
    componentType = namedtype.NamedTypes(OPT("reason", imp(univ.Integer(), 0)))
    tagSet = univ.Sequence.tagSet.tagImplicitly(app(2, True))


def csta_versions(acse):
    if acse.getComponentByName("user-information", default=None, instantiate=False) is None:
        return "none"
    ext_ = acse["user-information"][0]
    if str(ext_["direct-reference"]) != "1.3.12.0.285.200":
        raise ValueError("user information direct reference %s" % ext_["direct-reference"])
    info = decode_exact(bytes(ext_["encoding"]["single-ASN1-type"]), NewUserInfo)
    bits = info["cSTAVersion"].asBinary()
    return ",".join(str(i) for i, b in enumerate(bits) if b == "1")

# --- Summaries and main ------------------------------------------------------


def summarize(value):
    """Flatten the set components to name=value, recursing into
    constructed ones, for the Go test to compare."""
    parts = []

    def walk(prefix, v):
        if isinstance(v, univ.Null):
            parts.append("%s=null" % prefix)
        elif isinstance(v, univ.Choice):
            name = v.getName()
            walk(prefix + "." + name if prefix else name, v.getComponent())
        elif isinstance(v, (univ.Sequence, univ.Set)):
            present = [name for name in v
                       if v.getComponentByName(name, default=None, instantiate=False) is not None]
            if not present:
                parts.append("%s={}" % prefix)
            for name in present:
                walk(prefix + "." + name if prefix else name, v[name])
        elif isinstance(v, univ.SequenceOf):
            parts.append("%s=#%d" % (prefix, len(v)))
            for i, c in enumerate(v):
                walk("%s[%d]" % (prefix, i), c)
        elif isinstance(v, (univ.OctetString, char.IA5String)) and not isinstance(v, useful.GeneralizedTime):
            raw = bytes(v)
            text = raw.decode("ascii") if raw and all(0x20 < b < 0x7f for b in raw) else raw.hex()
            parts.append("%s=%s" % (prefix, text))
        elif isinstance(v, univ.BitString):
            parts.append("%s=b%s" % (prefix, v.asBinary()))
        else:
            parts.append("%s=%s" % (prefix, v.prettyPrint()))
    walk("", value)
    return " ".join(parts)


def check(kind, data):
    if kind == "aarq":
        a = decode_exact(data, AARQ())
        return "context=%s versions=%s" % (a["aSO-context-name"], csta_versions(a))
    if kind == "aare":
        a = decode_exact(data, AARE())
        return "context=%s result=%s versions=%s" % (a["aSO-context-name"], a["result"], csta_versions(a))
    if kind == "rlrq":
        return summarize(decode_exact(data, RLRQ()))
    if kind == "invoke":
        inv = decode_exact(data, Invoke())
        op, arg = int(inv["opcode"]), bytes(inv["argument"])
        if op == 21:
            return "id=%d op=21 %s" % (inv["invokeId"], decode_event_report(arg))
        name, spec = ARGUMENTS[op]
        return "id=%d op=%s %s" % (inv["invokeId"], name, summarize(decode_exact(arg, spec())))
    if kind == "result":
        rr = decode_exact(data, ReturnResult())
        op = int(rr["result"]["opcode"])
        name, spec = RESULTS[op]
        return "id=%d op=%s %s" % (rr["invokeId"], name, summarize(decode_exact(bytes(rr["result"]["result"]), spec())))
    if kind == "error":
        re_ = decode_exact(data, ReturnError())
        code = int(re_["errcode"])
        if code != 1:
            raise ValueError("error code %d is not universalFailure (1)" % code)
        param = decode_exact(bytes(re_["parameter"]), UniversalFailure())
        return "id=%d errcode=%d %s" % (re_["invokeId"], code, summarize(param))
    if kind == "reject":
        return summarize(decode_exact(data, Reject()))
    raise ValueError("unknown kind " + kind)


def main(args):
    failed = False
    for arg in args:
        kind, _, path = arg.partition("=")
        label = path.rsplit("/", 1)[-1]
        try:
            with open(path, "rb") as f:
                print("%s: OK %s" % (label, check(kind, f.read())))
        except Exception as e:  # report every failure, keep checking
            failed = True
            print("%s: FAIL %s: %s" % (label, type(e).__name__, str(e)[:300]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
