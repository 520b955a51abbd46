package auth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
)

// defaultSignetRefusalCodes are the Signet errors.authorization.code values
// that mark an API response as a refused token.
var defaultSignetRefusalCodes = [...]string{"missing_header", "invalid_token", "token_expired", "expired_token"}

// maxSkew is the clock difference beyond which Signet's expiresAt is
// corrected by the response Date header.
const maxSkew = 5 * time.Second

// SignetConfig configures Signet's token flow: /dpop/v1/api/generate-token
// with the API key and secret, then /dpop/v1/api/refresh-token with the
// rotating refresh token. It prints no secret under any fmt verb.
type SignetConfig struct {
	// GenerateURL is the generate-token endpoint, such as
	// https://api.getsignet.xyz/dpop/v1/api/generate-token.
	GenerateURL string
	// RefreshURL is the refresh-token endpoint, such as
	// https://api.getsignet.xyz/dpop/v1/api/refresh-token.
	RefreshURL string
	// APIKey identifies the account.
	APIKey string
	// APISecret authenticates the account.
	APISecret Secret
	// RefusalCodes are the errors.authorization.code values of an API
	// response with "success": false that count as a refused token.
	// Nil means missing_header, invalid_token, token_expired and
	// expired_token; an empty slice leaves only status 401.
	RefusalCodes []string
}

// NewSignet returns a Cache that gets tokens from Signet: it refreshes with
// the refresh token while that has time left and falls back to exactly one
// generate-token call when refreshing fails. A Bearer scheme over the
// returned Cache also classifies Signet's "success": false bodies as token
// refusals.
func NewSignet(cfg SignetConfig, opts Options) (*Cache, error) {
	if _, err := checkEndpoint("generate-token URL", cfg.GenerateURL, opts.AllowInsecureHTTP); err != nil {
		return nil, err
	}
	if _, err := checkEndpoint("refresh-token URL", cfg.RefreshURL, opts.AllowInsecureHTTP); err != nil {
		return nil, err
	}
	if cfg.APIKey == "" {
		return nil, errors.New("auth: signet: empty API key")
	}
	opts = opts.withDefaults()
	client := tokenClient(opts.HTTPClient)
	gen := &endpoint{name: "generate-token", url: cfg.GenerateURL, client: client,
		clock: opts.Clock, logger: opts.Logger, parseError: parseSignetError}
	ref := &endpoint{name: "refresh-token", url: cfg.RefreshURL, client: client,
		clock: opts.Clock, logger: opts.Logger, parseError: parseSignetError}
	codes := slices.Clone(cfg.RefusalCodes)
	if codes == nil {
		codes = defaultSignetRefusalCodes[:]
	}
	key := cacheKey("signet", cfg.GenerateURL, cfg.RefreshURL, cfg.APIKey)

	call := func(ctx context.Context, ep *endpoint, body any, secret string) (Token, time.Time, time.Duration, error) {
		secrets := secretForms(secret)
		data, err := json.Marshal(body)
		if err != nil {
			return Token{}, time.Time{}, 0, &TokenError{Endpoint: ep.name, Err: err}
		}
		resp, err := ep.post(ctx, "application/json", data, nil, secrets)
		if err != nil {
			return Token{}, time.Time{}, 0, err
		}
		tok, l, err := parseSignetToken(resp)
		if err != nil {
			terr := &TokenError{Endpoint: ep.name, StatusCode: resp.status, RequestID: resp.requestID, Attempts: resp.attempts, Err: err}
			ep.fillError(terr, resp.body, secrets)
			return Token{}, time.Time{}, 0, terr
		}
		return tok, resp.sent, l, nil
	}
	grant := func(ctx context.Context, prev *Entry) (Token, time.Time, time.Duration, error) {
		if prev != nil && prev.RefreshToken != "" &&
			(prev.RefreshExpiry.IsZero() || opts.Clock.Now().Before(prev.RefreshExpiry.Add(-maxHardMargin))) {
			tok, sent, l, err := call(ctx, ref, struct {
				APIKey       string `json:"apiKey"`
				RefreshToken string `json:"refreshToken"`
			}{cfg.APIKey, prev.RefreshToken.Reveal()}, prev.RefreshToken.Reveal())
			if err == nil {
				return tok, sent, l, nil
			}
			opts.Logger.DebugContext(ctx, "auth: signet refresh failed; generating a new token", "err", err)
		}
		return call(ctx, gen, struct {
			APIKey    string `json:"apiKey"`
			APISecret string `json:"apiSecret"`
		}{cfg.APIKey, cfg.APISecret.Reveal()}, cfg.APISecret.Reveal())
	}
	c := newCache(key, grant, opts)
	gen.rand = func() float64 { return c.rand() }
	ref.rand = gen.rand
	c.refusal = func(body []byte) bool {
		var r signetResponse
		if json.Unmarshal(body, &r) != nil || r.Success == nil || *r.Success {
			return false
		}
		a, ok := r.Errors["authorization"]
		return ok && slices.Contains(codes, a.Code)
	}
	return c, nil
}

// signetResponse is the envelope of every Signet answer.
type signetResponse struct {
	Success *bool  `json:"success"`
	Message string `json:"message"`
	Data    struct {
		Credentials struct {
			AccessToken  string `json:"accessToken"`
			RefreshToken string `json:"refreshToken"`
			TokenType    string `json:"tokenType"`
		} `json:"credentials"`
		Expiration signetExpiration `json:"expiration"`
	} `json:"data"`
	Errors map[string]struct {
		Code   string `json:"code"`
		Reason string `json:"reason"`
	} `json:"errors"`
}

// signetExpiration is Signet's data.expiration object.
type signetExpiration struct {
	ExpiresIn        json.RawMessage `json:"expiresIn"`
	ExpiresAt        string          `json:"expiresAt"`
	RefreshExpiresIn json.RawMessage `json:"refreshExpiresIn"`
}

// parseSignetToken validates a 2xx Signet token response and
// computes the lifetime and refresh expiry.
func parseSignetToken(resp *response) (Token, time.Duration, error) {
	var r signetResponse
	if err := json.Unmarshal(resp.body, &r); err != nil {
		return Token{}, 0, errors.New("malformed token response")
	}
	if r.Success != nil && !*r.Success {
		return Token{}, 0, errors.New(`token response has "success": false`)
	}
	cr := r.Data.Credentials
	if cr.AccessToken == "" {
		return Token{}, 0, errors.New("token response has no accessToken")
	}
	typ, err := normalizeTokenType(cr.TokenType)
	if err != nil {
		return Token{}, 0, err
	}
	tok := Token{AccessToken: Secret(cr.AccessToken), TokenType: typ, RefreshToken: Secret(cr.RefreshToken)}
	x := r.Data.Expiration
	if d, ok := parseSignetDurationJSON(x.RefreshExpiresIn); ok && d > 0 {
		tok.RefreshExpiry = resp.sent.Add(d)
	}
	return tok, signetLifetime(x, resp.sent, resp.recv, resp.header.Get("Date")), nil
}

// signetLifetime returns the lifetime granted by x, counted from sent:
// expiresIn if it parses; expiresAt converted to local time (corrected by the
// skew of the Date header when it exceeds 5 s) if only it parses; the
// earlier of the two if both do; 0 (the 60 s default) if neither does.
func signetLifetime(x signetExpiration, sent, recv time.Time, date string) time.Duration {
	l, ok := parseSignetDurationJSON(x.ExpiresIn)
	if ok && l <= 0 {
		ok = false
	}
	at, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(x.ExpiresAt))
	if err != nil {
		if ok {
			return l
		}
		return 0
	}
	if srv, err := http.ParseTime(date); err == nil {
		if skew := srv.Sub(recv.Round(0)); skew.Abs() > maxSkew {
			at = at.Add(-skew)
		}
	}
	la := at.Sub(sent.Round(0))
	if !ok || la < l {
		return la
	}
	return l
}

// parseSignetDurationJSON parses a Signet duration given as a JSON string
// or a JSON number of seconds.
func parseSignetDurationJSON(raw json.RawMessage) (time.Duration, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return parseSignetDuration(s)
	}
	return parseExpiresIn(raw)
}

// parseSignetError fills e from a Signet failure body.
func parseSignetError(e *TokenError, body []byte) {
	var r signetResponse
	if json.Unmarshal(body, &r) != nil {
		return
	}
	e.Message = r.Message // scrubbed and bounded by fillError
	keys := make([]string, 0, len(r.Errors))
	for k := range r.Errors {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// errors.authorization comes first: it is what refusals are about.
	if i := slices.Index(keys, "authorization"); i > 0 {
		keys = slices.Insert(slices.Delete(keys, i, i+1), 0, "authorization")
	}
	for _, k := range keys {
		if c := r.Errors[k].Code; c != "" {
			e.Codes = append(e.Codes, c)
		}
	}
	if len(e.Codes) > 0 {
		e.Code = e.Codes[0]
	}
}
