package media

import (
	"sync"
	"time"
)

// histBucket is the resolution of a Histogram.
const (
	histBucket  = 10 * time.Microsecond
	histBuckets = 10000 // up to 100 ms
)

// Histogram counts durations (packet send-time errors) in 10 µs buckets
// up to 100 ms, for percentiles. It is safe for concurrent use.
type Histogram struct {
	mu     sync.Mutex
	counts [histBuckets + 1]int64
	total  int64
	max    time.Duration
}

// Add records d (negative counts as zero).
func (h *Histogram) Add(d time.Duration) {
	i := int(max(d, 0) / histBucket)
	h.mu.Lock()
	h.counts[min(i, histBuckets)]++
	h.total++
	h.max = max(h.max, d)
	h.mu.Unlock()
}

// Count returns the number of durations recorded.
func (h *Histogram) Count() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.total
}

// Max returns the largest duration recorded.
func (h *Histogram) Max() time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.max
}

// Percentile returns the upper bound of the bucket holding the q-th
// quantile (0 < q ≤ 1).
func (h *Histogram) Percentile(q float64) time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	want := int64(q*float64(h.total) + 0.5)
	var n int64
	for i, c := range h.counts {
		n += c
		if n >= want && n > 0 {
			return time.Duration(i+1) * histBucket
		}
	}
	return 0
}
