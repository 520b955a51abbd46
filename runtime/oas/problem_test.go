package oas

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestProblemRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Problem
		out  string // canonical re-encoding
	}{
		{
			"RFC 9457 example with extensions",
			`{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.",
			  "status":403,"detail":"Your current balance is 30, but that costs 50.",
			  "instance":"/account/12345/msgs/abc","balance":30,"accounts":["/account/12345","/account/67890"]}`,
			Problem{
				Type: "https://example.com/probs/out-of-credit", Title: "You do not have enough credit.", Status: 403,
				Detail: "Your current balance is 30, but that costs 50.", Instance: "/account/12345/msgs/abc",
				Extensions: map[string]json.RawMessage{
					"balance":  json.RawMessage(`30`),
					"accounts": json.RawMessage(`["/account/12345","/account/67890"]`),
				},
			},
			`{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","status":403,"detail":"Your current balance is 30, but that costs 50.","instance":"/account/12345/msgs/abc","accounts":["/account/12345","/account/67890"],"balance":30}`,
		},
		{"empty", `{}`, Problem{}, `{}`},
		{"extensions only", `{"traceId":"abc","errors":{"email":["bad"]}}`,
			Problem{Extensions: map[string]json.RawMessage{"traceId": json.RawMessage(`"abc"`), "errors": json.RawMessage(`{"email":["bad"]}`)}},
			`{"errors":{"email":["bad"]},"traceId":"abc"}`},
		{"wrong member types are ignored", `{"status":"400","title":7,"detail":"d"}`,
			Problem{Detail: "d"}, `{"detail":"d"}`},
		{"large integer extension keeps digits", `{"id":12345678901234567890}`,
			Problem{Extensions: map[string]json.RawMessage{"id": json.RawMessage(`12345678901234567890`)}},
			`{"id":12345678901234567890}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Problem
			if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Unmarshal = %+v, want %+v", got, tt.want)
			}
			b, err := json.Marshal(got)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if string(b) != tt.out {
				t.Errorf("Marshal = %s, want %s", b, tt.out)
			}
			// Through a pointer and inside another value too.
			b2, err := json.Marshal(struct{ P *Problem }{&got})
			if err != nil || string(b2) != `{"P":`+tt.out+`}` {
				t.Errorf("Marshal(struct{P *Problem}) = %s, %v, want {\"P\":%s}", b2, err, tt.out)
			}
		})
	}
}

func TestProblemMarshal(t *testing.T) {
	tests := []struct {
		name    string
		p       Problem
		want    string
		wantErr bool
	}{
		{"standard names in extensions are skipped", Problem{Title: "t", Extensions: map[string]json.RawMessage{"title": json.RawMessage(`"x"`), "status": json.RawMessage(`1`)}}, `{"title":"t"}`, false},
		{"nil extension is null", Problem{Extensions: map[string]json.RawMessage{"x": nil}}, `{"x":null}`, false},
		{"extension compacted", Problem{Status: 500, Extensions: map[string]json.RawMessage{"x": json.RawMessage("{ \"a\" : 1 }")}}, `{"status":500,"x":{"a":1}}`, false},
		{"invalid extension", Problem{Extensions: map[string]json.RawMessage{"x": json.RawMessage(`{`)}}, "", true},
		{"extension name escaped", Problem{Extensions: map[string]json.RawMessage{`a"b`: json.RawMessage(`1`)}}, `{"a\"b":1}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.p)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Marshal error = %v, wantErr %v", err, tt.wantErr)
			}
			if string(b) != tt.want {
				t.Errorf("Marshal = %s, want %s", b, tt.want)
			}
		})
	}
}

func TestProblemUnmarshalErrors(t *testing.T) {
	for _, in := range []string{`[]`, `"x"`, `{`, `null{}`} {
		t.Run(in, func(t *testing.T) {
			var p Problem
			if err := json.Unmarshal([]byte(in), &p); err == nil {
				t.Errorf("Unmarshal(%s) = %+v, want an error", in, p)
			}
		})
	}
}

func TestIsJSON(t *testing.T) {
	tests := []struct {
		ct   string
		want bool
	}{
		{"application/json", true},
		{"application/json; charset=utf-8", true},
		{"Application/JSON;Charset=UTF-8", true},
		{"application/problem+json", true},
		{"application/vnd.api+json; ext=\"x\"", true},
		{"APPLICATION/MERGE-PATCH+JSON", true},
		{"application/json; broken=", true},
		{"  application/json  ", true},
		{"text/plain", false},
		{"application/xml", false},
		{"application/jsonl", false},
		{"application/x-ndjson", false},
		{"application/json-seq", false},
		{"application/problem+xml", false},
		{"text/html; x=+json", false},
		{"+json", false},
		{"/+json", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.ct, func(t *testing.T) {
			if got := IsJSON(tt.ct); got != tt.want {
				t.Errorf("IsJSON(%q) = %v, want %v", tt.ct, got, tt.want)
			}
		})
	}
}
