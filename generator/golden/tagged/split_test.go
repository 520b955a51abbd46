package tagged_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sigen-dev/sigen/generator/golden/tagged"
	"github.com/sigen-dev/sigen/generator/golden/tagged/rest2"
	"github.com/sigen-dev/sigen/generator/golden/tagged/users"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// The tag sub-packages share the root client's credentials, token cache
// and base URL.
func TestSplitPackagesShareTheClient(t *testing.T) {
	tokens := authtest.NewSignicat(authtest.SignicatConfig{Scope: "read"})
	defer tokens.Close()
	var auths []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/users/7":
			json.NewEncoder(w).Encode(map[string]string{"id": "7"})
		case "/users":
			json.NewEncoder(w).Encode([]map[string]string{{"id": "1"}})
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	}))
	defer api.Close()
	c, err := tagged.NewClient(tagged.WithBaseURL(api.URL), tagged.WithTokenURL(tokens.TokenURL()), tagged.WithClientCredentials("id", "secret"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	u, err := users.New(c).GetUser(ctx, "7")
	if err != nil || u.ID != "7" {
		t.Fatalf("GetUser = %v, %v", u, err)
	}
	if _, err := users.New(c).ListUsers(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := rest2.New(c).Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Health(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{"Bearer tok-1", "Bearer tok-1", "", "Bearer tok-1"}
	for i := range want {
		if i >= len(auths) || auths[i] != want[i] {
			t.Fatalf("Authorization headers = %q, want %q", auths, want)
		}
	}
	if n := tokens.TokenRequests(); n != 1 {
		t.Errorf("token requests = %d, want 1 shared by all packages", n)
	}
}
