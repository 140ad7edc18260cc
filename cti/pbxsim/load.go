package pbxsim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"linka/cti/csta"
)

// LoadOptions configures RunLoad. Zero fields take the defaults given.
type LoadOptions struct {
	// CallsPerMinute is the mean rate of incoming calls (Poisson
	// arrivals); zero means 6.
	CallsPerMinute float64
	// TalkMedian and TalkMean shape the log-normal talk time; zero means
	// 90 s and 150 s. TalkMean must not be below TalkMedian.
	TalkMedian, TalkMean time.Duration
	// RingMin and RingMax bound the uniform time a call rings (or waits in
	// a queue) before it is answered or the caller gives up; zero means
	// 3 s and 20 s.
	RingMin, RingMax time.Duration
	// AnswerRatio is the share of calls answered; zero means 0.8, a
	// negative value none.
	AnswerRatio float64
	// TransferRatio is the share of answered calls transferred (half by
	// consultation, half blind); zero means 0.1, a negative value none.
	TransferRatio float64
	// HoldRatio is the share of answered calls held for a while; zero
	// means 0.1, a negative value none.
	HoldRatio float64
	// GroupRatio is the share of calls to an ICD group rather than to an
	// extension; zero means 0.5, a negative value none.
	GroupRatio float64
	// WithheldRatio is the share of callers withholding their number;
	// zero means 0.05, a negative value none.
	WithheldRatio float64
	// Extensions and Groups are the numbers calls go to; nil means every
	// extension and every group of the PBX.
	Extensions, Groups []string
	// Callers are the caller numbers to pick from; nil means random Czech
	// numbers.
	Callers []string
	// Seed seeds the random choices; zero means a seed from the clock.
	Seed uint64
	// Media, when set, makes every call also emit its SIP trunk leg's
	// signalling and RTP (media.go).
	Media *MediaOptions
}

// withDefaults fills the zero fields of o for p.
func (o LoadOptions) withDefaults(p *PBX) (LoadOptions, error) {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.CallsPerMinute, 6)
	def(&o.AnswerRatio, 0.8)
	def(&o.TransferRatio, 0.1)
	def(&o.HoldRatio, 0.1)
	def(&o.GroupRatio, 0.5)
	def(&o.WithheldRatio, 0.05)
	durations := []struct {
		v *time.Duration
		d time.Duration
	}{{&o.TalkMedian, 90 * time.Second}, {&o.TalkMean, 150 * time.Second}, {&o.RingMin, 3 * time.Second}, {&o.RingMax, 20 * time.Second}}
	for _, x := range durations {
		if *x.v == 0 {
			*x.v = x.d
		}
	}
	if o.Extensions == nil {
		for _, d := range p.dir.exts {
			o.Extensions = append(o.Extensions, d.number)
		}
	}
	if o.Groups == nil {
		for _, d := range p.dir.groups {
			o.Groups = append(o.Groups, d.number)
		}
	}
	if o.Seed == 0 {
		o.Seed = uint64(time.Now().UnixNano())
	}
	switch {
	case o.CallsPerMinute < 0 || o.TalkMedian <= 0 || o.TalkMean < o.TalkMedian || o.RingMin <= 0 || o.RingMax < o.RingMin:
		return o, fmt.Errorf("pbxsim: load: rates and durations must be positive, mean ≥ median, max ≥ min")
	case len(o.Extensions) == 0 && len(o.Groups) == 0:
		return o, fmt.Errorf("pbxsim: load: no extension or group to call")
	}
	return o, nil
}

// loader runs one RunLoad.
type loader struct {
	p  *PBX
	o  LoadOptions
	wg sync.WaitGroup

	mu    sync.Mutex
	rng   *rand.Rand
	calls map[*Call]struct{}

	// mediaSeq numbers the simulated SIP dialogs; mediaLive counts those
	// in progress (media.go).
	mediaSeq, mediaLive atomic.Int64
}

// RunLoad places random incoming calls until ctx is done: each rings an
// extension or a group, is answered by a ringing extension or missed (or
// abandoned in the queue), may be held and retrieved or transferred, and
// ends after a log-normal talk time, hung up by either side. Clients may
// act on the same calls meanwhile. When ctx is done the calls RunLoad
// placed are hung up and RunLoad returns nil.
func (p *PBX) RunLoad(ctx context.Context, opts LoadOptions) error {
	o, err := opts.withDefaults(p)
	if err != nil {
		return err
	}
	l := &loader{p: p, o: o, rng: newRand(o.Seed), calls: map[*Call]struct{}{}}
	defer l.finish()
	if o.CallsPerMinute == 0 {
		<-ctx.Done()
		return nil
	}
	mean := float64(time.Minute) / o.CallsPerMinute
	for {
		wait := time.Duration(l.float(func(r *rand.Rand) float64 { return r.ExpFloat64() }) * mean)
		if !sleep(ctx, wait) {
			return nil
		}
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			l.runCall(ctx)
		}()
	}
}

// newRand returns the generator RunLoad draws from.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed>>1|1)) }

// finish waits for the call goroutines and hangs up the calls left.
func (l *loader) finish() {
	l.wg.Wait()
	for h := range l.calls {
		if info, ok := h.Info(); ok {
			_ = h.Hangup(info.Trunk)
		}
	}
}

// float draws a random number with the shared generator.
func (l *loader) float(f func(*rand.Rand) float64) float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return f(l.rng)
}

// chance reports true with probability ratio.
func (l *loader) chance(ratio float64) bool {
	return l.float(func(r *rand.Rand) float64 { return r.Float64() }) < ratio
}

// pick returns a random element of list.
func (l *loader) pick(list []string) string {
	i := int(l.float(func(r *rand.Rand) float64 { return float64(r.IntN(len(list))) }))
	return list[i]
}

// between returns a uniform duration in [lo, hi].
func (l *loader) between(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(l.float(func(r *rand.Rand) float64 { return r.Float64() })*float64(hi-lo))
}

// talkTime draws a log-normal talk time with the configured median and
// mean: median = e^µ, mean = e^(µ+σ²/2). It is capped at an hour.
func (l *loader) talkTime() time.Duration {
	mu := math.Log(float64(l.o.TalkMedian))
	sigma := math.Sqrt(2 * math.Log(float64(l.o.TalkMean)/float64(l.o.TalkMedian)))
	x := math.Exp(mu + sigma*l.float(func(r *rand.Rand) float64 { return r.NormFloat64() }))
	return time.Duration(min(x, float64(time.Hour)))
}

// czechPrefixes start random caller numbers: mobile networks and Prague.
var czechPrefixes = [...]string{"602", "603", "604", "605", "608", "720", "724", "731", "736", "739", "775", "777", "222", "224", "257"}

// caller returns the number of a new caller, "" when withheld.
func (l *loader) caller() string {
	if l.chance(l.o.WithheldRatio) {
		return ""
	}
	if l.o.Callers != nil {
		return l.pick(l.o.Callers)
	}
	n := int(l.float(func(r *rand.Rand) float64 { return float64(r.IntN(1000000)) }))
	return fmt.Sprintf("%s%06d", l.pick(czechPrefixes[:]), n)
}

// target returns the number a new call goes to.
func (l *loader) target() string {
	if len(l.o.Groups) > 0 && (len(l.o.Extensions) == 0 || l.chance(l.o.GroupRatio)) {
		return l.pick(l.o.Groups)
	}
	return l.pick(l.o.Extensions)
}

// sleep waits for d or until ctx is done, and reports whether it waited.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// partyIn returns the first party of info at an extension in state s.
func (l *loader) partyIn(info CallInfo, s csta.LocalConnectionState) string {
	for _, pt := range info.Parties {
		if pt.State == s && l.p.isExtension(pt.Device) {
			return pt.Device
		}
	}
	return ""
}

// isExtension reports whether number is an extension of the PBX.
func (p *PBX) isExtension(number string) bool {
	d := p.dir.byNumber[number]
	return d != nil && d.kind == kindExtension
}
