package oas

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"
	"unsafe"
)

type patch struct {
	Name  Nullable[string]          `json:"name,omitzero"`
	Count Nullable[int64]           `json:"count,omitzero"`
	Tags  Nullable[[]string]        `json:"tags,omitzero"`
	Inner Nullable[struct{ A int }] `json:"inner,omitzero"`
	Plain Nullable[string]          `json:"plain"` // no omitzero
}

func TestNullableInStruct(t *testing.T) {
	tests := []struct {
		name string
		in   patch
		json string
	}{
		{"absent", patch{}, `{"plain":null}`},
		{"null", patch{Name: Null[string](), Count: Null[int64](), Tags: Null[[]string](), Inner: Null[struct{ A int }](), Plain: Null[string]()},
			`{"name":null,"count":null,"tags":null,"inner":null,"plain":null}`},
		{"values", patch{
			Name:  NewNullable("Ada"),
			Count: NewNullable(int64(math.MaxInt64)),
			Tags:  NewNullable([]string{"a", "b"}),
			Inner: NewNullable(struct{ A int }{7}),
			Plain: NewNullable(""),
		}, `{"name":"Ada","count":9223372036854775807,"tags":["a","b"],"inner":{"A":7},"plain":""}`},
		{"zero values are not absent", patch{Name: NewNullable(""), Count: NewNullable(int64(0)), Plain: NewNullable("x")},
			`{"name":"","count":0,"plain":"x"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.in)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if string(b) != tt.json {
				t.Errorf("Marshal = %s, want %s", b, tt.json)
			}
			var got patch
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", b, err)
			}
			want := tt.in
			if !want.Plain.IsSet() {
				// Without omitzero an absent value is sent as null.
				want.Plain = Null[string]()
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Unmarshal(%s) = %+v, want %+v", b, got, want)
			}
		})
	}
}

func TestNullableStates(t *testing.T) {
	tests := []struct {
		name                     string
		n                        Nullable[int]
		wantV                    int
		wantOK, isNull, isSet, z bool
	}{
		{"absent", Nullable[int]{}, 0, false, false, false, true},
		{"null", Null[int](), 0, false, true, true, false},
		{"zero value", NewNullable(0), 0, true, false, true, false},
		{"value", NewNullable(42), 42, true, false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := tt.n.Get()
			if v != tt.wantV || ok != tt.wantOK {
				t.Errorf("Get() = %v, %v, want %v, %v", v, ok, tt.wantV, tt.wantOK)
			}
			if got := tt.n.IsNull(); got != tt.isNull {
				t.Errorf("IsNull() = %v, want %v", got, tt.isNull)
			}
			if got := tt.n.IsSet(); got != tt.isSet {
				t.Errorf("IsSet() = %v, want %v", got, tt.isSet)
			}
			if got := tt.n.IsZero(); got != tt.z {
				t.Errorf("IsZero() = %v, want %v", got, tt.z)
			}
		})
	}
}

func TestNullableUnmarshal(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		want    Nullable[int]
		wantErr bool
	}{
		{"missing", `{}`, Nullable[int]{}, false},
		{"null", `{"n":null}`, Null[int](), false},
		{"null with spaces", `{"n" :  null }`, Null[int](), false},
		{"value", `{"n":5}`, NewNullable(5), false},
		{"wrong type", `{"n":"5"}`, Nullable[int]{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct {
				N Nullable[int] `json:"n"`
			}
			err := json.Unmarshal([]byte(tt.json), &got)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Unmarshal(%s) error = %v, wantErr %v", tt.json, err, tt.wantErr)
			}
			if err != nil {
				var te *json.UnmarshalTypeError
				if !errors.As(err, &te) {
					t.Errorf("Unmarshal(%s) error = %T, want *json.UnmarshalTypeError", tt.json, err)
				}
				return
			}
			if !reflect.DeepEqual(got.N, tt.want) {
				t.Errorf("Unmarshal(%s) = %+v, want %+v", tt.json, got.N, tt.want)
			}
		})
	}
}

// A null overwrites a previous value; a value overwrites a previous null.
func TestNullableUnmarshalOverwrites(t *testing.T) {
	n := NewNullable("x")
	if err := json.Unmarshal([]byte("null"), &n); err != nil {
		t.Fatal(err)
	}
	if !n.IsNull() {
		t.Errorf("after null: IsNull() = false, want true")
	}
	if err := json.Unmarshal([]byte(`"y"`), &n); err != nil {
		t.Fatal(err)
	}
	if v, ok := n.Get(); !ok || v != "y" {
		t.Errorf("after value: Get() = %q, %v, want \"y\", true", v, ok)
	}
}

// TestNullableDirectDecodeMatchesEncodingJSON checks that the values decoded
// and encoded without a second pass of encoding/json are what
// encoding/json itself gives, errors included.
func TestNullableDirectDecodeMatchesEncodingJSON(t *testing.T) {
	inputs := []string{
		`"plain"`, `""`, `"with \"escape\""`, `"caf\u00e9"`, `"café"`, `"a<b>&c"`, "\"tab\there\"", `"\ud83d\ude00"`,
		`0`, `-0`, `7`, `-42`, `9223372036854775807`, `-9223372036854775808`, `9223372036854775808`,
		`01`, `1.0`, `1e3`, `-`, `+1`, `true`, `false`, `"true"`, `"2024-01-02T03:04:05Z"`,
		`"2024-01-02T03:04:05.123+02:00"`, `"2024-13-02T03:04:05Z"`, `"\u0032024-01-02T03:04:05Z"`, `[]`, `{}`, ` "x" `,
	}
	for _, in := range inputs {
		checkDirect[string](t, in)
		checkDirect[int64](t, in)
		checkDirect[bool](t, in)
		checkDirect[time.Time](t, in)
	}
	for _, v := range []string{"", "plain text", "a<b", "quote\"", "é", "\x00", "\u2028"} {
		got, err := json.Marshal(NewNullable(v))
		want, _ := json.Marshal(v)
		if err != nil || string(got) != string(want) {
			t.Errorf("Marshal(NewNullable(%q)) = %s, %v; want %s", v, got, err, want)
		}
	}
	for _, v := range []int64{0, -1, math.MaxInt64, math.MinInt64} {
		got, err := json.Marshal(NewNullable(v))
		want, _ := json.Marshal(v)
		if err != nil || string(got) != string(want) {
			t.Errorf("Marshal(NewNullable(%d)) = %s, %v; want %s", v, got, err, want)
		}
	}
}

func checkDirect[T any](t *testing.T, in string) {
	t.Helper()
	var want T
	wantErr := json.Unmarshal([]byte(in), &want)
	var got Nullable[T]
	gotErr := json.Unmarshal([]byte(in), &got)
	if (wantErr == nil) != (gotErr == nil) {
		t.Errorf("%T %s: error %v, want %v", want, in, gotErr, wantErr)
		return
	}
	if wantErr != nil {
		if gotErr.Error() != wantErr.Error() {
			t.Errorf("%T %s: error %q, want %q", want, in, gotErr, wantErr)
		}
		return
	}
	if v, ok := got.Get(); !ok || !reflect.DeepEqual(v, want) {
		t.Errorf("%T %s: got %#v, want %#v", want, in, v, want)
	}
}

// TestNullableDecodeReplaces checks that decoding replaces a Nullable's
// value instead of merging into it, and leaves it alone on failure.
func TestNullableDecodeReplaces(t *testing.T) {
	type pair struct{ A, B int }
	n := NewNullable(pair{A: 1, B: 2})
	if err := json.Unmarshal([]byte(`{"A":3}`), &n); err != nil {
		t.Fatal(err)
	}
	if v, ok := n.Get(); !ok || v != (pair{A: 3}) {
		t.Errorf("after decoding {\"A\":3}: %+v, %v; want {A:3 B:0}, true", v, ok)
	}
	if err := json.Unmarshal([]byte(`"x"`), &n); err == nil {
		t.Fatal("decoding a string into Nullable[pair] succeeded")
	}
	if v, ok := n.Get(); !ok || v != (pair{A: 3}) {
		t.Errorf("after a failed decode: %+v, %v; want {A:3 B:0}, true", v, ok)
	}
	s := Null[string]()
	if err := json.Unmarshal([]byte(`7`), &s); err == nil || !s.IsNull() {
		t.Errorf("decoding 7 into a null Nullable[string]: err %v, IsNull %v; want an error and still null", err, s.IsNull())
	}
}

// TestNullableObjectDecodeMatchesEncodingJSON checks that objects and
// arrays, which UnmarshalJSON decodes with a pooled decoder, decode as
// json.Unmarshal decodes them, errors included, also when UnmarshalJSON is
// called directly with bytes that are not one valid value: run in sequence,
// a decoder left in a bad state by one input would show in the next.
func TestNullableObjectDecodeMatchesEncodingJSON(t *testing.T) {
	type obj struct {
		A int
		B Nullable[*obj] `json:",omitzero"`
	}
	inputs := []string{
		`{"A":1}`, `{"A":1} {"A":2}`, `{"A":3}`, `{"A":1}x`, `{"A":"x"}`, `{"A":4}`, `{"A":`, `{"A":5,"B":{"A":6}}`,
		`{"B":null}`, `{"B":{"A":"x","B":{"A":7}}}`, `{"A":8}`, `[1,2]`, `[1] [2]`, `[1,"a"]`, `[3]`, `[`, `[]`, `{}`,
		`"s"`, `1`, `null`, ` {"A":9} `, `{"A":10}]`, `[4]}`,
	}
	for _, in := range inputs {
		checkRaw[obj](t, in)
		checkRaw[[]int](t, in)
		checkRaw[map[string]any](t, in)
	}
}

// checkRaw calls UnmarshalJSON directly with in and compares the result with
// json.Unmarshal's.
func checkRaw[T any](t *testing.T, in string) {
	t.Helper()
	var want T
	wantErr := json.Unmarshal([]byte(in), &want)
	var got Nullable[T]
	gotErr := got.UnmarshalJSON([]byte(in))
	if (wantErr == nil) != (gotErr == nil) {
		t.Errorf("%T %s: error %v, want %v", want, in, gotErr, wantErr)
		return
	}
	if wantErr != nil {
		if gotErr.Error() != wantErr.Error() {
			t.Errorf("%T %s: error %q, want %q", want, in, gotErr, wantErr)
		}
		return
	}
	if in == "null" {
		if !got.IsNull() {
			t.Errorf("%T %s: not null", want, in)
		}
		return
	}
	if v, ok := got.Get(); !ok || !reflect.DeepEqual(v, want) {
		t.Errorf("%T %s: got %#v, want %#v", want, in, v, want)
	}
}

func TestNullableIsOnePointer(t *testing.T) {
	if got, want := unsafe.Sizeof(Nullable[time.Time]{}), unsafe.Sizeof(new(time.Time)); got != want {
		t.Errorf("Sizeof(Nullable[time.Time]) = %d, want %d (one pointer)", got, want)
	}
}

// A zero-size T must not make a value look null: all zero-size values
// share one address.
func TestNullableZeroSize(t *testing.T) {
	type empty struct{}
	v := NewNullable(empty{})
	if _, ok := v.Get(); !ok || v.IsNull() {
		t.Errorf("NewNullable(empty{}): Get ok = %v, IsNull = %v, want true, false", ok, v.IsNull())
	}
	if n := Null[empty](); !n.IsNull() {
		t.Error("Null[empty]().IsNull() = false")
	}
	var got struct {
		E Nullable[empty] `json:"e"`
	}
	if err := json.Unmarshal([]byte(`{"e":{}}`), &got); err != nil || got.E.IsNull() || !got.E.IsSet() {
		t.Errorf("Unmarshal {} = %v, IsNull %v, IsSet %v", err, got.E.IsNull(), got.E.IsSet())
	}
}

func TestNullableFormat(t *testing.T) {
	type s struct {
		A, B, C Nullable[string]
		N       Nullable[int]
	}
	got := fmt.Sprintf("%v", s{A: NewNullable("x"), B: Null[string](), N: NewNullable(7)})
	if want := "{x null <absent> 7}"; got != want {
		t.Errorf("%%v = %q, want %q", got, want)
	}
	if got, want := fmt.Sprintf("%q", NewNullable("x")), `"x"`; got != want {
		t.Errorf("%%q = %s, want %s", got, want)
	}
}
