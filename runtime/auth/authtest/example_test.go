package authtest_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/sigen-dev/sigen/generated/signicat/authentication"
	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// A fake Signicat token service and a fake API behind its Authorize
// middleware, called through a generated client. The fake API is your own
// handler; the client's base URL is the fake's URL plus the path of the
// spec's server URL ("/auth/rest" for https://api.signicat.com/auth/rest).
func Example() {
	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "id", ClientSecret: "secret"})
	defer tokens.Close()
	api := httptest.NewServer(tokens.Authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json") // what GET /auth/rest/sessions/s-1 answers
		io.WriteString(w, `{"id": "s-1", "status": "SUCCESS"}`)
	})))
	defer api.Close()

	c, err := authentication.NewClient(
		authentication.WithClientCredentials("id", "secret"),
		authentication.WithBaseURL(api.URL+"/auth/rest"), // the spec's server path
		authentication.WithTokenURL(tokens.TokenURL()),
	)
	if err != nil {
		log.Fatal(err)
	}
	s, err := c.GetSession(context.Background(), "s-1", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.ID, s.Status, "token requests:", tokens.TokenRequests())
	// Output: s-1 SUCCESS token requests: 1
}

// A fake Signet token service on a fake clock, used through runtime/auth
// directly: the access token expires without waiting, and is renewed with
// the refresh token.
func ExampleNewSignet() {
	clock := authtest.NewClock(time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC))
	signet := authtest.NewSignet(authtest.SignetConfig{APIKey: "pk_test", APISecret: "sk_test", Clock: clock})
	defer signet.Close()
	api := httptest.NewServer(signet.Authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "{}")
	})))
	defer api.Close()

	tokens, err := auth.NewSignet(auth.SignetConfig{
		GenerateURL: signet.GenerateURL(), RefreshURL: signet.RefreshURL(), APIKey: "pk_test", APISecret: "sk_test",
	}, auth.Options{Clock: clock})
	if err != nil {
		log.Fatal(err)
	}
	tr, err := auth.NewTransport(auth.TransportConfig{Origins: []string{api.URL}, Schemes: []auth.Scheme{auth.Bearer(tokens)}})
	if err != nil {
		log.Fatal(err)
	}
	client := &http.Client{Transport: tr}
	for range 2 {
		resp, err := client.Get(api.URL + "/fraud/v1/blacklist")
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode, "generate:", signet.GenerateRequests(), "refresh:", signet.RefreshRequests())
		clock.Advance(61 * time.Minute) // the one-hour access token expires
	}
	// Output:
	// 200 generate: 1 refresh: 0
	// 200 generate: 1 refresh: 1
}
