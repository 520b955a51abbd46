package apierrors

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

// TestOptionsOpaque: Option and RequestOption are structs with no exported
// field, so only the package's and the runtime's functions make them, and
// their zero values change nothing.
func TestOptionsOpaque(t *testing.T) {
	for _, v := range []any{Option{}, RequestOption{}} {
		rt := reflect.TypeOf(v)
		if rt.Kind() != reflect.Struct {
			t.Errorf("%v is a %v, want an opaque struct", rt, rt.Kind())
			continue
		}
		for i := range rt.NumField() {
			if f := rt.Field(i); f.IsExported() {
				t.Errorf("%v exports field %s", rt, f.Name)
			}
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":"x"}`))
	}))
	defer srv.Close()
	c, err := NewClient(Option{}, WithBaseURL(srv.URL), Option{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetThing(context.Background(), "x", RequestOption{}); err != nil {
		t.Errorf("GetThing with a zero RequestOption: %v", err)
	}
}
