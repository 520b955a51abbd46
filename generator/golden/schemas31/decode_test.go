package schemas31

import (
	"reflect"
	"testing"

	"github.com/sigen-dev/sigen/runtime/oas"
	"github.com/sigen-dev/sigen/runtime/sigenimpl"
)

// Doc's generated decoder gives what encoding/json gives, for the three
// states of its nullable fields (absent, null, a value), a union and a
// tuple field, and values that do not fit.
func TestGeneratedDecoderMatchesEncodingJSON(t *testing.T) {
	for _, doc := range []string{
		`{"title": "t"}`,
		`{"title": "t", "subtitle": null, "summary": null, "pages": null, "author": null}`,
		`{"title": "t", "subtitle": "s", "summary": "", "pages": 3, "author": {"name": "a"}}`,
		`{"author": {}, "AUTHOR": {"name": "b"}}`, `{"author": {"name": 1}}`, `{"pages": 1.5}`, `{"pages": "3"}`,
		`{"mixed": "m"}`, `{"mixed": 7}`, `{"mixed": null}`, `{"mixed": true}`,
		`{"point": [1, 2, "x", "y"]}`, `{"point": [1]}`, `{"point": null}`, `{"kind": "document"}`, `{"kind": "other"}`,
		`{"examples_field": null}`, `null`, `[]`, `{"title": "t"`,
	} {
		for _, strict := range []bool{false, true} {
			var want, got Doc
			werr := sigenimpl.Decode([]byte(doc), &want, strict)
			gerr := sigenimpl.DecodeBytes([]byte(doc), &got, (*Doc).decodeJSON, strict)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("strict=%v %s:\nencoding/json error: %v\ngenerated error:     %v", strict, doc, werr, gerr)
			}
			if werr == nil && !reflect.DeepEqual(want, got) {
				t.Fatalf("strict=%v %s:\nencoding/json: %+v\ngenerated:     %+v", strict, doc, want, got)
			}
		}
	}
	var d Doc
	if err := sigenimpl.DecodeBytes([]byte(`{"subtitle": null, "pages": 2}`), &d, (*Doc).decodeJSON, false); err != nil {
		t.Fatal(err)
	}
	if !d.Subtitle.IsNull() || d.Summary.IsSet() || d.Pages != oas.NewNullable[int64](2) {
		t.Errorf("nullable states: subtitle %+v, summary %+v, pages %+v", d.Subtitle, d.Summary, d.Pages)
	}
}
