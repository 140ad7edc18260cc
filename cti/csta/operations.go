package csta

import "fmt"

// Operation is a ROSE local operation code of a CSTA service. Every code
// is the CODE local value of the OPERATION in the ECMA-285 module named in
// the constant's comment.
type Operation int

// CSTA operation codes.
const (
	OpAnswerCall           Operation = 2   // CSTA-answer-call
	OpClearConnection      Operation = 5   // CSTA-clear-connection
	OpConsultationCall     Operation = 7   // CSTA-consultation-call
	OpHoldCall             Operation = 9   // CSTA-hold-call
	OpMakeCall             Operation = 10  // CSTA-make-call
	OpRetrieveCall         Operation = 14  // CSTA-retrieve-call
	OpTransferCall         Operation = 16  // CSTA-transfer-call
	OpSendDTMFTones        Operation = 19  // ECMA-218 (CSTA Phase II) sendDTMFTones
	OpEventReport          Operation = 21  // CSTA-event-report-definitions cSTAEventReport
	OpSingleStepTransfer   Operation = 50  // CSTA-single-step-transfer singleStepTrans
	OpEscape               Operation = 51  // CSTA-escape-service
	OpSystemStatusPhase2   Operation = 52  // ECMA-218 systemStatus, still sent by old firmware
	OpMonitorStart         Operation = 71  // CSTA-monitor-start
	OpMonitorStop          Operation = 73  // CSTA-monitor-stop
	OpSnapshotDevice       Operation = 74  // CSTA-snapshot-device
	OpSystemStatus         Operation = 211 // CSTA-system-status
	OpDeflectCall          Operation = 218 // CSTA-deflect-call
	OpGenerateDigits       Operation = 232 // CSTA-generate-digits
	OpSetAgentState        Operation = 312 // CSTA-set-agent-state
	OpCDRReport            Operation = 361 // CSTA-call-detail-records-report
	OpStartCDRTransmission Operation = 363 // CSTA-start-call-detail-records-transmission
	OpStopCDRTransmission  Operation = 364 // CSTA-stop-call-detail-records-transmission
)

// String names the operation as in the ASN.1 modules.
func (o Operation) String() string {
	switch o {
	case OpAnswerCall:
		return "answerCall"
	case OpClearConnection:
		return "clearConnection"
	case OpConsultationCall:
		return "consultationCall"
	case OpHoldCall:
		return "holdCall"
	case OpMakeCall:
		return "makeCall"
	case OpRetrieveCall:
		return "retrieveCall"
	case OpTransferCall:
		return "transferCall"
	case OpSendDTMFTones:
		return "sendDTMFTones"
	case OpEventReport:
		return "cSTAEventReport"
	case OpSingleStepTransfer:
		return "singleStepTransferCall"
	case OpEscape:
		return "escape"
	case OpSystemStatusPhase2, OpSystemStatus:
		return "systemStatus"
	case OpMonitorStart:
		return "monitorStart"
	case OpMonitorStop:
		return "monitorStop"
	case OpSnapshotDevice:
		return "snapshotDevice"
	case OpDeflectCall:
		return "deflectCall"
	case OpGenerateDigits:
		return "generateDigits"
	case OpSetAgentState:
		return "setAgentState"
	case OpCDRReport:
		return "cDRReport"
	case OpStartCDRTransmission:
		return "startCDRTransmission"
	case OpStopCDRTransmission:
		return "stopCDRTransmission"
	}
	return fmt.Sprintf("operation(%d)", int(o))
}
