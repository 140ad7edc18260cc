"""ECMA-285 (CSTA Phase III) types for check_pdus.py, written by hand for
pyasn1 from the ASN.1 modules named in each section: devices, connections,
common arguments and the events Linka decodes. Not derived from the Go codec.
"""

from pyasn1.type import char, namedtype, namedval, tag, univ

NT = namedtype.NamedType
OPT = namedtype.OptionalNamedType


def ctx(n, cons=False):
    fmt = tag.tagFormatConstructed if cons else tag.tagFormatSimple
    return tag.Tag(tag.tagClassContext, fmt, n)


def app(n, cons=False):
    fmt = tag.tagFormatConstructed if cons else tag.tagFormatSimple
    return tag.Tag(tag.tagClassApplication, fmt, n)


def imp(t, n, cons=False):
    """[n] IMPLICIT t"""
    return t.subtype(implicitTag=ctx(n, cons))


def exp(t, n):
    """[n] t (explicit: the modules use default EXPLICIT tagging)"""
    return t.subtype(explicitTag=ctx(n, True))


# --- CSTA-device-identifiers ----------------------------------------------

TON_NAMES = ["unknown", "international", "national", "networkspecific", "subscriber", "abbreviated"]
PRIVATE_TON_NAMES = ["unknown", "level3RegionalNumber", "level2RegionalNumber",
                     "level1RegionalNumber", "pTNSpecificNumber", "localNumber", "abbreviated"]


class PublicTON(univ.Choice):
    componentType = namedtype.NamedTypes(
        *[NT(n, imp(char.IA5String(), i)) for i, n in enumerate(TON_NAMES)])


class PrivateTON(univ.Choice):
    componentType = namedtype.NamedTypes(
        *[NT(n, imp(char.IA5String(), i)) for i, n in enumerate(PRIVATE_TON_NAMES)])


class DeviceIdentifier(univ.Choice):
    componentType = namedtype.NamedTypes(
        NT("dialingNumber", imp(char.IA5String(), 0)),
        NT("deviceNumber", imp(univ.Integer(), 1)),
        NT("implicitPublic", imp(char.IA5String(), 2)),
        NT("explicitPublic", exp(PublicTON(), 3)),
        NT("implicitPrivate", imp(char.IA5String(), 4)),
        NT("explicitPrivate", exp(PrivateTON(), 5)),
        NT("other", imp(univ.OctetString(), 6)))


class DeviceID(univ.Sequence):
    # privateNumber [0] and privateName [1] are left out: Linka never sends
    # them and pyasn1 cannot tell [0] from the dialingNumber [0] by form.
    componentType = namedtype.NamedTypes(NT("deviceIdentifier", DeviceIdentifier()))


def device_choice(number, redirection=False):
    """The [APPLICATION n] CHOICE device types (CallingDeviceID, …)."""
    if redirection:
        alternatives = [NT("numberdialed", DeviceID()),
                        NT("notKnown", imp(univ.Null(), 7)),
                        NT("notRequired", imp(univ.Null(), 8)),
                        NT("notSpecified", imp(univ.Null(), 9)),
                        NT("restricted", imp(univ.Null(), 10))]
    else:
        alternatives = [NT("deviceIdentifier", DeviceID()),
                        NT("notKnown", imp(univ.Null(), 7)),
                        NT("restricted", imp(univ.Null(), 8))]

    class DeviceChoice(univ.Choice):
        componentType = namedtype.NamedTypes(*alternatives)
        tagSet = univ.Choice.tagSet.tagExplicitly(app(number, True))
    return DeviceChoice


CallingDeviceID = device_choice(1)
CalledDeviceID = device_choice(2)
SubjectDeviceID = device_choice(3)
RedirectionDeviceID = device_choice(4, redirection=True)
AssociatedCallingDeviceID = device_choice(5)
AssociatedCalledDeviceID = device_choice(6)
NetworkCallingDeviceID = device_choice(7)
NetworkCalledDeviceID = device_choice(8)

# --- CSTA-call-connection-identifiers, CSTA-connection-states ---------------


class LocalDeviceID(univ.Choice):
    componentType = namedtype.NamedTypes(
        NT("staticID", DeviceID()),
        NT("dynamicID", imp(univ.OctetString(), 3)))


class ConnectionBoth(univ.Sequence):
    componentType = namedtype.NamedTypes(
        NT("callID", imp(univ.OctetString(), 0)),
        NT("deviceID", exp(LocalDeviceID(), 1)))


class ConnectionID(univ.Choice):
    componentType = namedtype.NamedTypes(
        NT("callID", imp(univ.OctetString(), 0)),
        NT("deviceID", exp(LocalDeviceID(), 1)),
        NT("both", ConnectionBoth()))
    tagSet = univ.Choice.tagSet.tagExplicitly(app(11, True))


class LocalConnectionState(univ.Enumerated):
    tagSet = univ.Enumerated.tagSet.tagImplicitly(app(14))


class Endpoint(univ.Choice):
    componentType = namedtype.NamedTypes(
        NT("deviceID", DeviceID()),
        NT("notKnown", univ.Null()),
        NT("restricted", exp(univ.Null(), 1)))


class AssociatedNID(univ.Choice):
    componentType = namedtype.NamedTypes(
        NT("deviceID", DeviceID()),
        NT("notKnown", univ.Null()))


class ConnectionListItem(univ.Sequence):
    componentType = namedtype.NamedTypes(
        OPT("newConnection", exp(ConnectionID(), 0)),
        OPT("oldConnection", exp(ConnectionID(), 1)),
        OPT("endpoint", exp(Endpoint(), 2)),
        OPT("associatedNID", exp(AssociatedNID(), 3)))


class ConnectionList(univ.SequenceOf):
    componentType = ConnectionListItem()


# --- CSTA-extension-types, CSTA-status-reporting ----------------------------


class CSTACommonArguments(univ.Sequence):
    componentType = namedtype.NamedTypes(
        OPT("security", imp(univ.Sequence(), 0, True)),
        OPT("privateData", imp(univ.SequenceOf(componentType=univ.Any()), 1, True)))
    tagSet = univ.Sequence.tagSet.tagImplicitly(app(30, True))


class MonitorCrossRefID(univ.OctetString):
    tagSet = univ.OctetString.tagSet.tagImplicitly(app(21))


EventCause = univ.Enumerated


def choice(*fields):
    """An anonymous CHOICE type of the given named types."""
    class Choice(univ.Choice):
        componentType = namedtype.NamedTypes(*fields)
    return Choice


def seq(*fields):
    """An anonymous SEQUENCE type of the given named types."""
    class Seq(univ.Sequence):
        componentType = namedtype.NamedTypes(*fields)
    return Seq


def ext():
    return OPT("extensions", CSTACommonArguments())


def network_parties(associated_called=True):
    fields = [OPT("networkCallingDevice", NetworkCallingDeviceID()),
              OPT("networkCalledDevice", NetworkCalledDeviceID()),
              OPT("associatedCallingDevice", AssociatedCallingDeviceID())]
    if associated_called:
        fields.append(OPT("associatedCalledDevice", AssociatedCalledDeviceID()))
    return fields


def alerting_event(subject, associated_called=True):
    """Delivered, Established, Failed and NetworkReached share this shape
    for the fields Linka writes (correlator and user data left out)."""
    return seq(NT("connection", ConnectionID()),
               NT(subject, SubjectDeviceID()),
               NT("callingDevice", CallingDeviceID()),
               NT("calledDevice", CalledDeviceID()),
               NT("lastRedirectionDevice", RedirectionDeviceID()),
               OPT("originatingNIDConnection", ConnectionID()),
               OPT("localConnectionInfo", LocalConnectionState()),
               NT("cause", EventCause()),
               *network_parties(associated_called),
               ext())


def simple_event(subject):
    """ConnectionCleared, Held and Retrieved."""
    return seq(NT("connection", ConnectionID()),
               NT(subject, SubjectDeviceID()),
               OPT("localConnectionInfo", LocalConnectionState()),
               NT("cause", EventCause()),
               ext())


CALL_CONTROL_EVENTS = {
    2: ("conferenced", seq(
        NT("primaryOldCall", ConnectionID()),
        OPT("secondaryOldCall", ConnectionID()),
        NT("conferencingDevice", SubjectDeviceID()),
        NT("addedParty", SubjectDeviceID()),
        NT("conferenceConnections", ConnectionList()),
        OPT("localConnectionInfo", LocalConnectionState()),
        NT("cause", EventCause()),
        OPT("extensions", imp(CSTACommonArguments(), 5, True)))),
    3: ("connectionCleared", simple_event("releasingDevice")),
    4: ("delivered", alerting_event("alertingDevice")),
    6: ("diverted", seq(
        NT("connection", ConnectionID()),
        NT("divertingDevice", SubjectDeviceID()),
        NT("newDestination", SubjectDeviceID()),
        OPT("callingDevice", CallingDeviceID()),
        OPT("calledDevice", CalledDeviceID()),
        NT("lastRedirectionDevice", RedirectionDeviceID()),
        OPT("localConnectionInfo", LocalConnectionState()),
        NT("cause", EventCause()),
        *network_parties(), ext())),
    7: ("established", alerting_event("answeringDevice")),
    8: ("failed", alerting_event("failingDevice")),
    9: ("held", simple_event("holdingDevice")),
    11: ("networkReached", alerting_event("networkInterfaceUsed", associated_called=False)),
    13: ("originated", seq(
        NT("connection", ConnectionID()),
        NT("callingDevice", SubjectDeviceID()),
        NT("calledDevice", CalledDeviceID()),
        OPT("originatingDevice", DeviceID()),
        OPT("localConnectionInfo", LocalConnectionState()),
        NT("cause", EventCause()),
        *network_parties(), ext())),
    14: ("queued", seq(
        NT("connection", ConnectionID()),
        NT("queue", SubjectDeviceID()),
        NT("callingDevice", CallingDeviceID()),
        NT("calledDevice", CalledDeviceID()),
        NT("lastRedirectionDevice", RedirectionDeviceID()),
        OPT("numberQueued", imp(univ.Integer(), 0)),
        OPT("callsInFront", imp(univ.Integer(), 1)),
        OPT("localConnectionInfo", LocalConnectionState()),
        NT("cause", EventCause()),
        *network_parties(), ext())),
    15: ("retrieved", simple_event("retrievingDevice")),
    16: ("serviceInitiated", seq(
        NT("connection", ConnectionID()),
        NT("initiatingDevice", SubjectDeviceID()),
        OPT("calledDevice", CalledDeviceID()),
        OPT("localConnectionInfo", LocalConnectionState()),
        NT("cause", EventCause()),
        *network_parties(associated_called=False), ext())),
    17: ("transferred", seq(
        NT("primaryOldCall", ConnectionID()),
        OPT("secondaryOldCall", imp(ConnectionID(), 0, True)),
        NT("transferringDevice", SubjectDeviceID()),
        NT("transferredToDevice", SubjectDeviceID()),
        NT("transferredConnections", imp(ConnectionList(), 1, True)),
        OPT("localConnectionInfo", LocalConnectionState()),
        NT("cause", EventCause()),
        ext())),
}


def agent_event(tagged_id, password=False):
    fields = [NT("agentDevice", SubjectDeviceID())]
    fields.append(OPT("agentID", imp(univ.OctetString(), 2) if tagged_id else univ.OctetString()))
    fields.append(OPT("acdGroup", DeviceID()))
    if password:
        fields.append(OPT("agentPassword", imp(univ.OctetString(), 3)))
    fields += [OPT("cause", EventCause()), ext()]
    return seq(*fields)


LOGICAL_DEVICE_EVENTS = {
    1: ("agentLoggedOn", agent_event(True, password=True)),
    2: ("agentLoggedOff", agent_event(True, password=True)),
    3: ("agentNotReady", agent_event(False)),
    4: ("agentReady", agent_event(False)),
    5: ("agentWorkingAfterCall", seq(
        NT("agentDevice", SubjectDeviceID()),
        OPT("agentID", univ.OctetString()),
        OPT("acdGroup", DeviceID()),
        OPT("pendingAgentState", imp(univ.Enumerated(), 2)),
        OPT("cause", imp(univ.Enumerated(), 3)),
        ext())),
    11: ("doNotDisturb", seq(
        NT("device", SubjectDeviceID()),
        NT("doNotDisturbOn", univ.Boolean()),
        OPT("callOrigination", univ.BitString()),
        OPT("callingDeviceList", univ.SequenceOf(componentType=DeviceID())),
        ext())),
    12: ("forwarding", seq(
        NT("device", SubjectDeviceID()),
        OPT("forwardingType", univ.Enumerated()),
        NT("forwardStatus", univ.Boolean()),
        OPT("forwardTo", DeviceID()),
        OPT("forwardDefault", univ.Enumerated()),
        OPT("ringCount", univ.Integer()),
        OPT("ringDuration", imp(univ.Integer(), 4)),
        ext())),
}


# --- CSTA-status-reporting: the snapshotDevice result ------------------------
# SnapshotDeviceResponseInfo is written up to localCallState; the optional
# servicesPermitted [0], mediaServiceInfoList [1], mediaCallCharacteristics
# [2] and callLinkageData [4] that may follow are left out (no Linka PDU has
# them), so a PDU carrying them fails here instead of passing unchecked.

SIMPLE_CALL_STATES = [("callNull", 0), ("callPending", 1), ("callOriginated", 3),
                      ("callDelivered", 35), ("callDeliveredHeld", 36), ("callReceived", 50),
                      ("callEstablished", 51), ("callEstablishedHeld", 52),
                      ("callReceivedOnHold", 66), ("callEstablishedOnHold", 67),
                      ("callQueued", 83), ("callQueuedHeld", 84), ("callFailed", 99),
                      ("callFailedHeld", 100), ("callBlocked", 96)]


class SimpleCallState(univ.Enumerated):
    namedValues = namedval.NamedValues(*SIMPLE_CALL_STATES)


class CompoundCallState(univ.SequenceOf):
    componentType = LocalConnectionState()


class CallState(univ.Choice):
    componentType = namedtype.NamedTypes(
        NT("compoundCallState", imp(CompoundCallState(), 0, True)),
        NT("simpleCallState", imp(SimpleCallState(), 1)),
        NT("unknown", imp(univ.Null(), 2)))


class SnapshotDeviceResponseInfo(univ.Sequence):
    componentType = namedtype.NamedTypes(
        NT("connectionIdentifier", ConnectionID()),
        OPT("endpointDevice", imp(SubjectDeviceID(), 3, True)),
        NT("localCallState", CallState()))


class SnapshotDeviceData(univ.SequenceOf):
    componentType = SnapshotDeviceResponseInfo()
    tagSet = univ.SequenceOf.tagSet.tagImplicitly(app(22, True))


# CSTA-snapshot-device; ServiceCrossRefID is CSTA-capability-exchange's
# OCTET STRING.
SnapshotDeviceResult = seq(
    NT("crossRefIDorSnapshotData", choice(NT("serviceCrossRefID", univ.OctetString()),
                                          NT("snapshotData", SnapshotDeviceData()))()),
    ext())


# --- CSTA-error-definition ----------------------------------------------------
# The module uses default (explicit) tagging: each class is [n] EXPLICIT
# around its ENUMERATED. Value names are given for the classes a PBX sends
# on every class but operation, whose 190 values print as numbers.

def enumerated(*names):
    class Enum(univ.Enumerated):
        namedValues = namedval.NamedValues(*names)
    return Enum


StateIncompatibilityErrors = enumerated(
    ("generic", 1), ("invalidObjectState", 2), ("invalidDeviceState", 15),
    ("connectedCallExists", 16), ("invalidActiveDeviceState", 17),
    ("invalidCalledDeviceState", 18), ("invalidCallingDeviceState", 19),
    ("invalidCallToParkDeviceState", 20), ("invalidDestinationDeviceState", 21),
    ("invalidDivertingDeviceState", 22), ("invalidHeldDeviceState", 23),
    ("invalidParkToDeviceState", 24), ("invalidConnectionState", 25),
    ("invalidActiveConnectionState", 26), ("invalidConnectionIDForActiveCall", 3),
    ("invalidHeldConnectionState", 27), ("noActiveCall", 4), ("noCallToAnswer", 8),
    ("noCallToClear", 6), ("noCallToComplete", 9), ("noConnectionToClear", 7),
    ("noHeldCall", 5), ("incorrectMsgState", 28), ("beginningOfMsg", 13),
    ("endOfMsg", 12), ("msgSuspended", 14), ("notAbleToPlay", 10), ("notAbleToResume", 11))
SecurityErrors = enumerated(("generic", 0), ("sequenceNumberViolated", 1),
                            ("timeStampViolated", 2), ("securityInfoViolated", 4))
SystemResourceAvailabilityErrors = enumerated(
    ("generic", 1), ("resourceBusy", 2), ("internalResourceBusy", 3), ("classifierBusy", 9),
    ("noMediaChannelsAvailable", 10), ("channelsInUseForBridgedDevices", 11),
    ("channelsInUseForData", 12), ("toneDetectorBusy", 13), ("toneGeneratorBusy", 14),
    ("networkBusy", 5), ("resourceOutOfService", 4), ("deviceOutOfService", 15),
    ("activeDeviceOutOfService", 16), ("calledDeviceOutOfService", 17),
    ("callingDeviceOutOfService", 18), ("callToParkDeviceOutOfService", 19),
    ("destinationDeviceOutOfService", 20), ("divertingDeviceOutOfService", 21),
    ("heldDeviceOutOfService", 22), ("parkToDeviceOutOfService", 23),
    ("pickupDeviceOutOfService", 24), ("networkOutOfService", 6),
    ("otherResourceOutOfService", 25), ("resourceLimitExceeded", 26),
    ("overallMonitorLimitExceeded", 7), ("conferenceMemberLimitExceeded", 8),
    ("registrationLimitExceeded", 27), ("conferenceResourceCannotBeSatisfied", 28),
    ("maxDevicesExceeded", 29), ("startTimeOutOfRange", 30), ("durationExceeded", 31))
SubscribedResourceAvailabilityErrors = enumerated(
    ("generic", 1), ("objectMonitorLimitExceeded", 2), ("trunkLimitExceeded", 3),
    ("outstandingReqLimitExceeded", 4), ("objectRegistrationLimitExceeded", 5))
PerformanceManagementErrors = enumerated(("generic", 1), ("performanceLimitExceeded", 2))
PrivateDataInfoErrors = enumerated(("cSTAPrivateDataInfoError", 1))


class UniversalFailure(univ.Choice):
    componentType = namedtype.NamedTypes(
        NT("operation", exp(univ.Enumerated(), 0)),
        NT("security", exp(SecurityErrors(), 1)),
        NT("stateIncompatibility", exp(StateIncompatibilityErrors(), 2)),
        NT("systemResourceAvailability", exp(SystemResourceAvailabilityErrors(), 3)),
        NT("subscribedResourceAvailability", exp(SubscribedResourceAvailabilityErrors(), 4)),
        NT("performanceManagement", exp(PerformanceManagementErrors(), 5)),
        NT("privateData", exp(PrivateDataInfoErrors(), 6)),
        NT("unspecified", exp(univ.Null(), 7)))
