package schemas_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generator/golden/schemas"
	"github.com/sigen-dev/sigen/runtime/oas"
)

// roundTrip decodes doc into a new *T, encodes it back, and checks that the
// result means the same JSON (key order and spacing aside; numbers compared
// exactly, so 64-bit integers must survive).
func roundTrip[T any](t *testing.T, doc string) *T {
	t.Helper()
	v := new(T)
	if err := json.Unmarshal([]byte(doc), v); err != nil {
		t.Fatalf("Unmarshal(%s) into %T: %v", doc, v, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal(%T): %v", v, err)
	}
	if !sameJSON(t, doc, string(out)) {
		t.Errorf("%T round trip:\n in: %s\nout: %s", v, doc, out)
	}
	return v
}

func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	dec := func(s string) any {
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatalf("decode %s: %v", s, err)
		}
		return v
	}
	return reflect.DeepEqual(dec(a), dec(b))
}

func TestObjectRoundTrip(t *testing.T) {
	doc := `{
		"id": "2d4c0bde-0e54-4d5b-9f4b-6a0e4b0d8c51",
		"name": "widget", "count": 0, "big": 9007199254740993,
		"ratio": 0.5, "score": 1e-7, "enabled": false,
		"createdAt": "2026-11-24T08:00:00.123456789Z", "birthday": "1990-02-28",
		"blob": "aGVsbG8=", "email": "a@example.com", "website": "https://example.com", "odd": "x",
		"signicat-accountId": "a-spge-1", "@type": "Thing", "2fa": true, "æøå": "blåbær",
		"nickname": null,
		"tags": [], "matrix": [[1, 2], []], "labels": {"k": "v"},
		"anything": {"free": [1, "form", null]}, "freeForm": {"a": 1},
		"status": "ARCHIVED", "level": 42,
		"owner": {"name": "Ada", "reports": [{"name": "Bob"}]},
		"callbackUrls": {"success": "https://s"}
	}`
	v := roundTrip[schemas.Thing](t, doc)
	if v.Big == nil || *v.Big != 9007199254740993 {
		t.Errorf("Big = %v, want 9007199254740993 exactly", v.Big)
	}
	if v.Count != 0 || v.Enabled == nil || *v.Enabled {
		t.Errorf("zero values lost: Count=%d Enabled=%v", v.Count, v.Enabled)
	}
	if v.Birthday == nil || *v.Birthday != (oas.Date{Year: 1990, Month: time.February, Day: 28}) {
		t.Errorf("Birthday = %v", v.Birthday)
	}
	if string(v.Blob) != "hello" {
		t.Errorf("Blob = %q, want hello (base64-decoded)", v.Blob)
	}
	if v.Status == nil || *v.Status != "ARCHIVED" || v.Status.IsKnown() {
		t.Errorf("unknown enum value not preserved: %v", v.Status)
	}
	if v.Level == nil || *v.Level != 42 || v.Level.IsKnown() {
		t.Errorf("unknown integer enum value not preserved: %v", v.Level)
	}
	if !v.Nickname.IsNull() {
		t.Errorf("Nickname should be null")
	}
	if v.Tags == nil || len(v.Tags) != 0 {
		t.Errorf("empty array must stay present and empty, got %#v", v.Tags)
	}
	if v.X2fa == nil || !*v.X2fa || v.Type == nil || *v.Type != "Thing" || v.Æøå == nil {
		t.Errorf("odd property names not mapped: 2fa=%v @type=%v æøå=%v", v.X2fa, v.Type, v.Æøå)
	}
}

func TestAbsentVersusZero(t *testing.T) {
	// Only required fields: nothing optional may appear on the way out.
	doc := `{"name":"n","count":0,"createdAt":"2026-01-02T03:04:05Z","signicat-accountId":""}`
	v := roundTrip[schemas.Thing](t, doc)
	if v.Nickname.IsSet() || v.Tags != nil || v.Big != nil {
		t.Errorf("absent fields decoded as present: %+v", v)
	}
}

func TestNullable(t *testing.T) {
	for _, tc := range []struct {
		doc       string
		set, null bool
		value     string
		hasValue  bool
	}{
		{`{"name":"n","count":1,"createdAt":"2026-01-02T03:04:05Z","signicat-accountId":"a"}`, false, false, "", false},
		{`{"name":"n","count":1,"createdAt":"2026-01-02T03:04:05Z","signicat-accountId":"a","nickname":null}`, true, true, "", false},
		{`{"name":"n","count":1,"createdAt":"2026-01-02T03:04:05Z","signicat-accountId":"a","nickname":"nick"}`, true, false, "nick", true},
	} {
		v := roundTrip[schemas.Thing](t, tc.doc)
		got, ok := v.Nickname.Get()
		if v.Nickname.IsSet() != tc.set || v.Nickname.IsNull() != tc.null || ok != tc.hasValue || got != tc.value {
			t.Errorf("%s: Nickname set=%v null=%v value=%q,%v", tc.doc, v.Nickname.IsSet(), v.Nickname.IsNull(), got, ok)
		}
	}
	// Encoding from Go: null is written, absent is not.
	th := schemas.Thing{Name: "n", Nickname: oas.Null[string]()}
	b, _ := json.Marshal(th)
	if !bytes.Contains(b, []byte(`"nickname":null`)) {
		t.Errorf("explicit null not encoded: %s", b)
	}
	th.Nickname = oas.Nullable[string]{}
	b, _ = json.Marshal(th)
	if bytes.Contains(b, []byte(`nickname`)) {
		t.Errorf("absent nullable encoded: %s", b)
	}
}

func TestReadOnlyWriteOnly(t *testing.T) {
	// A request built without the read-only id must not send it.
	b, _ := json.Marshal(schemas.Thing{Name: "n"})
	if bytes.Contains(b, []byte(`"id"`)) || bytes.Contains(b, []byte(`"password"`)) {
		t.Errorf("readOnly/writeOnly fields sent when unset: %s", b)
	}
}

func TestAllOf(t *testing.T) {
	v := roundTrip[schemas.Extended](t, `{"kind":"k","extra":3,"note":"a@example.com"}`)
	if v.Kind != "k" || v.Extra != 3 || v.Note == nil {
		t.Errorf("allOf fields not merged: %+v", v)
	}
	roundTrip[schemas.Alias](t, `{"kind":"alias"}`)
}

func TestDiscriminator(t *testing.T) {
	cat := roundTrip[schemas.Pet](t, `{"petType":"cat","meow":true}`)
	if cat.Cat == nil || cat.Dog != nil || !cat.Cat.Meow {
		t.Errorf("cat decoded as %+v", cat)
	}
	dog := roundTrip[schemas.Pet](t, `{"petType":"dog","bark":"woof"}`)
	if dog.Dog == nil || dog.Dog.Bark != "woof" {
		t.Errorf("dog decoded as %+v", dog)
	}
	// Without mapping, the values are the schema names.
	nm := roundTrip[schemas.PetNoMapping](t, `{"petType":"Dog","bark":"woof"}`)
	if nm.Dog == nil {
		t.Errorf("implicit mapping: %+v", nm)
	}
	// Built in Go.
	b, err := json.Marshal(schemas.PetFromCat(schemas.Cat{PetType: "cat", Meow: true}))
	if err != nil || !sameJSON(t, string(b), `{"petType":"cat","meow":true}`) {
		t.Errorf("PetFromCat marshals to %s, %v", b, err)
	}
}

func TestOneOfWithoutDiscriminator(t *testing.T) {
	circle := roundTrip[schemas.Shape](t, `{"radius":2}`)
	if circle.ShapeVariant0 == nil || circle.ShapeVariant1 != nil {
		t.Errorf("circle = %+v", circle)
	}
	rect := roundTrip[schemas.Shape](t, `{"width":2,"height":3}`)
	if rect.ShapeVariant1 == nil || rect.ShapeVariant0 != nil {
		t.Errorf("rect = %+v", rect)
	}
	s := roundTrip[schemas.StringOrInt](t, `"seven"`)
	if s.String == nil || *s.String != "seven" {
		t.Errorf("string variant = %+v", s)
	}
	i := roundTrip[schemas.StringOrInt](t, `7`)
	if i.Int64 == nil || *i.Int64 != 7 {
		t.Errorf("integer variant = %+v", i)
	}
	var bad schemas.StringOrInt
	if err := json.Unmarshal([]byte(`true`), &bad); err == nil {
		t.Errorf("a boolean matched StringOrInt")
	}
	c := roundTrip[schemas.AnyContact](t, `{"phone":"+47 1234"}`)
	if c.AnyContactVariant1 == nil {
		t.Errorf("anyOf = %+v", c)
	}
}

func TestAdditionalProperties(t *testing.T) {
	o := roundTrip[schemas.Open](t, `{"id":"1","x-extra":{"deep":[1,2]},"n":12345678901234567}`)
	if len(o.AdditionalProperties) != 2 {
		t.Errorf("extra properties = %v", o.AdditionalProperties)
	}
	typed := roundTrip[schemas.TypedOpen](t, `{"id":"1","a":1,"b":2}`)
	if typed.AdditionalProperties["b"] != 2 {
		t.Errorf("typed extras = %v", typed.AdditionalProperties)
	}
	roundTrip[schemas.Dictionary](t, `{"ada":{"name":"Ada"},"bob":{"name":"Bob","manager":{"name":"Ada"}}}`)
	roundTrip[schemas.Names](t, `["a","b"]`)
}

func TestRecursive(t *testing.T) {
	n := roundTrip[schemas.Node](t, `{"value":"root","children":[{"value":"a","children":[{"value":"a1"}]}],"parent":{"value":"up"}}`)
	if n.Children[0].Children[0].Value != "a1" || n.Parent.Value != "up" {
		t.Errorf("recursive = %+v", n)
	}
	roundTrip[schemas.Team](t, `{"lead":{"name":"Ada","team":{"lead":{"name":"Bob"}}},"members":[{"name":"C"}]}`)
}

func TestValidate(t *testing.T) {
	count := int64(11)
	ratio := 0.0
	status := schemas.Status("nope")
	look := "b"
	v := schemas.Validated{Code: "X", Count: &count, Ratio: &ratio, Status: &status, Lookahead: &look}
	err := v.Validate()
	var verrs oas.ValidationErrors
	if !errors.As(err, &verrs) {
		t.Fatalf("Validate() = %v, want oas.ValidationErrors", err)
	}
	want := map[string]bool{"$.code": false, "$.count": false, "$.ratio": false, "$.items": false, "$.status": false}
	for _, e := range verrs {
		if _, ok := want[e.Path]; !ok {
			t.Errorf("unexpected error %v", e)
		}
		want[e.Path] = true
	}
	for p, seen := range want {
		if !seen {
			t.Errorf("no error for %s (got %v)", p, err)
		}
	}
	ok := schemas.Validated{Code: "abc", Items: []string{"a"}}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid value: Validate() = %v", err)
	}
	// "X" is too short and breaks the pattern: two errors for $.code.
	n := 0
	for _, e := range verrs {
		if e.Path == "$.code" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("errors for $.code = %d, want 2 (length and pattern): %v", n, err)
	}
}

// Property names a struct tag cannot carry ("", "-", "a,b", a backtick, a
// quote) are kept by the type's own MarshalJSON/UnmarshalJSON: a decode →
// encode round trip loses no member, and the fields hold the values.
func TestOddPropertyNamesRoundTrip(t *testing.T) {
	doc := `{"": "empty", "-": 7, "a,b": "comma", "` + "`tick" + `": true, "say \"hi\"": ["x"], "ok": "plain"}`
	v := roundTrip[schemas.OddNames](t, doc)
	if v.Empty == nil || *v.Empty != "empty" || v.Property != 7 || v.AB == nil || *v.AB != "comma" ||
		v.Tick == nil || !*v.Tick || len(v.SayHi) != 1 || v.Ok == nil || *v.Ok != "plain" {
		t.Errorf("decoded %+v", v)
	}
	// Absent optional members stay absent; the required one is written.
	out, err := json.Marshal(schemas.OddNames{})
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(t, `{"-": 0}`, string(out)) {
		t.Errorf("zero OddNames = %s, want {\"-\":0}", out)
	}
	// With additional properties: the odd name is a declared field, not an
	// extra one, and undeclared members still round-trip.
	o := roundTrip[schemas.OddOpen](t, `{"a,b": "x", "ok": "y", "": 1, "other": [true]}`)
	if o.AB == nil || *o.AB != "x" || len(o.AdditionalProperties) != 2 {
		t.Errorf("decoded %+v", o)
	}
	if _, ok := o.AdditionalProperties["a,b"]; ok {
		t.Errorf("declared property a,b also kept as an extra one: %+v", o.AdditionalProperties)
	}
}

// An allOf that lists its own schema generates the other members' fields.
func TestSelfAllOf(t *testing.T) {
	v := roundTrip[schemas.SelfAllOf](t, `{"name": "n"}`)
	if v.Name == nil || *v.Name != "n" {
		t.Errorf("decoded %+v", v)
	}
}
