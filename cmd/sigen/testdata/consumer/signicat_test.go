// This file is copied into a throwaway consumer module by
// TestConsumerModule (consumer_test.go); it tests the client that module's
// //go:generate line produced in ./signicat.
package consumer_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"example.com/consumer/signicat"
	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

func TestGeneratedClient(t *testing.T) {
	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "client-id", ClientSecret: "client-secret"})
	defer tokens.Close()
	var auths []string
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		if r.Method != http.MethodGet || r.URL.Path != "/auth/rest/sessions/s-1" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"id": "s-1", "status": "SUCCESS", "authenticationUrl": "https://example.com/x"})
	})
	srv := httptest.NewServer(tokens.Authorize(api))
	defer srv.Close()

	c, err := signicat.NewClient(
		signicat.WithBaseURL(srv.URL+"/auth/rest"),
		signicat.WithTokenURL(tokens.TokenURL()),
		signicat.WithClientCredentials("client-id", "client-secret"),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for range 2 {
		s, err := c.GetSession(ctx, "s-1", nil)
		if err != nil {
			t.Fatalf("GetSession: %v", err)
		}
		if s.ID != "s-1" || s.Status != signicat.SessionStatusSuccess {
			t.Errorf("GetSession = %+v", s)
		}
	}
	if n := tokens.TokenRequests(); n != 1 {
		t.Errorf("token requests = %d, want 1 (the token is reused)", n)
	}
	if len(auths) != 2 || auths[0] != "Bearer tok-1" || auths[1] != "Bearer tok-1" {
		t.Errorf("Authorization headers = %q, want Bearer tok-1 twice", auths)
	}

	var apiErr *signicat.APIError
	if _, err := c.GetSession(ctx, "nope", nil); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		t.Errorf("GetSession(nope) = %v, want an *APIError with status 404", err)
	}
}

func TestMisconfiguredClient(t *testing.T) {
	ctx := context.Background()
	c, err := signicat.NewClient(signicat.WithBaseURL("http://127.0.0.1:1/auth/rest"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetSession(ctx, "x", nil); !errors.Is(err, auth.ErrNoCredentials) {
		t.Errorf("without credentials: err = %v, want auth.ErrNoCredentials", err)
	}
	c, err = signicat.NewClient(
		signicat.WithBaseURL("http://api.example.com/auth/rest"),
		signicat.WithClientCredentials("id", "secret"),
	)
	if err == nil {
		_, err = c.GetSession(ctx, "x", nil)
	}
	if !errors.Is(err, auth.ErrInsecureEndpoint) {
		t.Errorf("over plain http: err = %v, want auth.ErrInsecureEndpoint", err)
	}
}
