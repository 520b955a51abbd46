package sigenimpl

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/oas"
)

// rank is an enum as sigen generates one.
type rank int64

// word is a string enum as sigen generates one.
type word string

// item and record are written as sigen writes a struct and its decodeJSON
// method, covering every decoder a generated field uses.
type item struct {
	Name string  `json:"name"`
	Tags []word  `json:"tags,omitzero"`
	Next *item   `json:"next,omitempty"`
	Cost float64 `json:"cost"`
}

func (v *item) decodeJSON(d *Decoder) {
	if !d.Object() {
		return
	}
	for d.More() {
	field:
		switch string(d.Key()) {
		case "name":
			DecodeString(&v.Name, d)
		case "tags":
			DecodeSlice(&v.Tags, d, DecodeString[word])
		case "next":
			DecodePointer(&v.Next, d, (*item).decodeJSON)
		case "cost":
			DecodeFloat(&v.Cost, d)
		default:
			if d.Refold("name", "tags", "next", "cost") {
				goto field
			}
			d.Unknown()
		}
	}
}

type record struct {
	ID       int64                        `json:"id"`
	Small    int32                        `json:"small"`
	Ratio    float32                      `json:"ratio"`
	OK       bool                         `json:"ok"`
	Level    *rank                        `json:"level,omitempty"`
	Title    string                       `json:"title"`
	TITLE2   string                       `json:"Title"` // folds like "title"
	Kelvin   string                       `json:"\u212aelvin"`
	When     time.Time                    `json:"when"`
	Day      *oas.Date                    `json:"day,omitempty"`
	Raw      json.RawMessage              `json:"raw,omitzero"`
	Blob     []byte                       `json:"blob,omitzero"`
	Any      any                          `json:"any,omitempty"`
	Item     item                         `json:"item"`
	Items    []item                       `json:"items,omitzero"`
	ByName   map[string]item              `json:"byName,omitzero"`
	Matrix   [][]int64                    `json:"matrix,omitzero"`
	Note     oas.Nullable[string]         `json:"note,omitzero"`
	Nick     oas.Nullable[word]           `json:"nick,omitzero"`
	Pages    oas.Nullable[int32]          `json:"pages,omitzero"`
	Share    oas.Nullable[float64]        `json:"share,omitzero"`
	Flag     oas.Nullable[bool]           `json:"flag,omitzero"`
	Seen     oas.Nullable[time.Time]      `json:"seen,omitzero"`
	Closed   oas.Nullable[time.Time]      `json:"closed,omitzero"`
	Owner    oas.Nullable[*item]          `json:"owner,omitzero"`
	List     oas.Nullable[[]item]         `json:"list,omitzero"`
	Counts   oas.Nullable[map[string]int] `json:"counts,omitzero"`
	Optional *string                      `json:"optional,omitempty"`
}

func (v *record) decodeJSON(d *Decoder) {
	if !d.Object() {
		return
	}
	for d.More() {
	field:
		switch string(d.Key()) {
		case "id":
			DecodeInt(&v.ID, d)
		case "small":
			DecodeInt(&v.Small, d)
		case "ratio":
			DecodeFloat(&v.Ratio, d)
		case "ok":
			DecodeBool(&v.OK, d)
		case "level":
			DecodeInt64Pointer(&v.Level, d)
		case "title":
			DecodeString(&v.Title, d)
		case "Title":
			DecodeString(&v.TITLE2, d)
		case "\u212aelvin":
			DecodeString(&v.Kelvin, d)
		case "when":
			DecodeUnmarshaler(&v.When, d)
		case "day":
			DecodePointer(&v.Day, d, DecodeText[oas.Date])
		case "raw":
			DecodeUnmarshaler(&v.Raw, d)
		case "blob":
			DecodeAny(&v.Blob, d)
		case "any":
			DecodeAny(&v.Any, d)
		case "item":
			v.Item.decodeJSON(d)
		case "items":
			DecodeSlice(&v.Items, d, (*item).decodeJSON)
		case "byName":
			DecodeMap(&v.ByName, d, (*item).decodeJSON)
		case "matrix":
			DecodeSlice(&v.Matrix, d, func(p *[]int64, d *Decoder) { DecodeSlice(p, d, DecodeInt[int64]) })
		case "note":
			DecodeNullable(&v.Note, d, DecodeString[string])
		case "nick":
			DecodeNullableString(&v.Nick, d)
		case "pages":
			DecodeNullableInt(&v.Pages, d)
		case "share":
			DecodeNullableFloat(&v.Share, d)
		case "flag":
			DecodeNullableBool(&v.Flag, d)
		case "seen":
			DecodeNullableTime(&v.Seen, d)
		case "closed":
			DecodeNullable(&v.Closed, d, DecodeUnmarshaler[time.Time])
		case "owner":
			DecodeNullablePointer(&v.Owner, d, (*item).decodeJSON)
		case "list":
			DecodeNullable(&v.List, d, func(p *[]item, d *Decoder) { DecodeSlice(p, d, (*item).decodeJSON) })
		case "counts":
			DecodeNullable(&v.Counts, d, func(p *map[string]int, d *Decoder) { DecodeMap(p, d, DecodeInt[int]) })
		case "optional":
			DecodeStringPointer(&v.Optional, d)
		default:
			if d.Refold("id", "small", "ratio", "ok", "level", "title", "Title", "\u212aelvin", "when", "day", "raw", "blob", "any", "item", "items", "byName", "matrix", "note", "nick", "pages", "share", "flag", "seen", "closed", "owner", "list", "counts", "optional") {
				goto field
			}
			d.Unknown()
		}
	}
}

// decodeDocs are JSON documents for record: valid ones, ones that do not
// fit it, and broken ones.
var decodeDocs = []string{
	`{}`, `null`, ` { } `, `[]`, `"x"`, `1`, `true`,
	`{"id": 1, "small": -2, "ratio": 0.5, "ok": true, "level": 3, "title": "t", "when": "2026-01-02T03:04:05.678Z", "day": "2026-02-03"}`,
	`{"id": 9223372036854775807}`, `{"id": -9223372036854775808}`, `{"id": 9223372036854775808}`,
	`{"id": 1.5}`, `{"id": 1e2}`, `{"id": -0}`, `{"id": 01}`, `{"id": -}`, `{"id": 1.}`, `{"id": .5}`, `{"id": 1e}`, `{"id": "1"}`,
	`{"small": 2147483647}`, `{"small": 2147483648}`, `{"small": -2147483649}`,
	`{"ratio": 1e39}`, `{"ratio": 1e-50}`, `{"ratio": 3.4028235e38}`, `{"ratio": -1E+2}`,
	`{"ok": null, "title": null, "id": null, "item": null, "when": null, "level": null, "items": null, "byName": null}`,
	`{"ok": 1}`, `{"ok": tru}`, `{"ok": nul}`, `{"title": 5}`, `{"title": {}}`, `{"title": []}`, `{"item": "x"}`, `{"items": {}}`,
	`{"title": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"}`, `{"title": "\ud83d"}`, `{"title": "\ud83dx"}`, `{"title": "\ude00\ud83d"}`,
	`{"title": "\ud83d\u0041"}`, `{"title": "\u12"}`, `{"title": "\x"}`, `{"title": "\'"}`, "{\"title\": \"a\tb\"}",
	"{\"title\": \"\xff\xfe ok \xc3\"}", "{\"title\": \"é\xe2\x82\"}", "{\"ti\xfftle\": 1}", `{"title": "<&>"}`,
	`{"TITLE": "upper"}`, `{"Title": "exact"}`, `{"tItLe": "mixed"}`, `{"kelvin": "k"}`, `{"KELVIN": "k"}`, `{"ſmall": 1}`,
	`{"title": "a", "title": "b"}`, `{"title": "a", "TITLE": "b"}`, `{"unknown": {"deep": [1, {"x": null}]}, "title": "t"}`,
	`{"t\u0069tle": "escaped key"}`, `{"item": {"name": "n", "tags": ["a", "b"], "next": {"name": "m", "next": null}, "cost": 2}}`,
	`{"items": []}`, `{"items": [{}, {"name": "x"}, null]}`, `{"byName": {"a": {"name": "x"}, "b": null, "a": {"cost": 1}}}`,
	`{"matrix": [[1, 2], [], null, [3]]}`, `{"matrix": [[1, 2.5]]}`,
	`{"note": null}`, `{"note": "n"}`, `{"note": "\u00e9"}`, `{"note": 5}`, `{"closed": null}`, `{"closed": "2026-01-02T03:04:05Z"}`,
	`{"closed": "bad"}`, `{"when": "bad"}`, `{"when": 5}`, `{"when": "2026-01-02T03:04:05\u005a"}`, `{"day": 5}`, `{"day": "bad"}`, `{"day": null}`,
	`{"nick": null, "pages": null, "share": null, "flag": null, "seen": null}`, `{"nick": "n", "pages": 3, "share": 0.5, "flag": false, "seen": "2026-01-02T03:04:05+01:00"}`,
	`{"nick": 1}`, `{"pages": 3000000000}`, `{"pages": 1.5}`, `{"share": "x"}`, `{"flag": 0}`, `{"seen": "bad"}`, `{"seen": 5}`,
	`{"owner": null}`, `{"owner": {"name": "o"}}`, `{"owner": {"name": 5}}`, `{"list": null}`, `{"list": []}`, `{"list": [{"name": "l"}]}`,
	`{"counts": {"a": 1, "b": 2}}`, `{"counts": {}}`, `{"counts": {"a": 1.5}}`,
	`{"raw": {"a": [1, 2]}}`, `{"raw": null}`, `{"raw": "s"}`, `{"blob": "aGVsbG8="}`, `{"blob": "!!"}`, `{"blob": null}`,
	`{"any": {"a": [1, "x", null, true]}}`, `{"any": 1e400}`, `{"optional": null}`, `{"optional": "o"}`,
	`{"any": {"a": 1, "a": {"b": [1e2, -0, 0.5E-3, "\u00e9\ud800x", false, {}, []]}, "k\u0041": null}}`,
	`{"any": [1, [2, [1e400]]]}`, "{\"any\": \"bad \xff\", \"any\": {\"\xfe\": 1}}", `{"any": {"a" 1}}`, `{"any": [1 2]}`,
	`{"any": -}`, `{"any": tru}`, `{"any": {"name": "n"}}`,
	`{"id": 1,}`, `{"id": 1 "ok": true}`, `{"id" 1}`, `{,}`, `{"id": 1}}`, `{"id": 1} x`, `{"id": 1}` + "\x00", `{"items": [1,]}`,
	`{"items": [,]}`, `{"items": [{} {}]}`, `{"title": "unterminated`, `{"title"`, `{`, ``, ` `, `{"id": [}`, `{"id": 1}  `,
	"{\"title\": \"x\"}\n", `{"a":` + strings.Repeat(`[`, 10001) + strings.Repeat(`]`, 10001) + `}`,
	`{"a":` + strings.Repeat(`[`, 9999) + strings.Repeat(`]`, 9999) + `}`,
}

// checkDecode decodes doc into a copy of base both with encoding/json and
// with the generated-style decoder, strictly or not, and fails unless both
// succeed with equal values or both fail.
func checkDecode[T any](t *testing.T, doc string, base T, dec func(*T, *Decoder), strict bool) {
	t.Helper()
	if jsonV2 && strings.Contains(doc, `05\u005a"`) {
		// Built with GOEXPERIMENT=jsonv2, encoding/json unescapes a time
		// before parsing it; the decoders keep v1's behaviour, which hands
		// the raw string to time.Time.UnmarshalJSON.
		return
	}
	want, got := base, base
	var werr error
	if strict {
		werr = Decode([]byte(doc), &want, true)
		if werr == nil && !json.Valid([]byte(doc)) {
			// A json.Decoder reads one value and leaves what follows.
			return
		}
	} else {
		werr = json.Unmarshal([]byte(doc), &want)
	}
	gerr := DecodeBytes([]byte(doc), func(d *Decoder) { dec(&got, d) }, strict)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("strict=%v %.200q:\nencoding/json error: %v\ngenerated error:     %v", strict, doc, werr, gerr)
	}
	if werr == nil && !reflect.DeepEqual(want, got) {
		t.Fatalf("strict=%v %.200q:\nencoding/json: %+v\ngenerated:     %+v", strict, doc, want, got)
	}
}

// The decoder gives what encoding/json gives, into a zero value and into
// one that already holds data (slices, maps and pointers are reused as
// encoding/json reuses them), strict and not.
func TestDecoderMatchesEncodingJSON(t *testing.T) {
	next := &item{Name: "kept", Cost: 7}
	full := record{
		ID: 5, Title: "old", Level: new(rank), Item: item{Name: "in", Tags: []word{"x", "y", "z"}, Next: next},
		Items: make([]item, 1, 4), ByName: map[string]item{"old": {Name: "o"}}, Note: oas.NewNullable("n"),
		Owner: oas.NewNullable(&item{Name: "own"}), Optional: new(string), Any: map[string]any{"k": 1.0},
	}
	full.Items[0].Tags = []word{"q"}
	// encoding/json decodes into what a pointer held by an interface{}
	// points to, rather than replacing it.
	held := record{Any: &item{Name: "held"}}
	for _, doc := range decodeDocs {
		checkDecode(t, doc, held, (*record).decodeJSON, false)
		for _, strict := range []bool{false, true} {
			checkDecode(t, doc, record{}, (*record).decodeJSON, strict)
			checkDecode(t, doc, full, (*record).decodeJSON, strict)
			checkDecode(t, doc, []record(nil), func(p *[]record, d *Decoder) { DecodeSlice(p, d, (*record).decodeJSON) }, strict)
			checkDecode(t, doc, map[string]item(nil), func(p *map[string]item, d *Decoder) { DecodeMap(p, d, (*item).decodeJSON) }, strict)
			checkDecode(t, doc, oas.Nullable[string]{}, func(p *oas.Nullable[string], d *Decoder) { DecodeNullable(p, d, DecodeString[string]) }, strict)
		}
	}
}

// Strings are copied out of the input: decoding then overwriting the input
// leaves the decoded value alone.
func TestDecoderCopies(t *testing.T) {
	data := []byte(`{"title": "abc", "byName": {"key": {"name": "n\u00e9"}}, "raw": [1], "note": "x", "Title": "é"}`)
	var v record
	if err := DecodeBytes(data, v.decodeJSON, false); err != nil {
		t.Fatal(err)
	}
	want := v
	want.Raw = append(json.RawMessage(nil), v.Raw...)
	for i := range data {
		data[i] = 'X'
	}
	if v.Title != "abc" || v.TITLE2 != "é" || string(v.Raw) != "[1]" || v.ByName["key"].Name != "né" {
		t.Fatalf("decoded value changed with its input: %+v", v)
	}
	if note, _ := v.Note.Get(); note != "x" {
		t.Fatalf("note = %q", note)
	}
}

// The three states of a nullable field: absent, null and a value.
func TestDecoderNullable(t *testing.T) {
	for doc, want := range map[string]oas.Nullable[string]{
		`{}`:             {},
		`{"note": null}`: oas.Null[string](),
		`{"note": ""}`:   oas.NewNullable(""),
		`{"note": "v"}`:  oas.NewNullable("v"),
	} {
		var v record
		if err := DecodeBytes([]byte(doc), v.decodeJSON, false); err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		if !reflect.DeepEqual(v.Note, want) {
			t.Errorf("%s: note = %+v, want %+v", doc, v.Note, want)
		}
	}
}

// Errors say what went wrong and where.
func TestDecoderErrors(t *testing.T) {
	for doc, want := range map[string]string{
		`{"id": 1.5}`:         "cannot unmarshal number 1.5 into a Go value that takes an int64, at offset 7",
		`{"small": 3e9}`:      "number 3e9",
		`{"title": 5}`:        "cannot unmarshal number into a Go value that takes a string, at offset 10",
		`{"item": []}`:        "cannot unmarshal array into a Go value that takes an object",
		`{"id": 1,}`:          "invalid character '}' looking for beginning of object key string at offset 9",
		`{"title": "a`:        "unexpected end of JSON input",
		`{"ok": tru}`:         "invalid character '}' in literal true (expecting 'e')",
		`{"id": 1} x`:         "invalid character 'x' after top-level value at offset 10",
		"{\"title\": \"\t\"}": `invalid character '\t' in string literal`,
		`{"title": "\q"}`:     "invalid character 'q' in string escape code",
	} {
		var v record
		err := DecodeBytes([]byte(doc), v.decodeJSON, false)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one containing %q", doc, err, want)
		}
	}
	var v record
	err := DecodeBytes([]byte(`{"nope": 1}`), v.decodeJSON, true)
	var uf *UnknownFieldError
	if !errors.As(err, &uf) || uf.Key != "nope" {
		t.Errorf("strict unknown key: error %v, want an UnknownFieldError", err)
	}
}

// FuzzDecoder compares the decoder with encoding/json on any input, into a
// zero record and into one an earlier input filled.
func FuzzDecoder(f *testing.F) {
	for _, doc := range decodeDocs {
		if len(doc) < 1000 {
			f.Add(doc, `{"items": [{"name": "a"}, {}], "byName": {"x": {}}, "item": {"tags": ["t"]}, "id": 3}`)
		}
	}
	f.Fuzz(func(t *testing.T, doc, first string) {
		checkDecode(t, doc, record{}, (*record).decodeJSON, false)
		checkDecode(t, doc, record{}, (*record).decodeJSON, true)
		var base record
		if json.Unmarshal([]byte(first), &base) == nil {
			checkDecode(t, doc, base, (*record).decodeJSON, false)
		}
	})
}
