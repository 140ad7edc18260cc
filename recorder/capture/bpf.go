package capture

import (
	"golang.org/x/net/bpf"

	"linka/recorder"
)

// A classic BPF program for the raw socket, so the kernel hands over only
// UDP datagrams of the ports of interest (over IPv4 without fragments,
// or IPv6 with UDP as the next header) and the rest of a busy mirror
// port costs nothing. Frames are Ethernet.

// udpFilter returns the program accepting the UDP datagrams whose source
// or destination port is in one of ports (any port when none).
func udpFilter(ports []recorder.PortRange) ([]bpf.RawInstruction, error) {
	const snap = 0x40000
	// portTest appends the tests of the port in A: accept on a match,
	// fall through otherwise.
	portTest := func(prog []bpf.Instruction) []bpf.Instruction {
		if len(ports) == 0 {
			return append(prog, bpf.RetConstant{Val: snap})
		}
		for _, r := range ports {
			// A < Lo: skip this range (2 instructions on); A > Hi: skip
			// the accept.
			prog = append(prog,
				bpf.JumpIf{Cond: bpf.JumpLessThan, Val: uint32(r.Lo), SkipTrue: 2},
				bpf.JumpIf{Cond: bpf.JumpGreaterThan, Val: uint32(r.Hi), SkipTrue: 1},
				bpf.RetConstant{Val: snap})
		}
		return prog
	}
	var v4 []bpf.Instruction
	v4 = append(v4,
		bpf.LoadAbsolute{Off: 23, Size: 1}, // protocol
		bpf.JumpIf{Cond: bpf.JumpNotEqual, Val: 17, SkipTrue: 0xff},
		bpf.LoadAbsolute{Off: 20, Size: 2}, // flags and fragment offset
		bpf.JumpIf{Cond: bpf.JumpBitsSet, Val: 0x3fff, SkipTrue: 0xff},
		bpf.LoadMemShift{Off: 14}, // X = IP header length
		bpf.LoadIndirect{Off: 14, Size: 2})
	v4 = portTest(v4)
	v4 = append(v4, bpf.LoadIndirect{Off: 16, Size: 2})
	v4 = portTest(v4)
	v4 = append(v4, bpf.RetConstant{Val: 0})
	var v6 []bpf.Instruction
	v6 = append(v6,
		bpf.LoadAbsolute{Off: 20, Size: 1}, // next header
		bpf.JumpIf{Cond: bpf.JumpNotEqual, Val: 17, SkipTrue: 0xff},
		bpf.LoadAbsolute{Off: 54, Size: 2})
	v6 = portTest(v6)
	v6 = append(v6, bpf.LoadAbsolute{Off: 56, Size: 2})
	v6 = portTest(v6)
	v6 = append(v6, bpf.RetConstant{Val: 0})
	prog := []bpf.Instruction{
		bpf.LoadAbsolute{Off: 12, Size: 2}, // ether type
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0x0800, SkipFalse: uint8(len(v4))},
	}
	prog = append(prog, v4...)
	prog = append(prog, bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0x86dd, SkipFalse: uint8(len(v6))})
	prog = append(prog, v6...)
	prog = append(prog, bpf.RetConstant{Val: 0})
	// Resolve the "reject" jumps (0xff): to the final RetConstant{0} of
	// their block, which is its last instruction.
	resolve(prog)
	return bpf.Assemble(prog)
}

// resolve points every SkipTrue of 0xff at the next reject (RetConstant
// 0) after it.
func resolve(prog []bpf.Instruction) {
	for i, ins := range prog {
		j, ok := ins.(bpf.JumpIf)
		if !ok || j.SkipTrue != 0xff {
			continue
		}
		for k := i + 1; k < len(prog); k++ {
			if r, ok := prog[k].(bpf.RetConstant); ok && r.Val == 0 {
				j.SkipTrue = uint8(k - i - 1)
				prog[i] = j
				break
			}
		}
	}
}
