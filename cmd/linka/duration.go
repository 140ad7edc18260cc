package main

import (
	"fmt"
	"time"
)

// durationValue is a flag.Value for a time.Duration with a default.
type durationValue struct{ d time.Duration }

func (v *durationValue) String() string {
	if v == nil {
		return ""
	}
	return v.d.String()
}

func (v *durationValue) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("not a duration (e.g. 30m, 2h): %q", s)
	}
	v.d = d
	return nil
}
