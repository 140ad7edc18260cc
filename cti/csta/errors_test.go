package csta

import (
	"errors"
	"testing"
)

func TestDecodeUniversalFailure(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      Error
		wantName  string
		wantError string
	}{
		{"operation invalidCallingDeviceID", "a003 0a0105", Error{Class: ClassOperation, Value: 5},
			"invalidCallingDeviceID", "csta: request failed: operation error invalidCallingDeviceID (5)"},
		{"state noCallToAnswer", "a203 0a0108", Error{Class: ClassStateIncompatibility, Value: 8},
			"noCallToAnswer", "csta: request failed: stateIncompatibility error noCallToAnswer (8)"},
		{"resource overallMonitorLimitExceeded", "a303 0a0107", Error{Class: ClassSystemResourceAvailability, Value: 7},
			"overallMonitorLimitExceeded", "csta: request failed: systemResourceAvailability error overallMonitorLimitExceeded (7)"},
		{"security generic", "a103 0a0100", Error{Class: ClassSecurity, Value: 0},
			"generic", "csta: request failed: security error generic (0)"},
		{"subscribed objectMonitorLimitExceeded", "a403 0a0102", Error{Class: ClassSubscribedResourceAvailability, Value: 2},
			"objectMonitorLimitExceeded", "csta: request failed: subscribedResourceAvailability error objectMonitorLimitExceeded (2)"},
		{"performance", "a503 0a0102", Error{Class: ClassPerformanceManagement, Value: 2},
			"performanceLimitExceeded", "csta: request failed: performanceManagement error performanceLimitExceeded (2)"},
		{"private data", "a603 0a0101", Error{Class: ClassPrivateData, Value: 1},
			"cSTAPrivateDataInfoError", "csta: request failed: privateData error cSTAPrivateDataInfoError (1)"},
		{"unspecified", "a702 0500", Error{Class: ClassUnspecified},
			"value0", "csta: request failed: unspecified error"},
		{"unknown value", "a004 0a0203e7", Error{Class: ClassOperation, Value: 999},
			"value999", "csta: request failed: operation error value999 (999)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := mustHex(t, tt.in)
			got, err := DecodeUniversalFailure(in)
			if err != nil {
				t.Fatalf("DecodeUniversalFailure(%s) error = %v", tt.in, err)
			}
			if *got != tt.want {
				t.Errorf("DecodeUniversalFailure(%s) = %+v, want %+v", tt.in, *got, tt.want)
			}
			if n := got.ValueName(); n != tt.wantName {
				t.Errorf("ValueName() = %q, want %q", n, tt.wantName)
			}
			if s := got.Error(); s != tt.wantError {
				t.Errorf("Error() = %q, want %q", s, tt.wantError)
			}
			assertBytes(t, "Marshal", got.Marshal(), in)
		})
	}
}

func TestDecodeUniversalFailure_Malformed(t *testing.T) {
	for _, in := range []string{"", "0a0105", "a803 0a0105", "a003 020105", "a000", "8003 0a0105", "a003 0a0105 00"} {
		if _, err := DecodeUniversalFailure(mustHex(t, in)); !errors.Is(err, ErrMalformed) {
			t.Errorf("DecodeUniversalFailure(%s) error = %v, want ErrMalformed", in, err)
		}
	}
}

func TestErrorFromReturnError(t *testing.T) {
	re := &ReturnError{InvokeID: 3, ErrorCode: UniversalFailureCode, Parameter: mustHex(t, "a203 0a0108")}
	err := ErrorFromReturnError(OpAnswerCall, re)
	var cerr *Error
	if !errors.As(err, &cerr) || cerr.Operation != OpAnswerCall {
		t.Fatalf("ErrorFromReturnError = %v, want *Error for answerCall", err)
	}
	if want := "csta: answerCall failed: stateIncompatibility error noCallToAnswer (8)"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	if !errors.Is(err, &Error{Class: ClassStateIncompatibility, Value: 8}) {
		t.Error("errors.Is(err, noCallToAnswer) = false, want true")
	}
	other := ErrorFromReturnError(OpMakeCall, &ReturnError{ErrorCode: 7})
	if errors.As(other, &cerr) {
		t.Errorf("ErrorFromReturnError(code 7) = %v, want a plain error", other)
	}
}
