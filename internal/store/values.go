package store

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"

	"linka/internal/workdays"
)

// Column codecs shared by both databases. Each type converts a Go value
// to a query argument (driver.Valuer) and back from a scanned column
// (sql.Scanner through a pointer conversion such as (*ts)(&c.CreatedAt)),
// so no scanning code is written per database.

// timeLayout is how times are stored as text: UTC, microseconds, fixed
// width, so that text order is time order (SQLite). PostgreSQL parses the
// same text into timestamptz.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// ts is a time stored in UTC with microsecond precision; the zero time is
// NULL.
type ts time.Time

// Value implements driver.Valuer.
func (t ts) Value() (driver.Value, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return nil, nil
	}
	return tt.UTC().Truncate(time.Microsecond).Format(timeLayout), nil
}

// Scan implements sql.Scanner: PostgreSQL returns time.Time, SQLite text.
func (t *ts) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*t = ts{}
	case time.Time:
		*t = ts(v.UTC())
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	default:
		return fmt.Errorf("scan time: unsupported %T", src)
	}
	return nil
}

func (t *ts) parse(s string) error {
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("scan time: %w", err)
	}
	*t = ts(v.UTC())
	return nil
}

// date is a civil date: PostgreSQL date, SQLite "YYYY-MM-DD" text; the zero
// date is NULL.
type date workdays.Date

// Value implements driver.Valuer.
func (d date) Value() (driver.Value, error) {
	if workdays.Date(d).IsZero() {
		return nil, nil
	}
	return workdays.Date(d).String(), nil
}

// Scan implements sql.Scanner.
func (d *date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = date{}
		return nil
	case time.Time:
		y, m, dd := v.Date()
		*d = date{Year: y, Month: m, Day: dd}
		return nil
	case []byte:
		src = string(v)
	}
	s, ok := src.(string)
	if !ok {
		return fmt.Errorf("scan date: unsupported %T", src)
	}
	v, err := workdays.ParseDate(s)
	if err != nil {
		return fmt.Errorf("scan date: %w", err)
	}
	*d = date(v)
	return nil
}

// ref is a reference to another row by id; 0 (none) is NULL.
type ref int64

// Value implements driver.Valuer.
func (r ref) Value() (driver.Value, error) {
	if r == 0 {
		return nil, nil
	}
	return int64(r), nil
}

// Scan implements sql.Scanner.
func (r *ref) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*r = 0
	case int64:
		*r = ref(v)
	default:
		return fmt.Errorf("scan id: unsupported %T", src)
	}
	return nil
}

// optText is optional text; "" is NULL, so a unique index ignores it.
type optText string

// Value implements driver.Valuer.
func (s optText) Value() (driver.Value, error) {
	if s == "" {
		return nil, nil
	}
	return string(s), nil
}

// Scan implements sql.Scanner.
func (s *optText) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s = ""
	case string:
		*s = optText(v)
	case []byte:
		*s = optText(v)
	default:
		return fmt.Errorf("scan text: unsupported %T", src)
	}
	return nil
}

// idList scans a list of ids aggregated as text, "3,7" (dialect.idList);
// NULL is an empty (nil) list.
type idList []int64

// Scan implements sql.Scanner.
func (l *idList) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*l = nil
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("scan id list: unsupported %T", src)
	}
	var out idList
	for _, f := range strings.Split(s, ",") {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return fmt.Errorf("scan id list: %w", err)
		}
		out = append(out, id)
	}
	*l = out
	return nil
}
