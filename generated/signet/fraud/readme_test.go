package fraud_test

// README.md's "Testing your code against the fakes" shows TestBlockUser
// below; TestREADMETestingSnippet keeps the two equal.

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signet/fraud"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// blockUser is the code under test in README's example.
func blockUser(ctx context.Context, c fraud.ClientInterface, userID string) error {
	_, err := c.CreateBlacklistEntry(ctx, fraud.BlacklistRequest{UserID: userID})
	return err
}

func TestBlockUser(t *testing.T) {
	clock := authtest.NewClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	tokens := authtest.NewSignet(authtest.SignetConfig{APIKey: "pk_test", APISecret: "sk_test", Clock: clock})
	defer tokens.Close()
	var got *http.Request
	api := httptest.NewServer(tokens.Authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r // your fake of the API: record, check, answer
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"success": true, "message": "User blacklisted successfully."}`)
	})))
	defer api.Close()

	c, err := fraud.NewClient(
		fraud.WithSignetCredentials("pk_test", "sk_test"),
		fraud.WithBaseURL(api.URL),               // + the spec's server path, if it has one
		fraud.WithTokenURL(tokens.GenerateURL()), // the fake token service
		fraud.WithClock(clock),                   // token expiry follows the fake clock
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := blockUser(t.Context(), c, "3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c"); err != nil { // your code
		t.Fatal(err)
	}
	if got.Method != "POST" || got.URL.Path != "/fraud/v1/blacklist" {
		t.Errorf("sent %s %s", got.Method, got.URL.Path)
	}
	clock.Advance(61 * time.Minute) // the token expires: the next call refreshes it
	tokens.Revoke("tok-2")          // ... and the one after is refused once, then retried
}

func TestREADMETestingSnippet(t *testing.T) {
	doc, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, fn, _ := strings.Cut(string(src), "\nfunc TestBlockUser(")
	fn, _, _ = strings.Cut(fn, "\nfunc TestREADMETestingSnippet(")
	if fn = "func TestBlockUser(" + fn; !strings.Contains(string(doc), "```go\n"+fn+"```\n") {
		t.Errorf("README.md's testing example differs from TestBlockUser in readme_test.go:\n%s", fn)
	}
}
