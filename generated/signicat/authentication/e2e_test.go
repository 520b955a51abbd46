package authentication_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signicat/authentication"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
	"github.com/sigen-dev/sigen/runtime/oas"
)

// fakeSessions is a fake of the Signicat Authentication REST API's session
// endpoints, behind the fake token server's Authorize middleware.
type fakeSessions struct {
	mu       sync.Mutex
	sessions map[string]map[string]any
	seen     []*http.Request
	bodies   [][]byte
}

func (f *fakeSessions) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen = append(f.seen, r)
	f.bodies = append(f.bodies, body)
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/auth/rest/sessions":
		var req map[string]any
		if err := json.Unmarshal(body, &req); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]any{"type": "about:blank", "title": "Bad request", "code": "invalid_request_parameter", "status": 400,
				"invalidParams": []map[string]string{{"name": "body", "reason": err.Error()}}})
			return
		}
		id := "2d4c0bde-0e54-4d5b-9f4b-6a0e4b0d8c51"
		s := map[string]any{
			"id": id, "accountId": r.URL.Query().Get("signicat-accountId"), "status": "CREATED",
			"authenticationUrl": "https://example.signicat.com/broker/sp/external-service/login?messageId=1",
			"flow":              req["flow"], "allowedProviders": req["allowedProviders"], "requestedAttributes": req["requestedAttributes"],
			"callbackUrls": req["callbackUrls"], "sessionLifetime": 600,
		}
		f.sessions[id] = s
		json.NewEncoder(w).Encode(s)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/auth/rest/sessions/"):
		s, ok := f.sessions[strings.TrimPrefix(r.URL.Path, "/auth/rest/sessions/")]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			json.NewEncoder(w).Encode(map[string]any{"type": "about:blank", "title": "Session not found", "code": "not_found", "status": 404})
			return
		}
		json.NewEncoder(w).Encode(s)
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/cancel"):
		id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/auth/rest/sessions/"), "/cancel")
		s, ok := f.sessions[id]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		s["status"] = "CANCELLED"
		json.NewEncoder(w).Encode(s)
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func (f *fakeSessions) last() (*http.Request, []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seen[len(f.seen)-1], f.bodies[len(f.bodies)-1]
}

type env struct {
	clock  *authtest.Clock
	tokens *authtest.Signicat
	api    *fakeSessions
	client *authentication.Client
}

func setup(t *testing.T, opts ...authentication.Option) *env {
	t.Helper()
	clock := authtest.NewClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "sandbox-round-apple-123", ClientSecret: "fakeCl13n7S3Cr3T", Clock: clock})
	t.Cleanup(tokens.Close)
	api := &fakeSessions{sessions: map[string]map[string]any{}}
	srv := httptest.NewServer(tokens.Authorize(api))
	t.Cleanup(srv.Close)
	opts = append([]authentication.Option{
		authentication.WithBaseURL(srv.URL + "/auth/rest"),
		authentication.WithTokenURL(tokens.TokenURL()),
		authentication.WithClientCredentials("sandbox-round-apple-123", "fakeCl13n7S3Cr3T"),
		authentication.WithClock(clock),
	}, opts...)
	c, err := authentication.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &env{clock: clock, tokens: tokens, api: api, client: c}
}

func TestSessionsEndToEnd(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	account := "a-spge-123"
	created, err := e.client.CreateSession(ctx, &authentication.CreateSessionParams{SignicatAccountID: &account}, authentication.SessionRequest{
		Flow:                authentication.FlowRedirect,
		AllowedProviders:    oas.NewNullable([]string{"nbid"}),
		RequestedAttributes: []string{"firstName", "lastName", "nin"},
		CallbackURLs:        &authentication.CallbackURLs{Success: "https://example.com/ok", Abort: "https://example.com/abort", Error: "https://example.com/error"},
	})
	if err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	req, body := e.api.last()
	if req.Method != http.MethodPost || req.URL.Path != "/auth/rest/sessions" || req.URL.RawQuery != "signicat-accountId=a-spge-123" {
		t.Errorf("request = %s %s?%s, want POST /auth/rest/sessions?signicat-accountId=a-spge-123", req.Method, req.URL.Path, req.URL.RawQuery)
	}
	if got := req.Header.Get("Authorization"); got != "Bearer tok-1" {
		t.Errorf("Authorization = %q, want Bearer tok-1", got)
	}
	if ct := req.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	var sent map[string]any
	if err := json.Unmarshal(body, &sent); err != nil {
		t.Fatal(err)
	}
	if sent["flow"] != "redirect" || sent["callbackUrls"].(map[string]any)["success"] != "https://example.com/ok" {
		t.Errorf("body = %s", body)
	}
	for _, absent := range []string{"requestedLoa", "language", "tags", "prefilledInput"} {
		if _, ok := sent[absent]; ok {
			t.Errorf("body has %q though it was not set: %s", absent, body)
		}
	}
	if created.Status != authentication.SessionStatusCreated || created.ID == "" {
		t.Errorf("created = %+v", created)
	}

	// The token is reused.
	got, err := e.client.GetSession(ctx, created.ID, nil)
	if err != nil {
		t.Fatalf("GetSession: %v", err)
	}
	if got.ID != created.ID {
		t.Errorf("GetSession id = %q, want %q", got.ID, created.ID)
	}
	if n := e.tokens.TokenRequests(); n != 1 {
		t.Errorf("token requests after two calls = %d, want 1", n)
	}

	// After expiry, a new token is fetched.
	e.clock.Advance(11 * time.Minute)
	if _, err := e.client.GetSession(ctx, created.ID, nil); err != nil {
		t.Fatalf("GetSession after expiry: %v", err)
	}
	if n := e.tokens.TokenRequests(); n != 2 {
		t.Errorf("token requests after expiry = %d, want 2", n)
	}
	req, _ = e.api.last()
	if got := req.Header.Get("Authorization"); got != "Bearer tok-2" {
		t.Errorf("Authorization after expiry = %q, want Bearer tok-2", got)
	}

	// A revoked token is refused once; the request is retried with a new one.
	e.tokens.Revoke("tok-2")
	before := e.tokens.APIRequests()
	cancelled, err := e.client.CancelSession(ctx, created.ID, nil)
	if err != nil {
		t.Fatalf("CancelSession after revoke: %v", err)
	}
	if cancelled.Status != authentication.SessionStatusCancelled {
		t.Errorf("status = %q, want CANCELLED", cancelled.Status)
	}
	if n := e.tokens.TokenRequests(); n != 3 {
		t.Errorf("token requests after revoke = %d, want 3", n)
	}
	if n := e.tokens.APIRequests() - before; n != 2 {
		t.Errorf("API attempts for the refused call = %d, want 2 (one retry)", n)
	}
}

func TestTypedErrors(t *testing.T) {
	e := setup(t)
	_, err := e.client.GetSession(context.Background(), "no-such-session", nil)
	var apiErr *authentication.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T), want *APIError", err, err)
	}
	if apiErr.StatusCode != http.StatusNotFound {
		t.Errorf("status = %d, want 404", apiErr.StatusCode)
	}
	model, ok := apiErr.Model.(*authentication.Error)
	if !ok || model.Code == nil || *model.Code != "not_found" {
		t.Fatalf("Model = %#v, want *Error with code not_found", apiErr.Model)
	}
	if !strings.Contains(err.Error(), "getSession: status 404") {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestClientSecretPost(t *testing.T) {
	e := setup(t, authentication.WithClientSecretPost())
	if _, err := e.client.GetSession(context.Background(), "x", nil); err == nil {
		t.Fatal("want a 404 error")
	}
	reqs := e.tokens.Requests()
	if len(reqs) != 1 {
		t.Fatalf("token requests = %d, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Header.Get("Authorization") != "" {
		t.Errorf("client_secret_post sent an Authorization header")
	}
	for _, want := range []string{"grant_type=client_credentials", "scope=signicat-api", "client_id=sandbox-round-apple-123", "client_secret=fakeCl13n7S3Cr3T"} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("token request body %q lacks %q", r.Body, want)
		}
	}
}

func TestNoCredentials(t *testing.T) {
	c, err := authentication.NewClient(authentication.WithBaseURL("http://127.0.0.1:1/auth/rest"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetSession(context.Background(), "x", nil)
	if err == nil || !strings.Contains(err.Error(), "signicatOAuth") {
		t.Fatalf("err = %v, want an error naming the missing signicatOAuth credentials", err)
	}
	// The error says the fix: the options and the environment variables.
	for _, want := range []string{"WithClientCredentials(id, secret)", "WithCredentialsFromEnv()", "SIGNICAT_CLIENT_ID", "SIGNICAT_CLIENT_SECRET"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to name %s", err, want)
		}
	}
}

func TestInsecureBaseURLRefused(t *testing.T) {
	c, err := authentication.NewClient(
		authentication.WithBaseURL("http://api.example.com/auth/rest"),
		authentication.WithClientCredentials("id", "secret"),
	)
	if err == nil {
		_, err = c.GetSession(context.Background(), "x", nil)
	}
	if err == nil || !strings.Contains(err.Error(), "https") {
		t.Fatalf("err = %v, want a refusal to send credentials over plain HTTP", err)
	}
}
