package apierrors

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestErrorModels checks that a declared error model implements error and
// that the *APIError a call returns unwraps to it, while models with a
// member named Error (a field, a union variant) are left without the
// method and stay reachable through APIError.Model.
func TestErrorModels(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "rid-1")
		switch r.URL.Path {
		case "/things/declared":
			w.WriteHeader(400)
			w.Write([]byte(`{"code":"E1","message":"bad thing"}`))
		case "/things/oauth":
			w.WriteHeader(401)
			w.Write([]byte(`{"error":"invalid_token","error_description":"expired"}`))
		default:
			w.WriteHeader(503)
			w.Write([]byte(`"down"`))
		}
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	_, err = c.GetThing(ctx, "declared")
	var model *Error
	if !errors.As(err, &model) {
		t.Fatalf("errors.As(%v, *Error) = false", err)
	}
	if model.Code == nil || *model.Code != "E1" || model.Error() != "apierrors.Error: bad thing" {
		t.Errorf("model = %+v, Error() = %q", model, model.Error())
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("errors.As(%v, *APIError) = false", err)
	}
	if apiErr.StatusCode != 400 || apiErr.Header.Get("X-Request-Id") != "rid-1" || string(apiErr.Body) != `{"code":"E1","message":"bad thing"}` {
		t.Errorf("APIError = %+v", apiErr)
	}
	if apiErr.Model != model {
		t.Errorf("APIError.Model = %v, want the unwrapped model", apiErr.Model)
	}
	if got, want := err.Error(), "getThing: status 400 Bad Request: bad thing"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}

	// OAuthError has a field Error, so it cannot be an error itself.
	if _, ok := any(&OAuthError{}).(error); ok {
		t.Error("*OAuthError implements error despite its field Error")
	}
	_, err = c.GetThing(ctx, "oauth")
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 {
		t.Fatalf("err = %v, want a 401 *APIError", err)
	}
	if oe, ok := apiErr.Model.(*OAuthError); !ok || oe.Error == nil || *oe.Error != "invalid_token" {
		t.Errorf("Model = %#v, want *OAuthError", apiErr.Model)
	}
	if errors.Unwrap(err) != nil {
		t.Errorf("Unwrap = %v, want nil for a model that is not an error", errors.Unwrap(err))
	}

	// Failure is a union with a variant Error: no method either.
	if _, ok := any(&Failure{}).(error); ok {
		t.Error("*Failure implements error despite its variant field Error")
	}
	_, err = c.GetThing(ctx, "other")
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("err = %v, want a 503 *APIError", err)
	}
	if f, ok := apiErr.Model.(*Failure); !ok || f.String == nil || *f.String != "down" {
		t.Errorf("Model = %#v, want *Failure holding \"down\"", apiErr.Model)
	}
}
