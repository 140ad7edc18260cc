// Package smdr reads Panasonic SMDR (Station Message Detail Recording)
// output: the call-detail lines a Panasonic PBX prints on its RS-232 port
// or serves over telnet (PROTOCOLS.md, SMDR; Panasonic Feature Guide,
// "Station Message Detail Recording (SMDR)").
//
// The parser is pure: strings in, typed values out; no I/O, goroutines or
// logging.
//
//   - record.go: Line and its kinds, Record (a call), Status (LOG IN, Check
//     in, …), Direction, ExtensionKind and the condition codes.
//   - layout.go: Patterns A, B and C, their columns (Pattern B's are
//     configurable), header and separator recognition.
//   - parse.go, fields.go, markers.go: Parser and the readers of single
//     columns and of the dial-number markers (<I>, <D>, EXT, P F = . X -).
//   - format.go: the inverse, Format and FormatStatus, for simulators.
//   - errors.go: *ParseError for a line that matches no layout and
//     *LoginError for a refused telnet login.
//
// A line that matches no layout is never dropped: Parse returns it as a
// KindInvalid Line with the raw text and the reason, and the caller
// stores and counts it.
package smdr
