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
// The sources sit at the edge and never log; they return errors to their
// owner (Client.Run hands them to ClientOptions.OnError and keeps them in
// Status):
//
//   - telnet.go, reader.go: Reader splits any byte stream into lines (CR,
//     LF, CR LF, CR NUL), strips telnet commands and answers the option
//     negotiation.
//   - client.go, login.go: Client, the telnet/TCP source (port 2300, user
//     SMDR, password PCCSMDR by default) with a tolerant login and
//     reconnection with jittered exponential backoff; the same Client
//     reads an RS-232 port.
//   - serial.go: OpenSerial opens the port through github.com/tarm/serial.
//   - import.go: Import reads a file or standard input.
//
// A line that matches no layout is never dropped: Parse returns it as a
// KindInvalid Line with the raw text and the reason, and the caller
// stores and counts it.
package smdr
