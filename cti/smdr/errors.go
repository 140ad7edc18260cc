package smdr

import (
	"strconv"
	"strings"
)

// Field names a column of an SMDR line.
type Field uint8

// Fields. FieldLine stands for the line as a whole.
const (
	FieldLine Field = iota
	FieldDate
	FieldTime
	FieldExtension
	FieldTrunk
	FieldDial
	FieldRing
	FieldDuration
	FieldCost
	FieldAccount
	FieldCondition
)

var fieldNames = [...]string{"line", "date", "time", "ext", "co", "dial number", "ring", "duration",
	"cost", "account code", "condition code"}

// String names the field as the Feature Guide's column header does, in
// lower case ("ext", "co", "dial number").
func (f Field) String() string {
	if int(f) < len(fieldNames) {
		return fieldNames[f]
	}
	return "field(" + strconv.Itoa(int(f)) + ")"
}

// ParseError says why a line matches no layout. The caller keeps the line
// (Line.Raw), counts it and goes on with the next one.
type ParseError struct {
	// Layout is the layout the line was read with; Auto when no layout
	// was fixed and none fitted (the error is then the one of the layout
	// that read furthest into the line).
	Layout Layout
	// Field is the column that did not fit.
	Field Field
	// Column is the 0-based column where the field starts.
	Column int
	// Value is the text found there (at most 40 bytes of it).
	Value string
	// Reason says what is wrong, e.g. "not hh:mmAM or hh:mmPM".
	Reason string
}

// Error renders the failure, e.g.
// `smdr: pattern A: time "13:05PM" at column 9: hour out of range`.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("smdr: ")
	if e.Layout != Auto {
		b.WriteString("pattern ")
		b.WriteString(e.Layout.String())
		b.WriteString(": ")
	}
	b.WriteString(e.Field.String())
	if e.Field != FieldLine {
		b.WriteString(" ")
		b.WriteString(strconv.Quote(e.Value))
		b.WriteString(" at column ")
		b.WriteString(strconv.Itoa(e.Column))
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// maxErrorValue bounds ParseError.Value.
const maxErrorValue = 40

func parseErr(l Layout, f Field, col int, value, reason string) *ParseError {
	if len(value) > maxErrorValue {
		value = value[:maxErrorValue]
	}
	return &ParseError{Layout: l, Field: f, Column: col, Value: value, Reason: reason}
}

// LoginError reports that the PBX did not accept the SMDR login.
type LoginError struct {
	// Stage is what the client was waiting for: "user prompt",
	// "password prompt" or "data".
	Stage string
	// Reason says what happened: "rejected", "prompt repeated",
	// "timeout" or "connection closed".
	Reason string
	// Text is what the PBX last sent, at most 80 bytes of it; it never
	// contains the password the client sent.
	Text string
}

// Error renders the failure, e.g.
// `smdr: login failed waiting for data: rejected ("Login incorrect")`.
func (e *LoginError) Error() string {
	s := "smdr: login failed waiting for " + e.Stage + ": " + e.Reason
	if e.Text != "" {
		s += " (" + strconv.Quote(e.Text) + ")"
	}
	return s
}
