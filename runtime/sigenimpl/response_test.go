package sigenimpl

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/sigen-dev/sigen/runtime/oas"
)

func jsonResponse(body string, length int64) *http.Response {
	return &http.Response{
		StatusCode:    200,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: length,
	}
}

// TestDecodeJSONPooledBuffer checks that values decoded from one response
// do not share memory with the pooled buffer the next response is read
// into.
func TestDecodeJSONPooledBuffer(t *testing.T) {
	type doc struct {
		Name string               `json:"name"`
		Raw  json.RawMessage      `json:"raw"`
		Nick oas.Nullable[string] `json:"nick"`
		Num  json.Number          `json:"num"`
	}
	var first doc
	body := `{"name":"first","raw":{"a":[1,2]},"nick":"ada","num":12}`
	if err := DecodeJSON("op", jsonResponse(body, int64(len(body))), &first); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		var other doc
		b := `{"name":"XXXXX","raw":{"b":[3,4]},"nick":"zzz","num":99}`
		if err := DecodeJSON("op", jsonResponse(b, -1), &other); err != nil {
			t.Fatal(err)
		}
	}
	nick, _ := first.Nick.Get()
	if first.Name != "first" || string(first.Raw) != `{"a":[1,2]}` || nick != "ada" || first.Num != "12" {
		t.Errorf("first decoded value changed: %+v (nick %q)", first, nick)
	}
}

func TestDecodeJSONErrors(t *testing.T) {
	var v map[string]any
	for _, tt := range []struct{ body, want string }{
		{"", "op: empty response body"},
		{" \n", "op: empty response body"},
		{`{"a":`, "op: decode response: unexpected end of JSON input"},
		{`{"a":1} {"b":2}`, "op: decode response: invalid character '{' after top-level value"},
	} {
		err := DecodeJSON("op", jsonResponse(tt.body, -1), &v)
		if err == nil || err.Error() != tt.want {
			t.Errorf("DecodeJSON(%q) = %v, want %s", tt.body, err, tt.want)
		}
	}
}

// DecodeResponse decodes with the generated decoder, and reports a bad
// body with encoding/json's own error.
func TestDecodeResponse(t *testing.T) {
	var v []record
	dec := func(v *[]record) func(*Decoder) {
		return func(d *Decoder) { DecodeSlice(v, d, (*record).decodeJSON) }
	}
	body := `[{"title": "a", "note": null}, {"items": [{"name": "x"}]}]`
	if err := DecodeResponse("op", jsonResponse(body, int64(len(body))), &v, dec(&v)); err != nil {
		t.Fatal(err)
	}
	var want []record
	if err := json.Unmarshal([]byte(body), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("DecodeResponse = %+v, want %+v", v, want)
	}
	for _, tt := range []struct{ body, want string }{
		{"", "op: empty response body"},
		{`[{"a":`, "op: decode response: unexpected end of JSON input"},
		{`[] {}`, "op: decode response: invalid character '{' after top-level value"},
		{`[{"id": 1.5}]`, "op: decode response: json: cannot unmarshal number 1.5 into Go struct field "},
	} {
		var v []record
		err := DecodeResponse("op", jsonResponse(tt.body, -1), &v, dec(&v))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("DecodeResponse(%q) = %v, want %s", tt.body, err, tt.want)
		}
	}
	resp := jsonResponse(`{}`, -1)
	resp.Header.Set("Content-Type", "text/plain")
	if err := DecodeResponse("op", resp, &v, dec(&v)); err == nil {
		t.Error("a text/plain body was decoded")
	}
}
