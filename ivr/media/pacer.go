package media

import (
	"context"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Slot is the pacer's grid: a packet leaves at a multiple of Slot after
// the pacer's epoch, so the 20 ms cadence of every stream has Ptime/Slot
// phases.
const Slot = time.Millisecond

// phases is the number of slots in one packet time.
const phases = int(Ptime / Slot)

// maxLag is how far behind its grid a lane may fall before it gives up
// the missed slots and starts afresh from now.
const maxLag = 200 * time.Millisecond

// maxLanes bounds the pacer's sending threads.
const maxLanes = 4

// Pacer sends the packets of every stream of a gateway. It has one lane
// per CPU (at most maxLanes): a goroutine locked to an OS thread that
// sleeps with clock_nanosleep to absolute slot times —
// the kernel's high-resolution timer wakes it within tens of
// microseconds, where Go's timers only promise about a millisecond — and
// sends every packet of its streams due in the slot. A talkspurt goes to
// the lane with the fewest and, within it, to the quietest phase, so a
// thread that stalls (a hypervisor taking its virtual CPU, a burst of
// the kernel's network work on it) delays only its lane's share of the
// packets.
// When permitted (CAP_SYS_NICE) the lanes' threads alone run with
// real-time priority (SCHED_FIFO 10), else with nice -10. Run it once
// per gateway; streams use it through Options.Pacer.
type Pacer struct {
	hist  *Histogram
	lanes []*lane
	ready chan struct{}

	mu sync.Mutex // guards the choice of lane
}

// NewPacer returns a pacer recording every packet's send-time error in
// hist (nil: none).
func NewPacer(hist *Histogram) *Pacer {
	n := min(max(runtime.NumCPU(), 1), maxLanes)
	p := &Pacer{hist: hist, ready: make(chan struct{})}
	for range n {
		p.lanes = append(p.lanes, &lane{hist: hist})
	}
	return p
}

// RealTime reports whether the pacer's threads run with real-time
// priority.
func (p *Pacer) RealTime() bool {
	for _, l := range p.lanes {
		l.mu.Lock()
		rt := l.realTime
		l.mu.Unlock()
		if !rt {
			return false
		}
	}
	return true
}

// Run sends packets until ctx ends.
func (p *Pacer) Run(ctx context.Context) {
	var started, done sync.WaitGroup
	epoch := monotonic()
	for _, l := range p.lanes {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			l.run(ctx, epoch, started.Done)
		}()
	}
	started.Wait()
	close(p.ready)
	done.Wait()
}

// play queues a talkspurt on the least loaded lane and waits for its end.
func (p *Pacer) play(j *job) error {
	select {
	case <-p.ready:
	case <-j.ctx.Done():
		return j.ctx.Err()
	}
	p.mu.Lock()
	best := p.lanes[0]
	for _, l := range p.lanes[1:] {
		if l.streams() < best.streams() {
			best = l
		}
	}
	best.add(j)
	p.mu.Unlock()
	// The lane drops a stopped or cancelled job at its next slot without
	// sending; Play need not wait for that (done is buffered).
	select {
	case err := <-j.done:
		return err
	case <-j.stop:
		return ErrInterrupted
	case <-j.ctx.Done():
		return j.ctx.Err()
	}
}

// job is one talkspurt being sent.
type job struct {
	s       *Stream
	samples []int16
	i, n    int
	stop    <-chan struct{}
	ctx     context.Context
	done    chan error
	result  error
}

// step sends the job's next packet, or reports why it stops.
func (j *job) step() error {
	select {
	case <-j.stop:
		return ErrInterrupted
	case <-j.ctx.Done():
		return j.ctx.Err()
	default:
	}
	err := j.s.sendChunk(j.samples, j.i)
	j.i++
	return err
}

// monotonic returns CLOCK_MONOTONIC in nanoseconds.
func monotonic() int64 {
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return ts.Nano()
}

// sleepUntil sleeps until CLOCK_MONOTONIC reaches target nanoseconds,
// in the kernel's high-resolution timer (an ordinary blocking system
// call: the Go scheduler lends the P to other goroutines meanwhile and
// the lane takes an idle one back when it wakes).
func sleepUntil(target int64) {
	ts := unix.NsecToTimespec(target)
	for {
		err := unix.ClockNanosleep(unix.CLOCK_MONOTONIC, unix.TIMER_ABSTIME, &ts, nil)
		if err != unix.EINTR {
			return
		}
	}
}
