package schemas

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/sigen-dev/sigen/runtime/sigenimpl"
)

// decodeDocs are JSON documents for the generated decoders: the round-trip
// documents, ones that do not fit the types, and broken ones.
var decodeDocs = []string{
	`{"id": "2d4c0bde", "name": "widget", "count": 0, "big": 9007199254740993, "ratio": 0.5, "score": 1e-7,
	  "enabled": false, "createdAt": "2026-11-24T08:00:00.123456789Z", "birthday": "1990-02-28", "blob": "aGVsbG8=",
	  "email": "a@example.com", "signicat-accountId": "a-spge-1", "@type": "Thing", "2fa": true, "æøå": "blåbær",
	  "nickname": null, "tags": [], "matrix": [[1, 2], []], "labels": {"k": "v"}, "anything": {"free": [1, "form", null]},
	  "freeForm": {"a": 1}, "status": "ARCHIVED", "level": 42, "owner": {"name": "Ada", "reports": [{"name": "Bob"}]},
	  "callbackUrls": {"success": "https://s"}}`,
	`{"nickname": "nick"}`, `{"nickname": 1}`, `{"NICKNAME": "n", "Name": "N", "ÆØÅ": "x"}`, `{"count": 2147483648}`,
	`{"big": 1.0}`, `{"ratio": 1e39}`, `{"birthday": "1990-02-30"}`, `{"birthday": null}`, `{"createdAt": null}`,
	`{"level": "x"}`, `{"status": 5}`, `{"blob": "%%"}`, `{"tags": null}`, `{"tags": [null, "a"]}`, `{"matrix": [[1.5]]}`,
	`{"owner": null}`, `{"owner": {"manager": {"name": "m"}, "team": {"lead": {"name": "l"}, "members": [{}]}}}`,
	`{"lead": {"name": "x", "unknown": 1}, "members": null}`, `{"children": [{"value": "a", "children": []}], "parent": {"value": "p"}}`,
	`{"petType": "cat", "meow": true, "extra": 1}`, `{"petType": "dog", "bark": "woof"}`, `{"kind": "k", "note": null, "extra": 2}`,
	`{"code": "c", "count": 3, "items": ["a"], "owner": {"code": "o"}}`, `{"id": "x", "ID": "y"}`, `{"name": 5}`,
	`{}`, `null`, `[]`, `"s"`, `1`, `{"name": "x",}`, `{"name": "x"} {}`, `{"name": "\ud800"}`, "{\"name\": \"\xff\"}",
}

// differ decodes doc with encoding/json and with T's generated decoder,
// strictly (as union variants are tried) and not, and reports a mismatch.
func differ[T any](t *testing.T, doc string, dec func(*T, *sigenimpl.Decoder)) {
	t.Helper()
	for _, strict := range []bool{false, true} {
		var want, got T
		werr := sigenimpl.Decode([]byte(doc), &want, strict)
		if strict && werr == nil && !json.Valid([]byte(doc)) {
			continue // a json.Decoder reads one value and leaves what follows
		}
		gerr := sigenimpl.DecodeBytes([]byte(doc), func(d *sigenimpl.Decoder) { dec(&got, d) }, strict)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%T strict=%v %q:\nencoding/json error: %v\ngenerated error:     %v", got, strict, doc, werr, gerr)
		}
		if werr == nil && !reflect.DeepEqual(want, got) {
			t.Fatalf("%T strict=%v %q:\nencoding/json: %+v\ngenerated:     %+v", got, strict, doc, want, got)
		}
	}
}

func differAll(t *testing.T, doc string) {
	differ(t, doc, (*Thing).decodeJSON)
	differ(t, doc, (*Person).decodeJSON)
	differ(t, doc, (*Team).decodeJSON)
	differ(t, doc, (*ThingCallbackURLs).decodeJSON)
	differ(t, doc, func(p *[]Thing, d *sigenimpl.Decoder) { sigenimpl.DecodeSlice(p, d, (*Thing).decodeJSON) })
}

// Each generated decoder gives what encoding/json gives.
func TestGeneratedDecodersMatchEncodingJSON(t *testing.T) {
	for _, doc := range decodeDocs {
		differAll(t, doc)
		differAll(t, "["+doc+", "+doc+"]")
	}
}

// FuzzGeneratedDecoders compares the generated decoders with encoding/json
// on any input.
func FuzzGeneratedDecoders(f *testing.F) {
	for _, doc := range decodeDocs {
		f.Add(doc)
	}
	f.Fuzz(differAll)
}
