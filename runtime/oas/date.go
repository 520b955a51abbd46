package oas

import (
	"fmt"
	"time"
)

// Date is a civil date, the OpenAPI string format "date" ("2006-01-02",
// RFC 3339 full-date). It has no time of day and no location.
//
// Date implements [encoding.TextMarshaler] and [encoding.TextUnmarshaler],
// so it is a JSON string and works in query parameters formatted with
// [Date.String]. The zero Date is not a valid date; use the omitzero option
// for optional fields.
type Date struct {
	Year  int        // 0 to 9999
	Month time.Month // 1 to 12
	Day   int        // 1 to the last day of Month
}

const dateLayout = "2006-01-02"

// ParseDate parses a date in the form "2006-01-02". It rejects any other
// form, such as a date with a time, and days that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("oas: parsing date %q: %w", s, err)
	}
	return DateOf(t), nil
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// String returns d in the form "2006-01-02". An invalid date is formatted
// field by field, without normalisation.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsValid reports whether d is a date that exists, with a year from 0 to
// 9999 (the years the format can hold).
func (d Date) IsValid() bool {
	if d.Year < 0 || d.Year > 9999 || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return DateOf(d.In(time.UTC)) == d
}

// In returns the time at midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// MarshalText returns d in the form "2006-01-02", or an error if d is not
// valid.
func (d Date) MarshalText() ([]byte, error) {
	if !d.IsValid() {
		return nil, fmt.Errorf("oas: marshaling date: invalid date %s", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses a date in the form "2006-01-02" into d.
func (d *Date) UnmarshalText(text []byte) error {
	v, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// FormatTime formats t for the OpenAPI string format "date-time": RFC 3339
// with as many fractional-second digits as needed and t's own offset.
func FormatTime(t time.Time) string {
	return t.Format(time.RFC3339Nano)
}
