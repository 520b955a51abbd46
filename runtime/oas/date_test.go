package oas

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{"2024-02-29", Date{2024, time.February, 29}, false},
		{"0001-01-01", Date{1, time.January, 1}, false},
		{"9999-12-31", Date{9999, time.December, 31}, false},
		{"2023-02-29", Date{}, true},
		{"2024-13-01", Date{}, true},
		{"2024-1-01", Date{}, true},
		{"24-01-01", Date{}, true},
		{"2024-01-01T00:00:00Z", Date{}, true},
		{" 2024-01-01", Date{}, true},
		{"", Date{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseDate(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
			if err == nil && got.String() != tt.in {
				t.Errorf("ParseDate(%q).String() = %q, want the input", tt.in, got.String())
			}
		})
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		Born Date  `json:"born"`
		Due  *Date `json:"due,omitempty"`
		Opt  Date  `json:"opt,omitzero"`
	}
	in := doc{Born: Date{1815, time.December, 10}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	if want := `{"born":"1815-12-10"}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if out != in {
		t.Errorf("Unmarshal = %+v, want %+v", out, in)
	}
	if err := json.Unmarshal([]byte(`{"born":"1815-12-32"}`), &out); err == nil {
		t.Errorf("Unmarshal of an invalid date: no error")
	}
	if _, err := json.Marshal(doc{}); err == nil {
		t.Errorf("Marshal of a zero (invalid) required date: no error")
	}
}

func TestDateValid(t *testing.T) {
	tests := []struct {
		d    Date
		want bool
	}{
		{Date{2024, time.February, 29}, true},
		{Date{0, time.January, 1}, true},
		{Date{2023, time.February, 29}, false},
		{Date{2023, time.April, 31}, false},
		{Date{2023, 0, 1}, false},
		{Date{2023, 13, 1}, false},
		{Date{2023, 1, 0}, false},
		{Date{10000, 1, 1}, false},
		{Date{-1, 1, 1}, false},
		{Date{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.d.String(), func(t *testing.T) {
			if got := tt.d.IsValid(); got != tt.want {
				t.Errorf("%v.IsValid() = %v, want %v", tt.d, got, tt.want)
			}
		})
	}
}

func TestDateOf(t *testing.T) {
	// 23:30 on 31 Dec in New York is already 1 Jan in UTC: DateOf uses
	// the time's own location.
	loc := time.FixedZone("EST", -5*3600)
	tm := time.Date(2023, time.December, 31, 23, 30, 0, 0, loc)
	if got, want := DateOf(tm), (Date{2023, time.December, 31}); got != want {
		t.Errorf("DateOf(%v) = %v, want %v", tm, got, want)
	}
	if got, want := DateOf(tm.UTC()), (Date{2024, time.January, 1}); got != want {
		t.Errorf("DateOf(%v) = %v, want %v", tm.UTC(), got, want)
	}
	d := Date{2024, time.March, 5}
	if got, want := d.In(loc), time.Date(2024, time.March, 5, 0, 0, 0, 0, loc); !got.Equal(want) {
		t.Errorf("%v.In(EST) = %v, want %v", d, got, want)
	}
}

func TestFormatTime(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), "2024-01-02T03:04:05Z"},
		{time.Date(2024, 1, 2, 3, 4, 5, 120000000, time.UTC), "2024-01-02T03:04:05.12Z"},
		{time.Date(2024, 1, 2, 3, 4, 5, 1, time.UTC), "2024-01-02T03:04:05.000000001Z"},
		{time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("", 5*3600+1800)), "2024-01-02T03:04:05+05:30"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := FormatTime(tt.t)
			if got != tt.want {
				t.Errorf("FormatTime(%v) = %q, want %q", tt.t, got, tt.want)
			}
			back, err := time.Parse(time.RFC3339, got)
			if err != nil || !back.Equal(tt.t) {
				t.Errorf("time.Parse(RFC3339, %q) = %v, %v, want %v", got, back, err, tt.t)
			}
		})
	}
}
