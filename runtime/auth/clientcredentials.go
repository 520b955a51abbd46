package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// AuthStyle is how a client authenticates to an OAuth2 token endpoint. It is
// always explicit: a failed fetch is exactly one HTTP request.
type AuthStyle int

const (
	// ClientSecretBasic sends the form-encoded client id and secret in an
	// HTTP Basic Authorization header (RFC 6749 §2.3.1).
	ClientSecretBasic AuthStyle = iota
	// ClientSecretPost sends client_id and client_secret as form fields.
	ClientSecretPost
)

// String returns the OAuth2 name of the style.
func (s AuthStyle) String() string {
	switch s {
	case ClientSecretBasic:
		return "client_secret_basic"
	case ClientSecretPost:
		return "client_secret_post"
	}
	return "AuthStyle(" + fmt.Sprint(int(s)) + ")"
}

// ClientCredentialsConfig configures the OAuth2 client credentials grant,
// as Signicat's token endpoint speaks it
// (https://api.signicat.com/auth/open/connect/token, scope "signicat-api").
// It prints no secret under any fmt verb.
type ClientCredentialsConfig struct {
	// TokenURL is the token endpoint. It must be https unless it is a
	// loopback host or Options.AllowInsecureHTTP is set.
	TokenURL string
	// ClientID identifies the client.
	ClientID string
	// ClientSecret authenticates the client.
	ClientSecret Secret
	// Scopes are sent space-separated in the "scope" field; none sends no
	// scope field. Signicat requires "signicat-api".
	Scopes []string
	// AuthStyle chooses how the secret is sent.
	AuthStyle AuthStyle
	// EndpointParams are extra form fields sent with every token request.
	// They are part of the cache key and must not hold secrets.
	EndpointParams url.Values
}

// NewClientCredentials returns a Cache that gets tokens with the OAuth2
// client credentials grant. It sends nothing until the first Token call.
func NewClientCredentials(cfg ClientCredentialsConfig, opts Options) (*Cache, error) {
	if _, err := checkEndpoint("token URL", cfg.TokenURL, opts.AllowInsecureHTTP); err != nil {
		return nil, err
	}
	if cfg.ClientID == "" {
		return nil, errors.New("auth: client credentials: empty client id")
	}
	if cfg.AuthStyle != ClientSecretBasic && cfg.AuthStyle != ClientSecretPost {
		return nil, fmt.Errorf("auth: client credentials: unknown auth style %d", int(cfg.AuthStyle))
	}
	opts = opts.withDefaults()

	form := url.Values{}
	for k, v := range cfg.EndpointParams {
		form[k] = slices.Clone(v)
	}
	form.Set("grant_type", "client_credentials")
	if len(cfg.Scopes) > 0 {
		form.Set("scope", strings.Join(cfg.Scopes, " "))
	}
	var setAuth func(*http.Request)
	// RFC 6749 §2.3.1: id and secret are form-encoded before Basic. Both
	// Basic forms are scrubbed whatever the style: an echoing endpoint or
	// proxy may print either.
	cred := url.QueryEscape(cfg.ClientID) + ":" + url.QueryEscape(cfg.ClientSecret.Reveal())
	b64 := base64.StdEncoding.EncodeToString([]byte(cred))
	secrets := append(secretForms(cfg.ClientSecret.Reveal()), b64, base64.StdEncoding.EncodeToString([]byte(cfg.ClientID+":"+cfg.ClientSecret.Reveal())))
	switch cfg.AuthStyle {
	case ClientSecretBasic:
		header := "Basic " + b64
		setAuth = func(r *http.Request) { r.Header.Set("Authorization", header) }
	case ClientSecretPost:
		form.Set("client_id", cfg.ClientID)
		form.Set("client_secret", cfg.ClientSecret.Reveal())
	}
	body := []byte(form.Encode())

	ep := &endpoint{
		name:       "token",
		url:        cfg.TokenURL,
		client:     tokenClient(opts.HTTPClient),
		clock:      opts.Clock,
		logger:     opts.Logger,
		parseError: parseOAuthError,
	}
	sorted := slices.Clone(cfg.Scopes)
	slices.Sort(sorted)
	key := cacheKey("oauth2-client-credentials", cfg.TokenURL, cfg.ClientID,
		strings.Join(sorted, " "), cfg.AuthStyle.String(), cfg.EndpointParams.Encode())

	grant := func(ctx context.Context, _ *Entry) (Token, time.Time, time.Duration, error) {
		resp, err := ep.post(ctx, "application/x-www-form-urlencoded", body, setAuth, secrets)
		if err != nil {
			return Token{}, time.Time{}, 0, err
		}
		tok, l, err := parseOAuthToken(resp.body)
		if err != nil {
			terr := &TokenError{Endpoint: ep.name, StatusCode: resp.status, RequestID: resp.requestID, Attempts: resp.attempts, Err: err}
			ep.fillError(terr, resp.body, secrets)
			return Token{}, time.Time{}, 0, terr
		}
		return tok, resp.sent, l, nil
	}
	c := newCache(key, grant, opts)
	ep.rand = func() float64 { return c.rand() }
	return c, nil
}

// oauthResponse is an RFC 6749 §5.1 token response or §5.2 error response.
type oauthResponse struct {
	AccessToken      string          `json:"access_token"`
	TokenType        string          `json:"token_type"`
	ExpiresIn        json.RawMessage `json:"expires_in"`
	RefreshToken     string          `json:"refresh_token"`
	Error            string          `json:"error"`
	ErrorDescription string          `json:"error_description"`
}

// parseOAuthToken validates a 2xx token response. The returned
// lifetime is before clamping (0 if absent or unparsable).
func parseOAuthToken(body []byte) (Token, time.Duration, error) {
	var r oauthResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return Token{}, 0, errors.New("malformed token response")
	}
	if r.Error != "" {
		return Token{}, 0, fmt.Errorf("token response carries error %q", sanitize(r.Error))
	}
	if r.AccessToken == "" {
		return Token{}, 0, errors.New("token response has no access_token")
	}
	typ, err := normalizeTokenType(r.TokenType)
	if err != nil {
		return Token{}, 0, err
	}
	l, _ := parseExpiresIn(r.ExpiresIn)
	return Token{AccessToken: Secret(r.AccessToken), TokenType: typ, RefreshToken: Secret(r.RefreshToken)}, l, nil
}

// parseOAuthError fills e from an RFC 6749 §5.2 error body.
func parseOAuthError(e *TokenError, body []byte) {
	var r oauthResponse
	if json.Unmarshal(body, &r) != nil {
		return
	}
	e.Code = r.Error // scrubbed and bounded by fillError
	e.Description = r.ErrorDescription
}

// normalizeTokenType accepts "" and any case of "bearer" as "Bearer" and
// refuses every other type.
func normalizeTokenType(t string) (string, error) {
	if t == "" || strings.EqualFold(t, "bearer") {
		return "Bearer", nil
	}
	return "", fmt.Errorf("unsupported token type %q", sanitize(t))
}
