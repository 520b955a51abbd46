package sigenimpl

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/oas"
)

func TestUnmarshalUnionRule(t *testing.T) {
	var got string
	mk := func(name, kind string, req []string, values ...string) Variant {
		return Variant{Kind: kind, Required: req, Values: values, Decode: func(b []byte, strict bool) error {
			var m map[string]any
			if kind == "object" {
				if err := Decode(b, &m, false); err != nil {
					return err
				}
				if strict {
					for k := range m {
						ok := false
						for _, r := range req {
							ok = ok || r == k
						}
						if !ok && k != "kind" {
							return errors.New("unknown field " + k)
						}
					}
				}
			}
			got = name
			return nil
		}}
	}
	vs := []Variant{
		mk("a", "object", []string{"x"}, "A"),
		mk("b", "object", []string{"x", "y"}, "B"),
		mk("s", "string", nil),
		mk("f", "number", nil),
		mk("i", "integer", nil),
	}
	for _, tc := range []struct{ doc, disc, want string }{
		{`{"kind":"B","x":1}`, "kind", "b"},       // discriminator wins
		{`{"x":1,"y":2}`, "", "b"},                // strict match beats the earlier lenient one
		{`{"x":1}`, "", "a"},                      // first with its required properties
		{`"s"`, "", "s"},                          // by JSON kind
		{`3`, "", "i"},                            // integral numbers prefer integer variants
		{`3.5`, "", "f"},                          // others go to number
		{`{"kind":"unknown","x":1}`, "kind", "a"}, // unknown discriminator: structural rule
	} {
		got = ""
		if err := UnmarshalUnion([]byte(tc.doc), tc.disc, vs); err != nil || got != tc.want {
			t.Errorf("UnmarshalUnion(%s) chose %q (%v), want %q", tc.doc, got, err, tc.want)
		}
	}
	if err := UnmarshalUnion([]byte(`true`), "", vs); !errors.Is(err, ErrNoVariant) {
		t.Errorf("boolean: err = %v, want ErrNoVariant", err)
	}
	got = "untouched"
	if err := UnmarshalUnion([]byte(`null`), "", vs); err != nil || got != "untouched" {
		t.Errorf("null decoded a variant")
	}
}

func TestExtra(t *testing.T) {
	b, err := MarshalExtra([]byte(`{"id":"1"}`), map[string]int{"z": 2, "a": 1, "id": 9})
	if err != nil || string(b) != `{"id":"1","a":1,"z":2}` {
		t.Errorf("MarshalExtra = %s, %v", b, err)
	}
	b, _ = MarshalExtra([]byte(`{}`), map[string]int{"a": 1})
	if string(b) != `{"a":1}` {
		t.Errorf("MarshalExtra on empty object = %s", b)
	}
	m, err := UnmarshalExtra[int]([]byte(`{"id":"1","a":1}`), "id")
	if err != nil || len(m) != 1 || m["a"] != 1 {
		t.Errorf("UnmarshalExtra = %v, %v", m, err)
	}
	if _, err := UnmarshalExtra[int]([]byte(`{"a":"x"}`)); err == nil {
		t.Errorf("UnmarshalExtra accepted a string as int")
	}
}

type level int32
type color string

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		{"x", "x"}, {true, "true"}, {int32(-3), "-3"}, {int64(9007199254740993), "9007199254740993"},
		{1.5, "1.5"}, {float32(0.1), "0.1"}, {level(7), "7"}, {color("red"), "red"},
		{time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), "2026-01-02T03:04:05Z"},
		{oas.Date{Year: 2026, Month: 2, Day: 3}, "2026-02-03"},
	} {
		if got := Format(tc.v); got != tc.want {
			t.Errorf("Format(%#v) = %q, want %q", tc.v, got, tc.want)
		}
	}
	if got := strings.Join(MapPairs(map[string]int{"b": 2, "a": 1}), ","); got != "a,1,b,2" {
		t.Errorf("MapPairs = %s", got)
	}
	type obj struct {
		R *int  `json:"r,omitempty"`
		G int   `json:"g"`
		N *bool `json:"n,omitempty"`
	}
	r := 100
	if got := strings.Join(StructPairs(obj{R: &r, G: 200}), ","); got != "r,100,g,200" {
		t.Errorf("StructPairs = %s", got)
	}
}

func TestServerTemplate(t *testing.T) {
	s := oas.ServerTemplate{URL: "https://{region}.example.com/{v}", Variables: []string{"region", "v"},
		Defaults: map[string]string{"region": "eu", "v": "v1"}, Enums: map[string][]string{"region": {"eu", "us"}}}
	if u, err := s.Expand(nil); err != nil || u != "https://eu.example.com/v1" {
		t.Errorf("Expand(nil) = %q, %v", u, err)
	}
	if u, err := s.Expand(map[string]string{"region": "us", "v": "v2"}); err != nil || u != "https://us.example.com/v2" {
		t.Errorf("Expand = %q, %v", u, err)
	}
	if _, err := s.Expand(map[string]string{"region": "mars"}); err == nil {
		t.Errorf("value outside the enum accepted")
	}
	if _, err := s.Expand(map[string]string{"nope": "x"}); err == nil {
		t.Errorf("undeclared variable accepted")
	}
}

func TestDoAndErrors(t *testing.T) {
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.RequestURI())
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"type":"x","title":"Bad","detail":"field\nname is wrong","code":"invalid"}`)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL + "/sign", UserAgent: "sigen-test"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	req := &Request{Operation: "listThings", Method: "GET", Path: "/things", NoAuth: true}
	for _, next := range []string{"", "things?offset=2", "?offset=3", "/sign/things?offset=4"} {
		var opts []CallOption
		if next != "" {
			opts = append(opts, WithURL(next))
		}
		resp, err := c.Do(ctx, req, opts)
		if err != nil {
			t.Fatal(err)
		}
		err = Error("listThings", resp, nil)
		var apiErr *oas.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
			t.Fatalf("err = %v", err)
		}
		if want := "listThings: status 400 Bad Request: field name is wrong"; err.Error() != want {
			t.Errorf("Error() = %q, want %q", err.Error(), want)
		}
	}
	want := []string{"/sign/things", "/sign/things?offset=2", "/sign/things?offset=3", "/sign/things?offset=4"}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Errorf("paths = %v, want %v (next links resolve against the page URL)", paths, want)
	}
	// Credentials a call needs but the client lacks.
	c2, _ := New(Config{BaseURL: srv.URL, Schemes: []Scheme{{Name: "oauth", Kind: ClientCredentials, TokenURL: "/token"}}})
	_, err = c2.Do(ctx, &Request{Operation: "op", Method: "GET", Path: "/", Security: [][]string{{"oauth"}}}, nil)
	if !errors.Is(err, auth.ErrNoCredentials) || !strings.Contains(err.Error(), "oauth") {
		t.Errorf("err = %v, want ErrNoCredentials naming oauth", err)
	}
}

func TestNewRejectsRelativeBase(t *testing.T) {
	for _, base := range []string{"", "/v1", "example.com"} {
		if _, err := New(Config{BaseURL: base}); err == nil {
			t.Errorf("New(%q) accepted a base URL that is not absolute", base)
		}
	}
}
