package authentication_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signicat/authentication"
	"github.com/sigen-dev/sigen/internal/fakeapi"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
	"github.com/sigen-dev/sigen/runtime/oas"
)

// TestQueryParameters checks the optional query parameters of every
// operation on the wire, against the shared fake in internal/fakeapi.
func TestQueryParameters(t *testing.T) {
	clock := authtest.NewClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	tokens := authtest.NewSignicat(authtest.SignicatConfig{ClientID: "sandbox-round-apple-123", ClientSecret: "fakeCl13n7S3Cr3T", Clock: clock})
	defer tokens.Close()
	api := fakeapi.NewSignicatAuth(tokens, fakeapi.WithClock(clock))
	defer api.Close()
	c, err := authentication.NewClient(
		authentication.WithBaseURL(api.BaseURL()),
		authentication.WithTokenURL(tokens.TokenURL()),
		authentication.WithClientCredentials("sandbox-round-apple-123", "fakeCl13n7S3Cr3T"),
		authentication.WithClientSecretPost(),
		authentication.WithClock(clock),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	account, nonce := "a-spge-ABC 123", "n+1/2"
	lifetime := int32(120)
	s, err := c.CreateSession(ctx, &authentication.CreateSessionParams{SignicatAccountID: &account}, authentication.SessionRequest{
		Flow:            authentication.FlowHeadless,
		SessionLifetime: &lifetime,
		RequestedLOA:    oas.NewNullable(authentication.SessionRequestRequestedLOASubstantial),
		PrefilledInput:  &authentication.PrefilledInput{DateOfBirth: &oas.Date{Year: 1980, Month: time.January, Day: 1}},
	})
	if err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	r := api.Last()
	if r.RawQuery != "signicat-accountId=a-spge-ABC%20123" {
		t.Errorf("create query = %q", r.RawQuery)
	}
	if want := `{"flow":"headless","prefilledInput":{"dateOfBirth":"1980-01-01"},"requestedLoa":"substantial","sessionLifetime":120}`; string(r.Body) != want {
		t.Errorf("create body\n got %s\nwant %s", r.Body, want)
	}
	if s.AccountID == nil || *s.AccountID != account || s.ExpiresAt == nil || !s.ExpiresAt.Equal(clock.Now().Add(2*time.Minute)) {
		t.Errorf("session = %+v", s)
	}

	got, err := c.GetSession(ctx, s.ID, &authentication.GetSessionParams{SessionNonce: &nonce, SignicatAccountID: &account})
	if err != nil {
		t.Fatalf("GetSession: %v", err)
	}
	r = api.Last()
	if r.Method != "GET" || r.Path != "/auth/rest/sessions/"+s.ID || r.RawQuery != "sessionNonce=n%2B1%2F2&signicat-accountId=a-spge-ABC%20123" {
		t.Errorf("get = %s %s?%s", r.Method, r.Path, r.RawQuery)
	}
	if got.SessionNonce == nil || *got.SessionNonce != nonce {
		t.Errorf("sessionNonce = %v, want %q", got.SessionNonce, nonce)
	}

	if _, err := c.CancelSession(ctx, s.ID, &authentication.CancelSessionParams{SignicatAccountID: &account}); err != nil {
		t.Fatalf("CancelSession: %v", err)
	}
	r = api.Last()
	if r.Method != "POST" || r.Path != "/auth/rest/sessions/"+s.ID+"/cancel" || r.RawQuery != "signicat-accountId=a-spge-ABC%20123" || len(r.Body) != 0 {
		t.Errorf("cancel = %s %s?%s body %q", r.Method, r.Path, r.RawQuery, r.Body)
	}
	// A second cancel is refused in Signicat's error format.
	_, err = c.CancelSession(ctx, s.ID, nil)
	var apiErr *authentication.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || *apiErr.Model.(*authentication.Error).Code != "bad_request" {
		t.Errorf("second cancel: err = %v", err)
	}
	if n := tokens.TokenRequests(); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
	if h := tokens.Requests()[0].Header.Get("Authorization"); h != "" {
		t.Errorf("client_secret_post token request sent Authorization %q", h)
	}
}
