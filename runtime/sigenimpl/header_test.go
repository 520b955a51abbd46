package sigenimpl

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// Per-call headers replace the client's defaults for the same name, and a
// single-value header is never sent twice (issue 17: a per-call User-Agent
// was dropped because the client's went first and servers read the first
// value; per-call Accept and Content-Type were sent twice).
func TestCallHeadersReplaceDefaults(t *testing.T) {
	got := make(chan http.Header, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Clone()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, UserAgent: "sigen (api/1)",
		Header: http.Header{"X-Team": {"default"}, "Accept": {"text/plain"}}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		req  Request
		opts []CallOption
		want http.Header
	}{
		{"defaults", Request{Method: "POST", Path: "/x", Body: []byte("{}"), ContentType: "application/json", Accept: "application/json"},
			nil,
			http.Header{"User-Agent": {"sigen (api/1)"}, "Accept": {"text/plain"}, "Content-Type": {"application/json"}, "X-Team": {"default"}}},
		{"per call replaces", Request{Method: "POST", Path: "/x", Body: []byte("{}"), ContentType: "application/json", Accept: "application/json"},
			[]CallOption{WithHeader("User-Agent", "mine/1.0"), WithHeader("accept", "application/xml"), WithHeader("Content-Type", "application/merge-patch+json"), WithHeader("X-Team", "call")},
			http.Header{"User-Agent": {"mine/1.0"}, "Accept": {"application/xml"}, "Content-Type": {"application/merge-patch+json"}, "X-Team": {"call"}}},
		{"single value given twice", Request{Method: "GET", Path: "/x", Accept: "application/json"},
			[]CallOption{WithHeader("User-Agent", "a/1"), WithHeader("User-Agent", "b/2"), WithHeader("X-Multi", "1"), WithHeader("X-Multi", "2")},
			http.Header{"User-Agent": {"b/2"}, "Accept": {"text/plain"}, "X-Team": {"default"}, "X-Multi": {"1", "2"}}},
		{"operation header parameter replaces the default", Request{Method: "GET", Path: "/x", Header: http.Header{"X-Team": {"param"}}},
			nil,
			http.Header{"User-Agent": {"sigen (api/1)"}, "Accept": {"text/plain"}, "X-Team": {"param"}}},
		{"cookies on one line", Request{Method: "GET", Path: "/x", Cookies: []string{"a=1"}},
			[]CallOption{WithHeader("Cookie", "b=2")},
			http.Header{"User-Agent": {"sigen (api/1)"}, "Accept": {"text/plain"}, "X-Team": {"default"}, "Cookie": {"a=1; b=2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Do(context.Background(), &tt.req, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			h := <-got
			for k, want := range tt.want {
				if g := h.Values(k); !slices.Equal(g, want) {
					t.Errorf("%s: sent %q, want exactly %q", k, g, want)
				}
			}
		})
	}
}
