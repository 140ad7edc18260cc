package cti

import (
	"math/rand/v2"
	"time"
)

// backoff returns the pause before connection attempt number attempt
// (0 for the first retry): base doubled per attempt, capped at limit, and
// jittered uniformly over its upper half so that several clients do not
// reconnect in step.
func backoff(base, limit time.Duration, attempt int) time.Duration {
	d := base
	for i := 0; i < attempt && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	half := d / 2
	return half + rand.N(d-half+1)
}
