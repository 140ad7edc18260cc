package capture

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gopacket/gopacket/pcapgo"

	"linka/recorder"
)

// Filter selects datagrams by UDP port; the zero value selects all.
type Filter struct {
	// Ports are the port ranges of interest (source or destination); none
	// means every port.
	Ports []recorder.PortRange
}

// Match reports whether the filter selects p.
func (f Filter) Match(p *recorder.Packet) bool {
	if len(f.Ports) == 0 {
		return true
	}
	for _, r := range f.Ports {
		if r.Contains(p.Src.Port()) || r.Contains(p.Dst.Port()) {
			return true
		}
	}
	return false
}

// FileStats count what ReadFile read.
type FileStats struct {
	Frames, Datagrams, Skipped int64
	First, Last                time.Time
}

// ReadFile reads a pcap or pcapng file and hands every UDP datagram the
// filter selects to handle, in file order; the datagram's payload is valid
// only during the call.
func ReadFile(ctx context.Context, path string, f Filter, handle func(recorder.Packet)) (FileStats, error) {
	file, err := os.Open(path)
	if err != nil {
		return FileStats{}, fmt.Errorf("capture: %w", err)
	}
	defer file.Close()
	return Read(ctx, file, f, handle)
}

// Read is ReadFile on a stream.
func Read(ctx context.Context, r io.Reader, f Filter, handle func(recorder.Packet)) (FileStats, error) {
	var st FileStats
	br := bufio.NewReaderSize(r, 1<<20)
	magic, err := br.Peek(4)
	if err != nil {
		return st, fmt.Errorf("capture: not a capture file: %w", err)
	}
	var next func() ([]byte, time.Time, error)
	var link int
	if bytes.Equal(magic, []byte{0x0a, 0x0d, 0x0d, 0x0a}) {
		ng, err := pcapgo.NewNgReader(br, pcapgo.DefaultNgReaderOptions)
		if err != nil {
			return st, fmt.Errorf("capture: pcapng: %w", err)
		}
		link = int(ng.LinkType())
		next = func() ([]byte, time.Time, error) {
			b, ci, err := ng.ZeroCopyReadPacketData()
			return b, ci.Timestamp, err
		}
	} else {
		pr, err := pcapgo.NewReader(br)
		if err != nil {
			return st, fmt.Errorf("capture: pcap: %w", err)
		}
		link = int(pr.LinkType())
		next = func() ([]byte, time.Time, error) {
			b, ci, err := pr.ZeroCopyReadPacketData()
			return b, ci.Timestamp, err
		}
	}
	for {
		if st.Frames%4096 == 0 && ctx.Err() != nil {
			return st, ctx.Err()
		}
		b, at, err := next()
		if errors.Is(err, io.EOF) {
			return st, nil
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return st, nil // a capture cut short: keep what was read
			}
			return st, fmt.Errorf("capture: read frame %d: %w", st.Frames+1, err)
		}
		st.Frames++
		p, ok := DecodeUDP(link, b, at)
		if !ok || !f.Match(&p) {
			st.Skipped++
			continue
		}
		if st.First.IsZero() {
			st.First = at
		}
		st.Last = at
		st.Datagrams++
		handle(p)
	}
}
