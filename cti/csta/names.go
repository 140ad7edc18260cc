package csta

import (
	"strconv"
	"strings"
)

// Names of the ROSE reject problems (X.880 GeneralProblem, InvokeProblem,
// ReturnResultProblem, ReturnErrorProblem), one "value name" per line.
const (
	generalProblemNames      = "0 unrecognizedPDU\n1 mistypedPDU\n2 badlyStructuredPDU\n"
	invokeProblemNames       = "0 duplicateInvocation\n1 unrecognizedOperation\n2 mistypedArgument\n3 resourceLimitation\n4 releaseInProgress\n5 unrecognizedLinkedId\n6 linkedResponseUnexpected\n7 unexpectedLinkedOperation\n"
	returnResultProblemNames = "0 unrecognizedInvocation\n1 resultResponseUnexpected\n2 mistypedResult\n"
	returnErrorProblemNames  = "0 unrecognizedInvocation\n1 errorResponseUnexpected\n2 unrecognizedError\n3 unexpectedError\n4 mistypedParameter\n"
)

// lookupName finds value v in a table of "value name" lines.
func lookupName(table string, v int) (string, bool) {
	prefix := strconv.Itoa(v) + " "
	for line := range strings.SplitSeq(table, "\n") {
		if name, ok := strings.CutPrefix(line, prefix); ok {
			return name, true
		}
	}
	return "", false
}

// errorValueName returns the ASN.1 name of value v of the error class c.
func errorValueName(c ErrorClass, v int) (string, bool) {
	switch c {
	case ClassOperation:
		return lookupName(operationErrorsNames, v)
	case ClassSecurity:
		return lookupName(securityErrorsNames, v)
	case ClassStateIncompatibility:
		return lookupName(stateIncompatibilityErrorsNames, v)
	case ClassSystemResourceAvailability:
		return lookupName(systemResourceAvailabilityErrorsNames, v)
	case ClassSubscribedResourceAvailability:
		return lookupName(subscribedResourceAvailabilityErrorsNames, v)
	case ClassPerformanceManagement:
		return lookupName(performanceManagementErrorsNames, v)
	case ClassPrivateData:
		return lookupName(privateDataInfoErrorsNames, v)
	}
	return "", false
}

// problemName returns the kind and ASN.1 name of a reject problem.
func problemName(p RejectProblem) (kind, name string, ok bool) {
	switch p.Kind {
	case ProblemGeneral:
		kind = "general"
		name, ok = lookupName(generalProblemNames, p.Code)
	case ProblemInvoke:
		kind = "invoke"
		name, ok = lookupName(invokeProblemNames, p.Code)
	case ProblemReturnResult:
		kind = "returnResult"
		name, ok = lookupName(returnResultProblemNames, p.Code)
	case ProblemReturnError:
		kind = "returnError"
		name, ok = lookupName(returnErrorProblemNames, p.Code)
	}
	return kind, name, ok
}
