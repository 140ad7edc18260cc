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

// maxLag is how far behind its grid the pacer may fall before it gives up
// the missed slots and starts afresh from now.
const maxLag = 200 * time.Millisecond

// Pacer sends the packets of every stream from one goroutine locked to
// an OS thread that sleeps with clock_nanosleep to absolute slot times:
// the kernel's high-resolution timer wakes it within tens of
// microseconds, where Go's timers only promise about a millisecond, and
// one wake-up sends every packet due in the slot. Run it once per
// gateway; streams use it through Options.Pacer. When permitted
// (CAP_SYS_NICE) its thread alone runs with real-time priority
// (SCHED_FIFO 10), else with nice -10.
type Pacer struct {
	hist *Histogram

	mu    sync.Mutex
	slots [phases][]*job
	slot  int64 // the slot being sent
	epoch int64 // CLOCK_MONOTONIC nanoseconds of slot 0
	ready chan struct{}
	// realTime says whether the pacer's thread got real-time priority.
	realTime bool
}

// rtPriority is the SCHED_FIFO priority of the pacer's thread: above
// ordinary processes, below the kernel's own real-time threads.
const rtPriority = 10

// RealTime reports whether the pacer runs with real-time priority.
func (p *Pacer) RealTime() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.realTime
}

// sleepUntil sleeps until CLOCK_MONOTONIC reaches target nanoseconds,
// in the kernel's high-resolution timer (an ordinary blocking system
// call: the Go scheduler lends the P to other goroutines meanwhile and
// the pacer takes an idle one back when it wakes).
func sleepUntil(target int64) {
	ts := unix.NsecToTimespec(target)
	for {
		err := unix.ClockNanosleep(unix.CLOCK_MONOTONIC, unix.TIMER_ABSTIME, &ts, nil)
		if err != unix.EINTR {
			return
		}
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

// NewPacer returns a pacer recording every packet's send-time error in
// hist (nil: none).
func NewPacer(hist *Histogram) *Pacer {
	return &Pacer{hist: hist, ready: make(chan struct{})}
}

// monotonic returns CLOCK_MONOTONIC in nanoseconds.
func monotonic() int64 {
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return ts.Nano()
}

// Run sends packets until ctx ends.
func (p *Pacer) Run(ctx context.Context) {
	// The thread stays locked: when Run returns it ends with the
	// goroutine, so its scheduling policy never reaches other goroutines.
	runtime.LockOSThread()
	// Real-time priority for this thread only (needs CAP_SYS_NICE), else
	// a better nice value: other processes then cannot delay a slot.
	rt := unix.SchedSetAttr(0, &unix.SchedAttr{Policy: unix.SCHED_FIFO, Priority: rtPriority}, 0) == nil
	if !rt {
		_ = unix.Setpriority(unix.PRIO_PROCESS, unix.Gettid(), -10)
	}
	p.mu.Lock()
	p.realTime = rt
	p.epoch = monotonic()
	p.mu.Unlock()
	close(p.ready)
	for ctx.Err() == nil {
		p.mu.Lock()
		k := p.slot
		target := p.epoch + k*int64(Slot)
		p.mu.Unlock()
		sleepUntil(target)
		p.sendSlot(k, target)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range p.slots {
		for _, j := range p.slots[i] {
			j.done <- context.Canceled
		}
		p.slots[i] = nil
	}
}

// sendSlot sends the packets of slot k, due at target.
func (p *Pacer) sendSlot(k, target int64) {
	p.mu.Lock()
	phase := int(k % int64(phases))
	jobs := p.slots[phase]
	keep := jobs[:0]
	var finished []*job
	for _, j := range jobs {
		if err := j.step(); err != nil {
			j.result = err
			finished = append(finished, j)
			continue
		}
		if p.hist != nil {
			p.hist.Add(time.Duration(monotonic() - target))
		}
		if j.i >= j.n {
			finished = append(finished, j)
			continue
		}
		keep = append(keep, j)
	}
	clear(jobs[len(keep):])
	p.slots[phase] = keep
	p.slot = k + 1
	if lag := monotonic() - (p.epoch + p.slot*int64(Slot)); lag > int64(maxLag) {
		// Far behind (the machine stalled): skip to now, keeping phases.
		p.slot += lag / int64(Slot) / int64(phases) * int64(phases)
	}
	p.mu.Unlock()
	for _, j := range finished {
		j.done <- j.result
	}
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

// play queues a talkspurt starting at the next slot and waits for its
// end.
func (p *Pacer) play(j *job) error {
	select {
	case <-p.ready:
	case <-j.ctx.Done():
		return j.ctx.Err()
	}
	p.mu.Lock()
	phase := int((p.slot + 1) % int64(phases))
	p.slots[phase] = append(p.slots[phase], j)
	p.mu.Unlock()
	// The pacer drops a stopped or cancelled job at its next slot without
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
