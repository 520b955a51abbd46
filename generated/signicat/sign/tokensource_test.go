package sign_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signicat/sign"
	"github.com/sigen-dev/sigen/runtime/auth"
)

// userSource is a token source of the user's own (a secret manager, say)
// that implements auth.Invalidator.
type userSource struct {
	mu          sync.Mutex
	n           int
	invalidated []string
}

func (s *userSource) Token(context.Context) (*auth.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &auth.Token{AccessToken: auth.Secret("user-" + strconv.Itoa(s.n)), TokenType: "Bearer"}, nil
}

func (s *userSource) Invalidate(_ context.Context, tok auth.Secret) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidated = append(s.invalidated, tok.Reveal())
	s.n++
	return true
}

// collectionAPI answers GetDocumentCollection for the token good only.
func collectionAPI(t *testing.T, good string) (*httptest.Server, *[]string) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+good {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"c1"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &seen
}

// TestWithTokenSource: a generated client takes its tokens from a source
// of the user's own, and replays a request refused for its token once when
// the source implements auth.Invalidator.
func TestWithTokenSource(t *testing.T) {
	srv, seen := collectionAPI(t, "user-1")
	src := &userSource{}
	c, err := sign.NewClient(sign.WithBaseURL(srv.URL), sign.WithTokenSource(src), sign.Option{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetDocumentCollection(context.Background(), "c1")
	if err != nil {
		t.Fatalf("GetDocumentCollection: %v", err)
	}
	if got.ID == nil || *got.ID != "c1" {
		t.Errorf("collection = %+v", got)
	}
	if want := []string{"Bearer user-0", "Bearer user-1"}; len(*seen) != 2 || (*seen)[0] != want[0] || (*seen)[1] != want[1] {
		t.Errorf("API saw %q, want %q", *seen, want)
	}
	if len(src.invalidated) != 1 || src.invalidated[0] != "user-0" {
		t.Errorf("Invalidate got %q, want [user-0]", src.invalidated)
	}
}

// TestWithTokenSourceGrantCache: auth.NewCache gives a user's own grant
// function the cache: one grant for many calls, a new one after a refusal.
func TestWithTokenSourceGrantCache(t *testing.T) {
	srv, _ := collectionAPI(t, "grant-2")
	var mu sync.Mutex
	grants := 0
	cache, err := auth.NewCache("my-issuer|client-1", func(ctx context.Context, prev *auth.Entry) (auth.Token, time.Duration, error) {
		mu.Lock()
		defer mu.Unlock()
		grants++
		return auth.Token{AccessToken: auth.Secret("grant-" + strconv.Itoa(grants))}, time.Hour, nil
	}, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := sign.NewClient(sign.WithBaseURL(srv.URL), sign.WithTokenSource(cache))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := c.GetDocumentCollection(context.Background(), "c1"); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if grants != 2 {
		t.Errorf("grant called %d times, want 2 (the first token refused, the second cached)", grants)
	}
}
