package smdr

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tarm/serial"
)

// Parity is the parity bit of a serial port.
type Parity byte

// Parities (the PBX's RS-232 settings are programmable; 8-N-1 is common).
const (
	ParityNone Parity = 'N'
	ParityOdd  Parity = 'O'
	ParityEven Parity = 'E'
)

// ParseParity reads "N", "O", "E" or "none", "odd", "even", in any case.
func ParseParity(s string) (Parity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "n", "none":
		return ParityNone, nil
	case "o", "odd":
		return ParityOdd, nil
	case "e", "even":
		return ParityEven, nil
	}
	return 0, fmt.Errorf("smdr: unknown parity %q (want N, O or E)", s)
}

// Defaults of SerialOptions.
const (
	DefaultBaud     = 9600
	DefaultDataBits = 8
	DefaultStopBits = 1
)

// serialBauds are the rates a port may be set to.
var serialBauds = [...]int{300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200}

// SerialOptions configures the RS-232 port the PBX prints SMDR on
// (PROTOCOLS.md, SMDR, Transports). Only Device is required.
type SerialOptions struct {
	// Device is the port, e.g. /dev/ttyS0 or /dev/ttyUSB0 (COM1 on
	// Windows).
	Device string
	// Baud is the bit rate; zero means 9600.
	Baud int
	// DataBits is 7 or 8; zero means 8.
	DataBits int
	// Parity is ParityNone (the zero value means it too), ParityOdd or
	// ParityEven.
	Parity Parity
	// StopBits is 1 or 2; zero means 1.
	StopBits int
	// LineEnd is what the PBX ends lines with (CR or CR LF); the zero
	// value takes either.
	LineEnd LineEnd
}

// Validate reports settings the port cannot be opened with.
func (o SerialOptions) Validate() error {
	var errs []error
	if o.Device == "" {
		errs = append(errs, errors.New("device: missing"))
	}
	if o.Baud != 0 && !slices.Contains(serialBauds[:], o.Baud) {
		errs = append(errs, fmt.Errorf("baud %d: want one of %v", o.Baud, serialBauds))
	}
	if o.DataBits != 0 && o.DataBits != 7 && o.DataBits != 8 {
		errs = append(errs, fmt.Errorf("data bits %d: want 7 or 8", o.DataBits))
	}
	if o.Parity != 0 && o.Parity != ParityNone && o.Parity != ParityOdd && o.Parity != ParityEven {
		errs = append(errs, fmt.Errorf("parity %q: want N, O or E", rune(o.Parity)))
	}
	if o.StopBits != 0 && o.StopBits != 1 && o.StopBits != 2 {
		errs = append(errs, fmt.Errorf("stop bits %d: want 1 or 2", o.StopBits))
	}
	if o.LineEnd > LineEndCRLF {
		errs = append(errs, fmt.Errorf("line end %d: unknown", o.LineEnd))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("smdr: serial options: %w", err)
	}
	return nil
}

// serialPoll is how long one read of the port waits for data; it bounds
// how long Close takes to end a blocked Read.
const serialPoll = 500 * time.Millisecond

// OpenSerial opens the serial port of o for reading. Read blocks until
// data comes and fails when the port goes away (the device disappears or
// hangs up), so the caller can reopen it; its errors name the device and
// carry no package prefix, like those of os.File. Close ends a blocked Read within
// half a second. The port is opened at the edge: everything above it,
// the line Reader included, is shared with the telnet source.
func OpenSerial(o SerialOptions) (io.ReadCloser, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	cfg := &serial.Config{Name: o.Device, Baud: o.Baud, Size: byte(o.DataBits),
		Parity: serial.Parity(o.Parity), StopBits: serial.StopBits(o.StopBits), ReadTimeout: serialPoll}
	if cfg.Baud == 0 {
		cfg.Baud = DefaultBaud
	}
	port, err := serial.OpenPort(cfg)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("smdr: open serial port %s: %w", o.Device, err)
	}
	return &serialPort{port: port, device: o.Device}, nil
}

// serialPort turns the timed reads of a port into blocking ones.
type serialPort struct {
	port   *serial.Port
	device string
	closed atomic.Bool
}

// Read waits for data. A read that times out empty is repeated, unless
// the port was closed or its device no longer exists; empty reads that
// return at once, three in a row, mean the port hung up.
func (p *serialPort) Read(b []byte) (int, error) {
	quick := 0
	for {
		start := time.Now()
		n, err := p.port.Read(b)
		if n > 0 {
			return n, nil
		}
		if p.closed.Load() {
			return 0, os.ErrClosed
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, fmt.Errorf("read %s: %w", p.device, err)
		}
		if _, serr := os.Stat(p.device); serr != nil {
			return 0, fmt.Errorf("serial port %s is gone: %w", p.device, serr)
		}
		if time.Since(start) < serialPoll/4 {
			if quick++; quick >= 3 {
				return 0, fmt.Errorf("serial port %s hung up", p.device)
			}
		} else {
			quick = 0
		}
	}
}

// Close closes the port.
func (p *serialPort) Close() error {
	p.closed.Store(true)
	return p.port.Close()
}
