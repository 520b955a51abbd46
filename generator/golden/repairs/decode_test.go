package repairs

import (
	"reflect"
	"testing"

	"github.com/sigen-dev/sigen/runtime/sigenimpl"
)

// The generated decoders give what encoding/json gives, strictly (as union
// variants are tried) and not: a union field, a nullable field in its three
// states, enums, and values that do not fit.
func TestGeneratedDecodersMatchEncodingJSON(t *testing.T) {
	for _, doc := range []string{
		`{"id": "o", "amount": 5, "discount": 10}`, `{"id": "o", "discount": {"code": "X", "percent": 2.5}}`,
		`{"discount": {"code": "X", "extra": 1}}`, `{"discount": null}`, `{"discount": "x"}`, `{"amount": 1.5}`,
		`{"id": "v", "kind": "car", "plate": null}`, `{"plate": "AB 123"}`, `{"kind": "unknown"}`, `{"plate": 1}`,
		`{"code": "c", "percent": 1e400}`, `{"lines": 3, "text": "t"}`, `{"state": "ok", "STATE": "late"}`,
		`{}`, `null`, `[]`, `{"id": 1}`, `{"id": "x"`,
	} {
		differ(t, doc, (*Order).decodeJSON)
		differ(t, doc, (*Vehicle).decodeJSON)
		differ(t, doc, (*OrderDiscountVariant1).decodeJSON)
		differ(t, doc, (*CaptionSrt).decodeJSON)
		differ(t, doc, (*Status).decodeJSON)
	}
}

func differ[T any](t *testing.T, doc string, dec func(*T, *sigenimpl.Decoder)) {
	t.Helper()
	for _, strict := range []bool{false, true} {
		var want, got T
		werr := sigenimpl.Decode([]byte(doc), &want, strict)
		gerr := sigenimpl.DecodeBytes([]byte(doc), func(d *sigenimpl.Decoder) { dec(&got, d) }, strict)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%T strict=%v %s:\nencoding/json error: %v\ngenerated error:     %v", got, strict, doc, werr, gerr)
		}
		if werr == nil && !reflect.DeepEqual(want, got) {
			t.Fatalf("%T strict=%v %s:\nencoding/json: %+v\ngenerated:     %+v", got, strict, doc, want, got)
		}
	}
}
