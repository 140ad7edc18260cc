package store

import (
	"slices"
	"testing"
	"time"

	"linka/internal/workdays"
)

func TestTS_Value(t *testing.T) {
	prague := workdays.Prague()
	tests := []struct {
		in   time.Time
		want any
	}{
		{time.Time{}, nil},
		{time.Date(2026, 3, 10, 9, 30, 15, 123456789, time.UTC), "2026-03-10T09:30:15.123456Z"},
		{time.Date(2026, 7, 1, 0, 30, 0, 0, prague), "2026-06-30T22:30:00.000000Z"},
		{time.Date(999, 1, 2, 3, 4, 5, 0, time.UTC), "0999-01-02T03:04:05.000000Z"},
	}
	for _, tt := range tests {
		got, err := ts(tt.in).Value()
		if err != nil || got != tt.want {
			t.Errorf("ts(%v).Value() = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestTS_Scan(t *testing.T) {
	want := time.Date(2026, 3, 10, 9, 30, 15, 123456000, time.UTC)
	tests := []struct {
		name string
		src  any
		want time.Time
	}{
		{"nil", nil, time.Time{}},
		{"text", "2026-03-10T09:30:15.123456Z", want},
		{"bytes", []byte("2026-03-10T09:30:15.123456Z"), want},
		{"time in another zone", want.In(time.FixedZone("X", 3600)), want},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got ts
			if err := got.Scan(tt.src); err != nil {
				t.Fatalf("Scan(%v) = %v", tt.src, err)
			}
			if tm := time.Time(got); !tm.Equal(tt.want) || tm.Location() != time.UTC {
				t.Errorf("Scan(%v) = %v, want %v in UTC", tt.src, tm, tt.want)
			}
		})
	}
	for _, bad := range []any{"yesterday", int64(5)} {
		var got ts
		if err := got.Scan(bad); err == nil {
			t.Errorf("Scan(%v) = nil error, want an error", bad)
		}
	}
}

// TestTS_SortsAsText checks that the stored text orders like the times.
func TestTS_SortsAsText(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	steps := []time.Duration{0, time.Microsecond, 9 * time.Microsecond, 10 * time.Microsecond,
		time.Second, 10 * time.Hour, 24 * time.Hour * 400}
	prev := ""
	for _, d := range steps {
		v, _ := ts(base.Add(d)).Value()
		s := v.(string)
		if len(s) != len(timeLayout) || s <= prev {
			t.Errorf("ts(%v) = %q, want fixed width and after %q", base.Add(d), s, prev)
		}
		prev = s
	}
}

func TestDate_ValueScan(t *testing.T) {
	d := workdays.Date{Year: 2026, Month: 2, Day: 28}
	if v, err := date(d).Value(); err != nil || v != "2026-02-28" {
		t.Errorf("date(%v).Value() = %v, %v; want 2026-02-28", d, v, err)
	}
	if v, err := (date{}).Value(); err != nil || v != nil {
		t.Errorf("date{}.Value() = %v, %v; want nil", v, err)
	}
	for _, src := range []any{"2026-02-28", []byte("2026-02-28"), time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)} {
		var got date
		if err := got.Scan(src); err != nil || workdays.Date(got) != d {
			t.Errorf("Scan(%v) = %v, %v; want %v", src, got, err, d)
		}
	}
	var got date
	if err := got.Scan(nil); err != nil || !workdays.Date(got).IsZero() {
		t.Errorf("Scan(nil) = %v, %v; want the zero date", got, err)
	}
	if err := got.Scan("2026-02-30"); err == nil {
		t.Errorf("Scan(2026-02-30) = nil error, want an error")
	}
}

func TestRef_ValueScan(t *testing.T) {
	if v, _ := ref(0).Value(); v != nil {
		t.Errorf("ref(0).Value() = %v, want nil", v)
	}
	if v, _ := ref(7).Value(); v != int64(7) {
		t.Errorf("ref(7).Value() = %v, want 7", v)
	}
	var r ref = 5
	if err := r.Scan(nil); err != nil || r != 0 {
		t.Errorf("Scan(nil) = %d, %v; want 0", r, err)
	}
	if err := r.Scan(int64(9)); err != nil || r != 9 {
		t.Errorf("Scan(9) = %d, %v; want 9", r, err)
	}
	var s optText = "x"
	if err := s.Scan(nil); err != nil || s != "" {
		t.Errorf("optText.Scan(nil) = %q, %v; want empty", s, err)
	}
	if v, _ := optText("").Value(); v != nil {
		t.Errorf(`optText("").Value() = %v, want nil`, v)
	}
}

func TestIDList_Scan(t *testing.T) {
	tests := []struct {
		src  any
		want idList
	}{
		{nil, nil},
		{"7", idList{7}},
		{"3,7,12", idList{3, 7, 12}},
		{[]byte("5,6"), idList{5, 6}},
	}
	for _, tt := range tests {
		var got idList
		if err := got.Scan(tt.src); err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("Scan(%v) = %v, %v; want %v", tt.src, got, err, tt.want)
		}
	}
	for _, bad := range []any{"3,x", "", int64(3)} {
		var got idList
		if err := got.Scan(bad); err == nil {
			t.Errorf("Scan(%v) = nil error, want an error", bad)
		}
	}
}
