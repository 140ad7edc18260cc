package media

import (
	"sync/atomic"
	"time"
)

// histBucket is the resolution of a Histogram.
const (
	histBucket  = 10 * time.Microsecond
	histBuckets = 10000 // up to 100 ms
)

// Histogram counts durations (packet send-time errors) in 10 µs buckets
// up to 100 ms, for percentiles. It is safe for concurrent use and takes
// no lock: the pacer's lanes add to one histogram from their own
// threads, and none waits for another.
type Histogram struct {
	counts [histBuckets + 1]atomic.Int64
	total  atomic.Int64
	max    atomic.Int64
}

// Add records d (negative counts as zero).
func (h *Histogram) Add(d time.Duration) {
	d = max(d, 0)
	h.counts[min(int(d/histBucket), histBuckets)].Add(1)
	h.total.Add(1)
	for {
		m := h.max.Load()
		if int64(d) <= m || h.max.CompareAndSwap(m, int64(d)) {
			return
		}
	}
}

// Count returns the number of durations recorded.
func (h *Histogram) Count() int64 { return h.total.Load() }

// Max returns the largest duration recorded.
func (h *Histogram) Max() time.Duration { return time.Duration(h.max.Load()) }

// Percentile returns the upper bound of the bucket holding the q-th
// quantile (0 < q ≤ 1) of the durations recorded so far.
func (h *Histogram) Percentile(q float64) time.Duration {
	var total int64
	for i := range h.counts {
		total += h.counts[i].Load()
	}
	want := int64(q*float64(total) + 0.5)
	var n int64
	for i := range h.counts {
		n += h.counts[i].Load()
		if n >= want && n > 0 {
			return time.Duration(i+1) * histBucket
		}
	}
	return 0
}
