package cases

import (
	"context"
	"fmt"
	"time"
)

// The web form's limit counts the submissions (and spam signals) of each
// client address per clock hour in the store's throttle counters, so
// every instance sharing the database enforces one limit.

// formKey is the counter of ip's submissions in the hour starting at
// hour (UTC).
func formKey(ip string, hour time.Time) string {
	return "form:" + ip + "@" + hour.UTC().Format("2006010215")
}

// FormAllowed reports whether the web form may take another submission
// from the client address ip in the current clock hour, at most perHour
// of them; when not, retryAfter is the time to the next hour.
func (p *Portal) FormAllowed(ctx context.Context, ip string, perHour int) (ok bool, retryAfter time.Duration, err error) {
	now := p.svc.Now()
	hour := now.Truncate(time.Hour)
	st, err := p.store.Throttle(ctx, formKey(ip, hour))
	if err != nil {
		return false, 0, fmt.Errorf("load the web form's limit: %w", err)
	}
	if st.Failures < perHour {
		return true, 0, nil
	}
	return false, hour.Add(time.Hour).Sub(now), nil
}

// CountFormSubmission counts a submission or a spam signal from ip
// towards the current clock hour's limit, in one statement (submissions
// through several instances at once are all counted).
func (p *Portal) CountFormSubmission(ctx context.Context, ip string) error {
	now := p.svc.Now()
	hour := now.Truncate(time.Hour)
	// The counter belongs to this hour alone: it never starts again
	// within it, and the portal's sweep deletes it a day later.
	if _, err := p.store.AddFailure(ctx, formKey(ip, hour), now, hour.Add(-time.Hour)); err != nil {
		return fmt.Errorf("count a web form submission: %w", err)
	}
	return nil
}
