package fraud_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sigen-dev/sigen/generated/signet/fraud"
	"github.com/sigen-dev/sigen/internal/fakeapi"
	"github.com/sigen-dev/sigen/runtime/auth/authtest"
)

var epoch = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

const (
	apiKey    = "pk_test_5f1c2d"
	apiSecret = "sk_test_9a8b7c6d"
	user1     = "3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c"
)

type env struct {
	clock  *authtest.Clock
	tokens *authtest.Signet
	api    *fakeapi.SignetFraud
	client *fraud.Client
}

func setup(t *testing.T) *env {
	t.Helper()
	clock := authtest.NewClock(epoch)
	tokens := authtest.NewSignet(authtest.SignetConfig{APIKey: apiKey, APISecret: apiSecret, Clock: clock})
	t.Cleanup(tokens.Close)
	api := fakeapi.NewSignetFraud(tokens, fakeapi.WithClock(clock))
	t.Cleanup(api.Close)
	c, err := fraud.NewClient(
		fraud.WithBaseURL(api.BaseURL()),
		fraud.WithTokenURL(tokens.GenerateURL()),
		fraud.WithSignetCredentials(apiKey, apiSecret),
		fraud.WithClock(clock),
	)
	if err != nil {
		t.Fatal(err)
	}
	return &env{clock: clock, tokens: tokens, api: api, client: c}
}

func wire(t *testing.T, r fakeapi.Request, method, path, query, tok string) {
	t.Helper()
	if r.Method != method || r.Path != path || r.RawQuery != query {
		t.Errorf("request = %s %s?%s, want %s %s?%s", r.Method, r.Path, r.RawQuery, method, path, query)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+tok {
		t.Errorf("%s %s: Authorization = %q, want Bearer %s", method, path, got, tok)
	}
	if got := r.Header.Get("Accept"); got != "application/json" {
		t.Errorf("%s %s: Accept = %q", method, path, got)
	}
}

func assertAPIError(t *testing.T, err error, status int, field, code string) *fraud.Error {
	t.Helper()
	var apiErr *fraud.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T), want *fraud.APIError", err, err)
	}
	if apiErr.StatusCode != status {
		t.Errorf("status = %d, want %d (%v)", apiErr.StatusCode, status, err)
	}
	m, ok := apiErr.Model.(*fraud.Error)
	if !ok || m.Success || m.Errors[field].Code != code {
		t.Fatalf("Model = %#v, want *fraud.Error with errors.%s.code %q", apiErr.Model, field, code)
	}
	return m
}

// tokenBody decodes the JSON body of the i-th token request.
func tokenBody(t *testing.T, tokens *authtest.Signet, i int) (string, map[string]string) {
	t.Helper()
	reqs := tokens.Requests()
	if i >= len(reqs) {
		t.Fatalf("token request %d: only %d made", i, len(reqs))
	}
	var m map[string]string
	if err := json.Unmarshal(reqs[i].Body, &m); err != nil {
		t.Fatalf("token request %d body %q: %v", i, reqs[i].Body, err)
	}
	if ct := reqs[i].Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("token request %d Content-Type = %q", i, ct)
	}
	return reqs[i].Path, m
}

func ptr[T any](v T) *T { return &v }

func TestBlacklistEndToEnd(t *testing.T) {
	e := setup(t)
	ctx := context.Background()

	// createBlacklistEntry.
	created, err := e.client.CreateBlacklistEntry(ctx, fraud.BlacklistRequest{
		UserID:   user1,
		Reasons:  []string{"chargeback_abuse", "stolen_card"},
		Category: ptr(fraud.BlacklistCategoryPaymentFraud),
		Severity: ptr(fraud.SeverityHigh),
		Note:     ptr("Three chargebacks in 24 hours from different cards."),
	})
	if err != nil {
		t.Fatalf("CreateBlacklistEntry: %v", err)
	}
	r := e.api.Last()
	wire(t, r, "POST", "/fraud/v1/blacklist", "", "tok-1")
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if want := `{"category":"PAYMENT_FRAUD","note":"Three chargebacks in 24 hours from different cards.","reasons":["chargeback_abuse","stolen_card"],"severity":"HIGH","userId":"` + user1 + `"}`; string(r.Body) != want {
		t.Errorf("body\n got %s\nwant %s", r.Body, want)
	}
	if !created.Success || created.Data == nil || created.Data.Message != "User blacklisted successfully. Partner ID: "+fakeapi.DefaultPartnerID {
		t.Errorf("created = %+v", created)
	}
	path, body := tokenBody(t, e.tokens, 0)
	if path != "/dpop/v1/api/generate-token" || body["apiKey"] != apiKey || body["apiSecret"] != apiSecret || len(body) != 2 {
		t.Errorf("token request = %s %v, want generate-token {apiKey, apiSecret}", path, body)
	}

	// checkBlacklistStatus: PATCH without a body, as Signet documents it.
	st, err := e.client.CheckBlacklistStatus(ctx, user1)
	if err != nil {
		t.Fatalf("CheckBlacklistStatus: %v", err)
	}
	r = e.api.Last()
	wire(t, r, "PATCH", "/fraud/v1/blacklist/"+user1, "", "tok-1")
	if len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
		t.Errorf("check sent body %q, Content-Type %q", r.Body, r.Header.Get("Content-Type"))
	}
	reason, _ := st.Data.Reason.Get()
	at, _ := st.Data.BlacklistedAt.Get()
	if !st.Success || !st.Data.IsBlacklisted || reason != "chargeback_abuse, stolen_card" || !at.Equal(epoch) {
		t.Errorf("status = %+v (reason %q, at %v)", st, reason, at)
	}

	// checkBlacklistStatus of a user not blacklisted: nulls, not absent.
	other := "00000000-0000-4000-8000-0000000000aa"
	st, err = e.client.CheckBlacklistStatus(ctx, other)
	if err != nil {
		t.Fatalf("CheckBlacklistStatus(other): %v", err)
	}
	if st.Data.IsBlacklisted || !st.Data.Reason.IsNull() || !st.Data.BlacklistedAt.IsNull() {
		t.Errorf("status of a clean user = %+v", st.Data)
	}

	// The older single-reason form.
	if _, err := e.client.CreateBlacklistEntry(ctx, fraud.BlacklistRequest{UserID: other, Reason: ptr("Suspicious activity")}); err != nil {
		t.Fatalf("CreateBlacklistEntry(reason): %v", err)
	}
	if want := `{"reason":"Suspicious activity","userId":"` + other + `"}`; string(e.api.Last().Body) != want {
		t.Errorf("body = %s, want %s", e.api.Last().Body, want)
	}

	// listBlacklistedUsers.
	limit, offset := int32(1), int32(1)
	page, err := e.client.ListBlacklistedUsers(ctx, &fraud.ListBlacklistedUsersParams{Limit: &limit, Offset: &offset})
	if err != nil {
		t.Fatalf("ListBlacklistedUsers: %v", err)
	}
	wire(t, e.api.Last(), "GET", "/fraud/v1/blacklist/users", "limit=1&offset=1", "tok-1")
	if len(page.Data) != 1 || page.Data[0].UserID != other || page.Pagination == nil ||
		*page.Pagination.Total != 2 || *page.Pagination.HasMore || *page.Pagination.Offset != 1 {
		t.Errorf("page = %+v / %+v", page.Data, page.Pagination)
	}
	page, err = e.client.ListBlacklistedUsers(ctx, nil)
	if err != nil {
		t.Fatalf("ListBlacklistedUsers(nil): %v", err)
	}
	wire(t, e.api.Last(), "GET", "/fraud/v1/blacklist/users", "", "tok-1")
	first := page.Data[0]
	if len(page.Data) != 2 || first.ID == nil || first.UserID != user1 || *first.Category != fraud.BlacklistCategoryPaymentFraud ||
		*first.Severity != fraud.SeverityHigh || !slices.Equal(first.Reasons, []string{"chargeback_abuse", "stolen_card"}) ||
		!first.BlacklistedAt.Equal(epoch) || *first.Note != "Three chargebacks in 24 hours from different cards." {
		t.Errorf("first entry = %+v", first)
	}

	// removeBlacklistEntry, then again: 404 in Signet's envelope.
	removed, err := e.client.RemoveBlacklistEntry(ctx, user1)
	if err != nil {
		t.Fatalf("RemoveBlacklistEntry: %v", err)
	}
	wire(t, e.api.Last(), "DELETE", "/fraud/v1/blacklist/"+user1, "", "tok-1")
	if !removed.Success || removed.Data.Message != "User removed from blacklist successfully." {
		t.Errorf("removed = %+v", removed)
	}
	_, err = e.client.RemoveBlacklistEntry(ctx, user1)
	m := assertAPIError(t, err, http.StatusNotFound, "id", "not_found")
	if m.Message != "User is not blacklisted" {
		t.Errorf("message = %q", m.Message)
	}

	if g, r := e.tokens.GenerateRequests(), e.tokens.RefreshRequests(); g != 1 || r != 0 {
		t.Errorf("generate, refresh requests = %d, %d; want 1, 0 (one token for every call)", g, r)
	}
}

func TestListBlacklistedUsersAll(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	var want []string
	for i := range 5 {
		u := fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1)
		want = append(want, u)
		if _, err := e.client.CreateBlacklistEntry(ctx, fraud.BlacklistRequest{UserID: u, Reasons: []string{"bot"}}); err != nil {
			t.Fatal(err)
		}
	}
	walk := func(params *fraud.ListBlacklistedUsersParams) ([]string, []string) {
		t.Helper()
		before := e.api.Len()
		var users []string
		for entry, err := range e.client.ListBlacklistedUsersAll(ctx, params) {
			if err != nil {
				t.Fatalf("ListBlacklistedUsersAll: %v", err)
			}
			users = append(users, entry.UserID)
		}
		var queries []string
		for _, r := range e.api.Since(before) {
			wire(t, r, "GET", "/fraud/v1/blacklist/users", r.RawQuery, "tok-1")
			queries = append(queries, r.RawQuery)
		}
		return users, queries
	}

	// With a limit: pages by offset, and a short page ends the walk.
	limit := int32(2)
	users, queries := walk(&fraud.ListBlacklistedUsersParams{Limit: &limit})
	if !slices.Equal(users, want) {
		t.Errorf("users = %v, want %v", users, want)
	}
	if wantQ := []string{"limit=2", "limit=2&offset=2", "limit=2&offset=4"}; !slices.Equal(queries, wantQ) {
		t.Errorf("queries = %q, want %q", queries, wantQ)
	}

	// Without a limit, the server's default page holds all five and says
	// pagination.hasMore=false: the iterator stops without asking again.
	users, queries = walk(nil)
	if !slices.Equal(users, want) {
		t.Errorf("users = %v, want %v", users, want)
	}
	if wantQ := []string{""}; !slices.Equal(queries, wantQ) {
		t.Errorf("queries = %q, want %q", queries, wantQ)
	}

	// An error is yielded once and ends the walk.
	bad := int32(1000)
	n := 0
	for _, err := range e.client.ListBlacklistedUsersAll(ctx, &fraud.ListBlacklistedUsersParams{Limit: &bad}) {
		if err == nil {
			t.Fatal("want an error for limit=1000")
		}
		assertAPIError(t, err, http.StatusBadRequest, "limit", "invalid_value")
		n++
	}
	if n != 1 {
		t.Errorf("errors yielded = %d, want 1", n)
	}
}

func TestSignetTokenFlow(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	check := func(tok string) {
		t.Helper()
		if _, err := e.client.CheckBlacklistStatus(ctx, user1); err != nil {
			t.Fatalf("CheckBlacklistStatus: %v", err)
		}
		wire(t, e.api.Last(), "PATCH", "/fraud/v1/blacklist/"+user1, "", tok)
	}
	counts := func(wantGen, wantRef int) {
		t.Helper()
		if g, r := e.tokens.GenerateRequests(), e.tokens.RefreshRequests(); g != wantGen || r != wantRef {
			t.Errorf("generate, refresh requests = %d, %d; want %d, %d", g, r, wantGen, wantRef)
		}
	}

	// Generated once, reused.
	check("tok-1")
	check("tok-1")
	counts(1, 0)

	// After the access token's hour, it is renewed with the refresh token.
	e.clock.Advance(61 * time.Minute)
	check("tok-2")
	counts(1, 1)
	path, body := tokenBody(t, e.tokens, 1)
	if path != "/dpop/v1/api/refresh-token" || body["apiKey"] != apiKey || body["refreshToken"] != "rt-1" || len(body) != 2 {
		t.Errorf("refresh request = %s %v, want {apiKey, refreshToken: rt-1}", path, body)
	}

	// A revoked token gets Signet's success:false refusal; the request is
	// retried exactly once, with a refreshed token.
	e.tokens.Revoke("tok-2")
	before := e.api.Len()
	check("tok-3")
	reqs := e.api.Since(before)
	if len(reqs) != 2 || reqs[0].Status != http.StatusUnauthorized || reqs[1].Status != http.StatusOK {
		t.Fatalf("attempts = %d (%+v), want a 401 then a 200", len(reqs), reqs)
	}
	if got := reqs[0].Header.Get("Authorization"); got != "Bearer tok-2" {
		t.Errorf("refused attempt carried %q", got)
	}
	counts(1, 2)

	// Signet may refuse with another status: the success:false body with
	// errors.authorization is what marks the refusal.
	e.clock.Advance(time.Minute) // past the 5 s guard against refusal loops
	e.tokens.SetRefusalStatus(http.StatusForbidden)
	e.tokens.Revoke("tok-3")
	before = e.api.Len()
	check("tok-4")
	if reqs := e.api.Since(before); len(reqs) != 2 || reqs[0].Status != http.StatusForbidden {
		t.Errorf("attempts = %+v, want a 403 refusal then a retry", reqs)
	}
	counts(1, 3)

	// Once the refresh token (1 day) has expired too, a new token is
	// generated from the key and secret.
	e.clock.Advance(25 * time.Hour)
	check("tok-5")
	counts(2, 3)

	// A refusal that persists after the retry comes back as *APIError with
	// Signet's envelope decoded.
	e.clock.Advance(time.Minute)
	e.tokens.SetRefusalStatus(http.StatusUnauthorized)
	e.tokens.Revoke("tok-5")
	e.tokens.Script(authtest.Failure{Status: http.StatusOK, Body: `{"success":true,"message":"Access token generated successfully.","data":{"credentials":{"accessToken":"tok-5","refreshToken":"rt-x","tokenType":"Bearer"},"expiration":{"expiresIn":"1h","refreshExpiresIn":"1d"}}}`})
	before = e.api.Len()
	_, err := e.client.CheckBlacklistStatus(ctx, user1)
	m := assertAPIError(t, err, http.StatusUnauthorized, "authorization", "missing_header")
	if m.Message != "Authorization header missing or malformed" {
		t.Errorf("message = %q", m.Message)
	}
	if n := len(e.api.Since(before)); n != 2 {
		t.Errorf("attempts = %d, want 2 (exactly one retry)", n)
	}
}

func TestErrors(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	_, err := e.client.CreateBlacklistEntry(ctx, fraud.BlacklistRequest{UserID: user1, Category: ptr(fraud.BlacklistCategory("SPAM"))})
	m := assertAPIError(t, err, http.StatusBadRequest, "category", "invalid_value")
	if !strings.Contains(m.Errors["category"].Reason, "PAYMENT_FRAUD") || m.Message != "Validation failed" {
		t.Errorf("error = %+v", m)
	}

	// Wrong secret: the generate-token refusal is an error that never
	// contains the secret.
	c, err := fraud.NewClient(
		fraud.WithBaseURL(e.api.BaseURL()),
		fraud.WithTokenURL(e.tokens.GenerateURL()),
		fraud.WithSignetCredentials(apiKey, "sk_wrong_0000"),
		fraud.WithClock(e.clock),
	)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CheckBlacklistStatus(ctx, user1)
	if err == nil || strings.Contains(err.Error(), "sk_wrong_0000") || !strings.Contains(err.Error(), "generate-token") {
		t.Fatalf("err = %v, want a generate-token error without the secret", err)
	}
}

func TestCredentialsFromEnv(t *testing.T) {
	e := setup(t)
	t.Setenv("SIGNET_API_KEY", apiKey)
	t.Setenv("SIGNET_API_SECRET", apiSecret)
	c, err := fraud.NewClient(
		fraud.WithCredentialsFromEnv(),
		fraud.WithBaseURL(e.api.BaseURL()),
		fraud.WithTokenURL(e.tokens.GenerateURL()),
		fraud.WithClock(e.clock),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CheckBlacklistStatus(context.Background(), user1); err != nil {
		t.Fatalf("CheckBlacklistStatus: %v", err)
	}
	if _, body := tokenBody(t, e.tokens, 0); body["apiKey"] != apiKey || body["apiSecret"] != apiSecret {
		t.Errorf("generate-token body = %v, want the credentials from the environment", body)
	}

	// Without credentials, the call fails before anything is sent.
	t.Setenv("SIGNET_API_KEY", "")
	t.Setenv("SIGNET_API_SECRET", "")
	// NewClient fails, naming the variables.
	before := e.api.Len()
	_, err = fraud.NewClient(fraud.WithCredentialsFromEnv(), fraud.WithBaseURL(e.api.BaseURL()), fraud.WithTokenURL(e.tokens.GenerateURL()))
	if err == nil || !strings.Contains(err.Error(), "SIGNET_API_KEY") || !strings.Contains(err.Error(), "SIGNET_API_SECRET") {
		t.Errorf("NewClient err = %v, want one naming SIGNET_API_KEY and SIGNET_API_SECRET", err)
	}
	if e.api.Len() != before || e.tokens.TokenRequests() != 1 {
		t.Errorf("a request was sent without credentials")
	}
}
