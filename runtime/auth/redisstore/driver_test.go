package redisstore

// The child processes of the multi-process tests put runtime/auth's own
// cache (auth.NewClientCredentials with Options.Store) in front of the
// Store, as a generated client with WithTokenStore does. This file is all
// they share with the auth package.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sigen-dev/sigen/runtime/auth"
)

// The credentials the children present to the parent's fake token server.
const (
	childClientID     = "child-client"
	childClientSecret = "child-secret"
)

// newChildCache returns the in-process cache of a child process: a
// client-credentials cache against tokenURL backed by store. Every request
// it sends carries the child's pid in X-Child-Pid. fetchTimeout zero means
// auth's default.
func newChildCache(store auth.Store, tokenURL string, pid int, fetchTimeout time.Duration) (*auth.Cache, error) {
	return auth.NewClientCredentials(auth.ClientCredentialsConfig{
		TokenURL:     tokenURL,
		ClientID:     childClientID,
		ClientSecret: childClientSecret,
		Scopes:       []string{"signicat-api"},
		AuthStyle:    auth.ClientSecretBasic,
	}, auth.Options{
		HTTPClient:   &http.Client{Transport: pidTransport{pid}},
		Store:        store,
		FetchTimeout: fetchTimeout,
	})
}

// pidTransport adds X-Child-Pid to each request.
type pidTransport struct{ pid int }

func (t pidTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Child-Pid", strconv.Itoa(t.pid))
	return http.DefaultTransport.RoundTrip(r)
}

// entryFor computes an entry's times per R1 and R2 (no R3 jitter): soft
// window W = clamp(L/10, 30 s, L/2), hard margin M = min(10 s, L/4), both
// measured back from expiry = send time + L (R4).
func entryFor(token, tokenType string, sent time.Time, lifetime time.Duration) *auth.Entry {
	expiry := sent.Add(lifetime)
	w := min(max(lifetime/10, 30*time.Second), lifetime/2)
	m := min(10*time.Second, lifetime/4)
	return &auth.Entry{
		Token:  auth.Token{AccessToken: auth.Secret(token), TokenType: tokenType, Expiry: expiry},
		SoftAt: expiry.Add(-w),
		HardAt: expiry.Add(-m),
	}
}

// httpFetch returns a FetchFunc that asks the fake Signicat token endpoint
// for a token (client_secret_basic), for children that call the Store
// without an in-process cache. It sends the child's pid so the parent can
// tell which process fetched.
func httpFetch(client *http.Client, tokenURL string, pid int) auth.FetchFunc {
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {"signicat-api"}}.Encode()
	return func(ctx context.Context, prev *auth.Entry) (*auth.Entry, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(childClientID, childClientSecret)
		req.Header.Set("X-Child-Pid", strconv.Itoa(pid))
		sent := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("token request: %w", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("token request: status %d", resp.StatusCode)
		}
		var body struct {
			AccessToken string `json:"access_token"`
			ExpiresIn   int    `json:"expires_in"`
			TokenType   string `json:"token_type"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			return nil, fmt.Errorf("token response: %w", err)
		}
		return entryFor(body.AccessToken, body.TokenType, sent, time.Duration(body.ExpiresIn)*time.Second), nil
	}
}
