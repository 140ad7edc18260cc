package smdr

import (
	"errors"
	"io"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakePorts opens io.Pipes as serial ports: an open fails while the
// device is missing; each successful open hands the writing end to the
// test.
type fakePorts struct {
	mu      sync.Mutex
	present bool
	opened  chan *io.PipeWriter
	got     []SerialOptions
}

func (f *fakePorts) open(o SerialOptions) (io.ReadCloser, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, o)
	if !f.present {
		return nil, &fs.PathError{Op: "open", Path: o.Device, Err: fs.ErrNotExist}
	}
	r, w := io.Pipe()
	f.opened <- w
	return r, nil
}

func (f *fakePorts) plug(present bool) {
	f.mu.Lock()
	f.present = present
	f.mu.Unlock()
}

func TestClient_SerialReopens(t *testing.T) {
	ports := &fakePorts{opened: make(chan *io.PipeWriter, 4)}
	serial := SerialOptions{Device: "/dev/ttyUSB0", Baud: 9600, LineEnd: LineEndCR}
	tc := runClient(t, ClientOptions{Serial: serial, OpenSerial: ports.open,
		BackoffBase: 10 * time.Millisecond, BackoffMax: 50 * time.Millisecond})
	if err := tc.nextErr(); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "/dev/ttyUSB0") {
		t.Fatalf("error with the device missing = %v, want not found", err)
	}
	ports.plug(true)
	w := <-ports.opened
	st := tc.waitStatus("connected", func(st ClientStatus) bool { return st.Connected })
	if st.Source != "/dev/ttyUSB0" {
		t.Errorf("Status().Source = %q, want the device", st.Source)
	}
	// The PBX prints CR line ends; the LF of a stray CR LF is ignored.
	go func() { _, _ = io.WriteString(w, strings.ReplaceAll(pageA, "\r\n", "\r")+recA+"\r\n") }()
	expectPage(t, tc)

	ports.plug(false)
	w.CloseWithError(errors.New("input/output error")) // the USB adapter is pulled out
	if err := tc.nextErr(); err == nil || !strings.Contains(err.Error(), "input/output error") {
		t.Fatalf("error after the port went away = %v, want the read error", err)
	}
	if err := tc.nextErr(); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("error while the port is away = %v, want not found", err)
	}
	ports.plug(true)
	w = <-ports.opened
	go func() { _, _ = io.WriteString(w, pageA+recA+"\r") }()
	expectPage(t, tc)
	st = tc.waitStatus("reconnected", func(st ClientStatus) bool { return st.Connected && st.Lines == 6 })
	if st.Reconnects < 2 || st.BadLines != 0 {
		t.Errorf("Status() = %+v, want at least 2 reconnects and no bad lines", st)
	}
	ports.mu.Lock()
	defer ports.mu.Unlock()
	for _, o := range ports.got {
		if o != serial {
			t.Errorf("OpenSerial got %+v, want %+v", o, serial)
		}
	}
}

func TestSerialOptions_Validate(t *testing.T) {
	tests := []struct {
		name string
		opts SerialOptions
		ok   bool
	}{
		{"device only", SerialOptions{Device: "/dev/ttyS0"}, true},
		{"7-E-2 at 1200", SerialOptions{Device: "COM1", Baud: 1200, DataBits: 7, Parity: ParityEven, StopBits: 2}, true},
		{"no device", SerialOptions{Baud: 9600}, false},
		{"odd baud", SerialOptions{Device: "/dev/ttyS0", Baud: 9601}, false},
		{"5 data bits", SerialOptions{Device: "/dev/ttyS0", DataBits: 5}, false},
		{"mark parity", SerialOptions{Device: "/dev/ttyS0", Parity: 'M'}, false},
		{"1.5 stop bits", SerialOptions{Device: "/dev/ttyS0", StopBits: 15}, false},
		{"unknown line end", SerialOptions{Device: "/dev/ttyS0", LineEnd: LineEndCRLF + 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.opts.Validate(); (err == nil) != tt.ok {
				t.Errorf("SerialOptions%+v.Validate() = %v, want ok %v", tt.opts, err, tt.ok)
			}
		})
	}
	if _, err := OpenSerial(SerialOptions{Device: "/dev/ttyS0", Baud: 1}); err == nil {
		t.Errorf("OpenSerial with baud 1 = nil error, want the options refused")
	}
	if _, err := OpenSerial(SerialOptions{Device: "/nonexistent/ttyS9"}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("OpenSerial of a missing device = %v, want not found", err)
	}
}

func TestParseParity(t *testing.T) {
	for in, want := range map[string]Parity{"": ParityNone, "N": ParityNone, "none": ParityNone, "o": ParityOdd,
		"Odd": ParityOdd, "E": ParityEven, "even": ParityEven} {
		if got, err := ParseParity(in); got != want || err != nil {
			t.Errorf("ParseParity(%q) = %c, %v; want %c", in, got, err, want)
		}
	}
	if _, err := ParseParity("mark"); err == nil {
		t.Errorf("ParseParity(mark) = nil error, want an error")
	}
}
