// Code generated from the ENUMERATED types of the ECMA-285 module CSTA-error-definition; DO NOT EDIT.

package csta

// operationErrorsNames lists the values of OperationErrors, one "value name" per line.
const operationErrorsNames = "" +
	"1 generic\n" +
	"2 requestIncompatibleWithObject\n" +
	"3 valueOutOfRange\n" +
	"4 objectNotKnown\n" +
	"5 invalidCallingDeviceID\n" +
	"6 invalidCalledDeviceID\n" +
	"7 invalidForwardingDestination\n" +
	"8 privilegeViolationSpecifiedDevice\n" +
	"9 privilegeViolationCalledDevice\n" +
	"10 privilegeViolationCallingDevice\n" +
	"11 invalidCallID\n" +
	"12 invalidDeviceID\n" +
	"13 invalidConnectionID\n" +
	"14 invalidDestination\n" +
	"15 invalidFeature\n" +
	"16 invalidAllocationState\n" +
	"17 invalidCrossRefID\n" +
	"18 invalidObjectType\n" +
	"19 securityViolation\n" +
	"20 invalidCorrelatorData\n" +
	"21 invalidAccountCode\n" +
	"22 invalidAuthCode\n" +
	"23 requestIncompatibleWithCallingDevice\n" +
	"24 requestIncompatibleWithCalledDevice\n" +
	"25 invalidMsgID\n" +
	"26 messageIDRequired\n" +
	"27 requestIncompatibleWithMedia\n" +
	"28 invalidFile\n" +
	"29 atLeastOneConditionalParameterNotProvided\n" +
	"30 featureAlreadySet\n" +
	"31 invalidParameterValue\n" +
	"32 invalidAgentGroup\n" +
	"33 invalidAgentIdentifier\n" +
	"34 invalidAgentPassword\n" +
	"35 invalidAgentState\n" +
	"36 invalidAlertTime\n" +
	"37 invalidAutoAnswer\n" +
	"38 invalidBitRate\n" +
	"39 invalidButtonIdentifier\n" +
	"42 invalidCallType\n" +
	"43 invalidConnectionRate\n" +
	"44 invalidConsultPurpose\n" +
	"45 invalidDelayTolerance\n" +
	"46 invalidDestinationDetect\n" +
	"47 invalidDoNotDisturb\n" +
	"48 invalidEscapeCrossRefID\n" +
	"49 invalidFlowDirection\n" +
	"50 serviceNotSupported\n" +
	"51 invalidForwardingFlag\n" +
	"52 invalidForwardingType\n" +
	"53 invalidHookswitchType\n" +
	"54 invalidHookswitchComponent\n" +
	"55 invalidLampMode\n" +
	"56 invalidLampID\n" +
	"57 invalidMessageWaitingSetting\n" +
	"58 invalidMicrophoneGain\n" +
	"59 invalidMicrophoneMute\n" +
	"60 invalidMonitorCrossRefID\n" +
	"61 invalidMonitorFilter\n" +
	"62 invalidMonitorObject\n" +
	"63 invalidMonitorType\n" +
	"64 invalidNumberOFChannels\n" +
	"65 invalidParticipationType\n" +
	"66 invalidRemainRetry\n" +
	"67 invalidRingCount\n" +
	"68 invalidRingPattern\n" +
	"69 invalidRingVolume\n" +
	"70 invalidRouteingAlgorithm\n" +
	"71 invalidRouteingCrossRefID\n" +
	"72 invalidRouteRegistrationCrossRefID\n" +
	"73 invalidSpeakerVolume\n" +
	"74 invalidSpeakerMute\n" +
	"75 invalidSwitchingSubdomainCharsType\n" +
	"76 invalidActiveCallObject\n" +
	"77 invalidCalledDeviceObjectType\n" +
	"78 invalidCallingDeviceObjectType\n" +
	"79 invalidCallToBePickedUpObjectType\n" +
	"80 invalidCallToDivertObjectType\n" +
	"81 invalidCallToParkObjectType\n" +
	"82 invalidHeldCallObject\n" +
	"83 invalidMonitorObjectType\n" +
	"84 invalidParkToObjectType\n" +
	"85 notDifferentDevices\n" +
	"86 notSameDevice\n" +
	"87 invalidActiveCallID\n" +
	"88 invalidHeldCallID\n" +
	"89 invalidActiveConnectionID\n" +
	"90 invalidHeldConnectionID\n" +
	"91 invalidActiveDeviceID\n" +
	"92 invalidCallToParkDeviceID\n" +
	"93 invalidDestinationDeviceID\n" +
	"94 invalidDivertingDeviceID\n" +
	"95 invalidHeldDeviceID\n" +
	"96 invalidParkToDeviceID\n" +
	"97 invalidPickUpDeviceID\n" +
	"98 parameterNotSupported\n" +
	"99 accountCodeNotSupported\n" +
	"100 agentGroupNotSupported\n" +
	"101 agentPasswordNotSupported\n" +
	"102 agentStateNotSupported\n" +
	"103 alertTimeNotSupported\n" +
	"104 allocationNotSupported\n" +
	"105 authorisationCodeNotSupported\n" +
	"106 autoAnswerNotSupported\n" +
	"107 bitRateNotSupported\n" +
	"108 buttonNotSupported\n" +
	"109 callTypeNotSupported\n" +
	"110 charactersToSendNotSupported\n" +
	"111 connectionRateNotSupported\n" +
	"112 connectionReservationNotSupported\n" +
	"113 consultPurposeNotSupported\n" +
	"114 correlatorDataNotSupported\n" +
	"115 delayToleranceNotSupported\n" +
	"116 destinationDetectNotSupported\n" +
	"117 digitModeNotSupported\n" +
	"118 errorValueNotSupported\n" +
	"119 flowDirectionNotSupported\n" +
	"120 forwardingDestinationNotSupported\n" +
	"121 lampNotSupported\n" +
	"122 monitorTypeNotSupported\n" +
	"123 numberOfChannelsNotSupported\n" +
	"124 parameterTypeNotSupported\n" +
	"125 priorityNotSupported\n" +
	"126 privateDataNotSupported\n" +
	"127 pulseDurationNotSupported\n" +
	"128 pulseRateNotSupported\n" +
	"129 remainRetryNotSupported\n" +
	"130 ringCountNotSupported\n" +
	"131 routeUsedNotSupported\n" +
	"132 securityNotSupported\n" +
	"133 swSubdomainCCIETypeNotSupported\n" +
	"134 toneDurationNotSupported\n" +
	"135 sysStatRegIDNotSupported\n" +
	"136 userDataNotSupported\n" +
	"137 privilegeViolationActiveDevice\n" +
	"138 privilegeViolationCallToParkDevice\n" +
	"139 privilegeViolationDestinationDevice\n" +
	"140 privilegeViolationOnDivertingDevice\n" +
	"141 privilegeViolationHeldDevice\n" +
	"142 privilegeViolationOnParkToDevice\n" +
	"143 privilegeViolationPickUpDevice\n" +
	"144 routeingTimerExpired\n" +
	"145 requestIncompatibleWithConnection\n" +
	"146 requestIncompatibleWithActiveConnection\n" +
	"147 requestIncompatibleWithHeldConnection\n" +
	"148 requestIncompatibleWithDevice\n" +
	"149 requestIncompatibleWithSubjectDevice\n" +
	"150 requestIncompatibleWithActiveDevice\n" +
	"151 requestIncompatibleWithCallToParkDevice\n" +
	"152 requestIncompatibleWithDestinationDevice\n" +
	"153 requestIncompatibleWithDivertingDevice\n" +
	"154 requestIncompatibleWithHeldDevice\n" +
	"155 requestIncompatibleWithParkToDevice\n" +
	"156 requestIncompatibleWithPickupDevice\n" +
	"157 agentStateOutOfRange\n" +
	"158 alertTimeOutOfRange\n" +
	"159 allocationOutOfRange\n" +
	"160 autoAnswerOutOfRange\n" +
	"161 bitRateOutOfRange\n" +
	"162 callTypeOutOfRange\n" +
	"163 connectionRateOutOfRange\n" +
	"164 connectionReservoationOutOfRange\n" +
	"165 consultPurposeOutOfRange\n" +
	"166 correlatorDataOutOfRange\n" +
	"167 delayToleranceOutOfRange\n" +
	"168 destinationDetectOutOfRange\n" +
	"169 digitModeOutOfRange\n" +
	"170 doNotDisturbOutOfRange\n" +
	"171 flowDirectionOutOfRange\n" +
	"172 forwardingFlagOutOfRange\n" +
	"173 forwardingTypeOutOfRange\n" +
	"174 hookswitchComponentOutOfRange\n" +
	"175 hookswitchTypeOutOfRange\n" +
	"176 lampModeOutOfRange\n" +
	"177 messageWaitingSettingOutOfRange\n" +
	"178 micGainOutOfRange\n" +
	"179 micMuteOutOfRange\n" +
	"180 monitorTypeOutOfRange\n" +
	"181 numberOfChannelsOutOfRange\n" +
	"182 participationTypeOutOfRange\n" +
	"183 pulseDurationOutOfRange\n" +
	"184 pulseRateOutOfRange\n" +
	"185 ringCountOutOfRange\n" +
	"186 ringPatternOutOfRange\n" +
	"187 ringVolumnOutOfRange\n" +
	"188 routeingAlgorithmOutOfRange\n" +
	"189 speakerMuteOutOfRange\n" +
	"190 speakerVolumeOutOfRange\n" +
	"191 switchingCcittTypeOutOfRange\n" +
	"192 systemStatusOutOfRange\n" +
	"193 toneCharacterOutOfRange\n" +
	"194 toneDurationOutOfRange\n" +
	"195 invalidDestinationDeviceObject\n"

// securityErrorsNames lists the values of SecurityErrors, one "value name" per line.
const securityErrorsNames = "" +
	"0 generic\n" +
	"1 sequenceNumberViolated\n" +
	"2 timeStampViolated\n" +
	"4 securityInfoViolated\n"

// stateIncompatibilityErrorsNames lists the values of StateIncompatibilityErrors, one "value name" per line.
const stateIncompatibilityErrorsNames = "" +
	"1 generic\n" +
	"2 invalidObjectState\n" +
	"3 invalidConnectionIDForActiveCall\n" +
	"4 noActiveCall\n" +
	"5 noHeldCall\n" +
	"6 noCallToClear\n" +
	"7 noConnectionToClear\n" +
	"8 noCallToAnswer\n" +
	"9 noCallToComplete\n" +
	"10 notAbleToPlay\n" +
	"11 notAbleToResume\n" +
	"12 endOfMsg\n" +
	"13 beginningOfMsg\n" +
	"14 msgSuspended\n" +
	"15 invalidDeviceState\n" +
	"16 connectedCallExists\n" +
	"17 invalidActiveDeviceState\n" +
	"18 invalidCalledDeviceState\n" +
	"19 invalidCallingDeviceState\n" +
	"20 invalidCallToParkDeviceState\n" +
	"21 invalidDestinationDeviceState\n" +
	"22 invalidDivertingDeviceState\n" +
	"23 invalidHeldDeviceState\n" +
	"24 invalidParkToDeviceState\n" +
	"25 invalidConnectionState\n" +
	"26 invalidActiveConnectionState\n" +
	"27 invalidHeldConnectionState\n" +
	"28 incorrectMsgState\n"

// systemResourceAvailabilityErrorsNames lists the values of SystemResourceAvailabilityErrors, one "value name" per line.
const systemResourceAvailabilityErrorsNames = "" +
	"1 generic\n" +
	"2 resourceBusy\n" +
	"3 internalResourceBusy\n" +
	"4 resourceOutOfService\n" +
	"5 networkBusy\n" +
	"6 networkOutOfService\n" +
	"7 overallMonitorLimitExceeded\n" +
	"8 conferenceMemberLimitExceeded\n" +
	"9 classifierBusy\n" +
	"10 noMediaChannelsAvailable\n" +
	"11 channelsInUseForBridgedDevices\n" +
	"12 channelsInUseForData\n" +
	"13 toneDetectorBusy\n" +
	"14 toneGeneratorBusy\n" +
	"15 deviceOutOfService\n" +
	"16 activeDeviceOutOfService\n" +
	"17 calledDeviceOutOfService\n" +
	"18 callingDeviceOutOfService\n" +
	"19 callToParkDeviceOutOfService\n" +
	"20 destinationDeviceOutOfService\n" +
	"21 divertingDeviceOutOfService\n" +
	"22 heldDeviceOutOfService\n" +
	"23 parkToDeviceOutOfService\n" +
	"24 pickupDeviceOutOfService\n" +
	"25 otherResourceOutOfService\n" +
	"26 resourceLimitExceeded\n" +
	"27 registrationLimitExceeded\n" +
	"28 conferenceResourceCannotBeSatisfied\n" +
	"29 maxDevicesExceeded\n" +
	"30 startTimeOutOfRange\n" +
	"31 durationExceeded\n"

// subscribedResourceAvailabilityErrorsNames lists the values of SubscribedResourceAvailabilityErrors, one "value name" per line.
const subscribedResourceAvailabilityErrorsNames = "" +
	"1 generic\n" +
	"2 objectMonitorLimitExceeded\n" +
	"3 trunkLimitExceeded\n" +
	"4 outstandingReqLimitExceeded\n" +
	"5 objectRegistrationLimitExceeded\n"

// performanceManagementErrorsNames lists the values of PerformanceManagementErrors, one "value name" per line.
const performanceManagementErrorsNames = "" +
	"1 generic\n" +
	"2 performanceLimitExceeded\n"

// privateDataInfoErrorsNames lists the values of PrivateDataInfoErrors, one "value name" per line.
const privateDataInfoErrorsNames = "" +
	"1 cSTAPrivateDataInfoError\n"
