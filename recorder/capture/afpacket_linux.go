package capture

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"syscall"
	"time"
	"unsafe"

	"linka/recorder"
)

// Interface captures the traffic of a network interface — typically one
// connected to a switch's mirror (SPAN) port — through a Linux AF_PACKET
// raw socket in promiscuous mode. It needs CAP_NET_RAW (root). No libpcap
// and no cgo: plain system calls.
type Interface struct {
	// Device is the interface, e.g. "eth1".
	Device string
	// Filter selects the datagrams by port; the zero value takes all.
	Filter Filter
	// Promiscuous puts the interface into promiscuous mode while
	// capturing (a mirror port's traffic is addressed to other hosts).
	Promiscuous bool
	// BufferBytes is the socket receive buffer; zero means 32 MiB.
	BufferBytes int

	c counters
}

// Linux constants not in package syscall's portable set.
const (
	packetOutgoing   = 4 // sll_pkttype of a packet the host sent
	packetStatistics = 6 // PACKET_STATISTICS
	packetAddMember  = 1 // PACKET_ADD_MEMBERSHIP
	packetMrPromisc  = 1 // PACKET_MR_PROMISC
	solPacket        = 263
)

// Name implements Source.
func (i *Interface) Name() string { return "interface " + i.Device }

// Stats returns the source's counters, the kernel's drops included.
func (i *Interface) Stats() Stats { return i.c.stats() }

func htons(v uint16) uint16 { return v<<8 | v>>8 }

// Open checks that the interface can be captured (permissions, name) and
// returns the socket; Run opens its own.
func (i *Interface) open() (int, error) {
	ifi, err := net.InterfaceByName(i.Device)
	if err != nil {
		return -1, fmt.Errorf("capture: interface %q: %w", i.Device, err)
	}
	fd, err := syscall.Socket(syscall.AF_PACKET, syscall.SOCK_RAW, int(htons(syscall.ETH_P_ALL)))
	if err != nil {
		return -1, fmt.Errorf("capture: raw socket on %s (needs root or CAP_NET_RAW): %w", i.Device, err)
	}
	sll := &syscall.SockaddrLinklayer{Protocol: htons(syscall.ETH_P_ALL), Ifindex: ifi.Index}
	if err := syscall.Bind(fd, sll); err != nil {
		syscall.Close(fd)
		return -1, fmt.Errorf("capture: bind %s: %w", i.Device, err)
	}
	size := i.BufferBytes
	if size <= 0 {
		size = 32 << 20
	}
	if syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_RCVBUFFORCE, size) != nil {
		_ = syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_RCVBUF, size)
	}
	if err := attachFilter(fd, i.Filter.Ports); err != nil {
		syscall.Close(fd)
		return -1, fmt.Errorf("capture: filter on %s: %w", i.Device, err)
	}
	tv := syscall.NsecToTimeval(int64(200 * time.Millisecond))
	_ = syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv)
	if i.Promiscuous {
		mreq := struct {
			ifindex int32
			typ     uint16
			alen    uint16
			addr    [8]byte
		}{ifindex: int32(ifi.Index), typ: packetMrPromisc}
		_, _, e := syscall.Syscall6(syscall.SYS_SETSOCKOPT, uintptr(fd), solPacket, packetAddMember,
			uintptr(unsafe.Pointer(&mreq)), unsafe.Sizeof(mreq), 0)
		if e != 0 {
			syscall.Close(fd)
			return -1, fmt.Errorf("capture: promiscuous mode on %s: %w", i.Device, e)
		}
	}
	return fd, nil
}

// Run implements Source.
func (i *Interface) Run(ctx context.Context, out chan<- recorder.Packet) error {
	fd, err := i.open()
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	buf := make([]byte, 65536)
	lastStats := time.Now()
	for ctx.Err() == nil {
		n, from, err := syscall.Recvfrom(fd, buf, 0)
		if time.Since(lastStats) > time.Second {
			i.readDrops(fd)
			lastStats = time.Now()
		}
		if err != nil {
			if errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EINTR) {
				continue
			}
			return fmt.Errorf("capture: read %s: %w", i.Device, err)
		}
		if ll, ok := from.(*syscall.SockaddrLinklayer); ok && ll.Pkttype == packetOutgoing {
			continue // on loopback every packet is seen leaving and arriving
		}
		p, ok := DecodeUDP(LinkEthernet, buf[:n], time.Now())
		if !ok || !i.Filter.Match(&p) {
			continue
		}
		p.Payload = append([]byte(nil), p.Payload...)
		i.c.send(out, p)
	}
	i.readDrops(fd)
	return nil
}

// readDrops adds the kernel's drop count (PACKET_STATISTICS resets on
// every read).
func (i *Interface) readDrops(fd int) {
	var st struct{ packets, drops uint32 }
	l := uint32(unsafe.Sizeof(st))
	_, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), solPacket, packetStatistics,
		uintptr(unsafe.Pointer(&st)), uintptr(unsafe.Pointer(&l)), 0)
	if e == 0 {
		i.c.kernel.Add(int64(st.drops))
	}
}

// attachFilter makes the kernel pass only the UDP datagrams of ports.
func attachFilter(fd int, ports []recorder.PortRange) error {
	prog, err := udpFilter(ports)
	if err != nil {
		return err
	}
	fprog := struct {
		n      uint16
		_      [6]byte
		filter unsafe.Pointer
	}{n: uint16(len(prog)), filter: unsafe.Pointer(&prog[0])}
	_, _, e := syscall.Syscall6(syscall.SYS_SETSOCKOPT, uintptr(fd), syscall.SOL_SOCKET, syscall.SO_ATTACH_FILTER,
		uintptr(unsafe.Pointer(&fprog)), unsafe.Sizeof(fprog), 0)
	runtime.KeepAlive(prog)
	if e != 0 {
		return e
	}
	return nil
}
