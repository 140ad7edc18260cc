package media

import (
	"context"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// rtPriority is the SCHED_FIFO priority of the lanes' threads: above
// ordinary processes, below the kernel's own real-time threads.
const rtPriority = 10

// lane is one sending thread of a Pacer with its streams, kept per phase
// of the 20 ms packet time.
type lane struct {
	hist *Histogram

	mu    sync.Mutex
	slots [phases][]*job
	// load counts the talkspurts of each phase, also while the lane
	// sends them outside slots.
	load  [phases]int
	total int
	slot  int64 // the slot being sent
	epoch int64 // CLOCK_MONOTONIC nanoseconds of slot 0
	// realTime says whether the lane's thread got real-time priority.
	realTime bool
}

// run sends the lane's packets until ctx ends, on a thread of its own;
// started is called once the thread is set up.
func (l *lane) run(ctx context.Context, epoch int64, started func()) {
	// The thread stays locked: when run returns it ends with the
	// goroutine, so its scheduling policy never reaches other goroutines.
	runtime.LockOSThread()
	// Real-time priority for this thread only (needs CAP_SYS_NICE), else
	// a better nice value: other processes then cannot delay a slot.
	rt := unix.SchedSetAttr(0, &unix.SchedAttr{Policy: unix.SCHED_FIFO, Priority: rtPriority}, 0) == nil
	if !rt {
		_ = unix.Setpriority(unix.PRIO_PROCESS, unix.Gettid(), -10)
	}
	l.mu.Lock()
	l.realTime = rt
	l.epoch = epoch
	l.mu.Unlock()
	started()
	for ctx.Err() == nil {
		l.mu.Lock()
		k := l.slot
		target := l.epoch + k*int64(Slot)
		l.mu.Unlock()
		sleepUntil(target)
		l.sendSlot(k, target)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.slots {
		for _, j := range l.slots[i] {
			j.done <- context.Canceled
		}
		l.slots[i] = nil
		l.load[i] = 0
	}
	l.total = 0
}

// streams returns the number of talkspurts the lane sends.
func (l *lane) streams() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

// add queues a talkspurt at the quietest of the lane's next slots.
func (l *lane) add(j *job) {
	l.mu.Lock()
	defer l.mu.Unlock()
	phase := l.quietestPhase()
	l.slots[phase] = append(l.slots[phase], j)
	l.load[phase]++
	l.total++
}

// quietestPhase returns the phase of the slot, among the next packet
// time's, with the fewest streams (the nearest of equals); l.mu is held.
// Talkspurts started together — calls a PBX answers at a steady rate, say
// 50 a second, one per packet time — would otherwise all share a phase,
// and the last of them leave a slot's worth of sends late; spread over
// the phases, each slot sends a twentieth of the streams. A talkspurt
// starts at most one packet time later for it, and its schedule begins
// at the slot chosen.
func (l *lane) quietestPhase() int {
	best := int((l.slot + 1) % int64(phases))
	for d := 1; d < phases; d++ {
		ph := int((l.slot + 1 + int64(d)) % int64(phases))
		if l.load[ph] < l.load[best] {
			best = ph
		}
	}
	return best
}

// sendSlot sends the packets of slot k, due at target. The slot's jobs
// are taken out of l.slots while they are sent, without l.mu held: a
// goroutine starting a talkspurt meanwhile never waits for the sends
// (a mutex waited on for over 1 ms turns to handing itself over on
// unlock, which would send the lane to the back of the run queue).
func (l *lane) sendSlot(k, target int64) {
	phase := int(k % int64(phases))
	l.mu.Lock()
	jobs := l.slots[phase]
	l.slots[phase] = nil
	l.mu.Unlock()
	keep := jobs[:0]
	var finished []*job
	for _, j := range jobs {
		if err := j.step(); err != nil {
			j.result = err
			finished = append(finished, j)
			continue
		}
		if l.hist != nil {
			l.hist.Add(time.Duration(monotonic() - target))
		}
		if j.i >= j.n {
			finished = append(finished, j)
			continue
		}
		keep = append(keep, j)
	}
	clear(jobs[len(keep):])
	l.mu.Lock()
	// Talkspurts queued for this phase while it was sent start at its
	// next turn.
	l.slots[phase] = append(keep, l.slots[phase]...)
	l.load[phase] -= len(finished)
	l.total -= len(finished)
	l.slot = k + 1
	if lag := monotonic() - (l.epoch + l.slot*int64(Slot)); lag > int64(maxLag) {
		// Far behind (the machine stalled): skip to now, keeping phases.
		l.slot += lag / int64(Slot) / int64(phases) * int64(phases)
	}
	l.mu.Unlock()
	for _, j := range finished {
		j.done <- j.result
	}
}
