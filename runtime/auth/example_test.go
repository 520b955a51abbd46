package auth_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

// A Signicat client: a token cache for the client credentials grant, and an
// http.Client whose transport attaches the token to API requests only.
func Example() {
	signicat := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "sandbox-round-apple-123", ClientSecret: "s3cret"})
	defer signicat.Close()
	api := httptest.NewServer(signicat.Authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello")
	})))
	defer api.Close()

	tokens, err := auth.NewClientCredentials(auth.ClientCredentialsConfig{
		TokenURL:     signicat.TokenURL(), // https://api.signicat.com/auth/open/connect/token
		ClientID:     "sandbox-round-apple-123",
		ClientSecret: "s3cret", // auth.SecretFromEnv("SIGNICAT_CLIENT_SECRET")
		Scopes:       []string{"signicat-api"},
		AuthStyle:    auth.ClientSecretBasic,
	}, auth.Options{})
	if err != nil {
		panic(err)
	}
	tr, err := auth.NewTransport(auth.TransportConfig{
		Origins: []string{api.URL}, // https://api.signicat.com
		Schemes: []auth.Scheme{auth.Bearer(tokens)},
	})
	if err != nil {
		panic(err)
	}
	client := &http.Client{Transport: tr}

	resp, err := client.Get(api.URL + "/auth/rest/sessions/1")
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body), signicat.TokenRequests())

	// A revoked token is replaced and the request replayed once.
	signicat.Revoke("tok-1")
	resp, err = client.Get(api.URL + "/auth/rest/sessions/1")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, signicat.TokenRequests())
	// Output:
	// 200 hello 1
	// 200 2
}

// Reading a token endpoint's failure with errors.As.
func ExampleTokenError() {
	signicat := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "id", ClientSecret: "right"})
	defer signicat.Close()
	tokens, _ := auth.NewClientCredentials(auth.ClientCredentialsConfig{
		TokenURL: signicat.TokenURL(), ClientID: "id", ClientSecret: "wrong", Scopes: []string{"signicat-api"},
	}, auth.Options{})
	_, err := tokens.Token(context.Background())
	var te *auth.TokenError
	if errors.As(err, &te) {
		fmt.Println(te.StatusCode, te.Code)
	}
	fmt.Println(strings.Replace(err.Error(), signicat.TokenURL(), "https://api.signicat.com/auth/open/connect/token", 1))
	// Output:
	// 401 invalid_client
	// auth: token request to https://api.signicat.com/auth/open/connect/token failed: status 401: invalid_client: client authentication failed (check the client ID and secret)
}

// A secret never prints.
func ExampleSecret() {
	s := auth.Secret("s3cret")
	fmt.Printf("%v %q %x %#v\n", s, s, s, s)
	// Output: [REDACTED] [REDACTED] [REDACTED] [REDACTED]
}

// A grant function of your own (here a stand-in for a secret manager or an
// OAuth2 library such as golang.org/x/oauth2/clientcredentials) gets the
// cache's guarantees: one call for many callers, refresh ahead of expiry,
// back-off, a Store, and the replay after a refused token.
func ExampleNewCache() {
	calls := 0
	tokens, err := auth.NewCache("vault|payments-api", func(ctx context.Context, prev *auth.Entry) (auth.Token, time.Duration, error) {
		calls++
		return auth.Token{AccessToken: "issued-by-vault", TokenType: "bearer"}, 15 * time.Minute, nil
	}, auth.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for range 3 {
		tok, err := tokens.Token(context.Background())
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(tok.TokenType, tok.AccessToken) // the secret prints redacted
	}
	fmt.Println("grant calls:", calls)
	// Output:
	// Bearer [REDACTED]
	// Bearer [REDACTED]
	// Bearer [REDACTED]
	// grant calls: 1
}

// Token fetches reported to a hook, as metrics or tracing would take them.
func ExampleOptions_onFetch() {
	signicat := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "id", ClientSecret: "secret"})
	defer signicat.Close()
	tokens, err := auth.NewClientCredentials(auth.ClientCredentialsConfig{
		TokenURL: signicat.TokenURL(), ClientID: "id", ClientSecret: "secret", Scopes: []string{"signicat-api"},
	}, auth.Options{
		OnFetch: func(ctx context.Context, ev auth.FetchEvent) {
			// ev.Duration, ev.Start, ev.Expiry and ev.Err are there too.
			fmt.Println("fetch", ev.Phase, "refresh ahead:", ev.RefreshAhead, "from store:", ev.FromStore)
		},
	})
	if err != nil {
		panic(err)
	}
	for range 2 {
		if _, err := tokens.Token(context.Background()); err != nil {
			panic(err)
		}
	}
	// Output:
	// fetch start refresh ahead: false from store: false
	// fetch success refresh ahead: false from store: false
}
